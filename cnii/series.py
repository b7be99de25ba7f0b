"""Series: a value per period stated once, and a check stated once for every
period of a series.

A ``[series.NAME]`` table makes a claim or a reference for each of its
``values`` (id ``NAME_PERIOD``), sharing every other field; a check with
``for_each = "NAME"`` is made once per period of that series (id
``CHECK_PERIOD``), with ``{period}`` in its text replaced. Both are expanded
into ordinary entries before validation, each remembering the key whose line
it should point at, so that errors and reports show the line of its value.
"""

from __future__ import annotations

import re
from typing import Any

from cnii.errors import SchemaError, did_you_mean
from cnii.records import TEXT

MAX_PERIODS = 1000
# Entries a fact base's series and checks for_each may make in all: the
# limit of a fact base's entries, checked before any is made, so that a
# thousand checks over a thousand periods cannot make a million.
MAX_MADE = 100_000
_SLUG = re.compile(r"[^a-z0-9]+")
_SERIES_FIELDS = ("kind", "unit", "values")
# "claim" or "reference": what each value of a series becomes.
_KINDS = {
    "claims": "claims",
    "claim": "claims",
    "references": "references",
    "reference": "references",
}
_CHECK_FIELDS = ("for_each", "periods")


def slug(period: str) -> str:
    """A period as the end of an id: ``2024`` -> ``2024``, ``2024 Q1`` -> ``2024_q1``."""
    return _SLUG.sub("_", period.lower()).strip("_")


def expand(raw: dict[str, Any]) -> dict[str, tuple[str, ...]]:
    """Replace ``[series]`` and checks with ``for_each`` by the entries they
    stand for, in ``raw``; return, for each generated entry's dotted key,
    the keys whose lines it should point at, the first that has the field."""
    placed: dict[str, tuple[str, ...]] = {}
    periods: dict[str, list[str]] = {}
    series = raw.pop("series", None)
    if series is not None:
        if not isinstance(series, dict):
            raise SchemaError("must be a table of series", entry="series")
        values = (t.get("values") for t in series.values() if isinstance(t, dict))
        if sum(len(v) for v in values if isinstance(v, dict)) > MAX_MADE:
            raise SchemaError(
                f"the series would make more than {MAX_MADE:,} entries", entry="series"
            )
        for name, table in series.items():
            periods[name] = _expand_series(raw, name, table, placed)
    checks = raw.get("checks")
    if isinstance(checks, dict) and any(
        isinstance(c, dict) and "for_each" in c for c in checks.values()
    ):
        raw["checks"] = _expand_checks(checks, periods, placed)
    return placed


def _expand_series(
    raw: dict[str, Any], name: str, table: object, placed: dict[str, tuple[str, ...]]
) -> list[str]:
    where = f"series.{name}"
    if not isinstance(table, dict):
        raise SchemaError("must be a table", entry=where)
    kind = _KINDS.get(str(table.get("kind", "")))
    if kind is None:
        raise SchemaError("kind must be 'claims' or 'references'", entry=f"{where}.kind")
    values = table.get("values")
    if not isinstance(values, dict) or not values:
        raise SchemaError("must be a table of period = value", entry=f"{where}.values")
    if len(values) > MAX_PERIODS:
        raise SchemaError(f"more than {MAX_PERIODS} periods", entry=f"{where}.values")
    unit = table.get("unit", "")
    if not isinstance(unit, str):
        raise SchemaError("must be a string", entry=f"{where}.unit")
    shared = {key: value for key, value in table.items() if key not in _SERIES_FIELDS}
    target = raw.setdefault(kind, {})
    if not isinstance(target, dict):
        raise SchemaError("must be a table of entries", entry=kind)
    made = []
    for period, given in values.items():
        value_key = f"{where}.values.{period}"
        own = dict(given) if isinstance(given, dict) else {"value": given}
        number = own.get("value")
        if not isinstance(number, str):
            raise SchemaError('a value must be a string, such as "3.41"', entry=value_key)
        if len(number) > TEXT.limit:
            raise SchemaError(f"is longer than {TEXT.limit} characters", entry=value_key)
        entry = {
            **_substituted(shared, period, number, where=where),
            **_substituted(own, period, number, where=value_key),
            "value": f"{number} {unit}".strip(),
            "period": own.get("period", period),
        }
        entry_id = f"{name}_{slug(period)}"
        if entry_id in target:
            raise SchemaError(f"the series makes {kind}.{entry_id}, which exists", entry=value_key)
        target[entry_id] = entry
        placed[f"{kind}.{entry_id}"] = (value_key,)
        made.append(period)
    return made


def _substituted(
    fields: dict[str, Any],
    period: str,
    value: str | None = None,
    ids: tuple[str, ...] = (),
    where: str = "",
) -> dict[str, Any]:
    """Fields with ``{period}`` (and, given one, ``{value}``) in their text
    replaced; in the fields named in ``ids`` (a check's sides), ``{period}``
    is the end of an id, so it becomes the period as ids write it. A text
    longer than any field takes is refused before it is copied for every
    period (a long template made a thousand copies of itself)."""

    def replaced(key: str, text: str) -> str:
        if len(text) > TEXT.limit:
            raise SchemaError(f"is longer than {TEXT.limit} characters", entry=f"{where}.{key}")
        text = text.replace("{period}", slug(period) if key in ids else period)
        return text if value is None else text.replace("{value}", value)

    return {
        key: replaced(key, text) if isinstance(text, str) else text for key, text in fields.items()
    }


def _expand_checks(
    checks: dict[str, Any], periods: dict[str, list[str]], placed: dict[str, tuple[str, ...]]
) -> dict[str, Any]:
    expanded: dict[str, Any] = {}
    for check_id, check in checks.items():
        if not isinstance(check, dict) or "for_each" not in check:
            expanded[check_id] = check
            continue
        where = f"checks.{check_id}"
        over = check["for_each"]
        if not isinstance(over, str):
            raise SchemaError("must be the name of a series", entry=f"{where}.for_each")
        if over not in periods:
            raise SchemaError(
                f"no series {over!r}{did_you_mean(str(over), periods)}", entry=f"{where}.for_each"
            )
        overrides = check.get("periods", {})
        if not isinstance(overrides, dict):
            raise SchemaError("must be a table of period = {...}", entry=f"{where}.periods")
        made_count = len(expanded) + len(periods[over])
        if made_count > MAX_MADE:
            raise SchemaError(
                f"the checks for_each would make more than {MAX_MADE:,} checks", entry=where
            )
        for period in overrides:
            if period not in periods[over]:
                raise SchemaError(
                    f"series {over!r} has no period {period!r}", entry=f"{where}.periods.{period}"
                )
        shared = {key: value for key, value in check.items() if key not in _CHECK_FIELDS}
        for period in periods[over]:
            own = overrides.get(period, {})
            if not isinstance(own, dict):
                raise SchemaError("must be a table", entry=f"{where}.periods.{period}")
            made = f"{check_id}_{slug(period)}"
            if made in checks or made in expanded:
                raise SchemaError(f"the check makes checks.{made}, which exists", entry=where)
            expanded[made] = _substituted(
                {**shared, **own}, period, ids=("left", "right"), where=where
            )
            placed[f"checks.{made}"] = (f"{where}.periods.{period}", where) if own else (where,)
    return expanded


def line_in(lines: dict[str, int], placed: tuple[str, ...], rest: str) -> str:
    """The key to look up for field ``rest`` of an entry a series made: the
    first of its places that has that field, else its first place."""
    return next((base + rest for base in placed if base + rest in lines), placed[0])
