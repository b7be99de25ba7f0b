"""Every command in every format it offers, on the bundled fact base: derive
(one derivation, and the list) and explain have golden files; every format of
every command is run and its output read back by what it promises."""

from __future__ import annotations

import io
import json
import re
from collections.abc import Callable

import pytest

from cnii.render import REPORTERS, Format

from .conftest import REPO, Run, assert_golden

SUFFIX = {Format.TABLE: "table.txt", Format.TEXT: "txt", Format.JSON: "json"}
# The command line of each reporter table row, on the bundled fact base.
ARGS = {
    "check": ["check"],
    "derive": ["derive", "gdp"],
    "derivations": ["derive"],
    "explain": ["explain", "share_vs_nbs"],
    "coverage": ["coverage", "--source", "article.txt"],
}


@pytest.fixture
def at_repo(monkeypatch: pytest.MonkeyPatch) -> None:
    """Run where the bundled fact base is facts.toml, as in CI."""
    monkeypatch.chdir(REPO)


# Every command about a fact base; refs (the bundled reference data, no
# fact base) has tests of its own in tests/test_lookups.py.
CASES = [
    (command, format_)
    for command, table in REPORTERS.items()
    if command not in ("refs", "series")
    for format_ in table
]


def test_every_reporter_is_tried_here_or_in_its_own_tests() -> None:
    assert {command for command, _ in CASES} | {"refs", "series"} == set(REPORTERS)
    assert set(ARGS) == {command for command, _ in CASES}


@pytest.mark.parametrize(("command", "format_"), CASES, ids=[f"{c}-{f}" for c, f in CASES])
def test_every_command_in_every_format(
    cli: Callable[..., Run], at_repo: None, command: str, format_: Format
) -> None:
    run = cli(*ARGS[command], "--facts", "facts.toml", "--format", format_.value)
    assert run.code == 0, run
    assert run.stderr == "", run
    assert "\x1b[" not in run.stdout  # no colour where the output is not a terminal
    if format_ is Format.JSON:
        for line in run.stdout.splitlines():
            assert json.loads(line)["facts"] == "facts.toml"
    elif format_ is Format.TEXT:
        lines = run.stdout.splitlines()
        assert lines[0].startswith("# cnii ")
        rows = [line for line in lines if not line.startswith("#")]
        widths = {len(row.split("\t")) for row in rows}
        assert len(widths) == 1 and widths.pop() >= 3, run  # one table, every row full
    elif format_ is Format.TABLE:
        head = run.stdout.splitlines()[0]
        assert head.startswith(f"cnii {ARGS[command][0]}: ") and "facts.toml" in head, run


GOLDEN_CASES = [(name, f) for name in ("derive", "derivations", "explain") for f in SUFFIX]


@pytest.mark.parametrize(
    ("command", "format_"), GOLDEN_CASES, ids=[f"{c}-{f}" for c, f in GOLDEN_CASES]
)
def test_golden(cli: Callable[..., Run], at_repo: None, command: str, format_: Format) -> None:
    run = cli(*ARGS[command], "--facts", "facts.toml", "--format", format_.value)
    assert run.code == 0, run
    assert_golden(f"{command}.{SUFFIX[format_]}", run.stdout)


@pytest.mark.parametrize(
    "args",
    [["derive"], ["explain", "x"], ["coverage", "-s", "x"]],
    ids=["derive", "explain", "coverage"],
)
def test_formats_a_command_does_not_offer_are_usage_errors(
    cli: Callable[..., Run], args: list[str]
) -> None:
    command = args[0]
    run = cli(*args, "--format", "junit")
    assert run.code == 2, run
    assert run.stdout == ""
    assert run.stderr == (
        f"cnii: error: Invalid value for --format: {command} does not offer "
        f"'junit' (one of auto, table, text, json) (see cnii {command} "
        "--help)\n"
    )


class _Terminal(io.StringIO):
    """A stream that says it is a terminal, as a person's would."""

    def isatty(self) -> bool:
        return True


@pytest.mark.parametrize("width", [60, 80, 100, 120, 160, 200])
def test_the_table_at_every_width(
    width: int, at_repo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Nothing cut off, and nothing wider than the terminal, from 60
    columns up: a block per check where the table would not fit."""
    import cnii
    from cnii.render.checks import check_table

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = _Terminal()
    check_table([cnii.gate(cnii.check("facts.toml"))], stream)
    text = re.sub("\x1b\\[[0-9;]*m", "", stream.getvalue())  # bold and dim stay on a tty
    assert max(len(line) for line in text.splitlines()) <= width
    for result in cnii.check("facts.toml").results:
        assert result.id in text  # every id whole, on one line
    assert_golden(f"check.{width}.table.txt", text)


# A line that ends in a number and a next line that starts with what the
# number measures: a number split from its unit.
_SPLIT = re.compile(
    r"\d\n\s*(?:%|‰|[A-Z]{3}\b|thousand\b|million\b|billion\b|trillion\b|万|亿|jin\b|to\b)"
    r"|\d to\n"  # a range split
    r"|(?<![A-Za-z])[A-Z]{1,2}\n\s*[A-Z]\b"  # a unit's code cut
)


def _reads_whole(text: str, width: int, ids: list[str]) -> None:
    from rich.cells import cell_len

    assert max(cell_len(line) for line in text.splitlines()) <= width
    assert "…" not in text  # nothing cut
    assert not _SPLIT.search(text), _SPLIT.search(text)
    for entry_id in ids:
        assert re.search(rf"(?<![\w.]){re.escape(entry_id)}(?![\w.])", text), entry_id


@pytest.mark.parametrize("width", [60, 80, 120])
@pytest.mark.parametrize(
    ("command", "name"),
    [("explain", "gdp_vs_nbs"), ("explain", "caii_gdp_vs_nbs"), ("derive", "gdp")],
)
def test_explain_and_derive_at_every_width(
    command: str, name: str, width: int, at_repo: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    """At 60, 80 and 120 columns no id is cut (explain once cut the very
    candidate that solves a check) and no number is split from its unit."""
    import cnii
    from cnii.render.derive import trace_table
    from cnii.render.explain import explain_table

    monkeypatch.setenv("COLUMNS", str(width))
    monkeypatch.setenv("NO_COLOR", "1")
    monkeypatch.delenv("FORCE_COLOR", raising=False)
    stream = _Terminal()
    report = cnii.check("facts.toml")
    if command == "explain":
        explanation = cnii.explain(report, name)
        explain_table(explanation, stream)
        ids = [c.by for c in explanation.candidates] + [s.id for s in explanation.solutions]
    else:
        trace = cnii.derive(report, name)
        trace_table(trace, stream)
        ids = [*trace.inputs, *(r.id for r in trace.checks)]
    text = re.sub("\x1b\\[[0-9;]*m", "", stream.getvalue())
    assert ids
    _reads_whole(text, width, ids)
    assert_golden(f"{command}.{name}.{width}.table.txt", text)
