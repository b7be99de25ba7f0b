"""``cnii coverage``: the number phrases of an article and what covers them."""

from __future__ import annotations

from collections import Counter
from typing import IO, TYPE_CHECKING

from cnii import __version__
from cnii.coverage import Coverage, Status
from cnii.render.checks import JSON_SCHEMA_VERSION, header, styled, write_json
from cnii.render.derive import grid, section

if TYPE_CHECKING:
    from rich.console import Console

    from cnii.factbase import FactBase

_STYLES = {Status.COVERED: "green", Status.REPEATED: "green", Status.UNCOVERED: "yellow",
           Status.DATE: "dim"}


def coverage_summary(coverage: Coverage) -> str:
    counts = Counter(p.status for p in coverage.phrases)
    tally = ", ".join(f"{counts[s]} {s}" for s in Status if counts[s])
    verdict = ("every claim's printed figure is in the text" if coverage.passed else
               f"FAILED: {len(coverage.missing)} claim(s) not in the text: "
               + ", ".join(coverage.missing))
    return f"{len(coverage.phrases)} number phrases: {tally}; {verdict}"


def coverage_text(fact_base: FactBase, coverage: Coverage, stream: IO[str]) -> None:
    """Tab-separated: one line per phrase, then one per missing claim."""
    stream.write(f"# cnii {__version__} coverage: {coverage.source} (facts: {fact_base.path})\n")
    stream.write("line\tcolumn\tphrase\tstatus\tclaims\n")
    for p in coverage.phrases:
        stream.write(f"{p.line}\t{p.column}\t{p.text}\t{p.status}\t{','.join(p.claims)}\n")
    for claim_id in coverage.missing:
        printed = fact_base.claims[claim_id].printed
        stream.write(f"-\t-\t{printed}\tnot in text\t{claim_id}\n")
    stream.write(f"# {coverage_summary(coverage)}\n")


def coverage_table(fact_base: FactBase, coverage: Coverage, console: Console) -> None:
    line = header("coverage", coverage.source)
    line.append(f" (facts: {fact_base.path})")
    console.print(line)
    grid(console, [(f"{p.line}:{p.column}", p.text, str(p.status), ", ".join(p.claims))
                   for p in coverage.phrases], styles=[_STYLES[p.status]
                                                       for p in coverage.phrases])
    if coverage.missing:
        console.print(section("claims whose printed figure is not in the text"))
        grid(console, [(claim_id, repr(fact_base.claims[claim_id].printed))
                       for claim_id in coverage.missing])
    console.print(styled(coverage_summary(coverage), "green" if coverage.passed else "bold red"))


def coverage_json(fact_base: FactBase, coverage: Coverage, stream: IO[str]) -> None:
    write_json({
        "cnii": __version__,
        "schema": JSON_SCHEMA_VERSION,
        "facts": fact_base.path,
        "source": coverage.source,
        "phrases": [{"text": p.text, "line": p.line, "column": p.column,
                     "status": str(p.status), "claims": list(p.claims)}
                    for p in coverage.phrases],
        "missing": [{"claim": claim_id, "printed": fact_base.claims[claim_id].printed}
                    for claim_id in coverage.missing],
        "passed": coverage.passed,
    }, stream)
