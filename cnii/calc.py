"""The calculator: quantities with units and intervals, and the named
operations that formulas may call (share, implied total, prior year, ...).

Every operation checks dimensions (an error in the fact base) before it looks
at numbers. A value whose interval is unknown (an unconfirmed reference, a
division by an interval that may be zero) still carries its unit, so unit
errors are found even where the numbers are not.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import TYPE_CHECKING

from cnii.errors import DimensionError
from cnii.interval import MAX_DECIMAL_EXPONENT, Interval, Undefined
from cnii.units import units_name

if TYPE_CHECKING:
    from pint.util import UnitsContainer


TOO_LARGE = f"too large to represent (1e{MAX_DECIMAL_EXPONENT + 1} or more)"
# Points only tell whether a check holds without rounding: nearest is right.
POINT = Context(
    prec=40,
    Emax=MAX_DECIMAL_EXPONENT,
    Emin=-MAX_DECIMAL_EXPONENT,
    traps=[InvalidOperation, DivisionByZero, Overflow],
)


@dataclass(frozen=True, slots=True)
class Value:
    """A quantity in root units. ``interval`` is None when it cannot be known,
    and ``missing`` then says why. ``point`` is the value computed from the
    printed figures themselves (None where a figure is only a bound, such as
    "over 17,000"): a check that holds for the intervals but not for the
    points holds only through rounding."""

    unit: UnitsContainer
    interval: Interval | None
    missing: str | None = None
    point: Decimal | None = None


# pint's unit arithmetic is pure Python (about 5 µs an operation), and a fact
# base repeats the same few units: each product, quotient and power is
# computed once. The containers are immutable and hashable.
@functools.lru_cache(maxsize=4096)
def _times(a: UnitsContainer, b: UnitsContainer) -> UnitsContainer:
    product: UnitsContainer = a * b
    return product


@functools.lru_cache(maxsize=4096)
def _over(a: UnitsContainer, b: UnitsContainer) -> UnitsContainer:
    quotient: UnitsContainer = a / b
    return quotient


@functools.lru_cache(maxsize=4096)
def _to_the(a: UnitsContainer, n: int) -> UnitsContainer:
    power: UnitsContainer = a**n
    return power


def _same_unit(what: str, a: Value, b: Value) -> None:
    if a.unit is not b.unit and a.unit != b.unit:
        raise DimensionError(f"cannot {what} {units_name(a.unit)} and {units_name(b.unit)}")


def _dimensionless(what: str, a: Value) -> None:
    if a.unit:
        raise DimensionError(f"{what} must be a pure number or share, not {units_name(a.unit)}")


def _combine(
    unit: UnitsContainer,
    args: Sequence[Value],
    op: Callable[..., Interval],
    point_op: Callable[..., Decimal],
) -> Value:
    intervals = []
    for arg in args:
        if arg.interval is None:
            return Value(unit, None, arg.missing)
        intervals.append(arg.interval)
    try:
        interval = op(*intervals)
    except Undefined as error:
        return Value(unit, None, str(error))
    except Overflow:  # unknown, not infinite: the check that needs it is unverifiable
        return Value(unit, None, f"the result is {TOO_LARGE}")
    return Value(unit, interval, point=_point(args, point_op))


def _point(args: Sequence[Value], point_op: Callable[..., Decimal]) -> Decimal | None:
    """The operation on the printed points, to the nearest at 40 digits."""
    points = [arg.point for arg in args]
    if any(p is None for p in points):
        return None
    try:
        return point_op(*points)
    except (DivisionByZero, InvalidOperation, Overflow):
        return None


def add(a: Value, b: Value) -> Value:
    _same_unit("add", a, b)
    return _combine(a.unit, (a, b), Interval.__add__, POINT.add)


def subtract(a: Value, b: Value) -> Value:
    _same_unit("subtract", a, b)
    return _combine(a.unit, (a, b), Interval.__sub__, POINT.subtract)


def multiply(a: Value, b: Value) -> Value:
    return _combine(_times(a.unit, b.unit), (a, b), Interval.__mul__, POINT.multiply)


def divide(a: Value, b: Value) -> Value:
    return _combine(_over(a.unit, b.unit), (a, b), Interval.__truediv__, POINT.divide)


def negate(a: Value) -> Value:
    return _combine(a.unit, (a,), Interval.__neg__, Decimal.copy_negate)


def power(a: Value, n: int) -> Value:
    return _combine(_to_the(a.unit, n), (a,), lambda x: x**n, lambda x: POINT.power(x, n))


def minimum(*args: Value) -> Value:
    for other in args[1:]:
        _same_unit("take the minimum of", args[0], other)
    return _combine(args[0].unit, args, lambda *xs: _fold(Interval.minimum, xs), min)


def maximum(*args: Value) -> Value:
    for other in args[1:]:
        _same_unit("take the maximum of", args[0], other)
    return _combine(args[0].unit, args, lambda *xs: _fold(Interval.maximum, xs), max)


def absolute(a: Value) -> Value:
    return _combine(a.unit, (a,), Interval.__abs__, Decimal.copy_abs)


def _fold(op: Callable[[Interval, Interval], Interval], xs: Sequence[Interval]) -> Interval:
    result = xs[0]
    for x in xs[1:]:
        result = op(result, x)
    return result


def share(part: Value, whole: Value) -> Value:
    """part / whole, both of one dimension: the share the part is of the whole."""
    _same_unit("take a share between", part, whole)
    return divide(part, whole)


def implied_total(part: Value, fraction: Value) -> Value:
    """The whole that a part is the given share of: part / share."""
    _dimensionless("the share", fraction)
    return divide(part, fraction)


def prior_year(current: Value, growth: Value) -> Value:
    """The value a year earlier, given the growth rate: current / (1 + growth)."""
    _dimensionless("the growth rate", growth)
    return divide(current, add(_one(), growth))


def growth(current: Value, prior: Value) -> Value:
    """The growth from prior to current: current / prior - 1."""
    _same_unit("compute growth between", current, prior)
    return subtract(divide(current, prior), _one())


def convert(amount: Value, rate: Value) -> Value:
    """An amount in another currency at an explicit rate, dividing or
    multiplying so that the amount's own unit cancels."""
    for candidate in (divide(amount, rate), multiply(amount, rate)):
        if amount.unit and not any(name in candidate.unit for name in amount.unit):
            return candidate
    raise DimensionError(
        f"a rate in {units_name(rate.unit)} cannot convert {units_name(amount.unit)}"
    )


def implied_rate(amount: Value, other: Value) -> Value:
    """The exchange rate that two amounts of one sum imply: amount / other."""
    return divide(amount, other)


def _one() -> Value:
    from pint.util import UnitsContainer

    return Value(UnitsContainer(), Interval.point(Decimal(1)))


@dataclass(frozen=True, slots=True)
class Function:
    name: str
    min_args: int
    max_args: int
    apply: Callable[..., Value]
    doc: str


def _function(
    name: str, apply: Callable[..., Value], min_args: int, max_args: int, doc: str | None = None
) -> Function:
    return Function(
        name, min_args, max_args, apply, doc or (apply.__doc__ or "").strip().splitlines()[0]
    )


FUNCTIONS: dict[str, Function] = {
    f.name: f
    for f in (
        _function("share", share, 2, 2),
        _function("implied_total", implied_total, 2, 2),
        _function("prior_year", prior_year, 2, 2),
        _function("growth", growth, 2, 2),
        _function("convert", convert, 2, 2),
        _function("implied_rate", implied_rate, 2, 2),
        _function("min", minimum, 2, 16, "The smallest of its arguments."),
        _function("max", maximum, 2, 16, "The largest of its arguments."),
        _function("abs", absolute, 1, 1, "The absolute value."),
    )
}

__all__ = ["FUNCTIONS", "Undefined", "Value"]
