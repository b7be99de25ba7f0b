"""Relations to verdicts, the gap, the rounding flag, and the gate."""

from __future__ import annotations

from decimal import Decimal as D

import pytest
from pint.util import UnitsContainer

import cnii
from cnii.checks import gap, judge
from cnii.errors import ExitCode
from cnii.interval import INF, Interval
from cnii.records import Verdict
from cnii.value import Value

from .conftest import REPO


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
