"""Interval arithmetic: exact cases, and the soundness property for every
operation (for points inside the operands, the exact result is inside)."""

from __future__ import annotations

from decimal import Decimal as D
from fractions import Fraction

import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from cnii.interval import INF, Interval, Undefined, overlaps, possibly_at_most


def iv(lo: str, hi: str, lo_open: bool = False, hi_open: bool = False) -> Interval:
    return Interval(D(lo), D(hi), lo_open, hi_open)


@pytest.mark.parametrize(
    ("result", "expected"),
    [
        (iv("1", "2") + iv("10", "20"), iv("11", "22")),
        (iv("1", "2") - iv("10", "20"), iv("-19", "-8")),
        (iv("-1", "2") * iv("3", "4"), iv("-4", "8")),
        (iv("1", "2") / iv("4", "5"), iv("0.2", "0.5")),
        (iv("-2", "3") ** 2, iv("0", "9")),
        (iv("-2", "3") ** 3, iv("-8", "27")),
        (iv("2", "4") ** -1, iv("0.25", "0.5")),
        (abs(iv("-5", "3")), iv("0", "5")),
        (iv("1", "5").minimum(iv("2", "3")), iv("1", "3")),
        (iv("1", "5").maximum(iv("2", "3")), iv("2", "5")),
        # open ends stay open where they are the extreme
        (iv("1", "2", lo_open=True) + iv("1", "1"), iv("2", "3", lo_open=True)),
        # 0 * infinity at a bound is 0: [0, 1] * [1, inf) = [0, inf)
        (iv("0", "1") * Interval(D(1), INF), Interval(D(0), INF)),
        # dividing by (0, 2] runs off to infinity
        (iv("1", "1") / iv("0", "2", lo_open=True), Interval(D("0.5"), INF)),
    ],
)
def test_exact_cases(result: Interval, expected: Interval) -> None:
    assert result == expected


@pytest.mark.parametrize("divisor", [iv("-1", "1"), iv("0", "1"), iv("-2", "0"), iv("0", "0")])
def test_division_by_an_interval_that_may_be_zero_is_undefined(divisor: Interval) -> None:
    with pytest.raises(Undefined):
        iv("1", "2") / divisor


def test_rounding_is_outward_where_the_result_is_not_exact() -> None:
    third = iv("1", "1") / iv("3", "3")
    assert third.lo < Fraction(1, 3) < third.hi
    assert third.hi - third.lo < D("1e-35")


@pytest.mark.parametrize(
    ("a", "b", "overlap"),
    [
        (iv("1", "2"), iv("2", "3"), True),  # touching closed ends
        (iv("1", "2", hi_open=True), iv("2", "3"), False),  # touching at an open end
        (iv("1", "2"), iv("2.5", "3"), False),
        (Interval(D(17000), INF, True), iv("17000", "17000"), False),  # "over 17,000"
        (Interval(D(17000), INF, True), iv("16000", "18000"), True),
    ],
)
def test_overlap(a: Interval, b: Interval, overlap: bool) -> None:
    assert overlaps(a, b) is overlap
    assert overlaps(b, a) is overlap


def test_possibly_at_most() -> None:
    assert possibly_at_most(iv("700", "700"), Interval(D(4000), INF, True))
    assert not possibly_at_most(iv("5", "6"), iv("1", "4"))
    assert possibly_at_most(iv("4", "6"), iv("1", "4"))
    assert not possibly_at_most(iv("4", "6", lo_open=True), iv("1", "4"))


@pytest.mark.parametrize("bad", [(D(2), D(1)), (D(1), D(1), True), (D("NaN"), D(1)), (INF, INF)])
def test_empty_or_nan_intervals_are_refused(bad: tuple[object, ...]) -> None:
    with pytest.raises(ValueError):
        Interval(*bad)  # type: ignore[arg-type]  # wrong types on purpose: refused at run time


# -- the soundness property ----------------------------------------------

bounds = st.integers(min_value=-(10**6), max_value=10**6).map(lambda n: D(n) / 1000)


@st.composite
def intervals_with_point(draw: st.DrawFn) -> tuple[Interval, Fraction]:
    a, b = sorted((draw(bounds), draw(bounds)))
    lo_open = a < b and draw(st.booleans())
    hi_open = a < b and draw(st.booleans())
    t = draw(st.fractions(min_value=0, max_value=1, max_denominator=10**6))
    point = Fraction(a) + (Fraction(b) - Fraction(a)) * t
    assume(not (lo_open and point == a) and not (hi_open and point == b))
    return Interval(a, b, lo_open, hi_open), point


def contains(interval: Interval, x: Fraction) -> bool:
    """Exact membership, compared as fractions (no rounding in the test)."""
    lo, hi = interval.lo, interval.hi
    above = lo == -INF or Fraction(lo) < x or (Fraction(lo) == x and not interval.lo_open)
    below = hi == INF or x < Fraction(hi) or (x == Fraction(hi) and not interval.hi_open)
    return above and below


@given(intervals_with_point(), intervals_with_point())
def test_binary_operations_are_sound(
    a: tuple[Interval, Fraction], b: tuple[Interval, Fraction]
) -> None:
    (x, p), (y, q) = a, b
    assert contains(x + y, p + q)
    assert contains(x - y, p - q)
    assert contains(x * y, p * q)
    assert contains(x.minimum(y), min(p, q))
    assert contains(x.maximum(y), max(p, q))
    try:
        quotient = x / y
    except Undefined:
        assert y.contains(D(0))
    else:
        assert contains(quotient, p / q)


@given(intervals_with_point(), st.integers(min_value=-5, max_value=8))
def test_unary_operations_are_sound(a: tuple[Interval, Fraction], n: int) -> None:
    x, p = a
    assert contains(-x, -p)
    assert contains(abs(x), abs(p))
    try:
        powered = x**n
    except Undefined:
        assert n < 0 and x.contains(D(0))
    else:
        assert contains(powered, p**n)
