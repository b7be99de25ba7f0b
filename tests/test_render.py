"""How values are written: digits for the width, outward rounding, bounds."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

from cnii.calc import Value
from cnii.interval import INF, Interval
from cnii.render.values import format_value
from cnii.units import Units

UNITS = Units()


@pytest.mark.parametrize(
    ("interval", "unit", "text"),
    [
        (Interval(D("1.525e12"), D("1.535e12")), "trillion CNY", "[1.525, 1.535] trillion CNY"),
        (Interval(D("39.97378e12"), D("40.34165e12")), "trillion CNY",
         "[39.97, 40.35] trillion CNY"),  # lower bound down, upper bound up
        (Interval(D("205e9"), D("215e9")), "billion USD", "[205, 215] billion USD"),
        (Interval(D(17000), INF, True, True), "", "(17,000, inf)"),
        (Interval(-INF, D("0.03"), True, False), "%", "(-inf, 3] %"),
        (Interval(-INF, INF), "USD", "(-inf, inf) USD"),
        (Interval.point(D(41)), "", "41"),
        (Interval.point(D("7.1884")), "CNY / USD", "7.1884 CNY / USD"),
        (Interval(D("1e40"), D("2e40")), "USD", "[1e+40, 2e+40] USD"),
        (Interval(D("1.234567890123456e20"), D("1.234567890123456e20")), "", "1.23456789012e+20"),
    ],
)
def test_format_value(interval: Interval, unit: str, text: str) -> None:
    parsed = UNITS.parse(unit)
    assert format_value(Value(parsed.root, interval), parsed) == text


def test_unknown_values_say_so() -> None:
    assert format_value(Value(UNITS.parse("USD").root, None, "why"), UNITS.parse("USD")) == (
        "unknown")
