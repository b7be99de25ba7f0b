"""Every named calculator operation is sound: for points inside the input
intervals, the exact result lies inside the derived interval."""

from __future__ import annotations

from collections.abc import Callable
from fractions import Fraction

import pytest
from hypothesis import given
from pint.util import UnitsContainer

from cnii.calc import FUNCTIONS, Value
from cnii.interval import Interval
from cnii.units import Units

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
}


def test_every_function_has_a_property_case() -> None:
    assert set(CASES) == set(FUNCTIONS)


@pytest.mark.parametrize("name", sorted(CASES))
@given(a=intervals_with_point(), b=intervals_with_point())
def test_named_operations_are_sound(
    name: str, a: tuple[Interval, Fraction], b: tuple[Interval, Fraction]
) -> None:
    units, exact = CASES[name]
    args = [Value(unit, interval) for unit, (interval, _) in zip(units, (a, b), strict=False)]
    points = [point for _, (_, point) in zip(units, (a, b), strict=False)]
    result = FUNCTIONS[name].apply(*args)
    try:
        expected = exact(*points)
    except ZeroDivisionError:
        assert result.interval is None
        return
    if result.interval is None:  # undefined somewhere in the inputs: must say why
        assert result.missing
        return
    assert contains(result.interval, expected)
