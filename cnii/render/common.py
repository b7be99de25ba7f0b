"""What every reporter shares: the words for verdicts and gaps, the JSON of a
check result, and the rich helpers (console, header, sections, grids)."""

from __future__ import annotations

import functools
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.engine import walk
from cnii.errors import json_safe, printable
from cnii.records import Verdict
from cnii.render.values import distinct, format_value, json_number, value_json
from cnii.results import CheckResult, Gap, Gate

if TYPE_CHECKING:
    from rich.console import Console
    from rich.text import Text

    from cnii.results import Evaluation, Link

JSON_SCHEMA_VERSION = 2  # 2: chains behind a check are flat (entries with part ids)
RELATION_SIGNS = {"equal": "vs", "at_most": "<=", "at_least": ">="}


def gap_text(gap: Gap | None) -> str:
    """``ratio 0.298, -70.2 %``; empty where there is no gap to state."""
    if gap is None or gap.ratio is None or gap.relative_difference is None:
        return ""
    # Two values that do not meet never show a ratio of 1 or a difference of 0.
    digits = 3
    while digits < 20 and gap.ratio != 1 and Decimal(f"{gap.ratio:.{digits}g}") == 1:
        digits += 1
    percent = gap.relative_difference * 100
    decimals = 1
    # (|percent| >= 1 never rounds to 0; and rounding a huge one would need
    # more digits than the context has)
    while decimals < 20 and percent and abs(percent) < 1 and round(percent, decimals) == 0:
        decimals += 1
    shown = f"{percent:+.3g}" if abs(percent) >= 10**6 else f"{percent:+.{decimals}f}"
    return f"ratio {gap.ratio:.{digits}g}, {shown} %"


def gap_json(gap: Gap | None) -> dict[str, float | None] | None:
    if gap is None:
        return None
    return {
        "ratio": json_number(gap.ratio),
        "relative_difference": json_number(gap.relative_difference),
    }


def verdict_text(result: CheckResult) -> str:
    if result.proposed:  # no verdict is expected of it yet
        rounding = ", through rounding" if result.rounding_only else ""
        return f"{result.verdict}{rounding}, proposed"
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
    shown = distinct(left / scale, right / scale, printed=True)
    return f"only through rounding: the printed figures give {shown[0]} and {shown[1]}"


def detail(result: CheckResult) -> str:
    """What a reader needs next to the verdict: the gap or why it is
    unverifiable, and the fact base's explanation of a finding (an expected
    unverifiable verdict already says why)."""
    explain = result.verdict is not Verdict.UNVERIFIABLE or not result.as_expected
    parts = [
        "proposed by cnii draft, not reviewed" if result.proposed else "",
        gap_text(result.gap),
        result.reason or "",
        rounding_note(result),
        *(f"note: {flag}" for flag in result.flags),
        result.check.why if explain else "",
    ]
    return "; ".join(p for p in parts if p)


def summary(gate: Gate) -> str:
    report = gate.report
    counts = report.counts
    total = len(report.results)
    proposed = [result for result in report.results if result.proposed]
    tally = ", ".join(
        f"{counts[v]} {v}" + (_findings(report.results) if v is Verdict.INCONSISTENT else "")
        for v in Verdict
        if counts[v]
    )
    if gate.passed:
        every = "every reviewed verdict" if proposed else "every verdict"
        verdict = f"gate passed: {every} as expected"
    elif report.unexpected:
        verdict = f"gate FAILED: {report.unexpected} verdict(s) not as expected"
    elif gate.failures:
        failing = [result for result in report.results if gate.fails(result)]
        inconsistent = any(r.verdict is Verdict.INCONSISTENT for r in failing)
        why = [*(["inconsistencies"] if inconsistent else []), "proposed checks"]
        if not any(r.proposed for r in failing):
            why.pop()
        verdict = f"gate FAILED: {' and '.join(why)} under --strict"
    else:
        verdict = "gate FAILED: warnings under --strict"
    noted = ""
    if proposed:
        wrong = sum(result.verdict is Verdict.INCONSISTENT for result in proposed)
        found = f", {wrong} of them inconsistent" if wrong else ""
        noted += f"; {len(proposed)} proposed check{'' if len(proposed) == 1 else 's'}"
        noted += f" not reviewed{found}"
    warnings = len(report.notices)
    noted += f"; {warnings} warning{'' if warnings == 1 else 's'}" if warnings else ""
    return f"{total} check{'' if total == 1 else 's'}: {tally}{noted}; {verdict}"


def _findings(results: Sequence[CheckResult]) -> str:
    """How many inconsistencies are new (a reviewed check that expected
    otherwise) and how many recorded (expected); the proposed ones the
    summary counts apart."""
    new = recorded = 0
    for result in results:
        if result.verdict is Verdict.INCONSISTENT and not result.proposed:
            recorded += result.as_expected
            new += not result.as_expected
    shown = ", ".join(f"{n} {kind}" for n, kind in ((new, "new"), (recorded, "recorded")) if n)
    return f" ({shown})" if shown else ""


def result_json(gate: Gate, result: CheckResult) -> dict[str, Any]:
    """One check's result, as every JSON report shows it."""
    return {
        "id": result.id,
        "statement": result.check.statement,
        "relation": result.check.relation,
        "verdict": str(result.verdict),
        "expected": str(result.expected),
        "as_expected": result.as_expected,
        "proposed": result.proposed,
        "fails_gate": gate.fails(result),
        "left": value_json(result.left.value, result.unit, result.left.expression),
        "right": value_json(result.right.value, result.unit, result.right.expression),
        "gap": gap_json(result.gap),
        "rounding_only": result.rounding_only,
        "flags": list(result.flags),
        "reason": result.reason,
        "why": result.check.why,
        "line": gate.report.fact_base.line(f"checks.{result.id}"),
    }


def document(facts: str, **fields: Any) -> dict[str, Any]:
    """The head every JSON report starts with, then its own fields."""
    return {"cnii": __version__, "schema": JSON_SCHEMA_VERSION, "facts": facts, **fields}


def write_json(content: dict[str, Any], stream: IO[str]) -> None:
    # One line through the C encoder: indenting, or json.dump to a stream, takes
    # the pure-Python one, four times slower at 10,000 checks. jq reformats.
    stream.write(json_safe(json.dumps(content, ensure_ascii=False)) + "\n")


def write_rows(stream: IO[str], rows: Iterable[Sequence[str]]) -> None:
    """Tab-separated lines, each cell on one line and without a tab: what a
    terminal would act on escaped, then runs of white space (tabs and line
    breaks too) as one space."""
    for row in rows:
        cells = (" ".join(printable(cell, None, lines=True).split()) for cell in row)
        stream.write("\t".join(cells) + "\n")


def write_comment(stream: IO[str], text: str) -> None:
    """A ``#`` line of a tab-separated report: its head or its summary."""
    stream.write(f"# {printable(text, None)}\n")


def describe_input(evaluation: Evaluation, entry_id: str) -> tuple[str, str]:
    """An entry's kind and where it comes from: a claim's printed phrase, a
    reference's source and date, a derivation's formula."""
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


MAX_INDENT = 12  # levels of a chain shown indented; deeper ones stay at this level


def link_rows(evaluation: Evaluation, link: Link) -> list[tuple[str, str, str, str]]:
    """An entry and everything behind it, one row each, indented by depth:
    id, kind, value, origin. An entry met again says so and is not expanded."""
    rows = []
    for depth, _, item, repeated in walk(link):
        kind, origin = describe_input(evaluation, item.id)
        name = "  " * min(depth, MAX_INDENT) + item.id
        if repeated and item.parts:
            origin = "(as above)"
        rows.append((name, kind, format_value(item.value, item.unit), origin))
    return rows


def link_json(evaluation: Evaluation, link: Link | None) -> dict[str, Any] | None:
    """A chain as JSON: its root, and every entry behind it once, each with
    the ids of its parts (flat, so that no chain is too deep to write)."""
    if link is None:
        return None
    entries = [
        {
            "id": item.id,
            "kind": item.kind,
            "formula": item.formula,
            **value_json(item.value, item.unit),
            "parts": [part.id for part in item.parts],
        }
        for _, _, item, repeated in walk(link)
        if not repeated
    ]
    return {**entries[0], "entries": entries}


# -- rich, for the table formats ---------------------------------------------


def console_for(stream: IO[str]) -> Console:
    from rich.console import Console

    # Piped output is for reading whole lines later, not for an 80-column
    # screen, unless COLUMNS says how wide (COLUMNS=80 cnii check | less).
    width = None if stream.isatty() else _columns() or 240
    return Console(file=stream, highlight=False, width=width)


def _columns() -> int | None:
    """The width COLUMNS asks for, if it is a sensible one."""
    import os

    text = os.environ.get("COLUMNS", "")
    return int(text) if text.isascii() and text.isdigit() and 20 <= int(text) <= 1000 else None


def styled(content: str, style: str = "", *, lines: bool = True) -> Text:
    """Rich text that is never parsed as markup (fact bases contain
    brackets), with what a terminal would act on escaped (rich passes escape
    sequences through): every text a table shows is made here. Without
    ``lines``, line breaks and tabs are escaped too, as in a file name."""
    from rich.text import Text

    return Text(printable(content, None, lines=lines), style=style)


def header(command: str, path: str, evaluation: Evaluation | None = None) -> Text:
    line = styled(f"cnii {command}: ", "bold")
    line.append_text(styled(path, lines=False))
    article = evaluation.fact_base.article if evaluation else None
    if article is not None:
        line.append_text(styled(f"\n{article.title} ({article.date})", "dim"))
    return line


def section(name: str) -> Text:
    return styled(f"\n{name}", "bold underline")


def grid(
    console: Console, rows: Iterable[tuple[str, ...]], styles: Sequence[str] | None = None
) -> None:
    """Rows in aligned columns, indented; ``styles`` gives one style a row.
    Every column but the last is as wide as its longest line; the last
    wraps in what is left (never between a number and its unit, never
    inside an id). Where too little is left, each row's last column goes on
    lines of its own below the others."""
    from rich.cells import cell_len
    from rich.table import Table

    # Escaped first (as styled() would), so that widths are those shown.
    rows = [tuple(printable(cell, None, lines=True) for cell in row) for row in rows]
    if not rows:
        return
    fixed = [
        max(cell_len(line) for row in rows for line in (row[column] or " ").split("\n"))
        for column in range(len(rows[0]) - 1)
    ]
    left = console.width - _INDENT - sum(width + 2 for width in fixed)
    table = Table.grid(padding=(0, 2))
    table.add_column(width=_INDENT - 2)
    for width in fixed:
        table.add_column(no_wrap=True, width=width)
    longest = max((_widest(row[-1]) for row in rows), default=0)
    stacked = left < max(_PROSE_AT_LEAST, longest)
    if stacked:
        for number, row in enumerate(rows):
            style = styles[number] if styles else ""
            head = "  ".join(cell for cell in row[:-1] if cell)
            depth = _INDENT + len(head) - len(head.lstrip(" "))
            console.print(styled(wrap(head, console.width, _INDENT, depth + 2), style))
            if row[-1]:
                console.print(styled(wrap(row[-1], console.width, depth + 2), style))
        return
    table.add_column(no_wrap=True)
    for number, row in enumerate(rows):
        style = styles[number] if styles else ""
        cells = [*row[:-1], wrap(row[-1], left)]
        table.add_row("", *(styled(cell, style) for cell in cells))
    console.print(table)


# A grid's rows are indented this far; its last column wraps in no fewer
# than this many columns, else goes below.
_INDENT = 2
_PROSE_AT_LEAST = 24

# What a line never breaks inside: a number or a range with what follows it
# (its scale, its unit, a unit per unit), so that "2.5 %" never reads as
# "2.5" and a "% below" on the next line.
_NUMBER = r"[-+\u2212]?(?:\d[\d,]*(?:\.\d+)?|\.\d+)(?:e[+-]?\d+)?"
_GLUED_PATTERN = (
    rf"(?<![\w.,])(?:(?:over|under|at least|at most) )?{_NUMBER}(?: to (?:under )?{_NUMBER})?"
    r"(?: (?:thousand|million|billion|trillion|lakh|crore))?"
    r"(?: [^\s,;:()\[\]]+(?: / [^\s,;:()\[\]]+)?)?"
)


@functools.cache
def _glued() -> re.Pattern[str]:
    """Compiled when a table is first wrapped: text and JSON reports never are."""
    return re.compile(_GLUED_PATTERN)


def _glue(text: str) -> str:
    """``text`` with the spaces inside each number and its unit made
    no-break (U+00A0), which wrap() never breaks at."""
    return _glued().sub(lambda m: m.group(0).replace(" ", "\xa0"), text)


def wrap(text: str, width: int, indent: int = 0, hanging: int | None = None) -> str:
    """``text`` broken at spaces into lines of at most ``width`` terminal
    cells, never inside a number with its unit; a word wider than a line is
    cut into pieces. Every line is indented by ``indent``, or the first by
    ``indent`` and the others by ``hanging``; a paragraph's own leading
    spaces (a tree's depth) stay on its first line."""
    from rich.cells import cell_len

    rest = indent if hanging is None else hanging
    lines: list[str] = []
    for paragraph in text.split("\n"):
        depth = len(paragraph) - len(paragraph.lstrip(" "))
        glued = _glue(paragraph[depth:])
        line = " " * (depth + (rest if lines else indent))
        fresh = True  # nothing on the line but its indent yet
        room_at_most = width - depth - rest
        words = [
            piece
            for word in glued.split(" ")
            # a number and its unit wider than a line: parted at its spaces
            for piece in (word.split("\xa0") if cell_len(word) > room_at_most else [word])
        ]
        for word in words:
            room = max(width - cell_len(line), 1)
            if not fresh and cell_len(word) + 1 > room:
                lines.append(line.rstrip(" "))
                line, fresh = " " * (depth + rest), True
                room = max(width - cell_len(line), 1)
            if cell_len(word) > room:  # no room even on a line of its own: cut
                *whole, word = _pieces(word, room, max(width - depth - rest, 1))
                lines.append(line + whole[0])
                lines.extend(" " * (depth + rest) + piece for piece in whole[1:])
                line = " " * (depth + rest)
            line += word if fresh else f" {word}"
            fresh = False
        lines.append(line)
    return "\n".join(line.replace("\xa0", " ") for line in lines)


def _widest(text: str) -> int:
    """The widest piece ``wrap`` keeps on one line, in terminal cells."""
    from rich.cells import cell_len

    return max((cell_len(word) for word in _glue(text).split(" ")), default=0)


def _pieces(word: str, first: int, rest: int) -> list[str]:
    """``word`` cut into pieces of at most ``first`` cells, then ``rest``
    (at least one character each), in one pass however long it is."""
    from rich.cells import get_character_cell_size

    pieces, start, used, room = [], 0, 0, first
    for at, character in enumerate(word):
        size = get_character_cell_size(character)
        if used + size > room and at > start:
            pieces.append(word[start:at])
            start, used, room = at, 0, rest
        used += size
    pieces.append(word[start:])
    return pieces
