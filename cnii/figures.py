"""Printed figures: what a claim's or a reference's value means.

The number in a value string, its unit, the interval its printed digits,
qualifier, rounding rule, precision and tolerance imply, and whether the
printed phrase states that number: everything between the text of an entry
and the interval the engine computes with, in one place."""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Iterator
from decimal import Decimal, InvalidOperation, Overflow, Underflow
from itertools import chain, takewhile
from typing import TYPE_CHECKING, NamedTuple, TypeVar

from cnii.calc import POINT
from cnii.errors import CniiError, DimensionError, RangeError, SchemaError, UnitError
from cnii.interval import BEYOND, DOWN, INF, UP, Interval, in_range
from cnii.records import QUALIFIERS, Bound, Claim, Reference
from cnii.units import is_currency_code, normalize, units_name
from cnii.value import Value

if TYPE_CHECKING:
    from pint.util import UnitsContainer

    from cnii.units import Unit, Units

MAX_DIGITS = 30
MAX_VALUE_LENGTH = 200
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
# The unit follows after a space, or at once where it is % or not ASCII (1.53万亿元).
_VALUE = re.compile(rf"\s*({_NUMBER})(?:\s+|(?=%|[^\x00-\x7f])|$)(.*)", re.DOTALL)
# A number may touch Chinese text ("超过4000个"), not Latin letters or digits.
# A number as printed: thousands grouped by commas or by thin, no-break or
# plain spaces ("12 500"); glued to a currency code ("INR1 trillion",
# "$US12,400,000") but not to other letters ("G20"); never from the middle
# of another number (the "400,000" of "12,400,000").
_PRINTED_NUMBER = re.compile(
    r"(?:(?<![A-Za-z0-9_.])|(?<=\bUS)|(?<=\bRM)|(?<=\$A)|(?<=\b[A-Z]{3}))(?<!\d,)"
    r"(?:\d{1,3}(?:,\d{3})+|\d{1,3}(?:[ \u00a0\u2009\u202f]\d{3})+(?![\d,])|\d+)"
    r"(?:[.\ufe52\uff0e]\d+)?(?:\s?[萬万]\s?\d(?:,?\d){0,3}(?![\d.,]))?"  # 7﹒7%, 2334萬7374人
)
_GROUPING = re.compile(r"[, \u00a0\u2009\u202f]")
# Decimal points as Hong Kong and Taiwan print them: a small and a fullwidth full stop.
_POINTS = str.maketrans({"\ufe52": ".", "\uff0e": "."})


def _printed_number(digits: str) -> Decimal:
    plain = re.sub(r"\s", "", _GROUPING.sub("", digits)).translate(_POINTS)
    tens_of_thousands, mark, rest = plain.replace("萬", "万").partition("万")
    if mark:  # 2334萬7374: 2334 ten thousands and 7374
        return Decimal(tens_of_thousands) * 10000 + Decimal(rest)
    return Decimal(plain)


_UNITS_WORDS = (
    "zero",
    "one",
    "two",
    "three",
    "four",
    "five",
    "six",
    "seven",
    "eight",
    "nine",
    "ten",
    "eleven",
    "twelve",
    "thirteen",
    "fourteen",
    "fifteen",
    "sixteen",
    "seventeen",
    "eighteen",
    "nineteen",
)
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORD_VALUES = {w: i for i, w in enumerate(_UNITS_WORDS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)
}
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TENS_WORDS)})(?:[- ]({'|'.join(_UNITS_WORDS[1:10])}))?"
    rf"|({'|'.join(_UNITS_WORDS)}))\b",
    re.IGNORECASE,
)


class Figure(NamedTuple):
    """A value string split into its number (digits kept) and unit text."""

    number: Decimal
    digits: str
    unit_text: str

    @property
    def step(self) -> Decimal:
        """One unit in the last significant printed place.

        Decimals are all significant; trailing zeros of a whole number are not
        (``17,000`` is rounded to the thousand)."""
        if "." in self.digits:
            return Decimal(1).scaleb(-len(self.digits.split(".")[1]))
        whole = self.digits.lstrip("+-")
        zeros = len(whole) - len(whole.rstrip("0"))
        return Decimal(1).scaleb(zeros if zeros < len(whole) else 0)


# A currency written before the number: $6.1 trillion, US$ 210 billion,
# HK$3 billion, €5 billion, RMB 1.53 trillion, USD 5 billion.
_CURRENCY_FIRST = re.compile(r"\s*(US\$|HK\$|\$|€|£|¥|RMB|[A-Z]{3}(?=\s))\s*(?=[+-]?\d)")
_CURRENCY_SIGNS = {"US$": "USD", "$": "USD", "HK$": "HKD", "€": "EUR", "£": "GBP", "RMB": "CNY"}


def parse_figure(text: str) -> Figure:
    """Split ``1.53 trillion CNY`` into 1.53 and ``trillion CNY``; a currency
    written first (``$6.1 trillion``) goes after the scale word."""
    if len(text) > MAX_VALUE_LENGTH:
        raise UnitError(f"value is longer than {MAX_VALUE_LENGTH} characters")
    first = _CURRENCY_FIRST.match(text)
    if first:
        sign = first.group(1)
        if sign == "¥":
            raise UnitError("'¥' is both yuan and yen: write CNY or JPY")
        figure = parse_figure(text[first.end() :])
        code = _CURRENCY_SIGNS.get(sign, sign)
        return Figure(figure.number, figure.digits, f"{figure.unit_text} {code}".strip())
    match = _VALUE.fullmatch(text)
    if match is None:
        raise UnitError(
            f"value {text!r} is not a number followed by a unit, like '1.53 trillion CNY'"
        )
    digits = match.group(1).replace(",", "")
    if sum(c.isdigit() for c in digits) > MAX_DIGITS:
        raise UnitError(f"value {text!r} has more than {MAX_DIGITS} digits")
    try:
        number = Decimal(digits)
    except InvalidOperation:  # pragma: no cover - the pattern admits only numbers
        raise UnitError(f"value {text!r} is not a number") from None
    return Figure(number, digits.lstrip("+"), match.group(2).strip())


def implied_interval(
    number: Decimal,
    step: Decimal,
    bound: Bound,
    rounding: str,
    tolerance: Decimal = Decimal(0),
) -> Interval:
    """The interval of true values that a printed number stands for.

    ``step`` is one unit in the last place; ``rounding`` says how the source
    rounded (``half-up`` gives a closed interval, so that sources rounding half
    to even are covered as well); ``tolerance`` widens the finite ends."""
    if bound is Bound.ABOVE:
        return Interval(DOWN.subtract(number, tolerance), INF, True, True)
    if bound is Bound.AT_LEAST:
        return Interval(DOWN.subtract(number, tolerance), INF, False, True)
    if bound is Bound.BELOW:
        return Interval(-INF, UP.add(number, tolerance), True, True)
    if bound is Bound.AT_MOST:
        return Interval(-INF, UP.add(number, tolerance), True, False)
    if bound is Bound.EXACT or rounding == "exact":
        lo, hi, lo_open, hi_open = number, number, False, False
    elif rounding == "down":  # truncated: the true value is at or above it
        lo, hi, lo_open, hi_open = number, UP.add(number, step), False, True
    elif rounding == "up":
        lo, hi, lo_open, hi_open = DOWN.subtract(number, step), number, True, False
    else:
        half = UP.divide(step, 2)
        lo, hi, lo_open, hi_open = DOWN.subtract(number, half), UP.add(number, half), False, False
    if bound is Bound.NEARLY:  # "nearly 4,000": at most 4,000, and rounds to it
        hi, hi_open = number, False
    if tolerance:
        lo, hi, lo_open, hi_open = (
            DOWN.subtract(lo, tolerance),
            UP.add(hi, tolerance),
            False,
            False,
        )
    return Interval(lo, hi, lo_open, hi_open)


def _digit_numbers(text: str) -> Iterator[Decimal]:
    for match in _PRINTED_NUMBER.finditer(text):
        yield _printed_number(match.group(0))


def _word_numbers(text: str) -> Iterator[Decimal]:
    for match in _NUMBER_WORD.finditer(text):
        tens, unit, single = match.groups()
        if single:
            yield Decimal(WORD_VALUES[single.lower()])
        else:
            yield Decimal(WORD_VALUES[tens.lower()] + (WORD_VALUES[unit.lower()] if unit else 0))


_CHINESE_DIGITS = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"两": 2}
_CHINESE_UNITS = {"十": 10, "百": 100, "千": 1000}
_CHINESE_NUMBER = re.compile(r"[零一二三四五六七八九两十百千]+")


def chinese_number(text: str) -> int | None:
    """A whole number written in Chinese numerals below 10,000 (十 10,
    十五 15, 二十一 21, 三百 300), or None."""
    total, digit = 0, None
    for char in text:
        if char in _CHINESE_DIGITS:
            if digit is not None:
                return None  # two digits in a row: not a number as written in prose
            digit = _CHINESE_DIGITS[char]
        elif char in _CHINESE_UNITS:
            total += (1 if digit is None else digit) * _CHINESE_UNITS[char]
            digit = None
        else:
            return None
    return total + (digit or 0) if text else None


def _chinese_numbers(text: str) -> Iterator[Decimal]:
    for match in _CHINESE_NUMBER.finditer(text):
        value = chinese_number(match.group(0))
        if value is not None:
            yield Decimal(value)


def matches_printed(figure: Figure, printed: str) -> bool:
    """Whether the printed phrase states the figure's number with its digits
    (``1.53`` matches ``1.53`` but not ``1.530`` or ``1.5``)."""
    wanted = figure.number.copy_abs()
    exponent = wanted.as_tuple().exponent
    # Digits first: number words are rarer and their pattern is slower.
    return any(
        n == wanted and n.as_tuple().exponent == exponent
        for n in chain(_digit_numbers(printed), _word_numbers(printed), _chinese_numbers(printed))
    ) or (figure.unit_text.strip() == "%" and _percent_word(printed) == wanted)


def fraction_percent(numerator: int, denominator: int) -> Decimal:
    """A fraction in percent, to the tenth a news figure is read to: a third
    is 33.3, two-thirds 66.7, a quarter 25."""
    return (Decimal(100 * numerator) / denominator).quantize(Decimal("0.1")).normalize()


_NUMERATORS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4}
_DENOMINATORS = {"third": 3, "quarter": 4, "fifth": 5, "tenth": 10}
# A fraction written in words: "a third", "two-thirds", "three quarters";
# in Chinese, 三分之一 (the denominator first).
FRACTION_WORDS = re.compile(
    r"\b(?P<n>a|one|two|three|four)[\s-](?P<d>third|quarter|fifth|tenth)s?\b"
    r"|(?P<cd>[二三四五十])分之(?P<cn>[一二三四])",
    re.IGNORECASE,
)


def fraction_of(match: re.Match[str]) -> Decimal:
    """The percent a FRACTION_WORDS match states."""
    if match.group("cd"):
        return fraction_percent(
            chinese_number(match.group("cn")) or 0, chinese_number(match.group("cd")) or 1
        )
    numerator = _NUMERATORS[match.group("n").lower()]
    return fraction_percent(numerator, _DENOMINATORS[match.group("d").lower()])


def _percent_word(printed: str) -> Decimal | None:
    """A share printed as a word, in percent: ``half`` 50, ``一半`` 50,
    ``two-thirds`` 66.7, ``三分之一`` 33.3, ``四成`` 40, ``1.5成`` 15 (成 is
    a tenth)."""
    if re.search(r"\bhalf\b|一半", printed, re.IGNORECASE):
        return Decimal(50)
    fraction = FRACTION_WORDS.search(printed)
    if fraction is not None:
        return fraction_of(fraction)
    tenths = re.search(r"(\d[\d,]*(?:\.\d+)?|[一二三四五六七八九])成", printed)
    if tenths is None:
        return None
    count = tenths.group(1)
    if count[0].isdigit():
        return Decimal(count.replace(",", "")) * 10
    return Decimal(chinese_number(count) or 0) * 10


SCALE_WORDS = {
    "thousand": 3,
    "million": 6,
    "billion": 9,
    "trillion": 12,
    "万": 4,
    "亿": 8,
    "万亿": 12,
    "萬": 4,  # the traditional characters, as Hong Kong and Taiwan print them
    "億": 8,
    "萬億": 12,
    "兆": 12,  # before a currency (5.75兆元), as Taiwan and Japan print 10^12
    "lakh": 5,  # Indian English
    "crore": 7,
    "lakh crore": 12,
}
_SCALE_AFTER = re.compile(
    r"[\s-]*(thousand|million|billion|trillion|lakh crore|lakh|crore|万亿|万|亿|萬億|萬|億|"
    r"兆(?=[元圓]|美元))",
    re.IGNORECASE,
)


@functools.cache
def cjk() -> re.Pattern[str]:
    """A Chinese character (the unified ideographs): what tells Chinese
    text. Compiled on first use: the class takes 2 ms to build, and
    checking a fact base never needs it."""
    return re.compile(r"[\u4e00-\u9fff]")


_ANY_SCALE = re.compile(
    r"thousand|million|billion|trillion|lakh|crore|万|亿|萬|億|兆(?=[元圓]|美元)", re.IGNORECASE
)
# How a printed phrase names a currency: one group per code. The
# lookahead lets the scan skip, at one test, every place no alternative can
# start at (a sign, or a word's first letter): with it a phrase is read
# three to five times faster, and tests/test_figures.py holds that it finds
# the same as the bare alternatives.
_CURRENCY_START = r"(?=[$₹€£美元円]|\b[hacsbrmiudyegpj]|hk\$|us\$)"
_CURRENCY_ALTERNATIVES = (
    r"(?P<HKD>HK\$|\bHong Kong dollars?\b|\bHKD\b)"
    r"|(?P<AUD>\bAU?\$|\$A(?=\d)|\bAustralian dollars?\b|\bAUD\b)"
    r"|(?P<CAD>\bC\$|\bCanadian dollars?\b|\bCAD\b)|(?P<SGD>\bS\$|\bSGD\b)"
    r"|(?P<BRL>\bR ?\$|\bBRL\b)|(?P<MYR>\bRM(?=\s?\d)|\bringgit\b|\bMYR\b)"
    r"|(?P<INR>₹|\bRs\b|\brupees?\b|\bINR\b)"
    r"|(?P<USD>(?<![A-Za-z])\$(?!A\d)|US\$|\bdollars?\b|\bUSD\b|美元)"
    r"|(?P<CNY>\byuan\b|\bRMB\b|(?<!美)元|\bCNY\b)"
    r"|(?P<EUR>€|\beuros?\b|\bEUR\b)|(?P<GBP>£|\bpounds? sterling\b|\bGBP\b)"
    r"|(?P<JPY>\byen\b|円|\bJPY\b)"
)
_CURRENCY = re.compile(f"{_CURRENCY_START}(?:{_CURRENCY_ALTERNATIVES})", re.IGNORECASE)
# "$34.0 billion" in a Statistics Canada release is Canadian dollars: a bare
# dollar is any country's dollar (as ¥ is the yuan or the yen).
_ANY_DOLLAR = re.compile(r"(?<![A-Za-z$])\$(?!A\d)|\bdollars?\b", re.IGNORECASE)
_US_DOLLAR = re.compile(r"US\s?\$|\$US|\bUSD\b|\bU\.?S\.? dollars?\b|美元", re.IGNORECASE)
_DOLLAR_CODES = frozenset({"USD", "CAD", "AUD", "NZD", "SGD", "HKD", "TWD"})
_BARE_YUAN = re.compile(r"(?<![美港澳台臺币幣])元")
_YUAN_CODES = frozenset({"CNY", "TWD", "HKD", "MOP"})
_CURRENCY_CODES = frozenset(_CURRENCY.groupindex)


def _currencies_printed(printed: str, in_value: frozenset[str]) -> set[str]:
    """The currencies a printed phrase names: by sign or word, or by the
    ISO code of the value's own currency written out."""
    found = {str(match.lastgroup) for match in _CURRENCY.finditer(printed)}
    if "¥" in printed:
        found |= {"CNY", "JPY"}
    if _ANY_DOLLAR.search(printed) and not _US_DOLLAR.search(printed):
        found |= _DOLLAR_CODES  # a bare "$" or "dollars": the article says whose
    if _BARE_YUAN.search(printed):
        found |= _YUAN_CODES  # a bare 元: the yuan, or Macau's, Taiwan's, Hong Kong's
    found |= {code for code in in_value if re.search(rf"\b{code}\b", printed)}
    if not found:  # another ISO code written out ("6.1 trillion INR")
        found = {w for w in re.findall(r"\b[A-Z]{3}\b", printed) if is_currency_code(w)}
    return found


def printed_scale(figure: Figure, printed: str) -> str | None:
    """The scale word the printed phrase puts right after the figure's
    number (``1.53 trillion``, ``100-billion-yuan``, ``1.53万亿``), if any."""
    wanted = figure.number.copy_abs()
    for match in _PRINTED_NUMBER.finditer(printed):
        number = _printed_number(match.group(0))
        if number == wanted and number.as_tuple().exponent == wanted.as_tuple().exponent:
            scale = _SCALE_AFTER.match(printed, match.end())
            if scale:
                return scale.group(1).lower()
    return None


def figure_value(entry: Claim | Reference, units: Units) -> tuple[Value, Unit]:
    """The interval a claim or reference stands for, and its unit as written.

    Errors name the field at fault in ``entry`` (``value``, ``precision``, ...);
    the compile step places them in the file."""
    if entry.value is None:  # an unconfirmed reference that has no figure at all
        assert isinstance(entry, Reference) and entry.unit is not None
        unit = _field("unit", units.parse, entry.unit)
        return Value(unit.root, None, f"no confirmed figure ({entry.note})"), unit
    figure = _field("value", parse_figure, entry.value)
    unit = _field("value", units.parse, figure.unit_text)
    _in_range(figure.number, unit.factor, entry.value, "value")
    bound = Bound.ROUNDED
    if isinstance(entry, Claim):
        _matches_claim(entry, figure)
        _same_scale_and_currency(entry.printed, figure, unit)
        bound = QUALIFIERS[entry.qualifier]
    rounding = entry.rounding or ("exact" if _is_stated_count(entry, unit) else "half-up")
    step = _in_units_of(unit, entry.precision, units, "precision") or figure.step
    tolerance = _in_units_of(unit, getattr(entry, "tolerance", None), units, "tolerance")
    try:
        interval = implied_interval(figure.number, step, bound, rounding, tolerance or Decimal(0))
        scaled = interval.scale(unit.factor)
    except (Overflow, Underflow):  # a bound beyond the range, widened by the precision
        raise RangeError(f"{entry.value!r} with its precision is {BEYOND}", entry="value") from None
    if isinstance(entry, Reference) and entry.status == "unconfirmed":
        return Value(unit.root, None, f"unconfirmed ({entry.note})"), unit
    # A bound ("over 17,000") has no printed point, nor has the range of a
    # period's rates (its midpoint is no rate of it); a rounded figure has.
    ranged = isinstance(entry, Reference) and entry.statistic == "range"
    point = (
        POINT.multiply(figure.number, unit.factor)
        if bound in (Bound.ROUNDED, Bound.EXACT) and not ranged
        else None
    )
    return Value(unit.root, scaled, point=point), unit


def literal_value(text: str, units: Units) -> Value:
    """A number with a unit written in a formula or a check side, read like
    a printed figure: ``7.08 CNY / USD`` is [7.075, 7.085]; a count is exact."""
    figure = parse_figure(text)
    unit = units.parse(figure.unit_text)
    _in_range(figure.number, unit.factor, text, "")
    exact = dict(unit.root) == {"count": 1}
    interval = implied_interval(
        figure.number, figure.step, Bound.ROUNDED, "exact" if exact else "half-up"
    )
    point = POINT.multiply(figure.number, unit.factor)
    return Value(unit.root, interval.scale(unit.factor), point=point)


T = TypeVar("T")


def _field(name: str, parse: Callable[[str], T], text: str) -> T:
    """``parse(text)``, with an error naming the field it came from."""
    try:
        return parse(text)
    except CniiError as error:
        raise type(error)(error.message, entry=name) from None


def _in_range(number: Decimal, factor: Decimal, text: str, name: str) -> None:
    if not in_range(number, factor):
        raise RangeError(f"{text!r} is {BEYOND}", entry=name)


def _is_stated_count(entry: Claim | Reference, unit: Unit) -> bool:
    """Counts stated plainly ("41 sectors") are exact; "about 17,000" is
    not, nor is one with a scale word ("1.4 billion people", "7.54亿户"):
    nobody counts a billion to the last one."""
    qualifier = entry.qualifier if isinstance(entry, Claim) else ""
    return qualifier == "" and dict(unit.root) == {"count": 1} and unit.factor == 1


def _matches_claim(claim: Claim, figure: Figure) -> None:
    """A claim's value must be what its printed figure says (a transcription
    check): the same number with the same digits, or the count of its items."""
    if claim.items is None:
        if not matches_printed(figure, claim.printed):
            raise UnitError(
                f"the number {figure.digits} does not occur in the printed "
                f"figure {claim.printed!r}",
                entry="value",
            )
        return
    for item in claim.items:
        if item not in claim.printed:
            raise UnitError(f"item {item!r} does not occur in the printed figure", entry="items")
    if figure.number != len(claim.items):
        raise UnitError(
            f"the value counts {figure.digits}, but {len(claim.items)} items are listed",
            entry="value",
        )


def _same_scale_and_currency(printed: str, figure: Figure, unit: Unit) -> None:
    """A transcription check beyond the digits: the scale word printed after
    the number, and the currency the phrase names, are the value's."""
    if _ANY_SCALE.search(printed):
        said = printed_scale(figure, printed)
        words = [w.lower() for w in normalize(figure.unit_text).split()]
        leading = list(takewhile(lambda w: w in SCALE_WORDS, words))  # "lakh crore"
        value_scale = " ".join(leading) or None
        if said is not None and SCALE_WORDS[said] != sum(SCALE_WORDS[w] for w in leading):
            raise UnitError(
                f"the printed figure says {said}, the value {value_scale or 'no scale word'}",
                entry="value",
            )
    in_value = _currencies_of(unit.root)
    currencies = _currencies_printed(printed, in_value) if in_value else set()
    if currencies and not in_value & currencies:
        if currencies >= _DOLLAR_CODES:  # a bare dollar: named as the US dollar
            currencies -= _DOLLAR_CODES - {"USD"}
        if currencies >= _YUAN_CODES:  # a bare 元: named as the yuan
            currencies -= _YUAN_CODES - {"CNY"}
        raise UnitError(
            f"the printed figure is in {', '.join(sorted(currencies))}, the "
            f"value in {', '.join(sorted(in_value))}",
            entry="value",
        )


@functools.lru_cache(maxsize=1024)  # a fact base uses few units
def _currencies_of(root: UnitsContainer) -> frozenset[str]:
    """The currencies a value's root units hold."""
    return frozenset(
        str(name)
        for name in root
        if name in _CURRENCY_CODES or (re.fullmatch("[A-Z]{3}", name) and is_currency_code(name))
    )


def _in_units_of(unit: Unit, text: str | None, units: Units, name: str) -> Decimal | None:
    """A precision or tolerance, expressed in the scale of the entry's value."""
    if text is None:
        return None
    figure = _field(name, parse_figure, text)
    other = _field(name, units.parse, figure.unit_text)
    _in_range(figure.number, other.factor, text, name)
    if other.root != unit.root:
        raise DimensionError(
            f"{text!r} is not in the dimension of the value ({units_name(unit.root)})",
            entry=name,
        )
    if figure.number < 0 or (name == "precision" and figure.number == 0):
        wanted = "positive" if name == "precision" else "zero or more"
        raise SchemaError(f"{text!r}: a {name} must be {wanted}", entry=name)
    return UP.divide(UP.multiply(figure.number, other.factor), unit.factor)
