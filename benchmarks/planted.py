"""How many planted errors ``cnii draft`` + ``cnii check`` find.

Each relation of the hand-written drafting set (tests/data/drafting) is a
place to plant an error: one printed figure of it is changed in the article
(two digits transposed, the number made 12 % larger, the scale word
misprinted), the article is drafted and checked, and the error counts as
found when a check that holds on the article as published is inconsistent
on the planted one. A false alarm is an article, as published, whose draft
has an inconsistent check over no error the article prints (``errors``).
Prints a line per kind of error and per kind of relation, and the totals:
of all plantings, and of those in relations whose every term the article
prints (a sum and its parts, a part and its whole, a conversion, a growth,
share or change in points with the prior level or the whole printed), the
only ones the article alone can show wrong; the others rest on a reference
a person looks up:

    python benchmarks/planted.py [--held-out] [--batch NAME]
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


def inconsistent(text: str, name: str) -> dict[str, set[str]] | None:
    """The draft's inconsistent checks, each with the phrases of its claims."""
    try:
        result = draft(text, name)
        toml = settled(to_toml(result), "draft.toml")
        report = cnii.check(cnii.loads(toml, "draft.toml"))
    except CniiError:
        return None
    phrases = {r.check_id: {c.printed for c in r.claims} for r in result.relations}
    return {
        r.id: phrases.get(r.id, set()) for r in report.results if r.verdict is Verdict.INCONSISTENT
    }


def alarms_in(found: dict[str, set[str]], errors: list[list[str]]) -> set[str]:
    """The inconsistent checks that are no error the article prints (its
    gold ``errors``: relations that do not hold as published)."""
    return {
        check
        for check, printed in found.items()
        if not any(all(any(p in c for c in printed) for p in error[1:]) for error in errors)
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--held-out", action="store_true", help="only the held-out articles")
    parser.add_argument("--batch", help="only the articles of this batch (their `batch`)")
    args = parser.parse_args(argv)
    found: Counter[tuple[bool, str]] = Counter()
    planted: Counter[tuple[bool, str]] = Counter()
    alarms = articles = 0
    for gold_path in sorted(SET.glob("*.toml")):
        gold = tomllib.loads(gold_path.read_text(encoding="utf-8"))
        if (args.held_out and not gold.get("held_out")) or (
            args.batch and gold.get("batch") != args.batch
        ):
            continue
        text = gold_path.with_suffix(".txt").read_text(encoding="utf-8")
        clean = inconsistent(text, gold_path.name) or {}
        articles += 1
        alarms += bool(alarms_in(clean, gold.get("errors", [])))
        for relation in gold.get("relations", []):
            relation_kind, *phrases = relation
            target = phrases[-1] if relation_kind == "sum" else phrases[0]
            if text.count(target) != 1:
                continue  # a phrase printed twice: the planting would be ambiguous
            printed = relation_kind in _PRINTED or len(phrases) > 2
            for kind, wrong in plantings(target):
                key = (printed, f"{relation_kind}: {kind}")
                planted[key] += 1
                now = inconsistent(text.replace(target, wrong), gold_path.name)
                if now is not None and now.keys() - clean.keys():
                    found[key] += 1
    for printed, heading in ((True, "every term printed"), (False, "a term to look up")):
        keys = sorted(key for key in planted if key[0] is printed)
        print(f"{heading}:")
        for key in keys:
            print(f"  {key[1]:40s} {found[key]:3d} of {planted[key]:3d}")
    hit, total = sum(found.values()), sum(planted.values())
    hit_printed = sum(n for key, n in found.items() if key[0])
    printed_total = sum(n for key, n in planted.items() if key[0])
    print(
        f"found {hit_printed} of {printed_total} planted errors where every term is printed "
        f"({hit_printed / max(printed_total, 1):.0%}), {hit} of {total} in all; "
        f"false alarms in {alarms} of {articles} articles as published"
    )
    return 0


# Relations whose terms are all printed, however many the gold lists; a
# growth, a share or a change in points lists a third, its prior or whole.
_PRINTED = ("sum", "part", "conversion")


if __name__ == "__main__":
    sys.exit(main())
