"""Printed figures become intervals: the rounding and qualifier rules."""

from __future__ import annotations

import re
from collections.abc import Callable
from decimal import Decimal as D

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from cnii import figures
from cnii.errors import CniiError
from cnii.figures import figure_value, matches_printed, parse_figure
from cnii.interval import INF, Interval
from cnii.records import Claim, record
from cnii.units import Units

UNITS = Units({"project": "count", "sector": "count", "region": "count"})


def claim(printed: str, value: str, qualifier: str = "", **extra: object) -> Claim:
    return record(
        Claim,
        {
            "printed": printed,
            "value": value,
            "qualifier": qualifier,
            "period": "2024",
            "statement": "s",
            **extra,
        },
        "claims.x",
    )


@pytest.mark.parametrize(
    ("entry", "expected"),
    [
        pytest.param(
            claim("1.53 trillion yuan", "1.53 trillion CNY"),
            Interval(D("1.525e12"), D("1.535e12")),
            id="decimals are significant",
        ),
        pytest.param(
            claim("about $210 billion", "210 billion USD", "about"),
            Interval(D("205e9"), D("215e9")),
            id="trailing zeros are not",
        ),
        pytest.param(
            claim("over 17,000", "17,000 projects", "over"),
            Interval(D(17000), INF, True, True),
            id="over: open lower bound",
        ),
        pytest.param(
            claim("more than 4,000", "4,000 projects", "more than"),
            Interval(D(4000), INF, True, True),
            id="more than",
        ),
        pytest.param(
            claim("exceeding 7 percent", "7 %", "exceeding"),
            Interval(D("0.07"), INF, True, True),
            id="exceeding a share",
        ),
        pytest.param(
            claim("at least 5 million", "5 million USD", "at least"),
            Interval(D("5e6"), INF, False, True),
            id="at least: closed",
        ),
        pytest.param(
            claim("under 3 percent", "3 %", "under"),
            Interval(-INF, D("0.03"), True, True),
            id="under: open upper bound",
        ),
        pytest.param(
            claim("at most 700", "700 projects", "at most"),
            Interval(-INF, D(700), True, False),
            id="at most: closed",
        ),
        pytest.param(
            claim("nearly 4,000", "4,000 projects", "nearly"),
            Interval(D(3500), D(4000)),
            id="nearly: the lower half of the rounding interval",
        ),
        pytest.param(
            claim("近30%", "30 %", "nearly"),
            Interval(D("0.25"), D("0.30")),
            id="nearly a share",
        ),
        pytest.param(
            claim("超過1.7萬億元", "1.7 万亿 CNY", "over"),
            Interval(D("1.7e12"), INF, True, True),
            id="traditional characters",
        ),
        pytest.param(
            claim("Rs 36.85 lakh crore", "36.85 lakh crore INR"),
            Interval(D("3.6845e13"), D("3.6855e13")),
            id="Indian English: a lakh crore is 1e12",
        ),
        pytest.param(
            claim("總花費5.75兆元", "5.75 trillion CNY"),
            Interval(D("5.745e12"), D("5.755e12")),
            id="兆 before a currency is 1e12",
        ),
        pytest.param(
            claim("all 41 sectors", "41 sectors"),
            Interval.point(D(41)),
            id="a plain count is exact",
        ),
        pytest.param(
            claim("about 17,000 projects", "17,000 projects", "about"),
            Interval(D(16500), D(17500)),
            id="an approximate count is rounded",
        ),
        pytest.param(
            claim("1.4 billion projects", "1.4 billion projects"),
            Interval(D("1.35e9"), D("1.45e9")),
            id="a count with a scale word is rounded",
        ),
        pytest.param(
            claim("ten provinces", "10 regions"), Interval.point(D(10)), id="a count in words"
        ),
        pytest.param(
            claim("10.65 percent", "10.65 %"),
            Interval(D("0.10645"), D("0.10655")),
            id="percent is a fraction",
        ),
        pytest.param(
            claim("1.50 trillion", "1.50 trillion CNY"),
            Interval(D("1.495e12"), D("1.505e12")),
            id="a printed trailing decimal zero",
        ),
        pytest.param(
            claim("1,349,084亿元", "1,349,084 亿 CNY"),
            Interval(D("134908350000000"), D("134908450000000")),
            id="亿 is 1e8",
        ),
        pytest.param(
            claim("1.53万亿元", "1.53 万亿 CNY"),
            Interval(D("1.525e12"), D("1.535e12")),
            id="万亿 is 1e12",
        ),
        pytest.param(
            claim("1.53 trillion", "1.53 trillion CNY", rounding="down"),
            Interval(D("1.53e12"), D("1.54e12"), False, True),
            id="truncated",
        ),
        pytest.param(
            claim("1.53 trillion", "1.53 trillion CNY", rounding="up"),
            Interval(D("1.52e12"), D("1.53e12"), True, False),
            id="rounded up",
        ),
        pytest.param(
            claim("1.53 trillion", "1.53 trillion CNY", rounding="exact"),
            Interval.point(D("1.53e12")),
            id="stated as exact",
        ),
        pytest.param(
            claim("exactly 1.5 million", "1.5 million USD", "exactly"),
            Interval.point(D("1.5e6")),
            id="exactly",
        ),
        pytest.param(
            claim("about $210 billion", "210 billion USD", "about", precision="1 billion USD"),
            Interval(D("209.5e9"), D("210.5e9")),
            id="precision overrides digits",
        ),
        pytest.param(
            claim("3.81 percent", "3.81 %", tolerance="0.1 %"),
            Interval(D("0.03705"), D("0.03915")),
            id="tolerance widens",
        ),
        pytest.param(
            claim("210 billion", "210 billion USD", precision="1000 million USD"),
            Interval(D("209.5e9"), D("210.5e9")),
            id="precision in another scale",
        ),
    ],
)
def test_claim_intervals(entry: Claim, expected: Interval) -> None:
    value, _ = figure_value(entry, UNITS)
    assert value.interval == expected


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        (claim("1.35 trillion yuan", "1.53 trillion CNY"), "does not occur in the printed"),
        (claim("1.530 trillion yuan", "1.53 trillion CNY"), "does not occur in the printed"),
        (claim("1.5 trillion yuan", "1.50 trillion CNY"), "does not occur in the printed"),
        (claim("Anhui and Hubei", "3 regions", items=["Anhui", "Hubei"]), "2 items"),
        (claim("Anhui and Hubei", "2 regions", items=["Anhui", "Hunan"]), "'Hunan'"),
        (claim("3.81 percent", "3.81 %", tolerance="1 billion CNY"), "not in the dimension"),
        (claim("1.53 trillion", "1.53 trillion CNY", precision="1 %"), "not in the dimension"),
        (claim("1.53 trillion", "trillion CNY"), "not a number followed by a unit"),
        (claim("¥5 billion", "¥5 billion"), "'¥' is both yuan and yen"),
        (claim("HK$3 billion", "3 billion USD"), "printed figure is in HKD, the value in USD"),
        (claim("$6.1 trillion", "6.1 trillion CNY"), "printed figure is in USD, the value in CNY"),
        (claim("6.1 trillion INR", "6.1 trillion CHF"), "printed figure is in"),
        (claim("1.53万亿元", "1.53 亿 CNY"), "the printed figure says 万亿, the value 亿"),
    ],
)
def test_claims_that_contradict_themselves_are_input_errors(entry: Claim, message: str) -> None:
    with pytest.raises(CniiError, match=message):
        figure_value(entry, UNITS)


@pytest.mark.parametrize(
    ("printed", "value", "expected"),
    [
        ("$6.1 trillion", "$6.1 trillion", Interval(D("6.05e12"), D("6.15e12"))),
        ("6.1 trillion U.S. dollars", "6.1 trillion U.S. dollars", None),
        ("US$210 billion", "210 billion USD", Interval(D("205e9"), D("215e9"))),
        ("1.53万亿元", "1.53万亿元", Interval(D("1.525e12"), D("1.535e12"))),
        ("HK$3 billion", "HK$3 billion", Interval(D("2.5e9"), D("3.5e9"))),
        ("quickening by 0.4 percentage points", "0.4 pp", Interval(D("0.35"), D("0.45"))),
        ("1.2 million tonnes", "1.2 million tonnes", Interval(D("1.15e12"), D("1.25e12"))),
    ],
)
def test_figures_as_printed(printed: str, value: str, expected: Interval | None) -> None:
    interval, _ = figure_value(claim(printed, value), UNITS)
    assert interval.interval is not None
    if expected is not None:
        assert interval.interval == expected


def test_items_count_when_the_article_lists_names() -> None:
    entry = claim(
        "Guangdong, Jiangsu, Beijing and Zhejiang",
        "4 regions",
        items=["Guangdong", "Jiangsu", "Beijing", "Zhejiang"],
    )
    value, unit = figure_value(entry, UNITS)
    assert value.interval == Interval.point(D(4))
    assert unit.text == "regions"


@pytest.mark.parametrize(
    ("text", "value", "matches"),
    [
        ("over 17,000", "17,000 projects", True),
        ("ten provinces and cities", "10 regions", True),
        ("twenty-one regions", "21 regions", True),
        ("twenty-one regions", "20 regions", False),
        ("the 100-billion-yuan milestone", "100 billion CNY", True),
        ("3.81 percent of the national GDP", "3.81 %", True),
        ("3.81 percent of the national GDP", "3.8 %", False),
        ("version 1.2.3", "1.2 %", True),  # a dotted code is not taken as several numbers
        ("version 1.2.3", "2.3 %", False),
    ],
)
def test_the_printed_phrase_states_the_number(text: str, value: str, matches: bool) -> None:
    assert matches_printed(parse_figure(value), text) is matches


@pytest.mark.parametrize(
    ("value", "number", "unit", "step"),
    [
        ("1.53 trillion CNY", "1.53", "trillion CNY", "0.01"),
        ("17,000 projects", "17000", "projects", "1000"),
        ("3.81%", "3.81", "%", "0.01"),
        ("-2.5 %", "-2.5", "%", "0.1"),
        ("0 USD", "0", "USD", "1"),
        ("41", "41", "", "1"),
        ("$6.1 trillion", "6.1", "trillion USD", "0.1"),
        ("US$ 210 billion", "210", "billion USD", "10"),
        ("HK$3 billion", "3", "billion HKD", "1"),
        ("€5.2 billion", "5.2", "billion EUR", "0.1"),
        ("£12 million", "12", "million GBP", "1"),
        ("RMB 1.53 trillion", "1.53", "trillion CNY", "0.01"),
        ("USD 5 billion", "5", "billion USD", "1"),
        ("1.53万亿元", "1.53", "万亿元", "0.01"),
        ("0.4 percentage points", "0.4", "percentage points", "0.1"),
    ],
)
def test_parse_figure(value: str, number: str, unit: str, step: str) -> None:
    figure = parse_figure(value)
    assert (figure.number, figure.unit_text, figure.step) == (D(number), unit, D(step))


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("十", 10),
        ("十五", 15),
        ("二十一", 21),
        ("三百", 300),
        ("两千", 2000),
        ("一千二百三十四", 1234),
    ],
)
def test_chinese_numerals(text: str, number: int) -> None:
    from cnii.figures import chinese_number

    assert chinese_number(text) == number


def test_a_printed_figure_in_chinese_states_its_number() -> None:
    assert matches_printed(parse_figure("4000 items"), "超过4000个")
    assert matches_printed(parse_figure("10 regions"), "十个省份")
    assert not matches_printed(parse_figure("11 regions"), "十个省份")


# Pieces of every currency sign, word and code, in any case, with look-alikes
# that case folding maps onto letters (the long s, the Kelvin sign).
_CURRENCY_WORDS = (
    "HK HKD Hong Kong dollar s AU A $ Australian C Canadian CAD S SGD R BRL RM ringgit "
    "MYR ₹ Rs rupee INR US USD 美元 美 元 yuan RMB CNY € euro EUR £ pound sterling GBP "
    "yen 円 JPY K x 5 - . ¥ \u017f"
)
_CURRENCY_PIECES = st.sampled_from([*_CURRENCY_WORDS.split(), " ", " ", ""])
_CASES: list[Callable[[str], str]] = [str, str.lower, str.upper]
_CURRENCY_TEXT = st.lists(st.tuples(_CURRENCY_PIECES, st.sampled_from(_CASES)), max_size=8).map(
    lambda pieces: "".join(case(piece) for piece, case in pieces)
)


@settings(max_examples=2000, deadline=None)
@given(_CURRENCY_TEXT)
@example("AUS$5, xHK$3")  # a sign inside a word: no word boundary before it
@example("\u017f$4, KD 5 hkd")  # the long s folds onto s
def test_the_currency_scan_skips_only_places_no_currency_starts_at(text: str) -> None:
    """The lookahead that speeds the currency scan finds what the bare
    alternatives find, match for match."""
    bare = re.compile(figures._CURRENCY_ALTERNATIVES, re.IGNORECASE)
    assert [(m.span(), m.lastgroup) for m in figures._CURRENCY.finditer(text)] == [
        (m.span(), m.lastgroup) for m in bare.finditer(text)
    ]


@pytest.mark.parametrize(
    "printed",
    ["HK$5, US$3 and 5 Hong Kong dollars", "A$3, RM 5, 4 円 and AUS$5", "1.53万亿元 (美元)"],
)
def test_the_currency_scan_finds_every_sign_and_word(printed: str) -> None:
    bare = re.compile(figures._CURRENCY_ALTERNATIVES, re.IGNORECASE)
    found = [m.lastgroup for m in figures._CURRENCY.finditer(printed)]
    assert found and found == [m.lastgroup for m in bare.finditer(printed)]
