"""Printed figures: the number in a value string, the interval its printed
digits and qualifier imply, and the numbers a printed phrase contains."""

from __future__ import annotations

import enum
import re
from collections.abc import Iterator
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from itertools import chain

from cnii.errors import UnitError
from cnii.interval import DOWN, INF, UP, Interval

MAX_DIGITS = 30
MAX_VALUE_LENGTH = 200
_NUMBER = r"[+-]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?"
_VALUE = re.compile(rf"\s*({_NUMBER})(?:\s+|(?=%)|$)(.*)", re.DOTALL)
_PRINTED_NUMBER = re.compile(r"(?<![\w.])(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?")

_UNITS_WORDS = (
    "zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten",
    "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen",
    "nineteen",
)
_TENS_WORDS = ("twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety")
WORD_VALUES = {w: i for i, w in enumerate(_UNITS_WORDS)} | {
    w: 20 + 10 * i for i, w in enumerate(_TENS_WORDS)}
_NUMBER_WORD = re.compile(
    rf"\b(?:({'|'.join(_TENS_WORDS)})(?:[- ]({'|'.join(_UNITS_WORDS[1:10])}))?"
    rf"|({'|'.join(_UNITS_WORDS)}))\b",
    re.IGNORECASE,
)


class Bound(enum.Enum):
    """What a qualifier says about where the true value lies."""

    ROUNDED = "rounded"
    ABOVE = "above"
    AT_LEAST = "at least"
    BELOW = "below"
    AT_MOST = "at most"
    EXACT = "exact"


QUALIFIERS: dict[str, Bound] = {
    "": Bound.ROUNDED,
    "about": Bound.ROUNDED,
    "approximately": Bound.ROUNDED,
    "around": Bound.ROUNDED,
    "roughly": Bound.ROUNDED,
    "over": Bound.ABOVE,
    "more than": Bound.ABOVE,
    "exceeding": Bound.ABOVE,
    "above": Bound.ABOVE,
    "at least": Bound.AT_LEAST,
    "no less than": Bound.AT_LEAST,
    "under": Bound.BELOW,
    "less than": Bound.BELOW,
    "below": Bound.BELOW,
    "at most": Bound.AT_MOST,
    "no more than": Bound.AT_MOST,
    "up to": Bound.AT_MOST,
    "exactly": Bound.EXACT,
}

ROUNDINGS = ("half-up", "down", "up", "exact")


@dataclass(frozen=True, slots=True)
class Figure:
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


def parse_figure(text: str) -> Figure:
    """Split ``1.53 trillion CNY`` into 1.53 and ``trillion CNY``."""
    if len(text) > MAX_VALUE_LENGTH:
        raise UnitError(f"value is longer than {MAX_VALUE_LENGTH} characters")
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
    number: Decimal, step: Decimal, bound: Bound, rounding: str,
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
    if tolerance:
        lo, hi, lo_open, hi_open = (DOWN.subtract(lo, tolerance), UP.add(hi, tolerance),
                                    False, False)
    return Interval(lo, hi, lo_open, hi_open)


def printed_numbers(text: str) -> list[Decimal]:
    """Every number a printed phrase states, in digits or in words."""
    return [*_digit_numbers(text), *_word_numbers(text)]


def _digit_numbers(text: str) -> Iterator[Decimal]:
    for match in _PRINTED_NUMBER.finditer(text):
        yield Decimal(match.group(0).replace(",", ""))


def _word_numbers(text: str) -> Iterator[Decimal]:
    for match in _NUMBER_WORD.finditer(text):
        tens, unit, single = match.groups()
        if single:
            yield Decimal(WORD_VALUES[single.lower()])
        else:
            yield Decimal(WORD_VALUES[tens.lower()] + (WORD_VALUES[unit.lower()] if unit else 0))


def matches_printed(figure: Figure, printed: str) -> bool:
    """Whether the printed phrase states the figure's number with its digits
    (``1.53`` matches ``1.53`` but not ``1.530`` or ``1.5``)."""
    wanted = figure.number.copy_abs()
    exponent = wanted.as_tuple().exponent
    # Digits first: number words are rarer and their pattern is slower.
    return any(n == wanted and n.as_tuple().exponent == exponent
               for n in chain(_digit_numbers(printed), _word_numbers(printed)))
