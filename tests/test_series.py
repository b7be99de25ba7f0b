"""Series: a value per period stated once, a check once for every period,
each made entry with its own id, line, expectation and why."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import cnii
from cnii.series import slug

from .conftest import REPO, Run

EXAMPLE = REPO / "examples" / "industry_share.toml"


def line_of(text: str, needle: str) -> int:
    return next(n for n, line in enumerate(text.splitlines(), 1) if line.startswith(needle))


def test_the_example_series_gives_the_published_findings() -> None:
    report = cnii.check(EXAMPLE)
    verdicts = {r.id: str(r.verdict) for r in report.results}
    assert verdicts == {
        "share_is_total_over_gdp_2019": "consistent",
        "share_is_total_over_gdp_2022": "inconsistent",
        "share_is_total_over_gdp_2023": "consistent",
        "share_is_total_over_gdp_2024": "inconsistent",
        "share_2019_against_final_gdp": "inconsistent",
    }
    by_id = {r.id: r for r in report.results}
    assert by_id["share_is_total_over_gdp_2019"].flags == (
        "nbs_gdp_2019 (preliminary) is replaced by nbs_gdp_2019_final (final)",
    )
    assert "caii_total_2022 is a forecast" in by_id["share_is_total_over_gdp_2022"].flags
    assert by_id["share_is_total_over_gdp_2024"].check.why == "5.01 / 134.91 is 3.71 %, not 3.81 %."
    fact_base = report.fact_base
    reference = fact_base.references["caii_total_2022"]
    assert (reference.value, reference.period, reference.status) == (
        "4.45 trillion CNY",
        "2022",
        "forecast",
    )
    assert reference.statement == "CAII: total industrial internet value added in 2022."


def test_each_made_entry_points_at_its_own_line() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    fact_base = cnii.load(str(EXAMPLE))
    value_2022 = line_of(text, '2022 = { value = "4.45"')
    assert fact_base.line("references.caii_total_2022") == value_2022
    assert fact_base.line("references.caii_total_2022.value") == value_2022
    override = line_of(text, '2022 = { expect = "inconsistent"')
    assert fact_base.line("checks.share_is_total_over_gdp_2022") == override
    table = line_of(text, "[checks.share_is_total_over_gdp]")
    assert fact_base.line("checks.share_is_total_over_gdp_2023") == table
    assert fact_base.line("checks.share_is_total_over_gdp_2023.left") == table + 2


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        ('value = "3.41"', 'value = "3.4.1"', ":25: references.caii_total_2019.value: value"),
        (
            'left = "caii_share_{period}"',
            'left = "caii_shares_{period}"',
            ":66: checks.share_is_total_over_gdp_2019.left: unknown id 'caii_shares_2019'",
        ),
        ('for_each = "caii_total"', 'for_each = "caii_totals"', "no series 'caii_totals'"),
        ('kind = "references"', 'kind = "table"', "kind must be 'claims' or 'references'"),
        ("2022 = { expect", "2021 = { expect", "series 'caii_total' has no period '2021'"),
    ],
)
def test_errors_in_a_series_point_at_the_right_line(
    cli: Callable[..., Run], tmp_path: Path, old: str, new: str, message: str
) -> None:
    broken = tmp_path / "series.toml"
    broken.write_text(EXAMPLE.read_text(encoding="utf-8").replace(old, new, 1), "utf-8")
    run = cli("check", "--facts", str(broken))
    assert run.code == 2
    assert message in run.stderr, run.stderr


@pytest.mark.parametrize(
    ("period", "tag"), [("2024", "2024"), ("2024 Q1", "2024_q1"), ("2024-12-31", "2024_12_31")]
)
def test_slug(period: str, tag: str) -> None:
    assert slug(period) == tag


def test_a_series_of_claims() -> None:
    text = """
[series.output]
kind = "claims"
unit = "trillion CNY"
printed = "{value} trillion yuan"
statement = "Output in {period}."

[series.output.values]
2023 = "1.38"
2024 = "1.53"

[derivations.growth_2024]
formula = "growth(output_2024, output_2023)"
statement = "g"

[checks.growth_is_printed]
left = "growth_2024"
right = "10.9 %"
statement = "g"
"""
    report = cnii.check(cnii.loads(text, "claims.toml"))
    claim = report.fact_base.claims["output_2024"]
    assert (claim.printed, claim.value, claim.period) == (
        "1.53 trillion yuan",
        "1.53 trillion CNY",
        "2024",
    )
    assert str(report.results[0].verdict) == "consistent"


def test_a_check_over_many_periods_cannot_make_millions(monkeypatch: pytest.MonkeyPatch) -> None:
    """A thousand checks for_each over a thousand periods would be a million
    checks: refused before they are made."""
    from cnii import series

    monkeypatch.setattr(series, "MAX_MADE", 50)
    values = "\n".join(f'p{i} = "{i}"' for i in range(10))
    checks = "".join(
        f'[checks.c{j}]\nfor_each = "s"\nleft = "s_{{period}}"\nright = "s_{{period}}"\n'
        f'statement = "x"\n'
        for j in range(10)
    )
    text = (
        '[series.s]\nkind = "references"\nunit = "USD"\nsource = "x"\ndate = 2020-01-01\n'
        f'statement = "s"\n[series.s.values]\n{values}\n{checks}'
    )
    with pytest.raises(cnii.CniiError, match="would make more than 50 checks"):
        cnii.loads(text, "bomb.toml")
    many = "\n".join(f'p{i} = "{i}"' for i in range(60))
    with pytest.raises(cnii.CniiError, match="would make more than 50 entries"):
        cnii.loads(text.replace(values, many), "bomb.toml")
