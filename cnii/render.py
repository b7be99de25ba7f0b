"""Everything cnii prints: a rich table for people, tab-separated text for
pipelines, JSON for programs. No other module writes output or imports rich."""

from __future__ import annotations

import json
import math
from collections.abc import Iterable
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.checks import CheckResult, Report, Verdict
from cnii.interval import DOWN, UP, Interval

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from cnii.calc import Value
    from cnii.engine import Evaluation, Trace
    from cnii.units import Unit

JSON_SCHEMA_VERSION = 1
_STYLES = {Verdict.CONSISTENT: "green", Verdict.INCONSISTENT: "red",
           Verdict.UNVERIFIABLE: "yellow"}


# -- numbers -------------------------------------------------------------

def scaled(interval: Interval, unit: Unit) -> tuple[Decimal, Decimal]:
    """An interval's bounds in ``unit`` rather than root units, rounded outwards."""
    return DOWN.divide(interval.lo, unit.factor), UP.divide(interval.hi, unit.factor)


def format_value(value: Value, unit: Unit) -> str:
    """``[1.525, 1.535] trillion CNY``, ``(17,000, inf) projects``, ``41 sectors``;
    ``unknown`` where the value cannot be known (the reason is given apart)."""
    if value.interval is None:
        return "unknown"
    return _format(value.interval, *scaled(value.interval, unit), unit)


def _format(interval: Interval, lo: Decimal, hi: Decimal, unit: Unit) -> str:
    suffix = f" {unit.text}" if unit.text else ""
    if lo == hi:
        return _plain(lo) + suffix
    decimals = _decimals(lo, hi)
    low = "-inf" if lo.is_infinite() else _fixed(lo, decimals, ROUND_FLOOR)
    high = "inf" if hi.is_infinite() else _fixed(hi, decimals, ROUND_CEILING)
    left = "(" if interval.lo_open else "["
    right = ")" if interval.hi_open else "]"
    return f"{left}{low}, {high}{right}{suffix}"


def _decimals(lo: Decimal, hi: Decimal) -> int:
    """Enough decimals to show the width of the interval, at least three and
    at most twelve significant digits."""
    finite = [b for b in (lo, hi) if b.is_finite()]
    if not finite:  # (-inf, inf): nothing to show digits of
        return 0
    if len(finite) == 1:  # a bound such as "over 17,000": shown as printed
        return max(0, -finite[0].normalize().as_tuple().exponent)  # type: ignore[operator]
    top = max(b.copy_abs() for b in finite)
    place = (hi - lo).adjusted() - 1
    if top:
        place = max(min(place, top.adjusted() - 2), top.adjusted() - 11)
    return max(0, -place)


def _fixed(x: Decimal, decimals: int, rounding: str) -> str:
    """x with the given decimals, rounded in the given direction; numbers
    too large or too small for a fixed layout in scientific notation."""
    if _scientific(x):
        return f"{Context(prec=4, rounding=rounding).plus(x):e}"
    exponent = Decimal(1).scaleb(-decimals)
    return f"{x.quantize(exponent, rounding=rounding, context=_WIDE):,f}"


def _plain(x: Decimal) -> str:
    """A point value with at most twelve significant digits."""
    x = Context(prec=12).plus(x).normalize()
    return f"{x:e}" if _scientific(x) else f"{x:,f}"


def _scientific(x: Decimal) -> bool:
    return bool(x) and not -7 < x.adjusted() < 16


_WIDE = Context(prec=60)


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
    return (f"only through rounding: the printed figures give {_approx(left / scale)} and "
            f"{_approx(right / scale)}")


def _approx(x: Decimal) -> str:
    """About four significant digits: for what printed figures give."""
    x = Context(prec=4).plus(x).normalize()
    return f"{x:e}" if _scientific(x) else f"{x:,f}"


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


# -- check ---------------------------------------------------------------

def check_json(report: Report, stream: IO[str]) -> None:
    """The documented JSON shape of ``cnii check --format json``."""
    document = {
        "cnii": __version__,
        "schema": JSON_SCHEMA_VERSION,
        "facts": report.fact_base.path,
        "strict": report.strict,
        "checks": [_result_json(report, r) for r in report.results],
        "summary": {
            "checks": len(report.results),
            **{str(v): report.counts[v] for v in Verdict},
            "unexpected": sum(not r.as_expected for r in report.results),
            "passed": report.passed,
        },
    }
    _write_json(document, stream)


def _write_json(document: dict[str, Any], stream: IO[str]) -> None:
    # One line through the C encoder: indenting, or json.dump to a stream, takes
    # the pure-Python one, four times slower at 10,000 checks. jq reformats.
    stream.write(json.dumps(document, ensure_ascii=False) + "\n")


def _result_json(report: Report, result: CheckResult) -> dict[str, Any]:
    gap = None
    if result.gap is not None:
        gap = {"ratio": _number(result.gap.ratio),
               "relative_difference": _number(result.gap.relative_difference)}
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


def value_json(value: Value, unit: Unit, expression: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {} if expression is None else {"expression": expression}
    document["unit"] = unit.text
    if value.interval is None:
        document.update(text=format_value(value, unit), interval=None, missing=value.missing)
        return document
    lo, hi = scaled(value.interval, unit)
    document["text"] = _format(value.interval, lo, hi, unit)
    document["interval"] = {
        "low": _number(lo, down=True), "high": _number(hi, down=False),
        "low_open": value.interval.lo_open, "high_open": value.interval.hi_open,
    }
    return document


def _number(x: Decimal | None, down: bool | None = None) -> float | None:
    """A JSON number; infinite bounds are null. A bound is rounded outwards
    (``down`` for a lower bound) so the float interval still encloses."""
    if x is None or x.is_infinite():
        return None
    number = float(x)
    if down is not None and Decimal(number) != x and (Decimal(number) > x) == down:
        number = math.nextafter(number, -math.inf if down else math.inf)
    return number


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


_RELATION_SIGNS = {"equal": "vs", "at_most": "<=", "at_least": ">="}


def check_table(report: Report, console: Console) -> None:
    from rich.table import Table

    console.print(_header("check", report.fact_base.path, report))
    table = Table(show_lines=True, header_style="bold")
    table.add_column("check", no_wrap=True)
    for name in ("verdict", "left", "", "right", "detail"):
        table.add_column(name, overflow="fold")
    for r in report.results:
        verdict = _text(verdict_text(r), _STYLES[r.verdict])
        if report.fails(r):
            verdict.append(" FAIL", style="bold red")
        table.add_row(
            _text(r.id, "bold"), verdict,
            _text(f"{r.left.expression}\n{format_value(r.left.value, r.unit)}"),
            _text(_RELATION_SIGNS[r.check.relation]),
            _text(f"{r.right.expression}\n{format_value(r.right.value, r.unit)}"),
            _text(detail(r)),
        )
    console.print(table)
    console.print(_text(summary(report), "green" if report.passed else "bold red"))


def _header(command: str, path: str, report: Report | None = None) -> Text:
    text = _text(f"cnii {command}: ", "bold")
    text.append(path)
    article = report.fact_base.article if report else None
    if article is not None:
        text.append(f"\n{article.title} ({article.date})", style="dim")
    return text


def _text(content: str, style: str = "") -> Text:
    """Rich text that is never parsed as markup: fact bases contain brackets."""
    from rich.text import Text

    return Text(content, style=style)


# -- derive --------------------------------------------------------------

def _describe_input(evaluation: Evaluation, entry_id: str) -> tuple[str, str]:
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
        kind, origin = _describe_input(evaluation, entry_id)
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
        "steps": [{"expression": text, **value_json(value, _auto(evaluation, value))}
                  for text, value in trace.steps],
        "result": value_json(trace.result, trace.unit),
        "checks": [_result_json(report, r) for r in trace.checks],
    }
    _write_json(document, stream)


def _auto(evaluation: Evaluation, value: Value) -> Unit:
    magnitude = Decimal(0)
    if value.interval is not None:
        magnitude = max((b.copy_abs() for b in (value.interval.lo, value.interval.hi)
                         if b.is_finite()), default=Decimal(0))
    return evaluation.units.display_unit(value.unit, magnitude)


def trace_text(evaluation: Evaluation, trace: Trace, report: Report, console: Console) -> None:
    derivation = evaluation.fact_base.derivations[trace.id]
    console.print(_header("derive", evaluation.fact_base.path))
    title = _text(trace.id, "bold")
    title.append(f": {derivation.statement}")
    console.print(title)
    console.print(_section("formula"), _text(trace.formula))
    console.print(_section("inputs"))
    rows = []
    for entry_id in trace.inputs:
        kind, origin = _describe_input(evaluation, entry_id)
        shown = format_value(evaluation.values[entry_id], evaluation.display[entry_id])
        rows.append((entry_id, kind, shown, origin))
    _grid(console, rows)
    console.print(_section("steps"))
    _grid(console, [(f"{n}.", text, "=", format_value(value, _auto(evaluation, value)))
                    for n, (text, value) in enumerate(trace.steps, 1)])
    console.print(_section("result"))
    result = f"  {trace.id} = {format_value(trace.result, trace.unit)}"
    if trace.result.missing:
        result += f": {trace.result.missing}"
    console.print(_text(result, "bold"))
    console.print(_section("checks"))
    if not trace.checks:
        console.print(_text("  (no check uses this derivation)", "dim"))
    _grid(console, [(r.id, verdict_text(r), f"{r.left.expression} "
                     f"{_RELATION_SIGNS[r.check.relation]} {r.right.expression}", detail(r))
                    for r in trace.checks])


def derivations_list(evaluation: Evaluation, console: Console) -> None:
    console.print(_header("derive", evaluation.fact_base.path))
    _grid(console, [
        (entry_id, format_value(evaluation.values[entry_id], evaluation.display[entry_id]),
         evaluation.values[entry_id].missing or derivation.statement)
        for entry_id, derivation in evaluation.fact_base.derivations.items()
    ])


def _section(name: str) -> Text:
    return _text(f"\n{name}", "bold underline")


def _grid(console: Console, rows: Iterable[tuple[str, ...]]) -> None:
    from rich.table import Table

    grid = Table.grid(padding=(0, 2))
    for row in rows:
        grid.add_row("", *(_text(cell) for cell in row))
    if grid.row_count:
        console.print(grid)
