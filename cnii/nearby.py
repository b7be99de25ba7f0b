"""Which claims and references come near an interval: the entries an article
may have meant where a check's input does not fit.

An index of a fact base's claims and references, grouped by unit and period
and sorted by their bounds, answers for one input in time that does not grow
with the fact base: how many entries of its unit and period come near what
the input would have to be (two bisections a group), and the nearest few of
them (a walk outward from it, of at most ``SEARCHED`` entries a group). Built
once for an evaluation and shared by every explanation of it.
"""

from __future__ import annotations

import bisect
import math
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from cnii.interval import INF, Interval

if TYPE_CHECKING:
    from pint.util import UnitsContainer

    from cnii.value import Value

# An entry "nearly fits" when it is ten times nearer to what an input would
# have to be than the input itself is.
NEARLY = 0.1
# How many near entries are named for each input; the rest are counted.
SHOWN = 5
# How many entries of a group the walk outward looks at for the nearest:
# all of them in any fact base written by hand.
SEARCHED = 64


class Near(NamedTuple):
    """The entries nearest to what an input would have to be, nearest first,
    and how many others come as near."""

    ids: tuple[str, ...]
    more: int


class _Group(NamedTuple):
    """The entries of one unit and period: sorted by position (for the walk),
    and their bounds sorted (for counting)."""

    positions: list[tuple[float, str, Interval]]
    los: list[Decimal]
    his: list[Decimal]
    same: Counter[Interval]


class Index:
    """Claims and references with a known interval, by unit and period."""

    def __init__(
        self,
        values: Mapping[str, Value],
        entries: Iterable[str],
        period: Callable[[str], str | None],
    ) -> None:
        grouped: dict[UnitsContainer, dict[str | None, list[tuple[str, Interval]]]] = {}
        for entry_id in entries:
            value = values[entry_id]
            if value.interval is not None:
                periods = grouped.setdefault(value.unit, {})
                periods.setdefault(period(entry_id), []).append((entry_id, value.interval))
        self._groups = {
            unit: {key: _group(members) for key, members in periods.items()}
            for unit, periods in grouped.items()
        }
        self._period = period
        self._values = values

    def near(self, entry_id: str, value: Value, needed: Interval, exclude: frozenset[str]) -> Near:
        """The entries of ``value``'s unit and of a period that may be
        ``entry_id``'s that come ten times nearer to ``needed`` than ``value``
        does, leaving out ``exclude`` and entries of ``value``'s own interval."""
        own = value.interval
        assert own is not None
        reach = NEARLY * distance(own, needed)
        period = self._period(entry_id)
        # A fact base names few periods: the groups of a unit are few.
        groups = [
            group
            for key, group in self._groups.get(value.unit, {}).items()
            if same_period(period, key)
        ]
        band = _band(needed, reach)
        if band is None:  # a bound at or below zero, or beyond tenfold: look at each
            return _scan(groups, needed, reach, own, exclude)
        low, high = band

        def fits(interval: Interval) -> bool:
            return interval.hi >= low and interval.lo <= high

        found = []
        for group in groups:
            for _, other, interval in _outward(group, needed):
                if other not in exclude and interval != own and fits(interval):
                    found.append((distance(interval, needed), other))
        found.sort()
        shown = tuple(other for _, other in found[:SHOWN])
        counted = sum(
            bisect.bisect_right(g.los, high) - bisect.bisect_left(g.his, low) for g in groups
        )
        # less the excluded entries (the check's own inputs, a handful) and
        # the others of the input's own interval that the count took in
        left_out = [
            fitting
            for other in exclude
            if (fitting := self._fitting(other, value, period, fits)) is not None
        ]
        same = sum(g.same[own] for g in groups) - left_out.count(own) if fits(own) else 0
        return Near(shown, counted - len(left_out) - same - len(shown))

    def _fitting(
        self, entry_id: str, like: Value, period: str | None, fits: Callable[[Interval], bool]
    ) -> Interval | None:
        """The interval of ``entry_id`` if the count took it in: of the same
        unit, of a period that may be the same, and within the band."""
        value = self._values.get(entry_id)
        if value is None or value.interval is None or value.unit != like.unit:
            return None
        if not same_period(period, self._period(entry_id)) or not fits(value.interval):
            return None
        return value.interval


def _group(members: list[tuple[str, Interval]]) -> _Group:
    positions = sorted((_position(interval), entry_id, interval) for entry_id, interval in members)
    return _Group(
        positions,
        sorted(interval.lo for _, interval in members),
        sorted(interval.hi for _, interval in members),
        Counter(interval for _, interval in members),
    )


def _position(interval: Interval) -> float:
    """Where an interval sits on the number line, for the walk outward."""
    lo, hi = interval.lo, interval.hi
    if lo.is_finite() and hi.is_finite():
        return float((lo + hi) / 2)
    if lo.is_finite():
        return float(lo)
    return float(hi) if hi.is_finite() else 0.0


def _outward(group: _Group, needed: Interval) -> Iterator[tuple[float, str, Interval]]:
    """At most SEARCHED entries of a group, nearest in position to ``needed``
    first."""
    centre = _position(needed)
    positions = group.positions
    below = bisect.bisect_left(positions, (centre, "")) - 1
    above = below + 1
    for _ in range(min(SEARCHED, len(positions))):
        if above >= len(positions) or (
            below >= 0 and centre - positions[below][0] <= positions[above][0] - centre
        ):
            yield positions[below]
            below -= 1
        else:
            yield positions[above]
            above += 1


def _band(needed: Interval, reach: float) -> tuple[Decimal, Decimal] | None:
    """The bounds an entry must reach to come within ``reach`` of ``needed``
    (an entry fits when its interval meets them), where the distance is a
    ratio on both sides; None where it is not."""
    lo, hi = needed.lo, needed.hi
    if reach >= 1 or (lo.is_finite() and lo <= 0) or (hi.is_finite() and hi <= 0):
        return None
    factor = Decimal(math.exp(reach))
    return (lo / factor if lo.is_finite() else -INF, hi * factor if hi.is_finite() else INF)


def _scan(
    groups: list[_Group], needed: Interval, reach: float, own: Interval, exclude: frozenset[str]
) -> Near:
    """Every entry of the groups measured, for a band the index cannot take."""
    found = sorted(
        (d, other)
        for group in groups
        for _, other, interval in group.positions
        if other not in exclude and interval != own and (d := distance(interval, needed)) <= reach
    )
    shown = tuple(other for _, other in found[:SHOWN])
    return Near(shown, len(found) - len(shown))


def distance(a: Interval, b: Interval) -> float:
    """How far apart two intervals are: 0 if they meet, else the log of the
    ratio of their nearest bounds (or a relative difference across zero)."""
    if a.hi < b.lo:
        near, far = a.hi, b.lo
    elif b.hi < a.lo:
        near, far = a.lo, b.hi
    else:
        return 0.0
    if near > 0 and far > 0 and near.is_finite() and far.is_finite():
        return abs(math.log(float(far) / float(near)))
    return (
        float("inf")
        if not (near.is_finite() and far.is_finite())
        else float(abs(far - near) / max(abs(far), abs(near)))
    )


_YEAR = re.compile(r"(?<![0-9])[12][0-9]{3}(?![0-9])")
_YEAR_WORDS = re.compile(r"fy|year|年|[\W_]", re.IGNORECASE)


def same_period(a: str | None, b: str | None) -> bool:
    """Whether two entries may be about the same time: either states no
    period; or one period starts with the other ("2024" and "2024-12-31",
    "2024 Q3"); or both name the same years and one names nothing else
    ("FY2024" and "2024"). "2023" and "2024" are not, nor "2024 Q1" and
    "2024 Q3"."""
    if a is None or b is None:
        return True
    a, b = a.strip().casefold(), b.strip().casefold()
    if a.startswith(b) or b.startswith(a):
        return True
    years = set(_YEAR.findall(a))
    return (
        bool(years)
        and years == set(_YEAR.findall(b))
        and any(not _YEAR_WORDS.sub("", _YEAR.sub("", p)) for p in (a, b))
    )
