"""Reports of ``cnii check``: a rich table, tab-separated text, JSON."""

from __future__ import annotations

import json
from collections.abc import Mapping
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.checks import CheckResult, Report, Verdict
from cnii.render.pictures import number_line
from cnii.render.values import approx, format_value, json_number, value_json

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

JSON_SCHEMA_VERSION = 1
STYLES = {Verdict.CONSISTENT: "green", Verdict.INCONSISTENT: "red",
          Verdict.UNVERIFIABLE: "yellow"}
RELATION_SIGNS = {"equal": "vs", "at_most": "<=", "at_least": ">="}


def format_gap(result: CheckResult) -> str:
    if result.gap is None or result.gap.ratio is None:
        return ""
    assert result.gap.relative_difference is not None
    return (f"ratio {result.gap.ratio:.3g}, "
            f"{float(result.gap.relative_difference) * 100:+.1f} %")


def verdict_text(result: CheckResult) -> str:
    if not result.as_expected:
        return f"{result.verdict}, expected {result.expected}"
    if result.verdict is not Verdict.CONSISTENT:
        return f"{result.verdict} (expected)"
    if result.rounding_only:
        return "consistent, through rounding"
    return str(result.verdict)


def rounding_note(result: CheckResult) -> str:
    """What the printed figures themselves give, where only rounding reconciles them."""
    if not result.rounding_only:
        return ""
    left, right = result.left.value.point, result.right.value.point
    assert left is not None and right is not None
    scale = result.unit.factor
    return (f"only through rounding: the printed figures give {approx(left / scale)} and "
            f"{approx(right / scale)}")


def detail(result: CheckResult) -> str:
    """What a reader needs next to the verdict: the gap or why it is
    unverifiable, and the fact base's explanation of a finding (an expected
    unverifiable verdict already says why)."""
    explain = result.verdict is not Verdict.UNVERIFIABLE or not result.as_expected
    parts = [format_gap(result), result.reason or "", rounding_note(result),
             result.check.why if explain else ""]
    return "; ".join(p for p in parts if p)


def summary(report: Report) -> str:
    counts = report.counts
    total = len(report.results)
    tally = ", ".join(f"{counts[v]} {v}" for v in Verdict if counts[v])
    unexpected = sum(not r.as_expected for r in report.results)
    if report.passed:
        gate = "gate passed: every verdict as expected"
    elif unexpected:
        gate = f"gate FAILED: {unexpected} verdict(s) not as expected"
    else:
        gate = "gate FAILED: inconsistencies under --strict"
    return f"{total} check{'' if total == 1 else 's'}: {tally}; {gate}"


def check_json(report: Report, stream: IO[str],
               explanations: Mapping[str, dict[str, Any] | None] | None = None) -> None:
    """The documented JSON shape of ``cnii check --format json``; with
    ``explanations`` (``--explain``), each check also carries its findings."""
    checks = [result_json(report, r) for r in report.results]
    if explanations is not None:
        for check in checks:
            check["explanation"] = explanations.get(check["id"])
    document = {
        "cnii": __version__,
        "schema": JSON_SCHEMA_VERSION,
        "facts": report.fact_base.path,
        "strict": report.strict,
        "checks": checks,
        "summary": {
            "checks": len(report.results),
            **{str(v): report.counts[v] for v in Verdict},
            "unexpected": sum(not r.as_expected for r in report.results),
            "passed": report.passed,
        },
    }
    write_json(document, stream)


def write_json(document: dict[str, Any], stream: IO[str]) -> None:
    # One line through the C encoder: indenting, or json.dump to a stream, takes
    # the pure-Python one, four times slower at 10,000 checks. jq reformats.
    stream.write(json.dumps(document, ensure_ascii=False) + "\n")


def result_json(report: Report, result: CheckResult) -> dict[str, Any]:
    gap = None
    if result.gap is not None:
        gap = {"ratio": json_number(result.gap.ratio),
               "relative_difference": json_number(result.gap.relative_difference)}
    return {
        "id": result.id,
        "statement": result.check.statement,
        "relation": result.check.relation,
        "verdict": str(result.verdict),
        "expected": str(result.expected),
        "as_expected": result.as_expected,
        "fails_gate": report.fails(result),
        "left": value_json(result.left.value, result.unit, result.left.expression),
        "right": value_json(result.right.value, result.unit, result.right.expression),
        "gap": gap,
        "rounding_only": result.rounding_only,
        "reason": result.reason,
        "why": result.check.why,
        "line": report.fact_base.line(f"checks.{result.id}"),
    }


def check_text(report: Report, stream: IO[str]) -> None:
    """Tab-separated lines with a header: one per check, then a summary."""
    stream.write(f"# cnii {__version__} check: {report.fact_base.path}\n")
    columns = ("id", "verdict", "expected", "gate", "relation", "left", "left_value",
               "right", "right_value", "detail")
    stream.write("\t".join(columns) + "\n")
    for r in report.results:
        row = (r.id, str(r.verdict), str(r.expected), "FAIL" if report.fails(r) else "ok",
               r.check.relation, r.left.expression, format_value(r.left.value, r.unit),
               r.right.expression, format_value(r.right.value, r.unit), detail(r))
        stream.write("\t".join(_one_line(cell) for cell in row) + "\n")
    stream.write(f"# {summary(report)}\n")


def _one_line(cell: str) -> str:
    return " ".join(cell.split())


RELATION_SIGNS = {"equal": "vs", "at_most": "<=", "at_least": ">="}


def check_table(report: Report, console: Console) -> None:
    from rich.table import Table

    console.print(header("check", report.fact_base.path, report))
    table = Table(show_lines=True, header_style="bold")
    table.add_column("check", no_wrap=True)
    table.add_column("verdict", min_width=12)  # never "inconsisten t"
    for name in ("left", "", "right"):
        table.add_column(name, overflow="fold")
    table.add_column("number line", no_wrap=True)
    table.add_column("detail", overflow="fold")
    for r in report.results:
        verdict = styled(verdict_text(r), STYLES[r.verdict])
        if report.fails(r):
            verdict.append(" FAIL", style="bold red")
        table.add_row(
            styled(r.id, "bold"), verdict,
            styled(f"{r.left.expression}\n{format_value(r.left.value, r.unit)}"),
            styled(RELATION_SIGNS[r.check.relation]),
            styled(f"{r.right.expression}\n{format_value(r.right.value, r.unit)}"),
            _picture(r), styled(detail(r)),
        )
    console.print(table)
    console.print(styled(summary(report), "green" if report.passed else "bold red"))


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


def header(command: str, path: str, report: Report | None = None) -> Text:
    line = styled(f"cnii {command}: ", "bold")
    line.append(path)
    article = report.fact_base.article if report else None
    if article is not None:
        line.append(f"\n{article.title} ({article.date})", style="dim")
    return line


def styled(content: str, style: str = "") -> Text:
    """Rich text that is never parsed as markup: fact bases contain brackets."""
    from rich.text import Text

    return Text(content, style=style)
