"""A fact-checker's findings about one check: what lies behind each side,
what each input would have to be for the check to hold, which other entry
the article may have meant, and how the verdict depends on the rate.

Everything here re-evaluates the check with one entry replaced, so it works
for any formula; nothing assumes a particular article or relation.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Context, Decimal

from cnii import formula
from cnii.checks import judge_intervals as judge
from cnii.engine import chain
from cnii.interval import INF, Interval
from cnii.nearby import Index
from cnii.records import Verdict
from cnii.results import (
    CheckResult,
    Evaluation,
    Explanation,
    Gap,
    Link,
    Report,
    Solution,
    Substitution,
)
from cnii.value import Value

# The search for a consistent value: steps of 10**(1/8) out to 1e12 times
# either way, then bisection in log space to about twelve digits.
_STEPS_PER_DECADE = 8
_DECADES = 12
_BISECTIONS = 48
_WIDE = Context(prec=40)
# How many operations (formula nodes evaluated) one explanation may spend on
# its searches, under a second: a check with hundreds of inputs, or one deep
# in a long chain, stops early and says so rather than running for minutes.
# The bundled checks spend at most 6,000 each.
BUDGET = 50_000


def worth_explaining(result: CheckResult) -> bool:
    """Whether a check has findings beyond its verdict: it is inconsistent,
    or it names alternative rates."""
    return result.verdict is Verdict.INCONSISTENT or bool(result.check.rates)


def explain(report: Report, result: CheckResult) -> Explanation:
    """Everything there is to say about one check's verdict."""
    evaluation = report.evaluation
    check = result.check
    trials = _Trials(evaluation, result)
    inputs = evaluation.compiled.inputs(trials.check.names)
    rate_input = _rate_input(evaluation, result, inputs)
    solve_for = _solve_for(evaluation, result, inputs, rate_input)
    rates: list[Substitution] = []
    solutions: list[Solution] = []
    candidates: list[Substitution] = []
    unshown = 0
    try:
        if rate_input is not None:
            for rate in check.rates or ():
                rates.append(trials.substitute(rate_input, rate))
        for entry in solve_for:
            solutions.append(_solve(trials, entry))
        if result.verdict is Verdict.INCONSISTENT:
            for solution in solutions:
                near, more = _candidates(trials, solution)
                candidates.extend(near)
                unshown += more
    except _OutOfBudget:
        solutions.extend(
            Solution(entry, evaluation.values[entry], evaluation.display[entry], None, False)
            for entry in solve_for[len(solutions) :]
        )
    left, right = (_link(evaluation, side.node) for side in (trials.check.left, trials.check.right))
    return Explanation(
        report,
        result,
        left,
        right,
        inputs,
        tuple(solutions),
        tuple(candidates),
        tuple(rates),
        complete=trials.spent <= BUDGET,
        more_candidates=unshown,
    )


# -- the chain behind each side --------------------------------------------


def _link(evaluation: Evaluation, node: formula.Node) -> Link | None:
    """The entry a side names, with the entries it is made of; None for a
    side written as a formula (its parts are in ``inputs``)."""
    if not isinstance(node, formula.Ref):
        return None
    return chain(evaluation, node.name)


def _solve_for(
    evaluation: Evaluation, result: CheckResult, inputs: tuple[str, ...], rate_input: str | None
) -> tuple[str, ...]:
    """The inputs worth solving for: every input of an inconsistent check;
    the unknown inputs of an unverifiable one (the range they would have to
    lie in is what a fact-checker looks up); and the input the check's
    ``rates`` stand in for."""
    if result.verdict is Verdict.INCONSISTENT:
        return inputs
    wanted = [] if rate_input is None else [rate_input]
    if result.verdict is Verdict.UNVERIFIABLE:
        wanted += [i for i in inputs if evaluation.values[i].interval is None]
    return tuple(dict.fromkeys(wanted))


# -- re-evaluation with one entry replaced -----------------------------------


class _OutOfBudget(Exception):
    """The explanation has spent its BUDGET of formula evaluations."""


class _Trials:
    """One check, evaluated again with one entry replaced: only the
    derivations between that entry and the check are computed again, in
    evaluation order, without recursion, and every evaluation is counted
    against the budget."""

    def __init__(self, evaluation: Evaluation, result: CheckResult) -> None:
        self.evaluation = evaluation
        self.result = result
        self.check = evaluation.compiled.checks[result.id]
        self.behind = evaluation.compiled.derivations_behind(self.check.names)
        self.inputs = frozenset(evaluation.compiled.inputs(self.check.names))
        self._affected: dict[str, tuple[list[str], int]] = {}
        self.spent = 0

    def affected(self, entry_id: str) -> tuple[list[str], int]:
        """The derivations behind the check that use ``entry_id``, in order,
        and what evaluating them and both sides costs."""
        if entry_id not in self._affected:
            derivations = self.evaluation.compiled.derivations
            changed, found = {entry_id}, []
            cost = formula.size(self.check.left.node) + formula.size(self.check.right.node)
            for name in self.behind:
                expression = derivations[name].expression
                if any(used in changed for used in expression.names):
                    changed.add(name)
                    found.append(name)
                    cost += formula.size(expression.node)
            self._affected[entry_id] = (found, cost)
        return self._affected[entry_id]

    def sides(self, entry_id: str, value: Value) -> tuple[Value, Value]:
        affected, cost = self.affected(entry_id)
        self.spent += cost
        if self.spent > BUDGET:
            raise _OutOfBudget
        known = self.evaluation.values
        local = {entry_id: value}

        def lookup(name: str) -> Value:
            found = local.get(name)
            return known[name] if found is None else found

        derivations = self.evaluation.compiled.derivations
        for name in affected:
            local[name] = formula.evaluate(derivations[name].expression.node, lookup)
        return (
            formula.evaluate(self.check.left.node, lookup),
            formula.evaluate(self.check.right.node, lookup),
        )

    def verdict(self, entry_id: str, value: Value) -> tuple[Verdict, str | None, Gap | None]:
        left, right = self.sides(entry_id, value)
        return judge(self.result.check.relation, left, right)

    def substitute(self, entry_id: str, by: str) -> Substitution:
        value = self.evaluation.values[by]
        verdict, reason, gap = self.verdict(entry_id, value)
        unit = self.evaluation.display[by]
        return Substitution(entry_id, by, value, unit, verdict, gap, reason)


# -- what an input would have to be ------------------------------------------


def _solve(trials: _Trials, entry_id: str) -> Solution:
    evaluation = trials.evaluation
    value = evaluation.values[entry_id]
    solution = Solution(entry_id, value, evaluation.display[entry_id], None)

    def side(x: Decimal) -> int | None:
        """0 where the check holds with the input at x; else -1 or +1 for
        the left side below or above the right; None where undefined."""
        left, right = trials.sides(entry_id, Value(value.unit, Interval.point(x), point=x))
        verdict, _, _ = judge(trials.result.check.relation, left, right)
        if verdict is Verdict.CONSISTENT:
            return 0
        if left.interval is None or right.interval is None:
            return None
        return -1 if left.interval.hi <= right.interval.lo else 1

    found = next(
        (
            x
            for start in _starts(trials, entry_id)
            if (x := _consistent_point(start, side)) is not None
        ),
        None,
    )
    if found is None:
        return solution
    low, high = _edge(found, -1, side), _edge(found, +1, side)
    if found < 0:
        low, high = high, low
    return Solution(
        entry_id,
        value,
        evaluation.display[entry_id],
        Interval(-INF if low is None else low, INF if high is None else high),
    )


def _starts(trials: _Trials, entry_id: str) -> Iterator[Decimal]:
    """Where to look for a value of the input that makes the check hold: its
    own printed point or bound; for an unknown input (an unconfirmed
    reference), the check's alternative rates, the other entries of its
    dimension (the first three that differ), and 1 in root units."""
    values = trials.evaluation.values
    value = values[entry_id]
    own = _centre(value)
    if own is not None or value.interval is not None:
        if own is not None:
            yield own
        return
    seen: set[Decimal] = set()
    for other in (*(trials.result.check.rates or ()), *values):
        if values[other].unit != value.unit or (start := _centre(values[other])) is None:
            continue
        if start not in seen:
            seen.add(start)
            yield start
        if len(seen) == _UNKNOWN_STARTS:
            return
    if Decimal(1) not in seen:
        yield Decimal(1)


_UNKNOWN_STARTS = 3


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
    of 10**(1/8), each way, out to 1e12 times; upwards first where both are
    as near): where the side changes between two steps, bisection finds the
    consistent values between them, however narrow.

    The two ways are walked a step each in turn, and each ends where its
    side first changes: the nearest is found without walking the other way
    out to 1e12 (a hundred evaluations that could not come nearer)."""
    here = side(start)
    if here == 0:
        return start
    if here is None:
        return None
    walks: list[tuple[Decimal, int] | None] = [(start, here), (start, here)]
    for _ in range(_LIMIT):
        found = None
        for way, factor in enumerate((_STEP, 1 / _STEP)):
            walk = walks[way]
            if walk is None:
                continue
            a, sa = walk
            b = a * factor
            sb = side(b)
            if sb == sa:
                walks[way] = (b, sa)
                continue
            walks[way] = None  # this way ends at its first change of side
            crossing = b if sb == 0 else _bisect_crossing(a, b, sa, side) if sb else None
            if found is None:
                found = crossing
        if found is not None:
            return found
        if walks == [None, None]:
            return None
    return None


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


def _candidates(trials: _Trials, solution: Solution) -> tuple[list[Substitution], int]:
    """The nearest entries of the same dimension and period that fit what an
    input would have to be, or are ten times nearer to it than the input:
    each tried in its place; and how many others come as near."""
    if solution.needed is None or solution.value.interval is None:
        return [], 0
    near = _index(trials.evaluation).near(
        solution.id, solution.value, solution.needed, trials.inputs
    )
    return [trials.substitute(solution.id, other) for other in near.ids], near.more


_last_index: tuple[Evaluation, Index] | None = None


def _index(evaluation: Evaluation) -> Index:
    """The claims and references of an evaluation, indexed once for all the
    explanations of a report (the last evaluation's is kept)."""
    global _last_index
    if _last_index is None or _last_index[0] is not evaluation:
        fact_base = evaluation.fact_base

        def period(entry_id: str) -> str | None:
            entry = fact_base.claims.get(entry_id) or fact_base.references.get(entry_id)
            return None if entry is None else entry.period

        pool = [*fact_base.claims, *fact_base.references]
        _last_index = (evaluation, Index(evaluation.values, pool, period))
    return _last_index[1]


# -- rates -------------------------------------------------------------------


def _rate_input(evaluation: Evaluation, result: CheckResult, inputs: tuple[str, ...]) -> str | None:
    """The input that the check's alternative ``rates`` stand in for: the one
    of their dimension."""
    rates = result.check.rates
    if not rates:
        return None
    unit = evaluation.values[rates[0]].unit
    return next((i for i in inputs if evaluation.values[i].unit == unit), None)
