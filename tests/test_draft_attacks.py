"""cnii draft against hostile articles and fact bases (issue 20): drafting
is linear in the text, a draft always loads (what a fact base cannot hold
is left out and counted), and ``--into`` edits any valid fact base, in time
linear in the article."""

from __future__ import annotations

import difflib
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import given, settings
from hypothesis import strategies as st

import cnii
from cnii.draft import Claim, draft, into, settled, to_toml
from cnii.draft.loadable import keep_within
from cnii.draft.tables import with_units
from cnii.errors import FactFileError

from .conftest import Run

NAMES = ["Alpha", "Beta", "Gamma", "Delta", "Epsilon", "Zeta", "Eta", "Theta"]
NUMERALS = "一二三四五六七八九十"


def calls(work: Callable[[], object]) -> int:
    """The Python functions (and C functions) that ``work`` calls: the work
    it does, counted rather than timed."""
    count = 0

    def profile(frame: object, event: str, arg: object) -> None:
        nonlocal count
        if event in ("call", "c_call"):
            count += 1

    sys.setprofile(profile)
    try:
        work()
    finally:
        sys.setprofile(None)
    return count


def drafted(text: str) -> str:
    """What ``cnii draft`` writes for ``text``: the draft, settled."""
    return settled(to_toml(draft(text, "article.txt")), "draft.toml")


def passes(toml: str) -> bool:
    return cnii.gate(cnii.check(cnii.loads(toml, "draft.toml"))).passed


# Texts of n pieces, each a shape that once made drafting superlinear.
SHAPES: dict[str, Callable[[int], str]] = {
    "1, 1, 1": lambda n: ", ".join(["1"] * n),
    "1,1,1": lambda n: ",".join(["1"] * n),
    "1 ,1 ,1": lambda n: " ,".join(["1"] * n),
    "1, 1, ... and 1 percent": lambda n: ", ".join(["1"] * n) + " and 1 percent",
    "1.1.1": lambda n: ".".join(["1"] * n),
    "1,000,1,000": lambda n: ",".join(["1,000"] * n),
    "1 1 1": lambda n: " ".join(["1"] * n),
    "1 - 1 - 1": lambda n: " - ".join(["1"] * n),
    "1111x": lambda n: "1" * (20 * n) + "x",
    "1111.x": lambda n: "1" * (20 * n) + ".x",
    "1, spaces, 1": lambda n: "1" + " " * (20 * n) + "1",
    "1, spaces, and 1": lambda n: "1" + " " * (20 * n) + "and 1 percent",
    "1, hyphens, 1": lambda n: "1" + "-" * (20 * n) + "1",
    "1, commas, and 1": lambda n: "1" + ", " * (10 * n) + "and 2 percent",
    "Alice Bob Carol": lambda n: " ".join(NAMES[i % 8] for i in range(n)),
    "Alpha, Beta, Gamma": lambda n: ", ".join(NAMES[i % 8] for i in range(n)),
    "Alpha, Beta and Gamma each": lambda n: ", ".join(NAMES * n) + " and Omega each",
    "%%%": lambda n: "1" + "%" * (20 * n),
    "1% 1% 1%": lambda n: " ".join(["1%"] * n),
    "percent percent": lambda n: " ".join(["percent"] * (4 * n)),
    "1 to 1 to 1": lambda n: " to ".join(["1 percent"] * n),
    "from 1 to": lambda n: " ".join(["from 1 percent to"] * n),
    "US$1 = 6 RMB": lambda n: " ".join(["US$1 = 6 RMB"] * n),
    "no full stop": lambda n: " and ".join(["sales rose 5 percent to 300 million yuan"] * n),
    "parts of a total": lambda n: (
        "A total of 100 billion yuan, made up of " + ", ".join(["1 billion yuan"] * n)
    ),
    "conversions": lambda n: ", ".join(["1 billion yuan ($2 billion)"] * n),
    "一二三四五": lambda n: "这是" + NUMERALS * n + "个",
    "增长1%\uff0c增长1%": lambda n: "\uff0c".join(["增长1%"] * n),
    "十个省份": lambda n: "、".join(["十个省份"] * n),
}


def growth(work: Callable[[int], int], n: int) -> float:
    """How much the work at 4n exceeds the work at n, beyond the work at no
    input, extrapolated from sizes 1 and n (as benchmarks/growth.py has it):
    linear work is 4, quadratic about 16."""
    work(1)  # once first: imports and caches are no size's work
    one, small, large = work(1), work(n), work(4 * n)
    nothing = one - (small - one) / (n - 1)
    return (large - nothing) / max(small - nothing, 1)  # 0 where no size costs more


@pytest.mark.parametrize("shape", list(SHAPES))
def test_four_times_the_text_is_about_four_times_the_work(shape: str) -> None:
    make = SHAPES[shape]
    assert growth(lambda n: calls(lambda: drafted(make(n))), 25) < 5


# How many pieces the shapes have, large, where not 1,000 (names and numerals
# are short, some sentences long).
LARGE = {"Alice Bob Carol": 10000, "Alpha, Beta, Gamma": 10000, "一二三四五": 4000}
LARGE |= {"1111x": 2000, "1111.x": 2000, "1, spaces, 1": 2000}
LARGE |= {"1, 1, 1": 5000, "1 ,1 ,1": 5000, "1, 1, ... and 1 percent": 5000}
LARGE |= {"parts of a total": 200, "conversions": 200, "no full stop": 300}


def test_twenty_eight_ones_draft_a_fact_base_that_passes() -> None:
    """Read 2**28 ways by the old list pattern, which hung. How fast each
    shape drafts when large is measured by benchmarks/run.py."""
    assert passes(drafted(",".join(["1"] * 28)))


def test_into_four_times_the_article_is_about_four_times_the_work() -> None:
    """Into a fact base of amounts in dollars, an article that adds as many
    growth rates: each is a new phrase, looked up among all it has."""

    def work(n: int) -> int:
        had = "\n".join(f"Sector {k} earned ${k + 3}.25 million." for k in range(n))
        rates = "\n".join(f"Sales of sector {k} rose {k + 1}.75 percent." for k in range(n))
        existing = settled(to_toml(draft(f"Report on sectors\n\n{had}", "a.txt")), "facts.toml")
        text = f"Report on sectors\n\n{had}\n{rates}"
        return calls(lambda: into(existing, "facts.toml", text, "a.txt"))

    assert growth(work, 300) < 5


# Hostile pieces of articles (most once made a draft the loader refused), and
# why a claim of each is skipped now ("" where none is).
HOSTILE = {
    "Sales were " + "1" * 31 + " yuan.": "numbers over 30 digits",
    "利润" + "1" * 35 + "亿元。": "numbers over 30 digits",
    "US$1 = 1" + "0" * 30 + " RMB.": "numbers over 30 digits",
    "Revenue rose " + "1" * 28 + " percent to " + "9" * 31 + " billion yuan.": (
        "numbers over 30 digits"
    ),
    ", ".join(NAMES * 130) + " and Omega each surpassed 1 trillion yuan.": (
        "figures a fact base would refuse"  # 1,041 items, more than the 1,000 of a list
    ),
    ", ".join(NAMES * 10) + " and Omega each surpassed 1 trillion yuan.": (
        "figures a fact base would refuse"  # a printed figure of over 500 characters
    ),
    "Fares were $5 per passenger-km.": "figures in units a fact base cannot define",
    "It cost 5 yuan per tonne-kilometre.": "figures in units a fact base cannot define",
    "There were 2 thingies and 3 thingyss.": "figures in units a fact base cannot define",
    "Rail moved 3,500 billion tonne-kilometres.": "",
    "A total of 5 million tonnes, made up of 3 million kWh and 2 million kWh.": "",
    "Output was 40 tonnes, 5 percent of GDP, and 1.53 trillion yuan, 3.81 percent of GDP.": "",
    "这是" + NUMERALS * 40 + "个项目。": "",
    "x" * 5000 + " 5 people.": "",
    "There were 5 " + "a" * 600 + "s.": "numbers that count nothing named",
    "\u202e5 people\u0007 and 6 people.": "",
}


@pytest.mark.parametrize("text", list(HOSTILE), ids=lambda t: t[:40])
def test_what_a_fact_base_cannot_hold_is_skipped_and_the_draft_passes(text: str) -> None:
    result = draft(f"A headline without figures\n\n{text}", "article.txt")
    assert passes(settled(to_toml(result), "draft.toml"))
    why = HOSTILE[text]
    assert result.skipped[why] == 1 if why else not result.skipped


def test_a_compound_unit_is_no_tonnes() -> None:
    result = draft("Rail moved 3,500 billion tonne-kilometres.", "article.txt")
    assert [c.value for c in result.claims] == ["3,500 billion items"]


def test_a_gdp_in_tonnes_is_not_the_gdp_in_yuan() -> None:
    text = "Output was 40 tonnes, 5 percent of GDP, and 1.53 trillion yuan, 3.81 percent of GDP."
    toml = drafted(text)
    assert "[references.gdp_unknown_tonnes]" in toml and "[references.gdp_unknown]" in toml


def test_a_relation_is_named_apart_from_a_claim_of_its_name() -> None:
    """The rate of the claim "amount" is not the claim "amount_rate"."""
    text = "A headline\n\n5 yuan (about $5). The amount rate was up 1 percentage point."
    result = draft(text, "article.txt")
    assert "amount_rate" in {c.id for c in result.claims}
    assert [r.left for r in result.relations] == ["amount_rate_2"]
    assert passes(settled(to_toml(result), "draft.toml"))


def test_the_check_of_a_claim_against_its_source_has_an_id_a_fact_base_takes() -> None:
    from cnii.draft import _as_sourced

    claim = Claim("a" * 50 + "_1000", "5 people", "5 people", "", "count", period="2024")
    relation = _as_sourced([claim])
    assert max(len(relation.check_id), len(relation.right)) <= 64


def test_a_draft_defines_at_most_the_units_a_fact_base_takes() -> None:
    letters = "abcdfghijklmnopqrtuv"  # no e, s or y: plurals of their own
    nouns = [f"thing{a}{b}{c}s" for a in "abcd" for b in letters for c in letters]  # 1,600
    text = "A headline without figures\n\n" + ", ".join(f"{i} {w}" for i, w in enumerate(nouns, 2))
    result = draft(text, "article.txt")
    assert len(result.units) == 1000
    assert result.skipped["figures in units a fact base cannot define"] == len(nouns) - 1000
    assert passes(settled(to_toml(result), "draft.toml"))


def test_a_draft_holds_at_most_the_entries_a_fact_base_takes() -> None:
    text = "A headline without figures\n\nSales rose 5 percent to 3 billion yuan, with 40 firms. "
    result = draft(text * 4, "article.txt")
    claims, relations = len(result.claims), len(result.relations)
    keep_within(result, held=2, limit=10)  # room for 6: 6 claims, then no relation
    assert len(result.claims) == 6 and not result.relations
    assert result.skipped["claims beyond the 10 entries of a fact base"] == claims - 6
    assert result.skipped["relations beyond the 10 entries of a fact base"] == relations


def test_an_article_without_figures_drafts_a_fact_base_that_passes() -> None:
    result = draft("Just words here.\nNo figures at all, none.\n", "article.txt")
    assert not result.claims and not result.proposed
    assert passes(settled(to_toml(result), "draft.toml"))


def test_a_draft_that_does_not_load_is_said_of_its_article() -> None:
    broken = to_toml(draft("Sales were 5 people.", "article.txt")).replace('"5 people"', '"6 x"')
    with pytest.raises(FactFileError) as raised:
        settled(broken, "draft.toml", article="article.txt")
    assert str(raised.value).startswith("article.txt: cnii draft made a fact base that")


def test_the_command_skips_and_says_so(cli: Callable[..., Run], tmp_path: Path) -> None:
    article = tmp_path / "article.txt"
    text = "Headline of the day\n\nSales were " + "1" * 31 + " yuan and 5 people.\n"
    article.write_text(text, encoding="utf-8")
    out = tmp_path / "out.toml"
    run = cli("draft", str(article), "--output", str(out))
    assert run.code == 0, run
    assert "skipped: 1 numbers over 30 digits" in run.stderr
    assert cli("check", "--facts", str(out)).code == 0


PRESS = [
    "China's core industries added 1.53 trillion yuan (about $210 billion) in 2024, "
    "up 10.65 percent year on year, accounting for 3.81 percent of GDP.",
    "More than 4,000 5G factories were built, with 700 included.",
    "The unemployment rate fell to 5.0 percent from 5.2 percent, down 0.2 percentage points.",
    "A total of 14.07 million vehicles were sold, made up of 9.5 million cars and 4.57 million.",
    "Guangdong, Jiangsu, Beijing and Zhejiang each surpassed 1 trillion yuan.",
    "全年货物贸易进出口总值43.85万亿元\uff0c比上年增长5%\uff0c其中出口25.45万亿元\uff0c增长7.1%。",
    "US$1 = 6.4 RMB.",
    "Sales fell 100 percent to 0 yuan.",
]


@settings(max_examples=40)
@given(
    st.lists(st.sampled_from(PRESS + list(HOSTILE)), min_size=1, max_size=6),
    st.sampled_from([" ", "\n", "\n\n"]),
)
def test_any_mix_of_press_and_hostile_text_drafts_and_adds_what_loads(
    pieces: list[str], separator: str
) -> None:
    """A draft of the first pieces passes the gate; so does --into it with
    all of them, and a second --into adds nothing."""
    first = separator.join(pieces[: max(1, len(pieces) // 2)])
    whole = separator.join(pieces)
    toml = drafted(first)
    assert passes(toml)
    merged, _ = into(toml, "draft.toml", whole, "article.txt")
    assert passes(merged)
    assert into(merged, "draft.toml", whole, "article.txt")[0] == merged


ARTICLE = "Widget report\n\nIn 2024 the plant made 5 widgets and 700 projects, with 9 gizmos.\n"
TITLE = '[article]\ntitle = "Widget report"\ndate = 2024-12-31\nsource = "article.txt"\n'
PROJECTS = (
    '[claims.projects]\nprinted = "700 projects"\nvalue = "700 projects"\n'
    'period = "2024"\nstatement = "Projects."\n'
)
CHECK = '[checks.p]\nleft = "projects"\nright = "projects"\nstatement = "Itself."\n'
UNITS = '[units]\nproject = "count"\n'
COUNTED = PROJECTS.replace('value = "700 projects"', 'value = "700 count"')
SPACED = PROJECTS.replace("[claims.projects]", '[ claims . "projects" ]  # the projects')
QUOTED = CHECK.replace("[checks.p]", '[checks."p"]')
# Valid fact bases whose units table is written in each way TOML allows.
WRITTEN = {
    "a [units] table": f"{TITLE}\n{UNITS}\n{PROJECTS}\n{CHECK}",
    "[ units ]": f"{TITLE}\n[ units ]\nproject = 'count'\n\n{PROJECTS}\n{CHECK}",
    '["units"]': f'{TITLE}\n["units"]\n"project" = "count"\n\n{PROJECTS}\n{CHECK}',
    "comments": f"{TITLE}\n[units]  # ours [claims.x]\nproject = 'count' # one\n# end\n\n"
    f"{PROJECTS}\n{CHECK}",
    "dotted keys": f'units.project = "count"\n{TITLE}\n{PROJECTS}\n{CHECK}',
    "quoted dotted keys": f'"units" . \'project\' = "count"\n{TITLE}\n{PROJECTS}\n{CHECK}',
    "an inline table": f'units = {{ project = "count" }}\n{TITLE}\n{PROJECTS}\n{CHECK}',
    "an empty inline table": f"units = {{}}\n{TITLE}\n{COUNTED}\n{CHECK}",
    "no units": f"{TITLE}\n{COUNTED}\n{CHECK}",
    "units last": f"{TITLE}\n{PROJECTS}\n{CHECK}\n{UNITS}",
    "units between": f"{TITLE}\n{PROJECTS}\n{UNITS}\n{CHECK}",
    "[ claims . x ] and quoted keys": f"{TITLE}\n{UNITS}\n{SPACED}\n{QUOTED}",
    "no line break at the end": f"{TITLE}\n{UNITS}\n{PROJECTS}\n{CHECK}".rstrip("\n"),
    "a byte order mark": f"\ufeff{UNITS}\n{TITLE}\n{PROJECTS}\n{CHECK}",
    "CRLF line breaks": f"{TITLE}\n{UNITS}\n{PROJECTS}\n{CHECK}".replace("\n", "\r\n"),
}


def only_added(before: str, after: str) -> bool:
    """Whether ``after`` is ``before`` with text inserted, nothing else."""
    matcher = difflib.SequenceMatcher(None, before, after, autojunk=False)
    return all(tag in ("equal", "insert") for tag, *_ in matcher.get_opcodes())


@pytest.mark.parametrize("name", list(WRITTEN))
def test_into_adds_units_to_a_table_written_any_way(name: str) -> None:
    existing = WRITTEN[name]
    merged, added = into(existing, "facts.toml", ARTICLE, "article.txt")
    assert {c.value for c in added.claims} == {"5 widgets", "9 gizmos"}
    assert only_added(existing, merged)
    before: dict[str, Any] = rtoml.loads(existing)
    after: dict[str, Any] = rtoml.loads(merged)
    assert after["units"] == {**before.get("units", {}), "gizmo": "count", "widget": "count"}
    assert passes(merged)
    again, nothing = into(merged, "facts.toml", ARTICLE, "article.txt")
    assert again == merged and not nothing.claims and not nothing.relations


def test_into_that_adds_nothing_returns_the_text_as_it_was() -> None:
    existing = WRITTEN["no line break at the end"]
    merged, _ = into(existing, "facts.toml", ARTICLE, "article.txt")
    assert merged != existing
    unchanged, nothing = into(existing, "facts.toml", "Widget report\n\n700 projects.\n", "a")
    assert unchanged is existing and not nothing.claims


@pytest.mark.parametrize(
    "text",
    [
        'note = """\n[units]\nx = 1\n"""\n[units]\nproject = "count"\n[claims]\n',
        "note = '''\n[units]\n'''\nlist = [\n  [1, 2],\n  \"[units]\",\n]\n"
        '[units]\nproject = "count"  # [units]\n[[tables]]\nunits = 1\n',
        'units = { project = "count", other = "count" }  # units = {}\n[units2]\n',
    ],
)
def test_units_are_added_where_toml_reads_the_units_table(text: str) -> None:
    before: dict[str, Any] = rtoml.loads(text)
    after: dict[str, Any] = rtoml.loads(with_units(text, ["gizmo"]))
    assert after == {**before, "units": {**before["units"], "gizmo": "count"}}


def test_into_checks_a_share_against_a_gdp_of_its_own_dimension_only() -> None:
    """The fact base's GDP is in dollars: a share of yuan needs a GDP in
    yuan, a placeholder named apart from it."""
    existing = (
        f'{TITLE}\n[references.gdp_2024]\nvalue = "18.7 trillion USD"\nsource = "IMF"\n'
        'date = 2025-01-17\nstatement = "GDP."\n\n'
        '[checks.g]\nleft = "gdp_2024"\nright = "gdp_2024"\nstatement = "Itself."\n'
    )
    text = "Report\n\nIn 2024 output reached 1.53 trillion yuan, 3.81 percent of GDP.\n"
    merged, added = into(existing, "facts.toml", text, "article.txt")
    assert passes(merged)
    assert [r.right for r in added.relations] == ["gdp_2024_2"]


def test_into_relates_no_claim_the_fact_base_writes_in_another_unit() -> None:
    """The fact base's claim over "1 trillion yuan" is per firm: the
    conversion beside it in the article is of another dimension."""
    existing = (
        f'{TITLE}\n[units]\nfirm = "count"\n\n[claims.each]\nprinted = "1 trillion yuan"\n'
        'value = "1 trillion CNY / firm"\nperiod = "2024"\nstatement = "Each."\n\n'
        '[checks.e]\nleft = "each"\nright = "each"\nstatement = "Itself."\n'
    )
    text = "Report\n\nEach earned 1 trillion yuan (about $140 billion) in 2024.\n"
    merged, added = into(existing, "facts.toml", text, "article.txt")
    assert passes(merged)
    assert [c.printed for c in added.claims] == ["about $140 billion"]
    assert not added.relations


def test_into_names_a_converted_claim_apart_from_the_fact_base_s() -> None:
    existing = (
        f'{TITLE}\n[claims.output_usd]\nprinted = "5 people"\nvalue = "5 people"\n'
        'period = "2024"\nstatement = "Five."\n\n'
        '[checks.o]\nleft = "output_usd"\nright = "output_usd"\nstatement = "Itself."\n'
    )
    text = "Report\n\nThere were 5 people. Output was 1.53 trillion yuan (about $210 billion).\n"
    merged, added = into(existing, "facts.toml", text, "article.txt")
    assert passes(merged)
    assert "output_usd" not in {c.id for c in added.claims}


def test_into_adds_a_figure_whose_digits_end_another_s() -> None:
    """A claim of "5 percent" does not cover "3.5 percent"."""
    existing = (
        f'{TITLE}\n[claims.rate]\nprinted = "5 percent"\nvalue = "5 %"\n'
        'period = "2024"\nstatement = "Five."\n\n'
        '[checks.r]\nleft = "rate"\nright = "rate"\nstatement = "Itself."\n'
    )
    text = "Report\n\nThe rate was 5 percent. Sales grew by 3.5 percent.\n"
    _, added = into(existing, "facts.toml", text, "article.txt")
    assert [c.printed for c in added.claims] == ["3.5 percent"]


def test_into_keeps_a_long_phrase_the_fact_base_prints_whole() -> None:
    existing = (
        f'{TITLE}\n[claims.sectors]\nprinted = "all 41 major industrial sectors"\n'
        'value = "41 sectors"\nperiod = "2024"\nstatement = "Sectors."\n\n'
        '[units]\nsector = "count"\n\n'
        '[checks.s]\nleft = "sectors"\nright = "sectors"\nstatement = "Itself."\n'
    )
    text = "Report\n\nGrowth came from all 41 major industrial sectors.\n"
    merged, added = into(existing, "facts.toml", text, "article.txt")
    assert merged is existing and not added.claims


@pytest.mark.parametrize(
    ("printed", "value", "interval"),
    [
        ("1.5成", "15 %", "14.5 to 15.5 %"),
        ("1,000成", "10,000 %", "9,995 to 10,005 %"),
        ("4成", "40 %", "35 to 45 %"),
        ("0.25成", "2.5 %", "2.45 to 2.55 %"),
        ("三成", "30 %", "25 to 35 %"),
    ],
)
def test_tenths_are_drafted_as_printed(printed: str, value: str, interval: str) -> None:
    """成 after digits (1.5成 was int('1.5'): a traceback) is a share in
    percent like 四成, which the loader takes as printed, with the rounding
    of a tenth: 4成 is anything from 3.5 to 4.5 tenths."""
    from cnii.render.values import format_value

    result = draft(f"2024年出口增长{printed}。\n", "article.txt")
    assert [(c.printed, c.value) for c in result.claims] == [(printed, value)]
    report = cnii.check(cnii.loads(settled(to_toml(result), "draft.toml"), "draft.toml"))
    claim = result.claims[0].id
    compiled = report.evaluation.compiled
    assert format_value(report.evaluation.values[claim], compiled.leaves[claim].unit) == interval
