"""Small pictures of intervals: two bars on one scale, to see at a glance
whether two values meet and how far apart they are."""

from __future__ import annotations

import math
from decimal import Decimal

from cnii.interval import Interval

WIDTH = 24
# Where the sides differ by this factor or more, the scale is logarithmic.
LOG_FROM = 100


def number_line(a: Interval, b: Interval, width: int = WIDTH) -> tuple[str, str, bool]:
    """Two rows of ``width`` characters drawing a and b on one scale, and
    whether the scale is logarithmic. A bar is ├───┤, a point ●, a bound
    running off to infinity ◀ or ▶; the glyphs need no colour to be read."""
    finite = [x for i in (a, b) for x in (i.lo, i.hi) if x.is_finite()]
    if not finite:
        return _bar(0, width - 1, True, True, width), _bar(0, width - 1, True, True, width), False
    low, high = min(finite), max(finite)
    logarithmic = low > 0 and high / low >= LOG_FROM

    def scale(x: Decimal) -> float:
        return math.log10(x) if logarithmic else float(x)

    start, end = scale(low), scale(high)
    margin = (end - start) * 0.08 or abs(start) * 0.1 or 1.0
    start, end = start - margin, end + margin

    def column(x: Decimal) -> int:
        return min(width - 1, max(0, round((scale(x) - start) / (end - start) * (width - 1))))

    rows = []
    for interval in (a, b):
        left = 0 if interval.lo.is_infinite() else column(interval.lo)
        right = width - 1 if interval.hi.is_infinite() else column(interval.hi)
        rows.append(_bar(left, right, interval.lo.is_infinite(), interval.hi.is_infinite(), width))
    return rows[0], rows[1], logarithmic


def _bar(left: int, right: int, open_left: bool, open_right: bool, width: int) -> str:
    if left == right:
        body = "●"
    else:
        body = ("◀" if open_left else "├") + "─" * (right - left - 1) + ("▶" if open_right else "┤")
    return " " * left + body + " " * (width - left - len(body))
