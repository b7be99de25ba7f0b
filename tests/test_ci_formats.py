"""Reports for CI: golden files for every format on the bundled fact base,
GitHub's escaping, JUnit that parses, Markdown that keeps its columns.

The golden files change only deliberately:
    CNII_UPDATE_GOLDEN=1 python -m pytest tests/test_ci_formats.py
(refused where CI is set), then review the diff."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ElementTree
from collections.abc import Callable
from pathlib import Path

import pytest

import cnii
from cnii.render.ci import escape_data, escape_property

from .conftest import REPO, SMALL, Run, assert_golden

FORMATS = {
    "text": "txt",
    "json": "json",
    "table": "table.txt",
    "github": "github.txt",
    "junit": "junit.xml",
    "markdown": "md",
}


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where the bundled fact base is facts.toml, as in CI."""
    monkeypatch.chdir(REPO)


@pytest.mark.parametrize("strict", [False, True], ids=["gate", "strict"])
@pytest.mark.parametrize("format_", sorted(FORMATS))
def test_golden(cli: Callable[..., Run], at_repo: None, format_: str, strict: bool) -> None:
    args = ["check", "--facts", "facts.toml", "--format", format_, *(["--strict"] * strict)]
    run = cli(*args)
    assert run.code == (1 if strict else 0), run
    assert_golden(f"check{'-strict' if strict else ''}.{FORMATS[format_]}", run.stdout)


@pytest.mark.parametrize(
    ("text", "data", "property_"),
    [
        ("plain", "plain", "plain"),
        ("50 %", "50 %25", "50 %25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("file: x, y", "file: x, y", "file%3A x%2C y"),
        ("%0A", "%250A", "%250A"),  # an escape sequence in the text stays text
        ("::error::", "::error::", "%3A%3Aerror%3A%3A"),
    ],
)
def test_github_escaping(text: str, data: str, property_: str) -> None:
    assert escape_data(text) == data
    assert escape_property(text) == property_


def _unescape(text: str) -> str:
    return (
        text.replace("%0D", "\r")
        .replace("%0A", "\n")
        .replace("%3A", ":")
        .replace("%2C", ",")
        .replace("%25", "%")
    )


def test_github_annotations_survive_crafted_content(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    crafted = SMALL.replace(
        'statement = "Both sales figures agree."', 'statement = "100 %: sales, in full"'
    ).replace('left = "sales"', 'left = """sales\n  * 2"""')
    path = write_facts(crafted)
    run = cli("check", "--facts", str(path), "--format", "github")
    assert run.code == 1, run
    annotation, summary = run.stdout.splitlines()
    assert summary.startswith(f"cnii check: {path}: 1 check: 1 inconsistent")
    head, message = annotation.split("::", 2)[1:]
    line = path.read_text(encoding="utf-8").splitlines().index("[checks.sales_match]") + 1
    assert head == (
        f"error file={escape_property(str(path))},line={line},"
        "title=cnii sales_match%3A inconsistent%2C expected consistent"
    )
    assert "\n" not in message and "%0A" in message
    assert _unescape(message).startswith("100 %: sales, in full; sales\n  * 2 = ")


def test_junit_parses_with_one_case_per_check(cli: Callable[..., Run], at_repo: None) -> None:
    run = cli("check", "--facts", "facts.toml", "--format", "junit", "--strict")
    root = ElementTree.fromstring(run.stdout)
    cases = root.findall("./testsuite/testcase")
    assert len(cases) == 17 == int(root.get("tests", "0"))
    failed = [case.get("name") for case in cases if case.find("failure") is not None]
    assert failed == ["gdp_vs_nbs", "share_vs_nbs", "caii_gdp_vs_nbs", "caii_share_vs_nbs"]
    assert root.get("failures") == "4"
    assert cases[0].get("line") == str(cnii.load(REPO / "facts.toml").line("checks.gdp_vs_nbs"))


def test_markdown_keeps_its_columns(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    crafted = (
        SMALL.replace('statement = "Both sales figures agree."', 'statement = "a | b"')
        + 'expect = "inconsistent"\nwhy = "x | y"\n'
    )
    run = cli("check", "--facts", str(write_facts(crafted)), "--format", "markdown")
    rows = [line for line in run.stdout.splitlines() if line.startswith("| `")]
    assert len(rows) == 1
    assert rows[0].count(" | ") == 5  # six cells: no unescaped bar from the data
    assert "x \\| y" in rows[0]


# -- several fact bases, as pre-commit passes them ---------------------------


@pytest.fixture
def two(tmp_path: Path) -> tuple[Path, Path, Path]:
    """A passing fact base, one whose gate fails, and a broken one."""
    good = tmp_path / "good.toml"
    good.write_text(SMALL, encoding="utf-8")
    failing = tmp_path / "failing.toml"
    failing.write_text(
        SMALL.replace("about $12 million", "about $15 million").replace(
            '"12 million USD"', '"15 million USD"'
        ),
        encoding="utf-8",
    )
    broken = tmp_path / "broken.toml"
    broken.write_text("[claims.x]\nprinted = 1\n", encoding="utf-8")
    return good, failing, broken


def test_several_fact_bases_each_get_a_report(
    cli: Callable[..., Run], two: tuple[Path, Path, Path]
) -> None:
    good, failing, _ = two
    run = cli("check", str(good), "--facts", str(failing), "--format", "json")
    assert run.code == 1, run  # one gate failed
    documents = [json.loads(line) for line in run.stdout.splitlines()]  # JSON Lines
    assert [(d["facts"], d["summary"]["passed"]) for d in documents] == [
        (str(failing), False),
        (str(good), True),
    ]


def test_a_broken_fact_base_does_not_stop_the_others(
    cli: Callable[..., Run], two: tuple[Path, Path, Path]
) -> None:
    good, _, broken = two
    run = cli("check", str(broken), str(good))
    assert run.code == 2, run
    assert run.stderr.startswith(f"cnii: error: {broken}:2: claims.x.printed: must be")
    assert run.stdout.startswith(f"# cnii 0.1.0 check: {good}")


def test_junit_for_several_is_one_document(
    cli: Callable[..., Run], two: tuple[Path, Path, Path]
) -> None:
    good, failing, _ = two
    root = ElementTree.fromstring(cli("check", str(good), str(failing), "--format", "junit").stdout)
    assert [s.get("name") for s in root.findall("testsuite")] == [str(good), str(failing)]
    assert (root.get("tests"), root.get("failures")) == ("2", "1")
