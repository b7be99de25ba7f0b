"""Relations to verdicts, the gap, the rounding flag, and the gate."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest
from pint.util import UnitsContainer

import cnii
from cnii.checks import gap, judge
from cnii.errors import ExitCode
from cnii.interval import INF, Interval
from cnii.records import Verdict
from cnii.value import Value

from .conftest import REPO, Run


def value(lo: str, hi: str, point: str | None = None) -> Value:
    return Value(
        UnitsContainer(), Interval(D(lo), D(hi)), point=None if point is None else D(point)
    )


@pytest.mark.parametrize(
    ("relation", "left", "right", "verdict"),
    [
        ("equal", ("1", "2"), ("2", "3"), Verdict.CONSISTENT),  # they touch
        ("equal", ("1", "2"), ("2.5", "3"), Verdict.INCONSISTENT),
        ("at_most", ("1", "5"), ("0", "1"), Verdict.CONSISTENT),
        ("at_most", ("2", "5"), ("0", "1"), Verdict.INCONSISTENT),
        ("at_least", ("0", "1"), ("1", "5"), Verdict.CONSISTENT),
        ("at_least", ("0", "1"), ("2", "5"), Verdict.INCONSISTENT),
    ],
)
def test_relations(
    relation: str, left: tuple[str, str], right: tuple[str, str], verdict: Verdict
) -> None:
    assert judge(relation, value(*left), value(*right))[0] is verdict


def test_open_ends_do_not_meet() -> None:
    above = Value(UnitsContainer(), Interval(D(2), INF, True, True))
    assert judge("equal", value("1", "2"), above)[0] is Verdict.INCONSISTENT


def test_an_unknown_side_is_unverifiable_with_its_reason() -> None:
    unknown = Value(UnitsContainer(), None, "rate: unconfirmed")
    assert judge("equal", value("1", "2"), unknown)[:2] == (
        Verdict.UNVERIFIABLE,
        "rate: unconfirmed",
    )


def test_the_gap_is_measured_between_the_nearest_bounds() -> None:
    found = gap(Interval(D(1), D(2)), Interval(D(4), D(5)))
    assert (found.ratio, found.relative_difference) == (D("0.5"), D("-0.5"))
    assert judge("equal", value("1", "2"), value("4", "5"))[2] == found


@pytest.mark.parametrize(
    ("left", "right", "flag"),
    [
        (("1.5", "2.5", "2"), ("2.4", "3", "2.7"), True),  # the intervals meet, the points not
        (("1.5", "2.5", "2"), ("1.9", "2.1", "2"), False),
        (("1.5", "2.5", None), ("1.9", "2.1", "2"), None),  # a bound has no point
    ],
)
def test_consistent_only_through_rounding(
    left: tuple[str, str, str | None], right: tuple[str, str, str | None], flag: bool | None
) -> None:
    verdict, _, _, rounding_only = judge("equal", value(*left), value(*right))
    assert (verdict, rounding_only) == (Verdict.CONSISTENT, flag)


def test_the_gate_passes_on_expectations_and_strict_fails_on_inconsistency() -> None:
    report = cnii.check(REPO / "facts.toml")
    relaxed, strict = cnii.gate(report), cnii.gate(report, strict=True)
    assert (relaxed.passed, relaxed.failures, relaxed.exit_code) == (True, 0, ExitCode.OK)
    inconsistent = report.counts[Verdict.INCONSISTENT]
    assert inconsistent > 0
    assert (strict.passed, strict.failures, strict.exit_code) == (
        False,
        inconsistent,
        ExitCode.GATE_FAILED,
    )
    assert report.unexpected == 0


PROPOSED = """
[article]
title = "t"
date = 2024-12-31

[claims.total]
printed = "25.12 trillion yuan"
value = "25.12 trillion CNY"
period = "2024"
statement = "s"

[claims.part]
printed = "12.71 trillion yuan"
value = "12.71 trillion CNY"
period = "2024"
statement = "s"

[checks.holds]
left = "part"
right = "total"
relation = "at_most"
statement = "s"
proposed = true

[checks.fails]
left = "part"
right = "total"
statement = "s"
proposed = true
"""


def test_a_proposed_check_expects_nothing_until_a_person_deletes_the_flag() -> None:
    report = cnii.check(cnii.loads(PROPOSED))
    relaxed, strict = cnii.gate(report), cnii.gate(report, strict=True)
    verdicts = {r.id: (r.verdict, r.proposed) for r in report.results}
    assert verdicts == {
        "holds": (Verdict.CONSISTENT, True),
        "fails": (Verdict.INCONSISTENT, True),
    }
    assert (report.proposed, report.unexpected) == (2, 0)
    assert relaxed.passed and not relaxed.failing
    assert not strict.passed and strict.failing == {"holds", "fails"}
    reviewed = cnii.check(cnii.loads(PROPOSED.replace("proposed = true\n", "")))
    assert reviewed.proposed == 0 and cnii.gate(reviewed).failing == {"fails"}


def test_the_summary_counts_proposed_checks_apart(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(PROPOSED, encoding="utf-8")
    run = cli("check", "--facts", str(facts), "--format", "text")
    assert run.code == 0, run
    assert run.stdout.splitlines()[-1] == (
        "# 2 checks: 1 consistent, 1 inconsistent; 2 proposed checks not reviewed, "
        "1 of them inconsistent; gate passed: every reviewed verdict as expected"
    )
    strict = cli("check", "--facts", str(facts), "--format", "json", "--strict")
    assert strict.code == 1
    document = json.loads(strict.stdout)
    assert document["summary"]["proposed"] == 2
    assert [(c["proposed"], c["fails_gate"]) for c in document["checks"]] == [(True, True)] * 2
    github = cli("check", "--facts", str(facts), "--format", "github", "--strict")
    assert "inconsistent%2C proposed and not reviewed%2C which --strict fails" in github.stdout


# Three inconsistencies: one proposed and not reviewed ("fails"), one
# recorded, one new (its check expects a consistent verdict).
FINDINGS = (
    PROPOSED
    + """
[checks.recorded]
left = "part"
right = "total"
statement = "s"
expect = "inconsistent"
why = "the part exceeds its total"

[checks.new]
left = "total"
right = "part"
statement = "s"
"""
)


def test_the_summary_says_which_inconsistencies_are_new_and_which_recorded(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FINDINGS, encoding="utf-8")
    run = cli("check", "--facts", str(facts), "--format", "text")
    assert run.code == 1, run
    assert run.stdout.splitlines()[-1] == (
        "# 4 checks: 1 consistent, 3 inconsistent (1 new, 1 recorded); 2 proposed checks "
        "not reviewed, 1 of them inconsistent; gate FAILED: 1 verdict(s) not as expected"
    )


def test_the_table_repeats_what_failed_after_the_last_check(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("COLUMNS", "80")
    facts = tmp_path / "facts.toml"
    facts.write_text(FINDINGS, encoding="utf-8")
    lines = cli("check", "--facts", str(facts), "--format", "table").stdout.splitlines()
    assert lines[-4:-2] == [
        "inconsistent: fails, recorded, new",
        "failing the gate: new (inconsistent, expected consistent)",
    ], lines
    passing = cli("check", "--format", "table").stdout.splitlines()
    assert passing[-3].startswith("inconsistent: gdp_vs_nbs, share_vs_nbs")
    assert not any(line.startswith("failing the gate") for line in passing)


@pytest.mark.parametrize("flag", ['"yes"', "1", "[]"])
def test_proposed_is_true_or_false(cli: Callable[..., Run], tmp_path: Path, flag: str) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(PROPOSED.replace("proposed = true", f"proposed = {flag}", 1), encoding="utf-8")
    run = cli("check", "--facts", str(facts))
    assert run.code == 2
    assert run.stderr.startswith(f"cnii: error: {facts}:")
    assert "checks.holds.proposed: must be true or false, not" in run.stderr
