"""The index of near entries gives what measuring every entry gives."""

from __future__ import annotations

from decimal import Decimal

from hypothesis import given
from hypothesis import strategies as st
from pint.util import UnitsContainer

from cnii.interval import INF, Interval
from cnii.nearby import NEARLY, SEARCHED, SHOWN, Index, distance, same_period
from cnii.value import Value

CNY, USD = UnitsContainer({"[currency_CNY]": 1}), UnitsContainer({"[currency_USD]": 1})


def bound(draw: st.DrawFn, low: int, high: int) -> Decimal:
    return Decimal(draw(st.integers(low, high))) / 4


@st.composite
def intervals(draw: st.DrawFn, positive: bool = False) -> Interval:
    lo = bound(draw, 1 if positive else -40, 400)
    hi = lo + bound(draw, 0, 40)
    if not positive and draw(st.integers(0, 9)) == 0:
        return Interval(lo, INF, hi_open=True)
    if not positive and draw(st.integers(0, 9)) == 0:
        return Interval(-INF, hi, lo_open=True)
    return Interval(lo, hi)


PERIODS = st.sampled_from([None, "2024", "2023", "2024 Q1", "2024 Q3", "FY2024"])


@st.composite
def fact_bases(draw: st.DrawFn) -> tuple[dict[str, Value], dict[str, str | None]]:
    n = draw(st.integers(1, 90))
    values, periods = {}, {}
    for i in range(n):
        unit = CNY if draw(st.integers(0, 4)) else USD
        values[f"e{i:03d}"] = Value(unit, draw(intervals()))
        periods[f"e{i:03d}"] = draw(PERIODS)
    return values, periods


def brute_force(
    values: dict[str, Value],
    periods: dict[str, str | None],
    entry: str,
    needed: Interval,
    exclude: frozenset[str],
    slack: float,
) -> list[tuple[float, str]]:
    """Every entry measured, as findings did before the index: those within
    the reach times ``slack`` (to allow for rounding at the very edge)."""
    own = values[entry]
    assert own.interval is not None
    reach = NEARLY * distance(own.interval, needed) * slack
    return sorted(
        (d, other)
        for other, value in values.items()
        if value.unit == own.unit
        and value.interval is not None
        and value.interval != own.interval
        and other not in exclude
        and same_period(periods[entry], periods[other])
        and (d := distance(value.interval, needed)) <= reach
    )


@given(fact_bases(), intervals(), st.data())
def test_the_index_counts_and_finds_what_a_scan_of_every_entry_does(
    base: tuple[dict[str, Value], dict[str, str | None]], needed: Interval, data: st.DataObject
) -> None:
    values, periods = base
    entry = data.draw(st.sampled_from(sorted(values)))
    exclude = frozenset({entry, *data.draw(st.lists(st.sampled_from(sorted(values)), max_size=3))})
    near = Index(values, values, periods.__getitem__).near(entry, values[entry], needed, exclude)
    strict = brute_force(values, periods, entry, needed, exclude, 1 - 1e-9)
    loose = brute_force(values, periods, entry, needed, exclude, 1 + 1e-9)
    assert len(strict) <= len(near.ids) + near.more <= len(loose)
    assert len(near.ids) == min(SHOWN, len(near.ids) + near.more)
    assert set(near.ids) <= {other for _, other in loose}
    # fewer entries than the walk looks at: exactly the nearest, nearest first
    if len(values) <= SEARCHED and len(strict) == len(loose):
        assert list(near.ids) == [other for _, other in strict[:SHOWN]]


def test_many_near_entries_show_the_nearest_and_count_the_rest() -> None:
    values = {
        f"e{i:03d}": Value(CNY, Interval(Decimal(100 + i), Decimal(100 + i))) for i in range(300)
    }
    values["input"] = Value(CNY, Interval(Decimal(1), Decimal(1)))
    index = Index(values, values, lambda _: "2024")
    near = index.near("input", values["input"], Interval(Decimal(150), Decimal(152)), frozenset())
    assert near.ids == ("e050", "e051", "e052", "e053", "e049")  # 153 is nearer than 149
    # those from 100 to 250 come ten times nearer than the input (150 times
    # too small) does: all but the nearest five are counted
    reach = NEARLY * distance(
        Interval(Decimal(1), Decimal(1)), Interval(Decimal(150), Decimal(152))
    )
    assert 0.5 < reach < 0.502  # the band: 150 / e**reach = 91 to 152 * e**reach = 250.6
    assert near.more == len(range(100, 251)) - SHOWN
