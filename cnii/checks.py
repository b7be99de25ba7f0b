"""Relations between two values, and the verdicts and gate they give.

Its records are NamedTuples, for start-up time (see cnii/compile.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal, Overflow
from typing import TYPE_CHECKING, NamedTuple

from cnii.calc import Value
from cnii.errors import ExitCode
from cnii.interval import DOWN, Interval, overlaps, possibly_at_most
from cnii.records import Check, Verdict
from cnii.units import Unit

if TYPE_CHECKING:
    from cnii.engine import Evaluation
    from cnii.factbase import FactBase
    from cnii.findings import Explanation
    from cnii.lint import Notice

__all__ = ["CheckResult", "Gap", "Gate", "Report", "Side", "Verdict", "gate", "judge"]


class Gap(NamedTuple):
    """How far apart two inconsistent values are, measured between their
    nearest bounds: the smallest discrepancy the intervals allow."""

    ratio: Decimal | None
    relative_difference: Decimal | None


class Side(NamedTuple):
    """One side of a check: its expression as written, and its value."""

    expression: str
    value: Value


class CheckResult(NamedTuple):
    """A check's verdict, with both sides and the unit they are shown in."""

    id: str
    check: Check
    left: Side
    right: Side
    unit: Unit
    verdict: Verdict
    reason: str | None = None
    gap: Gap | None = None
    rounding_only: bool | None = None
    # what the verdict rests on that a reader should know: a forecast, or a
    # figure that a later one replaces
    flags: tuple[str, ...] = ()

    @property
    def expected(self) -> Verdict:
        return Verdict(self.check.expect)

    @property
    def as_expected(self) -> bool:
        return self.verdict == self.check.expect  # a StrEnum equals its string


class Report(NamedTuple):
    """Every check's result; with ``explanations``, the findings of each
    check worth explaining (``cnii check --explain``)."""

    evaluation: Evaluation
    results: tuple[CheckResult, ...]
    explanations: Mapping[str, Explanation] | None = None
    notices: tuple[Notice, ...] = ()  # warnings: unused entries, checks that cannot fail

    @property
    def fact_base(self) -> FactBase:
        return self.evaluation.fact_base

    @property
    def counts(self) -> Counter[Verdict]:
        return Counter(result.verdict for result in self.results)

    @property
    def unexpected(self) -> int:
        return sum(not result.as_expected for result in self.results)


class Gate(NamedTuple):
    """A report judged as a CI gate: every verdict as expected, and under
    ``strict`` no inconsistency at all. Made by ``gate``."""

    report: Report
    strict: bool
    failing: frozenset[str]  # the ids of the checks that fail it

    def fails(self, result: CheckResult) -> bool:
        """Whether this result fails the gate."""
        return result.id in self.failing

    @property
    def failures(self) -> int:
        return len(self.failing)

    @property
    def passed(self) -> bool:
        """No check fails, and under ``strict`` there is no warning either."""
        return not self.failures and not (self.strict and self.report.notices)

    @property
    def exit_code(self) -> ExitCode:
        return ExitCode.OK if self.passed else ExitCode.GATE_FAILED


def gate(report: Report, strict: bool = False) -> Gate:
    """The gate's judgement of a report: each check fails it when its verdict
    is not the one expected, or (``strict``) when it is inconsistent."""
    failing = frozenset(
        result.id
        for result in report.results
        if not result.as_expected or (strict and result.verdict is Verdict.INCONSISTENT)
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
