"""Every named calculator operation is sound: for points inside the input
intervals, the exact result lies inside the derived interval."""

from __future__ import annotations

from collections.abc import Callable
from decimal import Context, Decimal, DivisionByZero, InvalidOperation
from fractions import Fraction

import pytest
from hypothesis import given
from pint.util import UnitsContainer

from cnii.calc import FUNCTIONS
from cnii.errors import DimensionError
from cnii.interval import Interval
from cnii.units import Units
from cnii.value import Value

from .test_interval import contains, intervals_with_point

UNITS = Units()
CNY = UNITS.parse("CNY").root
USD = UNITS.parse("USD").root
RATE = UNITS.parse("CNY / USD").root
PURE = UNITS.parse("").root

Exact = Callable[..., Fraction]

# name -> (units of the arguments, exact point formula)
CASES: dict[str, tuple[tuple[UnitsContainer, ...], Exact]] = {
    "share": ((CNY, CNY), lambda a, b: a / b),
    "implied_total": ((CNY, PURE), lambda a, b: a / b),
    "prior_year": ((CNY, PURE), lambda a, g: a / (1 + g)),
    "growth": ((CNY, CNY), lambda a, b: a / b - 1),
    "convert": ((CNY, RATE), lambda a, r: a / r),
    "implied_rate": ((CNY, USD), lambda a, b: a / b),
    "min": ((CNY, CNY), min),
    "max": ((CNY, CNY), max),
    "abs": ((CNY,), abs),
    "sum": ((CNY, CNY, CNY), lambda a, b, c: a + b + c),
    "mean": ((CNY, CNY), lambda a, b: (a + b) / 2),
    "pp_change": ((PURE, PURE), lambda a, b: (a - b) * 100),
    "cagr": ((CNY, CNY, PURE), lambda a, b, n: _real_power(b / a, 1 / n) - 1),
    "compound": ((CNY, PURE, PURE), lambda v, r, n: v * _real_power(1 + r, n)),
}


_FINE = Context(prec=90, traps=[InvalidOperation, DivisionByZero])


def _real_power(x: Fraction, y: Fraction) -> Fraction:
    """x ** y to 90 digits (far finer than the 40 digits cnii computes in);
    ValueError where it is not a real number."""
    if x < 0 or (x == 0 and y <= 0):
        raise ValueError("not a real power")
    if x == 0:
        return Fraction(0)

    def decimal(f: Fraction) -> Decimal:
        return _FINE.divide(Decimal(f.numerator), Decimal(f.denominator))

    return Fraction(_FINE.power(decimal(x), decimal(y)))


def test_every_function_has_a_property_case() -> None:
    assert set(CASES) | {"root"} == set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(CASES))
@given(a=intervals_with_point(), b=intervals_with_point(), c=intervals_with_point())
def test_named_operations_are_sound(
    name: str,
    a: tuple[Interval, Fraction],
    b: tuple[Interval, Fraction],
    c: tuple[Interval, Fraction],
) -> None:
    units, exact = CASES[name]
    args = [Value(unit, interval) for unit, (interval, _) in zip(units, (a, b, c), strict=False)]
    points = [point for _, (_, point) in zip(units, (a, b, c), strict=False)]
    result = FUNCTIONS[name].apply(*args)
    try:
        expected = exact(*points)
    except (ZeroDivisionError, ValueError):  # undefined at these points
        assert result.interval is None
        return
    if result.interval is None:  # undefined somewhere in the inputs: must say why
        assert result.missing
        return
    assert contains(result.interval, expected)


@pytest.mark.parametrize("n", [1, 2, 3, 5])
@given(a=intervals_with_point())
def test_root_is_sound(n: int, a: tuple[Interval, Fraction]) -> None:
    interval, point = a
    whole = Value(PURE, Interval.point(Decimal(n)), point=Decimal(n))
    result = FUNCTIONS["root"].apply(Value(PURE, interval), whole)
    if interval.lo < 0:  # a root of what may be negative is not a real number
        assert result.interval is None and result.missing
        return
    assert result.interval is not None
    assert contains(result.interval, _real_power(point, Fraction(1, n)))


def test_root_takes_the_root_of_the_unit() -> None:
    area = Value(UNITS.parse("km**2").root, Interval.point(Decimal(4)))
    two = Value(PURE, Interval.point(Decimal(2)), point=Decimal(2))
    result = FUNCTIONS["root"].apply(area, two)
    assert result.unit == UNITS.parse("m").root
    assert result.interval is not None and result.interval.contains(Decimal(2))
    with pytest.raises(DimensionError, match="has no square root"):
        FUNCTIONS["root"].apply(Value(CNY, Interval.point(Decimal(4))), two)


@pytest.mark.parametrize(
    ("name", "args", "message"),
    [
        ("pp_change", (CNY, PURE), "a share must be a pure number"),
        ("cagr", (CNY, USD, PURE), "cannot compute growth between CNY and USD"),
        ("cagr", (CNY, CNY, CNY), "a number of years must be a pure number or a count"),
        ("compound", (CNY, USD, PURE), "the rate must be a pure number"),
        ("sum", (CNY, USD), "cannot add CNY and USD"),
        ("mean", (CNY, CNY, USD), "cannot add CNY and USD"),
    ],
)
def test_new_functions_check_their_dimensions(
    name: str, args: tuple[UnitsContainer, ...], message: str
) -> None:
    with pytest.raises(DimensionError, match=message):
        FUNCTIONS[name].apply(*(Value(unit, None) for unit in args))


def test_a_percentage_point_change_is_its_own_dimension() -> None:
    new, old = (Value(PURE, Interval.point(Decimal(x))) for x in ("0.054", "0.050"))
    change = FUNCTIONS["pp_change"].apply(new, old)
    assert change.unit == UNITS.parse("percentage points").root != PURE
    assert change.interval == Interval.point(Decimal("0.400"))
