"""What ``cnii scan`` prints: a JSON line per article as it finishes, or
at the end a ranked summary (``table``) or an index page (``html``).

The table and the page keep, per flagged article, only a line of what
they show: their memory grows with the flagged articles, a few hundred
bytes each, not with the text of the archive."""

from __future__ import annotations

import html
import json
import math
from dataclasses import dataclass, field
from typing import IO, Any

from cnii import __version__
from cnii.errors import json_safe, printable
from cnii.render.common import console_for, styled, wrap

# The flagged articles a summary lists (the rest are counted).
LISTED = 50


def json_line(record: dict[str, Any]) -> str:
    """One record as one line of JSON (jq reads it; no line break inside)."""
    return json_safe(json.dumps(record, ensure_ascii=False)) + "\n"


@dataclass
class Summary:
    """The totals of a scan, and its flagged articles, largest findings first."""

    articles: int = 0
    flagged: int = 0
    errors: int = 0
    findings: int = 0
    proposed_only: int = 0
    ranked: list[dict[str, Any]] = field(default_factory=list)

    def add(self, record: dict[str, Any], page: str | None = None) -> None:
        from cnii.scan import gap_factor, score

        self.articles += 1
        if record.get("error"):
            self.errors += 1
            return
        found = record.get("findings") or []
        if not found:
            return
        self.flagged += 1
        self.findings += len(found)
        self.proposed_only += all(f.get("proposed") for f in found)
        largest, count = score(record)
        first = max(found, key=gap_factor)
        self.ranked.append(
            {
                "id": record["id"],
                "title": record.get("title") or "",
                "url": record.get("url"),
                "factor": largest,
                "count": count,
                "explanation": (first.get("explanation") or "")[:500],
                "page": page,
            }
        )

    def ordered(self) -> list[dict[str, Any]]:
        """The flagged articles, largest gap first, then most findings."""
        return sorted(self.ranked, key=lambda r: (-r["factor"], -r["count"], r["id"]))

    def totals(self) -> str:
        errors = f"; {self.errors} could not be scanned" if self.errors else ""
        proposed = (
            f" ({self.proposed_only} only by checks cnii proposed, not reviewed yet)"
            if self.proposed_only
            else ""
        )
        return (
            f"{self.articles} article{'' if self.articles == 1 else 's'}, "
            f"{self.flagged} with at least one inconsistency{proposed}{errors}"
        )


def _gap(factor: float) -> str:
    return "no ratio" if math.isinf(factor) else f"x {factor:.3g}"


def table(summary: Summary, stream: IO[str]) -> None:
    """The flagged articles ranked (largest gap first, then most findings),
    each with its title and first finding in words, then the totals."""
    console = console_for(stream)
    ranked = summary.ordered()[:LISTED]
    if ranked:
        console.print(styled("Articles whose numbers do not add up, largest gap first", "bold"))
    for place, entry in enumerate(ranked, 1):
        head = (
            f"{place}. {printable(entry['id'], 200)}: {entry['count']} inconsistent, "
            f"largest gap {_gap(entry['factor'])}"
        )
        console.print(styled(wrap(head, console.width, 0, 3), "bold red"))
        for text in (entry["title"], entry["explanation"]):
            if text:
                console.print(styled(wrap(printable(text, 2000), console.width, 3)))
    more = summary.flagged - len(ranked)
    if more > 0:
        console.print(f"and {more} more (every one is in the JSON Lines output)")
    style = "bold red" if summary.flagged else "green"
    console.print(styled(wrap(summary.totals(), console.width), style))


def index(summary: Summary, stream: IO[str]) -> None:
    """A page linking each flagged article's fact-check page."""
    escape = html.escape
    items = []
    for entry in summary.ordered():
        name = escape(printable(entry["title"] or entry["id"], 200))
        link = f'<a href="{escape(entry["page"])}">{name}</a>' if entry["page"] else name
        items.append(
            f"<li>{link} <small>({escape(printable(entry['id'], 200))}; "
            f"{entry['count']} inconsistent, largest gap {escape(_gap(entry['factor']))})"
            f"</small><br>{escape(printable(entry['explanation'], 2000))}</li>"
        )
    stream.write(
        "<!DOCTYPE html>\n"
        '<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>cnii scan: {escape(summary.totals())}</title>"
        "<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;"
        "padding:0 1rem;line-height:1.5}li{margin-bottom:1rem}small{color:#555}</style>"
        f"</head><body><h1>Articles whose numbers do not add up</h1>"
        f"<p>{escape(summary.totals())}.</p><ol>{''.join(items)}</ol>"
        + f"<footer><small>cnii {escape(__version__)}</small></footer></body></html>\n"
    )
