"""The compile step: from a validated fact base to one that can be evaluated.

Every unit is parsed, every formula parsed once, every id resolved, the
derivations ordered so that each comes after those it uses, and each
computed, which checks its dimensions on the way (every operation checks
units before it looks at numbers). Every input error that the meaning of a
fact base can cause is raised here, placed in its file, entry and line;
after ``compile_fact_base`` returns, checking cannot fail on the input.

Its records are NamedTuples rather than frozen dataclasses: every command
builds these classes at start-up, and a NamedTuple class takes 0.1 ms to
make where a frozen dataclass takes 0.7 ms (measured)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, NamedTuple

from cnii import formula
from cnii.errors import (
    CniiError,
    Collector,
    CycleError,
    DimensionError,
    FormulaError,
    did_you_mean,
)
from cnii.factbase import PACK_PREFIX, FactBase
from cnii.figures import figure_value, literal_value
from cnii.units import Unit, Units, units_name
from cnii.value import Value

if TYPE_CHECKING:
    from pint.util import UnitsContainer

    from cnii.records import Check, Claim, Reference


class Expression(NamedTuple):
    """A formula or a check side: its text, its tree and the ids it names."""

    text: str
    node: formula.Node
    names: tuple[str, ...]  # each once, in order of appearance


class Leaf(NamedTuple):
    """A claim or reference: the interval its figure stands for."""

    id: str
    kind: str  # "claims" or "references"
    value: Value
    unit: Unit  # as written in the fact base


class CompiledDerivation(NamedTuple):
    id: str
    expression: Expression
    unit: Unit | None  # the declared unit, if any
    value: Value  # computed while its dimension was checked: one pass, not two


class CompiledCheck(NamedTuple):
    id: str
    check: Check
    left: Expression
    right: Expression
    dimension: UnitsContainer
    unit: Unit | None  # the declared unit, if any

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys((*self.left.names, *self.right.names)))


class CompiledFactBase(NamedTuple):
    """A fact base whose every formula, unit and id has been checked.
    ``derivations`` are in evaluation order."""

    fact_base: FactBase
    units: Units
    leaves: Mapping[str, Leaf]
    derivations: Mapping[str, CompiledDerivation]
    checks: Mapping[str, CompiledCheck]
    # references whose vintage a check that uses them should name
    vintages: Mapping[str, str] = {}
    # each derivation's place in evaluation order
    rank: Mapping[str, int] = {}

    def behind(self, names: Iterable[str]) -> set[str]:
        """Every entry that ``names`` rest on, through derivations, themselves
        included; each entry visited once, without recursion. What a union of
        names rests on is the union of what each rests on: one walk for all."""
        seen: set[str] = set()
        stack = list(names)
        while stack:
            name = stack.pop()
            if name in seen:
                continue
            seen.add(name)
            derivation = self.derivations.get(name)
            if derivation is not None:
                stack.extend(derivation.expression.names)
        return seen

    def derivations_behind(self, names: Iterable[str]) -> tuple[str, ...]:
        """The derivations that ``names`` rest on (themselves included), in
        evaluation order: sorted by rank, so the cost is that of what is
        found, not of the whole fact base."""
        found = [name for name in self.behind(names) if name in self.rank]
        return tuple(sorted(found, key=self.rank.__getitem__))

    def inputs(self, names: Iterable[str]) -> tuple[str, ...]:
        """The claims and references that ``names`` rest on, through
        derivations, in order of first appearance; each entry visited once."""
        found: dict[str, None] = {}
        seen: set[str] = set()
        stack = [iter(names)]
        while stack:
            name = next(stack[-1], None)
            if name is None:
                stack.pop()
            elif name not in seen:
                seen.add(name)
                derivation = self.derivations.get(name)
                if derivation is None:
                    found[name] = None
                else:
                    stack.append(iter(derivation.expression.names))
        return tuple(found)


def compile_fact_base(fact_base: FactBase) -> CompiledFactBase:
    """Check everything a fact base means, or raise its input errors: every
    one that a single pass finds (an entry that rests on a broken one is not
    reported again), as one InputErrors when there are several."""
    try:
        units = Units(fact_base.units)
    except CniiError as error:
        raise _placed(fact_base, "", error) from None
    errors = Collector()
    broken: set[str] = set()  # entries with an error: what uses them is skipped
    leaves = _leaves(fact_base, units, errors, broken)
    known = {*fact_base.claims, *fact_base.references, *fact_base.derivations}
    expressions = {}
    for entry_id, derivation in fact_base.derivations.items():
        where = f"derivations.{entry_id}.formula"
        try:
            expressions[entry_id] = _expression(fact_base, units, derivation.formula, where, known)
        except CniiError as error:
            errors.add(error)
            broken.add(entry_id)
    # each entry's value: a derivation's is computed in checking its
    # dimension (every operation checks units before it looks at numbers)
    values = {entry_id: leaf.value for entry_id, leaf in leaves.items()}
    derivations = {}
    order, cycle = _order(fact_base, expressions)
    if cycle is not None:
        errors.add(cycle)
    for entry_id in order:
        where = f"derivations.{entry_id}"
        expression = expressions[entry_id]
        if broken.intersection(expression.names):
            broken.add(entry_id)
            continue
        try:
            value = _evaluate(fact_base, expression, values, f"{where}.formula")
            unit = _declared_unit(
                fact_base, units, fact_base.derivations[entry_id].unit, value.unit, f"{where}.unit"
            )
        except CniiError as error:
            errors.add(error)
            broken.add(entry_id)
            continue
        values[entry_id] = value
        derivations[entry_id] = CompiledDerivation(entry_id, expression, unit, value)
    ordered = set(order)
    broken.update(entry_id for entry_id in expressions if entry_id not in ordered)  # in a cycle
    compiled = CompiledFactBase(fact_base, units, leaves, derivations, {})
    checks = {}
    for check_id, check in fact_base.checks.items():
        try:
            compiled_check = _check(compiled, check_id, check, known, values, broken)
        except CniiError as error:
            errors.add(error)
            continue
        if compiled_check is not None:
            checks[check_id] = compiled_check
    try:
        vintages = _vintages(fact_base)
    except CniiError as error:
        errors.add(error)
    errors.raise_any()
    rank = {entry_id: place for place, entry_id in enumerate(derivations)}
    return CompiledFactBase(fact_base, units, leaves, derivations, checks, vintages, rank)


def _vintages(fact_base: FactBase) -> dict[str, str]:
    """What to say of each reference that a check should not silently rest
    on: a forecast, a figure that another reference ``replaces``, and a
    looked-up figure's source and date."""
    notes: dict[str, str] = {}

    def note(entry_id: str, text: str) -> None:  # every note of an entry, in one
        notes[entry_id] = f"{notes[entry_id]}; {text}" if entry_id in notes else text

    for entry_id, reference in fact_base.references.items():
        if reference.lookup is not None:  # where a looked-up figure comes from, always
            also = f"; {reference.note}" if reference.note else ""
            note(entry_id, f"{entry_id} is the {reference.source}{also}")
        origin = fact_base.origins.get(f"references.{entry_id}")
        if origin is not None and origin.path.startswith(PACK_PREFIX):  # a bundled figure
            note(
                entry_id, f"{entry_id} is from {origin.path}: {reference.source}, {reference.date}"
            )
        if reference.status == "forecast":
            note(entry_id, f"{entry_id} is a forecast")
        replaced = reference.replaces
        if replaced is None:
            continue
        where = f"references.{entry_id}.replaces"
        if replaced not in fact_base.references:
            known = fact_base.references.keys()
            message = f"no reference {replaced!r} to replace{did_you_mean(replaced, known)}"
            raise fact_base.error(FormulaError, message, where)
        if replaced == entry_id:
            raise fact_base.error(FormulaError, "a reference cannot replace itself", where)
        old = fact_base.references[replaced]
        note(replaced, f"{replaced} ({old.status}) is replaced by {entry_id} ({reference.status})")
    return notes


def _placed(fact_base: FactBase, where: str, error: CniiError) -> CniiError:
    """A parser's unplaced error, raised again with its file, entry and line."""
    entry = ".".join(part for part in (where, error.entry) if part)
    return fact_base.error(type(error), error.message, entry)


def _leaves(
    fact_base: FactBase, units: Units, errors: Collector, broken: set[str]
) -> dict[str, Leaf]:
    leaves = {}
    kinds: dict[str, Mapping[str, Claim | Reference]] = {
        "claims": fact_base.claims,
        "references": fact_base.references,
    }
    for kind, entries in kinds.items():
        for entry_id, entry in entries.items():
            try:
                value, unit = figure_value(entry, units)
            except CniiError as error:
                errors.add(_placed(fact_base, f"{kind}.{entry_id}", error))
                broken.add(entry_id)
                continue
            if value.missing:  # say which entry is unknown wherever it is used
                value = Value(value.unit, None, f"{entry_id}: {value.missing}", value.point)
            leaves[entry_id] = Leaf(entry_id, kind, value, unit)
    return leaves


def _expression(
    fact_base: FactBase, units: Units, text: str, where: str, known: set[str]
) -> Expression:
    try:
        node = formula.parse(text)
        if not isinstance(node, formula.Ref) and next(formula.literals(node), None):
            node = formula.bind(node, lambda figure: literal_value(figure, units))
    except CniiError as error:
        raise _placed(fact_base, where, error) from None
    if isinstance(node, formula.Ref):  # most check sides name one entry
        names: tuple[str, ...] = (node.name,)
    else:
        names = tuple(dict.fromkeys(formula.references(node)))
    for name in names:
        if name not in known:
            message = f"unknown id {name!r}{did_you_mean(name, known)}"
            raise fact_base.error(FormulaError, message, where)
    return Expression(text, node, names)


def _evaluate(
    fact_base: FactBase,
    expression: Expression,
    values: Mapping[str, Value],
    where: str,
) -> Value:
    """The value of an expression, and so its dimension, or the unit error
    it makes, placed."""
    if isinstance(expression.node, formula.Ref):  # most check sides: nothing to compute
        return values[expression.node.name]
    try:
        return formula.evaluate(expression.node, values.__getitem__)
    except CniiError as error:
        raise _placed(fact_base, where, error) from None


def _declared_unit(
    fact_base: FactBase, units: Units, declared: str | None, dimension: UnitsContainer, where: str
) -> Unit | None:
    if declared is None:
        return None
    try:
        unit = units.parse(declared)
    except CniiError as error:
        raise _placed(fact_base, where, error) from None
    if unit.root != dimension:
        message = f"the formula gives {units_name(dimension)}, not {declared!r}"
        raise fact_base.error(DimensionError, message, where)
    return unit


def _check(
    compiled: CompiledFactBase,
    check_id: str,
    check: Check,
    known: set[str],
    values: Mapping[str, Value],
    broken: set[str],
) -> CompiledCheck | None:
    """The check compiled, or None where it rests on a broken entry (whose
    error is reported already)."""
    fact_base = compiled.fact_base
    where = f"checks.{check_id}"
    sides = [
        _expression(fact_base, compiled.units, getattr(check, name), f"{where}.{name}", known)
        for name in ("left", "right")
    ]
    if broken and (
        any(broken.intersection(side.names) for side in sides)
        or broken.intersection(check.rates or ())
    ):
        return None
    found = [
        _evaluate(fact_base, side, values, f"{where}.{name}").unit
        for side, name in zip(sides, ("left", "right"), strict=True)
    ]
    left, right = found
    if left != right:
        message = f"cannot compare {units_name(left)} with {units_name(right)}"
        raise fact_base.error(DimensionError, message, where)
    unit = _declared_unit(fact_base, compiled.units, check.unit, left, f"{where}.unit")
    if check.rates:
        _check_rates(compiled, check.rates, sides, known, values, f"{where}.rates")
    return CompiledCheck(check_id, check, sides[0], sides[1], left, unit)


def _check_rates(
    compiled: CompiledFactBase,
    rates: tuple[str, ...],
    sides: list[Expression],
    known: set[str],
    values: Mapping[str, Value],
    where: str,
) -> None:
    """Alternative rates must exist, share one dimension, and have an input of
    the check to stand in for."""
    fact_base = compiled.fact_base
    for rate in rates:
        if rate not in known:
            message = f"unknown id {rate!r}{did_you_mean(rate, known)}"
            raise fact_base.error(FormulaError, message, where)
    found = {values[rate].unit for rate in rates}
    if len(found) > 1:
        raise fact_base.error(DimensionError, "the rates are not all of one dimension", where)
    (dimension,) = found
    inputs = compiled.inputs(name for side in sides for name in side.names)
    if not any(values[name].unit == dimension for name in inputs):
        message = (
            f"no input of this check is in {units_name(dimension)}, the dimension of its rates"
        )
        raise fact_base.error(DimensionError, message, where)


def _order(
    fact_base: FactBase, expressions: Mapping[str, Expression]
) -> tuple[list[str], CycleError | None]:
    """Derivations in an order where each comes after those it uses, and
    the error for a cycle among the others, if there is one."""
    uses = {
        entry_id: [name for name in expression.names if name in expressions]
        for entry_id, expression in expressions.items()
    }
    waiting = {entry_id: len(deps) for entry_id, deps in uses.items()}
    used_by: dict[str, list[str]] = {entry_id: [] for entry_id in expressions}
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
    if len(order) < len(expressions):
        cycle = _cycle({e for e in expressions if waiting[e] > 0}, uses)
        message = "derivations form a cycle: " + " -> ".join(cycle)
        return order, fact_base.error(CycleError, message, f"derivations.{cycle[0]}.formula")
    return order, None


def _cycle(stuck: set[str], uses: Mapping[str, list[str]]) -> list[str]:
    """One cycle among derivations that could not be ordered."""
    path: list[str] = []
    seen: dict[str, int] = {}
    node = min(stuck)
    while node not in seen:
        seen[node] = len(path)
        path.append(node)
        node = next(dep for dep in uses[node] if dep in stuck)
    return [*path[seen[node] :], node]
