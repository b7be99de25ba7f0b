"""Shared references: ``include`` brings in another file's references and
units; errors and reports name the file each entry came from."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest

import cnii

from .conftest import Run

NBS = """[units]
region = "count"

[references.nbs_gdp_2024]
value = "134.9084 trillion CNY"
period = "2024"
source = "National Bureau of Statistics"
date = 2025-01-17
status = "preliminary"
statement = "China's GDP in 2024."
"""

FACTS = """include = ["references/nbs.toml"]

[claims.gdp]
printed = "134.9 trillion yuan"
value = "134.9 trillion CNY"
period = "2024"
statement = "GDP."

[claims.regions]
printed = "31 regions"
value = "31 regions"
period = "2024"
statement = "Regions, in the unit the included file defines."
unchecked = "Context only."

[checks.gdp_is_nbs]
left = "gdp"
right = "nbs_gdp_2024"
statement = "The article's GDP is NBS's."
"""


@pytest.fixture
def tree(tmp_path: Path) -> Path:
    (tmp_path / "references").mkdir()
    (tmp_path / "references" / "nbs.toml").write_text(NBS, encoding="utf-8")
    (tmp_path / "facts.toml").write_text(FACTS, encoding="utf-8")
    return tmp_path


def run_in(cli: Callable[..., Run], where: Path, *args: str) -> Run:
    import os

    old = Path.cwd()
    os.chdir(where)
    try:
        return cli(*args)
    finally:
        os.chdir(old)


def test_an_included_reference_and_unit_are_used(tree: Path) -> None:
    fact_base = cnii.load(str(tree / "facts.toml"))
    assert "nbs_gdp_2024" in fact_base.references
    assert fact_base.units["region"] == "count"
    assert fact_base.files == (str(tree / "facts.toml"), str(tree / "references" / "nbs.toml"))
    assert fact_base.file_of("references.nbs_gdp_2024.value").endswith("references/nbs.toml")
    assert fact_base.line("references.nbs_gdp_2024.value") == 5
    (result,) = cnii.check(fact_base).results
    assert str(result.verdict) == "consistent"


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            ("references/nbs.toml", "trillion CNY", "trilion CNY"),
            "references/nbs.toml:5: references.nbs_gdp_2024.value: unknown unit 'trilion'",
        ),
        (
            (
                "references/nbs.toml",
                "[units]",
                '[references.gdp]\nvalue = "1 CNY"\n'
                'source = "s"\ndate = 2020-01-01\nstatement = "s"\n\n[units]',
            ),
            "references/nbs.toml:1: references.gdp: 'gdp' is already defined as claims.gdp "
            "in facts.toml",
        ),
        (
            ("references/nbs.toml", "[units]", 'include = ["../facts.toml"]\n[units]'),
            "references/nbs.toml:1: include: '../facts.toml' includes this file again: "
            "an include cycle",
        ),
        (
            ("facts.toml", "references/nbs.toml", "references/gone.toml"),
            "facts.toml:1: include: cannot include 'references/gone.toml': "
            "references/gone.toml: no such file",
        ),
        (
            (
                "references/nbs.toml",
                "[units]",
                '[checks.c]\nleft = "a"\nright = "b"\nstatement = "s"\n[units]',
            ),
            "references/nbs.toml:1: checks: an included file holds only references, units "
            "and include",
        ),
        (
            ("facts.toml", '["references/nbs.toml"]', '"references/nbs.toml"'),
            "facts.toml:1: include: must be a list of file paths",
        ),
    ],
)
def test_include_errors_name_both_files(
    cli: Callable[..., Run], tree: Path, change: tuple[str, str, str], message: str
) -> None:
    name, old, new = change
    path = tree / name
    path.write_text(path.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    run = run_in(cli, tree, "check")
    assert run.code == 2, run
    assert message in run.stderr, run.stderr


def test_an_included_file_is_never_overwritten(cli: Callable[..., Run], tree: Path) -> None:
    run = run_in(cli, tree, "check", "--output", "references/nbs.toml")
    assert run.code == 2
    assert (tree / "references" / "nbs.toml").read_text(encoding="utf-8") == NBS


def test_a_diamond_of_includes_reads_each_file_once(tree: Path) -> None:
    """A includes B and C, which both include D: D's references come in once,
    and a lattice of includes costs as many reads as it has files."""
    refs = tree / "references"
    (refs / "b.toml").write_text('include = ["nbs.toml"]\n', encoding="utf-8")
    (refs / "c.toml").write_text('include = ["nbs.toml"]\n', encoding="utf-8")
    facts = tree / "facts.toml"
    facts.write_text(
        FACTS.replace(
            'include = ["references/nbs.toml"]',
            'include = ["references/b.toml", "references/c.toml"]',
        ),
        encoding="utf-8",
    )
    fact_base = cnii.load(str(facts))
    assert "nbs_gdp_2024" in fact_base.references
    assert str(cnii.check(fact_base).results[0].verdict) == "consistent"
