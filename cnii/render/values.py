"""Numbers and intervals as text and JSON: enough digits to show an
interval's width, bounds rounded outwards, units as written."""

from __future__ import annotations

import math
from decimal import ROUND_CEILING, ROUND_FLOOR, Context, Decimal
from typing import TYPE_CHECKING, Any

from cnii.interval import DOWN, UP, Interval

if TYPE_CHECKING:
    from cnii.units import Unit
    from cnii.value import Value


def scaled(interval: Interval, unit: Unit) -> tuple[Decimal, Decimal]:
    """An interval's bounds in ``unit`` rather than root units, rounded outwards."""
    return DOWN.divide(interval.lo, unit.factor), UP.divide(interval.hi, unit.factor)


def format_value(value: Value, unit: Unit) -> str:
    """``1.525 to 1.535 trillion CNY``, ``over 17,000 projects``, ``41 sectors``;
    ``unknown`` where the value cannot be known (the reason is given apart)."""
    if value.interval is None:
        return "unknown"
    return _format(value.interval, *scaled(value.interval, unit), unit)


def format_needed(interval: Interval, unit: Unit) -> str:
    """A range that a value must lie in, rounded inwards: at the precision
    shown, every value inside it holds and every value outside fails (an
    outward rounding would show values that fail as inside). More decimals
    where fewer would leave nothing inside."""
    lo, hi = UP.divide(interval.lo, unit.factor), DOWN.divide(interval.hi, unit.factor)
    return _format(interval, lo, hi, unit, inward=True)


def _format(interval: Interval, lo: Decimal, hi: Decimal, unit: Unit, inward: bool = False) -> str:
    suffix = f" {unit.text}" if unit.text else ""
    if lo == hi:
        return plain(lo) + suffix
    down, up = (ROUND_CEILING, ROUND_FLOOR) if inward else (ROUND_FLOOR, ROUND_CEILING)
    decimals = _decimals(lo, hi)
    while (
        inward
        and decimals < 30
        and lo.is_finite()
        and hi.is_finite()
        and (
            Decimal(_fixed(lo, decimals, down).replace(",", ""))
            > Decimal(_fixed(hi, decimals, up).replace(",", ""))
        )
    ):
        decimals += 1
    low = "-inf" if lo.is_infinite() else _fixed(lo, decimals, down)
    high = "inf" if hi.is_infinite() else _fixed(hi, decimals, up)
    low, high = _trim_zeros(low, high)
    if low == "-inf" and high == "inf":
        return f"any value in {unit.text}" if unit.text else "any value"
    return _in_words(low, interval.lo_open, high, interval.hi_open) + suffix


def _in_words(low: str, lo_open: bool, high: str, hi_open: bool) -> str:
    """An interval as words that cannot be read as more numbers than two
    (``[1,525, 1,535]`` reads as four): ``1,525 to 1,535``, ``over 4,000``,
    ``at most 5``, ``3,000 to under 4,000``."""
    if high == "inf":
        return f"{'over' if lo_open else 'at least'} {low}"
    if low == "-inf":
        return f"{'under' if hi_open else 'at most'} {high}"
    return f"{'over ' if lo_open else ''}{low} to {'under ' if hi_open else ''}{high}"


def _trim_zeros(low: str, high: str) -> tuple[str, str]:
    """Two bounds without the trailing zeros they share, so that one interval
    prints the same wherever its width falls a hair short of a power of ten:
    ``[121.020650, 121.020750]`` is ``[121.02065, 121.02075]``. Both keep
    the same number of decimals."""
    if "." in low and "." in high and "e" not in low + high:  # two finite fixed bounds
        strip = min(
            len(low) - len(low.rstrip("0")),
            len(high) - len(high.rstrip("0")),
            len(low) - low.index(".") - 1,
            len(high) - high.index(".") - 1,
        )
        if not strip:
            return low, high
        return low[:-strip].removesuffix("."), high[:-strip].removesuffix(".")
    bounds = [b for b in (low, high) if "." in b and "e" not in b]
    if not bounds or len(bounds) != sum(b not in ("-inf", "inf") for b in (low, high)):
        return low, high
    strip = min(len(b) - len(b.rstrip("0")) for b in bounds)
    strip = min(strip, *(len(b.partition(".")[2]) for b in bounds))
    if not strip:
        return low, high

    def cut(bound: str) -> str:
        if bound not in bounds:
            return bound
        bound = bound[:-strip]
        return bound.removesuffix(".")

    return cut(low), cut(high)


def _decimals(lo: Decimal, hi: Decimal) -> int:
    """Enough decimals to show the width of the interval, at least three and
    at most twelve significant digits."""
    if lo.is_finite() and hi.is_finite():
        top = max(lo.copy_abs(), hi.copy_abs())
        place = (hi - lo).adjusted() - 1
        if top:
            place = max(min(place, top.adjusted() - 2), top.adjusted() - 11)
        return max(0, -place)
    finite = [b for b in (lo, hi) if b.is_finite()]
    if not finite:  # (-inf, inf): nothing to show digits of
        return 0
    if len(finite) == 1:  # a bound such as "over 17,000": shown as printed
        exponent = finite[0].normalize().as_tuple().exponent
        assert isinstance(exponent, int)  # a finite number's exponent is a whole number
        return max(0, -exponent)
    top = max(b.copy_abs() for b in finite)
    place = (hi - lo).adjusted() - 1
    if top:
        place = max(min(place, top.adjusted() - 2), top.adjusted() - 11)
    return max(0, -place)


def _fixed(x: Decimal, decimals: int, rounding: str) -> str:
    """x with the given decimals, rounded in the given direction; numbers
    too large or too small for a fixed layout in scientific notation."""
    if _scientific(x):
        return f"{Context(prec=4, rounding=rounding).plus(x):e}"
    exponent = _QUANTA[decimals] if decimals < len(_QUANTA) else Decimal(1).scaleb(-decimals)
    return f"{x.quantize(exponent, rounding=rounding, context=_WIDE):,f}"


_QUANTA = tuple(Decimal(1).scaleb(-decimals) for decimals in range(32))


def plain(x: Decimal) -> str:
    """A point value with at most twelve significant digits."""
    x = Context(prec=12).plus(x).normalize()
    return f"{x:e}" if _scientific(x) else f"{x:,f}"


def _scientific(x: Decimal) -> bool:
    return bool(x) and not -7 < x.adjusted() < 16


_WIDE = Context(prec=60)


def approx(x: Decimal, digits: int = 4) -> str:
    """About four significant digits: for what printed figures give."""
    x = Context(prec=digits).plus(x).normalize()
    return f"{x:e}" if _scientific(x) else f"{x:,f}"


def distinct(a: Decimal, b: Decimal, *, printed: bool = False) -> tuple[str, str]:
    """a and b with four significant digits, or as many more as it takes for
    two numbers that differ never to print the same; with ``printed``, a
    figure as printed keeps every digit (see as_printed)."""
    for digits in range(4, 41):
        shown = tuple(plain(x) if printed and _is_printed(x) else approx(x, digits) for x in (a, b))
        if shown[0] != shown[1] or a == b:
            return shown[0], shown[1]
    return shown[0], shown[1]


def _is_printed(x: Decimal) -> bool:
    return x.is_finite() and len(x.normalize().as_tuple().digits) <= _PRINTED_DIGITS


def format_point(value: Value, unit: Unit) -> str | None:
    """The value the printed figures themselves give, about four significant
    digits, in ``unit``; None where a figure is only a bound."""
    if value.point is None:
        return None
    suffix = f" {unit.text}" if unit.text else ""
    return as_printed(value.point / unit.factor) + suffix


# A number of at most this many significant digits is shown whole: it is a
# figure as printed (4217.6, never 4,218), not the quotient of a derivation.
_PRINTED_DIGITS = 8


def as_printed(x: Decimal) -> str:
    """A figure with every digit it was printed with, a computed value with
    about four significant digits."""
    return plain(x) if _is_printed(x) else approx(x)


def value_json(value: Value, unit: Unit, expression: str | None = None) -> dict[str, Any]:
    document: dict[str, Any] = {} if expression is None else {"expression": expression}
    document["unit"] = unit.text
    if value.interval is None:
        document.update(text=format_value(value, unit), interval=None, missing=value.missing)
        return document
    lo, hi = scaled(value.interval, unit)
    document["text"] = _format(value.interval, lo, hi, unit)
    document["interval"] = {
        "low": json_number(lo, down=True),
        "high": json_number(hi, down=False),
        "low_open": value.interval.lo_open,
        "high_open": value.interval.hi_open,
    }
    return document


def json_number(x: Decimal | None, down: bool | None = None) -> float | None:
    """A JSON number; infinite bounds are null. A bound is rounded outwards
    (``down`` for a lower bound) so the float interval still encloses."""
    if x is None or x.is_infinite():
        return None
    number = float(x)
    exact = Decimal(number)
    if down is not None and exact != x and (exact > x) == down:
        number = math.nextafter(number, -math.inf if down else math.inf)
    return number
