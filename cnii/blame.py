"""Which printed figure an inconsistent check points at: the one a reader
should see marked as wrong, the others being only involved.

Three signs, in this order, each deciding only among those the one before
left tied:

1. The figure's record across every check: one more for each inconsistent
   check it takes part in, one less for each consistent one (a figure that
   other checks bear out is less likely the wrong one). References are
   sourced and never blamed.
2. A misprint: a figure that a slipped digit, two digits swapped or a
   scale word off by a power of ten would put in the range the check needs
   of it (the explanation's range for that input, all else held).
3. The nearest: the figure that needs the smallest change, as a ratio, to
   make the check hold.

Where they still tie, every tied figure is marked: cnii does not guess.
"""

from __future__ import annotations

import itertools
import math
from collections.abc import Callable, Iterable, Mapping, Sequence
from decimal import Decimal
from typing import TYPE_CHECKING

from cnii.figures import parse_figure
from cnii.records import Verdict

if TYPE_CHECKING:
    from cnii.interval import Interval
    from cnii.results import CheckResult, Evaluation

__all__ = ["culprits", "misprints"]

# Powers of ten a scale word can be off by (thousand for million, 万 for 亿).
_SCALES = tuple(Decimal(10) ** k for k in range(-12, 13) if k)


def culprits(
    evaluation: Evaluation,
    results: Sequence[CheckResult],
    needed: Mapping[str, Mapping[str, Interval | None]],
) -> dict[str, tuple[str, ...]]:
    """For each inconsistent check, the claims it points at. ``needed``
    gives, for a check's id, the range each input would have to lie in."""
    compiled = evaluation.compiled
    claims = evaluation.fact_base.claims
    inputs = {
        r.id: [e for e in compiled.inputs(compiled.checks[r.id].names) if e in claims]
        for r in results
    }
    record: dict[str, int] = {}
    for result in results:
        step = {Verdict.INCONSISTENT: 1, Verdict.CONSISTENT: -1}.get(result.verdict, 0)
        for entry in inputs[result.id]:
            record[entry] = record.get(entry, 0) + step
    found = {}
    for result in results:
        if result.verdict is not Verdict.INCONSISTENT or not inputs[result.id]:
            continue
        ranges = needed.get(result.id, {})
        tied = _best(inputs[result.id], record.__getitem__)
        slips = {e: misprints(evaluation, e, ranges.get(e)) > 0 for e in tied}
        tied = _best(tied, slips.__getitem__)
        away = {e: -_distance(evaluation, e, ranges.get(e)) for e in tied}
        found[result.id] = tuple(_best(tied, away.__getitem__))
    return found


def _best(entries: Iterable[str], score: Callable[[str], float]) -> list[str]:
    """The entries with the highest score."""
    scored = [(score(e), e) for e in entries]
    top = max(s for s, _ in scored)
    return [e for s, e in scored if s == top]


def _distance(evaluation: Evaluation, entry: str, needed: Interval | None) -> float:
    """How far, as the logarithm of a ratio, the figure lies from the range
    the check needs of it; infinite where no value of it alone would do."""
    value = evaluation.values[entry]
    if needed is None or value.point is None or value.point <= 0:
        return math.inf
    if needed.lo <= value.point <= needed.hi:
        return 0.0
    nearest = needed.lo if value.point < needed.lo else needed.hi
    if nearest <= 0 or nearest.is_infinite():
        return math.inf
    return float(abs((value.point / nearest).log10()))


def misprints(evaluation: Evaluation, entry: str, needed: Interval | None) -> int:
    """How many misprints of the claim's printed number (one digit changed,
    two next to each other swapped, the scale off by a power of ten) give a
    value in ``needed``."""
    value = evaluation.values[entry]
    if needed is None or value.point is None:
        return 0
    figure = parse_figure(evaluation.fact_base.claims[entry].value)  # loaded: it parses
    text, number = figure.digits.replace(",", "").lstrip("-"), abs(figure.number)
    if not number:
        return 0
    factor = value.point / number  # the claim's unit and scale, in root units
    found = 0
    for other in _variants(text):
        shown = Decimal(other) * factor
        found += needed.lo <= shown <= needed.hi
    for scale in _SCALES:
        found += needed.lo <= value.point * scale <= needed.hi
    return found


def _variants(text: str) -> Iterable[str]:
    """The number with one digit changed, or two neighbouring digits swapped."""
    digits = [i for i, ch in enumerate(text) if ch.isdigit()]
    for i in digits:
        for digit in "0123456789":
            if digit != text[i]:
                yield text[:i] + digit + text[i + 1 :]
    for a, b in itertools.pairwise(digits):
        if b == a + 1 and text[a] != text[b]:
            yield text[:a] + text[b] + text[a] + text[b + 1 :]
