"""What a terminal or a browser shows of hostile input, in every format.

Articles, fact bases and file names bring escape sequences (colours, OSC 8
links, OSC 52 clipboard writes, C1 CSI), carriage returns and backspaces
that overwrite a line, NUL and DEL, line separators, bidirectional controls
that reorder figures, and lone surrogates (a file name that is not UTF-8).
Every reporter shows them escaped, through ``printable``, and keeps Chinese,
emoji, combining marks and joiners; JSON keeps the data exactly, its
escapes included. The page marks each phrase where it is, after escaping.
Last, the page and coverage of many claims printing one figure that an
article repeats grow with the input, not with claims times phrases.
"""

from __future__ import annotations

import io
import json
import re
import sys
import unicodedata
from collections.abc import Callable
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

import cnii
from cnii import render
from cnii.errors import CniiError, json_safe, printable
from cnii.render import Format

from .conftest import REPO, SMALL, Run
from .test_growth import N, calls

sys.path.insert(0, str(REPO / "benchmarks"))
import growth  # benchmarks/, on the path set above

# -- what must never reach a terminal raw (said apart from the code) ---------

BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"


def acts(char: str) -> bool:
    """Whether a terminal or a browser would act on ``char`` rather than show
    it: C0, DEL and C1 (category Cc), lone surrogates (Cs), line and
    paragraph separators, and the bidirectional controls."""
    return (
        unicodedata.category(char) in ("Cc", "Cs")
        or char in BIDI_CONTROLS
        or char in "\u2028\u2029"
    )


def raw(output: str, lines: bool = False) -> list[str]:
    """The characters of ``output`` that act; with ``lines``, line breaks,
    tabs and a carriage return before a line break are the output's own."""
    if lines:
        output = output.replace("\r\n", "\n").replace("\n", "").replace("\t", "")
    return sorted({c for c in output if acts(c)})


# -- the attacks ---------------------------------------------------------------

ATTACKS = {
    "colour": ("\x1b[31mred\x1b[0m", "\\x1b[31mred\\x1b[0m"),
    "osc 8 link": (
        "\x1b]8;;https://evil.example/\x1b\\click\x1b]8;;\x1b\\",
        "\\x1b]8;;https://evil.example/\\x1b\\click\\x1b]8;;\\x1b\\",
    ),
    "osc 52 clipboard": ("\x1b]52;c;ZXZpbA==\x07", "\\x1b]52;c;ZXZpbA==\\x07"),
    "c1 csi": ("\x9b2J\x9d0;title\x9c", "\\x9b2J\\x9d0;title\\x9c"),
    "carriage return": ("evil\rcnii: all good", "evil\\x0dcnii: all good"),
    "backspaces": ("12\x08\x0899", "12\\x08\\x0899"),
    "nul and del": ("a\x00b\x7fc", "a\\x00b\\x7fc"),
    "line separators": ("a\u2028b\u2029c\x85d", "a\\u2028b\\u2029c\\x85d"),
    "right-to-left override": ("1.5\u202e billion", "1.5\\u202e billion"),
    "isolates and marks": (
        "\u2066x\u2069\u2067y\u2068z\u200e\u200f\u061c",
        "\\u2066x\\u2069\\u2067y\\u2068z\\u200e\\u200f\\u061c",
    ),
    "embeddings": ("\u202a\u202b\u202c\u202d", "\\u202a\\u202b\\u202c\\u202d"),
    "lone surrogate": ("caf\udce9.toml", "caf\\udce9.toml"),
    "tab and newline": ("a\tb\nc\r\nd", "a\\x09b\\x0ac\\x0d\\x0ad"),
}
# What stays as it is: scripts, emoji (with variation selectors and skin
# tones), combining marks, joiners and non-breaking spaces.
KEPT = (
    "中文 增长 8.9% 億 萬 — العربية עברית ελληνικά "
    "😀 ❤\ufe0f 👍🏽 👨\u200d👩\u200d👧 e\u0301 n\u0303 a\u00a0b \u200b\u200c\u200d \U0001d7d9"
)


@pytest.mark.parametrize(("text", "shown"), ATTACKS.values(), ids=ATTACKS)
def test_printable_escapes_every_attack_visibly(text: str, shown: str) -> None:
    assert printable(text, None) == shown
    assert raw(shown) == []
    assert printable(shown, None) == shown  # once escaped, nothing is left to escape


def test_lines_keep_their_breaks_and_tabs_but_no_lone_carriage_return() -> None:
    assert printable("a\tb\nc\r\nd\re", None, lines=True) == "a\tb\nc\r\nd\\x0de"
    for text, _ in ATTACKS.values():
        assert raw(printable(text, None, lines=True), lines=True) == []


def test_text_that_is_not_an_attack_stays_as_it_is() -> None:
    assert printable(KEPT, None) == KEPT
    assert printable(KEPT, None, lines=True) == KEPT
    assert json.loads(json_safe(json.dumps(KEPT, ensure_ascii=False))) == KEPT
    assert json_safe(json.dumps(KEPT, ensure_ascii=False)) == json.dumps(KEPT, ensure_ascii=False)


def test_every_character_that_acts_is_escaped() -> None:
    """All of them, one at a time, and isprintable() (the quick test before
    the search) is false for each."""
    acting = [c for c in map(chr, range(0x10000)) if acts(c)]
    assert len(acting) == 65 + 2048 + 2 + len(BIDI_CONTROLS)
    for char in acting:
        assert not char.isprintable()
        assert raw(printable(f"x{char}y", None)) == [], repr(char)
        assert raw(json_safe(json.dumps(char, ensure_ascii=False))) == [], repr(char)


def test_a_cut_line_is_escaped_after_the_cut() -> None:
    assert printable("\x1b" * 300) == "\\x1b" * 199 + "…"


TEXTS = st.text(
    st.one_of(
        st.characters(),
        st.sampled_from([*BIDI_CONTROLS, "\x1b", "\x9b", "\r", "\udcff", "\u2028"]),
    ),
    max_size=40,
)


@given(TEXTS)
@example("\r\n\r")
def test_no_text_reaches_a_terminal_raw(text: str) -> None:
    assert raw(printable(text, None)) == []
    assert raw(printable(text, None, lines=True), lines=True) == []
    encoded = json_safe(json.dumps({"k": text}, ensure_ascii=False))
    assert raw(encoded) == []
    assert json.loads(encoded) == {"k": text}  # the data exactly


def test_an_error_message_is_one_escaped_line() -> None:
    error = CniiError("bad \x1b]52;c;x\x07 value\n", file="f\udcff\t.toml", entry="claims.\u202ex")
    assert str(error) == "f\\udcff\\x09.toml: claims.\\u202ex: bad \\x1b]52;c;x\\x07 value\\x0a"


# -- through the reporters -----------------------------------------------------

ARTICLE = (
    "Sales rose to \x1b[31m 1.5 billion\x1b[0m dollars, \x1b]8;;https://evil.example/\x1b\\"
    "12 stores\x1b]8;;\x1b\\ and \x1b]52;c;ZXZpbA==\x07 more.\n"
    "\x9b2J 40 stores\rFAKE 99 stores\x08\x08\x08 left.\n\n"
    "Bidi: \u202e7.5%\u202c and \u2066 3 \u2069, \u200f4\u200e and \u061c5 and 6\u202e%.\n"
    "NUL\x00 DEL\x7f 3\u2028billion, 8\u2028 and 9\u2029 then "
    "中文 增长8.9% 😀 e\u0301 👨\u200d👩\u200d👧.\n\n"
    "Split 2.5\nbillion yuan, and a CRLF line 11.\r\nThe end: 1.5 billion.\n"
)
FACTS = """
[article]
title = "Hostile \u061c article"
date = 2024-01-01
source = "article.txt"

[claims.sales]
printed = "1.5 billion"
value = "1.5 billion USD"
period = "2024"
statement = "Sales \u061cin 2024."

[claims.growth]
printed = "8.9%"
value = "8.9 %"
period = "2024"
statement = "Growth."

[claims.sales_again]
printed = "1.5 billion"
value = "1.5 billion USD"
period = "2024"
statement = "Sales, as another table has them."
unchecked = "The same as sales."

[references.audited]
value = "1.7 billion USD"
source = "An \u061caudit"
date = 2024-06-30
statement = "Audited sales."

[derivations.total]
formula = "sales\\r"
statement = "The sales, with a carriage return in the formula."

[checks.sales_agree]
left = "total"
right = "audited"
statement = "Both sales figures agree."
why = "The other table rounds\u061c differently."

[checks.growth_low]
left = "growth\\r"
right = "10 %"
relation = "at_most"
statement = "Growth below 10 %."
"""


@pytest.fixture
def hostile(tmp_path: Path) -> cnii.FactBase:
    """A fact base about the hostile article, under a hostile name."""
    (tmp_path / "article.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    facts = tmp_path / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    return cnii.loads(FACTS, str(tmp_path / "f\x1b[2J\tn\nme\udcff\u202e.toml"))


def run_reporter(command: str, format_: Format, result: object) -> str:
    stream = io.StringIO()
    render.reporter(command, format_)(result, stream)
    return stream.getvalue()


def test_every_check_format_shows_a_hostile_fact_base_escaped(hostile: cnii.FactBase) -> None:
    gate = cnii.gate(cnii.check(hostile))
    for format_ in render.REPORTERS["check"]:
        output = run_reporter("check", format_, [gate])
        assert raw(output, lines=True) == [], format_
        assert "\\u061c" in output, format_
        if format_ is Format.JSON:
            assert raw(output.removesuffix("\n")) == []
            document = json.loads(output)
            assert document["facts"] == hostile.path  # the data exactly
            assert "\u061c" in document["checks"][0]["why"]
        else:
            assert "f\\x1b[2J\\x09n\\x0ame\\udcff\\u202e.toml" in output, format_
    text = run_reporter("check", Format.TEXT, [gate])
    assert "growth\\x0d\t" in text  # a lone carriage return, in a cell of its own


def test_derive_and_explain_show_a_hostile_fact_base_escaped(hostile: cnii.FactBase) -> None:
    report = cnii.check(hostile)
    trace = cnii.derive(report, "total")
    explanation = cnii.explain(report, "sales_agree")
    for command, result in (
        ("derive", trace),
        ("derivations", trace.report.evaluation),
        ("explain", explanation),
    ):
        for format_ in render.REPORTERS[command]:
            output = run_reporter(command, format_, result)
            assert raw(output, lines=True) == [], (command, format_)
            assert "\\u202e.toml" in output or format_ is Format.JSON, (command, format_)
            if command == "derive" and format_ is not Format.JSON:
                assert "sales\\x0d" in output, format_  # the formula's carriage return


def test_coverage_shows_the_article_escaped_and_json_keeps_it(
    hostile: cnii.FactBase, tmp_path: Path
) -> None:
    found = cnii.coverage(hostile)
    assert found.text == ARTICLE  # (no quotes or runs of spaces to normalise)
    by_text = {p.text: p for p in found.phrases}
    assert {"1.5 billion", "12", "7.5%", "8.9%", "2.5\nbillion yuan"} <= set(by_text)
    for format_ in (Format.TEXT, Format.TABLE):
        output = run_reporter("coverage", format_, found)
        assert raw(output, lines=True) == [], format_
        assert "7.5%" in output and "8.9%" in output
        assert "3\\u2028billion" in output
    text = run_reporter("coverage", Format.TEXT, found)
    rows = [line.split("\t") for line in text.splitlines() if not line.startswith("#")]
    assert {len(row) for row in rows} == {5}
    assert [row[2] for row in rows if "billion" in row[2]] == [
        "1.5 billion",
        "3\\u2028billion",
        "2.5 billion yuan",
        "1.5 billion",
    ]
    output = run_reporter("coverage", Format.JSON, found)
    assert raw(output.removesuffix("\n")) == []
    document = json.loads(output)
    assert [p["text"] for p in document["phrases"]] == [p.text for p in found.phrases]
    assert document["source"] == str(tmp_path / "article.txt")


def test_a_hostile_source_name_is_escaped_where_shown(tmp_path: Path) -> None:
    name = tmp_path / "art\x1b]52;c;x\x07\ticle\n.txt"
    name.write_text("It was 1.5 billion.\n", encoding="utf-8")
    facts = cnii.loads(SMALL, "facts.toml")
    found = cnii.coverage(facts, name)
    text = run_reporter("coverage", Format.TEXT, found)
    assert raw(text, lines=True) == []
    assert "art\\x1b]52;c;x\\x07\\x09icle\\x0a.txt" in text.splitlines()[0]
    assert json.loads(run_reporter("coverage", Format.JSON, found))["source"] == str(name)


class _Article(HTMLParser):
    """The annotated article of a page: each paragraph's text, and the
    marks in it with their class and title (a mark's <sup> is not text)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.inside = self.paragraph = self.mark = self.sup = False
        self.paragraphs: list[str] = []
        self.marks: list[dict[str, str]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = {k: v or "" for k, v in attrs}
        if tag == "section" and found.get("class") == "article":
            self.inside = True
        elif self.inside and tag == "p" and "legend" not in found.get("class", ""):
            self.paragraph = True
            self.paragraphs.append("")
        elif self.paragraph and tag == "mark":
            self.mark = True
            self.marks.append({"text": "", **found})
        elif tag == "sup":
            self.sup = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "section":
            self.inside = False
        elif tag == "p":
            self.paragraph = False
        elif tag == "mark":
            self.mark = False
        elif tag == "sup":
            self.sup = False

    def handle_data(self, data: str) -> None:
        if self.paragraph and not self.sup:
            self.paragraphs[-1] += data
            if self.mark:
                self.marks[-1]["text"] += data


def test_the_page_escapes_the_article_and_marks_each_phrase_in_place(
    hostile: cnii.FactBase,
) -> None:
    page = run_reporter("check", Format.HTML, [cnii.gate(cnii.check(hostile))])
    assert raw(page, lines=True) == []
    article = _Article()
    article.feed(page)
    # the article, escaped, and nothing else: no text lost, doubled or moved
    shown = [printable(p, None, lines=True) for p in ARTICLE.split("\n\n") if p]
    assert article.paragraphs == shown
    figures = [p for p in cnii.coverage(hostile).phrases if p.status != "date"]
    assert [m["text"] for m in article.marks] == [
        printable(p.text, None, lines=True) for p in figures
    ]
    sales = [m for m in article.marks if m["text"] == "1.5 billion"]
    assert len(sales) == 2 and all("m-unexpected" in m["class"] for m in sales)
    assert sales[0]["title"] == "covered: sales, sales_again; checks: sales_agree"


def test_the_page_colours_a_phrase_by_every_claim_it_has_not_only_those_listed(
    tmp_path: Path,
) -> None:
    """Twelve claims print one figure; the check of the twelfth fails. The
    phrase lists ten claims, but is coloured by all twelve's checks."""
    claims = "".join(
        f'[claims.c{i:02}]\nprinted = "1.5 billion"\nvalue = "1.5 billion USD"\n'
        f'period = "2024"\nstatement = "s"\nunchecked = "u"\n'
        for i in range(11)
    )
    facts = (
        '[article]\ntitle = "T"\ndate = 2024-01-01\nsource = "a.txt"\n'
        f"{claims}"
        '[claims.c11]\nprinted = "1.5 billion"\nvalue = "1.5 billion USD"\n'
        'period = "2024"\nstatement = "s"\n'
        '[checks.k_last]\nleft = "c11"\nright = "3 billion USD"\nstatement = "s"\n'
    )
    fact_base = cnii.loads(facts, str(tmp_path / "x.toml"))
    (tmp_path / "a.txt").write_text("It was 1.5 billion.\n", encoding="utf-8")
    page = run_reporter("check", Format.HTML, [cnii.gate(cnii.check(fact_base))])
    article = _Article()
    article.feed(page)
    (mark,) = article.marks
    assert "m-unexpected" in mark["class"], mark
    listed = ", ".join(f"c{i:02}" for i in range(10))
    assert mark["title"] == f"covered: {listed}, and 2 more; checks: k_last"


def test_a_phrase_lists_ten_checks_and_counts_the_rest(tmp_path: Path) -> None:
    checks = "".join(
        f'[checks.k{i:02}]\nleft = "c"\nright = "1.5 billion USD"\nstatement = "s"\n'
        for i in range(25)
    )
    facts = (
        '[article]\ntitle = "T"\ndate = 2024-01-01\nsource = "a.txt"\n'
        '[claims.c]\nprinted = "1.5 billion"\nvalue = "1.5 billion USD"\n'
        f'period = "2024"\nstatement = "s"\n{checks}'
    )
    (tmp_path / "a.txt").write_text("It was 1.5 billion.\n", encoding="utf-8")
    fact_base = cnii.loads(facts, str(tmp_path / "x.toml"))
    page = run_reporter("check", Format.HTML, [cnii.gate(cnii.check(fact_base))])
    article = _Article()
    article.feed(page)
    listed = ", ".join(f"k{i:02}" for i in range(10))
    assert article.marks[0]["title"] == f"covered: c; checks: {listed}, and 15 more"
    assert '<a href="#r1-check-k00">1.5 billion</a>' in page


def test_the_command_line_escapes_a_hostile_file_name(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    name = tmp_path / "f\x1b]8;;x\x07\tn\nme\u202e.toml"
    name.write_text(SMALL, encoding="utf-8")
    for format_ in ("text", "table", "json", "html", "github", "junit", "markdown"):
        run = cli("check", "--facts", str(name), "--format", format_)
        assert run.code == 0, run
        assert raw(run.stdout, lines=True) == [], format_
        assert raw(run.stderr, lines=True) == [], format_
    run = cli("check", "--facts", str(tmp_path / "no\x1b[2J\udcff.toml"))
    assert run.code == 2
    assert run.stderr.endswith("no\\x1b[2J\\udcff.toml: no such file\n"), run


# -- growth: claims that print one figure, an article that repeats it --------


def repeated_figure(n: int, folder: Path) -> Path:
    """25n claims printing "1.5 billion", 30n checks among the first ten of
    them (so that every phrase takes part in every check), and an article
    saying "1.5 billion" 300n times: the shape that crossed phrases with
    checks, or listed every claim at every phrase."""
    claims = "".join(
        f'[claims.c{i}]\nprinted = "1.5 billion"\nvalue = "1.5 billion USD"\n'
        f'period = "2024"\nstatement = "s"\nunchecked = "u"\n'
        for i in range(25 * n)
    )
    checks = "".join(
        f'[checks.k{i}]\nleft = "c{i % 10}"\nright = "c{(i + 1) % 10}"\nstatement = "s"\n'
        for i in range(30 * n)
    )
    article = folder / f"article-{n}.txt"
    paragraph = "It was 1.5 billion, and 7 other things. " * 10
    article.write_text("\n\n".join([paragraph] * (30 * n)), encoding="utf-8")
    facts = folder / f"facts-{n}.toml"
    head = f'[article]\ntitle = "T"\ndate = 2024-01-01\nsource = "{article.name}"\n'
    facts.write_text(head + claims + checks, encoding="utf-8")
    return facts


@pytest.mark.parametrize("format_", ["coverage", "html"])
def test_a_repeated_figure_costs_linear_work(format_: str, tmp_path: Path) -> None:
    counted = {}
    for size in (1, N, 4 * N):
        facts = repeated_figure(size, tmp_path)
        command = ["coverage"] if format_ == "coverage" else ["check", "--format", "html"]
        counted[size] = calls([*command, "--facts", str(facts)], tmp_path)
    ratio = growth.ratio(counted[1], counted[N], counted[4 * N], N)
    assert counted[N] > counted[1], counted
    assert ratio < 5, f"{format_}: {counted}, {ratio:.2f} x"


def test_a_page_lists_what_it_must_and_stays_near_the_size_of_its_reports(
    tmp_path: Path,
) -> None:
    """At 4n the page is about four times the page at n, and a phrase's
    title never lists more than ten claims and ten checks."""
    sizes = {}
    for n in (2, 8):
        fact_base = cnii.load(str(repeated_figure(n, tmp_path)))
        page = run_reporter("check", Format.HTML, [cnii.gate(cnii.check(fact_base))])
        sizes[n] = len(page)
        titles = re.findall(r'<mark class="m-consistent" title="([^"]*)"', page)
        assert len(titles) == 300 * n
        assert {unescape(t).count(",") for t in titles} == {20}  # ten and "and N more", twice
    assert sizes[8] < 4.5 * sizes[2], sizes
