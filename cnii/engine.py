"""From a validated fact base to values, derivations and check results."""

from __future__ import annotations

import difflib
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from decimal import Decimal

from cnii import formula
from cnii.calc import POINT, Value
from cnii.checks import CheckResult, Report, Side, judge_fully
from cnii.errors import (
    CniiError,
    CycleError,
    DimensionError,
    FormulaError,
    SchemaError,
    UnitError,
)
from cnii.factbase import FactBase
from cnii.figures import (
    QUALIFIERS,
    Bound,
    Figure,
    implied_interval,
    matches_printed,
    parse_figure,
)
from cnii.formula import Step
from cnii.interval import UP
from cnii.records import Claim, Reference
from cnii.units import Unit, Units, format_units


@dataclass(frozen=True)
class Evaluation:
    """Every entry's value in root units, and the unit to show it in."""

    fact_base: FactBase
    units: Units
    values: Mapping[str, Value]
    display: Mapping[str, Unit]
    formulas: Mapping[str, formula.Node]


@dataclass(frozen=True)
class Trace:
    """One derivation, step by step."""

    id: str
    formula: str
    inputs: tuple[str, ...]
    steps: tuple[Step, ...]
    result: Value
    unit: Unit
    checks: tuple[CheckResult, ...]


def evaluate(fact_base: FactBase) -> Evaluation:
    """Each claim and reference as an interval; each derivation computed."""
    with at("", fact_base):
        units = Units(fact_base.units)
    values: dict[str, Value] = {}
    display: dict[str, Unit] = {}
    for kind, entries in (("claims", fact_base.claims), ("references", fact_base.references)):
        for entry_id, entry in entries.items():
            with at(f"{kind}.{entry_id}", fact_base):
                value, display[entry_id] = figure_value(entry, units)
            if value.missing:  # say which entry is unknown wherever it is used
                value = Value(value.unit, None, f"{entry_id}: {value.missing}", value.point)
            values[entry_id] = value
    formulas = {}
    for entry_id, derivation in fact_base.derivations.items():
        with at(f"derivations.{entry_id}.formula", fact_base):
            formulas[entry_id] = formula.parse(derivation.formula)
    for entry_id in _order(fact_base, formulas):
        with at(f"derivations.{entry_id}.formula", fact_base):
            values[entry_id] = formula.evaluate(formulas[entry_id], values.__getitem__)
        with at(f"derivations.{entry_id}.unit", fact_base):
            display[entry_id] = _unit_for(units, values[entry_id],
                                          fact_base.derivations[entry_id].unit)
    return Evaluation(fact_base, units, values, display, formulas)


def run_checks(evaluation: Evaluation, strict: bool = False) -> Report:
    """Every check's verdict."""
    fact_base = evaluation.fact_base
    results = []
    for check_id, check in fact_base.checks.items():
        where = f"checks.{check_id}"
        nodes, sides = [], []
        for name in ("left", "right"):
            expression = getattr(check, name)
            with at(f"{where}.{name}", fact_base):
                node = formula.parse(expression)
                _known(evaluation.values, formula.references(node))
                value = formula.evaluate(node, evaluation.values.__getitem__)
            sides.append(Side(expression, value))
            nodes.append(node)
        left, right = sides
        with at(where, fact_base):
            if left.value.unit != right.value.unit:
                raise DimensionError(f"cannot compare {_unit_name(left.value)} with "
                                     f"{_unit_name(right.value)}")
        with at(f"{where}.unit", fact_base):
            unit = _check_unit(evaluation, check.unit, nodes, left.value)
        if check.rates:
            with at(f"{where}.rates", fact_base):
                _check_rates(evaluation, check.rates, nodes)
        verdict, reason, gap, rounding_only = judge_fully(check.relation, left.value,
                                                          right.value)
        results.append(CheckResult(check_id, check, left, right, unit, verdict, reason, gap,
                                   rounding_only))
    return Report(fact_base, tuple(results), strict)


class at:
    """Name ``where`` (an entry, or a field of one) in an input error raised
    inside, and with a fact base, place it in that file.

    A class rather than @contextmanager: it is entered once per entry, and
    the generator machinery costs more than the work at 10,000 entries."""

    __slots__ = ("fact_base", "where")

    def __init__(self, where: str, fact_base: FactBase | None = None) -> None:
        self.where = where
        self.fact_base = fact_base

    def __enter__(self) -> None:
        return None

    def __exit__(self, kind: object, error: BaseException | None, trace: object) -> None:
        if isinstance(error, CniiError) and error.file is None:
            error.entry = ".".join(part for part in (self.where, error.entry) if part)
            if self.fact_base is not None:
                self.fact_base.error(error)


def trace(evaluation: Evaluation, name: str, report: Report) -> Trace:
    """The derivation called ``name`` (``prior-year`` finds ``prior_year``)."""
    entry_id = name.replace("-", "_")
    node = evaluation.formulas[entry_id]
    steps: list[Step] = []
    result = formula.evaluate(node, evaluation.values.__getitem__, steps)
    inputs = tuple(dict.fromkeys(formula.references(node)))
    checks = tuple(r for r in report.results if entry_id in _mentions(r))
    return Trace(entry_id, evaluation.fact_base.derivations[entry_id].formula, inputs,
                 tuple(steps), result, evaluation.display[entry_id], checks)


def _mentions(result: CheckResult) -> set[str]:
    return {ref for side in (result.check.left, result.check.right)
            for ref in formula.references(formula.parse(side))}


def figure_value(entry: Claim | Reference, units: Units) -> tuple[Value, Unit]:
    """The interval a claim or reference stands for, and its unit as written."""
    if entry.value is None:  # an unconfirmed reference that has no figure at all
        assert isinstance(entry, Reference) and entry.unit is not None
        with at("unit"):
            unit = units.parse(entry.unit)
        return Value(unit.root, None, f"no confirmed figure ({entry.note})"), unit
    with at("value"):
        figure = parse_figure(entry.value)
        unit = units.parse(figure.unit_text)
    bound = Bound.ROUNDED
    if isinstance(entry, Claim):
        _matches_printed(entry, figure)
        bound = QUALIFIERS[entry.qualifier]
    rounding = entry.rounding or ("exact" if _is_stated_count(entry, unit) else "half-up")
    step = _in_units_of(unit, entry.precision, units, "precision") or figure.step
    tolerance = _in_units_of(unit, getattr(entry, "tolerance", None), units, "tolerance")
    interval = implied_interval(figure.number, step, bound, rounding, tolerance or Decimal(0))
    scaled = interval.scale(unit.factor)
    if isinstance(entry, Reference) and entry.status == "unconfirmed":
        return Value(unit.root, None, f"unconfirmed ({entry.note})"), unit
    # A bound ("over 17,000") has no printed point; a rounded figure has.
    point = POINT.multiply(figure.number, unit.factor) if bound in (
        Bound.ROUNDED, Bound.EXACT) else None
    return Value(unit.root, scaled, point=point), unit


def _is_stated_count(entry: Claim | Reference, unit: Unit) -> bool:
    """Counts stated plainly ("41 sectors") are exact; "about 17,000" is not."""
    qualifier = entry.qualifier if isinstance(entry, Claim) else ""
    return qualifier == "" and dict(unit.root) == {"count": 1}


def _matches_printed(claim: Claim, figure: Figure) -> None:
    """A claim's value must be what its printed figure says (a transcription
    check): the same number with the same digits, or the count of its items."""
    if claim.items is None:
        if not matches_printed(figure, claim.printed):
            raise UnitError(f"the number {figure.digits} does not occur in the printed "
                            f"figure {claim.printed!r}", entry="value")
        return
    for item in claim.items:
        if item not in claim.printed:
            raise UnitError(f"item {item!r} does not occur in the printed figure",
                            entry="items")
    if figure.number != len(claim.items):
        raise UnitError(f"the value counts {figure.digits}, but {len(claim.items)} items "
                        "are listed", entry="value")


def _in_units_of(unit: Unit, text: str | None, units: Units, field: str) -> Decimal | None:
    """A precision or tolerance, expressed in the scale of the entry's value."""
    if text is None:
        return None
    with at(field):
        figure = parse_figure(text)
        other = units.parse(figure.unit_text)
        if other.root != unit.root:
            raise DimensionError(f"{text!r} is not in the dimension of the value "
                                 f"({_unit_name(Value(unit.root, None))})")
        if figure.number < 0 or (field == "precision" and figure.number == 0):
            wanted = "positive" if field == "precision" else "zero or more"
            raise SchemaError(f"{text!r}: a {field} must be {wanted}")
    return UP.divide(UP.multiply(figure.number, other.factor), unit.factor)


def leaves(evaluation: Evaluation, node: formula.Node) -> Iterator[str]:
    """The claims and references a formula rests on, through derivations."""
    for name in formula.references(node):
        source = evaluation.formulas.get(name)
        if source is None:
            yield name
        else:
            yield from leaves(evaluation, source)


def _check_rates(evaluation: Evaluation, rates: tuple[str, ...],
                 nodes: list[formula.Node]) -> None:
    """Alternative rates must exist, share one dimension, and have an input of
    the check to stand in for."""
    _known(evaluation.values, rates)
    units = {evaluation.values[rate].unit for rate in rates}
    if len(units) > 1:
        raise DimensionError("the rates are not all of one dimension")
    (unit,) = units
    inputs = {leaf for node in nodes for leaf in leaves(evaluation, node)}
    if not any(evaluation.values[leaf].unit == unit for leaf in inputs):
        raise DimensionError(f"no input of this check is in {_unit_name(Value(unit, None))}, "
                             "the dimension of its rates")


def _unit_for(units: Units, result: Value, declared: str | None) -> Unit:
    if declared is None:
        return units.display_unit(result.unit, _magnitude(result))
    unit = units.parse(declared)
    if unit.root != result.unit:
        raise DimensionError(f"the formula gives {_unit_name(result)}, not {declared!r}")
    return unit


def _check_unit(evaluation: Evaluation, declared: str | None, nodes: list[formula.Node],
                value: Value) -> Unit:
    """The unit to show both sides in: the check's own, else that of the first
    side that names an entry (a known one first), else one chosen for the size
    of the value."""
    if declared is not None:
        return _unit_for(evaluation.units, value, declared)
    named = [node.name for node in nodes if isinstance(node, formula.Ref)]
    known = [name for name in named if evaluation.values[name].interval is not None]
    if known or named:
        return evaluation.display[(known or named)[0]]
    return evaluation.units.display_unit(value.unit, _magnitude(value))


def _magnitude(value: Value) -> Decimal:
    interval = value.interval
    if interval is None:
        return Decimal(0)
    finite = [b for b in (interval.lo, interval.hi) if b.is_finite()]
    return max((b.copy_abs() for b in finite), default=Decimal(0))


def _known(values: Mapping[str, object], names: Iterable[str]) -> None:
    for name in names:
        if name not in values:
            close = difflib.get_close_matches(name, list(values), n=1)
            hint = f" (did you mean {close[0]!r}?)" if close else ""
            raise FormulaError(f"unknown id {name!r}{hint}")


def _unit_name(value: Value) -> str:
    return format_units(value.unit) or "a pure number or share"


def _order(fact_base: FactBase, formulas: Mapping[str, formula.Node]) -> list[str]:
    """Derivations in an order where each comes after those it uses."""
    known = dict.fromkeys([*fact_base.claims, *fact_base.references, *formulas])
    uses: dict[str, list[str]] = {}
    for entry_id, node in formulas.items():
        names = list(dict.fromkeys(formula.references(node)))
        with at(f"derivations.{entry_id}.formula", fact_base):
            _known(known, names)
        uses[entry_id] = [name for name in names if name in formulas]
    waiting = {entry_id: len(deps) for entry_id, deps in uses.items()}
    used_by: dict[str, list[str]] = {entry_id: [] for entry_id in formulas}
    for entry_id, deps in uses.items():
        for dep in deps:
            used_by[dep].append(entry_id)
    ready = [entry_id for entry_id, count in waiting.items() if count == 0]
    order = []
    while ready:
        entry_id = ready.pop()
        order.append(entry_id)
        for user in used_by[entry_id]:
            waiting[user] -= 1
            if waiting[user] == 0:
                ready.append(user)
    if len(order) < len(formulas):
        cycle = _cycle({e for e in formulas if waiting[e] > 0}, uses)
        raise fact_base.error(CycleError(
            "derivations form a cycle: " + " -> ".join(cycle),
            entry=f"derivations.{cycle[0]}.formula"))
    return order


def _cycle(stuck: set[str], uses: Mapping[str, list[str]]) -> list[str]:
    """One cycle among derivations that could not be ordered."""
    path: list[str] = []
    seen: dict[str, int] = {}
    node = min(stuck)
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(dep for dep in uses[node] if dep in stuck)
    return [*path[seen[node]:], node]
