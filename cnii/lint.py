"""Warnings that catch a useless fact base: an entry that no check uses, and
a check that can hardly fail. They change no verdict; under ``--strict``
they fail the gate."""

from __future__ import annotations

from cnii.interval import Interval
from cnii.records import Verdict
from cnii.results import CheckResult, Evaluation, Notice

# A side of a check "equal" that runs from x to ten times x, or across zero,
# would let almost any figure of its size pass.
TOO_WIDE = 10


def lint(evaluation: Evaluation, results: tuple[CheckResult, ...]) -> tuple[Notice, ...]:
    """Every warning about a compiled, evaluated fact base."""
    return (*_unused(evaluation), *(n for r in results if (n := _cannot_fail(r)) is not None))


def _unused(evaluation: Evaluation) -> list[Notice]:
    """Entries that no check rests on (unless the fact base says why with
    ``unchecked``)."""
    compiled = evaluation.compiled
    checks = compiled.checks.values()
    used = compiled.behind(name for check in checks for name in check.names)
    used.update(rate for check in checks for rate in check.check.rates or ())
    fact_base = compiled.fact_base
    notices = []
    for kind in ("claims", "references", "derivations"):
        for entry_id, entry in getattr(fact_base, kind).items():
            if entry_id not in used and entry.unchecked is None:
                notices.append(
                    Notice(
                        f"{kind}.{entry_id}",
                        'no check uses it (say why with unchecked = "...", or check it)',
                    )
                )
    return notices


def _cannot_fail(result: CheckResult) -> Notice | None:
    """A consistent check "equal" with a side so wide that almost any figure
    would have passed: it spans zero, or a factor of ten."""
    if result.check.relation != "equal" or result.verdict is not Verdict.CONSISTENT:
        return None
    for side in (result.left, result.right):
        interval = side.value.interval
        if interval is not None and _too_wide(interval):
            from cnii.render.values import format_value

            shown = format_value(side.value, result.unit)
            return Notice(
                f"checks.{result.id}",
                f"it can hardly fail: {side.expression} is {shown}, "
                + (
                    "from below zero to above it"
                    if interval.lo < 0 < interval.hi
                    else f"more than {TOO_WIDE} times as large at one end as at the other"
                ),
            )
    return None


def _too_wide(interval: Interval) -> bool:
    lo, hi = interval.lo, interval.hi
    if not (lo.is_finite() and hi.is_finite()):
        return False
    if lo < 0 < hi:
        return True
    low, high = sorted((abs(lo), abs(hi)))
    return bool(low) and high >= TOO_WIDE * low
