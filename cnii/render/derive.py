"""``cnii derive``: a derivation step by step, and the list of them."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.checks import gate
from cnii.engine import chain
from cnii.render.common import (
    RELATION_SIGNS,
    console_for,
    describe_input,
    detail,
    document,
    grid,
    header,
    link_rows,
    result_json,
    section,
    styled,
    verdict_text,
    wrap,
    write_comment,
    write_json,
    write_rows,
)
from cnii.render.values import format_point, format_value, json_number, value_json

if TYPE_CHECKING:
    from cnii.results import Evaluation, Trace


def trace_json(trace: Trace, stream: IO[str]) -> None:
    write_json(trace_document(trace), stream)


def trace_document(trace: Trace) -> dict[str, Any]:
    evaluation = trace.report.evaluation
    inputs = []
    for entry_id in trace.inputs:
        kind, origin = describe_input(evaluation, entry_id)
        inputs.append(
            {
                "id": entry_id,
                "kind": kind,
                "origin": origin,
                **value_json(evaluation.values[entry_id], evaluation.display[entry_id]),
            }
        )
    judged = gate(trace.report)
    return document(
        evaluation.fact_base.path,
        id=trace.id,
        statement=evaluation.fact_base.derivations[trace.id].statement,
        formula=trace.formula,
        inputs=inputs,
        steps=[
            {"expression": step.expression, **value_json(step.value, step.unit)}
            for step in trace.steps
        ],
        result={
            **value_json(trace.result, trace.unit),
            "point": None
            if trace.result.point is None
            else json_number(trace.result.point / trace.unit.factor),
        },
        checks=[result_json(judged, r) for r in trace.checks],
    )


def trace_text(trace: Trace, stream: IO[str]) -> None:
    """Tab-separated: the formula, each input, each step, the result and each
    check, one a line, as ``part, name, value, detail``."""
    evaluation = trace.report.evaluation
    statement = evaluation.fact_base.derivations[trace.id].statement
    write_comment(stream, f"cnii {__version__} derive: {evaluation.fact_base.path}")
    rows = [("part", "name", "value", "detail"), ("formula", trace.id, trace.formula, statement)]
    for entry_id in trace.inputs:
        kind, origin = describe_input(evaluation, entry_id)
        value = format_value(evaluation.values[entry_id], evaluation.display[entry_id])
        rows.append(("input", entry_id, value, f"{kind}: {origin}"))
    rows.extend(
        ("step", str(number), format_value(step.value, step.unit), step.expression)
        for number, step in enumerate(trace.steps, 1)
    )
    point = format_point(trace.result, trace.unit)
    if point is not None:
        rows.append(("point", trace.id, point, "from the printed figures"))
    rows.append(
        ("result", trace.id, format_value(trace.result, trace.unit), trace.result.missing or "")
    )
    for r in trace.checks:
        sides = f"{r.left.expression} {RELATION_SIGNS[r.check.relation]} {r.right.expression}"
        rows.append(("check", r.id, verdict_text(r), "; ".join(filter(None, (sides, detail(r))))))
    write_rows(stream, rows)


def trace_table(trace: Trace, stream: IO[str]) -> None:
    console = console_for(stream)
    evaluation = trace.report.evaluation
    derivation = evaluation.fact_base.derivations[trace.id]
    console.print(header("derive", evaluation.fact_base.path))
    title = styled(trace.id, "bold")
    title.append_text(styled(f": {derivation.statement}"))
    console.print(title)
    console.print(section("formula"), styled(trace.formula))
    console.print(section("tree"))
    grid(console, link_rows(evaluation, chain(evaluation, trace.id)))
    console.print(section("inputs"))
    rows = []
    for entry_id in trace.inputs:
        kind, origin = describe_input(evaluation, entry_id)
        shown = format_value(evaluation.values[entry_id], evaluation.display[entry_id])
        rows.append((entry_id, kind, shown, origin))
    grid(console, rows)
    console.print(section("steps"))
    grid(
        console,
        [
            (f"{n}.", step.expression, "=", format_value(step.value, step.unit))
            for n, step in enumerate(trace.steps, 1)
        ],
    )
    console.print(section("result"))
    point = format_point(trace.result, trace.unit)
    result = f"  {trace.id} = {point or format_value(trace.result, trace.unit)}"
    if trace.result.missing:
        result += f": {trace.result.missing}"
    console.print(styled(wrap(result, console.width, 0, 4), "bold"))
    if point is not None and trace.result.interval is not None:
        allowed = format_value(trace.result, trace.unit)
        allows = f"from the printed figures; their rounding allows {allowed}"
        console.print(styled(wrap(allows, console.width, 2)))
    console.print(section("checks"))
    if not trace.checks:
        console.print(styled("  (no check uses this derivation)", "dim"))
    grid(
        console,
        [
            (
                r.id,
                verdict_text(r),
                f"{r.left.expression} {RELATION_SIGNS[r.check.relation]} {r.right.expression}",
                detail(r),
            )
            for r in trace.checks
        ],
    )


def _listed(evaluation: Evaluation) -> list[tuple[str, str, str]]:
    return [
        (
            entry_id,
            format_value(evaluation.values[entry_id], evaluation.display[entry_id]),
            evaluation.values[entry_id].missing or derivation.statement,
        )
        for entry_id, derivation in evaluation.fact_base.derivations.items()
    ]


def derivations_table(evaluation: Evaluation, stream: IO[str]) -> None:
    console = console_for(stream)
    console.print(header("derive", evaluation.fact_base.path))
    grid(console, _listed(evaluation))


def derivations_text(evaluation: Evaluation, stream: IO[str]) -> None:
    """Tab-separated: one derivation a line, with its value and statement."""
    write_comment(stream, f"cnii {__version__} derive: {evaluation.fact_base.path}")
    write_rows(stream, [("id", "value", "statement"), *_listed(evaluation)])


def derivations_json(evaluation: Evaluation, stream: IO[str]) -> None:
    write_json(derivations_document(evaluation), stream)


def derivations_document(evaluation: Evaluation) -> dict[str, Any]:
    return document(
        evaluation.fact_base.path,
        derivations=[
            {
                "id": entry_id,
                "statement": derivation.statement,
                "formula": derivation.formula,
                **value_json(evaluation.values[entry_id], evaluation.display[entry_id]),
            }
            for entry_id, derivation in evaluation.fact_base.derivations.items()
        ],
    )
