"""Number phrases of English text: "about $210 billion", "more than 4,000
5G factories", "up 10.65 percent year on year"."""

from __future__ import annotations

import bisect
import dataclasses
import functools
import itertools
import re
from decimal import Decimal
from typing import TYPE_CHECKING

from cnii.draft.model import YEAR, Claim, Draft, Ids, slug, whose_money
from cnii.figures import FRACTION_WORDS, WORD_VALUES, fraction_of

if TYPE_CHECKING:
    from cnii.units import Units

_QUALIFIER = (
    r"(?P<qualifier>about|approximately|around|roughly|over|more than|exceeding|above|"
    r"at least|no less than|under|less than|below|at most|no more than|up to|exactly|nearly|"
    r"almost|some|close to|approaching)\s+"
)
_CODES = "USD|CNY|RMB|EUR|GBP|JPY|HKD|TWD|INR|AUD|CAD|SGD|MYR|BRL|KRW|CHF"
_SIGN = (
    r"(?P<sign>US\$|US \$|\$US|HK\$|NT\$|AU\$|A\$|\$A(?=\d)|C\$|S\$|\bR ?\$ ?|\$|€|£|₹\s?|"
    r"[¥\uffe5]|"
    r"U\.?S\.? dollars\s(?=\d)|"  # "US dollars 202.7 million"
    rf"RMB\s?|\bRM\s?(?=\d)|\bRs\.?\s?|\b(?:{_CODES})\s?(?=\d))"
)
# Letters glued to a number that make it a figure: a scale ("$7.2M", "5bn",
# "20k") or a unit ("512GB", "15pc", "5km"). Others ("5G", "2nd") do not.
_GLUED = r"(?P<glued>bn|tn|trn|k|m|b|pc|GB|TB|MB|km|kg|kWh|MWh|GWh|TWh|GW|MW|kW)"
# A number is taken whole or not at all (an atomic group): giving back a
# digit only to test the lookahead again made "1111...1x" quadratic. Thousands
# are grouped by commas, or by thin, no-break or plain spaces ("12 500"); a
# digit after a comma is a piece of a number, never the start of one.
_DIGITS = (
    r"(?P<digits>(?(sign)|(?<![\w.]))(?<!\d,)"
    r"(?>(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,])|\d+)(?:\.\d+)?))"
    rf"(?:{_GLUED}\b|(?![\w.]*[A-Za-z]))"
)
_WORDS = "|".join(sorted((w for w, n in WORD_VALUES.items() if n >= 2), key=len, reverse=True))
_TENS = "twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety"
_ONES = "one|two|three|four|five|six|seven|eight|nine"
_NUMBER = rf"(?:{_DIGITS}|(?P<word>\b(?:(?:{_TENS})-(?:{_ONES})|{_WORDS})\b))"
_SCALE = r"(?:[\s-](?P<scale>thousand|million|billion|trillion|lakh crore|lakh|crore|cr\b))"
# Currencies by the name printed after a figure ("10.44 trillion won"), where
# the name is one currency's: not "pesos" or "francs", which are several.
_NAMED_CURRENCIES = {"won": "KRW", "baht": "THB", "rupiah": "IDR", "rand": "ZAR", "naira": "NGN"}
_NAMED_CURRENCIES |= {"zloty": "PLN", "forint": "HUF", "lira": "TRY", "roubles": "RUB"}
_NAMED_CURRENCIES |= {"rubles": "RUB", "dirhams": "AED", "riyals": "SAR", "shekels": "ILS"}
_NAMED_CURRENCIES |= {"Swiss francs": "CHF", "Mexican pesos": "MXN", "Philippine pesos": "PHP"}
_NAMED_CURRENCIES |= {"pounds sterling": "GBP", "sterling": "GBP", "reais": "BRL", "dong": "VND"}
_NAMED_CURRENCIES |= {"Hong Kong dollars": "HKD", "Singapore dollars": "SGD", "taka": "BDT"}
_NAMED_CURRENCIES |= {
    "New Taiwan dollars": "TWD",
    "Swedish kronor": "SEK",
    "Norwegian kroner": "NOK",
}
# Names that are words too ("3 won the race"): a currency only after a scale word.
_AMBIGUOUS_CURRENCIES = ("won", "dong", "rand")
_CURRENCY_WORDS = (
    "|".join(
        sorted(
            (re.escape(n) for n in _NAMED_CURRENCIES if n not in _AMBIGUOUS_CURRENCIES),
            key=len,
            reverse=True,
        )
    )
    + "|(?(scale)(?:"
    + "|".join(_AMBIGUOUS_CURRENCIES)
    + ")|(?!))"
)
_UNIT = (
    r"(?:[\s-](?P<unit>percentage points?|percent|per cent|per mille|pct|pc|U\.S\. dollars|"
    r"US dollars|Australian dollars|Canadian dollars|Chinese yuan|dollars|yuan|euros?|yen|"
    rf"rupees|ringgit|{_CURRENCY_WORDS}|tonnes?|tons?|times|"
    r"square (?:meters|metres|kilometers|kilometres)|"
    r"cubic (?:meters|metres)|kilometers|kilometres|km|hectares|kilowatt[- ]hours|kWh|"
    r"(?:tera|giga|mega)watt[- ]hours|TWh|GWh|MWh|"
    r"gigawatts|GW|megawatts|MW|kilowatts|kW|barrels|liters|litres|TEUs?|"
    rf"{_CODES})\b(?!-[A-Za-z])|\s?(?P<pct>%)|\s?(?P<mille>‰)|\s?(?P<after>€))"
    # (not the tonne of "tonne-kilometres"; "4.5 %", "3.2‰", "5 €" as printed)
)
# Words a figure is qualified with that cnii names otherwise.
_QUALIFIER_AS = {"some": "about", "close to": "nearly", "approaching": "nearly"}
# Physical units as printed, and as a fact base writes them.
_PHYSICAL = {"ton": "tonnes", "tons": "tonnes", "tonne": "tonnes", "kilowatt-hours": "kWh"}
_PHYSICAL |= {"kilowatt hours": "kWh", "teus": "TEU", "teu": "TEU", "kwh": "kWh", "gw": "GW"}
_PHYSICAL |= {"mw": "MW", "kw": "kW", "gb": "GB", "tb": "TB", "mb": "MB", "m": "m"}
_PHYSICAL |= {"twh": "TWh", "gwh": "GWh", "mwh": "MWh", "terawatt hours": "TWh"}
_PHYSICAL |= {"terawatt-hours": "TWh", "gigawatt hours": "GWh", "gigawatt-hours": "GWh"}
_PHYSICAL |= {"megawatt hours": "MWh", "megawatt-hours": "MWh"}
# Scales glued to a number, by the letters printed.
_GLUED_SCALES = {"k": "thousand", "m": "million", "b": "billion", "bn": "billion"}
_GLUED_SCALES |= {"tn": "trillion", "trn": "trillion"}
# A change printed with its sign: "(+49,000)", "from -140,000 to -227,000".
_PLUS_MINUS = r"(?P<plusminus>(?<![\w.,+\-])(?:[+\-\u2212]|\bminus\s)(?=\d))?"
_PHRASE = re.compile(
    rf"(?:\b{_QUALIFIER})?{_SIGN}?{_PLUS_MINUS}{_NUMBER}{_SCALE}?{_UNIT}?(?P<milestone>-yuan)?",
    re.IGNORECASE,
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
# Words that end in s and count nothing.
_NOT_PLURAL = frozenset(
    {"across", "various", "previous", "plus", "thus", "less", "unless", "always", "perhaps"}
    | {"whereas", "besides", "was", "has", "this", "its", "us", "as", "yes", "gas", "news"}
    | {"series", "species"}
)
# A number after these is a label, not a figure: "Quarter 2", "Table 3".
# Names a number is part of: an index, a product, a ranking ("S&P 500",
# "Boeing 737 orders", "Fortune 500 companies"), never a figure.
_NAMED = re.compile(
    r"(?:\bS&P|\bFTSE(?:\s+All-World)?|\bDAX|\bCAC|\bNikkei|\bRussell|\bStoxx|\bNasdaq"
    r"|\bHang Seng|\bMSCI\s+[A-Z][a-z]+|\bWindows|\bBoeing|\bAirbus\s+A|\biPhone|\bGalaxy\s+S"
    r"|\bPixel|\bPlayStation|\bFortune(?:\s+Global)?|\bForbes(?:\s+Global)?)\s*$"
)
_LABEL = re.compile(
    r"\b(?:quarter|q|phase|no\.|number|article|table|figure|chapter|section|page|line|level|"
    r"grade|class|type|version|tier|round|stage|step|item|annex|appendix|part|group|lot)\s+$",
    re.IGNORECASE,
)
# Currencies by the sign, code or word printed with a figure.
_BY_CODE = {code.lower(): code for code in _CODES.split("|")} | {"rmb": "CNY"}
_CURRENCIES = {"$": "USD", "us$": "USD", "hk$": "HKD", "nt$": "TWD", "€": "EUR", "£": "GBP"}
_CURRENCIES |= {"us $": "USD", "$us": "USD", "a$": "AUD", "au$": "AUD", "$a": "AUD"}
_CURRENCIES |= {"c$": "CAD", "s$": "SGD", "r$": "BRL", "r $": "BRL", "rm": "MYR"}
_CURRENCIES |= {"us dollars": "USD", "u.s. dollars": "USD"}
_CURRENCIES |= {"₹": "INR", "rs": "INR", "rs.": "INR"}
_CURRENCIES |= _BY_CODE
_UNIT_CURRENCIES = {"yuan": "CNY", "dollars": "USD", "us dollars": "USD", "u.s. dollars": "USD"}
_UNIT_CURRENCIES |= {"euros": "EUR", "euro": "EUR", "€": "EUR", "yen": "JPY", "rupees": "INR"}
_UNIT_CURRENCIES |= {"australian dollars": "AUD", "canadian dollars": "CAD", "ringgit": "MYR"}
_UNIT_CURRENCIES |= {"chinese yuan": "CNY"} | _BY_CODE
_UNIT_CURRENCIES |= {name.lower(): code for name, code in _NAMED_CURRENCIES.items()}


_JAPAN = re.compile(r"\b(?:yen|Japan(?:ese)?|Tokyo|Nikkei|BOJ|Bank of Japan)\b")
_CHINA = re.compile(r"\b(?:yuan|RMB|renminbi|China|Chinese|Beijing|PBOC)\b", re.IGNORECASE)


@functools.lru_cache(maxsize=4)
def _yen_or_yuan(text: str) -> tuple[str, str]:
    """Whether ¥ is the yen or the yuan in ``text``: by the words that name
    Japan or China (the more of them), and the guess a person confirms."""
    code, most, japan = whose_money(text, "JPY", _JAPAN, {"CNY": _CHINA})
    china = most if code == "CNY" else len(_CHINA.findall(text))
    named = f"the article names Japan or the yen {japan}x, China or the yuan {china}x"
    return code, f"¥ read as {'yuan' if code == 'CNY' else 'yen'}: {named}"


# Countries whose dollar "$" is, and the words that name them.
_DOLLARS = {
    "CAD": re.compile(r"\b(?:Canada|Canadian|Statistics Canada|Ottawa|Toronto)\b"),
    "AUD": re.compile(r"\b(?:Australia|Australian|ABS|ABARES|Canberra|Sydney)\b"),
    "NZD": re.compile(r"\b(?:New Zealand|Stats NZ|Wellington|Auckland)\b"),
    "SGD": re.compile(r"\b(?:Singapore|Singaporean)\b"),
    "HKD": re.compile(r"\b(?:Hong Kong)\b"),
}
_AMERICA = re.compile(r"\b(?:U\.S\.|US|United States|America|American|Washington|Fed)\b")


@functools.lru_cache(maxsize=4)
def _dollar(text: str) -> tuple[str, str | None]:
    """Which dollar "$" is in ``text``: the US dollar, unless the words name
    another dollar's country more often than the United States (a Statistics
    Canada release), and the guess a person confirms."""
    # the headline and lead name the article's own country, not its trade partner's
    code, most, us = whose_money(text, "USD", _AMERICA, _DOLLARS, lead=300)
    if code == "USD":
        return "USD", None
    return code, f"$ read as {code}: the article names its country {most}x, the US {us}x"


def claims_in(
    sentence: re.Match[str],
    text: str,
    used: Ids,
    result: Draft,
    skip: list[tuple[int, int]],
) -> None:
    """The claims of one English sentence, added to ``result``."""
    before = len(result.claims)
    counted: Claim | None = None  # the last count of the sentence so far
    bare: list[re.Match[str]] = []  # bare numbers: perhaps the low end of a range
    for match in _PHRASE.finditer(text, sentence.start(), sentence.end()):
        reason = _skip(match, text, skip)
        if reason:
            result.skipped[reason] += 1
            continue
        made = _claim(match, text, used, result, counted)
        if isinstance(made, str):
            result.skipped[made] += 1
            if made == _NOTHING and match.group("digits"):
                bare.append(match)
        else:
            result.claims.append(made)
            counted = made if made.kind == "count" else counted
    _listed(sentence, text, used, result, counted)
    _half(sentence, text, used, result)
    _low_ends(text, result, before, bare, used)
    _ranges(text, result.claims[before:])
    _rates(text, result, before, used)


_A_PERCENT = re.compile(r"\d\s?(?:%|percent\b|per cent\b)")
_POINTS_AFTER = re.compile(r"\s+points?\b")


def _sentence_around(text: str, at: int) -> str:
    """The text of the sentence around ``at``, at most 300 characters either side."""
    start = max(text.rfind(". ", max(0, at - 300), at), at - 300, 0)
    end = text.find(". ", at, at + 300)
    return text[start : end if end >= 0 else at + 300]


def _skip(match: re.Match[str], text: str, skip: list[tuple[int, int]]) -> str | None:
    start, end = match.span()
    at = bisect.bisect_right(skip, (start, len(text))) - 1  # the last span begun by start
    if at >= 0 and skip[at][0] <= start < skip[at][1]:
        return "dates and photo codes"
    number = match.group("digits")
    plain = not any(match.group(g) for g in _FIGURE_GROUPS)
    if number and plain and YEAR.fullmatch(number):
        return "years"
    if number and plain and re.match(r"G\b|\+", text[end : end + 2]):
        return "names such as 5G"
    if number and plain and _LABEL.search(text[max(0, start - 12) : start]):
        return "labels such as Quarter 2"
    if number and plain and _NAMED.search(text[max(0, start - 24) : start]):
        return "names such as S&P 500"
    line_start = text.rfind("\n", 0, start) + 1
    if number and plain and not text[line_start:start].strip() and text[end : end + 1] == ".":
        return "list numbers"  # "1. Main points"
    return None


_NOTHING = "numbers that count nothing named"
_FRACTION = re.compile(
    r"[\s-](?:halves|thirds?|quarters?|fifths?|sixths?|sevenths?|eighths?|ninths?|tenths?)\b",
    re.IGNORECASE,
)
# The groups of _PHRASE that make a number a figure rather than a bare number.
_FIGURE_GROUPS = ("unit", "scale", "pct", "mille", "after", "glued", "sign", "milestone")
# A price or rate for each of something: "per tonne", "per capita".
_PER = re.compile(
    r"\s+(?:per\s+(?=[A-Za-z])|an?\s+(?=(?:year|month|week|day|hour|quarter|barrel|tonne|ton"
    r"|kilogram|kg|litre|liter|gallon|ounce|share|head|person|piece|unit|square)\b"
    r"(?!\s+(?:ago|earlier|before|later|after|on)\b)))"
    # "$71 a barrel", "$2,800 a month": "a" only before what a price is for,
    # and never "a year ago" or "a year earlier"
    r"(?P<per>square (?:meter|metre)|[A-Za-z][a-z-]{1,30})\b"
)
# After a physical amount, a rate in time: "barrels per day", "tonnes a year".
_PER_TIME = re.compile(r"\s+(?:per|a|an|each)\s+(day|week|month|year|hour)\b", re.IGNORECASE)
_PER_UNITS = {"tonne": "tonne", "tonnes": "tonne", "ton": "tonne", "tons": "tonne"}
_PER_UNITS |= {"barrel": "barrel", "kilogram": "kg", "kg": "kg", "liter": "liter", "litre": "liter"}
_PER_UNITS |= {"square meter": "m**2", "square metre": "m**2", "kilowatt-hour": "kWh"}
_PER_UNITS |= {"capita": "person", "person": "person", "head": "person"}
# Between a bare number and the last of its list: ", 4.7 and ", " to ". Each
# bare number reads the rest of its list, so a list is read up to _LISTED
# numbers; possessive, so a text that is no list fails without backtracking.
_LISTED = 24
_LIST_TAIL = re.compile(
    rf"(?:\s*+,\s*+[-+]?\d++(?:,\d{{3}})*+(?:\.\d++)?){{0,{_LISTED}}}+(?:\s*+,)?\s++(?:and|or|to)\s++"
)
_GROWTH_BEFORE = re.compile(
    r"\b(?:(?<!made )(?<!make )(?<!makes )(?<!making )up|grew|grow|growing|rose|rise|rising|"
    r"expand(?:ed|ing)|increas(?:ed|ing)|jump(?:ed|ing)|climb(?:ed|ing)|surg(?:ed|ing)|"
    r"soar(?:ed|ing)|gain(?:ed|ing)|advanc(?:ed|ing)|accelerat(?:ed|ing)|edged up|"
    r"growth of|increase of|rise of|gain of)\s+(?:[a-z]+ly\s+)?"
    r"(?:by\s+)?$",
    re.IGNORECASE,
)
_DECLINE_BEFORE = re.compile(
    r"\b(?:down|fell|fall|falling|drop(?:ped|ping)|declin(?:ed|ing)|decreas(?:ed|ing)|shrank|"
    r"shrinking|contract(?:ed|ing)|slipp(?:ed|ing)|plung(?:ed|ing)|slump(?:ed|ing)|"
    r"tumbl(?:ed|ing)|slid|sliding|dipp(?:ed|ing)|edged down|"
    r"decline of|decrease of|drop of|fall of)\s+(?:[a-z]+ly\s+)?"
    r"(?:by\s+)?$",
    re.IGNORECASE,
)
# After a rate, words that make it a growth or a fall: "an 8.3 percent decline".
_GROWTH_AFTER = re.compile(
    r"\s+(?:gain|increase|rise|jump|growth|climb|surge|advance|(?:more|larger|higher|bigger|"
    r"greater) than)\b",
    re.IGNORECASE,
)
_DECLINE_AFTER = re.compile(
    r"\s+(?:decline|decrease|drop|fall|slump|contraction|(?:less|smaller|lower|fewer) than)\b",
    re.IGNORECASE,
)
_DURATIONS = frozenset({"days", "weeks", "months", "quarters", "years", "decades"})
_OVER_VERBS = re.compile(
    r"(?:surpass(?:ed|ing)?|exceed(?:ed|ing)?|top(?:ped)?|passed)\s+"
    r"(?:the\s+)?(?:(?:previous\s+)?record\s+(?:of\s+)?)?$",  # "exceeding the record of"
    re.IGNORECASE,
)
# Before a figure, a change rather than a range: "rose £0.2 billion to £15.4 billion".
_CHANGE_BEFORE = re.compile(
    r"\b(?:from|rose|rise|risen|fell|fall|fallen|increased|decreased|grew|climbed|dropped|"
    r"declined|jumped|up|down|by|revised)\b[^.;]*$",
    re.IGNORECASE,
)


def _claim(
    match: re.Match[str],
    text: str,
    used: Ids,
    result: Draft,
    counted: Claim | None,
) -> Claim | str:
    """The claim of one phrase, or why it is none."""
    start, end = match.span()
    digits, word = match.group("digits"), match.group("word")
    if _FRACTION.match(text, end):
        return "fractions printed in digits"  # "2 thirds": rare, and no share of anything
    if digits:
        number = re.sub(r"[ \u00a0\u2009\u202f]", "", digits)  # "12 500" is 12500
    else:
        number = str(sum(WORD_VALUES[part] for part in word.lower().split("-")))
    signed = (match.group("plusminus") or "").strip().lower()
    if signed in ("-", "\u2212", "minus"):
        number = f"-{number}"
    qualifier = (match.group("qualifier") or "").lower()
    qualifier = _QUALIFIER_AS.get(qualifier, qualifier)
    if not qualifier and _OVER_VERBS.search(text[max(0, start - 40) : start]):
        qualifier = "over"
    guesses: list[str] = []
    unit_of = match
    if not any(match.group(g) for g in _FIGURE_GROUPS):
        tail = _LIST_TAIL.match(text, end)  # "4.2, 4.7 and 2.2 percentage points"
        last = _PHRASE.match(text, tail.end()) if tail else None
        if last is not None and (last.group("unit") or last.group("pct")):
            unit_of = last
            guesses.append("the unit printed once, after the last of a list")
    scale = (unit_of.group("scale") or "").lower()
    unit_word = (unit_of.group("unit") or unit_of.group("after") or "").lower()
    sign = (unit_of.group("sign") or "").strip().lower()
    scale = "crore" if scale == "cr" else scale  # "Rs 5 cr"
    glued = (match.group("glued") or "").lower()
    if glued in _GLUED_SCALES:  # "$7.2M", "5bn", "20k"
        scale = _GLUED_SCALES[glued]
    elif glued:  # "512GB", "15pc", "5km"
        unit_word = "pc" if glued == "pc" else glued
    noun = None
    currency = None
    is_growth = is_decline = False
    if unit_of.group("milestone") or unit_word in _UNIT_CURRENCIES or sign:
        currency = _CURRENCIES.get(sign) or _UNIT_CURRENCIES.get(unit_word, "CNY")
        if sign in ("¥", "\uffe5"):  # the yen's sign and the yuan's: the article says which
            currency, why = _yen_or_yuan(text)
            guesses.append(why)
        elif sign == "$":  # the US dollar, unless the article is another dollar's country's
            currency, whose = _dollar(text)
            guesses.extend([whose] if whose else [])
        unit, kind = _join(scale, currency), "amount"
        per = _PER.match(text, end)
        if per is not None:  # "128.6 U.S. dollars per tonne"
            word = per.group("per").lower()
            each = _PER_UNITS.get(word) or _singular(word)
            if each not in _PER_UNITS.values() and _known_unit(each) is not True:
                if _known_unit(each) is False:
                    per = None  # a unit of another kind cnii cannot write here
                else:
                    result.units.setdefault(each, "count")
            if per is not None:
                unit, end = f"{unit} / {each}", per.end()
                if word in ("ton", "tons"):
                    guesses.append("tons taken as metric tonnes")
        if (
            per is None
            and counted is not None
            and (
                qualifier in ("over", "more than", "exceeding", "above")
                or "each" in text[max(0, start - 40) : start]
            )
        ):
            unit = f"{unit} / {_singular(counted.value.split()[-1])}"
            guesses.append(f"an amount for each of {counted.id}")
    elif unit_word.startswith("percentage point") or (
        not unit_word
        and _POINTS_AFTER.match(text, end) is not None
        and Decimal(number.replace(",", "")) < 100  # not index points: "rose to 4,800 points"
        and _A_PERCENT.search(_sentence_around(text, start))
    ):  # "down 0.8 point", beside a rate in percent: percentage points
        unit, kind = "percentage points", "points"
        is_decline = bool(_DECLINE_BEFORE.search(text[max(0, start - 30) : start]))
        after = _POINTS_AFTER.match(text, end)
        if not unit_word and after is not None:
            end = after.end()
            guesses.append("points beside a percentage read as percentage points")
    elif unit_of.group("mille") or unit_word == "per mille":
        unit, kind = "permille", "share"
    elif unit_of.group("pct") or unit_word.startswith(("percent", "per cent", "pct", "pc")):
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
            or _GROWTH_AFTER.match(text, end)  # "a 3.9 percent gain", "20 percent larger than"
        )
        is_decline = bool(
            _DECLINE_BEFORE.search(text[max(0, start - 30) : start])
            or _DECLINE_AFTER.match(text, end)
        )
        is_growth = is_growth and not is_decline
    elif unit_word:
        unit, kind = _join(scale, _PHYSICAL.get(unit_word, unit_word)), "amount"
        if unit_word in ("ton", "tons"):
            guesses.append("tons taken as metric tonnes")
        daily = _PER_TIME.match(text, end)
        if daily is not None:  # "25.362 million barrels per day"
            unit, end = f"{unit} / {daily.group(1).lower()}", daily.end()
    else:
        noun = _noun_after(text[end : end + 80])
        part = counted
        if (
            noun is None
            and part is not None
            and re.search(
                r"\b(?:with|of which|among them|including)\s+$", text[max(0, start - 20) : start]
            )
        ):
            noun = part.noun
            guesses.append(f"counted as {part.id} is, the whole it is part of")
        if noun in _DURATIONS:
            return "periods of time"  # "in the first 11 months"
        if noun is None and (scale or signed or "," in (digits or "")):
            # "to hit 2 million", "(+49,000)", "revised down by 72,000": a
            # figure, but of what a person says
            noun = "items"
            guesses.append("a figure with no unit: counted as items")
        if noun is None:
            return _NOTHING  # a bare number: page furniture, a list index
        counted_as = _COUNT_NOUNS.get(noun)
        unit, kind = (f"{counted_as}s" if counted_as else noun), "count"
        known = _known_unit(unit)
        if known is False:
            return _NOTHING  # a unit of another kind written after a bare number
        if known is None:
            name = counted_as or _singular(noun)
            if _known_unit(name) is not None:
                return _NOTHING  # its singular means something else already
            result.units.setdefault(name, "count")
        if counted_as:
            guesses.append(f"{noun!r} counted as {counted_as}s")
        unit = _join(scale, unit)  # "1.4 billion people"
    made = Claim(
        used.take(_id_words(text, start, noun, kind)),
        text[start:end],
        f"{number} {unit}",
        qualifier,
        kind,
        currency,
        noun,
        start,
        end,
        guesses,
    )
    made.growth = kind == "share" and is_growth
    made.decline = is_decline
    if kind in ("amount", "count"):  # "rose £0.2 billion to £15.4 billion": the change
        made.change = bool(
            _GROWTH_BEFORE.search(text[max(0, start - 30) : start])
            or _DECLINE_BEFORE.search(text[max(0, start - 30) : start])
            or re.match(r"\s+(?:increase|decrease|rise|fall|drop|gain|jump)\b", text[end:])
        )
    return made


# A run of names, then its last: found run by run, each read once (a pattern
# for the whole list, tried at each name of a run, read the run once a name).
_NAMES = re.compile(r"[A-Z][a-z]+(?:, [A-Z][a-z]+)+")
_LAST_NAME = re.compile(r",? and [A-Z][a-z]+(?= each)")


def _listed(
    sentence: re.Match[str],
    text: str,
    used: Ids,
    result: Draft,
    counted: Claim | None,
) -> None:
    """A count given by a list of names ("Guangdong, Jiangsu, Beijing and
    Zhejiang each surpassed"): a claim with items."""
    for run in _NAMES.finditer(text, sentence.start(), sentence.end()):
        last = _LAST_NAME.match(text, run.end(), sentence.end())
        if last is None:
            continue
        names = re.split(r",\s*(?:and\s+)?|\s+and\s+", text[run.start() : last.end()])
        noun = counted.value.split()[-1] if counted else "items"
        end = last.end() + len(" each")
        claim = Claim(
            used.take(f"{noun}_listed"),
            text[run.start() : end],
            f"{len(names)} {noun}",
            "",
            "count",
            None,
            noun,
            run.start(),
            end,
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


# Plural nouns without an s: "300 women" counts women (a unit of that name:
# a fact base's units take an s for their plural).
_IRREGULAR = frozenset({"men", "women", "children", "cattle", "personnel", "police"})


def _singular(noun: str) -> str:
    if noun in _IRREGULAR:
        return noun
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
        if low in _IRREGULAR:
            return low
        if not re.fullmatch(r"[a-z]{4,40}", low) or low in _STOP or low in _NOT_PLURAL:
            continue
        if low.endswith("s") or _known_unit(low):  # "people" is plural too
            return low
    return None


def _id_words(text: str, start: int, noun: str | None, kind: str) -> str:
    """An id from the words around the number: the noun it counts, else the
    last content words before it in its sentence."""
    if noun is not None:
        return slug(f"{_COUNT_NOUNS[noun]}s" if noun in _COUNT_NOUNS else noun)
    sentence = re.split(r"(?<!\d)[.!?\n(]", text[max(0, start - 120) : start])[-1]
    # the words since the number before it, else since its sentence began
    content = _content(re.split(r"\d(?!G\b)", sentence)[-1]) or _content(sentence)
    suffix = "share" if kind == "share" else ""
    return slug("_".join([*content[-2:], suffix]).strip("_") or kind)


def _content(words: str) -> list[str]:
    found = (w.lower() for w in re.findall(r"[A-Za-z]+", words))
    return [w for w in found if w not in _STOP and len(w) > 2 and not w.endswith(("ing", "ed"))]


_HALF = re.compile(
    r"\b(?P<qualifier>more than|over|nearly|almost|about|less than|under|exceeded|exceeding|"
    r"surpassed|above)\s+(?:a\s+)?(?P<half>half)\b"
    # "a third of", "nearly two-thirds of": a share of something, not "a third party"
    r"|(?:\b(?P<fqualifier>more than|over|nearly|almost|about|less than|under|roughly|some)\s+)?"
    r"(?<!first )(?<!last )(?<!past )(?<!next )"  # "the first three quarters of 2024": a time
    r"(?P<fraction>\b(?:a|one|two|three|four)[\s-](?:third|quarter|fifth|tenth)s?)"
    r"(?=\s+of\b)(?!\s+of\s+(?:the\s+)?(?:year|fiscal|\d{4}))",
    re.IGNORECASE,
)
_HALF_QUALIFIERS = {"exceeded": "over", "surpassed": "over"}


def _half(sentence: re.Match[str], text: str, used: Ids, result: Draft) -> None:
    """A share written as a word: "more than half", "exceeded half" (the
    first half of a year is a period, and has no qualifier before it)."""
    for match in _HALF.finditer(text, sentence.start(), sentence.end()):
        word = "half" if match.group("half") else "fraction"
        qualifier = (match.group("qualifier") or match.group("fqualifier") or "").lower()
        fraction = FRACTION_WORDS.fullmatch(match.group(word)) if word == "fraction" else None
        percent = fraction_of(fraction) if fraction else Decimal(50)
        result.claims.append(
            Claim(
                used.take(_id_words(text, match.start(), None, "share")),
                match.group(word),
                f"{percent} %",
                _QUALIFIER_AS.get(qualifier, _HALF_QUALIFIERS.get(qualifier, qualifier)),
                "share",
                start=match.start(word),
                end=match.end(word),
                guesses=["a share written as a word"],
            )
        )


# Between the low end of a range and its high end: "between 3 and 5
# million", "3 to 5 million", "3-5 million".
_RANGE_JOIN = re.compile(r"\s*(?:and|to|-|\u2013)\s*")
_BETWEEN = re.compile(r"\bbetween\s+$", re.IGNORECASE)


def _low_ends(text: str, result: Draft, before: int, bare: list[re.Match[str]], used: Ids) -> None:
    """A bare number that is the low end of a range whose high end says what
    it counts ("between 3 and 5 million units"): a claim of its own, in the
    high end's scale and unit, at least the first and at most the second."""
    claims = result.claims
    by_start = {claim.start: at for at, claim in enumerate(claims[before:], before)}
    made: list[tuple[int, Claim]] = []
    for match in bare:
        start, end = match.span("digits")
        join = _RANGE_JOIN.match(text, end)
        at = by_start.get(join.end()) if join else None
        if join is None or at is None:
            continue
        high = claims[at]
        between = _BETWEEN.search(text[max(0, start - 12) : start])
        if (
            high.qualifier
            or " " not in high.value
            or (join.group(0).strip() == "and" and not between)
            or _CHANGE_BEFORE.search(text[max(0, start - 40) : start])
        ):
            continue
        number = match.group("digits").replace(",", "")
        low = dataclasses.replace(
            high,
            id=used.take(f"{high.id}_low"),
            printed=text[start:end],
            value=f"{number} {high.value.split(' ', 1)[1]}",
            qualifier="at least",
            start=start,
            end=end,
            guesses=[*high.guesses, f"the low end of a range, in the unit of {high.printed!r}"],
        )
        high.qualifier = "at most"
        high.guesses.append("the high end of a range")
        result.skipped[_NOTHING] -= 1
        if not result.skipped[_NOTHING]:
            del result.skipped[_NOTHING]
        made.append((at, low))
    for at, low in reversed(made):  # each before its high end, in the text's order
        claims.insert(at, low)


def _ranges(text: str, claims: list[Claim]) -> None:
    """A range, "4.7 percent to 5 percent": at least the first, at most the
    second (not "from 5.3 percent to 5.1 percent", a change)."""
    for low, high in itertools.pairwise(claims):
        if (
            low.unit == high.unit
            and not low.qualifier
            and not high.qualifier
            and re.fullmatch(r"\s*(?:to|-|\u2013)\s*", text[low.end : high.start])
            and not _CHANGE_BEFORE.search(text[max(0, low.start - 40) : low.start])
        ):
            low.qualifier, high.qualifier = "at least", "at most"
            low.guesses.append("the low end of a range")
            high.guesses.append("the high end of a range")


def _rates(text: str, result: Draft, before: int, used: Ids) -> None:
    """An exchange rate printed as an equation, "US$1 = 6.4 RMB": one claim,
    6.4 CNY / USD, where there were two (US$1, 6.4 RMB). The claims are
    copied once, not deleted one by one (a deletion moves all that follow)."""
    claims = result.claims
    kept: list[Claim] = []
    rated: Claim | None = None  # the last rate made: no "US$1" of a next equation
    for at, one in enumerate(claims[before:], before + 1):
        rate = claims[at] if at < len(claims) else None
        if one is rated:
            kept.append(one)
        elif (
            rate is not None
            and one.currency
            and rate.currency
            and one.currency != rate.currency
            and one.value.split()[0] == "1"
            and "/" not in rate.value
            and re.fullmatch(r"\s*=\s*", text[one.end : rate.start])
        ):
            rate.printed, rate.start = text[one.start : rate.end], one.start
            rate.value = f"{rate.value} / {one.currency}"
            rate.kind = "rate"
            rate.id = used.take(slug(f"{one.currency}_{rate.currency}_rate"))
            rated = rate
        else:
            kept.append(one)
    claims[before:] = kept
