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
from decimal import Context, Decimal, DivisionByZero, InvalidOperation, Overflow
from typing import TYPE_CHECKING

from cnii.errors import DimensionError
from cnii.frozen import frozen
from cnii.interval import MAX_DECIMAL_EXPONENT, Interval, Undefined, real_power
from cnii.units import units_name
from cnii.value import Value

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


def total(*args: Value) -> Value:
    """The sum of its arguments, all of one dimension."""
    result = args[0]
    for other in args[1:]:
        _same_unit("add", result, other)
        result = add(result, other)
    return result


def mean(*args: Value) -> Value:
    """The arithmetic mean of its arguments, all of one dimension."""
    return divide(total(*args), _number(len(args)))


def cagr(first: Value, last: Value, years: Value) -> Value:
    """Compound annual growth rate: (last / first) ** (1 / years) - 1."""
    _same_unit("compute growth between", first, last)
    span = _years(years)
    return subtract(_real_power(divide(last, first), divide(_one(), span)), _one())


def compound(value: Value, rate: Value, years: Value) -> Value:
    """A value grown at a rate for some years: value * (1 + rate) ** years."""
    _dimensionless("the rate", rate)
    return multiply(value, _real_power(add(_one(), rate), _years(years)))


def pp_change(new: Value, old: Value) -> Value:
    """The change from one share to another in percentage points."""
    _dimensionless("a share", new)
    _dimensionless("a share", old)
    difference = multiply(subtract(new, old), _number(100))
    unit = _container({"percentage_point": 1})
    return Value(unit, difference.interval, difference.missing, difference.point)


def root(x: Value, n: Value) -> Value:
    """The n-th root of a value that cannot be negative, for a whole n."""
    assert n.point is not None  # the parser admits only a whole number here
    whole = int(n.point)
    # pint types a container's powers loosely; in root units they are integers
    powers = {name: int(power) for name, power in x.unit.items()}  # type: ignore[arg-type]
    if any(power % whole for power in powers.values()):
        raise DimensionError(f"{units_name(x.unit)} has no {_ordinal(whole)} root")
    unit = _container({name: power // whole for name, power in powers.items()})
    reciprocal = divide(_one(), _number(whole))
    result = _real_power(Value(_container({}), x.interval, x.missing, x.point), reciprocal)
    return Value(unit, result.interval, result.missing, result.point)


def _ordinal(n: int) -> str:
    return {2: "square", 3: "cube"}.get(n, f"{n}th")


def _years(years: Value) -> Value:
    """A number of years: a pure number, or a count."""
    if years.unit and dict(years.unit) != {"count": 1}:
        raise DimensionError(
            f"a number of years must be a pure number or a count, not {units_name(years.unit)}"
        )
    return Value(_container({}), years.interval, years.missing, years.point)


def _real_power(base: Value, exponent: Value) -> Value:
    """base ** exponent for a real exponent: both pure numbers."""
    _dimensionless("a base raised to a fractional power", base)
    return _combine(base.unit, (base, exponent), real_power, _FINE_POWER.power)


def _number(n: int) -> Value:
    return Value(_container({}), Interval.point(Decimal(n)), point=Decimal(n))


@functools.lru_cache(maxsize=64)
def _cached_container(powers: tuple[tuple[str, int], ...]) -> UnitsContainer:
    from pint.util import UnitsContainer

    return UnitsContainer(dict(powers))


def _container(powers: dict[str, int]) -> UnitsContainer:
    return _cached_container(tuple(sorted(powers.items())))


_FINE_POWER = Context(prec=40, traps=[InvalidOperation, DivisionByZero, Overflow])


def _one() -> Value:
    from pint.util import UnitsContainer

    return Value(UnitsContainer(), Interval.point(Decimal(1)))


@frozen
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
        _function("sum", total, 1, 64),
        _function("mean", mean, 1, 64),
        _function("cagr", cagr, 3, 3),
        _function("compound", compound, 3, 3),
        _function("pp_change", pp_change, 2, 2),
        _function("root", root, 2, 2),
    )
}

__all__ = ["FUNCTIONS", "Undefined", "Value"]
