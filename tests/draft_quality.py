"""How well ``cnii draft`` drafts real articles it was not written for.

Each article of ``tests/data/drafting`` has, beside it, the claims and the
relations a fact-checker lists, written by hand (``NAME.toml``). A drafted
claim is *right* when it is over the same phrase with the same value (as
cnii reads it: number, scale and dimension) and the same qualifier; it is
*real* when it is over a listed phrase at all. Recall is right claims over
listed claims; precision is real claims over drafted claims. A listed
relation is *proposed* when a drafted relation of its kind joins claims over
its phrases.

Run ``python -m tests.draft_quality`` to print the figures for each article;
``tests/test_draft_quality.py`` holds the suite to them.
"""

from __future__ import annotations

import re
import sys
import tomllib
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from cnii.draft import Claim, draft
from cnii.errors import CniiError
from cnii.figures import parse_figure
from cnii.records import QUALIFIERS
from cnii.units import Units

SET = Path(__file__).parent / "data" / "drafting"


@dataclass
class Score:
    name: str
    language: str
    held_out: bool
    batch: str | None = None  # a batch added at once, scored apart before any change for it
    yearless: bool = False  # the text names no year: its periods a draft cannot know
    listed: int = 0
    dated: int = 0  # right claims whose period is listed
    dated_right: int = 0  # of those, drafted with that period
    right: int = 0
    drafted: int = 0
    real: int = 0
    relations: int = 0
    proposed: int = 0
    drafted_relations: int = 0  # relations the draft proposes
    listed_relations: int = 0  # of those, ones over the phrases of a listed relation
    missed: list[str] = field(default_factory=list)  # listed, not drafted right
    extra: list[str] = field(default_factory=list)  # drafted over no listed phrase
    unproposed: list[str] = field(default_factory=list)
    undated: list[str] = field(default_factory=list)  # right, with another period


def meaning(value: str, units: Units) -> tuple[Decimal, str] | None:
    """A value as cnii reads it: its number in base units, and its dimension."""
    try:
        figure = parse_figure(value)
        unit = units.parse(figure.unit_text)
    except CniiError:
        return None
    return figure.number * unit.factor, str(unit.root)


def _units(*values: str) -> Units:
    """cnii's units, with every noun the values count defined as a count,
    as a draft's ``[units]`` table would define it."""
    nouns: dict[str, str] = {}
    probe = Units()
    for value in values:
        for word in re.findall(r"[A-Za-z_]+", value):
            try:
                probe.parse(word)
            except CniiError:
                nouns[word[:-1] if word.endswith("s") else word] = "count"
    return Units(nouns)


def score(article: Path) -> Score:
    expected = tomllib.loads(article.with_suffix(".toml").read_text(encoding="utf-8"))
    text = article.read_text(encoding="utf-8")
    result = draft(text, article.name)
    claims = [c for c in result.claims]
    units = _units(*(c.value for c in claims), *(c[1] for c in expected["claims"]))
    found = Score(article.stem, expected["language"], expected["held_out"], expected.get("batch"))
    found.yearless = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text) is None
    found.listed, found.drafted = len(expected["claims"]), len(claims)
    spans: list[tuple[int, int]] = []
    at = 0
    for printed, value, qualifier, *period in expected["claims"]:
        where = text.find(printed, at)
        assert where >= 0, f"{article.name}: {printed!r} is not in the text after {at}"
        at = where + 1
        spans.append((where, where + len(printed)))
        over = [c for c in claims if c.start < where + len(printed) and where < c.end]
        want = meaning(value, units)
        assert want is not None, f"{article.name}: {value!r} is not a value cnii reads"
        bound = QUALIFIERS.get(qualifier)
        matching = [
            c
            for c in over
            if meaning(c.value, units) == want and QUALIFIERS.get(c.qualifier) == bound
        ]
        if matching:
            found.right += 1
            if period:
                found.dated += 1
                if any(c.period == period[0] for c in matching):
                    found.dated_right += 1
                else:
                    found.undated.append(f"{printed!r}: {period[0]} <- {matching[0].period}")
        else:
            drafted = "; ".join(f"{c.value} {c.qualifier}".strip() for c in over) or "nothing"
            found.missed.append(f"{printed!r}: {value} {qualifier}".strip() + f" <- {drafted}")
    for claim in claims:
        if any(claim.start < end and start < claim.end for start, end in spans):
            found.real += 1
        else:
            found.extra.append(f"{claim.printed!r}: {claim.value} {claim.qualifier}".strip())
    for relation in result.proposed:
        found.drafted_relations += 1
        found.listed_relations += any(
            kind == relation.kind and _joins(relation.claims, phrases, text)
            for kind, *phrases in expected["relations"]
        )
    for kind, *phrases in expected["relations"]:
        found.relations += 1
        if any(r.kind == kind and _joins(r.claims, phrases, text) for r in result.proposed):
            found.proposed += 1
        else:
            found.unproposed.append(f"{kind}: {', '.join(phrases)}")
    return found


def _joins(claims: tuple[Claim, ...], phrases: list[str], text: str) -> bool:
    """Whether each phrase has a claim over one of its places."""

    def over(claim: Claim, phrase: str) -> bool:
        return any(
            claim.start < m.end() and m.start() < claim.end
            for m in re.finditer(re.escape(phrase), text)
        )

    return all(any(over(c, p) for c in claims) for p in phrases)


def scores() -> list[Score]:
    return [score(path) for path in sorted(SET.glob("*.txt"))]


def totals(found: list[Score]) -> tuple[float, float, float]:
    """Recall, precision and the share of relations proposed."""
    listed = sum(s.listed for s in found)
    drafted = sum(s.drafted for s in found)
    relations = sum(s.relations for s in found)
    return (
        sum(s.right for s in found) / listed if listed else 1.0,
        sum(s.real for s in found) / drafted if drafted else 1.0,
        sum(s.proposed for s in found) / relations if relations else 1.0,
    )


def relation_precision(found: list[Score]) -> float | None:
    """Of the relations drafted, the share over a listed relation's phrases
    (a relation the annotator did not list counts against it)."""
    drafted = sum(s.drafted_relations for s in found)
    return sum(s.listed_relations for s in found) / drafted if drafted else None


def periods(found: list[Score]) -> float | None:
    """Of the right claims whose period is listed, the share drafted with it."""
    dated = sum(s.dated for s in found)
    return sum(s.dated_right for s in found) / dated if dated else None


def main() -> int:
    found = scores()
    verbose = "-v" in sys.argv
    print(f"{'article':28} {'lang':4} {'recall':>13} {'precision':>13} {'relations':>9}")
    for s in found:
        mark = " (held out)" if s.held_out else ""
        print(
            f"{s.name:28} {s.language:4} {s.right:>4}/{s.listed:<3} {s.right / s.listed:4.0%}"
            f" {s.real:>4}/{s.drafted:<3} {s.real / max(s.drafted, 1):4.0%}"
            f" {s.proposed:>4}/{s.relations:<3}{mark}"
        )
        if verbose:
            for line in s.missed:
                print(f"    missed   {line}")
            for line in s.extra:
                print(f"    extra    {line}")
            for line in s.unproposed:
                print(f"    no       {line}")
            for line in s.undated:
                print(f"    period   {line}")
    batches = sorted({s.batch for s in found if s.batch})
    for label, group in (
        ("all", found),
        ("English", [s for s in found if s.language == "en"]),
        ("Chinese", [s for s in found if s.language == "zh"]),
        ("held out", [s for s in found if s.held_out]),
        *((f"batch {b}", [s for s in found if s.batch == b]) for b in batches),
    ):
        if group:
            recall, precision, relations = totals(group)
            dated = periods(group)
            named = periods([s for s in group if not s.yearless])
            right = relation_precision(group)
            print(
                f"{label:9} ({len(group):2} articles, {sum(s.listed for s in group):4} claims): "
                f"recall {recall:.1%}, precision {precision:.1%}, relations {relations:.0%}"
                + ("" if right is None else f" (precision {right:.0%})")
                + ("" if dated is None else f", periods {dated:.0%}")
                + ("" if named is None or named == dated else f" ({named:.0%} with a year)")
            )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
