"""Warnings that catch a useless fact base: an entry no check uses, a check
that can hardly fail. They change no verdict; --strict fails on them."""

from __future__ import annotations

import json
from collections.abc import Callable
from decimal import Decimal as D
from pathlib import Path

import pytest

import cnii
from cnii.interval import INF, Interval
from cnii.lint import _too_wide

from .conftest import REPO, Run

TRADE = REPO / "tests" / "data" / "valid" / "trade_2024.toml"


def test_the_bundled_fact_base_has_no_warnings() -> None:
    assert cnii.check(REPO / "facts.toml").notices == ()


def test_an_unused_entry_and_a_check_that_cannot_fail() -> None:
    text = TRADE.read_text(encoding="utf-8").replace(
        'unchecked = "The GAC does not publish the count of major partners."\n', ""
    )
    notices = cnii.check(cnii.loads(text, "trade.toml")).notices
    assert [(n.entry, n.message.split(":")[0]) for n in notices] == [
        ("claims.partners", 'no check uses it (say why with unchecked = "...", or check it)'),
        ("checks.pace_quickened", "it can hardly fail"),
    ]
    assert "-0.45 to 0.65 pp, from below zero to above it" in notices[1].message


@pytest.mark.parametrize(
    ("interval", "wide"),
    [
        (Interval(D("-2.27"), D("2.86")), True),  # any figure passes
        (Interval(D("1"), D("10")), True),
        (Interval(D("-10"), D("-1")), True),
        (Interval(D("0.05"), D("0.15")), False),  # "0.1 pp": coarse, but it can fail
        (Interval(D("39.97"), D("40.35")), False),
        (Interval(D("700"), INF, True), False),  # a bound, not a wide figure
        (Interval(D("0"), D("5")), False),
    ],
)
def test_too_wide(interval: Interval, wide: bool) -> None:
    assert _too_wide(interval) is wide


def test_warnings_on_stderr_and_in_json_fail_only_under_strict(
    cli: Callable[..., Run],
) -> None:
    run = cli("check", "--facts", str(TRADE), "--format", "json")
    assert run.code == 0
    assert run.stderr == (
        f"cnii: warning: {TRADE}:90: checks.pace_quickened: it can hardly fail: "
        "pp_change(trade_growth, growth_11m) is -0.45 to 0.65 pp, from below zero to above it\n"
    )
    document = json.loads(run.stdout)
    assert document["warnings"] == [
        {
            "entry": "checks.pace_quickened",
            "line": 90,
            "message": run.stderr.split("checks.pace_quickened: ")[1].strip(),
        }
    ]
    assert document["summary"]["passed"] is True
    strict = cli("check", "--facts", str(TRADE), "--format", "text", "--strict")
    assert strict.code == 1
    assert strict.stdout.splitlines()[-1].endswith(
        "1 warning; gate FAILED: warnings under --strict"
    )


def test_unchecked_needs_a_reason(tmp_path: Path) -> None:
    text = TRADE.read_text(encoding="utf-8").replace(
        'unchecked = "The GAC does not publish the count of major partners."', 'unchecked = ""'
    )
    with pytest.raises(cnii.CniiError, match=r"claims\.partners\.unchecked"):
        cnii.loads(text, "trade.toml")
