"""Evaluation: values, display units, verdicts and traces of a compiled fact base."""

from __future__ import annotations

import textwrap
from decimal import Decimal as D

import cnii
from cnii import engine
from cnii.compile import compile_fact_base
from cnii.interval import Interval

from .conftest import SMALL


def evaluation(extra: str = "") -> engine.Evaluation:
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
