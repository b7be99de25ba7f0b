"""The bundled article's findings, against figures worked out by hand in
shared/reference-data.md (not copied from the program's output)."""

from __future__ import annotations

from decimal import Decimal as D

import pytest

import cnii
from cnii.records import Verdict
from cnii.results import Evaluation, Report

from .conftest import REPO

TRILLION, BILLION = D("1e12"), D("1e9")


@pytest.fixture(scope="module")
def evaluation(report: Report) -> Evaluation:
    return report.evaluation


@pytest.fixture(scope="module")
def report() -> Report:
    return cnii.check(REPO / "facts.toml")


def verdict(report: Report, check_id: str) -> Verdict:
    return next(r.verdict for r in report.results if r.id == check_id)


def bounds(evaluation: Evaluation, entry_id: str, scale: D = D(1)) -> tuple[float, float]:
    interval = evaluation.values[entry_id].interval
    assert interval is not None
    return float(interval.lo / scale), float(interval.hi / scale)


def test_implied_gdp_is_a_third_of_the_real_one(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "gdp", TRILLION)
    assert 39.9 < lo < 40.2 < hi < 40.4  # 1.53 / 3.81 % = 40.16
    assert bounds(evaluation, "nbs_gdp_2024", TRILLION) == pytest.approx((134.9084, 134.9084))
    assert verdict(report, "gdp_vs_nbs") is Verdict.INCONSISTENT
    result = next(r for r in report.results if r.id == "gdp_vs_nbs")
    assert result.gap is not None and result.gap.ratio is not None
    assert float(result.gap.ratio) == pytest.approx(40.342 / 134.908, rel=1e-3)


def test_real_share_is_about_1_13_percent(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "share", D("0.01"))
    assert 1.12 < lo < 1.134 < hi < 1.14  # 1.53 / 134.9 = 1.134 %
    assert verdict(report, "share_vs_nbs") is Verdict.INCONSISTENT


def test_dollar_figure_is_consistent_at_the_central_parity(
    evaluation: Evaluation, report: Report
) -> None:
    lo, hi = bounds(evaluation, "usd", BILLION)
    assert 212 < lo < 212.8 < hi < 214  # 1.53 trillion / 7.1884 = 212.8 billion
    assert verdict(report, "usd_at_parity") is Verdict.CONSISTENT


def test_implied_rate_interval(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "rate")
    assert lo == pytest.approx(7.09, abs=0.005) and hi == pytest.approx(7.49, abs=0.005)
    assert verdict(report, "rate_near_parity") is Verdict.CONSISTENT


def test_prior_year_output(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "prior_year", TRILLION)
    assert 1.377 < lo < 1.383 < hi < 1.388  # 1.53 / 1.1065 = 1.3827
    assert verdict(report, "prior_year_vs_caii") is Verdict.UNVERIFIABLE


def test_even_caii_total_does_not_fit_nbs_gdp(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "caii_implied_gdp", TRILLION)
    assert 131.1 < lo < 131.5 < hi < 131.9  # 5.01 / 3.81 % = 131.5
    assert verdict(report, "caii_gdp_vs_nbs") is Verdict.INCONSISTENT
    assert verdict(report, "caii_total_is_sum") is Verdict.CONSISTENT


def test_structure_checks_hold(evaluation: Evaluation, report: Report) -> None:
    lo, hi = bounds(evaluation, "top_regions_floor", BILLION)
    assert (lo, hi) == (700, float("inf"))  # 4 x 100 + 6 x 50, all "over"
    for check_id in (
        "top_regions_within_core",
        "regions_100bn_among_50bn",
        "high_level_among_factories",
        "regions_50bn_within_country",
        "regions_growth_within_country",
        "sectors_are_all_divisions",
    ):
        assert verdict(report, check_id) is Verdict.CONSISTENT, check_id


def test_every_verdict_is_as_recorded(report: Report) -> None:
    assert [r.id for r in report.results if not r.as_expected] == []
    assert cnii.gate(report).passed


def test_strict_fails_on_the_expected_inconsistencies(report: Report) -> None:
    assert cnii.gate(report).passed
    assert not cnii.gate(report, strict=True).passed


def test_every_claim_of_the_article_is_in_the_fact_base() -> None:
    fact_base = cnii.load(REPO / "facts.toml")
    printed = " ".join(claim.printed for claim in fact_base.claims.values())
    for figure in (
        "17,000",
        "41",
        "4,000",
        "700",
        "1.53 trillion",
        "$210 billion",
        "10.65",
        "3.81",
        "ten",
        "50 billion",
        "Guangdong",
        "100-billion",
        "15",
        "7 percent",
    ):
        assert figure in printed, figure


def test_checks_that_hold_only_through_rounding(report: Report) -> None:
    """$210 billion is 1.53 trillion yuan at 7.1884 only after rounding
    (the printed figures give 212.8); 5.01 = 1.53 + 3.48 holds exactly."""
    flags = {r.id: r.rounding_only for r in report.results}
    assert flags["usd_at_parity"] is True
    assert flags["rate_near_parity"] is True
    assert flags["caii_total_is_sum"] is False
    assert flags["core_matches_caii"] is False
    assert flags["high_level_among_factories"] is None  # "more than 4,000" is a bound
    assert flags["gdp_vs_nbs"] is None  # only consistent checks are flagged
