"""Small pictures of intervals: two bars on one scale, to see at a glance
whether two values meet and how far apart they are."""

from __future__ import annotations

import math
from decimal import Decimal
from typing import NamedTuple

from cnii.interval import Interval, overlaps

WIDTH = 24
# Where the sides differ by this factor or more, the scale is logarithmic.
LOG_FROM = 100


class Scale(NamedTuple):
    """Where values fall on a line drawn for two intervals: linear, or
    logarithmic where they differ a hundredfold or more, with a margin."""

    start: float
    end: float
    logarithmic: bool

    def fraction(self, x: Decimal) -> float:
        """How far along the line x lies, from 0 to 1."""
        at = math.log10(x) if self.logarithmic else float(x)
        return (at - self.start) / (self.end - self.start)


def scale_for(a: Interval, b: Interval) -> Scale | None:
    """The scale that shows both intervals; None where neither has a finite end."""
    finite = [x for i in (a, b) for x in (i.lo, i.hi) if x.is_finite()]
    if not finite:
        return None
    low, high = min(finite), max(finite)
    logarithmic = low > 0 and high / low >= LOG_FROM

    def at(x: Decimal) -> float:
        return math.log10(x) if logarithmic else float(x)

    start, end = at(low), at(high)
    margin = (end - start) * 0.08 or abs(start) * 0.1 or 1.0
    return Scale(start - margin, end + margin, logarithmic)


def number_line(a: Interval, b: Interval, width: int = WIDTH) -> tuple[str, str, bool]:
    """Two rows of ``width`` characters drawing a and b on one scale, and
    whether the scale is logarithmic. A bar is ├───┤, a point ●, a bound
    running off to infinity ◀ or ▶; the glyphs need no colour to be read."""
    scale = scale_for(a, b)
    if scale is None:
        return _bar(0, width - 1, True, True, width), _bar(0, width - 1, True, True, width), False

    def column(x: Decimal) -> int:
        return min(width - 1, max(0, round(scale.fraction(x) * (width - 1))))

    rows = []
    for interval in (a, b):
        left = 0 if interval.lo.is_infinite() else column(interval.lo)
        right = width - 1 if interval.hi.is_infinite() else column(interval.hi)
        rows.append(_bar(left, right, interval.lo.is_infinite(), interval.hi.is_infinite(), width))
    return rows[0], rows[1], scale.logarithmic


def _bar(left: int, right: int, open_left: bool, open_right: bool, width: int) -> str:
    if left == right:
        body = "●"
    else:
        body = ("◀" if open_left else "├") + "─" * (right - left - 1) + ("▶" if open_right else "┤")
    return " " * left + body + " " * (width - left - len(body))


def end_labels(
    a: Interval, b: Interval, factor: Decimal, logarithmic: bool, width: int = WIDTH
) -> str:
    """A row under the number line naming its lowest and highest finite
    bounds (in the unit of ``factor``) where the two sides lie apart or the
    scale is logarithmic, which it then says: two bare dots say nothing of
    how far apart they are. Empty where the sides meet on a linear scale."""
    finite = [x for i in (a, b) for x in (i.lo, i.hi) if x.is_finite()]
    if len(finite) < 2 or (overlaps(a, b) and not logarithmic):
        return ""
    from cnii.render.values import distinct

    low, high = distinct(min(finite) / factor, max(finite) / factor)
    if logarithmic:
        high = f"{high} (log)"
    gap = width - len(low) - len(high)
    return low + " " * gap + high if gap >= 1 else f"{low} to {high}"
