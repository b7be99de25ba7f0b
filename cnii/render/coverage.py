"""``cnii coverage``: the number phrases of an article and what covers them."""

from __future__ import annotations

from collections import Counter
from typing import IO, Any

from cnii import __version__
from cnii.phrases import MAX_PHRASES, Coverage, Phrase, Status
from cnii.render.common import (
    console_for,
    document,
    grid,
    header,
    section,
    styled,
    wrap,
    write_comment,
    write_json,
    write_rows,
)

_STYLES = {
    Status.COVERED: "green",
    Status.REPEATED: "green",
    Status.UNCOVERED: "yellow",
    Status.DATE: "dim",
}


def coverage_summary(coverage: Coverage) -> str:
    counts = Counter(p.status for p in coverage.phrases)
    tally = ", ".join(f"{counts[s]} {s}" for s in Status if counts[s])
    verdict = (
        "every claim's printed figure is in the text"
        if coverage.passed
        else f"FAILED: {len(coverage.missing)} claim(s) not in the text: "
        + ", ".join(coverage.missing)
    )
    count = f"{len(coverage.phrases)} number phrases"
    if not coverage.complete:
        count = f"the first {count} (no more are listed past {MAX_PHRASES:,})"
    return f"{count}: {tally}; {verdict}"


def _claims(phrase: Phrase, between: str) -> str:
    """The claims a phrase lists, and how many more there are."""
    listed = between.join(phrase.claims)
    return f"{listed}{between}and {phrase.more:,} more" if phrase.more else listed


def coverage_text(coverage: Coverage, stream: IO[str]) -> None:
    """Tab-separated: one line per phrase, then one per missing claim."""
    fact_base = coverage.fact_base
    write_comment(
        stream, f"cnii {__version__} coverage: {coverage.source} (facts: {fact_base.path})"
    )
    write_rows(
        stream,
        [
            ("line", "column", "phrase", "status", "claims"),
            *(
                (str(p.line), str(p.column), p.text, str(p.status), _claims(p, ","))
                for p in coverage.phrases
            ),
            *(
                ("-", "-", fact_base.claims[claim_id].printed, "not in text", claim_id)
                for claim_id in coverage.missing
            ),
        ],
    )
    write_comment(stream, coverage_summary(coverage))


def coverage_table(coverage: Coverage, stream: IO[str]) -> None:
    console = console_for(stream)
    fact_base = coverage.fact_base
    line = header("coverage", coverage.source)
    line.append_text(styled(f" (facts: {fact_base.path})", lines=False))
    console.print(line)
    grid(
        console,
        [
            (f"{p.line}:{p.column}", p.text, str(p.status), _claims(p, ", "))
            for p in coverage.phrases
        ],
        styles=[_STYLES[p.status] for p in coverage.phrases],
    )
    if coverage.missing:
        console.print(section("claims whose printed figure is not in the text"))
        grid(
            console,
            [(claim_id, repr(fact_base.claims[claim_id].printed)) for claim_id in coverage.missing],
        )
    summary = wrap(coverage_summary(coverage), console.width)
    console.print(styled(summary, "green" if coverage.passed else "bold red"))


def coverage_json(coverage: Coverage, stream: IO[str]) -> None:
    write_json(coverage_document(coverage), stream)


def coverage_document(coverage: Coverage) -> dict[str, Any]:
    fact_base = coverage.fact_base
    return document(
        fact_base.path,
        source=coverage.source,
        phrases=[
            {
                "text": p.text,
                "line": p.line,
                "column": p.column,
                "status": str(p.status),
                "claims": list(p.claims),
                "more_claims": p.more,
            }
            for p in coverage.phrases
        ],
        missing=[
            {"claim": claim_id, "printed": fact_base.claims[claim_id].printed}
            for claim_id in coverage.missing
        ],
        complete=coverage.complete,
        passed=coverage.passed,
    )
