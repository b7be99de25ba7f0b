"""cnii coverage: every number phrase of a text, and what covers it."""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cnii
from cnii import phrases
from cnii.phrases import Status, _occurrences

from .conftest import Run

FACTS = """
[units]
province = "count"

[claims.output]
printed = "1.53 trillion yuan"
value = "1.53 trillion CNY"
period = "2024"
statement = "Output."

[claims.provinces]
printed = "ten provinces"
value = "10 provinces"
period = "2024"
statement = "Provinces above the line."

[claims.share]
printed = "3.81 percent of GDP"
value = "3.81 %"
period = "2024"
statement = "Share of GDP."

[checks.c]
left = "output"
right = "output"
statement = "Output equals itself."
"""

TEXT = """Output reached 1.53 trillion yuan in 2024, or 3.81 percent of GDP.
In ten provinces it grew; the plant covers 700,000 square meters.
Output, 1.53 trillion, was reported on March 29, 2024, by 5G firms (see SU7).
Only one of them had more than twenty-one sites, and 12% of the rest.
"""


def covered(text: str, facts: str = FACTS) -> list[tuple[str, Status, tuple[str, ...]]]:
    result = phrases.cover(cnii.loads(facts, "facts.toml"), text, "article.txt")
    return [(p.text, p.status, p.claims) for p in result.phrases]


def test_every_number_phrase_and_what_covers_it() -> None:
    assert covered(TEXT) == [
        ("1.53 trillion yuan", Status.COVERED, ("output",)),
        ("2024", Status.DATE, ()),
        ("3.81 percent", Status.COVERED, ("share",)),
        ("ten", Status.COVERED, ("provinces",)),
        ("700,000", Status.UNCOVERED, ()),
        ("1.53 trillion", Status.REPEATED, ("output",)),  # the same figure, elsewhere
        ("March 29, 2024", Status.DATE, ()),
        ("twenty-one", Status.UNCOVERED, ()),
        ("12%", Status.UNCOVERED, ()),
    ]


@pytest.mark.parametrize(
    ("text", "phrases"),
    [
        ("about $210 billion", ["$210 billion"]),
        ("grew 10.65 percent year on year", ["10.65 percent"]),
        ("the 100-billion-yuan milestone", ["100-billion-yuan"]),
        ("1.53万亿元 in value added", ["1.53万亿元"]),
        ("over 17,000 projects and 41 sectors", ["17,000", "41"]),
        ("5G factories, the SU7 and a 3D printer", []),  # names, not numbers
        ("fifteen regions and four cities", ["fifteen", "four"]),
        ("no one came", []),
        ("on 2024-12-31 and in 1999, version 2.5", ["2024-12-31", "1999", "2.5"]),
        ("quickening by 0.4 percentage points", ["0.4 percentage points"]),
        ("0.4 pp, not 0.4 percent", ["0.4 pp", "0.4 percent"]),
        ("about 6.1 trillion U.S. dollars", ["6.1 trillion U.S. dollars"]),
        ("US$6.1 trillion and HK$3 billion", ["US$6.1 trillion", "HK$3 billion"]),
        ("1.2 million tonnes of steel", ["1.2 million tonnes"]),
        ("十个省份和四成企业", ["十", "四"]),  # Chinese numerals that count
        ("超過1.7萬億元", ["1.7萬億元"]),
        ("總花費5.75兆元,裝機100兆瓦", ["5.75兆元", "100"]),  # 兆瓦 is a megawatt
        ("统一的标准,第三次会议", []),  # a numeral in a word, an ordinal
    ],
)
def test_number_phrases(text: str, phrases: list[str]) -> None:
    assert [p for p, _, _ in covered(text)] == phrases


def test_a_year_with_a_unit_is_an_amount_not_a_date() -> None:
    assert covered("a budget of 2024 million yuan")[0][1] is Status.UNCOVERED


def test_a_mistyped_printed_figure_fails(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(
        FACTS.replace('printed = "1.53 trillion yuan"', 'printed = "1.35 trillion yuan"').replace(
            '"1.53 trillion CNY"', '"1.35 trillion CNY"'
        ),
        encoding="utf-8",
    )
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    run = cli("coverage", "--source", str(article), "--facts", str(facts))
    assert run.code == 1, run
    assert "-\t-\t1.35 trillion yuan\tnot in text\toutput" in run.stdout
    assert "FAILED: 1 claim(s) not in the text: output" in run.stdout


def test_typographic_quotes_and_spacing_do_not_matter() -> None:
    facts = FACTS.replace('printed = "ten provinces"', 'printed = "ten provinces\'  growth"')
    result = phrases.cover(
        cnii.loads(facts, "facts.toml"), "In ten provinces\u2019 growth it rose.", "a.txt"
    )
    assert "provinces" not in result.missing


def test_coverage_command(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    run = cli("coverage", "-s", str(article), "-f", str(facts), "--format", "json")
    assert run.code == 0, run
    document = json.loads(run.stdout)
    assert document["passed"] is True and document["missing"] == []
    assert document["phrases"][0] == {
        "text": "1.53 trillion yuan",
        "line": 1,
        "column": 16,
        "status": "covered",
        "claims": ["output"],
        "more_claims": 0,
    }


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (None, ": no such file"),
        (b"caf\xe9", ":1: article is not UTF-8 text (byte 0xe9)"),
    ],
)
def test_an_unreadable_article(
    cli: Callable[..., Run], tmp_path: Path, content: bytes | None, message: str
) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    run = cli("coverage", "-s", str(article), "-f", str(facts))
    assert run.code == 2
    assert run.stderr.startswith(f"cnii: error: {article}")
    assert message in run.stderr


def test_coverage_never_writes_over_the_article(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    article = tmp_path / "article.txt"
    article.write_text(TEXT, encoding="utf-8")
    run = cli("coverage", "-s", str(article), "-f", str(facts), "-o", str(article))
    assert run.code == 2
    assert "refusing to write the report over an input" in run.stderr
    assert article.read_text(encoding="utf-8") == TEXT


def test_coverage_reads_the_article_the_fact_base_names(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """Without --source, the article is [article] source, beside the fact
    base; a fact base without checks is fine here (only check needs them)."""
    (tmp_path / "story.txt").write_text("Sales were $12 million.\n", encoding="utf-8")
    facts = tmp_path / "facts.toml"
    facts.write_text(
        '[article]\ntitle = "T"\ndate = 2024-01-01\nsource = "story.txt"\n'
        '[claims.sales]\nprinted = "$12 million"\nvalue = "12 million USD"\n'
        'period = "2023"\nstatement = "Sales."\n',
        encoding="utf-8",
    )
    run = cli("coverage", "-f", str(facts), "--format", "json")
    assert run.code == 0, run
    document = json.loads(run.stdout)
    assert document["source"] == str(tmp_path / "story.txt")
    assert [p["claims"] for p in document["phrases"]] == [["sales"]]
    facts.write_text(facts.read_text(encoding="utf-8").replace('source = "story.txt"\n', ""))
    run = cli("coverage", "-f", str(facts))
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {facts}: no article: name its text with --source, or in [article] source\n",
    )


def test_a_phrase_lists_ten_claims_and_counts_the_rest() -> None:
    """An article that repeats a figure n times, printed by n claims: each
    phrase lists ten and counts the others, so the report grows with n, not
    n squared."""
    claims = "".join(
        f'[claims.c{i}]\nprinted = "1.53 trillion yuan"\nvalue = "1.53 trillion CNY"\n'
        f'period = "2024"\nstatement = "s"\n'
        for i in range(25)
    )
    facts = claims + '[checks.k]\nleft = "c0"\nright = "c1"\nstatement = "s"\n'
    found = phrases.cover(cnii.loads(facts), "It was 1.53 trillion yuan. " * 30, "a.txt")
    assert len(found.phrases) == 30
    assert {(p.claims, p.more) for p in found.phrases} == {
        (tuple(sorted(f"c{i}" for i in range(25))[:10]), 15)
    }
    row = coverage_text_of(found).splitlines()[2]
    assert row.endswith(",and 15 more"), row


def coverage_text_of(found: phrases.Coverage) -> str:
    import io

    from cnii.render.coverage import coverage_text

    stream = io.StringIO()
    coverage_text(found, stream)
    return stream.getvalue()


@given(
    text=st.text(st.sampled_from("1 2,.$a%万亿9"), max_size=40),
    figures=st.lists(st.text(st.sampled_from("1 2,.$a%万亿9"), min_size=1, max_size=6), max_size=6),
)
def test_occurrences_are_those_a_search_for_each_figure_finds(
    text: str, figures: list[str]
) -> None:
    """One pass over the text's numbers finds what one search per figure
    finds: every start, left to right, without overlaps, also inside a
    longer number ("1,001" in "21,001") and for figures without digits."""
    found = _occurrences(list(dict.fromkeys(figures)), text)
    for figure in figures:
        assert found[figure] == [m.start() for m in re.finditer(re.escape(figure), text)]


NO_CLAIMS = (
    '[claims.x]\nprinted = "7 tonnes"\nvalue = "7 tonnes"\nperiod = "2024"\nstatement = "s"\n'
)


@pytest.mark.parametrize(
    ("text", "listed"),
    [
        ("The photo (20240101) shows the plant.", ["(20240101)"]),
        ("Filed on 03-14-19 (03-14-19).", ["03-14-19", "03-14-19"]),
        ("On 14/03/2019 it began.", ["14/03/2019"]),
        ("In the 2021-22 fiscal year the plan began.", ["2021-22"]),
        ("On March 5, 2024 the ministry spoke.", ["March 5, 2024"]),
        ("On 5 March 2024 the ministry spoke.", ["5 March 2024"]),
        ("On the 5th of March the ministry spoke.", ["5th of March"]),
        ("2024年12月31日工信部发布。", ["2024年12月31日"]),
        ("10月出口增长。", ["10月"]),
        ("首9个月产量下降。", ["9个"]),
        ("两个小时后会议结束。", ["两个"]),
    ],
)
def test_what_the_drafter_skips_as_a_date_coverage_lists_as_one(
    text: str, listed: list[str]
) -> None:
    """One definition of a date, a span of time and a photo code
    (cnii/dates.py): the drafter drafts no claim from them, and coverage
    lists them as dates, never as uncovered numbers."""
    from cnii.draft import draft

    drafted = draft(text, "article.txt")
    assert drafted.claims == []
    assert covered(text, NO_CLAIMS) == [(phrase, Status.DATE, ()) for phrase in listed]
