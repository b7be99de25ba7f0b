"""Relations between two values, and the verdicts and gate they give.

Its results (Gate, Gap) are in cnii/results.py."""

from __future__ import annotations

from decimal import Decimal, Overflow

from cnii.interval import DOWN, Interval, overlaps, possibly_at_most
from cnii.records import Verdict
from cnii.results import Gap, Gate, Report
from cnii.value import Value

__all__ = ["gap", "gate", "judge", "judge_intervals"]


def gate(report: Report, strict: bool = False) -> Gate:
    """The gate's judgement of a report: each check fails it when its verdict
    is not the one expected, or (``strict``) when it is inconsistent. A
    proposed check has no expected verdict yet: it fails only a strict gate."""
    failing = frozenset(
        result.id
        for result in report.results
        if (not result.as_expected and not result.proposed)
        or (strict and (result.verdict is Verdict.INCONSISTENT or result.proposed))
    )
    return Gate(report, strict, failing)


# Points computed through a division are rounded at the 40th digit: equal
# to within this, they are equal.
_SAME_POINT = Decimal("1e-20")


def judge(
    relation: str, left: Value, right: Value
) -> tuple[Verdict, str | None, Gap | None, bool | None]:
    """The verdict of ``left RELATION right``, with the reason when
    unverifiable, the gap when inconsistent, and whether a consistent verdict
    holds only through rounding: for the intervals, but not for the values
    computed from the printed figures (None where a side has no such point)."""
    verdict, reason, gap = judge_intervals(relation, left, right)
    if verdict is not Verdict.CONSISTENT or left.point is None or right.point is None:
        return verdict, reason, gap, None
    a, b = left.point, right.point
    slack = _SAME_POINT * max(a.copy_abs(), b.copy_abs())
    if relation == "at_most":
        holds = a <= b + slack
    elif relation == "at_least":
        holds = a + slack >= b
    else:
        holds = (a - b).copy_abs() <= slack
    return verdict, reason, gap, not holds


def judge_intervals(
    relation: str, left: Value, right: Value
) -> tuple[Verdict, str | None, Gap | None]:
    """The verdict of ``left RELATION right`` on intervals alone."""
    for value in (left, right):
        if value.interval is None:
            return Verdict.UNVERIFIABLE, value.missing, None
    assert left.interval is not None and right.interval is not None
    a, b = left.interval, right.interval
    if relation == "at_most":
        holds = possibly_at_most(a, b)
    elif relation == "at_least":
        holds = possibly_at_most(b, a)
    else:
        holds = overlaps(a, b)
    if holds:
        return Verdict.CONSISTENT, None, None
    return Verdict.INCONSISTENT, None, gap(a, b)


def gap(a: Interval, b: Interval) -> Gap:
    """Ratio and relative difference of a to b at their nearest bounds."""
    near_a, near_b = (a.hi, b.lo) if a.hi <= b.lo else (a.lo, b.hi)
    if near_b == 0 or near_a.is_infinite() or near_b.is_infinite():
        return Gap(None, None)
    try:
        ratio = DOWN.divide(near_a, near_b)
    except Overflow:  # too far apart to say by how much
        return Gap(None, None)
    return Gap(ratio, DOWN.subtract(ratio, 1))
