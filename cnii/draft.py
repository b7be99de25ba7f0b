"""``cnii draft``: from an article's text to a fact base that loads.

Every number phrase of the text becomes a claim (dates, years used as
dates and photo codes are skipped, and counted), with its value, unit,
qualifier, period and sentence; the patterns fact-checkers check most
become relations: an amount with its conversion beside it, an amount with
its growth, an amount with its share of a whole, a part within a whole.
What the article cannot tell (an exchange rate, a GDP, last year's figure)
is a reference placeholder marked unconfirmed, and the checks that need it
expect ``unverifiable``, so that the draft passes the gate until a person
fills it in. Every guess a person must confirm carries a ``# check:``
comment.
"""

from __future__ import annotations

import bisect
import functools
import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from cnii.errors import UNPRINTABLE
from cnii.figures import WORD_VALUES, chinese_number

if TYPE_CHECKING:
    from cnii.units import Units

# -- what a number phrase looks like -------------------------------------------

_QUALIFIER = (
    r"(?P<qualifier>about|approximately|around|roughly|over|more than|exceeding|above|"
    r"at least|no less than|under|less than|below|at most|no more than|up to|exactly)\s+"
)
_SIGN = r"(?P<sign>US\$|HK\$|\$|€|£|RMB\s?)"
_DIGITS = r"(?P<digits>(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?)(?![\w.]*[A-Za-z])"
_WORDS = "|".join(sorted((w for w, n in WORD_VALUES.items() if n >= 2), key=len, reverse=True))
_NUMBER = rf"(?:{_DIGITS}|(?P<word>\b(?:{_WORDS})\b))"
_SCALE = r"(?:[\s-](?P<scale>thousand|million|billion|trillion))"
_UNIT = (
    r"(?:[\s-](?P<unit>percentage points?|percent|per cent|U\.S\. dollars|US dollars|dollars|"
    r"yuan|euros?|tonnes|square (?:meters|metres|kilometers|kilometres))\b|(?P<pct>%))"
)
_PHRASE = re.compile(
    rf"(?:\b{_QUALIFIER})?{_SIGN}?{_NUMBER}{_SCALE}?{_UNIT}?(?P<milestone>-yuan)?",
    re.IGNORECASE,
)
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_DATE = re.compile(
    r"\b\d{4}-\d{2}-\d{2}\b|\b(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)\s+\d{1,2}(?:,\s*\d{4})?"
)
_PHOTO_CODE = re.compile(r"\(\d{5,}\)")
# A sentence ends at . ! ? after a small letter, a digit or a closing mark,
# before a space (not a decimal point, not "U.S."), or at a line break.
_SENTENCE = re.compile(
    r".+?(?:(?<=[a-z0-9)\"'%\u201d\u2019])[.!?]+(?=\s|$)|[\u3002\uff01\uff1f\uff1b]|(?=\n)|$)",
    re.DOTALL,
)
# A plural noun counted by a number, and the unit it is drafted in.
_COUNT_NOUNS = {
    "provinces": "region",
    "cities": "region",
    "municipalities": "region",
    "regions": "region",
}
_STOP = frozenset(
    re.findall(
        r"\S+",
        """
    year years last earlier terms total percent yuan dollars trillion billion million the a
    an of in on at by for to and or with has have had its it is are was were be been this
    that these those from as into than which who while each all also currently reached reach
    reported report said says according china chinese country nation
    """,
    )
)
_CURRENCIES = {"$": "USD", "us$": "USD", "hk$": "HKD", "€": "EUR", "£": "GBP", "rmb": "CNY"}
_UNIT_CURRENCIES = {
    "yuan": "CNY",
    "dollars": "USD",
    "us dollars": "USD",
    "u.s. dollars": "USD",
    "euros": "EUR",
    "euro": "EUR",
}


@dataclass
class Claim:
    id: str
    printed: str
    value: str
    qualifier: str
    period: str
    statement: str
    line: int
    kind: str  # amount, share, count
    currency: str | None = None
    noun: str | None = None
    start: int = 0
    end: int = 0
    guesses: list[str] = field(default_factory=list)
    items: list[str] | None = None
    growth: bool = False  # a share that is a growth rate ("up 5 percent year on year")
    whole: str | None = None  # what a share is of, where the text says it first (占GDP比重)


@dataclass
class Draft:
    title: str
    date: str | None
    source: str
    claims: list[Claim] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    relations: list[str] = field(default_factory=list)  # TOML text, each commented
    placeholders: int = 0
    skipped: Counter[str] = field(default_factory=Counter)


def draft(text: str, source: str) -> Draft:
    """A draft fact base for the article ``text`` (its file named ``source``)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = _title(lines)
    dated = re.search(r"\b\d{4}-\d{2}-\d{2}\b", text)
    result = Draft(title, dated.group(0) if dated else None, source)
    any_year = re.search(r"(?<!\d)(?:19|20)\d{2}(?!\d)", text)
    year = result.date[:4] if result.date else any_year.group(0) if any_year else "unknown"
    used: set[str] = set()
    skip = [m.span() for m in (*_DATE.finditer(text), *_PHOTO_CODE.finditer(text))]
    for sentence in _SENTENCE.finditer(text):
        if sentence.group(0).strip() == title:
            result.skipped["the title"] += 1
            continue
        before = len(result.claims)
        if _CJK.search(sentence.group(0)):
            _chinese(sentence, text, year, used, result)
            continue
        for match in _PHRASE.finditer(text, sentence.start(), sentence.end()):
            reason = _skip(match, text, skip)
            if reason:
                result.skipped[reason] += 1
                continue
            made = _claim(match, sentence, text, year, used, result, result.claims[before:])
            if made is None:
                result.skipped["numbers that count nothing named"] += 1
            else:
                result.claims.append(made)
        _listed(sentence, text, year, used, result, result.claims[before:])
    result.claims.sort(key=lambda claim: claim.start)
    _relations(result, text)
    return result


def _title(lines: list[str]) -> str:
    """The first line that is more than a dateline."""
    for line in lines:
        if len([w for w in line.split() if not re.fullmatch(r"[\d-]+", w)]) >= 4:
            return line[:500]
    return lines[0][:500] if lines else "untitled"


def _skip(match: re.Match[str], text: str, skip: list[tuple[int, int]]) -> str | None:
    start, end = match.span()
    if any(a <= start < b for a, b in skip):
        return "dates and photo codes"
    number = match.group("digits")
    plain = not any(match.group(g) for g in ("unit", "scale", "pct", "sign", "milestone"))
    if number and plain and _YEAR.fullmatch(number):
        return "years"
    if number and plain and re.match(r"G\b|\+", text[end : end + 2]):
        return "names such as 5G"
    return None


_GROWTH_BEFORE = re.compile(
    r"\b(?:up|grew|grow|rose|rise|expanded|increased|jumped|climbed|growth of|increase of)"
    r"\s+(?:by\s+)?$",
    re.IGNORECASE,
)
_OVER_VERBS = re.compile(r"(?:surpassed|exceeded|topped|passed)\s+(?:the\s+)?$", re.IGNORECASE)


def _claim(
    match: re.Match[str],
    sentence: re.Match[str],
    text: str,
    year: str,
    used: set[str],
    result: Draft,
    earlier: list[Claim],
) -> Claim | None:
    start, end = match.span()
    digits, word = match.group("digits"), match.group("word")
    number = digits if digits else str(WORD_VALUES[word.lower()])
    qualifier = (match.group("qualifier") or "").lower()
    if not qualifier and _OVER_VERBS.search(text[max(0, start - 30) : start]):
        qualifier = "over"
    scale = (match.group("scale") or "").lower()
    unit_word = (match.group("unit") or "").lower()
    sign = (match.group("sign") or "").strip().lower()
    guesses: list[str] = []
    noun = None
    currency = None
    is_growth = False
    if match.group("milestone") or unit_word in _UNIT_CURRENCIES or sign:
        currency = _CURRENCIES.get(sign) or _UNIT_CURRENCIES.get(unit_word, "CNY")
        unit, kind = _join(scale, currency), "amount"
        counted = [c for c in earlier if c.kind == "count"]
        if counted and (
            qualifier in ("over", "more than", "exceeding", "above")
            or "each" in text[max(0, start - 40) : start]
        ):
            unit = f"{unit} / {_singular(counted[-1].value.split()[-1])}"
            guesses.append(f"an amount for each of {counted[-1].id}")
    elif match.group("pct") or unit_word.startswith(("percent", "per cent")):
        unit, kind = "%", "share"
        growth = re.match(r"\s*(?:year[- ]on[- ]year|y-o-y)\s+(?:increase|growth|rise)", text[end:])
        if growth:
            end += growth.end()
            if text[start - 2 : start] == "a ":
                start -= 2
        is_growth = bool(
            growth
            or _GROWTH_BEFORE.search(text[max(0, start - 30) : start])
            or re.match(r"\s*(?:year[- ]on[- ]year|y-o-y|from (?:one|a) year earlier)", text[end:])
        )
    elif unit_word.startswith("percentage point"):
        unit, kind = "percentage points", "share"
    elif unit_word:
        unit, kind = _join(scale, unit_word), "amount"
    else:
        noun = _noun_after(text[end : end + 80])
        part = next((c for c in reversed(earlier) if c.kind == "count"), None)
        if (
            noun is None
            and part is not None
            and re.search(
                r"\b(?:with|of which|among them|including)\s+$", text[max(0, start - 20) : start]
            )
        ):
            noun = part.noun
            guesses.append(f"counted as {part.id} is, the whole it is part of")
        if noun is None:
            return None  # a bare number: page furniture, a list index
        counted_as = _COUNT_NOUNS.get(noun)
        unit, kind = (f"{counted_as}s" if counted_as else noun), "count"
        known = _known_unit(unit)
        if known is False:
            return None  # a unit of another kind written after a bare number
        if known is None:
            name = counted_as or _singular(noun)
            if _known_unit(name) is not None:
                return None  # its singular means something else already
            result.units.setdefault(name, "count")
        if counted_as:
            guesses.append(f"{noun!r} counted as {counted_as}s")
    years = _YEAR.findall(sentence.group(0))
    period = years[-1] if years else year
    if not years:
        guesses.append(f"period {period}, the article's year")
    made = Claim(
        _unique(_id_words(text, start, noun, kind), used),
        text[start:end],
        f"{number} {unit}",
        qualifier,
        period,
        " ".join(sentence.group(0).split())[:500],
        text.count("\n", 0, start) + 1,
        kind,
        currency,
        noun,
        start,
        end,
        guesses,
    )
    made.growth = kind == "share" and is_growth
    return made


_LIST = re.compile(r"(?P<names>(?:[A-Z][a-z]+, )+[A-Z][a-z]+,? and [A-Z][a-z]+) each")


def _listed(
    sentence: re.Match[str],
    text: str,
    year: str,
    used: set[str],
    result: Draft,
    earlier: list[Claim],
) -> None:
    """A count given by a list of names ("Guangdong, Jiangsu, Beijing and
    Zhejiang each surpassed"): a claim with items."""
    counted = next((c for c in reversed(earlier) if c.kind == "count"), None)
    for match in _LIST.finditer(text, sentence.start(), sentence.end()):
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", match.group("names"))
        noun = counted.value.split()[-1] if counted else "items"
        years = _YEAR.findall(sentence.group(0))
        claim = Claim(
            _unique(f"{noun}_listed", used),
            match.group(0),
            f"{len(names)} {noun}",
            "",
            years[-1] if years else year,
            " ".join(sentence.group(0).split())[:500],
            text.count("\n", 0, match.start()) + 1,
            "count",
            None,
            noun,
            match.start(),
            match.end(),
            [f"counted by its {len(names)} names, as {noun}"],
        )
        claim.items = names
        result.claims.append(claim)


@functools.lru_cache(maxsize=1024)  # an article counts the same nouns again and again
def _known_unit(noun: str) -> bool | None:
    """True for a count cnii knows (people, households), False for a unit of
    another kind (dollars, meters), None for a noun it does not know."""
    from cnii.errors import CniiError

    try:
        unit = _registry().parse(noun)
    except CniiError:
        return None
    return dict(unit.root) == {"count": 1}


@functools.cache
def _registry() -> Units:
    """cnii's own units, without the lists it loads on demand: the question
    is only whether a noun already means something to cnii."""
    from cnii.units import Units

    return Units(on_demand=False)


def _join(scale: str, unit: str) -> str:
    return f"{scale} {unit}".strip()


def _singular(noun: str) -> str:
    if noun.endswith("ies"):
        return noun[:-3] + "y"
    return noun[:-1] if noun.endswith("s") else noun


def _noun_after(after: str) -> str | None:
    """The plural noun the number counts: within the next four words."""
    words: list[str] = re.findall(r"[A-Za-z][A-Za-z+-]*", after)
    for index, word in enumerate(words[:4]):
        low = word.lower()
        if index and low in _STOP:
            return None
        if re.fullmatch(r"[a-z]{4,40}", low) and low.endswith("s") and low not in _STOP:
            return low
    return None


def _id_words(text: str, start: int, noun: str | None, kind: str) -> str:
    """An id from the words around the number: the noun it counts, else the
    last content words before it in its sentence."""
    if noun is not None:
        return _slug(f"{_COUNT_NOUNS[noun]}s" if noun in _COUNT_NOUNS else noun)
    before = re.split(r"(?<!\d)[.!?\n(]", text[max(0, start - 120) : start])[-1]
    words = [w.lower() for w in re.findall(r"[A-Za-z]+", before)]
    content = [w for w in words if w not in _STOP and len(w) > 2 and not w.endswith(("ing", "ed"))]
    suffix = "share" if kind == "share" else ""
    return _slug("_".join([*content[-2:], suffix]).strip("_") or kind)


def _slug(words: str) -> str:
    slug = re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")[:50]
    return slug if slug and slug[0].isalpha() else f"n_{slug}"[:50]


def _unique(base: str, used: set[str]) -> str:
    candidate, n = base, 2
    while candidate in used:
        candidate, n = f"{base}_{n}", n + 1
    used.add(candidate)
    return candidate


# -- Chinese -------------------------------------------------------------------

_CJK = re.compile(r"[\u4e00-\u9fff]")
_ZH_PHRASE = re.compile(
    r"(?P<qualifier>超过|逾|约|不少于|不到|不足)?"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?|[一二三四五六七八九十两百千]+)"
    r"(?P<scale>万亿|亿|万)?(?P<more>余|多)?"
    r"(?P<unit>%|\uff05|元|美元|个|家|项|座)?(?P<noun>省份|省|城市|地区|工厂|企业|项目|行业)?"
)
_ZH_QUALIFIERS = {"超过": "over", "逾": "over", "约": "about", "不少于": "at least"}
_ZH_QUALIFIERS |= {"不到": "under", "不足": "under"}
_ZH_NOUNS = {"省份": "region", "省": "region", "城市": "region", "地区": "region"}
_ZH_NOUNS |= {"工厂": "factory", "企业": "enterprise", "项目": "project", "行业": "sector"}
# Words of Chinese economic news and the ids they give: a small glossary.
_ZH_GLOSSARY = {
    "核心产业": "core_industry",
    "工业互联网": "industrial_internet",
    "增加值": "value_added",
    "进出口": "trade",
    "货物贸易": "trade",
    "出口": "exports",
    "进口": "imports",
    "国内生产总值": "gdp",
    "GDP": "gdp",
    "营业收入": "revenue",
    "利润": "profit",
    "产量": "output",
    "投资": "investment",
    "销售额": "sales",
}


def _chinese(sentence: re.Match[str], text: str, year: str, used: set[str], result: Draft) -> None:
    """The claims of a sentence in Chinese: 1.53万亿元, 同比增长10.65%,
    占GDP比重达3.81%, 超过4000个, 十个省份."""
    body = sentence.group(0)
    years = re.findall(r"((?:19|20)\d{2})年", body)
    period = years[-1] if years else year
    for match in _ZH_PHRASE.finditer(text, sentence.start(), sentence.end()):
        number, unit = match.group("number"), match.group("unit") or ""
        start, end = match.span()
        if not number[0].isdigit():
            value = chinese_number(number)
            if value is None or not (unit in ("个", "家", "项", "座") or match.group("noun")):
                continue
            number = str(value)
        if text[end : end + 1] in ("年", "月", "日") and not unit:
            result.skipped["dates"] += 1
            continue
        if not (unit or match.group("scale") or match.group("noun")):
            result.skipped["numbers that count nothing named"] += 1
            continue
        qualifier = _ZH_QUALIFIERS.get(match.group("qualifier") or "", "")
        if match.group("more"):
            qualifier = "over"
        before = text[max(sentence.start(), start - 12) : start]
        scale = match.group("scale") or ""
        currency = None
        growth = False
        whole = None
        noun = "count"
        if unit in ("%", "\uff05"):  # a fullwidth percent sign too
            kind, value_text = "share", f"{number} %"
            growth = "增长" in before or "增速" in before
            if re.search(r"占.*(?:GDP|国内生产总值).*比重", before):
                whole = "gdp"
        elif unit in ("元", "美元"):
            currency = "CNY" if unit == "元" else "USD"
            kind, value_text = "amount", f"{number} {scale} {currency}".replace("  ", " ")
        else:
            name = _ZH_NOUNS.get(match.group("noun") or "", "item")
            if name != "item":
                result.units.setdefault(name, "count")
            kind, value_text = "count", f"{number} {name}s"
            noun = f"{name}s"
        near = text[max(sentence.start(), start - 30) : start]
        words = [v for k, v in _ZH_GLOSSARY.items() if k in near]
        base = words[-1] if words else {"share": "share", "amount": "amount"}.get(kind, noun)
        if kind == "share" and growth:
            base += "_growth"
        claim = Claim(
            _unique(base, used),
            text[start:end],
            value_text,
            qualifier,
            period,
            " ".join(body.split())[:500],
            text.count("\n", 0, start) + 1,
            kind,
            currency,
            None,
            start,
            end,
            [] if years else [f"period {period}, the article's year"],
        )
        claim.growth = growth
        claim.whole = whole
        result.claims.append(claim)


# -- relations -----------------------------------------------------------------


_OF_WHOLE = re.compile(r"\s*of\s+(?:the\s+)?(?:national\s+|country's\s+)?(GDP|total)")


def _relations(result: Draft, text: str) -> None:
    """Propose the relations fact-checkers check most. Each claim takes part
    in at most one relation of each kind, so that the ids the relations are
    written with stay the ids of the claims."""
    claims = result.claims
    conversions: set[int] = set()  # amounts that are another's conversion
    grown: set[int] = set()  # amounts with a growth relation
    shared: set[int] = set()  # amounts with a share relation
    used: set[int] = set()  # share claims already in a relation
    for index, claim in enumerate(claims):  # first: conversions rename their claims
        if index not in conversions and claim.kind == "amount" and claim.currency:
            _conversion_of(result, text, index, conversions)
    for index, claim in enumerate(claims):
        if index in conversions:
            continue  # the same amount in another currency: its relations are the first's
        whole = "GDP" if claim.whole == "gdp" else text[claim.end : claim.end + 40]
        if (
            claim.kind == "share"
            and not claim.growth
            and (claim.whole is not None or re.match(_OF_WHOLE, whole))
        ):
            # the share of the nearest amount before it in its sentence
            before = [
                j
                for j, c in enumerate(claims[:index])
                if c.kind == "amount"
                and c.currency
                and "/" not in c.value
                and c.statement == claim.statement
                and j not in conversions
                and j not in shared
            ]
            if before:
                used.add(index)
                shared.add(before[-1])
                _grouped(result, _share, claims[before[-1]], claim, whole)
        if claim.kind == "share" and claim.growth and index not in used:
            amounts = [
                (abs(c.start - claim.start), j)
                for j, c in enumerate(claims)
                if c.kind == "amount"
                and "/" not in c.value
                and c.statement == claim.statement
                and j not in conversions
                and j not in grown
            ]
            if amounts:
                nearest = min(amounts)[1]
                used.add(index)
                grown.add(nearest)
                _grouped(result, _growth, claims[nearest], claim)
        if claim.kind == "count":
            part = next(
                (
                    c
                    for c in claims[index + 1 : index + 2]
                    if c.kind == "count" and c.start - claim.end < 40
                ),
                None,
            )
            if part is not None and re.search(
                r"\b(with|of which|among them|including)\b", text[claim.end : part.start]
            ):
                _part_of_whole(result, claim, part)


def _conversion_of(result: Draft, text: str, index: int, conversions: set[int]) -> None:
    """An amount with the same sum in another currency printed beside it, in
    brackets: "1.53 trillion yuan (about $210 billion)"."""
    claim = result.claims[index]
    if index + 1 >= len(result.claims) or "/" in claim.value:
        return
    other = result.claims[index + 1]
    if (
        other.kind == "amount"
        and other.currency
        and other.currency != claim.currency
        and "/" not in other.value
        and ("(" in text[claim.end : other.start] or "\uff08" in text[claim.end : other.start])
        and other.start - claim.end < 12
    ):
        conversions.add(index + 1)
        _grouped(result, _conversion, claim, other)


def _grouped(result: Draft, relation: Any, *args: Any) -> None:
    """A relation's derivation, placeholder and check as one piece of text,
    kept or left out together."""
    before = len(result.relations)
    relation(result, *args)
    result.relations[before:] = ["\n".join(result.relations[before:])]


def _placeholder(result: Draft, ref_id: str, unit: str, note: str, statement: str) -> None:
    if f"[references.{ref_id}]" in "".join(result.relations):
        return  # one placeholder serves every relation that needs it
    result.placeholders += 1
    result.relations.append(
        f"[references.{ref_id}]  # check: a placeholder: {note}\n"
        f'unit = "{unit}"\nsource = "to be looked up"\nstatus = "unconfirmed"\n'
        f"note = {_quote(note)}\nstatement = {_quote(statement)}\n"
    )


def _rename(claim: Claim, wanted: str, result: Draft) -> None:
    """Name a claim for the part it plays in a relation (``core_usd``)."""
    taken = {c.id for c in result.claims}
    if wanted not in taken:
        claim.id = wanted


def _conversion(result: Draft, amount: Claim, other: Claim) -> None:
    _rename(other, f"{amount.id}_{(other.currency or 'other').lower()}", result)
    rate = f"{amount.id}_rate"
    reference = _slug(f"{amount.currency}_{other.currency}_rate_{amount.period}")
    unit = f"{amount.currency} / {other.currency}"
    result.relations.append(
        f"# {_plain(amount.statement)}\n"
        f"[derivations.{rate}]  # check: a proposed relation\n"
        f'formula = "implied_rate({amount.id}, {other.id})"\n'
        f"statement = {_quote(f'The rate that {amount.printed} and {other.printed} imply.')}\n"
    )
    _placeholder(
        result,
        reference,
        unit,
        f"look up the {unit} rate of the article's date ({result.date or amount.period})",
        f"The {unit} exchange rate of the article's date.",
    )
    _check(
        result,
        f"{rate}_is_rate",
        rate,
        reference,
        "The conversion uses the rate of the day.",
        reference,
    )


def _growth(result: Draft, amount: Claim, growth: Claim) -> None:
    _rename(growth, f"{amount.id}_growth", result)
    prior = f"{amount.id}_prior"
    reference = f"{amount.id}_published_prior"
    result.relations.append(
        f"# {_plain(amount.statement)}\n"
        f"[derivations.{prior}]  # check: a proposed relation\n"
        f'formula = "prior_year({amount.id}, {growth.id})"\n'
        + "statement = "
        + _quote(f"The prior-period value that {amount.printed} and {growth.printed} imply.")
        + "\n"
    )
    unit = amount.value.split(" ", 1)[1]
    _placeholder(
        result,
        reference,
        unit,
        "look up the published figure for the period before",
        f"The published figure before {amount.period}.",
    )
    _check(
        result,
        f"{prior}_is_published",
        prior,
        reference,
        "The growth matches the published prior figure.",
        reference,
    )


def _share(result: Draft, amount: Claim, share: Claim, whole_text: str) -> None:
    whole = f"{amount.id}_whole"
    name = "gdp" if "GDP" in whole_text else "total"
    _rename(share, f"{amount.id}_{name}_share", result)
    in_currency = "" if amount.currency in (None, "CNY") else f"_{(amount.currency or '').lower()}"
    reference = (
        _slug(f"{name}_{amount.period}{in_currency}") if name == "gdp" else f"{amount.id}_total"
    )
    result.relations.append(
        f"# {_plain(amount.statement)}\n"
        f"[derivations.{whole}]  # check: a proposed relation\n"
        f'formula = "implied_total({amount.id}, {share.id})"\n'
        f"statement = {_quote(f'The whole that {amount.printed} is {share.printed} of.')}\n"
    )
    unit = amount.value.split(" ", 1)[1]
    _placeholder(
        result,
        reference,
        unit,
        f"look up the {name} for {amount.period}",
        f"The {name} in {amount.period}.",
    )
    _check(
        result,
        f"{whole}_is_{name}",
        whole,
        reference,
        f"The share implies the published {name}.",
        reference,
    )


def _part_of_whole(result: Draft, whole: Claim, part: Claim) -> None:
    if whole.noun and part.value.split()[-1] != whole.value.split()[-1]:
        number = part.value.split()[0]
        part.value = f"{number} {whole.value.split(' ', 1)[1].split(' ')[-1]}"
        part.guesses.append(f"unit from {whole.id}, the whole it is part of")
    result.relations.append(
        f"# {_plain(whole.statement)}\n"
        f"[checks.{part.id}_within_{whole.id}]  # check: a proposed relation\n"
        f'left = "{part.id}"\nright = "{whole.id}"\nrelation = "at_most"\n'
        f"statement = {_quote(f'{part.printed} are among {whole.printed}.')}\n"
    )


def _check(
    result: Draft, check_id: str, left: str, right: str, statement: str, reference: str
) -> None:
    result.relations.append(
        f"[checks.{check_id}]  # check: a proposed relation\n"
        f'left = "{left}"\nright = "{right}"\nexpect = "unverifiable"\n'
        f"why = {_quote(f'{reference} is a placeholder until it is looked up.')}\n"
        f"statement = {_quote(statement)}\n"
    )


def _plain(text: str, limit: int = 300) -> str:
    """One line of printable characters, for a comment or a field."""
    return " ".join(UNPRINTABLE.sub(" ", text).split())[:limit]


def _quote(text: str) -> str:
    """A TOML string of one line, as a fact base's fields allow: control and
    bidirectional characters become spaces, and it is cut at 500."""
    return json.dumps(_plain(text, 500), ensure_ascii=False)


# -- the draft as TOML ---------------------------------------------------------


def to_toml(result: Draft) -> str:
    parts = [
        "# A draft by cnii draft: every guess a person must confirm says '# check:'.\n",
        "[article]\n"
        f"title = {_quote(_plain(result.title) or 'untitled')}\n"
        + (
            f"date = {result.date}\n"
            if result.date
            else 'date = "undated"  # check: no date in the text\n'
        )
        + f"source = {_quote(result.source)}\n",
    ]
    if result.units:
        parts.append("[units]\n" + "".join(f'{name} = "count"\n' for name in sorted(result.units)))
    parts.extend(_claim_toml(claim) for claim in result.claims)
    parts.extend(result.relations)
    if not any(
        r.lstrip("# ").startswith("[checks.") or "\n[checks." in r for r in result.relations
    ):
        parts.append(_nothing_to_check(result))
    return "\n".join(parts)


def settled(toml: str, name: str, only: set[str] | None = None) -> str:
    """The draft with each proposed check that does not give the verdict it
    expects marked with the verdict it gives (a finding to look at), so that
    the draft passes the gate as drafted."""
    import cnii

    report = cnii.check(cnii.loads(toml, name))
    for result in report.results:
        if result.as_expected or (only is not None and result.id not in only):
            continue
        header = re.search(rf"^\[checks\.{result.id}\][^\n]*\n", toml, re.MULTILINE)
        assert header is not None, "every check was drafted here"
        found = (
            f'expect = "{result.verdict}"  # check: cnii draft found this\n'
            f'why = "Found by cnii draft: look at the article and at the relation."\n'
        )
        toml = toml[: header.end()] + found + toml[header.end() :]
    return toml


def _nothing_to_check(result: Draft) -> str:
    """Without a relation there is no check, and a fact base needs one: a
    source placeholder for the first claim, so that the draft loads."""
    if not result.claims:
        return (
            "[references.article_figures]  # check: the article states no figure cnii found\n"
            'unit = "count"\nsource = "to be looked up"\nstatus = "unconfirmed"\n'
            'note = "no number phrase was found"\nstatement = "Nothing to check."\n\n'
            '[checks.nothing_found]\nleft = "article_figures"\nright = "article_figures"\n'
            'expect = "unverifiable"\nwhy = "No figure was drafted."\nstatement = "No figure."\n'
        )
    first = result.claims[0]
    unit = first.value.split(" ", 1)[1] if " " in first.value else ""
    reference = f"{first.id}_source"
    result.placeholders += 1
    return (
        f"[references.{reference}]  # check: a placeholder for the source of {first.id}\n"
        f'unit = {_quote(unit)}\nsource = "to be looked up"\nstatus = "unconfirmed"\n'
        f'note = "look up the source of this figure"\nstatement = {_quote(first.statement)}\n\n'
        f"[checks.{first.id}_as_sourced]  # check: a proposed relation\n"
        f'left = "{first.id}"\nright = "{reference}"\nexpect = "unverifiable"\n'
        f'why = "The source is a placeholder."\nstatement = "The figure is its source\'s."\n'
    )


# -- adding to an existing fact base -------------------------------------------


def into(existing: str, fact_base_path: str, article: str, source: str) -> tuple[str, Draft]:
    """The existing fact base's text with what it does not cover yet added:
    the claims whose phrases no claim covers (as ``coverage`` judges), and the
    relations among those new claims. The existing text is kept byte for
    byte: new tables are added at the end, new units after ``[units]``."""
    import cnii
    from cnii.phrases import Status, cover, normalise

    article = normalise(article)  # positions as coverage counts them
    fact_base = cnii.loads(existing, fact_base_path)
    covered = sorted(
        p.offset for p in cover(fact_base, article, source).phrases if p.status is Status.COVERED
    )
    result = draft(article, source)
    taken = {*fact_base.claims, *fact_base.references, *fact_base.derivations, *fact_base.checks}

    def is_covered(claim: Claim) -> bool:
        at = bisect.bisect_left(covered, claim.start)
        return at < len(covered) and covered[at] < claim.end

    printed = [normalise(c.printed) for c in fact_base.claims.values()]
    new = [
        c
        for c in result.claims
        if not is_covered(c) and not any(c.printed in p or p in c.printed for p in printed)
    ]
    kept = {c.id for c in new}
    for claim in new:
        if claim.id in taken:
            claim.id = _unique(claim.id, set(taken) | {c.id for c in new if c is not claim})
    result.claims = new
    result.relations = []
    result.placeholders = 0
    _relations(result, article)
    result.relations = [r for r in result.relations if _only_new(r, kept, taken)]
    result.placeholders = sum(r.count("[references.") for r in result.relations)
    units = {name: "count" for name in result.units if name not in fact_base.units}
    text = existing if existing.endswith("\n") else existing + "\n"
    if units:
        lines = "".join(
            f'{name} = "count"  # check: added by cnii draft\n' for name in sorted(units)
        )
        header = re.search(r"^\[units\][^\n]*\n", text, re.MULTILINE)
        if header:
            text = text[: header.end()] + lines + text[header.end() :]
        else:
            text += "\n[units]\n" + lines
    result.relations = [r for r in result.relations if r]
    body = [_claim_toml(c) for c in new] + result.relations
    if body:
        text += f"\n# Added by cnii draft from {source}: every guess says '# check:'.\n\n"
        text += "\n".join(body)
    made = set(re.findall(r"^\[checks\.([a-z0-9_]+)\]", "\n".join(body), re.MULTILINE))
    return settled(text, fact_base_path, made), result


def _only_new(relation: str, new: set[str], taken: set[str]) -> bool:
    names = set(re.findall(r"\b[a-z][a-z0-9_]*\b", relation))
    return not (names & taken)


def _claim_toml(claim: Claim) -> str:
    comment = _plain(f"# line {claim.line}" + "".join(f"; check: {g}" for g in claim.guesses))
    return (
        f"[claims.{claim.id}]  {comment}\n"
        f"printed = {_quote(claim.printed)}\n"
        f"value = {_quote(claim.value)}\n"
        + (f"qualifier = {_quote(claim.qualifier)}\n" if claim.qualifier else "")
        + f"period = {_quote(claim.period)}\n"
        f"statement = {_quote(claim.statement)}\n"
        + (f"items = {json_list(claim.items)}\n" if claim.items else "")
    )


def json_list(items: list[str]) -> str:
    return json.dumps(items, ensure_ascii=False)
