"""``cnii explain``: one check's findings, for people and for programs."""

from __future__ import annotations

from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.checks import gate
from cnii.engine import walk
from cnii.findings import BUDGET
from cnii.nearby import SHOWN
from cnii.records import Verdict
from cnii.render import common
from cnii.render.values import format_needed, format_value, value_json
from cnii.value import Value

if TYPE_CHECKING:
    from cnii.results import Evaluation, Explanation, Solution, Substitution


def explain_table(explanation: Explanation, stream: IO[str]) -> None:
    console = common.console_for(stream)
    evaluation = explanation.report.evaluation
    result = explanation.result
    console.print(common.header("explain", evaluation.fact_base.path))
    title = common.styled(result.id, "bold")
    line = evaluation.fact_base.line(f"checks.{result.id}")
    if line is not None:
        where = f" ({evaluation.fact_base.path}:{line})"
        title.append_text(common.styled(where, "dim", lines=False))
    title.append_text(common.styled(f": {result.check.statement}"))
    console.print(title)
    common.grid(
        console,
        [
            ("verdict", common.verdict_text(result)),
            *((("detail", common.detail(result)),) if common.detail(result) else ()),
            ("left", f"{result.left.expression} = {format_value(result.left.value, result.unit)}"),
            ("", common.RELATION_SIGNS[result.check.relation]),
            (
                "right",
                f"{result.right.expression} = {format_value(result.right.value, result.unit)}",
            ),
        ],
    )
    for name, link, expression in (
        ("left", explanation.left, result.check.left),
        ("right", explanation.right, result.check.right),
    ):
        console.print(common.section(f"behind the {name} side"))
        rows = common.link_rows(evaluation, link) if link else [("", "formula", expression, "")]
        common.grid(console, rows)
    if explanation.solutions:
        held = (
            "for the check to hold"
            if result.verdict is not Verdict.CONSISTENT
            else ("for the check to keep holding")
        )
        console.print(common.section(f"what each input would have to be {held}, all else as it is"))
        common.grid(console, [_solution_row(s) for s in explanation.solutions])
    if not explanation.complete:
        console.print(common.styled(f"  {_stopped(explanation)}", "yellow"))
    if result.verdict is Verdict.INCONSISTENT:
        console.print(common.section("other entries that may have been meant"))
        if not explanation.candidates:
            none = "  none fits, or comes ten times nearer than the input"
            console.print(common.styled(none, "dim"))
        common.grid(
            console,
            [_substitution_row(evaluation, c, result.verdict) for c in explanation.candidates],
        )
        if explanation.more_candidates:
            console.print(common.styled(f"  {more_text(explanation.more_candidates)}", "dim"))
    if explanation.rates:
        console.print(common.section("other rates"))
        common.grid(
            console, [_substitution_row(evaluation, c, result.verdict) for c in explanation.rates]
        )


def explain_text(explanation: Explanation, stream: IO[str]) -> None:
    """Tab-separated, as ``part, name, value, common.detail``: the verdict, both
    sides, the entries behind each (``name`` is the path down to it), what
    each input would have to be, the other entries and rates tried."""
    evaluation = explanation.report.evaluation
    result = explanation.result
    common.write_comment(stream, f"cnii {__version__} explain: {evaluation.fact_base.path}")
    rows: list[tuple[str, ...]] = [
        ("part", "name", "value", "detail"),
        ("check", result.id, common.verdict_text(result), result.check.statement),
        ("left", result.left.expression, format_value(result.left.value, result.unit), ""),
        (
            "right",
            result.right.expression,
            format_value(result.right.value, result.unit),
            common.detail(result),
        ),
    ]
    for side, link in (("left", explanation.left), ("right", explanation.right)):
        for _, parent, part, repeated in walk(link) if link else ():
            if repeated:
                continue
            kind, origin = common.describe_input(evaluation, part.id)
            name = part.id if parent is None else f"{parent.id}/{part.id}"
            value = format_value(part.value, part.unit)
            rows.append((f"behind {side}", name, value, f"{kind}: {origin}"))
    rows.extend(("needed", *_solution_row(s)) for s in explanation.solutions)
    if not explanation.complete:
        rows.append(("stopped", "", "", _stopped(explanation)))
    rows.extend(
        ("candidate", *_substitution_row(evaluation, c, result.verdict)[:3])
        for c in explanation.candidates
    )
    if explanation.more_candidates:
        count = explanation.more_candidates
        rows.append(("more candidates", "", str(count), more_text(count)))
    rows.extend(
        ("rate", *_substitution_row(evaluation, c, result.verdict)[:3]) for c in explanation.rates
    )
    common.write_rows(stream, rows)


def more_text(count: int) -> str:
    """What is said of the near entries that are counted, not shown."""
    return f"and {count:,} more that come as near (the nearest {SHOWN} for each input shown)"


def _stopped(explanation: Explanation) -> str:
    return (
        f"the search stopped early: it may compute {BUDGET:,} operations, and "
        f"{len(explanation.not_searched)} input(s) were left unsearched"
    )


def _solution_row(solution: Solution) -> tuple[str, ...]:
    now = f"now {format_value(solution.value, solution.unit)}"
    if not solution.searched:
        return (solution.id, "not searched: the search stopped early", now)
    if solution.needed is None:
        return (solution.id, "no value of this input alone would do", now)
    return (solution.id, format_needed(solution.needed, solution.unit), now)


def _substitution_row(
    evaluation: Evaluation, substitution: Substitution, now: Verdict
) -> tuple[str, ...]:
    """An entry tried in another's place; ``now`` is the check's own verdict."""
    outcome = str(substitution.verdict)
    if substitution.verdict is Verdict.INCONSISTENT:
        gap = common.gap_text(substitution.gap) or "gap too large to state"
        still = "still " if now is Verdict.INCONSISTENT else ""
        outcome = f"{still}inconsistent: {gap}"
    elif substitution.reason:
        outcome += f": {substitution.reason}"
    fact_base = evaluation.fact_base
    entry = fact_base.claims.get(substitution.by) or fact_base.references.get(substitution.by)
    return (
        f"{substitution.by} for {substitution.replaces}",
        format_value(substitution.value, substitution.unit),
        outcome,
        entry.statement if entry else "",
    )


def explanation_json(explanation: Explanation) -> dict[str, Any]:
    """The findings part of a check's JSON: what ``--explain`` adds to each check."""
    return {
        "inputs": list(explanation.inputs),
        "left": common.link_json(explanation.report.evaluation, explanation.left),
        "right": common.link_json(explanation.report.evaluation, explanation.right),
        "solutions": [
            {
                "id": s.id,
                "searched": s.searched,
                "current": value_json(s.value, s.unit),
                "needed": None
                if s.needed is None
                else value_json(Value(s.value.unit, s.needed), s.unit),
            }
            for s in explanation.solutions
        ],
        "candidates": [_substitution_json(c) for c in explanation.candidates],
        "more_candidates": explanation.more_candidates,
        "complete": explanation.complete,
        "rates": [_substitution_json(c) for c in explanation.rates],
    }


def _substitution_json(substitution: Substitution) -> dict[str, Any]:
    return {
        "replaces": substitution.replaces,
        "by": substitution.by,
        "value": value_json(substitution.value, substitution.unit),
        "verdict": str(substitution.verdict),
        "gap": common.gap_json(substitution.gap),
        "reason": substitution.reason,
    }


def explain_json(explanation: Explanation, stream: IO[str]) -> None:
    common.write_json(explain_document(explanation), stream)


def explain_document(explanation: Explanation) -> dict[str, Any]:
    report = explanation.report
    return common.document(
        report.fact_base.path,
        check=common.result_json(gate(report), explanation.result),
        **explanation_json(explanation),
    )
