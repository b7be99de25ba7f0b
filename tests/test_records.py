"""Records: what each field accepts, and what a whole entry must hold."""

from __future__ import annotations

import datetime

import pytest

from cnii.errors import SchemaError
from cnii.records import (
    LINE,
    Check,
    Choice,
    DateText,
    Kind,
    Lines,
    Reference,
    Verdict,
    record,
)


@pytest.mark.parametrize(
    ("kind", "value", "stored"),
    [
        (LINE, "one line", "one line"),
        (DateText(), datetime.date(2024, 12, 31), "2024-12-31"),
        (DateText(), "end of 2024", "end of 2024"),
        (Lines(), ["a", "b"], ("a", "b")),
        (Choice(("equal", "at_most")), "at_most", "at_most"),
    ],
)
def test_kinds_accept(kind: Kind, value: object, stored: object) -> None:
    assert kind.check(value) == stored


@pytest.mark.parametrize(
    ("kind", "value", "message"),
    [
        (LINE, "", "must not be empty"),
        (LINE, "a\nb", "must be a single line"),
        (LINE, "x" * 501, "is longer than 500 characters"),
        (LINE, 3, "must be a string, not an integer"),
        (Lines(), ["a", ""], "item 2 must not be empty"),
        (Lines(), "a", "must be an array of strings, not a string"),
        (
            Choice(("equal", "at_most")),
            "at_mots",
            "'at_mots' is not allowed (did you mean 'at_most'? one of 'equal', 'at_most')",
        ),
        (Choice(("equal", "at_most")), "zzz", "'zzz' is not allowed (one of 'equal', 'at_most')"),
    ],
)
def test_kinds_refuse(kind: Kind, value: object, message: str) -> None:
    with pytest.raises(ValueError) as caught:
        kind.check(value)
    assert str(caught.value) == message


def test_a_record_names_the_field_at_fault() -> None:
    with pytest.raises(SchemaError) as caught:
        record(Check, {"left": "a", "right": "b", "statment": "s"}, "checks.c")
    assert (caught.value.entry, caught.value.message) == (
        "checks.c.statment",
        "unknown field (did you mean 'statement'?)",
    )
    with pytest.raises(SchemaError) as caught:
        record(Check, {"left": "a", "statement": "s"}, "checks.c")
    assert (caught.value.entry, caught.value.message) == (
        "checks.c.right",
        "missing required field",
    )


@pytest.mark.parametrize(
    ("fields", "problem"),
    [
        ({"value": "1 USD"}, "a confirmed reference needs the date of its source"),
        (
            {"status": "unconfirmed", "unit": "USD"},
            "an unconfirmed reference needs a note saying what is unconfirmed",
        ),
        ({"status": "unconfirmed", "note": "n"}, "a reference without a value needs a unit"),
        (
            {"value": "1 USD", "unit": "USD", "date": "2024"},
            "give the unit inside the value, not as a separate unit",
        ),
    ],
)
def test_reference_rules(fields: dict[str, str], problem: str) -> None:
    with pytest.raises(SchemaError) as caught:
        record(Reference, {"statement": "s", "source": "src", **fields}, "references.r")
    assert (caught.value.entry, caught.value.message) == ("references.r", problem)


def test_a_check_expects_one_of_the_verdicts() -> None:
    assert record(Check, {"left": "a", "right": "b", "statement": "s"}, "c").expect == (
        Verdict.CONSISTENT
    )
    with pytest.raises(SchemaError, match="needs a 'why'"):
        record(Check, {"left": "a", "right": "b", "statement": "s", "expect": "inconsistent"}, "c")


def test_arrays_of_items_and_rates_are_bounded() -> None:
    assert len(Lines().check(["x"] * 1000)) == 1000
    with pytest.raises(ValueError, match="has more than 1000 items"):
        Lines().check(["x"] * 1001)
    with pytest.raises(SchemaError) as caught:
        record(Check, {"left": "a", "right": "b", "statement": "s", "rates": ["r"] * 1001}, "c")
    assert (caught.value.entry, caught.value.message) == ("c.rates", "has more than 1000 items")
