"""A lookup of a period's range: every ECB rate of it, lowest to highest,
with no one point; the drafter's check for an article that names no date."""

from __future__ import annotations

import datetime
import textwrap

import pytest

import cnii
from cnii import lookups
from cnii.errors import CniiError

FACTS = """\
[article]
title = "t"
date = 2022-12-31

[claims.won]
printed = "10.44 trillion won"
value = "10.44 trillion KRW"
period = "2022"
statement = "Sales in won."

[claims.usd]
printed = "USD{usd}"
value = "{usd} USD"
period = "2022"
statement = "The same in dollars."

[derivations.rate]
formula = "implied_rate(won, usd)"
statement = "The rate they imply."

[references.krw_2022]
lookup = "ecb"
series = "USD/KRW"
period = "2022"
{statistic}statement = "The ECB rates of 2022."

[checks.rate_in_2022]
left = "rate"
right = "krw_2022"
statement = "A rate of 2022."
"""


def _report(usd: str, statistic: str = 'statistic = "range"\n') -> cnii.Report:
    return cnii.check(cnii.loads(FACTS.format(usd=usd, statistic=statistic), "f.toml"))


def test_a_range_is_every_fixing_of_the_period_lowest_to_highest() -> None:
    found = lookups.ecb("USD/KRW", None, "2022", "r", "range")
    days = [
        lookups.ecb("USD/KRW", datetime.date(2022, 1, 1) + datetime.timedelta(d), None, "r")
        for d in range(365)
    ]
    assert found.low == min(d.low for d in days)
    assert found.high == max(d.high for d in days)
    mean = lookups.ecb("USD/KRW", None, "2022", "r")
    assert found.low < mean.low < mean.high < found.high
    assert "lowest to highest over 2022" in found.source


def test_a_conversion_at_any_rate_of_the_year_holds_and_a_misprinted_one_fails() -> None:
    assert _report("7.54 billion").results[0].verdict is cnii.Verdict.CONSISTENT
    # a scale slipped by ten: 138 won to the dollar, never a rate of 2022
    assert _report("75.4 billion").results[0].verdict is cnii.Verdict.INCONSISTENT


def test_a_range_has_no_point_and_says_where_it_comes_from() -> None:
    report = _report("7.54 billion")
    assert report.evaluation.values["krw_2022"].point is None
    (result,) = report.results
    assert not result.rounding_only  # no "only through rounding" against a midpoint
    assert "lowest to highest over 2022" in " ".join((*result.flags, result.reason or ""))


@pytest.mark.parametrize(
    ("statistic", "message"),
    [
        (
            'series = "USD/KRW"\nperiod = "2022"\nstatistic = "median"\n',
            "f.toml:25: references.krw_2022.statistic: 'median' is not allowed "
            r"\(did you mean 'mean'\? one of 'mean', 'range'\)",
        ),
        (
            'series = "USD/KRW"\ndate = 2022-06-30\nstatistic = "range"\n',
            "references.krw_2022: a statistic is of a period's rates: give the period, not a date",
        ),
    ],
)
def test_a_statistic_is_one_the_lookup_knows_of_a_period(statistic: str, message: str) -> None:
    text = FACTS.format(usd="7.54 billion", statistic="").replace(
        'series = "USD/KRW"\nperiod = "2022"\n', statistic
    )
    with pytest.raises(CniiError, match=message):
        cnii.loads(text, "f.toml")


def test_a_statistic_without_a_lookup_is_refused() -> None:
    text = textwrap.dedent("""\
        [references.r]
        value = "7 CNY / USD"
        source = "s"
        date = 2024-01-01
        statistic = "range"
        statement = "s"
        """)
    with pytest.raises(CniiError, match='a statistic is looked up: say where, with lookup = "ecb"'):
        cnii.loads(text, "f.toml")


def test_a_draft_of_an_undated_article_checks_a_conversion_against_the_year() -> None:
    from cnii import draft

    text = "Profit\n\nIn 2022, operating profit was 10.44 trillion won (about USD7.54 billion).\n"
    toml = draft.to_toml(draft.draft(text, "a.txt"))
    assert 'series = "USD/KRW"\nperiod = "2022"\nstatistic = "range"\n' in toml
    report = cnii.check(cnii.loads(toml, "d.toml"))
    rates = [r for r in report.results if r.id.endswith("_rate_is_rate")]
    assert [r.verdict for r in rates] == [cnii.Verdict.CONSISTENT]
    dated = draft.to_toml(draft.draft("Profit\n2022-06-30\n\n" + text, "a.txt"))
    assert 'series = "USD/KRW"\ndate = 2022-06-30\n' in dated
