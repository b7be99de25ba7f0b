"""The results that the stages of a check hand each other: an evaluation,
each check's result, the report and the gate's judgement of it, a
derivation's trace, warnings and a check's findings.

They live here, below the stages that make them (engine, checks, lint,
findings), so that no stage imports another for its types. They are
NamedTuples: every command builds their classes at start-up, and a
NamedTuple class costs a seventh of a frozen dataclass (see cnii/compile.py)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from decimal import Decimal
from typing import TYPE_CHECKING, NamedTuple

from cnii.errors import ExitCode
from cnii.interval import Interval
from cnii.records import Check, Verdict
from cnii.units import Unit
from cnii.value import Value

if TYPE_CHECKING:
    from cnii.compile import CompiledFactBase
    from cnii.factbase import FactBase
    from cnii.units import Units


class Evaluation(NamedTuple):
    """Every entry's value in root units, and the unit to show it in."""

    compiled: CompiledFactBase
    values: Mapping[str, Value]
    display: Mapping[str, Unit]

    @property
    def fact_base(self) -> FactBase:
        return self.compiled.fact_base

    @property
    def units(self) -> Units:
        return self.compiled.units


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

    @property
    def proposed(self) -> bool:
        """Proposed by cnii draft, not reviewed: no verdict of it is expected yet."""
        return self.check.proposed


class Notice(NamedTuple):
    """One warning: the entry it is about (a dotted key) and what is wrong."""

    entry: str
    message: str


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
        """Reviewed checks whose verdict is not the one expected."""
        return sum(not result.as_expected and not result.proposed for result in self.results)

    @property
    def proposed(self) -> int:
        """Checks that cnii draft proposed and no person has reviewed yet."""
        return sum(result.proposed for result in self.results)


class Gate(NamedTuple):
    """A report judged as a CI gate: every reviewed verdict as expected, and
    under ``strict`` no inconsistency and no check left unreviewed. Made by
    ``gate``."""

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


class Step(NamedTuple):
    """One operation of a derivation: its text, its result and the unit to
    show that in."""

    expression: str
    value: Value
    unit: Unit


class Link(NamedTuple):
    """One entry behind a value, with the entries it is made of."""

    id: str
    kind: str  # claim, reference or derivation
    value: Value
    unit: Unit
    formula: str | None
    parts: tuple[Link, ...]


class Trace(NamedTuple):
    """One derivation, step by step, and the checks it takes part in."""

    report: Report
    id: str
    formula: str
    inputs: tuple[str, ...]
    steps: tuple[Step, ...]
    result: Value
    unit: Unit
    checks: tuple[CheckResult, ...]


class Solution(NamedTuple):
    """The interval an input would have to lie in, all else held, for the
    check to hold; ``needed`` is None when no value of it alone does."""

    id: str
    value: Value
    unit: Unit
    needed: Interval | None
    searched: bool = True  # False: the budget ran out before this input


class Substitution(NamedTuple):
    """The check's verdict with one entry in place of another."""

    replaces: str
    by: str
    value: Value
    unit: Unit
    verdict: Verdict
    gap: Gap | None
    reason: str | None


class Explanation(NamedTuple):
    """A check's findings: the chain behind each side, what each input would
    have to be, the entries that may have been meant, the rates tried."""

    report: Report
    result: CheckResult
    left: Link | None
    right: Link | None
    inputs: tuple[str, ...]
    solutions: tuple[Solution, ...]
    candidates: tuple[Substitution, ...]
    rates: tuple[Substitution, ...]
    complete: bool = True  # False: the search budget ran out
    # entries that come as near as the candidates but are not among the
    # nearest few shown for their input
    more_candidates: int = 0

    @property
    def not_searched(self) -> tuple[str, ...]:
        return tuple(s.id for s in self.solutions if not s.searched)
