"""A fact-checker's findings about one check: what lies behind each side,
what each input would have to be for the check to hold, which other entry
the article may have meant, and how the verdict depends on the rate.

Everything here re-evaluates the check with one entry replaced, so it works
for any formula; nothing assumes a particular article or relation.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Context, Decimal

from cnii import formula
from cnii.calc import Value
from cnii.checks import CheckResult, Gap, Report, Verdict
from cnii.checks import judge_intervals as judge
from cnii.engine import Evaluation, Link, chain
from cnii.interval import INF, Interval
from cnii.units import Unit

# The search for a consistent value: steps of 10**(1/8) out to 1e12 times
# either way, then bisection in log space to about twelve digits.
_STEPS_PER_DECADE = 8
_DECADES = 12
_BISECTIONS = 48
_WIDE = Context(prec=40)
# An entry "nearly fits" when it is ten times nearer to what an input would
# have to be than the input itself is.
NEARLY = 0.1


@dataclass(frozen=True)
class Solution:
    """The interval an input would have to lie in, all else held, for the
    check to hold; ``needed`` is None when no value of it alone does."""

    id: str
    value: Value
    unit: Unit
    needed: Interval | None


@dataclass(frozen=True)
class Substitution:
    """The check's verdict with one entry in place of another."""

    replaces: str
    by: str
    value: Value
    unit: Unit
    verdict: Verdict
    gap: Gap | None
    reason: str | None


@dataclass(frozen=True)
class Explanation:
    report: Report
    result: CheckResult
    left: Link | None
    right: Link | None
    inputs: tuple[str, ...]
    solutions: tuple[Solution, ...]
    candidates: tuple[Substitution, ...]
    rates: tuple[Substitution, ...]


def worth_explaining(result: CheckResult) -> bool:
    """Whether a check has findings beyond its verdict: it is inconsistent,
    or it names alternative rates."""
    return result.verdict is Verdict.INCONSISTENT or bool(result.check.rates)


def explain(report: Report, result: CheckResult) -> Explanation:
    """Everything there is to say about one check's verdict."""
    evaluation = report.evaluation
    check = result.check
    compiled = evaluation.compiled.checks[result.id]
    nodes = [compiled.left.node, compiled.right.node]
    inputs = evaluation.compiled.inputs(compiled.names)
    rate_input = _rate_input(evaluation, result, inputs)
    solve_for = (
        inputs if result.verdict is Verdict.INCONSISTENT else ((rate_input,) if rate_input else ())
    )
    solutions = tuple(_solve(evaluation, result, nodes, entry) for entry in solve_for)
    candidates = tuple(
        candidate
        for solution in solutions
        if result.verdict is Verdict.INCONSISTENT
        for candidate in _candidates(evaluation, result, nodes, solution)
    )
    rates = tuple(
        _substitute(evaluation, result, nodes, rate_input, rate)
        for rate in (check.rates or ())
        if rate_input is not None
    )
    left, right = (_link(evaluation, node) for node in nodes)
    return Explanation(report, result, left, right, inputs, solutions, candidates, rates)


# -- the chain behind each side --------------------------------------------


def _link(evaluation: Evaluation, node: formula.Node) -> Link | None:
    """The entry a side names, with the entries it is made of; None for a
    side written as a formula (its parts are in ``inputs``)."""
    if not isinstance(node, formula.Ref):
        return None
    return chain(evaluation, node.name)


# -- re-evaluation with one entry replaced -----------------------------------


def _sides(
    evaluation: Evaluation, nodes: list[formula.Node], overrides: Mapping[str, Value]
) -> tuple[Value, Value]:
    memo: dict[str, Value] = {}

    def lookup(name: str) -> Value:
        if name in overrides:
            return overrides[name]
        if name not in memo:
            source = evaluation.compiled.derivations.get(name)
            memo[name] = (
                evaluation.values[name]
                if source is None
                else formula.evaluate(source.expression.node, lookup)
            )
        return memo[name]

    left, right = (formula.evaluate(node, lookup) for node in nodes)
    return left, right


def _verdict_with(
    evaluation: Evaluation,
    result: CheckResult,
    nodes: list[formula.Node],
    overrides: Mapping[str, Value],
) -> tuple[Verdict, str | None, Gap | None]:
    left, right = _sides(evaluation, nodes, overrides)
    return judge(result.check.relation, left, right)


def _substitute(
    evaluation: Evaluation, result: CheckResult, nodes: list[formula.Node], entry_id: str, by: str
) -> Substitution:
    value = evaluation.values[by]
    verdict, reason, gap = _verdict_with(evaluation, result, nodes, {entry_id: value})
    return Substitution(entry_id, by, value, evaluation.display[by], verdict, gap, reason)


# -- what an input would have to be ------------------------------------------


def _solve(
    evaluation: Evaluation, result: CheckResult, nodes: list[formula.Node], entry_id: str
) -> Solution:
    value = evaluation.values[entry_id]
    solution = Solution(entry_id, value, evaluation.display[entry_id], None)
    start = _centre(value)
    if start is None:
        return solution

    def side(x: Decimal) -> int | None:
        """0 where the check holds with the input at x; else -1 or +1 for
        the left side below or above the right; None where undefined."""
        point = Value(value.unit, Interval.point(x), point=x)
        left, right = _sides(evaluation, nodes, {entry_id: point})
        verdict, _, _ = judge(result.check.relation, left, right)
        if verdict is Verdict.CONSISTENT:
            return 0
        if left.interval is None or right.interval is None:
            return None
        return -1 if left.interval.hi <= right.interval.lo else 1

    found = _consistent_point(start, side)
    if found is None:
        return solution
    low, high = _edge(found, -1, side), _edge(found, +1, side)
    if start < 0:
        low, high = high, low
    return Solution(
        entry_id,
        value,
        evaluation.display[entry_id],
        Interval(-INF if low is None else low, INF if high is None else high),
    )


def _centre(value: Value) -> Decimal | None:
    """Where to start looking: the printed point, else a finite bound."""
    if value.point:
        return value.point
    if value.interval is None:
        return None
    finite = [b for b in (value.interval.lo, value.interval.hi) if b.is_finite() and b]
    return finite[0] if finite else None


_STEP = Decimal(10) ** (Decimal(1) / _STEPS_PER_DECADE)
_LIMIT = _STEPS_PER_DECADE * _DECADES


def _consistent_point(start: Decimal, side: Callable[[Decimal], int | None]) -> Decimal | None:
    """A value for which the check holds, the nearest to ``start`` (in steps
    of 10**(1/8), each way, out to 1e12 times): where the side changes
    between two steps, bisection finds the consistent values between them,
    however narrow."""
    here = side(start)
    if here == 0:
        return start
    if here is None:
        return None
    best: tuple[int, Decimal] | None = None
    for factor in (_STEP, 1 / _STEP):
        a, sa = start, here
        for steps in range(1, _LIMIT + 1):
            b = a * factor
            sb = side(b)
            if sb != sa:
                crossing = b if sb == 0 else _bisect_crossing(a, b, sa, side) if sb else None
                if crossing is not None and (best is None or steps < best[0]):
                    best = (steps, crossing)
                break
            a = b
    return None if best is None else best[1]


def _bisect_crossing(
    a: Decimal, b: Decimal, sa: int, side: Callable[[Decimal], int | None]
) -> Decimal | None:
    """Between a (on side sa) and b (on the other side), a value where the
    check holds, if there is one."""

    def move(middle: Decimal) -> str | None:
        sm = side(middle)
        return None if sm is None else "found" if sm == 0 else "a" if sm == sa else "b"

    return _bisect(a, b, move)


def _edge(found: Decimal, direction: int, side: Callable[[Decimal], int | None]) -> Decimal | None:
    """How far from ``found`` the check keeps holding, one way; None if it
    holds all the way out (1e12 times)."""
    factor = _STEP if direction > 0 else 1 / _STEP
    good = found
    for _ in range(_LIMIT):
        bad = good * factor
        if side(bad) != 0:
            break
        good = bad
    else:
        return None
    return _bisect(good, bad, lambda middle: "a" if side(middle) == 0 else "b", last=True)


def _bisect(
    a: Decimal, b: Decimal, move: Callable[[Decimal], str | None], last: bool = False
) -> Decimal | None:
    """Bisection in log space between a and b. ``move`` says of each middle
    which end it replaces ("a" or "b"), that it is the value sought
    ("found"), or None to give up. After the last step: a if ``last``."""
    for _ in range(_BISECTIONS):
        middle = _mean(a, b)
        where = move(middle)
        if where == "found":
            return middle
        if where is None:
            return None
        if where == "a":
            a = middle
        else:
            b = middle
    return a if last else None


def _mean(a: Decimal, b: Decimal) -> Decimal:
    """The geometric mean of two numbers of one sign: bisection in log space."""
    middle = _WIDE.sqrt(a * b)
    return middle.copy_negate() if a < 0 else middle


# -- which other entry may have been meant -----------------------------------


def _candidates(
    evaluation: Evaluation, result: CheckResult, nodes: list[formula.Node], solution: Solution
) -> Iterator[Substitution]:
    """Entries of the same dimension that fit what an input would have to be,
    or are ten times nearer to it than the input: each tried in its place."""
    if solution.needed is None or solution.value.interval is None:
        return
    own = _distance(solution.value.interval, solution.needed)
    fact_base = evaluation.fact_base
    pool = [*fact_base.claims, *fact_base.references]
    near = []
    for other in pool:
        value = evaluation.values[other]
        if (
            other == solution.id
            or value.unit != solution.value.unit
            or value.interval is None
            or value.interval == solution.value.interval
        ):
            continue
        distance = _distance(value.interval, solution.needed)
        if distance <= NEARLY * own:
            near.append((distance, other))
    for _, other in sorted(near):
        yield _substitute(evaluation, result, nodes, solution.id, other)


def _distance(a: Interval, b: Interval) -> float:
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


# -- rates -------------------------------------------------------------------


def _rate_input(evaluation: Evaluation, result: CheckResult, inputs: tuple[str, ...]) -> str | None:
    """The input that the check's alternative ``rates`` stand in for: the one
    of their dimension."""
    rates = result.check.rates
    if not rates:
        return None
    unit = evaluation.values[rates[0]].unit
    return next((i for i in inputs if evaluation.values[i].unit == unit), None)
