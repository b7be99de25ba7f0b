"""The fact-check page: self-contained, escaped, and right in a real browser.

The browser tests drive Debian's chromium through Playwright (which never
downloads a browser here: it is given the system binary); where either is
missing they skip and say why. Screenshots of the bundled fact base are
kept in build/screenshots as test artefacts, not compared with images."""

from __future__ import annotations

import os
import re
import shutil
from collections.abc import Callable, Iterator
from html.parser import HTMLParser
from pathlib import Path
from typing import Any

import pytest

from .conftest import REPO, SMALL, Run

SHOTS = REPO / "build" / "screenshots"


@pytest.fixture(scope="module")
def bundled_page(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from cnii.cli import main

    page = tmp_path_factory.mktemp("html") / "report.html"
    assert (
        main(["check", "--facts", str(REPO / "facts.toml"), "--format", "html", "-o", str(page)])
        == 0
    )
    return page


class _Tags(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def tags(html: str) -> list[tuple[str, dict[str, str | None]]]:
    parser = _Tags()
    parser.feed(html)
    return parser.tags


def test_the_page_is_self_contained_and_small(bundled_page: Path) -> None:
    html = bundled_page.read_text(encoding="utf-8")
    assert len(html.encode()) < 200 * 1024
    found = tags(html)
    assert not [t for t, _ in found if t in ("script", "link", "iframe", "img", "object")]
    assert not [a for _, a in found if "src" in a]
    assert "@import" not in html and "url(" not in html
    assert found[0] == ("html", {"lang": "en"})
    # a section per check, with its verdict in words beside the symbol
    import cnii

    for result in cnii.check(REPO / "facts.toml").results:
        assert f'id="r1-check-{result.id}"' in html
    assert "✗ inconsistent (expected)" in html
    assert "≈ consistent, through rounding" in html
    assert "@media print" in html and "prefers-color-scheme: dark" in html


def test_it_shows_the_value_the_figures_give_the_interval_and_the_findings(
    bundled_page: Path,
) -> None:
    html = bundled_page.read_text(encoding="utf-8")
    assert '= 40.16 trillion CNY, in <span class="interval">39.97 to 40.35 trillion CNY' in html
    assert "<code>gdp_share</code>: 1.1304 to 1.1378 %" in html  # explain's findings
    assert "<code>caii_total_2024</code> for <code>core_output</code>" in html
    assert "printed “1.53 trillion yuan”" in html  # the tree down to the claims
    assert "The article, annotated" in html
    assert 'class="m-inconsistent"' in html and 'class="m-uncovered"' in html


def test_svg_positions_compute_back_to_the_bounds(bundled_page: Path) -> None:
    """Each drawn end's x, read back through the line's scale, is its value."""
    html = bundled_page.read_text(encoding="utf-8")
    checked = 0
    for svg in re.findall(r"<svg class=\"line\".*?</svg>", html, re.DOTALL):
        head = dict(re.findall(r'data-(start|end|log|factor|margin)="([^"]+)"', svg.split(">")[0]))
        for cx, value in re.findall(r'<circle [^>]*data-value="([^"]+)" cx="([^"]+)"', svg):
            value, cx = cx, value  # (the pattern's groups are in attribute order)
            assert abs(value_at(float(cx), head) - scaled(float(value), head)) <= tolerance(head)
            checked += 1
    assert checked > 20


def scaled(value: float, head: dict[str, str]) -> float:
    import math

    return (
        math.log10(value * float(head["factor"]))
        if head["log"] == "true"
        else value * float(head["factor"])
    )


def value_at(x: float, head: dict[str, str]) -> float:
    start, end, margin = float(head["start"]), float(head["end"]), float(head["margin"])
    return start + (x - margin) / (600 - 2 * margin) * (end - start)


def tolerance(head: dict[str, str]) -> float:
    """Half a hundredth of a unit of x, in the line's scale."""
    return (float(head["end"]) - float(head["start"])) / (600 - 48) * 0.01


HOSTILE = '<script>alert(1)</script>"><img src=x onerror=alert(2)>'


def test_hostile_strings_are_shown_as_text(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = tmp_path / "facts.toml"
    text = SMALL.replace('statement = "Sales in 2023."', f"statement = {HOSTILE!r}")
    text = text.replace(
        'source = "A central bank, reference rate"',
        f'source = {HOSTILE!r}\nurl = "javascript:alert(3)"',
    )
    text += (
        '\n[references.linked]\nvalue = "1 USD / EUR"\nsource = "s"\ndate = 2023-12-29\n'
        'url = "https://example.org/rates?a=1&b=\\"2\\""\nstatement = "s"\nunchecked = "x"\n'
    )
    facts.write_text(text, encoding="utf-8")
    out = tmp_path / "report.html"
    run = cli("check", "--facts", str(facts), "--format", "html", "-o", str(out))
    assert run.code == 0, run
    html = out.read_text(encoding="utf-8")
    assert "<script" not in html and "<img" not in html and "javascript:" not in html
    assert (
        "&lt;script&gt;alert(1)&lt;/script&gt;&#34;&gt;&lt;img src=x onerror=alert(2)&gt;" in html
    )
    hrefs = [a.get("href") for t, a in tags(html) if t == "a"]
    assert all(h and (h.startswith("#") or h.startswith("https://")) for h in hrefs)


def test_several_fact_bases_make_one_page_a_section_each(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    out = tmp_path / "report.html"
    trade = REPO / "tests" / "data" / "valid" / "trade_2024.toml"
    run = cli("check", str(REPO / "facts.toml"), str(trade), "--format", "html", "-o", str(out))
    assert run.code == 0, run
    html = out.read_text(encoding="utf-8")
    assert html.count("<html") == 1
    assert [a.get("id") for t, a in tags(html) if t == "article"] == ["r1", "r2"]


# -- in a real browser -------------------------------------------------------


def _chromium() -> str | None:
    return shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    executable = _chromium()
    if executable is None:
        pytest.skip("no chromium on this machine (apt-get install chromium); .ci/run installs it")
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        pytest.skip("playwright is not installed (pip install '.[test]')")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=executable, args=["--no-sandbox"])
        yield launched
        launched.close()


@pytest.mark.parametrize("width", [1280, 400])
def test_in_chromium(browser: Any, bundled_page: Path, width: int) -> None:
    page = browser.new_page(viewport={"width": width, "height": 900})
    errors: list[str] = []
    requests: list[str] = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("request", lambda r: requests.append(r.url))
    page.goto(bundled_page.as_uri())
    SHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SHOTS / f"bundled-{width}.png"), full_page=True)
    assert errors == []
    assert requests == [bundled_page.as_uri()]  # nothing leaves the page
    overflow = page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0
    # the number lines' labels are readable at any width: 12 px or more, on screen
    labels = page.evaluate(
        """() => [...document.querySelectorAll('.nl .ticks span, .nl .rows')].map(e => {
            const box = e.getBoundingClientRect();
            return {size: parseFloat(getComputedStyle(e).fontSize), left: box.left,
                    right: box.right};
        })"""
    )
    assert len(labels) > 20
    assert all(label["size"] >= 12 for label in labels), labels
    assert all(label["left"] >= 0 and label["right"] <= width for label in labels), labels
    # the drawn geometry: each end's position on screen, computed back to its value
    ends = page.evaluate(
        """() => [...document.querySelectorAll('svg.line')].flatMap(svg => {
            const box = svg.getBoundingClientRect(), k = box.width / svg.viewBox.baseVal.width;
            return [...svg.querySelectorAll('circle[data-value]')].map(c => ({
                x: (c.getBoundingClientRect().x + c.getBoundingClientRect().width / 2 - box.x) / k,
                value: parseFloat(c.dataset.value), start: parseFloat(svg.dataset.start),
                end: parseFloat(svg.dataset.end), log: svg.dataset.log, factor: svg.dataset.factor,
                margin: svg.dataset.margin}));
        })"""
    )
    assert len(ends) > 20
    for end in ends:
        head = {key: str(end[key]) for key in ("start", "end", "log", "factor", "margin")}
        pixel = (float(head["end"]) - float(head["start"])) / (600 - 48)
        assert abs(value_at(end["x"], head) - scaled(end["value"], head)) <= pixel
    page.close()


def test_it_prints(browser: Any, bundled_page: Path, tmp_path: Path) -> None:
    page = browser.new_page()
    page.goto(bundled_page.as_uri())
    page.emulate_media(media="print")
    assert page.evaluate("getComputedStyle(document.body).fontSize") == "14.6667px"  # 11pt
    page.pdf(path=str(tmp_path / "report.pdf"))
    assert (tmp_path / "report.pdf").stat().st_size > 10_000
    page.close()


def test_chromium_is_required_in_ci() -> None:
    """Where CI is set, the browser tests must not skip."""
    if os.environ.get("CI"):
        assert _chromium() is not None, ".ci/run installs chromium"


def test_the_top_says_what_is_wrong_before_anything_else(bundled_page: Path) -> None:
    html = bundled_page.read_text(encoding="utf-8")
    top = html[: html.index('<section class="summary"')]
    assert "4 of 17 checks find numbers that do not add up" in top
    assert "Every reviewed verdict is the one the fact base records." in top
    assert "Gate passed" not in html  # CI's word, not a reader's
    wrong = top[top.index("What does not add up") : top.index("What cannot be checked yet")]
    assert wrong.count("<li>") == 4
    assert (
        "The figures give 40.16 trillion CNY against 134.9084 trillion CNY (ratio 0.299, -70.1 %). "
        "3.81 % is CAII&#39;s share of the total industry" in wrong
    )
    waiting = top[top.index("What cannot be checked yet") :]
    assert "look up nbs_average_rate_2024" in waiting
    assert "it would have to be 7.10 to 7.48 CNY / USD" in waiting
    assert "in unknown" not in html and "not known yet" in html


def test_checks_come_worst_first_headed_by_their_statement(bundled_page: Path) -> None:
    html = bundled_page.read_text(encoding="utf-8")
    order = re.findall(r'<section class="check k-(\w+)" id="r1-check-(\w+)"', html)
    kinds = [kind for kind, _ in order]
    rank = {"inconsistent": 0, "unexpected": 0, "unverifiable": 1, "rounding": 2, "consistent": 2}
    assert [rank[k] for k in kinds] == sorted(rank[k] for k in kinds)
    assert order[0] == ("inconsistent", "gdp_vs_nbs")
    assert (
        '<h3 id="r1-check-gdp_vs_nbs-h">The GDP implied by the core output and its share '
        "equals NBS 2024 GDP.</h3>" in html
    )
    assert '<a class="id muted" href="#r1-check-gdp_vs_nbs"><code>gdp_vs_nbs</code></a>' in html


def _marks(html: str) -> dict[str, str]:
    """Each marked phrase's claim, with the mark it carries."""
    return {
        claim: kind
        for kind, claim in re.findall(r'<mark class="m-(\w+)" title="\w+: (\w+)[;"]', html)
    }


def test_the_article_marks_the_figure_that_is_wrong_not_every_one_near_it(
    bundled_page: Path,
) -> None:
    """1.53 trillion yuan is right; the 3.81 % attached to it is the error."""
    marks = _marks(bundled_page.read_text(encoding="utf-8"))
    assert marks["gdp_share"] == "inconsistent"
    assert marks["core_output"] == "involved"
    html = bundled_page.read_text(encoding="utf-8")
    legend = html[html.index("The article, annotated") :]
    for kind in ("unexpected", "inconsistent", "involved", "unverifiable", "rounding"):
        assert f'<mark class="m-{kind}">' in legend  # every mark used is explained


# Eight figures of a grain report, parts and their total: the planted error
# is one part printed with two digits swapped (4271.6 for 4217.6).
GRAIN = """
[article]
title = "t"
date = 2024-12-31
source = "grain.txt"

{claims}

[derivations.parts]
formula = "{parts}"
statement = "s"

[checks.parts_add_up]
left = "parts"
right = "total"
statement = "The regions' output adds up to the total."
"""


@pytest.mark.parametrize("planted", ["swapped", "scale"])
def test_one_planted_error_among_eight_figures_is_the_one_marked(
    cli: Callable[..., Run], tmp_path: Path, planted: str
) -> None:
    true = ["4217.6", "1382.4", "2950.3", "718.9", "3066.1", "1540.7", "905.2"]
    printed = list(true)
    printed[2] = "2590.3" if planted == "swapped" else "29503"  # the planted error
    total = f"{sum(float(x) for x in true):.1f}"
    claims = "\n".join(
        f'[claims.part_{n}]\nprinted = "{figure} tonnes"\nvalue = "{figure} tonnes"\n'
        f'period = "2024"\nstatement = "s"\n'
        for n, figure in enumerate([*printed], 1)
    )
    claims += f'\n[claims.total]\nprinted = "{total} tonnes"\nvalue = "{total} tonnes"\n'
    claims += 'period = "2024"\nstatement = "s"\n'
    facts = tmp_path / "facts.toml"
    facts.write_text(
        GRAIN.format(claims=claims, parts=" + ".join(f"part_{n}" for n in range(1, 8))),
        encoding="utf-8",
    )
    text = ", ".join(f"region {n} {figure} tonnes" for n, figure in enumerate(printed, 1))
    (tmp_path / "grain.txt").write_text(f"{text}; in all {total} tonnes.\n", encoding="utf-8")
    page = tmp_path / "page.html"
    run = cli("check", "--facts", str(facts), "--format", "html", "-o", str(page))
    assert run.code == 1, run
    marks = _marks(page.read_text(encoding="utf-8"))
    assert marks.pop("part_3") == "unexpected"  # its check expected to hold
    assert set(marks.values()) == {"involved"} and len(marks) == 7


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("核心产业增加值达1.53万亿元。同比增长10.65%。占国内生产总值的比重为3.81%。", "zh-Hans"),
        ("核心產業增加值達1.53萬億元。同比增長10.65%。占國內生產總值的比重為3.81%。", "zh-Hant"),
        ("The core industry's value added reached 1.53 trillion yuan in 2024.", "en"),
    ],
)
def test_the_page_speaks_the_article_s_language(
    cli: Callable[..., Run], tmp_path: Path, text: str, lang: str
) -> None:
    (tmp_path / "a.txt").write_text(text + "\n", encoding="utf-8")
    facts = tmp_path / "facts.toml"
    article = '[article]\ntitle = "t"\ndate = 2024-12-31\nsource = "a.txt"\n'
    facts.write_text(article + SMALL, encoding="utf-8")
    page = tmp_path / "page.html"
    assert cli("check", "--facts", str(facts), "--format", "html", "-o", str(page)).code in (0, 1)
    html = page.read_text(encoding="utf-8")
    assert html.startswith(f'<!DOCTYPE html>\n<html lang="{lang}">')
    assert f'<article id="r1" lang="{lang}"' in html


def test_beyond_the_first_checks_the_page_lists_the_rest_a_line_each(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """So that a page for thousands of checks stays small: the first SHOWN
    in full (worst first), the others a line each, and the page says so."""
    import cnii
    from cnii.render import html as page

    monkeypatch.setattr(page, "SHOWN", 5)
    monkeypatch.setattr(page, "LISTED", 3)
    out = tmp_path / "page.html"
    with out.open("w", encoding="utf-8") as stream:
        page.check_html([cnii.gate(cnii.check(REPO / "facts.toml"))], stream)
    html = out.read_text(encoding="utf-8")
    assert html.count('<section class="check ') == 5
    assert "The other 12 checks, in brief" in html
    assert html.count('<tr id="r1-check-') == 12
    assert "And 1 more, among the checks below." in html  # 4 inconsistent, 3 listed
    for result in cnii.check(REPO / "facts.toml").results:
        assert f'id="r1-check-{result.id}"' in html  # every check has its anchor
