"""Reports of ``cnii check``: a rich table, tab-separated text, JSON.

Each takes the gates of one or more fact bases: several fact bases give a
table or a text block each, and JSON Lines (one document a line)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.checks import CheckResult, Gate, Verdict
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
    write_json,
    write_rows,
)
from cnii.render.pictures import number_line
from cnii.render.values import format_value

if TYPE_CHECKING:
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
    return document(
        report.fact_base.path,
        strict=gate.strict,
        checks=checks,
        summary={
            "checks": len(report.results),
            **{str(v): report.counts[v] for v in Verdict},
            "unexpected": report.unexpected,
            "passed": gate.passed,
        },
    )


def check_text(gates: Sequence[Gate], stream: IO[str]) -> None:
    """Tab-separated lines with a header: one per check, then a summary."""
    for gate in gates:
        stream.write(f"# cnii {__version__} check: {gate.report.fact_base.path}\n")
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
        stream.write(f"# {summary(gate)}\n")


def check_table(gates: Sequence[Gate], stream: IO[str]) -> None:
    from rich.table import Table

    console = console_for(stream)
    for gate in gates:
        report = gate.report
        console.print(header("check", report.fact_base.path, report.evaluation))
        table = Table(show_lines=True, header_style="bold")
        table.add_column("check", no_wrap=True)
        table.add_column("verdict", min_width=12)  # never "inconsisten t"
        for name in ("left", "", "right"):
            table.add_column(name, overflow="fold")
        table.add_column("number line", no_wrap=True)
        table.add_column("detail", overflow="fold")
        for r in report.results:
            verdict = styled(verdict_text(r), STYLES[r.verdict])
            if gate.fails(r):
                verdict.append(" FAIL", style="bold red")
            table.add_row(
                styled(r.id, "bold"),
                verdict,
                styled(f"{r.left.expression}\n{format_value(r.left.value, r.unit)}"),
                styled(RELATION_SIGNS[r.check.relation]),
                styled(f"{r.right.expression}\n{format_value(r.right.value, r.unit)}"),
                _picture(r),
                styled(detail(r)),
            )
        console.print(table)
        console.print(styled(summary(gate), "green" if gate.passed else "bold red"))


def _picture(result: CheckResult) -> Text:
    """The left side's bar over the right side's, on one scale."""
    left, right = result.left.value.interval, result.right.value.interval
    if left is None or right is None:
        return styled("")
    top, bottom, logarithmic = number_line(left, right)
    picture = styled(top, "cyan")
    picture.append("\n" + bottom, style="magenta")
    if logarithmic:
        picture.append("\n(log scale)", style="dim")
    return picture
