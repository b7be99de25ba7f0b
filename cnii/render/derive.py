"""``cnii derive``: a derivation step by step, and the list of them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING

from cnii import __version__
from cnii.checks import Report
from cnii.render.checks import (
    JSON_SCHEMA_VERSION,
    RELATION_SIGNS,
    detail,
    header,
    result_json,
    styled,
    verdict_text,
    write_json,
)
from cnii.render.values import format_value, value_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text
    from rich.tree import Tree

    from cnii.calc import Value
    from cnii.engine import Evaluation, Trace
    from cnii.findings import Link
    from cnii.units import Unit


def describe_input(evaluation: Evaluation, entry_id: str) -> tuple[str, str]:
    fact_base = evaluation.fact_base
    kind = fact_base.kind_of(entry_id) or ""
    if kind == "claims":
        claim = fact_base.claims[entry_id]
        qualifier = f" ({claim.qualifier})" if claim.qualifier else ""
        return "claim", f"printed {claim.printed!r}{qualifier}"
    if kind == "references":
        reference = fact_base.references[entry_id]
        status = "" if reference.status == "confirmed" else f", {reference.status}"
        return "reference", f"{reference.source}, {reference.date or 'undated'}{status}"
    return "derivation", fact_base.derivations[entry_id].formula


def trace_json(evaluation: Evaluation, trace: Trace, report: Report, stream: IO[str]) -> None:
    inputs = []
    for entry_id in trace.inputs:
        kind, origin = describe_input(evaluation, entry_id)
        inputs.append({"id": entry_id, "kind": kind, "origin": origin,
                       **value_json(evaluation.values[entry_id], evaluation.display[entry_id])})
    document = {
        "cnii": __version__,
        "schema": JSON_SCHEMA_VERSION,
        "facts": evaluation.fact_base.path,
        "id": trace.id,
        "statement": evaluation.fact_base.derivations[trace.id].statement,
        "formula": trace.formula,
        "inputs": inputs,
        "steps": [{"expression": text, **value_json(value, auto_unit(evaluation, value))}
                  for text, value in trace.steps],
        "result": value_json(trace.result, trace.unit),
        "checks": [result_json(report, r) for r in trace.checks],
    }
    write_json(document, stream)


def auto_unit(evaluation: Evaluation, value: Value) -> Unit:
    magnitude = Decimal(0)
    if value.interval is not None:
        magnitude = max((b.copy_abs() for b in (value.interval.lo, value.interval.hi)
                         if b.is_finite()), default=Decimal(0))
    return evaluation.units.display_unit(value.unit, magnitude)


def trace_text(evaluation: Evaluation, trace: Trace, report: Report, console: Console) -> None:
    derivation = evaluation.fact_base.derivations[trace.id]
    console.print(header("derive", evaluation.fact_base.path))
    title = styled(trace.id, "bold")
    title.append(f": {derivation.statement}")
    console.print(title)
    console.print(section("formula"), styled(trace.formula))
    console.print(section("tree"))
    console.print(_tree(evaluation, trace.id))
    console.print(section("inputs"))
    rows = []
    for entry_id in trace.inputs:
        kind, origin = describe_input(evaluation, entry_id)
        shown = format_value(evaluation.values[entry_id], evaluation.display[entry_id])
        rows.append((entry_id, kind, shown, origin))
    grid(console, rows)
    console.print(section("steps"))
    grid(console, [(f"{n}.", text, "=", format_value(value, auto_unit(evaluation, value)))
                    for n, (text, value) in enumerate(trace.steps, 1)])
    console.print(section("result"))
    result = f"  {trace.id} = {format_value(trace.result, trace.unit)}"
    if trace.result.missing:
        result += f": {trace.result.missing}"
    console.print(styled(result, "bold"))
    console.print(section("checks"))
    if not trace.checks:
        console.print(styled("  (no check uses this derivation)", "dim"))
    grid(console, [(r.id, verdict_text(r), f"{r.left.expression} "
                     f"{RELATION_SIGNS[r.check.relation]} {r.right.expression}", detail(r))
                    for r in trace.checks])


def _tree(evaluation: Evaluation, entry_id: str) -> Tree:
    """The derivation and what it is made of, down to claims and references."""
    from rich.tree import Tree

    from cnii.findings import chain

    def label(link: Link) -> Text:
        kind, origin = describe_input(evaluation, link.id)
        text = styled(link.id, "bold")
        text.append(f"  {kind}  {format_value(link.value, link.unit)}  ")
        text.append(origin, style="dim")
        return text

    def grow(node: Tree, link: Link) -> None:
        for part in link.parts:
            grow(node.add(label(part)), part)

    root = chain(evaluation, entry_id)
    tree = Tree(label(root))
    grow(tree, root)
    return tree


def derivations_list(evaluation: Evaluation, console: Console) -> None:
    console.print(header("derive", evaluation.fact_base.path))
    grid(console, [
        (entry_id, format_value(evaluation.values[entry_id], evaluation.display[entry_id]),
         evaluation.values[entry_id].missing or derivation.statement)
        for entry_id, derivation in evaluation.fact_base.derivations.items()
    ])


def section(name: str) -> Text:
    return styled(f"\n{name}", "bold underline")


def grid(console: Console, rows: Iterable[tuple[str, ...]],
         styles: Sequence[str] | None = None) -> None:
    """Rows in aligned columns, indented; ``styles`` gives one style a row."""
    from rich.table import Table

    table = Table.grid(padding=(0, 2))
    for number, row in enumerate(rows):
        style = styles[number] if styles else ""
        table.add_row("", *(styled(cell, style) for cell in row))
    if table.row_count:
        console.print(table)
