"""Evaluation: values, display units, verdicts and traces of a compiled fact base."""

from __future__ import annotations

import textwrap
from decimal import Decimal as D

import pytest

import cnii
from cnii import engine
from cnii.compile import compile_fact_base
from cnii.interval import Interval
from cnii.results import Evaluation

from .conftest import REPO, SMALL


def evaluation(extra: str = "") -> Evaluation:
    text = textwrap.dedent(SMALL) + textwrap.dedent(extra)
    return engine.evaluate(compile_fact_base(cnii.loads(text, "f.toml")))


def test_claims_and_references_keep_their_written_unit() -> None:
    found = evaluation()
    assert found.display["sales"].text == "million USD"
    assert found.display["eur_usd"].text == "USD / EUR"
    assert found.values["sales"].interval == Interval(D("11.5e6"), D("12.5e6"))


def test_a_derivation_is_shown_in_its_declared_unit_else_one_for_its_size() -> None:
    found = evaluation("""
        [derivations.sales_plain]
        formula = "convert(sales_eur, eur_usd)"
        statement = "s"
        [derivations.margin]
        formula = "sales / sales_usd - 1"
        statement = "s"
    """)
    assert found.display["sales_usd"].text == "million USD"  # declared
    assert found.display["sales_plain"].text == "million USD"  # chosen for 12.1e6
    assert found.display["margin"].text == "%"  # a small share
    point = found.values["sales_usd"].point
    assert point is not None and abs(point - D("11.2e6") * D("1.0813")) < 1


def test_a_check_is_shown_in_its_unit_else_that_of_its_first_named_side() -> None:
    found = evaluation("""
        [checks.in_units]
        left = "sales_usd"
        right = "sales"
        unit = "USD"
        statement = "s"
        [checks.by_formula]
        left = "sales_usd * 1"
        right = "sales"
        statement = "s"
    """)
    units = {r.id: r.unit.text for r in engine.run_checks(found).results}
    assert units == {"sales_match": "million USD", "in_units": "USD", "by_formula": "million USD"}


def test_a_value_past_the_range_is_unknown_and_its_check_unverifiable() -> None:
    found = evaluation("""
        [derivations.big]
        formula = "sales ** 16"
        statement = "s"
        [checks.big_is_big]
        left = "big"
        right = "big"
        statement = "s"
    """)
    assert found.values["big"].interval is None
    result = engine.run_checks(found).results[-1]
    assert result.verdict is cnii.Verdict.UNVERIFIABLE
    assert result.reason == "sales ** 16: the result is too large to represent (1e100 or more)"


def test_a_trace_has_each_step_with_its_display_unit_and_its_checks() -> None:
    report = engine.run_checks(evaluation())
    trace = engine.trace(report, "sales_usd")
    assert trace.inputs == ("sales_eur", "eur_usd")
    assert [step.expression for step in trace.steps] == ["convert(sales_eur, eur_usd)"]
    assert trace.steps[0].unit.text == "million USD"
    assert [r.id for r in trace.checks] == ["sales_match"]
    assert trace.result == report.evaluation.values["sales_usd"]


def test_chain_goes_down_to_claims_and_references() -> None:
    link = engine.chain(evaluation(), "sales_usd")
    assert (link.kind, link.formula) == ("derivation", "convert(sales_eur, eur_usd)")
    assert [(p.id, p.kind, p.parts) for p in link.parts] == [
        ("sales_eur", "claim", ()),
        ("eur_usd", "reference", ()),
    ]


def test_a_real_article_in_the_ways_it_prints_its_figures() -> None:
    """Xinhua's 2024 trade article: dollar signs, U.S. dollars, 万亿元,
    percentage points, sum, literals with units, all without workarounds."""
    report = cnii.check(REPO / "tests" / "data" / "valid" / "trade_2024.toml")
    verdicts = {result.id: str(result.verdict) for result in report.results}
    assert set(verdicts.values()) == {"consistent"}
    by_id = {result.id: result for result in report.results}
    assert by_id["total_is_sum"].rounding_only is True  # 25.45 + 18.39 = 43.84
    pace = by_id["pace_quickened"]
    assert pace.unit.text == "pp"
    assert pace.right.value.interval == Interval(D("0.05"), D("0.15"))
    usd = report.evaluation.values["trade_total_usd"]
    assert usd.interval == Interval(D("6.05e12"), D("6.15e12"))


def test_a_check_on_a_forecast_or_a_replaced_figure_says_so() -> None:
    text = """
[claims.gdp]
printed = "99.09 trillion yuan"
value = "99.09 trillion CNY"
period = "2019"
statement = "g"

[references.gdp_2019_preliminary]
value = "99.0865 trillion CNY"
source = "NBS"
date = 2020-01-17
period = "2019"
status = "preliminary"
statement = "p"

[references.gdp_2019_final]
value = "98.6515 trillion CNY"
source = "NBS"
date = 2020-12-30
period = "2019"
status = "final"
replaces = "gdp_2019_preliminary"
statement = "f"

[references.gdp_2020_forecast]
value = "102 trillion CNY"
source = "IMF"
date = 2019-10-15
period = "2020"
status = "forecast"
statement = "f"

[checks.against_preliminary]
left = "gdp"
right = "gdp_2019_preliminary"
statement = "s"

[checks.against_final]
left = "gdp"
right = "gdp_2019_final"
statement = "s"
expect = "inconsistent"
why = "the final figure is lower"

[checks.against_forecast]
left = "gdp"
right = "gdp_2020_forecast"
relation = "at_most"
statement = "s"
"""
    report = cnii.check(cnii.loads(text, "vintages.toml"))
    flags = {result.id: result.flags for result in report.results}
    assert flags == {
        "against_preliminary": (
            "gdp_2019_preliminary (preliminary) is replaced by gdp_2019_final (final)",
        ),
        "against_final": (),
        "against_forecast": ("gdp_2020_forecast is a forecast",),
    }
    document = cnii.as_dict(cnii.gate(report))
    assert document["checks"][2]["flags"] == ["gdp_2020_forecast is a forecast"]
    wrong = text.replace('replaces = "gdp_2019_preliminary"', 'replaces = "gdp_2018"')
    with pytest.raises(cnii.CniiError, match="no reference 'gdp_2018' to replace"):
        cnii.check(cnii.loads(wrong, "x.toml"))


def test_a_physical_derivation_is_shown_in_a_unit_the_fact_base_wrote() -> None:
    text = """
[claims.a]
printed = "1,019 million tonnes"
value = "1,019 million t"
period = "2023"
statement = "s"

[claims.b]
printed = "1,005 million tonnes"
value = "1,005 million tonnes"
period = "2024"
statement = "s"

[derivations.total]
formula = "sum(a, b)"
statement = "t"

[checks.total_is]
left = "total"
right = "2,024 million t"
statement = "t"
"""
    report = cnii.check(cnii.loads(text, "steel.toml"))
    assert report.evaluation.display["total"].text == "million t"  # not "trillion gram"
    assert str(report.results[0].verdict) == "consistent"
