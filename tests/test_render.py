"""How values are written: digits for the width, outward rounding, bounds."""

from __future__ import annotations

from decimal import Context
from decimal import Decimal as D

import pytest
from hypothesis import given
from hypothesis import strategies as st

from cnii.interval import INF, Interval
from cnii.render.pictures import number_line
from cnii.render.values import format_value
from cnii.units import Units
from cnii.value import Value

from .conftest import REPO

UNITS = Units()


@pytest.mark.parametrize(
    ("interval", "unit", "text"),
    [
        (Interval(D("1.525e12"), D("1.535e12")), "trillion CNY", "[1.525, 1.535] trillion CNY"),
        (
            Interval(D("39.97378e12"), D("40.34165e12")),
            "trillion CNY",
            "[39.97, 40.35] trillion CNY",
        ),  # lower bound down, upper bound up
        (Interval(D("205e9"), D("215e9")), "billion USD", "[205, 215] billion USD"),
        (Interval(D(17000), INF, True, True), "", "(17,000, inf)"),
        (Interval(-INF, D("0.03"), True, False), "%", "(-inf, 3] %"),
        (Interval(-INF, INF), "USD", "(-inf, inf) USD"),
        (Interval.point(D(41)), "", "41"),
        (Interval.point(D("7.1884")), "CNY / USD", "7.1884 CNY / USD"),
        (Interval(D("1e40"), D("2e40")), "USD", "[1e+40, 2e+40] USD"),
        (Interval(D("1.234567890123456e20"), D("1.234567890123456e20")), "", "1.23456789012e+20"),
        # a width a hair under a power of ten: no trailing zeros the bounds share
        (
            Interval(D("121.020650000001e12"), D("121.020749999999e12")),
            "trillion CNY",
            "[121.02065, 121.02075] trillion CNY",
        ),
        (Interval(D("4.99999e12"), D("5.02e12")), "trillion CNY", "[4.999, 5.020] trillion CNY"),
        (Interval(D("5e12"), D("5.02e12")), "trillion CNY", "[5.00, 5.02] trillion CNY"),
        (Interval(D("1.5e12"), INF, False, True), "trillion CNY", "[1.5, inf) trillion CNY"),
    ],
)
def test_format_value(interval: Interval, unit: str, text: str) -> None:
    parsed = UNITS.parse(unit)
    assert format_value(Value(parsed.root, interval), parsed) == text


def test_unknown_values_say_so() -> None:
    assert format_value(Value(UNITS.parse("USD").root, None, "why"), UNITS.parse("USD")) == (
        "unknown"
    )


def _span(row: str) -> range:
    """The columns a bar covers."""
    first = len(row) - len(row.lstrip())
    return range(first, len(row.rstrip()))


def test_number_line_apart_and_overlapping() -> None:
    top, bottom, log = number_line(Interval(D(1), D(2)), Interval(D(8), D(9)))
    assert max(_span(top)) < min(_span(bottom)) and not log
    assert len(top) == len(bottom) == 24
    top, bottom, _ = number_line(Interval(D(1), D(9)), Interval(D(4), D(6)))
    assert set(_span(bottom)) <= set(_span(top))
    assert top.strip()[0] == "├" and top.strip()[-1] == "┤"


def test_number_line_points_and_bounds() -> None:
    top, bottom, _ = number_line(Interval.point(D(700)), Interval(D(4000), INF, True, True))
    assert top.strip() == "●"
    assert bottom.endswith("▶") and max(_span(top)) < min(_span(bottom))
    both, _, _ = number_line(Interval(-INF, INF), Interval(-INF, INF))
    assert both.startswith("◀") and both.endswith("▶")


def test_number_line_goes_logarithmic_across_orders_of_magnitude() -> None:
    top, bottom, log = number_line(Interval(D(1), D(2)), Interval(D(1000), D(2000)))
    assert log
    assert max(_span(top)) < min(_span(bottom))
    assert not number_line(Interval(D(1), D(2)), Interval(D(50), D(60)))[2]


def test_json_bounds_are_floats_rounded_outwards() -> None:
    """A float low is never above the exact low, a float high never below
    the exact high: the JSON interval still encloses every true value."""
    import cnii

    report = cnii.check(REPO / "facts.toml")
    document = cnii.as_dict(report)
    for result, shown in zip(report.results, document["checks"], strict=True):
        for side, value in (("left", result.left.value), ("right", result.right.value)):
            bounds = shown[side]["interval"]
            if value.interval is None:
                assert bounds is None
                continue
            exact = Context(prec=200).multiply  # a float's decimal, times the unit's factor
            factor = result.unit.factor
            if bounds["low"] is not None:
                assert exact(D(bounds["low"]), factor) <= value.interval.lo
            if bounds["high"] is not None:
                assert exact(D(bounds["high"]), factor) >= value.interval.hi


@pytest.mark.parametrize(
    ("a", "b", "shown"),
    [
        ("126.075", "126.058", ("126.08", "126.06")),
        ("134.9084", "134.9", ("134.91", "134.9")),
        ("6.1", "6.1", ("6.1", "6.1")),
        ("212.8", "210", ("212.8", "210")),
    ],
)
def test_two_figures_that_differ_never_print_the_same(
    a: str, b: str, shown: tuple[str, str]
) -> None:
    from cnii.render.values import distinct

    assert distinct(D(a), D(b)) == shown


@pytest.mark.parametrize(
    ("ratio", "difference", "text"),
    [
        ("0.2985", "-0.7015", "ratio 0.298, -70.2 %"),  # 3 significant digits, 1 decimal
        ("1.0019", "0.0019", "ratio 1.002, +0.2 %"),
        ("1.00001", "0.00001", "ratio 1.00001, +0.001 %"),
        ("0.99999", "-0.00001", "ratio 0.99999, -0.001 %"),
        # past the default context's 28 digits (found by the fuzz test)
        (
            "644493085221546577824150208.3333333333333",
            "644493085221546577824150207.3333333333333",
            "ratio 6.44e+26, +6.44e+28 %",
        ),
    ],
)
def test_a_gap_never_reads_as_no_gap(ratio: str, difference: str, text: str) -> None:
    from cnii.render.common import gap_text
    from cnii.results import Gap

    assert gap_text(Gap(D(ratio), D(difference))) == text


@given(
    st.decimals(min_value=-1000, max_value=1000, places=6, allow_nan=False),
    st.decimals(min_value=D("0.000001"), max_value=1000, places=6, allow_nan=False),
)
def test_a_needed_range_holds_exactly_what_it_shows(low: D, width: D) -> None:
    """Rounded inwards: at the precision shown, the printed bounds hold and
    the next values outside them do not."""
    from cnii.render.values import format_needed

    interval = Interval(low, low + width)
    text = format_needed(interval, UNITS.parse(""))
    if "," not in text:  # shown as one point
        return
    first, second = text.strip("[]").split(", ")
    shown_lo, shown_hi = D(first.replace(",", "")), D(second.replace(",", ""))
    step = D(1).scaleb(shown_lo.as_tuple().exponent)  # type: ignore[arg-type]  # finite
    assert interval.lo <= shown_lo <= shown_hi <= interval.hi
    assert shown_lo - step < interval.lo and shown_hi + step > interval.hi
