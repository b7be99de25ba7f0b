"""``cnii explain``: one check's findings, for people and for programs."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.calc import Value
from cnii.checks import Report, Verdict
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
from cnii.render.derive import describe_input, grid, section
from cnii.render.values import format_value, json_number, value_json

if TYPE_CHECKING:
    from rich.console import Console

    from cnii.engine import Evaluation
    from cnii.findings import Explanation, Link, Solution, Substitution


def explain_text(evaluation: Evaluation, explanation: Explanation, console: Console) -> None:
    result = explanation.result
    console.print(header("explain", evaluation.fact_base.path))
    title = styled(result.id, "bold")
    line = evaluation.fact_base.line(f"checks.{result.id}")
    if line is not None:
        title.append(f" ({evaluation.fact_base.path}:{line})", style="dim")
    title.append(f": {result.check.statement}")
    console.print(title)
    grid(console, [
        ("verdict", verdict_text(result)),
        *((("detail", detail(result)),) if detail(result) else ()),
        ("left", f"{result.left.expression} = {format_value(result.left.value, result.unit)}"),
        ("", RELATION_SIGNS[result.check.relation]),
        ("right", f"{result.right.expression} = "
                  f"{format_value(result.right.value, result.unit)}"),
    ])
    for name, link, expression in (("left", explanation.left, result.check.left),
                                   ("right", explanation.right, result.check.right)):
        console.print(section(f"behind the {name} side"))
        rows = list(_link_rows(evaluation, link, 0)) if link else [
            ("", "formula", expression, "")]
        grid(console, rows)
    if explanation.solutions:
        held = "for the check to hold" if result.verdict is not Verdict.CONSISTENT else (
            "for the check to keep holding")
        console.print(section(f"what each input would have to be {held}, all else as it is"))
        grid(console, [_solution_row(s) for s in explanation.solutions])
    if result.verdict is Verdict.INCONSISTENT:
        console.print(section("other entries that may have been meant"))
        if not explanation.candidates:
            console.print(styled("  none fits, or comes ten times nearer than the input", "dim"))
        grid(console, [_substitution_row(evaluation, c) for c in explanation.candidates])
    if explanation.rates:
        console.print(section("other rates"))
        grid(console, [_substitution_row(evaluation, c) for c in explanation.rates])


def _link_rows(evaluation: Evaluation, link: Link, depth: int) -> list[tuple[str, ...]]:
    kind, origin = describe_input(evaluation, link.id)
    rows: list[tuple[str, ...]] = [
        ("  " * depth + link.id, kind, format_value(link.value, link.unit), origin)]
    for part in link.parts:
        rows.extend(_link_rows(evaluation, part, depth + 1))
    return rows


def _solution_row(solution: Solution) -> tuple[str, ...]:
    now = f"now {format_value(solution.value, solution.unit)}"
    if solution.needed is None:
        return (solution.id, "no value of this input alone would do", now)
    needed = Value(solution.value.unit, solution.needed)
    return (solution.id, format_value(needed, solution.unit), now)


def _substitution_row(evaluation: Evaluation, substitution: Substitution) -> tuple[str, ...]:
    outcome = str(substitution.verdict)
    if substitution.verdict is Verdict.INCONSISTENT:
        outcome = f"still inconsistent: {_gap_text(substitution)}"
    elif substitution.reason:
        outcome += f": {substitution.reason}"
    fact_base = evaluation.fact_base
    entry = fact_base.claims.get(substitution.by) or fact_base.references.get(substitution.by)
    return (f"{substitution.by} for {substitution.replaces}",
            format_value(substitution.value, substitution.unit), outcome,
            entry.statement if entry else "")


def _gap_text(substitution: Substitution) -> str:
    gap = substitution.gap
    if gap is None or gap.ratio is None or gap.relative_difference is None:
        return "gap too large to state"
    return f"ratio {gap.ratio:.3g}, {float(gap.relative_difference) * 100:+.1f} %"


def explanation_json(evaluation: Evaluation, explanation: Explanation) -> dict[str, Any]:
    """The findings part of a check's JSON: what ``--explain`` adds to each check."""
    return {
        "inputs": list(explanation.inputs),
        "left": _link_json(explanation.left),
        "right": _link_json(explanation.right),
        "solutions": [
            {"id": s.id, "current": value_json(s.value, s.unit),
             "needed": None if s.needed is None else value_json(
                 Value(s.value.unit, s.needed), s.unit)}
            for s in explanation.solutions
        ],
        "candidates": [_substitution_json(c) for c in explanation.candidates],
        "rates": [_substitution_json(c) for c in explanation.rates],
    }


def _link_json(link: Link | None) -> dict[str, Any] | None:
    if link is None:
        return None
    return {"id": link.id, "kind": link.kind, "formula": link.formula,
            **value_json(link.value, link.unit), "parts": [_link_json(p) for p in link.parts]}


def _substitution_json(substitution: Substitution) -> dict[str, Any]:
    gap = substitution.gap
    return {
        "replaces": substitution.replaces,
        "by": substitution.by,
        "value": value_json(substitution.value, substitution.unit),
        "verdict": str(substitution.verdict),
        "gap": None if gap is None else {"ratio": json_number(gap.ratio),
                                         "relative_difference":
                                         json_number(gap.relative_difference)},
        "reason": substitution.reason,
    }


def explain_json(evaluation: Evaluation, explanation: Explanation, report: Report,
                 stream: IO[str]) -> None:
    write_json({
        "cnii": __version__,
        "schema": JSON_SCHEMA_VERSION,
        "facts": evaluation.fact_base.path,
        "check": result_json(report, explanation.result),
        **explanation_json(evaluation, explanation),
    }, stream)
