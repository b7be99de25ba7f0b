"""Evaluation: every entry's value, every check's verdict, one derivation
step by step. Works on a compiled fact base and raises no input errors.

Its results are in cnii/results.py."""

from __future__ import annotations

from collections.abc import Iterator

from cnii import formula
from cnii.checks import judge
from cnii.compile import CompiledCheck, CompiledFactBase
from cnii.lint import lint
from cnii.results import CheckResult, Evaluation, Link, Report, Side, Step, Trace
from cnii.units import Unit
from cnii.value import Value


def evaluate(compiled: CompiledFactBase) -> Evaluation:
    """Each claim and reference as an interval, each derivation's value, and
    the unit to show each in."""
    values = {entry_id: leaf.value for entry_id, leaf in compiled.leaves.items()}
    display = {entry_id: leaf.unit for entry_id, leaf in compiled.leaves.items()}
    for entry_id, derivation in compiled.derivations.items():  # in evaluation order
        values[entry_id] = value = derivation.value  # computed by the compile step
        inputs = (display[name] for name in derivation.expression.names)
        display[entry_id] = derivation.unit or compiled.units.display_for(value, inputs)
    return Evaluation(compiled, values, display)


def run_checks(evaluation: Evaluation) -> Report:
    """Every check's verdict."""
    results = tuple(_run_check(evaluation, check) for check in evaluation.compiled.checks.values())
    return Report(evaluation, results, notices=lint(evaluation, results))


def _run_check(evaluation: Evaluation, check: CompiledCheck) -> CheckResult:
    lookup = evaluation.values.__getitem__
    left = Side(check.left.text, formula.evaluate(check.left.node, lookup))
    right = Side(check.right.text, formula.evaluate(check.right.node, lookup))
    unit = _check_unit(evaluation, check, left.value)
    verdict, reason, gap, rounding_only = judge(check.check.relation, left.value, right.value)
    vintages = evaluation.compiled.vintages
    flags = (
        tuple(vintages[i] for i in evaluation.compiled.inputs(check.names) if i in vintages)
        if vintages
        else ()
    )
    return CheckResult(
        check.id, check.check, left, right, unit, verdict, reason, gap, rounding_only, flags
    )


def _check_unit(evaluation: Evaluation, check: CompiledCheck, value: Value) -> Unit:
    """The unit to show both sides in: the check's own, else that of the first
    side that names an entry (a known one first), else one chosen for the size
    of the value."""
    if check.unit is not None:
        return check.unit
    named = [
        side.node.name for side in (check.left, check.right) if isinstance(side.node, formula.Ref)
    ]
    known = [name for name in named if evaluation.values[name].interval is not None]
    if known or named:
        return evaluation.display[(known or named)[0]]
    return evaluation.units.display_for(value)


def trace(report: Report, entry_id: str) -> Trace:
    """The derivation ``entry_id``, step by step."""
    evaluation = report.evaluation
    derivation = evaluation.compiled.derivations[entry_id]
    steps: list[formula.Step] = []
    result = formula.evaluate(derivation.expression.node, evaluation.values.__getitem__, steps)
    units = evaluation.units
    checks = tuple(
        result
        for result in report.results
        if entry_id in evaluation.compiled.checks[result.id].names
    )
    return Trace(
        report,
        entry_id,
        derivation.expression.text,
        derivation.expression.names,
        tuple(Step(text, value, units.display_for(value)) for text, value in steps),
        result,
        evaluation.display[entry_id],
        checks,
    )


def chain(evaluation: Evaluation, entry_id: str) -> Link:
    """An entry with the entries it is made of, down to claims and references.

    Built without recursion, and each entry once: an entry that two
    derivations use is one Link in both, so a lattice of diamonds costs as
    many Links as it has entries, not as many as it has paths."""
    built: dict[str, Link] = {}
    stack = [(entry_id, False)]
    while stack:
        name, parts_built = stack.pop()
        if name in built:
            continue
        source = evaluation.compiled.derivations.get(name)
        names = () if source is None else source.expression.names
        if not parts_built and any(part not in built for part in names):
            stack.append((name, True))
            stack.extend((part, False) for part in reversed(names) if part not in built)
            continue
        kind = evaluation.fact_base.kind_of(name) or ""
        text = None if source is None else source.expression.text
        value, unit = evaluation.values[name], evaluation.display[name]
        parts = tuple(built[part] for part in names)
        built[name] = Link(name, kind.removesuffix("s"), value, unit, text, parts)
    return built[entry_id]


def walk(link: Link) -> Iterator[tuple[int, Link | None, Link, bool]]:
    """Every entry under ``link``, depth first, as (depth, parent, entry,
    repeated): an entry met again is marked repeated and its parts are not
    walked again, so the walk is linear in the entries."""
    seen: set[str] = set()
    stack: list[tuple[int, Link | None, Link]] = [(0, None, link)]
    while stack:
        depth, parent, item = stack.pop()
        repeated = item.id in seen
        seen.add(item.id)
        yield depth, parent, item, repeated
        if not repeated:
            stack.extend((depth + 1, item, part) for part in reversed(item.parts))
