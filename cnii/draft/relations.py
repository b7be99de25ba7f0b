"""The relations fact-checkers check most, proposed from an article's own
numbers: an amount with its conversion beside it, an amount or count with
its growth (or fall) and the prior level it prints, a level said to rise or
fall from a printed one, a share of a whole (printed, named, or to look
up), a share with its change in percentage points, a part within a whole,
parts that add up to a total, and a trade or budget balance with the flows
it is the gap between.

A relation is proposed because the words state it ("from", "of which",
按…分, "surplus"), never because the figures agree: parts, priors and
wholes are compared by what they measure, not by their scale, so that a
misprinted figure fails its check instead of losing its relation.

Relations are local: each looks at the claims of its sentence (a sum, at
the next few), at most _NEAR either side. Each claim takes part in at most
one relation of each kind, so that the ids the relations are written with
stay the ids of the claims."""

from __future__ import annotations

import bisect
import datetime
import functools
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from decimal import Decimal

from cnii.draft.model import Claim, Draft, Ids, Placeholder, Relation, fit, slug
from cnii.errors import CniiError
from cnii.factbase import pack_references
from cnii.figures import SCALE_WORDS, cjk

_OF_WHOLE = re.compile(
    r"\s*of\s+(?:the\s+)?(?:national\s+|country's\s+|China's\s+)?(GDP|total|population)"
)
_PART = re.compile(
    r"\b(?:(?<!compared )(?<!compares )(?<!comparison )with|of which|among them|including)\b"
    r"|其中|包括|[当當]中"
)
_GROWN = ("amount", "count")  # what a growth rate can be the growth of


def _level(claim: Claim) -> bool:
    """An amount or count that is a level, not a change ("rose £0.2 billion",
    增加7.24亿): what growth rates, shares and sums are of."""
    return claim.kind in _GROWN and not claim.change and _PER_THING.search(claim.value) is None


# A value per something other than time: a price ("USD / tonne"), not a flow
# ("barrels / day", a level that grows like any other).
_PER_THING = re.compile(r"/ (?!(?:day|week|month|year|hour)\b)")


# Before the figure a change is from: "from 5.2 percent", "as against Rs 32.46 lakh crore".
_FROM = re.compile(
    r"\b(?:from|as against|against|compared (?:with|to)|versus|vs\.?)\s+(?:the\s+)?$"
    r"|\bfrom\s+(?:its|the|their|a)\s+(?:[\w-]+\s+){0,3}(?:of|at)\s+$"  # "from its forecast of"
    r"|\b(?:larger|higher|bigger|greater|more|smaller|lower|less) than\s+(?:the\s+)?$"
    r"|[从從由较較]$",
    re.IGNORECASE,
)
_TO = re.compile(r"\s*(?:in\s+(?:\S+\s+){1,2})?to\s+(?:a\s+(?:record\s+)?)?|[到至]")
# Between a share and the whole printed after it: "12 percent of the group's".
_SHARE_OF = re.compile(
    r"\s*(?:of|in)\s+(?:(?:the\s+)?(?:[A-Za-z][\w'\u2019-]*\s+){0,5}?)"
    r"|\s*[\u5360\u4f54][^\d\uff0c,\u3002;\uff1b]{0,12}?(?:\u7684)?"  # 占全部…的
)
# Between a whole and its share: 60999万元的40.4%; before the whole, what the part did to it.
_OF_IT = re.compile(r"的(?:比重|比例)?[为為是]?")
_DONE = re.compile(r"完成|占|佔|相当于|相當於|达到|達到")
_OR = re.compile(
    r"\s*(?:[^\W\d]+\s*){0,2}(?:,\s*)?(?:or|\(|\uff08)\s*(?:about\s+|some\s+)?", re.IGNORECASE
)
_OF_THE = re.compile(r"\b(?:[Oo]f|out of|among)\s+(?:the\s+)?$")
_AND = re.compile(r"\s*(?:,\s*)?(?:and|和|与|與|、|及)\s*")
# How many claims either side a relation looks at. Relations are local, and
# a bound keeps a hostile text of 100,000 figures in one sentence linear.
_NEAR = 24


def _nearby(
    claims: list[Claim], index: int, step: int, wanted: Callable[[int], bool]
) -> Iterator[int]:
    """The claims of the sentence of ``claims[index]`` that ``wanted`` takes,
    nearest first, going back (``step`` -1) or forward (+1), at most _NEAR."""
    sentence = claims[index].sentence
    for j in range(index + step, index + step * (_NEAR + 1), step):
        if not 0 <= j < len(claims) or claims[j].sentence != sentence:
            return
        if wanted(j):
            yield j


def _run(claims: list[Claim], index: int, text: str) -> list[int]:
    """The claims of the kind of ``claims[index]`` written in a run with it
    ("21.1 percent and 20.0 percent", "0.6 percentage points and 1 percentage
    point"): their indexes, in order."""
    kind = claims[index].kind

    def joined(a: int, b: int) -> bool:
        return (
            a >= 0
            and b < len(claims)
            and claims[a].kind == kind == claims[b].kind
            and _AND.fullmatch(text[claims[a].end : claims[b].start]) is not None
        )

    start = index
    while index - start < _NEAR and joined(start - 1, start):
        start -= 1
    end = index
    while end - index < _NEAR and joined(end, end + 1):
        end += 1
    return list(range(start, end + 1))


def _in_order(
    claims: list[Claim], index: int, text: str, wanted: Callable[[int], bool]
) -> int | None:
    """Where ``claims[index]`` is in a run ("up 21.1 percent and 20.0
    percent"), the claim ``wanted`` takes that it pairs with, in order, among
    as many before the run: "1.772 million units and 1.715 million units"."""
    run = _run(claims, index, text)
    if len(run) < 2:
        return None
    before = list(itertools.islice(_nearby(claims, run[0], -1, wanted), len(run)))
    return before[len(run) - 1 - run.index(index)] if len(before) == len(run) else None


def _grows(claims: list[Claim], index: int, text: str, grown: Callable[[int], bool]) -> int | None:
    """The amount or count that the growth rate ``claims[index]`` is the
    growth of (of those ``grown`` takes): paired in order where the text
    lists them, else the nearest one before it in its sentence, else the
    nearest one after it ("grew 7.1 percent to 25.45 trillion yuan")."""
    paired = _in_order(claims, index, text, grown)
    if paired is not None:
        return paired
    after = next(_nearby(claims, index, 1, grown), None)
    if after is not None and not _TO_LEVEL.search(text, claims[index].end, claims[after].start):
        after = None  # "down 26% from A and 3% below B": B is no level it grew to
    before = next(_nearby(claims, index, -1, grown), None)
    if before is not None and _ANOTHER.search(text, claims[before].end, claims[index].start):
        before = None  # "exports rose to $34.0 billion, as prices grew 1.4%": the prices'
    return before if before is not None else after


# Between a level and a rate after it, words that give the rate another subject.
_ANOTHER = re.compile(
    r"\b(?:as|while|whereas|but|although)\b[^.;,\d]{0,40}?\b(?:grew|rose|fell|increased|"
    r"decreased|declined|gained|dropped|jumped|climbed|surged|slipped|edged|expanded|contracted)\b",
    re.IGNORECASE,
)


# Between a growth rate and the level it grew to: "rose 5% to", 增长5%, 达到.
_TO_LEVEL = re.compile(
    r"(?:\bto|\bat|\breach(?:ing|ed)?|[达達至到为為])[\s,\uff0c]*"
    r"(?:(?:[^\s\d]+\s+){0,2}|(?:[^\s\d.;,]+\s+){0,6}of\s+)$",  # "to an annual rate of"
    re.IGNORECASE,
)


def propose(result: Draft, text: str, fixed: Iterable[str] = (), taken: Iterable[str] = ()) -> None:
    """Add to ``result`` the relations among its claims; claims with ids in
    ``fixed`` (an existing fact base's) keep them, and none is renamed to an
    id ``taken`` (the fact base's others)."""
    claims = result.claims
    ids = _Names(claims, fixed, taken)
    sizes = [_magnitude(c) for c in claims]  # what a sum adds, once for each claim
    conversions: set[int] = set()  # amounts that are another's conversion
    grown: set[int] = set()  # amounts with a growth relation
    shared: set[int] = set()  # amounts with a share relation
    wholes: set[int] = set()  # the wholes printed for a share
    used: set[int] = set()  # share claims already in a relation
    pointed: set[int] = set()  # shares with a change in points
    for index, claim in enumerate(claims):  # first: conversions rename their claims
        if index not in conversions and claim.kind == "amount" and claim.currency:
            _conversion_of(result, text, index, conversions, ids)

    def of_a_whole(j: int) -> bool:
        return _level(claims[j]) and j not in conversions and j not in shared

    def since(j: int) -> bool:  # what a figure changed from: "from 5.2 percent", 由5.2%
        return _FROM.search(text[max(0, claims[j].start - 40) : claims[j].start]) is not None

    def a_share(j: int) -> bool:  # a share as it stands now, not the one it changed from
        return claims[j].kind == "share" and "%" in claims[j].value and not since(j)

    def a_share_since(j: int) -> bool:
        return claims[j].kind == "share" and "%" in claims[j].value and since(j)

    def from_in(j: int, unit: str) -> bool:  # "from US$431.7 billion ... to US$475.3 billion"
        # by what it measures, not its scale: "from 3.1 million" misprinted
        # "from 3.1 billion" is what the check is there to find
        return since(j) and _measure(claims[j].unit) == _measure(unit)

    def alike(unit: str, j: int) -> bool:  # a level of what ``unit`` measures
        return _level(claims[j]) and _measure(claims[j].unit) == _measure(unit)

    def from_after(j: int, unit: str) -> bool:  # not another's: "imports fell from X to Y"
        return from_in(j, unit) and not (
            j + 1 < len(claims)
            and claims[j + 1].sentence == claims[j].sentence
            and _TO.fullmatch(text, claims[j].end, claims[j + 1].start) is not None
        )

    def own_points(index: int, after: int) -> bool:  # another change in points comes between
        return any(c.kind == "points" for c in claims[index + 1 : after])

    def growing(j: int) -> bool:  # a level with no growth yet, not the one it grew from
        return (
            _level(claims[j])
            and j not in conversions
            and j not in grown
            and j not in wholes  # a share's whole: 完成年初预算数60999万元的40.4%
            and not since(j)
        )

    def printed_whole(index: int) -> tuple[int, int] | None:
        """The part and the whole the text prints for the share ``claims[index]``:
        "40 billion yuan, 12 percent of the group's 333 billion yuan revenue",
        "Of the 1,200 workers, 300 were women, or 25 percent"."""
        share = claims[index]
        after = index + 1
        if (
            after < len(claims)
            and claims[after].sentence == share.sentence
            and _level(claims[after])
            and _SHARE_OF.fullmatch(text, share.end, claims[after].start)
        ):
            whole = after
        elif (
            index >= 2
            and claims[index - 1].sentence == share.sentence == claims[index - 2].sentence
            and _level(claims[index - 1])
            and _OF_IT.fullmatch(text, claims[index - 1].end, share.start)
            and _DONE.search(text, claims[index - 2].end, claims[index - 1].start)
            and _adds_to(claims[index - 2], claims[index - 1], change=False)
        ):  # 收入24627万元, 完成年初预算数60999万元的40.4%
            return index - 2, index - 1
        else:
            part = index - 1
            if part < 0 or not _OR.fullmatch(text, claims[part].end, share.start):
                return None
            whole = next(_nearby(claims, part, -1, lambda j: _level(claims[j])), -1)
            if whole < 0 or not _OF_THE.search(
                text, max(0, claims[whole].start - 12), claims[whole].start
            ):
                return None
        like = claims[whole]
        found = next(
            _nearby(
                claims,
                index,
                -1,
                lambda j: j != whole and of_a_whole(j) and _adds_to(claims[j], like, change=False),
            ),
            None,
        )
        return None if found is None else (found, whole)

    def named_whole(index: int) -> tuple[int, int] | None:
        """The part and the whole, printed before, that the words of the share
        ``claims[index]`` name: "accounted for 28.9 percent of China's total
        trade volume", 占社会消费品零售总额的比重为14.9%: the figure before
        whose words share the most with the share's (two words or two
        characters' pairs at least), of the part's measure and period."""
        share = claims[index]
        named, total = _share_words(text, share)
        part = _subject(claims, index, text, of_a_whole)
        if len(named) < 2 or part is None:
            return None
        ranked: list[tuple[tuple[int, Decimal], int]] = []
        for j in range(part - 1, max(-1, part - 1 - 2 * _NEAR), -1):
            whole = claims[j]
            if share.sentence - whole.sentence > _WHOLE_SENTENCES:
                break
            size = sizes[j]
            if (
                not _level(whole)
                or j in conversions
                or size is None
                or whole.value == claims[part].value  # the part printed again (in a title)
                or whole.period != claims[part].period
                or not _adds_to(claims[part], whole, change=False)
                or _measure(whole.unit) != _measure(claims[part].unit)  # people of people
            ):
                continue
            lead = _lead(claims, j, text)
            if _MADE_OF.search(lead):
                continue  # 其中65岁及以上人口: a part itself
            shared_words = len(named & _words(lead))
            if shared_words >= 2:
                # "of the total": the largest of those it names; else the one it names best
                ranked.append(((0, size[0]) if total else (shared_words, Decimal(0)), j))
        return None if not ranked else (part, max(ranked, key=lambda r: r[0])[1])

    for index, claim in enumerate(claims):
        if index in conversions:
            continue  # the same amount in another currency: its relations are the first's
        if claim.kind == "share" and not (claim.growth or claim.decline) and "%" in claim.value:
            found = printed_whole(index) or named_whole(index)
            if found is not None:
                used.add(index)
                shared.add(found[0])
                wholes.add(found[1])
                result.relations.append(_share_of(claims[found[0]], claims[found[1]], claim, ids))
        whole = "GDP" if claim.whole == "gdp" else text[claim.end : claim.end + 40]
        if (
            claim.kind == "share"
            and not claim.growth
            and index not in used
            and (claim.whole is not None or re.match(_OF_WHOLE, whole))
        ):
            amount = next(_nearby(claims, index, -1, of_a_whole), None)  # nearest before
            if amount is not None:
                used.add(index)
                shared.add(amount)
                around = text[max(0, claim.start - 20) : claim.end + 40]
                result.relations.append(_share(claims[amount], claim, whole, ids, around))
        if claim.kind == "share" and (claim.growth or claim.decline) and index not in used:
            grows = _grows(claims, index, text, growing)
            if grows is not None:
                used.add(index)
                grown.add(grows)
                unit = claims[grows].unit
                # the figure of its measure next to it, with "from" before it: before
                # it where the rate follows ("from X to Y, up 5%"), else after it
                old = next(_nearby(claims, grows, -1, functools.partial(alike, unit)), None)
                if old is not None and not ((old > index or index > grows) and from_in(old, unit)):
                    old = None
                if old is None:  # the next figure of its measure, where "from" comes before it
                    after = next(_nearby(claims, grows, 1, functools.partial(alike, unit)), None)
                    old = (
                        after
                        if after is not None
                        and from_after(after, unit)
                        # "down 3% from X and down 23% from Y": Y is the 23 %'s
                        and not any(c.kind == "share" for c in claims[index + 1 : after])
                        else None
                    )
                result.relations.append(
                    _growth(claims[grows], claim, ids, None if old is None else claims[old])
                )
        if claim.kind == "points":
            share = _in_order(claims, index, text, a_share)  # "respectively"
            if share is None:  # the nearest before, else after: "fell 0.4 points to 6.3 %"
                share = next(
                    _nearby(claims, index, -1, a_share),
                    next(_nearby(claims, index, 1, a_share), None),
                )
            if share is not None and share > index and own_points(index, share):
                share = None  # "rose 1.3 points to 22 percent" after it: another change's
            if share is not None and share not in pointed:  # one change for each share
                pointed.add(share)
                old = next(
                    _nearby(claims, index, -1, a_share_since),
                    next(_nearby(claims, index, 1, a_share_since), None),
                )
                if old is not None and (
                    own_points(min(index, old), max(index, old))
                    or (old - 1 != index and claims[old - 1].kind == "points")
                ):
                    old = None  # "up 0.8 points from 14.3 percent, ... rose 1.3 points"
                result.relations.append(
                    _points(claims[share], claim, None if old is None else claims[old])
                )
        if claim.kind in _GROWN and "/" not in claim.value and index not in conversions:
            runs = _parts(claims, index, text, conversions, sizes)
            for number, parts in enumerate(runs):
                result.relations.append(_sum(claim, parts, number))
            listed = [] if runs else _listed_parts(claims, index, text, conversions, sizes)
            if listed:
                result.relations.append(_sum(claim, listed, 0))
        if _level(claim):
            part = next(  # the next of its kind, close after it: "X, up 5%. Of which, Y"
                (c for c in claims[index + 1 : index + 1 + _NEAR] if c.kind == claim.kind),
                None,
            )
            if (
                part is not None
                and _adds_to(part, claim)
                # of its scale or another, but counting what it counts: "with 9 gizmos"
                # is no part of 700 projects
                and _measure(part.unit) in (_measure(claim.unit), "items")
                and part.sentence - claim.sentence <= 1
                and _PART.search(text[max(claim.end, part.start - 30) : part.start])
                # 分季度看, 其中一季度…: the quarters of a total named before, not of this
                and not _BREAKDOWN.search(text, claim.end, part.start)
            ):
                result.relations.append(_part_of_whole(claim, part))
    for index, claim in enumerate(claims):  # "rose to $32.6 billion from $32.3 billion"
        if index not in grown and index not in conversions and _level(claim):
            result.relations.extend(_direction(claims, index, text, since))
    result.relations.extend(_breakdowns(claims, text, conversions, sizes, result.relations))
    result.relations.extend(_balances(claims, text, conversions, result.relations))
    ids.repoint(result.relations)


def apart(result: Draft) -> None:
    """Each id a relation makes (its check, derivation and placeholder) kept
    apart from the claims' and from other relations' (the rate of a claim
    "about" is no claim "about_rate"); relations that need one placeholder
    share it. (Into a fact base, a relation proposed twice is left out instead.)"""
    ids = Ids(c.id for c in result.claims)
    holders: dict[str, str] = {}
    for relation in result.relations:
        for name in [relation.check_id, *(relation.derivation or ())[:1]]:
            kept = ids.keep(name)
            if kept != name:
                relation.rename(name, kept)
        holder = relation.placeholder
        if holder is not None:
            if holder.id not in holders:
                holders[holder.id] = ids.keep(holder.id)
            if holders[holder.id] != holder.id:
                relation.rename(holder.id, holders[holder.id])


def _conversion_of(
    result: Draft, text: str, index: int, conversions: set[int], ids: _Names
) -> None:
    """An amount with the same sum in another currency printed beside it, in
    brackets: "1.53 trillion yuan (about $210 billion)"."""
    claim = result.claims[index]
    if index + 1 >= len(result.claims) or "/" in claim.value:
        return
    other = result.claims[index + 1]
    between = text[claim.end : other.start]
    if (
        other.kind == "amount"
        and other.currency
        and other.currency != claim.currency
        and "/" not in other.value
        and ("(" in between or "\uff08" in between)
        and other.start - claim.end < 12
    ):
        conversions.add(index + 1)
        # "surpassed 130 trillion yuan ($17.8 trillion)": the dollars are the
        # conversion of the yuan as printed, not "more than" too (unless the
        # text says so): a rate of two open figures could never be wrong
        unit = f"{claim.currency} / {other.currency}"
        stated = next(  # the rate printed beside them: "(US$139.2 billion; US$1 = 6.4 RMB)"
            (
                c
                for c in result.claims[index + 2 : index + 4]
                if c.kind == "rate" and c.unit == unit and c.sentence == claim.sentence
            ),
            None,
        )
        result.relations.append(_conversion(result, claim, other, ids, stated, text))


_TOTAL = re.compile(
    r"\b(?:total(?:ed|led)?|in all|combined|altogether)\b|总额|总值|总数|总量|合计|共计|"
    r"總額|總值|總數|總量|合計|共計|[总總](?:消费|消費|收入|支出|人数|人數|产值|產值|规模|規模)",
    re.IGNORECASE,
)
# Before a figure, words that make it the sum of parts to come ("a total of
# 14.07 million vehicles"): not 总额, which names every part (利润总额) too.
_STATED_TOTAL = re.compile(
    r"\b(?:a total of|total(?:ed|led|ing|ling)|in all|altogether)\s+(?:\S+\s+){0,2}$"
    r"|(?:合计|共计|合計|共計)\S{0,4}$",
    re.IGNORECASE,
)
# After a total, words that say its parts follow.
_MADE_OF = re.compile(
    r"\b(?:of which|among them|including|made up of|consist(?:s|ed|ing) of|compris(?:es|ed|ing)|"
    r"composed of|split between|broken down)\b|其中|包括|[当當]中|由"
    r"|(?<=[\u4e00-\u9fff])(?<![年月日])中(?=[,\uff0c])"  # 載貨貨櫃中, 在实物商品网上零售额中,
    r"|分[^\uff0c,\u3002]{1,6}看|按[^\uff0c,\u3002]{1,10}分",  # 分产业看, 按消费类型分
    re.IGNORECASE,
)
# Of _MADE_OF, the words that name some parts of a whole, not all of them
# (其中 opens the breakdown of a Chinese release: urban and rural, ...).
_SOME_OF = re.compile(r"of which|among them|including|包括", re.IGNORECASE)
_PAIRED = re.compile(r"\s*(?:[^\W\d]+\s*)?(?:and|,|、|和|及)\s*")  # "X units and Y"
_MOST_PARTS = 16  # the parts a sum is proposed of, from the words alone
_CLOSE = Decimal("0.01")  # parts within 1 % of a total, close by, are proposed as its sum
_SUM_SENTENCES = 6  # how far after a total its parts are looked for


def _parts(
    claims: list[Claim],
    index: int,
    text: str,
    conversions: set[int],
    sizes: list[tuple[Decimal, Decimal] | None],
) -> list[list[Claim]]:
    """Runs of claims that add up to the total ``claims[index]``, where a
    word names it a total ("a total of", 总额) or says that parts follow it
    ("made up of", 其中, 分产业看): runs of two or more claims of its kind,
    currency and kind of change, stated in the few sentences after it, each
    smaller than it, whose sum is its value as printed (within what rounding
    allows), or within 1 % of it in its sentence or the next (a sum printed
    wrong, for a person to look at)."""
    total = claims[index]
    whole = sizes[index]
    if whole is None or not whole[0]:
        return []
    named = _TOTAL.search(text[max(0, total.start - 40) : total.end + 12]) is not None
    candidates = [
        (j, stated)
        for j, c in enumerate(claims[index + 1 : index + 1 + 2 * _NEAR], index + 1)
        # a part is less than the whole, and more than what rounding hides
        if (stated := sizes[j]) is not None
        and whole[1] < stated[0] < whole[0] - whole[1]
        and j not in conversions
        and c.sentence - total.sentence <= _SUM_SENTENCES
        and _adds_to(c, total)
    ]

    def alike(first: int, last: int) -> bool:  # 利润总额 on every part of the run
        return _each_a_total([claims[j] for j, _ in candidates[first : last + 1]], text)

    found: list[list[Claim]] = []
    first = 0
    while first < len(candidates):
        size, slack = Decimal(0), whole[1]
        for last in range(first, len(candidates)):
            part = candidates[last][1]
            size, slack = size + part[0], slack + part[1]
            if size - slack > whole[0] * (1 + _CLOSE):
                break  # parts only add: this run is past the total
            near = claims[candidates[last][0]].sentence - total.sentence <= 1
            gap = abs(size - whole[0])
            if (
                last > first
                and (gap <= slack or (near and gap <= _CLOSE * whole[0] and not alike(first, last)))
                # a word names a total, or says its parts follow: "made up of", 分产业看
                and (named or _MADE_OF.search(text, total.end, claims[candidates[first][0]].start))
            ):
                run = [claims[j] for j, _ in candidates[first : last + 1]]
                pool = [claims[j] for j, _ in candidates]
                if _top_level(run, text, total, pool) == run:  # no part's parts among them
                    found.append(run)
                first = last
                break
        first += 1
    return found or _stated_parts(claims, index, text, conversions, sizes)


# Before a sentence of parts, words that say it breaks a total down:
# 按经营单位所在地分, 分产业看, "By region,".
_BREAKDOWN = re.compile(
    r"按[^\uff0c,\u3002;\uff1b\d]{1,12}分|分[^\uff0c,\u3002;\uff1b\d]{1,6}看"
    r"|\b[Bb]y (?:region|type|sector|product|country|industry|category|source|component)s?,"
)


_UP = re.compile(
    r"\b(?:rose|rise|risen|rising|increased|increasing|grew|grown|growing|climbed|jumped|gained|"
    r"expanded|surged|soared|widened|up)\b|增长|增加|提高|上升|增長|提升",
    re.IGNORECASE,
)
_DOWN = re.compile(
    r"\b(?:fell|fallen|falling|decreased|decreasing|declined|declining|dropped|slipped|shrank|"
    r"contracted|narrowed|slumped|plunged|down)\b|下降|减少|減少|降低|回落",
    re.IGNORECASE,
)


def _direction(
    claims: list[Claim], index: int, text: str, since: Callable[[int], bool]
) -> Iterator[Relation]:
    """A level the text says rose or fell from a prior level it prints, with
    no rate of growth beside it ("rose to $32.6 billion from $32.3 billion",
    "fell from 4.3 million to 4.1 million"): more, or less, than the prior."""
    claim = claims[index]
    prior = None
    for j in (index - 1, index + 1):
        if not 0 <= j < len(claims):
            continue
        other = claims[j]
        if (
            other.sentence != claim.sentence
            or not _level(other)
            or _measure(other.unit) != _measure(claim.unit)
            or other.currency != claim.currency
            or not since(j)
        ):
            continue
        between = (claims[j].end, claim.start) if j < index else (claim.end, claims[j].start)
        # "from X to Y", or "to Y from X"
        if (j < index and _TO.fullmatch(text, *between)) or (
            j > index and between[1] - between[0] <= 48
        ):
            prior = j
    if prior is None:
        return
    lead = text[max(0, min(claim.start, claims[prior].start) - 40) : claim.start]
    lead = lead[max((m.end() for m in _CLAUSE.finditer(lead)), default=0) :]
    up, down = _UP.search(lead), _DOWN.search(lead)
    if (up is None) == (down is None):
        return  # no direction, or both
    old = claims[prior]
    said = (up or down).group(0)  # type: ignore[union-attr]
    yield Relation(
        "change",
        (claim, old),
        claim.statement,
        fit(f"{claim.id}_direction"),
        claim.id,
        old.id,
        f'{claim.printed} is {"more" if up else "less"} than {old.printed}, as "{said}" says.',
        relation="at_least" if up else "at_most",
    )


def _breakdowns(
    claims: list[Claim],
    text: str,
    conversions: set[int],
    sizes: list[tuple[Decimal, Decimal] | None],
    relations: list[Relation],
) -> Iterator[Relation]:
    """Sums the words state: a sentence that a word opens as a breakdown
    ("按经营单位所在地分, 城镇…52046亿元; 乡村…9036亿元", "By region, ...")
    holds parts of the nearest total before it: a level of their kind, larger
    than each, that is no part itself (of no breakdown, no 其中, no sum
    already proposed). However much the parts add up to: a part printed
    wrong is what the check finds."""
    summed = {id(c) for r in relations if r.kind == "sum" for c in r.claims[1:]}
    opened: set[int] = set()  # the sentences that break a total down
    parts_of: dict[int, list[int]] = {}
    for j, claim in enumerate(claims):
        if j and claims[j - 1].sentence == claim.sentence:
            continue
        lead = text[claims[j - 1].end if j else 0 : claim.start]
        lead = lead[max((m.end() for m in _STOP.finditer(lead)), default=0) :]
        if _BREAKDOWN.search(lead):
            opened.add(claim.sentence)
        if _SOME_OF.search(lead) or re.search("其中|[当當]中", lead):
            opened.add(-claim.sentence)  # a sentence of "of which": parts, not totals
    for j, claim in enumerate(claims):
        if claim.sentence in opened and _level(claim) and j not in conversions and sizes[j]:
            parts_of.setdefault(claim.sentence, []).append(j)
    number = 0
    for indexes in parts_of.values():
        first = claims[indexes[0]]
        parts = [k for k in indexes if _adds_to(claims[k], first)]
        if not 2 <= len(parts) <= _MOST_PARTS or all(id(claims[k]) in summed for k in parts):
            continue
        largest = max(sizes[k][0] for k in parts)  # type: ignore[index]
        total = next(
            (
                k
                for k in range(parts[0] - 1, max(-1, parts[0] - 1 - 2 * _NEAR), -1)
                if first.sentence - claims[k].sentence <= 2 * _SUM_SENTENCES
                and claims[k].period == first.period
                and _level(claims[k])
                and _adds_to(first, claims[k])
                and claims[k].sentence not in opened
                and -claims[k].sentence not in opened
                and id(claims[k]) not in summed
                and k not in conversions
                and (size := sizes[k]) is not None
                and size[0] > largest
            ),
            None,
        )
        if total is not None:
            number += 1
            yield _sum(claims[total], [claims[k] for k in parts], number)


# What a figure of trade is, by the last such word before it in its clause
# (进出口 is trade, neither exports nor imports).
_TRADE = re.compile(
    r"\b(?P<exports>exports?|shipments abroad)\b|\b(?P<imports>imports?)\b"
    r"|\b(?P<exports_revenue>revenues?|receipts)\b|\b(?P<imports_spending>spending|outlays)\b"
    r"|(?P<exports_income>财政收入|財政收入|预算收入|預算收入)"
    r"|(?P<imports_outlay>财政支出|財政支出|预算支出|預算支出)"
    r"|\b(?P<surplus>surplus)\b|\b(?P<deficit>deficit)\b"
    r"|\b(?P<trade>(?:foreign|total|overall|two-way) trade)\b"
    r"|(?P<trade_zh>[进進]出口)|(?P<exports_zh>出口)|(?P<imports_zh>[进進]口)"
    r"|(?P<surplus_zh>[顺順]差|出超)|(?P<deficit_zh>逆差|入超)",
    re.IGNORECASE,
)
_BALANCE_SENTENCES = 3  # how far from a balance its exports and imports are looked for


def _trade_word(claims: list[Claim], j: int, text: str) -> str | None:
    """exports, imports, surplus or deficit: what the clause before
    ``claims[j]`` says it is ("Exports gained 10.8 percent to", 贸易顺差),
    or the word right after it ("a $5 billion surplus")."""
    claim = claims[j]
    found = [m.lastgroup for m in _TRADE.finditer(_lead(claims, j, text))]
    after = _TRADE.match(text, claim.end + (text[claim.end : claim.end + 1] == " "))
    word = after.lastgroup if after is not None else found[-1] if found else None
    # revenue is to spending as exports to imports: revenue = spending + surplus
    return None if word is None else word.removesuffix("_zh").split("_")[0]


def _lead(claims: list[Claim], j: int, text: str) -> str:
    """The words of the clause before ``claims[j]`` that say what it is of:
    back to the level before it in its sentence (not a rate or a change, nor
    a level it changed from), at most 100 characters."""
    claim = claims[j]
    since = claim.start - 100
    before = claims[j - 1] if j else None
    if (
        before is not None
        and before.sentence == claim.sentence
        and _level(before)  # not a rate or a change: "rose £0.2 billion to"
        and not _TO.fullmatch(text, before.end, claim.start)  # "imports fell from X to"
        and not _CLOSING.search(text, before.end, claim.start)  # "人口(包括31个省…)"
    ):
        since = max(since, before.end)
    lead = _BRACKETED.sub("", text[max(0, since) : claim.start])
    return lead[max((m.end() for m in _CLAUSE.finditer(lead)), default=0) :]


_CLOSING = re.compile(r"[)\uff09]")
_BRACKETED = re.compile(r"[(\uff08][^()\uff08\uff09]*[)\uff09]|^[^(\uff08]*[)\uff09]")


_WHOLE_SENTENCES = 12  # how far before a share the whole its words name is looked for
# After a share, the whole it is of: "of China's total trade volume"; before
# it, 占社会消费品零售总额的比重为.
_SHARE_OF_WORDS = re.compile(r"\s+of\s+([^.;,()\d]{3,60})")
_SHARE_OF_CHINESE = re.compile(
    r"[\u5360\u4f54]([^\d\uff0c,\u3002;\uff1b]{2,30}?)的?(?:比重|比例)?[为為达達到了是]*$"
)
_PLAIN = frozenset({"the", "total", "that", "this", "with", "from", "year", "percent", "were"})


def _words(text: str) -> set[str]:
    """What a phrase is about, as a set: its words of four letters or more
    (but the plainest), or for Chinese, its pairs of characters."""
    if cjk().search(text):
        han = "".join(ch for ch in text if "\u4e00" <= ch <= "\u9fff")
        return {han[i : i + 2] for i in range(len(han) - 1)} - {"比重", "的比", "总额", "總額"}
    return {w for w in re.findall(r"[a-z][a-z'\u2019-]{3,}", text.lower()) if w not in _PLAIN}


def _subject(
    claims: list[Claim], index: int, text: str, wanted: Callable[[int], bool]
) -> int | None:
    """The part a share is of its whole: the level its subject names
    (城镇人口占全国人口比重为65.22%: the urban population, two figures back),
    else the nearest before it in its sentence."""
    share = claims[index]
    nearest = next(_nearby(claims, index, -1, wanted), None)
    before = _SUBJECT.search(text, max(0, share.start - 40), share.start)
    if before is None:
        return nearest
    subject = _words(before.group(1))
    named = [
        (len(subject & _words(_lead(claims, j, text))), -abs(index - j), j)
        for j in range(index - 1, max(-1, index - 1 - _NEAR), -1)
        if share.sentence - claims[j].sentence <= 1 and wanted(j)
    ]
    best = max(named, default=None)
    return best[2] if best is not None and best[0] >= 2 else nearest


# Before 占, the subject of a share: 城镇人口占…
_SUBJECT = re.compile(r"([^\d\uff0c,\u3002;\uff1b()\uff08\uff09]{2,16})[\u5360\u4f54]")


def _share_words(text: str, share: Claim) -> tuple[set[str], bool]:
    """The words a share names its whole with, and whether they say it is a
    total ("of China's total trade", 占社会消费品零售总额)."""
    after = _SHARE_OF_WORDS.match(text, share.end)
    if after is None:
        after = _SHARE_OF_CHINESE.search(text, max(0, share.start - 32), share.start)
    if after is None:
        return set(), False
    named = re.sub(r"[(\uff08][^)\uff09]*[)\uff09]", "", after.group(1))  # (城镇化率)
    return _words(named), _TOTAL_WORD.search(named) is not None


_TOTAL_WORD = re.compile(r"\b(?:total|all|overall|whole|entire)\b|[总總全]", re.IGNORECASE)


_CLAUSE = re.compile(r"[;\uff1b\u3002:\uff1a]|[.!?](?=\s)")


def _balances(
    claims: list[Claim],
    text: str,
    conversions: set[int],
    relations: list[Relation],
) -> Iterator[Relation]:
    """A trade balance with the exports and imports it is the gap between,
    where the text prints all three: exports = imports + surplus, imports =
    exports + deficit; and the trade of both ways (foreign trade, 进出口),
    exports + imports. Exports and imports are paired first (the next of the
    other kind, in their sentence or the next); each balance then takes the
    nearest pair of its currency and period that no balance took."""
    words = {
        j: word
        for j, claim in enumerate(claims)
        if _level(claim) and claim.kind == "amount" and j not in conversions
        if (word := _trade_word(claims, j, text)) is not None
    }

    def prior(j: int) -> bool:  # "from September's £34.6 billion to £34.1 billion"
        return (
            j + 1 < len(claims)
            and claims[j + 1].sentence == claims[j].sentence
            and _TO.fullmatch(text, claims[j].end, claims[j + 1].start) is not None
        )

    pairs: list[tuple[int, int]] = []  # (exports, imports)
    flows = [j for j, w in words.items() if w in ("exports", "imports") and not prior(j)]
    for j, k in itertools.pairwise(flows):
        if (
            {words[j], words[k]} == {"exports", "imports"}
            and claims[k].sentence - claims[j].sentence <= 1
            and (not pairs or j not in pairs[-1])
            and _adds_to(claims[j], claims[k])
            and claims[j].period == claims[k].period
        ):
            pairs.append((j, k) if words[j] == "exports" else (k, j))
    balances = [j for j, word in words.items() if word in ("surplus", "deficit", "trade")]

    def away(pair: tuple[int, int], j: int) -> int:
        return min(abs(claims[k].sentence - claims[j].sentence) for k in pair)

    def near(pair: tuple[int, int], j: int) -> bool:
        return (
            away(pair, j) <= _BALANCE_SENTENCES
            and claims[pair[0]].period == claims[j].period
            and _adds_to(claims[pair[0]], claims[j])
        )

    def fits(pair: tuple[int, int], j: int) -> bool:
        """Whether the pair's gap is the balance within rounding."""
        exports, imports, gap = (_magnitude(claims[k]) for k in (*pair, j))
        if exports is None or imports is None or gap is None:
            return False
        slack = exports[1] + imports[1] + gap[1]
        if words[j] == "trade":  # the trade of both ways: exports + imports
            return abs(exports[0] + imports[0] - gap[0]) <= slack
        sign = 1 if words[j] == "surplus" else -1
        return abs(exports[0] - imports[0] - sign * gap[0]) <= slack

    # Which pair near a balance is its own (of goods and services, or of
    # services alone) is settled first where one fits it, then by nearness;
    # each balance near a pair takes one either way, fitting or not.
    chosen: dict[int, tuple[int, int]] = {}
    starts = [min(pair) for pair in pairs]  # in order: pairs are made in order
    # a pair has one balance and one total of trade: each kind takes pairs apart
    takers = (
        [j for j in balances if words[j] != "trade"],
        [j for j in balances if words[j] == "trade"],
    )
    for kind, fitting in itertools.product(takers, (True, False)):
        taken = {chosen[j] for j in kind if j in chosen}
        for j in kind:
            at = bisect.bisect_left(starts, j)  # at most _NEAR pairs either side
            free = [
                p for p in pairs[max(0, at - _NEAR) : at + _NEAR] if p not in taken and near(p, j)
            ]
            if j in chosen or not free:
                continue
            pair = min(free, key=lambda p: (not fits(p, j), away(p, j)))
            if fits(pair, j) or not fitting:
                chosen[j] = pair
                taken.add(pair)
    summed = {frozenset(id(c) for c in r.claims) for r in relations if r.kind == "sum"}
    number = 0
    for j in sorted(chosen):
        exports, imports = chosen[j]
        if words[j] == "trade":
            total, parts = j, [exports, imports]
        else:
            total, other = (exports, imports) if words[j] == "surplus" else (imports, exports)
            parts = [other, j]
        if frozenset(id(claims[k]) for k in (total, *parts)) in summed:
            continue
        number += 1
        yield _sum(claims[total], [claims[k] for k in parts], number)


_STOP = re.compile(r"[\u3002\uff01\uff1f\uff1b\n]|[.!?;](?=\s)")


def _adds_to(part: Claim, total: Claim, change: bool = True) -> bool:
    """Whether ``part`` may be a term of the sum ``total``: of its kind and
    currency, of what it measures (no kWh in tonnes), and a change where it
    is one (changes add up to a change), where ``change`` asks that too."""
    return (
        part.kind == total.kind
        and part.currency == total.currency
        and (part.kind == "count" or _measure(part.unit) == _measure(total.unit))
        and (not change or part.change == total.change)
    )


def _stated_parts(
    claims: list[Claim],
    index: int,
    text: str,
    conversions: set[int],
    sizes: list[tuple[Decimal, Decimal] | None],
) -> list[list[Claim]]:
    """Where no run of parts adds up, the parts the words state: after a
    word that says parts follow ("made up of", 分产业看, 其中) or before a
    figure that the words make a total ("a total of", 合计; not 总额, which
    names every part too: 利润总额), the figures of the total's kind and
    unit in the first sentence that holds two or more of them (the total's
    own or the next), however much they add up to: a part printed wrong, or
    at the wrong scale, is what a check finds."""
    total = claims[index]
    before = next(
        (
            claims[j]
            for j in range(index - 1, max(-1, index - 1 - _NEAR), -1)
            if claims[j].kind == total.kind
        ),
        None,
    )
    if (before is not None and before.sentence == total.sentence) or _MADE_OF.search(
        text, max(0, total.start - 40), total.start
    ):
        return []  # one of a list, or itself a part ("其中, X"): no whole of its own
    loose = [
        c
        for j, c in enumerate(claims[index + 1 : index + 1 + 2 * _NEAR], index + 1)
        if sizes[j] is not None and j not in conversions and _adds_to(c, total) and not c.growth
    ]
    sentences = Counter(c.sentence for c in loose)
    held = next((n for n in sorted(sentences) if sentences[n] > 1), None)
    if held is None or held - total.sentence > 1:
        return []
    parts = [c for c in loose if c.sentence == held]
    if len(parts) > _MOST_PARTS:
        return []  # a sentence of figures, not a breakdown
    if _each_a_total(parts, text):
        return []  # 利润总额 of each kind of enterprise, kinds that may overlap
    said = _MADE_OF.search(text, total.end, parts[0].start)
    if said is not None and _SOME_OF.fullmatch(said.group()):
        return []  # "of which", 包括: some of its parts, not all of them
    # the first figure of the total's kind after it: the first part, or one before it
    between = next(c for c in claims[index + 1 : index + 1 + 2 * _NEAR] if _adds_to(c, total))
    if said is not None and between.start < said.start():
        said = None  # the word follows another figure: the parts are that one's
    if said is None and (
        not _STATED_TOTAL.search(text, max(0, total.start - 30), total.start)
        or _PAIRED.fullmatch(text, total.end, between.start)
    ):
        return []  # no word says parts follow; "totaled X and Y" is a pair, not a sum
    parts = _breakdown(parts, text, total, loose, sizes[index])
    return [parts] if parts else []


def _each_a_total(parts: list[Claim], text: str) -> bool:
    """Whether a total's word names each part too (利润总额 of each kind of
    enterprise, kinds that may overlap): no sign that they make it up."""
    return all(_TOTAL.search(text, max(0, c.start - 12), c.start) for c in parts)


def _breakdown(
    parts: list[Claim],
    text: str,
    total: Claim,
    pool: list[Claim],
    whole: tuple[Decimal, Decimal] | None,
) -> list[Claim]:
    """The parts the words state, as the breakdown of ``total``: those of
    its first level, if two or more, and none where more than one is above
    the total (one at the wrong scale is an error; more, another whole)."""
    parts = _top_level(parts, text, total, pool)
    larger = sum(1 for c in parts if (size := _magnitude(c)) and whole and size[0] > whole[0])
    return parts if len(parts) > 1 and larger <= 1 else []


# 其中 opening a sentence, or a clause right after a figure: what follows
# are parts of the sentence's first figure, or of that figure
_LISTED = re.compile(r"[\s:\uff1a]*其中[\s:\uff1a,\uff0c]*")
_LISTED_WINDOW = 2000  # characters a sentence of parts is looked for in


def _listed_parts(
    claims: list[Claim],
    index: int,
    text: str,
    conversions: set[int],
    sizes: list[tuple[Decimal, Decimal] | None],
) -> list[Claim]:
    """Where no run adds up and _stated_parts finds none, the parts 其中
    lists after a sentence whose first figure of its kind is the total
    (…收入24627万元,…,比上年减收1070万元。其中:税收收入8103万元,…;非税收入
    16524万元…), or right after the total: the first figure of the total's
    kind in each clause up to the sentence's end (。), however much they add
    up to, as _stated_parts takes 其中 (the breakdown of a Chinese release):
    a part printed wrong, or at the wrong scale, is what the check finds."""
    total = claims[index]
    ahead = claims[index + 1 : index + 1 + 2 * _NEAR]
    earlier = itertools.takewhile(
        lambda c: c.sentence == total.sentence, reversed(claims[max(0, index - _NEAR) : index])
    )
    first_of_kind = not any(_adds_to(c, total) for c in earlier)

    def sentence_end(
        start: int,
    ) -> int:  # within a window: a text without 。 is not read to its end
        found = text.find("\u3002", start, start + _LISTED_WINDOW)
        return min(len(text), start + _LISTED_WINDOW) if found < 0 else found

    stop = sentence_end(total.end)
    opened = _LISTED.match(text, total.end)
    if opened is None and first_of_kind and (opened := _LISTED.match(text, stop + 1)):
        stop = sentence_end(opened.end())  # 其中 opens the next sentence: the parts of this one's
    if opened is None:
        return []
    parts, segment_end = [], opened.end()
    for j, c in enumerate(ahead, index + 1):
        if c.start < opened.end() or c.start >= stop:
            continue
        if c.start < segment_end or j in conversions or sizes[j] is None or c.growth:
            continue
        if not _adds_to(c, total):
            continue
        parts.append(c)
        found = _SEGMENT.search(text, c.end, stop)  # the next clause's first figure
        segment_end = stop if found is None else found.end()
    if len(parts) < 2 or len(parts) > _MOST_PARTS:
        return []
    if _each_a_total(parts, text):
        return []  # 利润总额 of each kind of enterprise, kinds that may overlap
    return _breakdown(parts, text, total, parts, sizes[index])


_SEGMENT = re.compile(r"[;\uff1b]")
_SEGMENT_OR_STOP = re.compile(r"[;\uff1b\u3002]|[.!?](?=\s)")
_NESTED = re.compile(r"其中|[当當]中")


def _top_level(
    parts: list[Claim], text: str, total: Claim, pool: list[Claim] | None = None
) -> list[Claim]:
    """The parts of a breakdown at its first level, where semicolons divide
    it: in a segment, a part's own 其中 makes what follows it the part's
    parts (住户贷款3894亿元, 其中, 短期…, 中长期…; 企业贷款…); where the total's
    own segment says 其中, only that segment holds its parts (过亿影片90部,
    其中国产影片47部; 过十亿的15部)."""
    if not _SEGMENT.search(text, total.end, parts[-1].start):
        return parts
    if _SEGMENT_OR_STOP.search(text, total.end, parts[0].start) is None:
        # the total's own segment: its parts end where it does
        end = _SEGMENT.search(text, parts[0].start, parts[-1].start)
        return [c for c in parts if end is None or c.start < end.start()]
    kept: list[Claim] = []
    for claim in parts:
        opened = max(
            (
                m.end()
                for m in _SEGMENT_OR_STOP.finditer(
                    text, max(total.end, claim.start - 200), claim.start
                )
            ),
            default=total.end,
        )
        nested = _NESTED.search(text, opened, claim.start)
        # 其中 after another figure of its segment: this one is that figure's part
        if nested is None or not any(opened <= p.start < nested.start() for p in (pool or parts)):
            kept.append(claim)
    return kept


def _measure(unit: str) -> str:
    """A unit apart from its scale word: what a figure measures (the CNY of
    "trillion CNY")."""
    return " ".join(word for word in unit.split() if word not in SCALE_WORDS)


def _magnitude(claim: Claim) -> tuple[Decimal, Decimal] | None:
    """The number a claim states, with its scale word, and half a unit of its
    last printed digit: 1.53 trillion is (1.53e12, 0.005e12). None for a rate
    per something."""
    if "/" in claim.value:
        return None
    number, *words = claim.value.split()
    scale = SCALE_WORDS.get(words[0], 0) if words else 0
    value = Decimal(number.replace(",", ""))
    exponent = value.as_tuple().exponent
    assert isinstance(exponent, int), "a drafted number is finite"
    return value.scaleb(scale), Decimal(5).scaleb(exponent - 1 + scale)


class _Names:
    """The ids of the claims, and the claims renamed for the part they play
    in a relation (``core_usd``, ``core_growth``)."""

    def __init__(self, claims: list[Claim], fixed: Iterable[str], taken: Iterable[str]) -> None:
        self.taken = {*taken, *(c.id for c in claims)}  # a name once given stays taken
        self.fixed = set(fixed)
        self.renamed: dict[str, str] = {}

    def rename(self, claim: Claim, wanted: str) -> None:
        if wanted not in self.taken and claim.id not in self.fixed:
            self.taken.add(wanted)
            self.renamed[claim.id] = wanted
            claim.id = wanted

    def repoint(self, relations: list[Relation]) -> None:
        """Relations made before a claim they name was renamed name it anew."""
        if not self.renamed:
            return

        def now(match: re.Match[str]) -> str:
            name = match.group(0)
            while name in self.renamed:
                name = self.renamed[name]
            return name

        for relation in relations:
            relation.left = _ID.sub(now, relation.left)
            relation.right = _ID.sub(now, relation.right)
            if relation.derivation:
                name, formula, statement = relation.derivation
                relation.derivation = (name, _ID.sub(now, formula), statement)


_ID = re.compile(r"\b[a-z][a-z0-9_]*\b(?!\s*\()")  # an id, not a function: share(share, x)


def _placeholder_check(
    kind: str,
    claims: tuple[Claim, ...],
    derived: tuple[str, str, str],
    placeholder: Placeholder,
    check_id: str,
    statement: str,
) -> Relation:
    """A derivation checked against a placeholder: unverifiable until a
    person looks the placeholder up."""
    return Relation(
        kind,
        claims,
        claims[0].statement,
        check_id,
        derived[0],
        placeholder.id,
        statement,
        derivation=derived,
        placeholder=placeholder,
    )


def _stated_or_looked_up(
    kind: str,
    claims: tuple[Claim, ...],
    derived: tuple[str, str, str],
    stated: Claim | None,
    stated_statement: str,
    placeholder: Placeholder,
    check_id: str,
    statement: str,
) -> Relation:
    """A derivation checked against the figure the text states beside it
    where there is one (``stated_statement`` says so, with ``{}`` for it),
    else against a placeholder to look up."""
    if stated is not None:
        return _stated_check(
            kind, (*claims, stated), derived, stated_statement.format(stated.printed)
        )
    return _placeholder_check(kind, claims, derived, placeholder, check_id, statement)


def _stated_check(
    kind: str, claims: tuple[Claim, ...], derived: tuple[str, str, str], statement: str
) -> Relation:
    """A derivation checked against a figure the text states (the last of
    ``claims``): a verdict at once, nothing to look up."""
    return Relation(
        kind,
        claims,
        claims[0].statement,
        fit(f"{derived[0]}_is_stated"),
        derived[0],
        claims[-1].id,
        statement,
        derivation=derived,
    )


def _conversion(
    result: Draft,
    amount: Claim,
    other: Claim,
    ids: _Names,
    stated: Claim | None,
    text: str = "",
) -> Relation:
    """An amount and its conversion: the rate they imply, against the rate
    the text states beside them ("US$1 = 6.4 RMB"), else the rate of the
    day, to look up."""
    ids.rename(other, f"{amount.id}_{(other.currency or 'other').lower()}")
    rate = fit(f"{amount.id}_rate")
    unit = f"{amount.currency} / {other.currency}"
    derived = (
        rate,
        f"implied_rate({amount.id}, {other.id})",
        f"The rate that {amount.printed} and {other.printed} imply.",
    )
    return _stated_or_looked_up(
        "conversion",
        (amount, other),
        derived,
        stated,
        "The conversion uses the rate printed beside it, {}.",
        _rate(result, amount, other, unit, text),
        fit(f"{rate}_is_rate"),
        "The conversion uses the rate of the day.",
    )


# Sources that convert the yuan at the CFETS central parity of the day.
_PARITY_SOURCES = re.compile(
    r"Xinhua|People's Daily|China Daily|CGTN|Global Times|State Council|"
    r"National Bureau of Statistics|新华|人民日报|国家统计局|國家統計局|新華",
)


def _rate(result: Draft, amount: Claim, other: Claim, unit: str, text: str = "") -> Placeholder:
    """The rate of the article's date: the ECB's, looked up by cnii where the
    installed data have it (a Chinese source may convert at the CFETS
    central parity, up to 2 % away: the note says so), else a placeholder.
    Where the bundled pack has the parity of that date too, the check is
    tried at both (its ``rates``): against the parity for a Chinese source
    (which converts at it) with the ECB rate beside it, else the reverse."""
    looked = _ecb_rate(result, amount, other, unit)
    parity_id = f"cfets_parity_{(result.date or '').replace('-', '_')}"
    if (
        looked.lookup is None
        or {amount.currency, other.currency} != {"CNY", "USD"}
        or parity_id not in pack_references("china")
    ):
        return looked
    parity = Placeholder(
        parity_id,
        unit,
        "the CFETS central parity of the article's date, from cnii:china",
        f"The CFETS central parity of the yuan against the dollar on {result.date}.",
        pack="china",
    )
    looked.note = "the ECB rate of the article's date"
    # a draft written into a fact base without the pack falls back on the ECB rate alone
    parity.plain_id = looked.id
    if amount.currency != "CNY":  # the check's rate is yuan per dollar, as the parity is
        return looked
    if _PARITY_SOURCES.search(text) or cjk().search(text):
        parity.alternative = looked
        return parity
    looked.alternative = parity
    return looked


def _ecb_rate(result: Draft, amount: Claim, other: Claim, unit: str) -> Placeholder:
    """The ECB rate of the article's date, looked up by cnii where the
    installed data have it, else a placeholder."""
    holder = Placeholder(
        slug(f"{amount.currency}_{other.currency}_rate_{amount.period}"),
        unit,
        f"look up the {unit} rate of the article's date ({result.date or amount.period})",
        f"The {unit} exchange rate of the article's date.",
    )
    series = f"{other.currency}/{amount.currency}"  # CNY / USD: yuan per dollar
    from cnii import lookups

    if result.date is None:
        return _ecb_range(holder, series, amount.period)
    try:
        day = datetime.date.fromisoformat(result.date)
        lookups.ecb(series, day, None, "")
    except (ValueError, CniiError):
        return holder
    holder.id = slug(f"ecb_{other.currency}_{amount.currency}_{result.date}")
    holder.note = (
        "the ECB rate of the article's date; a Chinese source may convert at the "
        "CFETS central parity of that date instead, up to 2 % away"
        if "CNY" in (amount.currency, other.currency)
        else "the ECB rate of the article's date"
    )
    holder.statement = f"The ECB euro reference rate, {series}, of the article's date."
    holder.lookup = (series, day.isoformat())
    return holder


def _ecb_range(holder: Placeholder, series: str, period: str) -> Placeholder:
    """For an article that names no date, every ECB rate of the year its
    figure is of, lowest to highest: a conversion at any rate of that year
    holds, a misprinted one (a slipped scale, two digits swapped) does not."""
    from cnii import lookups

    if not re.fullmatch(r"(?:19|20)\d{2}", period):
        return holder
    try:
        lookups.ecb(series, None, period, "", "range")
    except CniiError:
        return holder
    base, quote = series.split("/")
    holder.id = slug(f"ecb_{base}_{quote}_{period}_range")
    holder.note = f"the ECB rates of {period}, lowest to highest: the article names no date"
    holder.statement = f"The ECB euro reference rates, {series}, of {period}, lowest to highest."
    holder.lookup = (series, period)
    holder.statistic = "range"
    return holder


def _growth(amount: Claim, growth: Claim, ids: _Names, old: Claim | None) -> Relation:
    """An amount or count with its growth: the prior value they imply,
    against the one the text states ("from US$431.7 billion to US$475.3
    billion, up 10.1%"), else the published one, to look up."""
    ids.rename(growth, fit(f"{amount.id}_growth"))
    prior = fit(f"{amount.id}_prior")
    derived = (
        prior,
        f"{amount.id} / (1 - {growth.id})"
        if growth.decline
        else f"prior_year({amount.id}, {growth.id})",
        f"The prior-period value that {amount.printed} and {growth.printed} imply.",
    )
    return _stated_or_looked_up(
        "growth",
        (amount, growth),
        derived,
        old,
        "The growth is from {}, as printed.",
        Placeholder(
            fit(f"{amount.id}_published_prior"),
            amount.unit,
            "look up the published figure for the period before",
            f"The published figure before {amount.period}.",
        ),
        fit(f"{prior}_is_published"),
        "The growth matches the published prior figure.",
    )


def _points(share: Claim, points: Claim, old: Claim | None) -> Relation:
    """A share with its change in percentage points ("16.3 percent, up 0.6
    percentage points"): the change from the share it changed from where the
    text states it ("fell to 5.0 percent from 5.2 percent"), else from the
    published prior share, to look up."""
    change = fit(f"{share.id}_change")
    if old is not None:
        new_old = (old.id, share.id) if points.decline else (share.id, old.id)
        return _stated_check(
            "points",
            (share, old, points),
            (
                change,
                f"pp_change({new_old[0]}, {new_old[1]})",
                f"The change in points from {old.printed} to {share.printed}.",
            ),
            f"The share changed by {points.printed}.",
        )
    prior = fit(f"{share.id}_published_prior")
    new, since = (prior, share.id) if points.decline else (share.id, prior)
    relation = _placeholder_check(
        "points",
        (share, points),
        (
            change,
            f"pp_change({new}, {since})",
            f"The change in points from the published prior share to {share.printed}.",
        ),
        Placeholder(
            prior,
            "%",
            "look up the published share for the period before",
            f"The published share before {share.period}.",
        ),
        fit(f"{change}_is_stated"),
        f"The share changed by {points.printed}.",
    )
    relation.right = points.id  # the change is checked against the points printed
    return relation


# A share of the country's people: of China's, in a Chinese release or about China.
# (全國人口, in traditional characters, is as often Taiwan's.)
_NATIONAL_POPULATION = re.compile(r"全国(?:总)?人口|\bChina's (?:total )?population")


def _share(amount: Claim, share: Claim, whole_text: str, ids: _Names, around: str = "") -> Relation:
    whole = fit(f"{amount.id}_whole")
    name = "gdp" if "GDP" in whole_text else "total"
    if _measure(amount.unit) == "people" and _NATIONAL_POPULATION.search(around):
        name = "population"
    ids.rename(share, fit(f"{amount.id}_{name}_share"))
    # one GDP placeholder for each unit it is in: the GDP of a share of
    # tonnes is not the GDP in yuan
    measure = _measure(amount.unit)
    in_unit = "" if measure == "CNY" else f"_{measure}"
    reference = (
        slug(f"gdp_{amount.period}{in_unit}") if name == "gdp" else fit(f"{amount.id}_total")
    )
    holder = Placeholder(
        reference,
        amount.unit,
        f"look up the {name} for {amount.period}",
        f"The {name} in {amount.period}.",
    )
    bundled = f"nbs_{name}_{amount.period}"
    in_the_pack = (name == "gdp" and measure == "CNY") or name == "population"
    if in_the_pack and bundled in pack_references("china"):
        # a share of China's GDP in yuan, or of its people: the figure cnii
        # bundles, with its source
        holder.plain_id, holder.id, holder.pack = holder.id, bundled, "china"
    return _placeholder_check(
        "share",
        (amount, share),
        (
            whole,
            f"implied_total({amount.id}, {share.id})",
            f"The whole that {amount.printed} is {share.printed} of.",
        ),
        holder,
        fit(f"{whole}_is_{name}"),
        f"The share implies the published {name}.",
    )


def _share_of(part: Claim, whole: Claim, share: Claim, ids: _Names) -> Relation:
    """A share with the part and the whole printed: the share they make,
    against the one printed."""
    ids.rename(share, fit(f"{part.id}_share"))
    made = fit(f"{part.id}_share_of_{whole.id}")
    return _stated_check(
        "share",
        (part, whole, share),
        (made, f"share({part.id}, {whole.id})", f"The share {part.printed} is of {whole.printed}."),
        f"{part.printed} is {share.printed} of {whole.printed}.",
    )


def _sum(total: Claim, parts: list[Claim], number: int) -> Relation:
    """Parts that add up to a stated total: their sum, checked against it."""
    added = fit(f"{total.id}_parts" + (f"_{number + 1}" if number else ""))
    names = ", ".join(part.id for part in parts)
    return Relation(
        "sum",
        (total, *parts),
        total.statement,
        fit(f"{added}_add_up"),
        added,
        total.id,
        f"{', '.join(p.printed for p in parts)} add up to {total.printed}.",
        derivation=(added, f"sum({names})", f"The sum of the parts of {total.printed}."),
    )


def _part_of_whole(whole: Claim, part: Claim) -> Relation:
    if whole.noun and part.value.split()[-1] != whole.value.split()[-1]:
        number, *words = part.value.split()
        scale = [w for w in words if w in SCALE_WORDS]  # "7.6 million": its scale stays
        part.value = " ".join([number, *scale, whole.unit.split(" ")[-1]])
        part.guesses.append(f"unit from {whole.id}, the whole it is part of")
    return Relation(
        "part",
        (whole, part),
        whole.statement,
        fit(f"{part.id}_within_{whole.id}"),
        part.id,
        whole.id,
        f"{part.printed} are among {whole.printed}.",
        relation="at_most",
    )
