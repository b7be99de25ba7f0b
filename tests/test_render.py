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
        (Interval(D("1.525e12"), D("1.535e12")), "trillion CNY", "1.525 to 1.535 trillion CNY"),
        (
            Interval(D("39.97378e12"), D("40.34165e12")),
            "trillion CNY",
            "39.97 to 40.35 trillion CNY",
        ),  # lower bound down, upper bound up
        (Interval(D("205e9"), D("215e9")), "billion USD", "205 to 215 billion USD"),
        (Interval(D(17000), INF, True, True), "", "over 17,000"),
        (Interval(-INF, D("0.03"), True, False), "%", "at most 3 %"),
        (Interval(-INF, D("0.03"), True, True), "%", "under 3 %"),
        (Interval(-INF, INF), "USD", "any value in USD"),
        (Interval(-INF, INF), "", "any value"),
        (Interval.point(D(41)), "", "41"),
        (Interval.point(D("7.1884")), "CNY / USD", "7.1884 CNY / USD"),
        (Interval(D("1e40"), D("2e40")), "USD", "1e+40 to 2e+40 USD"),
        (Interval(D("1.234567890123456e20"), D("1.234567890123456e20")), "", "1.23456789012e+20"),
        # a width a hair under a power of ten: no trailing zeros the bounds share
        (
            Interval(D("121.020650000001e12"), D("121.020749999999e12")),
            "trillion CNY",
            "121.02065 to 121.02075 trillion CNY",
        ),
        (Interval(D("4.99999e12"), D("5.02e12")), "trillion CNY", "4.999 to 5.020 trillion CNY"),
        (Interval(D("5e12"), D("5.02e12")), "trillion CNY", "5.00 to 5.02 trillion CNY"),
        (Interval(D("1.5e12"), INF, False, True), "trillion CNY", "at least 1.5 trillion CNY"),
        # an end left out: said at that end
        (Interval(D(3000), D(4000), False, True), "", "3,000 to under 4,000"),
        (Interval(D(3000), D(4000), True, False), "", "over 3,000 to 4,000"),
        (Interval(D(-5), D(-3), True, True), "", "over -5 to under -3"),
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
    if " to " not in text:  # shown as one point
        return
    first, second = text.split(" to ")
    shown_lo, shown_hi = D(first.replace(",", "")), D(second.replace(",", ""))
    step = D(1).scaleb(shown_lo.as_tuple().exponent)  # type: ignore[arg-type]  # finite
    assert interval.lo <= shown_lo <= shown_hi <= interval.hi
    assert shown_lo - step < interval.lo and shown_hi + step > interval.hi


_WORDS = st.sampled_from(["ratio", "below", "is", "caii_total_2024", "of", "the", "公斤"])
_MEASURES = st.sampled_from(
    [
        *("2.5 %", "-2.3 %", "1,525 to 1,535 billion CNY", "7.09 to 7.49 CNY / USD"),
        *("5.01 trillion yuan", "4217.6 公斤/公顷", "over 4,000 factories", "0.977,"),
    ]
)


@given(
    st.lists(st.tuples(_WORDS, _MEASURES), min_size=1, max_size=12),
    st.integers(min_value=8, max_value=90),
)
def test_wrapping_loses_nothing_and_never_parts_a_number_from_its_unit(
    pairs: list[tuple[str, str]], width: int
) -> None:
    from rich.cells import cell_len

    from cnii.render.common import wrap

    text = " ".join(f"{word} {measure}" for word, measure in pairs)
    lines = wrap(text, width).split("\n")
    assert all(cell_len(line) <= width for line in lines)
    if all(cell_len(word) <= width for word in text.split()):
        assert " ".join(lines) == text  # nothing lost, nothing added
    for _, measure in pairs:
        if cell_len(measure) <= width:
            assert any(measure in line for line in lines), measure


def test_wrapping_keeps_a_tree_depth_and_a_hanging_indent() -> None:
    from cnii.render.common import wrap

    assert wrap("  core_output claim 1.525 to 1.535 trillion CNY", 40, 2, 6) == (
        "    core_output claim\n        1.525 to 1.535 trillion CNY"
    )
    assert wrap("ratio 0.977, -2.3 % below", 17) == "ratio 0.977,\n-2.3 % below"


def test_a_number_line_names_its_ends_where_the_sides_lie_apart() -> None:
    from cnii.render.pictures import end_labels

    apart = end_labels(Interval(D("39.97"), D("40.35")), Interval.point(D("134.9")), D(1), False)
    assert apart.split() == ["39.97", "134.9"] and len(apart) == 24
    meeting = end_labels(Interval(D(1), D(3)), Interval(D(2), D(4)), D(1), False)
    assert meeting == ""
    logarithmic = end_labels(Interval(D(1), D(3)), Interval(D(2), D(400)), D(1), True)
    assert logarithmic.split() == ["1", "400", "(log)"]
    scaled = end_labels(Interval.point(D("2e12")), Interval.point(D("5e12")), D("1e12"), False)
    assert scaled.split() == ["2", "5"]


def test_a_figure_as_printed_keeps_every_digit_a_computed_one_four() -> None:
    from cnii.render.values import as_printed, distinct, format_point

    kg_per_ha = UNITS.parse("")
    assert format_point(Value(kg_per_ha.root, None, None, D("4217.6")), kg_per_ha) == "4,217.6"
    assert as_printed(D("7.1884")) == "7.1884"
    assert as_printed(D("40.16") / D("0.0381") / D(1000)) == "1.054"  # a quotient
    # a rounding note compares the figures as printed, never rounded alike
    assert distinct(D("4217.65"), D("4218.9"), printed=True) == ("4,217.65", "4,218.9")
    assert distinct(D("4217.7"), D("4217.6"), printed=True) == ("4,217.7", "4,217.6")
    assert distinct(D("4217.65"), D("4218.9")) == ("4,218", "4,219")  # the number line's ends


def test_a_word_wider_than_a_line_is_cut_into_pieces_that_fit() -> None:
    from rich.cells import cell_len

    from cnii.render.common import wrap

    assert wrap("ab 中文中文中文中文中文中文 cd", 8) == "ab\n中文中文\n中文中文\n中文中文\ncd"
    lines = wrap("x" * 100_003, 80, 2, 4).split("\n")
    assert lines[0] == "  " + "x" * 78 and all(line == "    " + "x" * 76 for line in lines[1:-1])
    assert sum(line.count("x") for line in lines) == 100_003
    assert all(cell_len(line) <= 80 for line in lines)
