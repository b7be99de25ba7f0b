"""Findings: what each input would have to be, which entry may have been
meant, how the verdict depends on the rate."""

from __future__ import annotations

import json
import textwrap
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

import cnii
from cnii.nearby import same_period
from cnii.records import Verdict
from cnii.results import Explanation

from .conftest import REPO, SMALL, Run

TRILLION = D("1e12")


def explain(text: str, check_id: str) -> Explanation:
    return cnii.explain(cnii.check(cnii.loads(textwrap.dedent(text), "test.toml")), check_id)


def needed(explanation: Explanation, entry_id: str, scale: D = D(1)) -> tuple[float, float]:
    solution = next(s for s in explanation.solutions if s.id == entry_id)
    assert solution.needed is not None, f"no solution for {entry_id}"
    return float(solution.needed.lo / scale), float(solution.needed.hi / scale)


@pytest.fixture(scope="module")
def bundled() -> Callable[[str], Explanation]:
    report = cnii.check(REPO / "facts.toml")

    def get(check_id: str) -> Explanation:
        return cnii.explain(report, check_id)

    return get


# -- the bundled article ---------------------------------------------------


def test_what_would_make_the_gdp_share_consistent(bundled: Callable[[str], Explanation]) -> None:
    explanation = bundled("gdp_vs_nbs")
    assert set(explanation.inputs) == {"core_output", "gdp_share", "nbs_gdp_2024"}
    # 1.53 / 134.9 = 1.134 %; 134.9 x 3.81 % = 5.14 trillion; 1.53 / 3.81 % = 40.2 trillion
    lo, hi = needed(explanation, "gdp_share", D("0.01"))
    assert 1.128 < lo < 1.134 < hi < 1.140
    lo, hi = needed(explanation, "core_output", TRILLION)
    assert 5.12 < lo < 5.14 < hi < 5.16
    lo, hi = needed(explanation, "nbs_gdp_2024", TRILLION)
    assert 39.9 < lo < 40.2 < hi < 40.4


def test_the_share_belongs_to_the_caii_total(bundled: Callable[[str], Explanation]) -> None:
    """3.81 % fits the CAII total (5.01 trillion), not the 1.53 trillion core,
    and even then a residual finding remains: 5.01 / 3.81 % = 131.5, not 134.9."""
    candidates = bundled("gdp_vs_nbs").candidates
    assert [(c.by, c.replaces) for c in candidates] == [("caii_total_2024", "core_output")]
    (total,) = candidates
    assert total.verdict is Verdict.INCONSISTENT
    assert total.gap is not None and total.gap.ratio is not None
    assert float(total.gap.ratio) == pytest.approx(131.80 / 134.908, abs=0.002)
    # The same finding from the share's side.
    assert [c.by for c in bundled("share_vs_nbs").candidates] == ["caii_total_2024"]


def test_the_range_of_rates_for_about_210_billion(bundled: Callable[[str], Explanation]) -> None:
    explanation = bundled("usd_at_parity")
    lo, hi = needed(explanation, "cfets_parity_2024_12_31")
    assert lo == pytest.approx(1.525e12 / 215e9, rel=1e-9)  # 7.093
    assert hi == pytest.approx(1.535e12 / 205e9, rel=1e-9)  # 7.488
    (average,) = explanation.rates
    assert (average.by, average.replaces) == ("nbs_average_rate_2024", "cfets_parity_2024_12_31")
    assert average.verdict is Verdict.UNVERIFIABLE  # an unconfirmed rate is never used


def test_the_chain_behind_each_side(bundled: Callable[[str], Explanation]) -> None:
    explanation = bundled("gdp_vs_nbs")
    assert explanation.left is not None and explanation.right is not None
    assert (explanation.left.id, explanation.left.kind) == ("gdp", "derivation")
    assert [p.id for p in explanation.left.parts] == ["core_output", "gdp_share"]
    assert (explanation.right.id, explanation.right.kind, explanation.right.parts) == (
        "nbs_gdp_2024",
        "reference",
        (),
    )


# -- any fact base ---------------------------------------------------------

BASE = """
[claims.a]
printed = "{a}"
value = "{a} USD"
period = "2024"
statement = "a"

[claims.b]
printed = "{b}"
value = "{b}"
period = "2024"
statement = "b"

[claims.c]
printed = "{c}"
value = "{c} USD"
period = "2024"
statement = "c"

[checks.k]
left = "{formula}"
right = "c"
statement = "k"
"""


@pytest.mark.parametrize(
    ("formula", "values", "solve", "expected"),
    [
        # a * b = c: a would have to be c / b = [100.5, 101.5] / [4.5, 5.5]
        ("a * b", {"a": "51", "b": "5", "c": "101"}, "a", (100.5 / 5.5, 101.5 / 4.5)),
        # a / b = c: b would have to be a / c = [50.5, 51.5] / [100.5, 101.5]
        ("a / b", {"a": "51", "b": "0.25", "c": "101"}, "b", (50.5 / 101.5, 51.5 / 100.5)),
        # a + a = c: a would have to be c / 2
        ("a + a", {"a": "11", "b": "5", "c": "101"}, "a", (100.5 / 2, 101.5 / 2)),
    ],
    ids=["product", "quotient", "sum"],
)
def test_solved_intervals(
    formula: str, values: dict[str, str], solve: str, expected: tuple[float, float]
) -> None:
    explanation = explain(BASE.format(formula=formula, **values), "k")
    assert explanation.result.verdict is Verdict.INCONSISTENT
    lo, hi = needed(explanation, solve)
    assert lo == pytest.approx(expected[0], rel=1e-9)
    assert hi == pytest.approx(expected[1], rel=1e-9)


CANDIDATE = (
    BASE.format(formula="a * b", a="51", b="5", c="101")
    + """
[claims.other]
printed = "{other}"
value = "{other} USD"
period = "2024"
statement = "Another amount of the article."
"""
)


def test_an_entry_that_fits_is_a_candidate() -> None:
    explanation = explain(CANDIDATE.format(other="20"), "k")  # 20 x 5 = 100, about 101
    (candidate,) = explanation.candidates
    assert (candidate.by, candidate.replaces, candidate.verdict) == (
        "other",
        "a",
        Verdict.CONSISTENT,
    )


def test_no_candidate_when_none_fits_or_comes_near() -> None:
    # a would have to be [18.3, 22.6]: 51 is 1.0 away in log terms, 31 is 0.3.
    assert explain(CANDIDATE.format(other="31"), "k").candidates == ()


def test_no_value_of_an_input_alone_may_do() -> None:
    # a - a = 0 whatever a is: no value of a makes it 101.
    explanation = explain(BASE.format(formula="a - a", a="51", b="5", c="101"), "k")
    solution = next(s for s in explanation.solutions if s.id == "a")
    assert solution.needed is None


def test_consistent_checks_have_no_solutions_unless_they_name_rates() -> None:
    explanation = explain(BASE.format(formula="a * b", a="20", b="5", c="101"), "k")
    assert explanation.result.verdict is Verdict.CONSISTENT
    assert (explanation.solutions, explanation.candidates, explanation.rates) == ((), (), ())


# -- the command line ------------------------------------------------------

BUNDLED = str(REPO / "facts.toml")


def test_explain_command(cli: Callable[..., Run]) -> None:
    run = cli("explain", "gdp-vs-nbs", "--facts", BUNDLED, "--format", "table")
    assert run.code == 0, run
    line = cnii.load(BUNDLED).line("checks.gdp_vs_nbs")
    assert run.stdout.splitlines()[1].startswith(f"gdp_vs_nbs ({BUNDLED}:{line}): The GDP")
    # What would make the check hold, rounded inwards: every value shown holds.
    assert "core_output   5.134 to 5.146 trillion CNY" in run.stdout
    assert "gdp_share     1.1304 to 1.1378 %" in run.stdout
    assert "caii_total_2024 for core_output" in run.stdout
    assert "still inconsistent: ratio 0.977, -2.3 %" in run.stdout


def test_explain_json(cli: Callable[..., Run]) -> None:
    document = json.loads(
        cli("explain", "usd_at_parity", "--facts", BUNDLED, "--format", "json").stdout
    )
    assert document["check"]["id"] == "usd_at_parity"
    (solution,) = document["solutions"]
    assert solution["needed"]["text"] == "7.09 to 7.49 CNY / USD"
    assert document["rates"][0]["verdict"] == "unverifiable"
    assert document["left"]["id"] == "core_output_usd"


def test_explain_unknown_check(cli: Callable[..., Run]) -> None:
    run = cli("explain", "nope", "--facts", BUNDLED)
    assert run.code == 2
    assert run.stderr.startswith(f"cnii: error: {BUNDLED}: no check 'nope'; known: gdp_vs_nbs")


def test_check_explain_adds_findings_to_json(cli: Callable[..., Run]) -> None:
    document = json.loads(cli("check", "--facts", BUNDLED, "--format", "json", "--explain").stdout)
    by_id = {c["id"]: c for c in document["checks"]}
    assert by_id["gdp_vs_nbs"]["explanation"]["candidates"][0]["by"] == "caii_total_2024"
    assert by_id["core_matches_caii"]["explanation"] is None
    assert (
        "explanation"
        not in json.loads(cli("check", "--facts", BUNDLED, "--format", "json").stdout)["checks"][0]
    )


def test_check_explain_needs_json(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--facts", BUNDLED, "--explain")
    assert run.code == 2
    assert "cnii explain CHECK" in run.stderr


def test_the_checks_own_entries_are_never_offered_as_candidates() -> None:
    """Putting the other side in for an input makes any check hold: no news."""
    found = explain(
        """
        [claims.sales]
        printed = "$12 million"
        value = "12 million USD"
        period = "2023"
        statement = "Sales."
        [claims.budget]
        printed = "$40 million"
        value = "40 million USD"
        period = "2023"
        statement = "Budget."
        [claims.orders]
        printed = "$39.8 million"
        value = "39.8 million USD"
        period = "2023"
        statement = "Orders."
        [checks.sales_are_budget]
        left = "sales"
        right = "budget"
        statement = "s"
        expect = "inconsistent"
        why = "12 is not 40."
        """,
        "sales_are_budget",
    )
    assert [c.by for c in found.candidates if c.replaces == "sales"] == ["orders"]
    assert all(c.by not in ("sales", "budget") for c in found.candidates)


def test_a_rate_that_fails_a_consistent_check_is_not_still_inconsistent(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(
        SMALL.replace(
            'statement = "Both sales figures agree."',
            'statement = "Both sales figures agree."\nrates = ["eur_usd_high"]',
        )
        + '[references.eur_usd_high]\nvalue = "1.5 USD / EUR"\nsource = "s"\n'
        'date = 2023-12-29\nstatement = "A rate far off."\n',
        encoding="utf-8",
    )
    run = cli("explain", "sales_match", "-f", str(facts), "--format", "text")
    assert run.code == 0, run
    rate = next(line for line in run.stdout.splitlines() if line.startswith("rate\t"))
    assert rate.split("\t")[3].startswith("inconsistent: ratio"), rate


# -- unknown inputs and periods --------------------------------------------


def test_an_unknown_reference_is_solved_for(bundled: Callable[[str], Explanation]) -> None:
    """Unverifiable for want of a figure: the range that figure would have to
    lie in is the finding, whatever the fact base knows of its size."""
    found = bundled("prior_year_vs_caii")
    (solution,) = found.solutions
    assert solution.id == "caii_core_2023"
    prior_year = found.report.evaluation.values["prior_year"].interval
    assert prior_year is not None and solution.needed is not None
    assert float(solution.needed.lo) == pytest.approx(float(prior_year.lo), rel=1e-9)
    assert float(solution.needed.hi) == pytest.approx(float(prior_year.hi), rel=1e-9)


def test_an_unconfirmed_rate_gets_the_range_that_would_do(
    bundled: Callable[[str], Explanation],
) -> None:
    # The rate the two printed figures imply, [1.525, 1.535] / [205, 215]
    # trillion/billion: any rate in it makes the check hold.
    solution = next(
        s for s in bundled("usd_at_average_rate").solutions if s.id == "nbs_average_rate_2024"
    )
    assert solution.needed is not None
    assert float(solution.needed.lo) == pytest.approx(1525 / 215, rel=1e-9)
    assert float(solution.needed.hi) == pytest.approx(1535 / 205, rel=1e-9)


UNKNOWN_ALONE = """
[claims.amount]
printed = "12 widgets"
value = "12 widgets"
period = "2024"
statement = "a"

[references.price]
unit = "USD / widget"
source = "s"
status = "unconfirmed"
note = "not looked up"
statement = "p"

[claims.paid]
printed = "$3,000"
value = "3000 USD"
period = "2024"
statement = "t"

[derivations.cost]
formula = "amount * price"
statement = "c"

[checks.k]
left = "cost"
right = "paid"
statement = "k"
expect = "unverifiable"
why = "no price"
"""


def test_an_unknown_of_a_dimension_nothing_else_has_is_found_from_one() -> None:
    found = explain('[units]\nwidget = "[widget]"\n' + UNKNOWN_ALONE, "k")
    (solution,) = found.solutions
    assert solution.needed is not None
    # $3,000 is [2,500, 3,500]; 12 widgets of a new dimension are [11.5, 12.5]
    assert float(solution.needed.lo) == pytest.approx(2500 / 12.5, rel=1e-9)
    assert float(solution.needed.hi) == pytest.approx(3500 / 11.5, rel=1e-9)


PERIODS = """
[claims.share_2024]
printed = "3.81 percent"
value = "3.81 %"
period = "2024"
statement = "s"

[claims.share_2023]
printed = "1.13 percent"
value = "1.13 %"
period = "2023"
statement = "s"

[references.share_{period}_ref]
value = "1.13 %"
source = "s"
date = 2025-01-01
period = "{period}"
statement = "s"

[references.nbs_share]
value = "1.134 %"
source = "s"
date = 2025-01-01
period = "2024"
statement = "s"

[checks.k]
left = "share_2024"
right = "nbs_share"
statement = "k"
expect = "inconsistent"
why = "w"
"""


@pytest.mark.parametrize(
    ("period", "offered"),
    [("2024", ["share_2024_ref"]), ("2024-12-31", ["share_2024-12-31_ref"]), ("2022", [])],
)
def test_candidates_of_another_period_are_not_offered(period: str, offered: list[str]) -> None:
    """share_2023 fits, but it is about another year: never a candidate."""
    ref_id = f"share_{period.replace('-', '_')}_ref"
    text = PERIODS.replace("share_{period}_ref", ref_id).replace("{period}", period)
    found = explain(text, "k")
    by = [c.by for c in found.candidates]
    assert "share_2023" not in by
    assert by == [o.replace("-", "_") for o in offered]


@pytest.mark.parametrize(
    ("a", "b", "same"),
    [
        ("2024", "2024-12-31", True),
        ("2024", "2024 Q3", True),
        ("FY2024", "2024", True),
        ("2024年", "2024", True),
        ("2023", "2024", False),
        ("2024 Q1", "2024 Q3", False),
        ("2023-12-31", "2024", False),
        (None, "2024", True),
    ],
)
def test_same_period(a: str | None, b: str, same: bool) -> None:
    assert same_period(a, b) is same
    assert same_period(b, a) is same
