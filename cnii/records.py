"""The fact base's records, and the checks that turn parsed TOML into them.

Each record is a frozen record (cnii/frozen.py) whose fields say what kind of value they
take (one line of text, a date, one of some words, ...). One function checks
a TOML table against a record class: unknown fields, missing fields, wrong
types and bad values are errors that name the entry and the field.

Deliberately small rather than pydantic models: building their schemas cost
12 ms of every start-up (measured), and the messages are ours to word.
"""

from __future__ import annotations

import datetime
import enum
import re
from collections.abc import Mapping
from typing import Any, ClassVar, NoReturn, TypeVar

from cnii.errors import (
    LAYOUT_CHARACTERS,
    UNPRINTABLE,
    Collector,
    SchemaError,
    did_you_mean,
    printable,
)
from cnii.frozen import field, fields, frozen

KINDS = ("claims", "references", "derivations", "checks")


class Bound(enum.Enum):
    """What a qualifier says about where the true value lies."""

    ROUNDED = "rounded"
    ABOVE = "above"
    AT_LEAST = "at least"
    BELOW = "below"
    AT_MOST = "at most"
    NEARLY = "nearly"  # just under: the lower half of the rounding interval, up to x
    EXACT = "exact"


QUALIFIERS: dict[str, Bound] = {
    "": Bound.ROUNDED,
    "about": Bound.ROUNDED,
    "approximately": Bound.ROUNDED,
    "around": Bound.ROUNDED,
    "roughly": Bound.ROUNDED,
    "over": Bound.ABOVE,
    "more than": Bound.ABOVE,
    "exceeding": Bound.ABOVE,
    "above": Bound.ABOVE,
    "at least": Bound.AT_LEAST,
    "no less than": Bound.AT_LEAST,
    "under": Bound.BELOW,
    "less than": Bound.BELOW,
    "below": Bound.BELOW,
    "at most": Bound.AT_MOST,
    "no more than": Bound.AT_MOST,
    "up to": Bound.AT_MOST,
    "nearly": Bound.NEARLY,
    "almost": Bound.NEARLY,
    "exactly": Bound.EXACT,
}

ROUNDINGS = ("half-up", "down", "up", "exact")

# What no string of a fact base may hold: control characters (a multi-line
# formula may hold tabs and line breaks), and the bidirectional formatting
# characters that can make a terminal show text other than what it is.
_CONTROL = UNPRINTABLE
_CONTROL_IN_TEXT = re.compile(f"[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f-\\x9f{LAYOUT_CHARACTERS}]")
MAX_UNITS = 1000


class Verdict(enum.StrEnum):
    """What a check finds; a check's ``expect`` is one of these."""

    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


RELATIONS = ("equal", "at_most", "at_least")
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")

_TYPE_NAMES = {
    str: "a string",
    int: "an integer",
    float: "a number",
    bool: "true or false",
    dict: "a table",
    list: "an array",
    datetime.date: "a date",
    datetime.datetime: "a date and time",
    datetime.time: "a time",
}


def type_name(value: object) -> str:
    return _TYPE_NAMES.get(type(value), type(value).__name__)


class Kind:
    """What one field accepts; ``check`` returns the value to store or raises
    ValueError with the reason, and ``schema`` says the same in JSON Schema."""

    def check(self, value: object) -> object:
        raise NotImplementedError

    def schema(self) -> dict[str, Any]:
        raise NotImplementedError


@frozen(slots=False)
class Line(Kind):
    """Non-empty text on one line: statements are printed in tables."""

    limit: int = 500
    one_line: bool = True

    def check(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {type_name(value)}")
        if not value.strip():
            raise ValueError("must not be empty")
        if len(value) > self.limit:
            raise ValueError(f"is longer than {self.limit} characters")
        if self.one_line and ("\n" in value or "\r" in value):
            raise ValueError("must be a single line")
        # isprintable() is false for every character the patterns refuse: a
        # quick test first, as a fact base holds tens of thousands of strings.
        control = (
            None
            if value.isprintable()
            else (_CONTROL if self.one_line else _CONTROL_IN_TEXT).search(value)
        )
        if control:
            raise ValueError(f"must not contain control characters ({printable(control.group())})")
        return value

    def schema(self) -> dict[str, Any]:
        banned = _CONTROL.pattern if self.one_line else _CONTROL_IN_TEXT.pattern
        pattern = f"^(?![\\s\\S]*{banned})[\\s\\S]*\\S"
        return {"type": "string", "maxLength": self.limit, "pattern": pattern}


class DateText(Kind):
    """A TOML date, or text such as "2024" or "end of 2024"."""

    def check(self, value: object) -> str:
        if isinstance(value, datetime.date) and not isinstance(value, datetime.datetime):
            return value.isoformat()
        return LINE.check(value)

    def schema(self) -> dict[str, Any]:
        # TOML dates reach a JSON Schema as strings with format "date".
        return {**LINE.schema(), "description": "a date, or text such as 'end of 2024'"}


@frozen(slots=False)
class Choice(Kind):
    words: tuple[str, ...]

    def check(self, value: object) -> str:
        if not isinstance(value, str):
            raise ValueError(f"must be a string, not {type_name(value)}")
        if value not in self.words:
            hint = did_you_mean(value, self.words).strip(" ()")
            choices = ", ".join(repr(w) for w in self.words)
            hint += " " if hint else ""
            raise ValueError(f"{value[:40]!r} is not allowed ({hint}one of {choices})")
        return value

    def schema(self) -> dict[str, Any]:
        return {"enum": list(self.words)}


class Flag(Kind):
    """true or false."""

    def check(self, value: object) -> bool:
        if not isinstance(value, bool):
            raise ValueError(f"must be true or false, not {type_name(value)}")
        return value

    def schema(self) -> dict[str, Any]:
        return {"type": "boolean"}


class Lines(Kind):
    """An array of one-line strings, kept as a tuple."""

    limit = 1000

    def check(self, value: object) -> tuple[str, ...]:
        if not isinstance(value, list):
            raise ValueError(f"must be an array of strings, not {type_name(value)}")
        if len(value) > self.limit:
            raise ValueError(f"has more than {self.limit} items")
        items = []
        for number, item in enumerate(value, 1):
            try:
                items.append(LINE.check(item))
            except ValueError as error:
                raise ValueError(f"item {number} {error}") from None
        return tuple(items)

    def schema(self) -> dict[str, Any]:
        return {"type": "array", "items": LINE.schema(), "maxItems": self.limit}


LINE, TEXT = Line(), Line(limit=2000, one_line=False)


def _field(kind: Kind, *default: object) -> Any:
    """A field that takes ``kind``; required unless given a default."""
    if default:
        return field(default=default[0], metadata={"kind": kind})
    return field(metadata={"kind": kind})


class Record:
    """Base of the records: ``broken_rule`` says what a whole entry gets wrong,
    and ``RULES`` says the same in JSON Schema."""

    RULES: ClassVar[list[dict[str, Any]]] = []

    def broken_rule(self) -> str | None:
        return None


@frozen(kw_only=True)
class Article(Record):
    """What the fact base is about."""

    title: str = _field(LINE)
    date: str = _field(DateText())
    source: str | None = _field(LINE, None)


@frozen(kw_only=True)
class Claim(Record):
    """A number as the article states it."""

    printed: str = _field(LINE)
    value: str = _field(LINE)
    qualifier: str = _field(Choice(tuple(QUALIFIERS)), "")
    period: str = _field(DateText())
    statement: str = _field(LINE)
    rounding: str | None = _field(Choice(ROUNDINGS), None)
    precision: str | None = _field(LINE, None)
    tolerance: str | None = _field(LINE, None)
    items: tuple[str, ...] | None = _field(Lines(), None)
    unchecked: str | None = _field(LINE, None)  # why no check uses it


# A reference's status: whether it is confirmed at all, and its vintage. All
# but "unconfirmed" are used as numbers; a check that rests on a forecast, or
# on a figure that another reference ``replaces``, is flagged as such.
LOOKUPS = ("ecb",)  # the sources cnii looks figures up in, offline
STATISTICS = ("mean", "range")  # a lookup over a period: its average, or lowest to highest
STATUSES = ("confirmed", "unconfirmed", "preliminary", "final", "revised", "forecast")


@frozen(kw_only=True)
class Reference(Record):
    """A trusted figure from elsewhere, with its source and date."""

    statement: str = _field(LINE)
    source: str | None = _field(LINE, None)  # required unless cnii looks the figure up
    date: str | None = _field(DateText(), None)
    period: str | None = _field(DateText(), None)
    value: str | None = _field(LINE, None)
    unit: str | None = _field(LINE, None)
    status: str = _field(Choice(STATUSES), "confirmed")
    replaces: str | None = _field(LINE, None)
    note: str | None = _field(LINE, None)
    url: str | None = _field(LINE, None)
    rounding: str | None = _field(Choice(ROUNDINGS), None)
    precision: str | None = _field(LINE, None)
    unchecked: str | None = _field(LINE, None)  # why no check uses it
    # a figure cnii looks up (cnii/lookups.py): its source and series; the
    # date (or for an average, the period) says which figure
    lookup: str | None = _field(Choice(LOOKUPS), None)
    series: str | None = _field(LINE, None)
    # what one figure of a period's fixings is: their mean, or their range
    statistic: str | None = _field(Choice(STATISTICS), None)

    RULES: ClassVar[list[dict[str, Any]]] = [
        {
            "if": {"required": ["lookup"]},
            "then": {
                "required": ["series"],
                "oneOf": [{"required": ["date"]}, {"required": ["period"]}],
                "dependentRequired": {"statistic": ["period"]},
                "not": {
                    "anyOf": [
                        {"required": [name]}
                        for name in ("value", "unit", "source", "precision", "rounding")
                    ]
                },
            },
            "else": {
                "required": ["source"],
                "not": {
                    "anyOf": [
                        {"required": ["series"]},
                        {"required": ["statistic"]},
                        {"required": ["value", "unit"]},
                    ]
                },
                "anyOf": [{"required": ["value"]}, {"required": ["unit"]}],
                "if": {"properties": {"status": {"const": "unconfirmed"}}, "required": ["status"]},
                "then": {"required": ["note"]},
                "else": {"required": ["value", "date"]},
            },
        },
    ]

    def broken_rule(self) -> str | None:
        if self.lookup is not None:
            return self._lookup_rule()
        if self.source is None:
            return "a reference needs a source (or a lookup that names one)"
        if self.series is not None or self.statistic is not None:
            named = "series" if self.series is not None else "statistic"
            return f'a {named} is looked up: say where, with lookup = "ecb"'
        if self.status == "confirmed" and self.value is None:
            return "a confirmed reference needs a value"
        if self.status == "confirmed" and self.date is None:
            return "a confirmed reference needs the date of its source"
        if self.status == "unconfirmed" and self.note is None:
            return "an unconfirmed reference needs a note saying what is unconfirmed"
        if self.value is None and self.unit is None:
            return "a reference without a value needs a unit"
        if self.value is not None and self.unit is not None:
            return "give the unit inside the value, not as a separate unit"
        return None

    def _lookup_rule(self) -> str | None:
        if self.series is None:
            return f"a {self.lookup} lookup needs a series, such as 'USD/CNY'"
        if (self.date is None) == (self.period is None):
            return "a lookup needs a date (the rate of that day) or a period (its average)"
        if self.statistic is not None and self.period is None:
            return "a statistic is of a period's rates: give the period, not a date"
        for name in ("value", "unit", "source", "precision", "rounding"):
            if getattr(self, name) is not None:
                return f"a lookup fills its {name}: leave it out"
        return None


@frozen(kw_only=True)
class Derivation(Record):
    """A named value computed from other entries by a formula."""

    formula: str = _field(TEXT)
    statement: str = _field(LINE)
    unit: str | None = _field(LINE, None)
    unchecked: str | None = _field(LINE, None)  # why no check uses it


@frozen(kw_only=True)
class Check(Record):
    """A relation that must hold between two values."""

    left: str = _field(TEXT)
    right: str = _field(TEXT)
    statement: str = _field(LINE)
    relation: str = _field(Choice(RELATIONS), "equal")
    expect: str = _field(Choice(tuple(v.value for v in Verdict)), "consistent")
    why: str | None = _field(LINE, None)
    unit: str | None = _field(LINE, None)
    rates: tuple[str, ...] | None = _field(Lines(), None)
    # made by cnii draft and not reviewed yet: its verdict is shown, it fails
    # no gate but a strict one, and a person accepts it by deleting the flag
    proposed: bool = _field(Flag(), False)

    RULES: ClassVar[list[dict[str, Any]]] = [
        {
            "if": {
                "properties": {"expect": {"enum": ["inconsistent", "unverifiable"]}},
                "required": ["expect"],
            },
            "then": {"required": ["why"]},
        },
    ]

    def broken_rule(self) -> str | None:
        if self.expect != "consistent" and self.why is None:
            return f"a check expected to be {self.expect} needs a 'why'"
        return None


R = TypeVar("R", bound=Record)
TABLES = ("article", "units", *KINDS)


def record(cls: type[R], raw: object, where: str) -> R:
    """A record of ``cls`` from a TOML table, or SchemaError naming the field."""
    if not isinstance(raw, dict):
        raise SchemaError(f"must be a table, not {type_name(raw)}", entry=where)
    fields = _fields(cls)
    values: dict[str, object] = {}
    try:  # in the order written: an entry is checked once, field by field
        for key, item in raw.items():
            values[key] = fields[key][0].check(item)
        complete = _REQUIRED[cls] <= values.keys()
    except (KeyError, ValueError):  # an unknown field or a bad value
        complete = False
    if not complete:
        _refuse(cls, raw, fields, where)
    result = cls(**values)
    problem = result.broken_rule()
    if problem:
        raise SchemaError(problem, entry=where)
    return result


def _refuse(
    cls: type[Record], raw: dict[str, object], fields: dict[str, tuple[Kind, bool]], where: str
) -> NoReturn:
    """The first thing wrong with an entry: an unknown field, else the first
    field in the class's order that is missing or does not check."""
    for key in raw:
        if key not in fields:
            raise SchemaError("unknown field" + did_you_mean(key, fields), entry=f"{where}.{key}")
    for name, (kind, required) in fields.items():
        if name in raw:
            try:
                kind.check(raw[name])
            except ValueError as error:
                raise SchemaError(str(error), entry=f"{where}.{name}") from None
        elif required:
            raise SchemaError("missing required field", entry=f"{where}.{name}")
    raise AssertionError(f"{where}: no field is wrong")  # pragma: no cover


_FIELDS: dict[type[Record], dict[str, tuple[Kind, bool]]] = {}


_REQUIRED: dict[type[Record], frozenset[str]] = {}


def _fields(cls: type[Record]) -> dict[str, tuple[Kind, bool]]:
    """Each field's kind and whether it is required, read once per class."""
    if cls not in _FIELDS:
        _FIELDS[cls] = {f.name: (f.metadata["kind"], f.required) for f in fields(cls)}
        _REQUIRED[cls] = frozenset(name for name, (_, need) in _FIELDS[cls].items() if need)
    return _FIELDS[cls]


def entries(
    raw: Mapping[str, object], kind: str, cls: type[R], errors: Collector | None = None
) -> dict[str, R]:
    """The records of one kind (``claims``, ...), with their ids checked. With
    ``errors``, each broken entry's error is collected and the entry left out."""
    table = raw.get(kind, {})
    if not isinstance(table, dict):
        raise SchemaError(f"must be a table of entries, not {type_name(table)}", entry=kind)
    result = {}
    for entry_id, entry in table.items():
        where = f"{kind}.{entry_id}"
        try:
            if not ID_PATTERN.fullmatch(entry_id):
                raise SchemaError(
                    "an id must be 1 to 64 lowercase letters, digits and _, starting with a letter",
                    entry=where,
                )
            result[entry_id] = record(cls, entry, where)
        except SchemaError as error:
            if errors is None:
                raise
            errors.add(error)
    return result


def units_table(raw: Mapping[str, object]) -> dict[str, str]:
    table = raw.get("units", {})
    if not isinstance(table, dict):
        raise SchemaError(f"must be a table, not {type_name(table)}", entry="units")
    if len(table) > MAX_UNITS:
        raise SchemaError(f"{len(table)} units: more than the limit of {MAX_UNITS}", entry="units")
    result = {}
    for name, definition in table.items():
        if len(name) > 64:
            raise SchemaError("a unit name is at most 64 characters", entry=f"units.{name}")
        try:
            result[name] = LINE.check(definition)
        except ValueError as error:
            raise SchemaError(str(error), entry=f"units.{name}") from None
    return result


def unknown_tables(raw: Mapping[str, object]) -> None:
    for key in raw:
        if key not in TABLES:
            raise SchemaError("unknown table" + did_you_mean(key, TABLES), entry=key)


def _record_schema(cls: type[Record]) -> dict[str, Any]:
    fields = _fields(cls)
    schema: dict[str, Any] = {
        "type": "object",
        "description": (cls.__doc__ or "").strip().splitlines()[0],
        "properties": {name: kind.schema() for name, (kind, _) in fields.items()},
        "required": [name for name, (_, required) in fields.items() if required],
        "additionalProperties": False,
    }
    if cls.RULES:
        schema["allOf"] = cls.RULES
    return schema


def json_schema() -> dict[str, Any]:
    """The JSON Schema of a fact base, from the same records the loader uses.
    (That ids are unique across kinds, and what units and formulas mean, is
    beyond it: cnii check says so.)"""

    def entries_of(cls: type[Record]) -> dict[str, Any]:
        record_schema = _record_schema(cls)
        if cls is Check:  # a check made once for every period of a series
            record_schema["properties"]["for_each"] = {"type": "string"}
            record_schema["properties"]["periods"] = {
                "type": "object",
                "additionalProperties": {"type": "object"},
            }
        return {
            "type": "object",
            "propertyNames": {"pattern": f"^{ID_PATTERN.pattern}$"},
            "additionalProperties": record_schema,
        }

    return {
        "$schema": "http://json-schema.org/draft-07/schema#",
        "title": "cnii fact base",
        "description": "The numeric claims of an article, reference figures, derivations "
        "and checks; see the README of cnii.",
        "type": "object",
        "properties": {
            "include": {
                "type": "array",
                "description": "Files whose references and units this fact base shares, "
                "relative to it.",
                "items": {"type": "string", "minLength": 1},
                "maxItems": 100,
            },
            "article": _record_schema(Article),
            "units": {
                "type": "object",
                "maxProperties": MAX_UNITS,
                "propertyNames": {"maxLength": 64},
                "additionalProperties": LINE.schema(),
            },
            "claims": entries_of(Claim),
            "references": entries_of(Reference),
            "derivations": entries_of(Derivation),
            "checks": {**entries_of(Check), "minProperties": 1},
            "series": {
                "type": "object",
                "description": "A claim or reference for each period of a series: "
                "id NAME_PERIOD, every field but values shared, {period} replaced.",
                "additionalProperties": {
                    "type": "object",
                    "properties": {
                        "kind": {"enum": ["claims", "references"]},
                        "unit": {"type": "string"},
                        "values": {
                            "type": "object",
                            "minProperties": 1,
                            "additionalProperties": {"type": ["string", "object"]},
                        },
                    },
                    "required": ["kind", "values"],
                },
            },
        },
        "required": ["checks"],
        "additionalProperties": False,
    }
