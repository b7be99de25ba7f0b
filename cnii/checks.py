"""Relations between two values, and the verdicts and gate they give."""

from __future__ import annotations

import enum
from collections import Counter
from dataclasses import dataclass
from decimal import Decimal, Overflow

from cnii.calc import Value
from cnii.factbase import FactBase
from cnii.interval import DOWN, Interval, overlaps, possibly_at_most
from cnii.records import Check
from cnii.units import Unit


class Verdict(enum.StrEnum):
    CONSISTENT = "consistent"
    INCONSISTENT = "inconsistent"
    UNVERIFIABLE = "unverifiable"


@dataclass(frozen=True, slots=True)
class Gap:
    """How far apart two inconsistent values are, measured between their
    nearest bounds: the smallest discrepancy the intervals allow."""

    ratio: Decimal | None
    relative_difference: Decimal | None


@dataclass(frozen=True, slots=True)
class Side:
    expression: str
    value: Value


@dataclass(frozen=True, slots=True)
class CheckResult:
    id: str
    check: Check
    left: Side
    right: Side
    unit: Unit
    verdict: Verdict
    reason: str | None = None
    gap: Gap | None = None
    rounding_only: bool | None = None

    @property
    def expected(self) -> Verdict:
        return Verdict(self.check.expect)

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.expected


@dataclass(frozen=True)
class Report:
    fact_base: FactBase
    results: tuple[CheckResult, ...]
    strict: bool = False

    def fails(self, result: CheckResult) -> bool:
        """Whether this result alone fails the gate."""
        return not result.as_expected or (
            self.strict and result.verdict is Verdict.INCONSISTENT)

    @property
    def passed(self) -> bool:
        return not any(self.fails(result) for result in self.results)

    @property
    def counts(self) -> Counter[Verdict]:
        return Counter(result.verdict for result in self.results)


def judge(relation: str, left: Value, right: Value) -> tuple[Verdict, str | None, Gap | None]:
    """The verdict of ``left RELATION right``, with the reason when
    unverifiable and the gap when inconsistent."""
    verdict, reason, gap, _ = judge_fully(relation, left, right)
    return verdict, reason, gap


# Points computed through a division are rounded at the 40th digit: equal
# to within this, they are equal.
_SAME_POINT = Decimal("1e-20")


def judge_fully(
    relation: str, left: Value, right: Value
) -> tuple[Verdict, str | None, Gap | None, bool | None]:
    """``judge``, and whether a consistent verdict holds only through rounding:
    for the intervals, but not for the values computed from the printed
    figures (None where a side has no such point)."""
    verdict, reason, gap = _judge(relation, left, right)
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


def _judge(relation: str, left: Value, right: Value) -> tuple[Verdict, str | None, Gap | None]:
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
