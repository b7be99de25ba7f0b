"""Intervals of real numbers and sound arithmetic on them.

Bounds are ``Decimal`` so that printed figures (``1.525``) are exact, and every
operation rounds its lower bound down and its upper bound up: for any choice of
points inside the operands, the exact result lies inside the computed interval.
Infinite bounds are always open. An operation that is undefined somewhere in
its operands (a divisor that may be zero) raises ``Undefined``; the caller turns
that into an "unverifiable" verdict, not an error.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import (
    ROUND_CEILING,
    ROUND_FLOOR,
    Context,
    Decimal,
    DivisionByZero,
    InvalidOperation,
    Overflow,
)

# 40 digits keep products of printed figures exact. Magnitudes stay below
# 1e100 (MAX_DECIMAL_EXPONENT): no real figure comes near, and past it a result is
# unknown (Overflow: the check that needs it is unverifiable), never a silently
# infinite bound.
MAX_DECIMAL_EXPONENT = 99


def _context(rounding: str) -> Context:
    return Context(
        prec=40,
        rounding=rounding,
        Emax=MAX_DECIMAL_EXPONENT,
        Emin=-MAX_DECIMAL_EXPONENT,
        traps=[InvalidOperation, DivisionByZero, Overflow],
    )


DOWN, UP = _context(ROUND_FLOOR), _context(ROUND_CEILING)

# What every number given in a fact base must lie in, so that no computation
# on it leaves the range silently: below 1e100 in magnitude, and not so small
# that 40 digits with exponents down to -99 would lose it.
LARGEST, SMALLEST = Decimal("1e100"), Decimal("1e-90")
BEYOND = "beyond the range cnii computes in (1e-90 to 1e100 in magnitude)"
_WIDE = Context(prec=60, Emax=999_999, Emin=-999_999)


def in_range(x: Decimal, factor: Decimal = Decimal(1)) -> bool:
    """Whether x times a positive factor is zero or within the range."""
    magnitude = _WIDE.multiply(x.copy_abs(), factor)
    return not magnitude or SMALLEST <= magnitude < LARGEST


INF = Decimal("Infinity")
ZERO = Decimal(0)
ONE = Decimal(1)

# A bound as an operation sees it: its value and whether it is open.
_Bound = tuple[Decimal, bool]


class Undefined(ArithmeticError):
    """The result is undefined for some points of the operands."""


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Decimal
    hi: Decimal
    lo_open: bool = False
    hi_open: bool = False

    def __post_init__(self) -> None:
        if self.lo.is_nan() or self.hi.is_nan():
            raise ValueError("interval bound is NaN")
        if self.lo > self.hi or self.lo == INF or self.hi == -INF:
            raise ValueError(f"empty interval [{self.lo}, {self.hi}]")
        # Infinite bounds are never attained.
        if self.lo.is_infinite() and not self.lo_open:
            object.__setattr__(self, "lo_open", True)
        if self.hi.is_infinite() and not self.hi_open:
            object.__setattr__(self, "hi_open", True)
        if self.lo == self.hi and (self.lo_open or self.hi_open):
            raise ValueError(f"empty interval at {self.lo}")

    @classmethod
    def point(cls, x: Decimal) -> Interval:
        return cls(x, x)

    def contains(self, x: Decimal) -> bool:
        above = self.lo < x or (self.lo == x and not self.lo_open)
        below = x < self.hi or (x == self.hi and not self.hi_open)
        return above and below

    # -- arithmetic ------------------------------------------------------

    def __neg__(self) -> Interval:
        # copy_negate is exact; unary minus would round to the default context.
        return Interval(self.hi.copy_negate(), self.lo.copy_negate(), self.hi_open, self.lo_open)

    def __add__(self, other: Interval) -> Interval:
        return Interval(
            DOWN.add(self.lo, other.lo),
            UP.add(self.hi, other.hi),
            self.lo_open or other.lo_open,
            self.hi_open or other.hi_open,
        )

    def __sub__(self, other: Interval) -> Interval:
        return self + (-other)

    def __mul__(self, other: Interval) -> Interval:
        if self.lo >= 0 and other.lo >= 0:  # the common case: both extremes are known
            lo = _mul_bound((self.lo, self.lo_open), (other.lo, other.lo_open), DOWN)
            hi = _mul_bound((self.hi, self.hi_open), (other.hi, other.hi_open), UP)
            return Interval(lo[0], hi[0], lo[1], hi[1])
        return _hull(_corners(self, other, _mul_down), _corners(self, other, _mul_up))

    def scale(self, factor: Decimal) -> Interval:
        """This interval times a positive constant (a unit's factor)."""
        return Interval(
            DOWN.multiply(self.lo, factor), UP.multiply(self.hi, factor), self.lo_open, self.hi_open
        )

    def __truediv__(self, other: Interval) -> Interval:
        return self * other.reciprocal()

    def reciprocal(self) -> Interval:
        if self.contains(ZERO):
            raise Undefined("the divisor may be zero")
        # 0 can only be an open end here; 1/x then runs off to infinity.
        lo = -INF if self.hi == 0 else DOWN.divide(ONE, self.hi)
        hi = INF if self.lo == 0 else UP.divide(ONE, self.lo)
        return Interval(lo, hi, self.hi_open, self.lo_open)

    def __pow__(self, n: int) -> Interval:
        """Integer powers, tight even where the base straddles zero."""
        if n < 0:
            return (self ** (-n)).reciprocal()
        if n == 0:
            return Interval.point(ONE)
        if n % 2 or self.lo >= 0:
            return Interval(
                _pow_bound(self.lo, n, DOWN),
                _pow_bound(self.hi, n, UP),
                self.lo_open,
                self.hi_open,
            )
        if self.hi <= 0:
            return (-self) ** n
        top, top_open = _pick(max, (self.lo.copy_negate(), self.lo_open), (self.hi, self.hi_open))
        return Interval(ZERO, _pow_bound(top, n, UP), False, top_open)

    def __abs__(self) -> Interval:
        if self.lo >= 0:
            return self
        if self.hi <= 0:
            return -self
        top = _pick(max, (self.lo.copy_negate(), self.lo_open), (self.hi, self.hi_open))
        return Interval(ZERO, top[0], False, top[1])

    def minimum(self, other: Interval) -> Interval:
        lo = _pick(min, (self.lo, self.lo_open), (other.lo, other.lo_open))
        hi = _pick(min, (self.hi, self.hi_open), (other.hi, other.hi_open), both=True)
        return Interval(lo[0], hi[0], lo[1], hi[1])

    def maximum(self, other: Interval) -> Interval:
        lo = _pick(max, (self.lo, self.lo_open), (other.lo, other.lo_open), both=True)
        hi = _pick(max, (self.hi, self.hi_open), (other.hi, other.hi_open))
        return Interval(lo[0], hi[0], lo[1], hi[1])


def _pick(
    choose: Callable[[Decimal, Decimal], Decimal], a: _Bound, b: _Bound, both: bool = False
) -> _Bound:
    """The chosen bound. At a tie it is attained if either is (or, with
    ``both``, only if both are: the upper end of min(x, y) needs x and y there)."""
    value = choose(a[0], b[0])
    tied_open = [open_ for v, open_ in (a, b) if v == value]
    return value, any(tied_open) if both and len(tied_open) == 2 else all(tied_open)


def _mul_bound(x: _Bound, y: _Bound, ctx: Context) -> _Bound:
    (a, a_open), (b, b_open) = x, y
    if a == 0 or b == 0:
        # 0 times anything is 0, infinite bounds included (they are limits);
        # a closed zero factor makes the product 0 attained.
        attained = (a == 0 and not a_open) or (b == 0 and not b_open)
        return ZERO, not attained
    return ctx.multiply(a, b), a_open or b_open


def _mul_down(x: _Bound, y: _Bound) -> _Bound:
    return _mul_bound(x, y, DOWN)


def _mul_up(x: _Bound, y: _Bound) -> _Bound:
    return _mul_bound(x, y, UP)


def _corners(a: Interval, b: Interval, op: Callable[[_Bound, _Bound], _Bound]) -> list[_Bound]:
    return [
        op(x, y)
        for x in ((a.lo, a.lo_open), (a.hi, a.hi_open))
        for y in ((b.lo, b.lo_open), (b.hi, b.hi_open))
    ]


def _hull(downs: Iterable[_Bound], ups: Iterable[_Bound]) -> Interval:
    lo = min(downs, key=lambda b: (b[0], b[1]))
    hi = max(ups, key=lambda b: (b[0], not b[1]))
    return Interval(lo[0], hi[0], lo[1], hi[1])


def _pow_bound(x: Decimal, n: int, ctx: Context) -> Decimal:
    """x**n rounded in ctx's direction, by repeated rounded multiplication.

    Decimal's own power is not guaranteed to round in the context's direction,
    so magnitudes are multiplied with the rounding that keeps the bound sound.
    """
    if x.is_infinite():
        return x if n % 2 else INF
    negative = x < 0 and n % 2 == 1
    # Rounding a negative result down means rounding its magnitude up.
    magnitude_ctx = (UP if ctx is DOWN else DOWN) if negative else ctx
    result, base = ONE, x.copy_abs()
    for _ in range(n):
        result = magnitude_ctx.multiply(result, base)
    return result.copy_negate() if negative else result


def overlaps(a: Interval, b: Interval) -> bool:
    """Whether some number lies in both."""
    return _at_most_possible(a.lo, a.lo_open, b.hi, b.hi_open) and _at_most_possible(
        b.lo, b.lo_open, a.hi, a.hi_open
    )


def possibly_at_most(a: Interval, b: Interval) -> bool:
    """Whether some x in a and y in b have x <= y."""
    return _at_most_possible(a.lo, a.lo_open, b.hi, b.hi_open)


def _at_most_possible(x: Decimal, x_open: bool, y: Decimal, y_open: bool) -> bool:
    return x < y or (x == y and not x_open and not y_open)


# Decimal's power with a fractional exponent is within one unit in the last
# place; computed with ten digits to spare and widened by far more than that
# error before rounding to 40 digits outwards, each bound stays sound.
_FINE = Context(prec=50, Emax=999_999, Emin=-999_999, traps=[InvalidOperation, DivisionByZero])


def _real_pow_bound(x: Decimal, y: Decimal, ctx: Context) -> Decimal:
    if x == 0:
        return ZERO
    exact = _FINE.power(x, y)
    slack = exact.copy_abs().scaleb(-45)
    return ctx.plus(_FINE.subtract(exact, slack) if ctx is DOWN else _FINE.add(exact, slack))


def real_power(base: Interval, exponent: Interval) -> Interval:
    """base ** exponent for a real exponent (roots, compound growth), on a
    base that cannot be negative. x ** y is monotone in x and in y apart, so
    the extremes lie at the corners."""
    if base.lo < 0:
        raise Undefined("a fractional power of a value that may be negative")
    if base.lo == 0 and exponent.lo <= 0:
        raise Undefined("a power of zero with an exponent that may not be positive")
    if any(b.is_infinite() for b in (base.lo, base.hi, exponent.lo, exponent.hi)):
        raise Undefined("a fractional power of an unbounded value")
    corners = [(x, y) for x in (base.lo, base.hi) for y in (exponent.lo, exponent.hi)]
    lows = [_real_pow_bound(x, y, DOWN) for x, y in corners]
    highs = [_real_pow_bound(x, y, UP) for x, y in corners]
    return Interval(min(lows), max(highs))  # closed: sound whether or not the ends are
