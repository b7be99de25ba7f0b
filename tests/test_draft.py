"""cnii draft: an article's text to a fact base that loads, with the
relations between its numbers proposed."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

import cnii
from cnii.draft import Draft, draft, settled, to_toml
from cnii.figures import parse_figure
from cnii.units import Units

from .conftest import REPO, Run

ARTICLES = REPO / "tests" / "data" / "articles"
UNITS = Units({"region": "count", "project": "count", "sector": "count", "factory": "count"})


def meaning(value: str) -> tuple[object, ...]:
    """A value as cnii reads it: number, scale and dimension."""
    figure = parse_figure(value)
    unit = UNITS.parse(figure.unit_text.replace("regions", "region"))
    return figure.number * unit.factor, dict(unit.root)


def drafted(path: Path) -> Draft:
    return draft(path.read_text(encoding="utf-8"), path.name)


def test_the_bundled_article_drafts_the_hand_written_claims() -> None:
    """Each of the 14 claims written by hand has a drafted claim over the same
    phrase, with the same value, unit and qualifier for at least 13."""
    result = drafted(REPO / "article.txt")
    text = (REPO / "article.txt").read_text(encoding="utf-8")
    hand = cnii.load(str(REPO / "facts.toml")).claims
    same = 0
    for claim_id, claim in hand.items():
        places = [m.start() for m in re.finditer(re.escape(claim.printed), text)]
        assert places, claim_id
        width = len(claim.printed)
        over = [c for c in result.claims for at in places if c.start < at + width and at < c.end]
        assert over, f"no drafted claim over {claim.printed!r}"
        same += any(
            meaning(c.value) == meaning(claim.value) and c.qualifier == claim.qualifier
            for c in over
        )
    assert len(hand) == 14
    assert same >= 13


def test_the_three_relations_the_project_was_built_around() -> None:
    toml = to_toml(drafted(REPO / "article.txt"))
    assert 'formula = "prior_year(internet_sector, internet_sector_growth)"' in toml
    assert 'formula = "implied_total(internet_sector, internet_sector_gdp_share)"' in toml
    assert 'formula = "implied_rate(internet_sector, internet_sector_usd)"' in toml
    assert "[checks.factories_2_within_factories]" in toml  # 700 among more than 4,000


# A real article the project was not built on (Xinhua, 2025-01-13), with the
# claims a fact-checker lists, by hand: (printed, value, qualifier).
TRADE_CLAIMS = {
    ("43.85 trillion yuan", "43.85 trillion CNY", ""),
    ("6.1 trillion U.S. dollars", "6.1 trillion USD", "about"),
    ("5 percent", "5 %", ""),
    ("7.1 percent", "7.1 %", ""),
    ("25.45 trillion yuan", "25.45 trillion CNY", ""),
    ("2.3 percent", "2.3 %", ""),
    ("18.39 trillion yuan", "18.39 trillion CNY", ""),
    ("150 countries", "150 countries", "more than"),
    ("16 measures", "16 measures", ""),
    ("20 cities", "20 regions", ""),
}


def test_a_real_article_recall_and_precision() -> None:
    result = drafted(ARTICLES / "xinhua_trade_2024.txt")
    text = (ARTICLES / "xinhua_trade_2024.txt").read_text(encoding="utf-8")
    found = 0
    real = set()
    for printed, value, qualifier in TRADE_CLAIMS:
        where = text.find(printed)
        for claim in result.claims:
            if claim.start < where + len(printed) and where < claim.end:
                real.add(claim.id)
                units = Units({"country": "count", "measure": "count", "region": "count"})
                a = parse_figure(claim.value)
                b = parse_figure(value)
                same = (
                    a.number * units.parse(a.unit_text).factor
                    == b.number * units.parse(b.unit_text).factor
                    and units.parse(a.unit_text).root == units.parse(b.unit_text).root
                    and claim.qualifier == qualifier
                )
                found += same
    recall = found / len(TRADE_CLAIMS)
    precision = len(real) / len(result.claims)
    assert recall >= 0.9 and precision >= 0.9, (recall, precision)
    toml = to_toml(result)
    assert 'formula = "implied_rate(imports_exports, imports_exports_usd)"' in toml
    assert toml.count("prior_year(") == 3  # the total, exports and imports, each with its growth


@pytest.mark.parametrize("path", [REPO / "article.txt", ARTICLES / "xinhua_trade_2024.txt"])
def test_a_draft_loads_and_passes_the_gate(path: Path, tmp_path: Path) -> None:
    report = cnii.check(cnii.loads(to_toml(drafted(path)), str(tmp_path / "draft.toml")))
    assert cnii.gate(report).passed


@settings(max_examples=60)
@given(
    st.lists(
        st.one_of(
            st.text(max_size=40),
            st.sampled_from(
                [
                    "over 17,000 projects",
                    "1.53 trillion yuan (about $210 billion)",
                    "up 5 percent year on year",
                    "more than 4,000 factories, with 700 included",
                    "accounting for 3.81 percent of GDP",
                    "in 2024",
                    "(240329)",
                    "ten provinces",
                    "Guangdong, Jiangsu and Beijing each",
                    "700,000 square meters",
                    "5G",
                    "of which 20",
                    "(about US$3 billion)",
                    "0 percent of the total",
                    ". ",
                    "\n\n",
                ]
            ),
        ),
        max_size=12,
    ).map(" ".join)
)
def test_any_text_drafts_a_fact_base_that_loads(text: str) -> None:
    toml = settled(to_toml(draft(text, "article.txt")), "draft.toml")
    assert cnii.gate(cnii.check(cnii.loads(toml, "draft.toml"))).passed


def test_the_command(cli: Callable[..., Run], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    article.write_text((REPO / "article.txt").read_text(encoding="utf-8"), encoding="utf-8")
    out = tmp_path / "draft.toml"
    run = cli("draft", str(article), "--output", str(out))
    assert run.code == 0, run
    assert run.stderr.startswith("cnii draft: 15 claims, 4 relations, 3 placeholders to look up;")
    assert 'source = "article.txt"' in out.read_text(encoding="utf-8")
    assert cli("check", "--facts", str(out)).code == 0
    again = cli("draft", str(article), "--output", str(out))
    assert again.code == 2 and "exists: write over it with --force" in again.stderr
    assert cli("draft", str(article), "--output", str(out), "--force").code == 0
    refused = cli("draft", str(article), "--output", str(article), "--force")
    assert refused.code == 2
    assert article.read_text(encoding="utf-8") == (REPO / "article.txt").read_text(encoding="utf-8")


def test_into_adds_only_what_is_not_covered(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    original = (REPO / "facts.toml").read_bytes()
    facts.write_bytes(original)
    (tmp_path / "article.txt").write_bytes((REPO / "article.txt").read_bytes())
    run = cli("draft", str(tmp_path / "article.txt"), "--into", str(facts))
    assert run.code == 0, run
    merged = facts.read_bytes()
    assert merged.startswith(original)  # the existing text, byte for byte
    added = merged[len(original) :].decode()
    assert "[claims.land_area]" in added  # the one phrase the hand-written base left out
    assert "[claims.projects" not in added
    assert cli("check", "--facts", str(facts)).code == 0


def test_chinese_text_is_drafted_with_the_same_relations() -> None:
    """A Chinese report (CAII 2024, as the press reported it): amounts in
    万亿元, the share of GDP belongs to the total it follows."""
    result = drafted(ARTICLES / "caii_2024_zh.txt")
    values = {c.printed: (c.value, c.qualifier) for c in result.claims}
    assert values["1.53万亿元"] == ("1.53 万亿 CNY", "")
    assert values["3.48万亿元"] == ("3.48 万亿 CNY", "")
    assert values["5.01万亿元"] == ("5.01 万亿 CNY", "")
    assert values["3.81%"] == ("3.81 %", "")
    assert all(c.period == "2024" for c in result.claims)
    toml = to_toml(result)
    assert 'formula = "implied_total(value_added_3, value_added_3_gdp_share)"' in toml
    report = cnii.check(cnii.loads(settled(toml, "zh.toml"), "zh.toml"))
    assert cnii.gate(report).passed


@pytest.mark.parametrize(
    ("text", "printed", "value", "qualifier"),
    [
        ("同比增长10.65%。", "10.65%", "10.65 %", ""),
        ("全国已建成超过4000个5G工厂。", "超过4000个", "4000 items", "over"),
        ("十个省份的增加值超过500亿元。", "十个省份", "10 regions", ""),
        ("十个省份的增加值超过500亿元。", "超过500亿元", "500 亿 CNY", "over"),
        ("出口达2100亿美元。", "2100亿美元", "2100 亿 USD", ""),
        ("逾150家企业参加。", "逾150家企业", "150 enterprises", "over"),
    ],
)
def test_chinese_phrases(text: str, printed: str, value: str, qualifier: str) -> None:
    claims = {c.printed: c for c in draft(f"标题行不是数字\n\n2024年 {text}", "a.txt").claims}
    assert (claims[printed].value, claims[printed].qualifier) == (value, qualifier)


@pytest.mark.parametrize(
    ("text", "printed", "value", "qualifier"),
    [
        ("China has 1.4 billion people.", "1.4 billion", "1.4 billion people", ""),
        ("It implies 99.09 trillion overall.", None, None, None),
    ],
)
def test_english_phrases(text: str, printed: str | None, value: str, qualifier: str) -> None:
    claims = draft(f"A headline of four words\n\n{text}", "a.txt").claims
    if printed is None:
        assert claims == []
        return
    (claim,) = claims
    assert (claim.printed, claim.value, claim.qualifier) == (printed, value, qualifier)
