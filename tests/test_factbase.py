"""Finding, reading and validating a fact base; where each key stands."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

from cnii import factbase
from cnii.errors import FormulaError, SchemaError

from .conftest import SMALL


def test_locate_prefers_the_given_path_then_the_current_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert factbase.locate("x.toml") == (Path("x.toml"), "x.toml")
    embedded, name = factbase.locate(None)
    assert embedded.name == "facts.toml" and embedded.parent.name == "cnii"
    assert name == str(embedded)
    (tmp_path / "facts.toml").write_text(SMALL, encoding="utf-8")
    assert factbase.locate(None) == (Path("facts.toml"), "facts.toml")


TEXT = textwrap.dedent("""\
    [claims.sales]
    printed = "12"
    value = "12 USD"

    [claims."quoted.key"]
    value = "1 USD"
    [ derivations . total ]
    formula = '''
      sales
    '''
""")


@pytest.mark.parametrize(
    ("key", "line"),
    [
        ("claims.sales", 1),
        ("claims.sales.value", 3),
        ("claims.sales.period", 1),  # not there: the nearest table
        ("claims.quoted.key", 5),
        ("derivations.total", 7),
        ("derivations.total.formula", 8),
        ("nowhere", None),
    ],
)
def test_every_key_has_its_line(key: str, line: int | None) -> None:
    assert factbase.line_of(factbase.key_lines(TEXT), key) == line


def test_table_lines_find_headers_quickly() -> None:
    assert factbase.table_lines(TEXT) == {
        "claims.sales": 1,
        "claims.quoted.key": 5,
        "derivations.total": 7,
    }


def test_errors_are_placed_in_the_file() -> None:
    fact_base = factbase.parse(textwrap.dedent(SMALL), "f.toml")
    error = fact_base.error(FormulaError, "bad", "checks.sales_match.left")
    assert str(error) == "f.toml:36: checks.sales_match.left: bad"
    assert fact_base.kind_of("eur_usd") == "references"
    assert fact_base.kind_of("nope") is None


def test_ids_are_unique_across_kinds() -> None:
    text = (
        textwrap.dedent(SMALL) + '[checks.sales]\nleft = "sales"\nright = "sales"\n'
        'statement = "s"\n'
    )
    with pytest.raises(SchemaError) as caught:
        factbase.parse(text, "f.toml")
    assert str(caught.value) == (
        "f.toml:39: checks.sales: id 'sales' is already used by claims.sales"
    )


def test_a_fact_base_without_checks_loads() -> None:
    """Only cnii check needs checks: coverage and derive work without."""
    fact_base = factbase.parse('[units]\nstore = "count"\n', "f.toml")
    assert fact_base.checks == {} and fact_base.units == {"store": "count"}
