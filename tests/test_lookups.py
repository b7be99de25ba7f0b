"""References that fill themselves: ECB euro reference rates, offline."""

from __future__ import annotations

import datetime
import json
import subprocess
import sys
from collections.abc import Callable
from decimal import Decimal, localcontext
from pathlib import Path

import pytest

import cnii
from cnii import lookups
from cnii.errors import ReferenceDataError
from cnii.records import Verdict

from .conftest import REPO, Run

FACTS = """
[article]
title = "t"
date = 2024-12-31

[claims.core]
printed = "1.53 trillion yuan"
value = "1.53 trillion CNY"
period = "2024"
statement = "s"

[claims.core_usd]
printed = "$213 billion"
value = "213 billion USD"
period = "2024"
statement = "s"

[references.rate]
lookup = "ecb"
series = "USD/CNY"
date = 2024-12-31
statement = "The dollar in yuan."

[derivations.implied_usd]
formula = "convert(core, rate)"
statement = "s"

[checks.conversion]
left = "implied_usd"
right = "core_usd"
statement = "The dollar figure is the yuan figure at the rate."
"""


def rates_of(day: datetime.date) -> dict[str, Decimal]:
    """The ECB's published rates of one day, from the data as shipped."""
    table = lookups.ecb_rates()
    at = table.days.index(day)
    found = {code: table.rates(code)[at] for code in table.codes}
    return {code: rate for code, rate in found.items() if rate is not None}


def test_a_cross_rate_holds_what_the_published_digits_allow() -> None:
    day = datetime.date(2024, 12, 31)
    published = rates_of(day)
    found = lookups.ecb("USD/CNY", day, None, "references.rate")
    cross = published["CNY"] / published["USD"]
    assert found.low < cross < found.high
    # half a unit of the 4th decimal either way, on both rates, and no more
    with localcontext(prec=80):
        lo = (published["CNY"] - Decimal("0.00005")) / (published["USD"] + Decimal("0.00005"))
        hi = (published["CNY"] + Decimal("0.00005")) / (published["USD"] - Decimal("0.00005"))
    assert found.low <= lo and found.high >= hi
    assert hi - lo > (found.high - found.low) * Decimal("0.999")
    assert found.unit == "CNY / USD" and found.note is None
    assert "ECB euro reference rate of 2024-12-31, USD/CNY as a cross via EUR" in found.source
    point, step = lookups.as_figure(found)  # as a reference writes it: holds the interval
    assert point - step / 2 <= found.low and found.high <= point + step / 2


def test_a_rate_against_the_euro_is_the_published_one() -> None:
    day = datetime.date(2024, 12, 31)
    found = lookups.ecb("EUR/USD", day, None, "references.rate")
    assert found.point == rates_of(day)["USD"]
    assert "cross" not in found.source


def test_a_day_without_a_fixing_takes_the_last_before_and_says_so() -> None:
    sunday = datetime.date(2024, 12, 29)
    found = lookups.ecb("USD/CNY", sunday, None, "references.rate")
    friday = lookups.ecb("USD/CNY", datetime.date(2024, 12, 27), None, "references.rate")
    assert (found.low, found.high) == (friday.low, friday.high)
    assert found.note == "no fixing on 2024-12-29: the last before, of 2024-12-27"


@pytest.mark.parametrize("period", ["2024", "2024-12", "2019-02"])
def test_an_average_lies_among_the_days_it_averages(period: str) -> None:
    found = lookups.ecb("USD/CNY", None, period, "references.rate")
    table = lookups.ecb_rates()
    days = [d for d in table.days if d.isoformat().startswith(period)]
    daily = [lookups.ecb("USD/CNY", d, None, "r") for d in days]
    assert min(d.low for d in daily) <= found.low <= found.high <= max(d.high for d in daily)
    assert f"averaged over {period} ({len(days)} fixings," in found.source


@pytest.mark.parametrize(
    ("series", "day", "period", "message"),
    [
        ("USD-CNY", datetime.date(2024, 12, 31), None, "must name a pair of currencies"),
        ("USD/XYZ", datetime.date(2024, 12, 31), None, "the ECB publishes no rate for XYZ"),
        ("USD/CNY", datetime.date(2099, 1, 1), None, "2099-01-01 is not inside the ECB rates"),
        ("USD/CNY", datetime.date(1998, 1, 1), None, "is not inside the ECB rates installed"),
        ("USD/CNY", None, "2024-13", "an average is over a year or a month"),
        ("USD/CNY", None, "2099", "2099 is not wholly inside the ECB rates"),
        ("USD/CNY", None, "0000", "0000 is not wholly inside"),
        ("USD/CNY", None, "1999", "the ECB published no USD/CNY rate in 1999"),
    ],
)
def test_what_the_data_do_not_hold_is_a_clear_error(
    series: str, day: datetime.date | None, period: str | None, message: str
) -> None:
    with pytest.raises(ReferenceDataError, match=message):
        lookups.ecb(series, day, period, "references.rate")


def test_a_lookup_fills_the_reference_and_every_output_names_its_source() -> None:
    report = cnii.check(cnii.loads(FACTS))
    reference = report.fact_base.references["rate"]
    assert reference.source is not None and reference.source.startswith("ECB euro reference")
    assert reference.url is not None and reference.url.startswith("https://www.ecb.europa.eu/")
    (result,) = report.results
    # 1.53 trillion / 7.2994 is 209.6 billion: $213 billion is not the ECB conversion
    assert result.verdict is Verdict.INCONSISTENT
    assert result.flags == (f"rate is the {reference.source}",)


def test_the_command_line_prints_the_source_and_date(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS.replace("date = 2024-12-31\nstatement", "date = 2024-12-29\nstatement"))
    run = cli("check", "--facts", str(facts), "--format", "text")
    assert run.code == 1, run
    assert "note: rate is the ECB euro reference rate of 2024-12-27" in run.stdout
    assert "no fixing on 2024-12-29: the last before, of 2024-12-27" in run.stdout


@pytest.mark.parametrize(
    ("change", "where", "message"),
    [
        (
            ("date = 2024-12-31\nstatement", "date = 2099-01-01\nstatement"),
            "rate.date",
            "not inside",
        ),
        (('lookup = "ecb"', 'lookup = "ecb"\nvalue = "7.2 CNY / USD"'), "rate", "fills its value"),
        (('lookup = "ecb"', 'lookup = "imf"'), "rate.lookup", "'imf' is not allowed"),
        (('series = "USD/CNY"\n', ""), "rate", "needs a series"),
        (("date = 2024-12-31\nstatement", "statement"), "rate", "needs a date"),
        (("date = 2024-12-31\nstatement", 'date = "end of 2024"\nstatement'), "rate.date", "a day"),
        (('lookup = "ecb"\n', ""), "rate", "needs a source"),
    ],
)
def test_a_broken_lookup_is_one_line_naming_the_entry(
    cli: Callable[..., Run], tmp_path: Path, change: tuple[str, str], where: str, message: str
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS.replace(*change, 1))
    run = cli("check", "--facts", str(facts))
    assert run.code == 2, run
    assert run.stderr.startswith(f"cnii: error: {facts}:")
    assert f": references.{where}" in run.stderr and message in run.stderr
    assert run.stderr.count("\n") == 1


def test_no_lookup_reads_no_data() -> None:
    """The ECB history is read only for a fact base that asks for it."""
    code = "import cnii, sys; cnii.check(sys.argv[1]); print('cnii.lookups' in sys.modules)"
    done = subprocess.run(
        [sys.executable, "-c", code, str(REPO / "facts.toml")],
        capture_output=True,
        text=True,
        check=True,
    )
    assert done.stdout.strip() == "False"


def test_a_drafted_conversion_is_checked_against_the_rate_of_the_article_date() -> None:
    from cnii.draft import draft, settled, to_toml

    text = "BEIJING, 2024-12-31 (Xinhua) Output reached 1.53 trillion yuan (about $210 billion)."
    toml = settled(to_toml(draft(text, "a.txt")), "d.toml")
    assert 'lookup = "ecb"\nseries = "USD/CNY"\ndate = 2024-12-31' in toml
    report = cnii.check(cnii.loads(toml, "d.toml"))
    rate = next(r for r in report.results if r.id.endswith("_is_rate"))
    assert rate.verdict is Verdict.CONSISTENT and rate.proposed


def test_the_lookups_of_one_fact_base_are_bounded(cli: Callable[..., Run], tmp_path: Path) -> None:
    many = "".join(
        f'\n[references.r{i}]\nlookup = "ecb"\nseries = "USD/CNY"\nperiod = "2024"\n'
        f'statement = "s"\nunchecked = "many"\n'
        for i in range(lookups.MAX_LOOKUPS + 1)
    )
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS + many)
    run = cli("check", "--facts", str(facts))
    assert run.code == 2, run
    assert f"{lookups.MAX_LOOKUPS + 2} lookups: more than the limit of" in run.stderr


PACKED = """
include = ["cnii:china"]

[article]
title = "t"
date = 2024-12-31

[claims.core]
printed = "1.53 trillion yuan"
value = "1.53 trillion CNY"
period = "2024"
statement = "s"

[claims.share]
printed = "3.81 percent"
value = "3.81 %"
period = "2024"
statement = "s"

[derivations.implied_gdp]
formula = "implied_total(core, share)"
statement = "s"

[checks.gdp]
left = "implied_gdp"
right = "nbs_gdp_2024"
statement = "The implied GDP is NBS's."
"""


def test_a_bundled_pack_is_included_by_name_and_its_figures_say_where_from(
    tmp_path: Path,
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(PACKED)
    report = cnii.check(facts)
    (result,) = report.results
    assert result.verdict is Verdict.INCONSISTENT  # 1.53 trillion is not 3.81 % of 134.9
    reference = report.fact_base.references["nbs_gdp_2024"]
    assert reference.status == "preliminary" and reference.date == "2025-01-17"
    assert result.flags == (
        f"nbs_gdp_2024 is from cnii:china: {reference.source}, {reference.date}; "
        "nbs_gdp_2024 (preliminary) is replaced by nbs_gdp_2024_final (final)",
    )
    assert not report.notices  # the pack's other figures are not warned about


def test_every_figure_of_a_pack_is_sourced_and_dated() -> None:
    from cnii.factbase import PACKS, pack_references

    for name in PACKS:
        for entry_id, reference in pack_references(name).items():
            assert reference.source and reference.date and reference.value, entry_id
            assert reference.status in ("preliminary", "final", "revised", "confirmed")


def test_an_unknown_pack_is_one_line(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(PACKED.replace("cnii:china", "cnii:mars"))
    run = cli("check", "--facts", str(facts))
    assert run.code == 2
    assert f"{facts}:2: include: no reference pack 'cnii:mars' (cnii bundles: china)" in run.stderr


def test_a_drafted_share_of_gdp_is_checked_against_the_pack() -> None:
    from cnii.draft import draft, settled, to_toml

    text = "In 2024 the core sector reached 1.53 trillion yuan, 3.81 percent of the national GDP."
    toml = settled(to_toml(draft(text, "a.txt")), "d.toml")
    assert 'include = ["cnii:china"]' in toml
    report = cnii.check(cnii.loads(toml, "d.toml"))
    (gdp,) = [r for r in report.results if r.right.expression == "nbs_gdp_2024"]
    assert gdp.verdict is Verdict.INCONSISTENT and gdp.proposed


def test_refs_lists_every_series_of_every_pack_and_the_exchange_rates(
    cli: Callable[..., Run],
) -> None:
    from cnii.factbase import PACKS, pack_references

    run = cli("refs", "--format", "text")
    assert run.code == 0, run
    rows = [line.split("\t") for line in run.stdout.splitlines() if not line.startswith("#")]
    assert rows[0] == ["source", "series", "periods", "title"]
    listed = {(row[0], row[1]): row[2] for row in rows[1:]}
    assert listed[("cnii:china", "nbs_gdp")] == ", ".join(str(y) for y in range(2010, 2025))
    assert listed[("cnii:china", "nbs_population")].startswith("2010, 2011, ")
    assert listed[("cnii:china", "cfets_parity")] == "2024-12-31"
    named = {row[1] for row in rows[1:] if row[0] != "ecb"}
    for pack in PACKS:  # every reference of a pack is in one listed series
        for entry_id in pack_references(pack):
            assert any(entry_id == s or entry_id.startswith(f"{s}_") for s in named), entry_id
    (ecb,) = [row for row in rows if row[0] == "ecb"]
    assert "CNY" in ecb[3] and "USD" in ecb[3] and "daily from 1999-01-04" in ecb[3]


def test_refs_shows_one_series_with_the_source_of_each_figure(cli: Callable[..., Run]) -> None:
    run = cli("refs", "nbs_gdp", "--format", "json")
    assert run.code == 0, run
    shown = json.loads(run.stdout)
    assert (shown["name"], shown["source"]) == ("nbs_gdp", "cnii:china")
    assert shown["title"] == "National Bureau of Statistics of China"
    entries = {entry["id"]: entry for entry in shown["entries"]}
    assert entries["nbs_gdp_2024"]["value"] == "134.9084 trillion CNY"
    assert entries["nbs_gdp_2024"]["status"] == "preliminary"
    assert entries["nbs_gdp_2024"]["date"] == "2025-01-17"
    assert all(entry["source"] for entry in shown["entries"])
    same = cli("refs", "cnii:china/nbs_gdp", "--format", "json")
    assert json.loads(same.stdout) == shown
    rate = cli("refs", "usd/cny", "--format", "text")
    assert rate.code == 0, rate
    assert "CNY per USD, a cross rate via EUR; ECB euro reference rates" in rate.stdout


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("gdp", "refs: no series 'gdp' (the packs have nbs_gdp, cfets_parity, nbs_population;"),
        ("cnii:other/nbs_gdp", "refs: no series 'cnii:other/nbs_gdp'"),
        ("USD/XYZ", "refs: no exchange rate for XYZ (the ECB publishes EUR and AUD"),
    ],
)
def test_refs_of_an_unknown_series_is_one_line(
    cli: Callable[..., Run], name: str, message: str
) -> None:
    run = cli("refs", name)
    assert run.code == 2 and run.stdout == "", run
    assert run.stderr.startswith(f"cnii: error: {message}") and run.stderr.count("\n") == 1
