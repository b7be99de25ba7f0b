"""Reports of ``cnii check``: a rich table, tab-separated text, JSON.

Each takes the gates of one or more fact bases: several fact bases give a
table or a text block each, and JSON Lines (one document a line)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.records import Verdict
from cnii.render.common import (
    RELATION_SIGNS,
    console_for,
    detail,
    document,
    header,
    result_json,
    styled,
    summary,
    verdict_text,
    wrap,
    write_comment,
    write_json,
    write_rows,
)
from cnii.render.pictures import WIDTH, end_labels, number_line
from cnii.render.values import format_value
from cnii.results import CheckResult, Gate

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

STYLES = {Verdict.CONSISTENT: "green", Verdict.INCONSISTENT: "red", Verdict.UNVERIFIABLE: "yellow"}


def check_json(gates: Sequence[Gate], stream: IO[str]) -> None:
    """The documented JSON shape of ``cnii check --format json``, a line per
    fact base; with ``--explain``, each check also carries its findings."""
    for gate in gates:
        write_json(check_document(gate), stream)


def check_document(gate: Gate) -> dict[str, Any]:
    report = gate.report
    checks = [result_json(gate, r) for r in report.results]
    if report.explanations is not None:
        from cnii.render.explain import explanation_json

        for check in checks:
            found = report.explanations.get(check["id"])
            check["explanation"] = None if found is None else explanation_json(found)
    fact_base = report.fact_base
    return document(
        fact_base.path,
        strict=gate.strict,
        checks=checks,
        warnings=[
            {"entry": n.entry, "line": fact_base.line(n.entry), "message": n.message}
            for n in report.notices
        ],
        summary={
            "checks": len(report.results),
            **{str(v): report.counts[v] for v in Verdict},
            "unexpected": report.unexpected,
            "proposed": report.proposed,
            "passed": gate.passed,
        },
    )


def check_text(gates: Sequence[Gate], stream: IO[str]) -> None:
    """Tab-separated lines with a header: one per check, then a summary."""
    for gate in gates:
        write_comment(stream, f"cnii {__version__} check: {gate.report.fact_base.path}")
        columns = (
            "id",
            "verdict",
            "expected",
            "gate",
            "relation",
            "left",
            "left_value",
            "right",
            "right_value",
            "detail",
        )
        write_rows(
            stream,
            [
                columns,
                *(
                    (
                        r.id,
                        str(r.verdict),
                        str(r.expected),
                        "FAIL" if gate.fails(r) else "ok",
                        r.check.relation,
                        r.left.expression,
                        format_value(r.left.value, r.unit),
                        r.right.expression,
                        format_value(r.right.value, r.unit),
                        detail(r),
                    )
                    for r in gate.report.results
                ),
            ],
        )
        write_comment(stream, summary(gate))


# The detail column of the table is prose that wraps at spaces; below this
# many characters for it, the stacked layout reads better.
_DETAIL_AT_LEAST = 30


def check_table(gates: Sequence[Gate], stream: IO[str]) -> None:
    """For people: a table where every column but the prose fits unwrapped,
    else a block per check, so that nothing is cut and no id or number is
    broken at any terminal width."""
    console = console_for(stream)
    for gate in gates:
        report = gate.report
        console.print(header("check", report.fact_base.path, report.evaluation))
        if _table_width(gate) + _DETAIL_AT_LEAST <= console.width:
            _table(console, gate)
        else:
            _blocks(console, gate)
            console.print()
        for line, style in _recap(gate):
            console.print(styled(wrap(line, console.width), style))
        console.print(
            styled(wrap(summary(gate), console.width), "green" if gate.passed else "bold red")
        )


# At most this many ids in each line of the recap, then a count of the rest.
_RECAP_IDS = 20


def _recap(gate: Gate) -> list[tuple[str, str]]:
    """What a reader scrolls back for, after the last check: the checks that
    fail the gate, and the inconsistent ones, by id."""

    def ids(results: list[CheckResult], label: str, verdicts: bool = False) -> str:
        shown = ", ".join(
            r.id + (f" ({verdict_text(r)})" if verdicts else "") for r in results[:_RECAP_IDS]
        )
        rest = len(results) - _RECAP_IDS
        return f"{label}: {shown}" + (f" and {rest} more" if rest > 0 else "")

    results = gate.report.results
    failing = [r for r in results if gate.fails(r)]
    inconsistent = [r for r in results if r.verdict is Verdict.INCONSISTENT]
    lines = []
    if inconsistent:
        lines.append((ids(inconsistent, "inconsistent"), "red"))
    if failing and [r.id for r in failing] != [r.id for r in inconsistent]:
        lines.append((ids(failing, "failing the gate", verdicts=True), "bold red"))
    return lines


def _cells(gate: Gate, result: CheckResult) -> tuple[str, str, str, str, str]:
    verdict = verdict_text(result) + (" FAIL" if gate.fails(result) else "")
    left = f"{result.left.expression}\n{format_value(result.left.value, result.unit)}"
    right = f"{result.right.expression}\n{format_value(result.right.value, result.unit)}"
    return result.id, verdict, left, RELATION_SIGNS[result.check.relation], right


def _table_width(gate: Gate) -> int:
    """The width of the table's columns but the detail, none of them wrapped:
    each column's longest line, two spaces of padding and a border each."""
    widths = [len("check"), len("verdict"), len("left"), 2, len("right"), WIDTH]
    for result in gate.report.results:
        for column, cell in enumerate(_cells(gate, result)):
            widths[column] = max(widths[column], *(len(line) for line in cell.split("\n")))
    return sum(width + 3 for width in widths) + 1 + 3


def _table(console: Console, gate: Gate) -> None:
    from rich.table import Table

    table = Table(show_lines=True, header_style="bold")
    for name in ("check", "verdict", "left", "", "right", "number line"):
        table.add_column(name, no_wrap=True)
    table.add_column("detail", overflow="fold")
    for r in gate.report.results:
        check_id, _, left, sign, right = _cells(gate, r)
        table.add_row(
            styled(check_id, "bold"),
            _verdict(gate, r),
            styled(left),
            styled(sign),
            styled(right),
            _picture(r),
            styled(detail(r)),
        )
    console.print(table)


def _blocks(console: Console, gate: Gate) -> None:
    """A block per check: the id and verdict; each side with the number line
    beside it where there is room, else below; then the detail."""
    from rich.padding import Padding
    from rich.table import Table

    for number, r in enumerate(gate.report.results):
        if number:
            console.print()
        head = styled(r.id, "bold")
        head.append("  ")
        head.append_text(_verdict(gate, r))
        console.print(head)
        sides = Table.grid(padding=(0, 2))
        sides.add_column(overflow="fold")
        left = f"{r.left.expression} = {format_value(r.left.value, r.unit)}"
        right = (
            f"{RELATION_SIGNS[r.check.relation]} {r.right.expression} = "
            f"{format_value(r.right.value, r.unit)}"
        )
        picture = _picture(r)
        beside = console.width >= 2 + max(len(left), len(right)) + 2 + WIDTH
        if beside and picture.plain:
            sides.add_column(no_wrap=True)
            top, _, bottom = picture.plain.partition("\n")
            lines = picture.split("\n")
            sides.add_row(styled(left), lines[0] if top else styled(""))
            sides.add_row(styled(right), lines[1] if bottom else styled(""))
            if len(lines) > 2:
                sides.add_row(styled(""), lines[2])
        else:
            sides.add_row(styled(wrap(left, console.width - 2, 0, 2)))
            sides.add_row(styled(wrap(right, console.width - 2, 0, 2)))
            if picture.plain:
                sides.add_row(picture)
        console.print(Padding(sides, (0, 0, 0, 2)))
        if detail(r):
            console.print(styled(wrap(detail(r), console.width, 2)))


def _verdict(gate: Gate, result: CheckResult) -> Text:
    verdict = styled(verdict_text(result), STYLES[result.verdict])
    if gate.fails(result):
        verdict.append(" FAIL", style="bold red")
    return verdict


def _picture(result: CheckResult) -> Text:
    """The left side's bar over the right side's, on one scale."""
    left, right = result.left.value.interval, result.right.value.interval
    if left is None or right is None:
        return styled("")
    top, bottom, logarithmic = number_line(left, right)
    picture = styled(top, "cyan")
    picture.append("\n" + bottom, style="magenta")
    ends = end_labels(left, right, result.unit.factor, logarithmic)
    if ends:
        picture.append("\n" + ends, style="dim")
    return picture
