"""How many planted errors ``cnii draft`` + ``cnii check`` find.

Each relation of the hand-written drafting set (tests/data/drafting) is a
place to plant an error: one printed figure of it is changed in the article
(two digits transposed, the number made 12 % larger, the scale word
misprinted), the article is drafted and checked, and the error counts as
found when a check that holds on the article as published is inconsistent
on the planted one. A false alarm is an article, as published, whose draft
has an inconsistent check. Prints a line per kind of error and per kind of
relation, and the totals:

    python benchmarks/planted.py [--held-out]
"""

from __future__ import annotations

import argparse
import re
import sys
import tomllib
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

import cnii
from cnii.draft import draft, settled, to_toml
from cnii.errors import CniiError
from cnii.records import Verdict

SET = Path(__file__).resolve().parent.parent / "tests" / "data" / "drafting"
_NUMBER = re.compile(r"\d[\d,]*(?:\.\d+)?")
_SCALES = {"million": "billion", "billion": "million", "trillion": "billion"}
_SCALES |= {"亿": "万", "万": "亿", "億": "萬", "萬": "億", "万亿": "亿", "萬億": "億"}


def transposed(number: str) -> str | None:
    digits = list(number)
    for at in range(len(digits) - 1):
        if digits[at].isdigit() and digits[at + 1].isdigit() and digits[at] != digits[at + 1]:
            digits[at], digits[at + 1] = digits[at + 1], digits[at]
            return "".join(digits)
    return None


def larger(number: str) -> str | None:
    plain = number.replace(",", "")
    decimals = len(plain.partition(".")[2])
    value = round(float(plain) * 1.12, decimals)
    text = f"{value:.{decimals}f}"
    return text if text != plain else None


def plantings(printed: str) -> Iterator[tuple[str, str]]:
    """Each kind of error, as the phrase ``printed`` would read with it."""
    match = _NUMBER.search(printed)
    if match is None:
        return
    for kind, change in (("transposed digits", transposed), ("a wrong figure", larger)):
        changed = change(match.group())
        if changed:
            yield kind, printed[: match.start()] + changed + printed[match.end() :]
    after = printed[match.end() :]
    for word, wrong in _SCALES.items():
        if after.lstrip().startswith(word):
            at = match.end() + after.index(word)
            yield "a misprinted scale", printed[:at] + wrong + printed[at + len(word) :]
            break


def inconsistent(text: str, name: str) -> set[str] | None:
    try:
        toml = settled(to_toml(draft(text, name)), "draft.toml")
        report = cnii.check(cnii.loads(toml, "draft.toml"))
    except CniiError:
        return None
    return {r.id for r in report.results if r.verdict is Verdict.INCONSISTENT}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="only the held-out articles")
    args = parser.parse_args(argv)
    found: Counter[str] = Counter()
    planted: Counter[str] = Counter()
    alarms = articles = 0
    for gold_path in sorted(SET.glob("*.toml")):
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        if args.held_out and not gold.get("held_out"):
            continue
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        clean = inconsistent(text, gold_path.name)
        articles += 1
        alarms += bool(clean)
        clean = clean or set()
        for relation in gold.get("relations", []):
            relation_kind, *phrases = relation
            target = phrases[-1] if relation_kind == "sum" else phrases[0]
            if text.count(target) != 1:
                continue  # a phrase printed twice: the planting would be ambiguous
            for kind, wrong in plantings(target):
                key = f"{relation_kind}: {kind}"
                planted[key] += 1
                now = inconsistent(text.replace(target, wrong), gold_path.name)
                if now is not None and now - clean:
                    found[key] += 1
    total, hit = sum(planted.values()), sum(found.values())
    for key in sorted(planted):
        print(f"  {key:40s} {found[key]:3d} of {planted[key]:3d}")
    print(
        f"found {hit} of {total} planted errors ({hit / max(total, 1):.0%}); "
        f"false alarms in {alarms} of {articles} articles as published"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
