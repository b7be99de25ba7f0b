"""Huge and pathological inputs, made by the benchmark's generators: work
grows with the entries and the text, never with paths or a search without
end. (Their timings are measured by benchmarks/run.py, not asserted here.)"""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path
from types import ModuleType

import pytest

from cnii.findings import BUDGET
from cnii.phrases import MAX_PHRASES

from .conftest import REPO, Run


def generators() -> ModuleType:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


GENERATE = generators()


@pytest.fixture
def facts(tmp_path: Path) -> Callable[[str], str]:
    def write(text: str) -> str:
        path = tmp_path / "facts.toml"
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


def test_a_chain_of_1500_derivations(cli: Callable[..., Run], facts: Callable[[str], str]) -> None:
    path = facts(GENERATE.chain(1500))
    assert cli("check", "-f", path).code == 0
    explained = json.loads(cli("check", "-f", path, "--format", "json", "--explain").stdout)
    explanation = explained["checks"][0]["explanation"]
    assert len(explanation["left"]["entries"]) == 1501  # every entry once, flat
    derive = cli("derive", "c1499", "-f", path, "--format", "table")
    assert derive.code == 0, derive
    assert "c0" in derive.stdout and "sales" in derive.stdout
    run = cli("explain", "deep", "-f", path, "--format", "text")
    assert run.code == 0, run


def test_diamonds_are_walked_once_per_entry(
    cli: Callable[..., Run], facts: Callable[[str], str]
) -> None:
    """40 diamonds: 2**40 paths from the top to the bottom, 121 entries."""
    path = facts(GENERATE.diamonds(40))
    derive = cli("derive", "d39", "-f", path, "--format", "table")
    assert derive.code == 0, derive
    assert derive.stdout.count("(as above)") == 39  # each shared level expanded once
    text = cli("explain", "top", "-f", path, "--format", "text")
    assert text.code == 0, text
    behind = [line for line in text.stdout.splitlines() if line.startswith("behind left")]
    assert len(behind) == 3 * 40 + 1
    few = json.loads(
        cli("explain", "top", "-f", facts(GENERATE.diamonds(8)), "--format", "json").stdout
    )
    assert few["complete"] is True
    assert [s["id"] for s in few["solutions"]] == ["sales", "budget"]
    assert all(s["needed"] is not None for s in few["solutions"])


def test_a_search_too_large_stops_and_says_so(
    cli: Callable[..., Run], facts: Callable[[str], str]
) -> None:
    path = facts(GENERATE.wide(400))
    found = json.loads(cli("explain", "wide", "-f", path, "--format", "json").stdout)
    assert found["complete"] is False
    searched = [s["searched"] for s in found["solutions"]]
    assert len(searched) == 401 and 0 < sum(searched) < 401
    assert searched == sorted(searched, reverse=True)  # the first ones were searched
    table = cli("explain", "wide", "-f", path, "--format", "table").stdout
    assert f"the search stopped early: it may compute {BUDGET:,} operations" in table


def test_lines_of_brackets_are_scanned_in_linear_time(
    cli: Callable[..., Run], facts: Callable[[str], str]
) -> None:
    path = facts(GENERATE.bracket_lines(12))
    run = cli("check", "-f", path)
    assert run.code == 2
    assert "derivations.b0.formula: formula is not valid arithmetic" in run.stderr


@pytest.mark.parametrize(("count", "code"), [(1000, 0), (1001, 2)])
def test_the_units_limit(
    cli: Callable[..., Run], facts: Callable[[str], str], count: int, code: int
) -> None:
    run = cli("check", "-f", facts(GENERATE.many_units(count)))
    assert run.code == code, run
    if code:
        assert run.stderr.endswith("units: 1001 units: more than the limit of 1000\n")


def test_an_article_of_a_million_numbers_lists_the_first(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(GENERATE.article_of_ones(1_000_000), encoding="utf-8")
    run = cli("coverage", "-f", str(REPO / "facts.toml"), "-s", str(article), "--format", "json")
    document = json.loads(run.stdout)
    assert document["complete"] is False
    assert len(document["phrases"]) == MAX_PHRASES


def test_an_article_that_repeats_a_figure(
    cli: Callable[..., Run], facts: Callable[[str], str], tmp_path: Path
) -> None:
    article = tmp_path / "article.txt"
    article.write_text(GENERATE.article_repeating(1_400_000), encoding="utf-8")
    path = facts(GENERATE.chain(2))
    run = cli("coverage", "-f", path, "-s", str(article), "--format", "json")
    document = json.loads(run.stdout)
    assert run.code == 0, run
    statuses = {p["status"] for p in document["phrases"]}
    assert statuses == {"covered"}
    assert document["phrases"][0]["claims"] == ["sales"]
