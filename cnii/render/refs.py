"""``cnii refs``: the reference data cnii bundles, and one series of it with
where each figure comes from."""

from __future__ import annotations

from typing import IO, Any

from cnii import __version__
from cnii.refs import Listing, Series
from cnii.render.common import (
    console_for,
    grid,
    section,
    styled,
    wrap,
    write_comment,
    write_json,
    write_rows,
)

_HOW = (
    'include = ["PACK"] in a fact base brings in a pack\'s references; '
    "cnii refs SERIES shows one series with its sources"
)


def _periods(series: Series) -> str:
    return ", ".join(series.periods)


def refs_table(listing: Listing, stream: IO[str]) -> None:
    console = console_for(stream)
    console.print(styled(f"cnii refs: the reference data of cnii {__version__}", "bold"))
    console.print(section("series of the bundled packs"))
    grid(console, [(s.pack, s.name, _periods(s), s.title) for s in listing.series])
    console.print(section("exchange rates, looked up offline"))
    console.print(styled(wrap(listing.ecb, console.width, 2, 4)))
    console.print(styled(wrap(_HOW, console.width), "dim"))


def refs_text(listing: Listing, stream: IO[str]) -> None:
    write_comment(stream, f"cnii {__version__} refs")
    write_rows(
        stream,
        [
            ("source", "series", "periods", "title"),
            *((s.pack, s.name, _periods(s), s.title) for s in listing.series),
            ("ecb", "PAIR", "", listing.ecb),
        ],
    )


def refs_json(listing: Listing, stream: IO[str]) -> None:
    write_json(
        {
            "cnii": __version__,
            "series": [_series_json(s) for s in listing.series],
            "ecb": listing.ecb,
        },
        stream,
    )


def _series_json(series: Series) -> dict[str, Any]:
    return {
        "name": series.name,
        "source": series.pack,
        "title": series.title,
        "periods": list(series.periods),
        "entries": [entry._asdict() for entry in series.entries],
    }


def series_table(series: Series, stream: IO[str]) -> None:
    console = console_for(stream)
    console.print(styled(f"cnii refs: {series.pack} {series.name}", "bold"))
    console.print(styled(wrap(series.title, console.width, 2, 2)))
    for entry in series.entries:
        console.print(section(f"{entry.id} ({entry.period}, {entry.status})"))
        rows = [("value", entry.value), ("source", entry.source), ("published", entry.date)]
        grid(console, [*rows, *([("url", entry.url)] if entry.url else [])])
    if not series.entries:
        console.print(
            styled(
                wrap(
                    f'In a fact base: lookup = "ecb", series = "{series.name}", and a date '
                    '(the fixing of that day) or a period ("2024", "2024-12": the average).',
                    console.width,
                ),
                "dim",
            )
        )


def series_text(series: Series, stream: IO[str]) -> None:
    write_comment(stream, f"cnii {__version__} refs: {series.pack} {series.name}")
    write_rows(
        stream,
        [
            ("id", "period", "value", "status", "published", "source", "url"),
            *(
                (e.id, e.period, e.value, e.status, e.date, e.source, e.url or "")
                for e in series.entries
            ),
        ],
    )
    write_comment(stream, series.title)


def series_json(series: Series, stream: IO[str]) -> None:
    write_json({"cnii": __version__, **_series_json(series)}, stream)
