"""A quantity as cnii computes with it: its root units and the interval it
may lie in. Below the calculator and the unit registry, which both speak of
it, so that neither imports the other for it."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING

from cnii.interval import Interval

if TYPE_CHECKING:
    from pint.util import UnitsContainer


@dataclass(frozen=True, slots=True)
class Value:
    """A quantity in root units. ``interval`` is None when it cannot be known,
    and ``missing`` then says why. ``point`` is the value computed from the
    printed figures themselves (None where a figure is only a bound, such as
    "over 17,000"): a check that holds for the intervals but not for the
    points holds only through rounding."""

    unit: UnitsContainer
    interval: Interval | None
    missing: str | None = None
    point: Decimal | None = None
