"""Reports for CI and code review: GitHub Actions annotations, JUnit XML,
and a Markdown table for a pull-request comment. Plain writes, not rich:
rich would read ``[...]`` as markup and wrap long lines."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree
from collections.abc import Sequence
from typing import IO

from cnii.errors import printable
from cnii.render.common import RELATION_SIGNS, detail, summary, verdict_text
from cnii.render.values import format_value
from cnii.results import CheckResult, Gate


def escape_data(text: str) -> str:
    """A workflow command's message: %, CR and LF would end or corrupt it,
    and the log would act on a terminal's escape sequences."""
    shown = printable(text, None, lines=True)
    return shown.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")


def escape_property(text: str) -> str:
    """A workflow command's property (file, title): also ':' and ','."""
    return escape_data(text).replace(":", "%3A").replace(",", "%2C")


def _failure(result: CheckResult) -> str:
    """Why a check fails the gate."""
    if result.proposed:
        return f"{result.verdict}, proposed and not reviewed, which --strict fails"
    if not result.as_expected:
        return f"{result.verdict}, expected {result.expected}"
    return f"{result.verdict}, which --strict fails"


def _sides(result: CheckResult) -> str:
    return (
        f"{result.left.expression} = {format_value(result.left.value, result.unit)} "
        f"{RELATION_SIGNS[result.check.relation]} {result.right.expression} = "
        f"{format_value(result.right.value, result.unit)}"
    )


def check_github(gates: Sequence[Gate], stream: IO[str]) -> None:
    """One ``::error`` per check that fails the gate, placed at its line."""
    for gate in gates:
        _github(gate, stream)


def _github(gate: Gate, stream: IO[str]) -> None:
    report = gate.report
    path = report.fact_base.path
    for result in report.results:
        if not gate.fails(result):
            continue
        title = f"cnii {result.id}: {_failure(result)}"
        message = "; ".join(
            part for part in (result.check.statement, _sides(result), detail(result)) if part
        )
        properties = [f"file={escape_property(path)}"]
        line = report.fact_base.line(f"checks.{result.id}")
        if line is not None:
            properties.append(f"line={line}")
        properties.append(f"title={escape_property(title)}")
        stream.write(f"::error {','.join(properties)}::{escape_data(message)}\n")
    stream.write(printable(f"cnii check: {path}: {summary(gate)}", None) + "\n")


def check_junit(gates: Sequence[Gate], stream: IO[str]) -> None:
    """JUnit XML, one document for all: a test suite per fact base, a test
    case per check, and a failure for each check that fails the gate."""
    total = sum(len(gate.report.results) for gate in gates)
    failed = sum(gate.failures for gate in gates)
    suites = ElementTree.Element(
        "testsuites", name="cnii", tests=str(total), failures=str(failed), errors="0"
    )
    for gate in gates:
        _junit_suite(suites, gate)
    ElementTree.indent(suites)
    stream.write('<?xml version="1.0" encoding="UTF-8"?>\n')
    # Escaped as a whole: XML 1.0 allows no C0 character but tab and line breaks.
    stream.write(printable(ElementTree.tostring(suites, encoding="unicode"), None, lines=True))
    stream.write("\n")


def _junit_suite(suites: ElementTree.Element, gate: Gate) -> None:
    report = gate.report
    path = printable(report.fact_base.path, None)
    suite = ElementTree.SubElement(
        suites,
        "testsuite",
        name=path,
        tests=str(len(report.results)),
        failures=str(gate.failures),
        errors="0",
        skipped="0",
    )
    for result in report.results:
        case = ElementTree.SubElement(
            suite, "testcase", classname="cnii.check", name=result.id, file=path
        )
        line = report.fact_base.line(f"checks.{result.id}")
        if line is not None:
            case.set("line", str(line))
        if gate.fails(result):
            failure = ElementTree.SubElement(case, "failure", type="gate", message=_failure(result))
            failure.text = f"{result.check.statement}\n{_sides(result)}\n{detail(result)}"
        out = ElementTree.SubElement(case, "system-out")
        out.text = f"{verdict_text(result)}: {_sides(result)}"


def _cell(text: str) -> str:
    """A Markdown table cell: one line, no column breaks."""
    shown = printable(" ".join(text.split()), None)
    return shown.replace("\\", "\\\\").replace("|", "\\|")


def check_markdown(gates: Sequence[Gate], stream: IO[str]) -> None:
    """A table fit for a pull-request comment, one per fact base."""
    for gate in gates:
        _markdown(gate, stream)


def _markdown(gate: Gate, stream: IO[str]) -> None:
    report = gate.report
    stream.write(f"### cnii check: `{printable(report.fact_base.path, None)}`\n\n")
    stream.write("| check | verdict | left | | right | detail |\n")
    stream.write("|---|---|---|:-:|---|---|\n")
    for result in report.results:
        verdict = verdict_text(result)
        if gate.fails(result):
            verdict = f"**FAIL: {_failure(result)}**"
        cells = [
            f"`{result.id}`",
            verdict,
            f"{result.left.expression} = {format_value(result.left.value, result.unit)}",
            RELATION_SIGNS[result.check.relation],
            f"{result.right.expression} = {format_value(result.right.value, result.unit)}",
            detail(result),
        ]
        stream.write("| " + " | ".join(_cell(c) for c in cells) + " |\n")
    stream.write(f"\n**{_cell(summary(gate))}**\n")
