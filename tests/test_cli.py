"""The command line: exit codes, output formats, discovery, derive."""

from __future__ import annotations

import json
from collections.abc import Callable
from pathlib import Path

import pytest

from cnii import __version__

from .conftest import REPO, SMALL, Run

BUNDLED = str(REPO / "facts.toml")
ANSI = "\x1b["


def test_check_passes_on_the_bundled_fact_base(cli: Callable[..., Run]) -> None:
    run = cli("check", "--facts", BUNDLED)
    assert run.code == 0, run
    assert run.stdout.splitlines()[-1].endswith("gate passed: every verdict as expected")


def test_strict_fails_the_gate_on_expected_inconsistencies(cli: Callable[..., Run]) -> None:
    run = cli("check", "--facts", BUNDLED, "--strict")
    assert run.code == 1, run
    assert "gate FAILED: inconsistencies under --strict" in run.stdout


def test_an_unexpected_verdict_fails_the_gate(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    # 11.2 million euros at 1.0813 is 12.1 million dollars: not "about 15 million".
    path = write_facts(
        SMALL.replace("about $12 million", "about $15 million").replace(
            '"12 million USD"', '"15 million USD"'
        )
    )
    run = cli("check", "--facts", str(path))
    assert run.code == 1, run
    assert "sales_match\tinconsistent\tconsistent\tFAIL" in run.stdout
    assert "gate FAILED: 1 verdict(s) not as expected" in run.stdout


def test_an_expectation_that_no_longer_holds_fails_too(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    """Like a strict xfail: an expected inconsistency that went away fails."""
    path = write_facts(SMALL + 'expect = "inconsistent"\nwhy = "Thought to differ."\n')
    run = cli("check", "--facts", str(path))
    assert run.code == 1, run
    assert "sales_match\tconsistent\tinconsistent\tFAIL" in run.stdout


def test_json_shape(cli: Callable[..., Run]) -> None:
    run = cli("check", "--facts", BUNDLED, "--format", "json")
    assert run.code == 0, run
    document = json.loads(run.stdout)
    assert set(document) == {"cnii", "schema", "facts", "strict", "checks", "warnings", "summary"}
    assert document["facts"] == BUNDLED
    assert document["cnii"] == __version__
    summary = document["summary"]
    assert summary["checks"] == len(document["checks"])
    assert (
        summary["consistent"] + summary["inconsistent"] + summary["unverifiable"]
        == (summary["checks"])
    )
    assert summary["passed"] is True and summary["unexpected"] == 0
    check = next(c for c in document["checks"] if c["id"] == "gdp_vs_nbs")
    assert set(check) == {
        "id",
        "statement",
        "relation",
        "verdict",
        "expected",
        "as_expected",
        "proposed",
        "fails_gate",
        "left",
        "right",
        "gap",
        "rounding_only",
        "flags",
        "reason",
        "why",
        "line",
    }
    assert (check["verdict"], check["expected"], check["as_expected"]) == (
        "inconsistent",
        "inconsistent",
        True,
    )
    assert check["left"]["unit"] == check["right"]["unit"] == "trillion CNY"
    assert set(check["left"]["interval"]) == {"low", "high", "low_open", "high_open"}
    assert 39.9 < check["left"]["interval"]["low"] < check["left"]["interval"]["high"] < 40.4
    assert check["gap"]["ratio"] == pytest.approx(0.299, abs=0.001)
    assert check["why"]
    open_ended = next(c for c in document["checks"] if c["id"] == "top_regions_within_core")
    assert open_ended["left"]["interval"]["high"] is None  # infinite bounds are null
    assert open_ended["left"]["interval"]["high_open"] is True
    unknown = next(c for c in document["checks"] if c["id"] == "prior_year_vs_caii")
    assert unknown["right"]["interval"] is None and unknown["right"]["missing"]
    assert unknown["reason"].startswith("caii_core_2023: no confirmed figure")


def test_json_on_gate_failure_still_has_exit_1(cli: Callable[..., Run]) -> None:
    run = cli("check", "--facts", BUNDLED, "--format", "json", "--strict")
    assert run.code == 1
    assert json.loads(run.stdout)["summary"]["passed"] is False


@pytest.mark.parametrize("format_", ["auto", "table", "text", "json"])
def test_piped_output_has_no_ansi_escapes(cli: Callable[..., Run], format_: str) -> None:
    run = cli("check", "--facts", BUNDLED, "--format", format_)
    assert run.code == 0, run
    assert ANSI not in run.stdout


@pytest.mark.parametrize(("columns", "widest"), [("80", 80), ("100", 100), ("", 240), ("x", 240)])
def test_a_piped_table_is_as_wide_as_columns_says(
    cli: Callable[..., Run], monkeypatch: pytest.MonkeyPatch, columns: str, widest: int
) -> None:
    monkeypatch.setenv("COLUMNS", columns)
    run = cli("check", "--facts", BUNDLED, "--format", "table")
    width = max(len(line) for line in run.stdout.splitlines())
    assert width <= widest
    assert width > widest - 20  # the blocks, or the table, fill the width


def test_piped_default_is_tab_separated_text(cli: Callable[..., Run]) -> None:
    lines = cli("check", "--facts", BUNDLED).stdout.splitlines()
    assert lines[0] == f"# cnii {__version__} check: {BUNDLED}"
    header = lines[1].split("\t")
    assert header[:4] == ["id", "verdict", "expected", "gate"]
    rows = [line.split("\t") for line in lines[2:-1]]
    assert all(len(row) == len(header) for row in rows)
    usd = next(row for row in rows if row[0] == "usd_at_parity")
    assert usd[1:4] == ["consistent", "consistent", "ok"]
    assert usd[6] == "205 to 215 billion USD"


def test_table_names_the_file_and_shows_verdicts(cli: Callable[..., Run]) -> None:
    run = cli("check", "--facts", BUNDLED, "--format", "table")
    assert run.stdout.startswith(f"cnii check: {BUNDLED}")
    assert "inconsistent (expected)" in run.stdout
    assert "gdp_vs_nbs" in run.stdout


def test_discovery_prefers_the_current_directory(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_facts(SMALL)
    monkeypatch.chdir(path.parent)
    run = cli("check")
    assert run.code == 0, run
    assert run.stdout.splitlines()[0].endswith("check: facts.toml")
    assert "sales_match" in run.stdout


def test_discovery_falls_back_to_the_bundled_fact_base(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    run = cli("check", "--format", "json")
    assert run.code == 0, run
    used = Path(json.loads(run.stdout)["facts"])
    assert used.name == "facts.toml" and used.parent.name == "cnii"
    assert used.read_bytes() == (REPO / "facts.toml").read_bytes()


def test_derive_shows_the_steps(cli: Callable[..., Run]) -> None:
    run = cli("derive", "gdp", "--facts", BUNDLED, "--format", "table")
    assert run.code == 0, run
    out = run.stdout
    assert out.startswith(f"cnii derive: {BUNDLED}")
    assert "implied_total(core_output, gdp_share)" in out
    assert "core_output  claim  1.525 to 1.535 trillion CNY  printed '1.53 trillion yuan'" in out
    # The value the printed figures give first, then what their rounding allows.
    assert "gdp = 40.16 trillion CNY\n" in out
    assert "their rounding allows 39.97 to 40.35 trillion CNY" in out
    assert "gdp_vs_nbs" in out and "inconsistent (expected)" in out


@pytest.mark.parametrize("name", ["prior-year", "prior_year"])
def test_derive_accepts_hyphens(cli: Callable[..., Run], name: str) -> None:
    run = cli("derive", name, "--facts", BUNDLED, "--format", "table")
    assert run.code == 0, run
    assert "prior_year = 1.3781 to 1.3874 trillion CNY" in run.stdout


def test_derive_usd_names_the_rate(cli: Callable[..., Run]) -> None:
    out = cli("derive", "usd", "--facts", BUNDLED, "--format", "table").stdout
    assert "cfets_parity_2024_12_31" in out and "China Foreign Exchange Trade System" in out
    assert "usd = 212.8 billion USD\n" in out
    assert "their rounding allows 212.1 to 213.6 billion USD" in out


def test_derive_json(cli: Callable[..., Run]) -> None:
    document = json.loads(cli("derive", "rate", "--facts", BUNDLED, "--format", "json").stdout)
    assert document["id"] == "rate"
    assert [i["id"] for i in document["inputs"]] == ["core_output", "core_output_usd"]
    assert document["result"]["text"] == "7.09 to 7.49 CNY / USD"
    assert [c["id"] for c in document["checks"]] == ["rate_near_parity"]


def test_derive_lists_the_derivations(cli: Callable[..., Run]) -> None:
    run = cli("derive", "--facts", BUNDLED, "--format", "table")
    assert run.code == 0, run
    for name in ("gdp", "share", "usd", "rate", "prior_year"):
        assert f"  {name} " in run.stdout


def test_derive_unknown_name(cli: Callable[..., Run]) -> None:
    run = cli("derive", "gpd", "--facts", BUNDLED)
    assert run.code == 2, run
    assert run.stderr.startswith(f"cnii: error: {BUNDLED}: no derivation 'gpd'; known: gdp,")


def test_version(cli: Callable[..., Run]) -> None:
    assert cli("--version").stdout == f"cnii {__version__}\n"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("check", "--format", "yaml"),
            "Invalid value for '--format': 'yaml' is not one of "
            "'auto', 'table', 'text', 'json', 'github', 'junit', 'markdown', "
            "'html'. "
            "(see cnii check --help)",
        ),
        (("check", "--bogus"), "No such option: --bogus (see cnii check --help)"),
        (("frobnicate",), "No such command 'frobnicate'. (see cnii --help)"),
        (
            ("check", "--explain"),
            "Invalid value for --explain: adds findings to --format json; "
            "for reading, use cnii explain CHECK (see cnii check --help)",
        ),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(
    cli: Callable[..., Run], args: tuple[str, ...], message: str
) -> None:
    run = cli(*args)
    assert (run.code, run.stdout, run.stderr) == (2, "", f"cnii: error: {message}\n"), run


def test_no_command_shows_the_help_as_a_usage_error(cli: Callable[..., Run]) -> None:
    run = cli()
    assert run.code == 2, run
    assert run.stdout == ""
    assert run.stderr.startswith("Usage: cnii [OPTIONS] COMMAND [ARGS]...")
    assert "check " in run.stderr and "derive " in run.stderr


@pytest.mark.parametrize(
    ("command", "usage"),
    [
        ("check", "cnii check [OPTIONS] [FACTS...]"),
        ("derive", "cnii derive [OPTIONS] [NAME]"),
        ("explain", "cnii explain [OPTIONS] CHECK"),
        ("coverage", "cnii coverage [OPTIONS]"),
        ("draft", "cnii draft [OPTIONS] ARTICLE"),
        ("schema", "cnii schema [OPTIONS]"),
        ("refs", "cnii refs [OPTIONS] [SERIES] [SOURCE KEY]"),
    ],
)
def test_usage_lines_read_as_a_person_writes_them(
    cli: Callable[..., Run], command: str, usage: str
) -> None:
    run = cli(command, "--help")
    assert run.code == 0, run
    assert run.stdout.splitlines()[0] == f"Usage: {usage}"


def test_strict_says_what_else_it_fails_on(cli: Callable[..., Run]) -> None:
    help_text = " ".join(cli("check", "--help").stdout.split())
    assert "every proposed check and every warning" in help_text


def test_a_broken_pipe_is_quiet(tmp_path: Path) -> None:
    """``cnii check | head -c 1``: the reader goes away long before the
    report (40 copies, well past a pipe's buffer) is written. No traceback,
    and 141 (as for SIGPIPE), not the gate-failed code."""
    import subprocess
    import sys

    facts = " ".join([BUNDLED] * 40)
    done = subprocess.run(
        f"{sys.executable} -m cnii check {facts} --format json | head -c 1; "
        'echo " ${PIPESTATUS[0]}"',
        shell=True,
        capture_output=True,
        text=True,
        timeout=120,
        cwd=tmp_path,
        executable="/bin/bash",
    )
    assert done.stderr == ""
    assert done.stdout == "{ 141\n"


def test_a_huge_usage_error_is_one_short_line(cli: Callable[..., Run]) -> None:
    run = cli("check", "--format", "x" * 100_000 + "\x1b[2J")
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and len(run.stderr) < 1200
    assert "\x1b" not in run.stderr


# Run as ``python -m cnii`` is, with a Ctrl-C delivered at the moment
# MODULE is first imported: a deterministic moment, however busy the machine.
_INTERRUPT_AT_IMPORT = """
import os, runpy, signal, sys

class Interrupt:  # a finder of nothing, that interrupts as MODULE is looked for
    def find_spec(self, name, path, target=None):
        if name == MODULE:
            sys.meta_path.remove(self)
            os.kill(os.getpid(), signal.SIGINT)
        return None

sys.meta_path.insert(0, Interrupt())
sys.orig_argv = [sys.executable, "-m", "cnii", *sys.argv[1:]]
runpy.run_module("cnii", run_name="__main__", alter_sys=True)
"""


@pytest.mark.parametrize(
    "module",
    [
        "typing",  # cnii's own first import
        "typer",  # loading the command line
        "cnii.api",  # the command has started
        "pint",  # loading the fact base's units
        "cnii.render.checks",  # about to write the report
    ],
)
def test_ctrl_c_while_cnii_imports_anything_is_quiet(tmp_path: Path, module: str) -> None:
    """Ctrl-C in the first milliseconds, while Python imports cnii and what
    it needs: 130, no traceback, no report and no temporary file left."""
    import subprocess
    import sys

    report = tmp_path / "report.json"
    script = _INTERRUPT_AT_IMPORT.replace("MODULE", repr(module))
    done = subprocess.run(
        [sys.executable, "-c", script, "check", "-f", str(REPO / "facts.toml"), "-o", str(report)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=60,
    )
    assert (done.returncode, done.stdout, done.stderr) == (130, "", ""), done
    assert sorted(p.name for p in tmp_path.iterdir()) == []


@pytest.mark.parametrize("delay", [0.05, 0.3, 0.6, 1.0, 1.5])
def test_ctrl_c_at_any_moment_is_quiet(tmp_path: Path, delay: float) -> None:
    """Interrupted while loading, computing, writing the report or shutting
    down: 130 (or the signal's own death, before Python handles it), never
    a traceback, and never a partial report."""
    import signal
    import subprocess
    import sys
    import time

    from .test_huge import GENERATE

    facts = tmp_path / "facts.toml"
    facts.write_text(GENERATE.chain(1500), encoding="utf-8")
    report = tmp_path / "report.json"
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cnii",
            "check",
            "-f",
            str(facts),
            "--format",
            "json",
            "--explain",
            "-o",
            str(report),
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        cwd=tmp_path,
    )
    time.sleep(delay)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    if err and "/cnii/" not in err:
        # On a busy machine Python may still be starting, before cnii's first
        # line runs: its own message, not cnii's (the test above interrupts
        # each of cnii's imports at a moment that does not depend on load).
        assert process.returncode in (1, -signal.SIGINT) and out == "", (process.returncode, err)
        assert "KeyboardInterrupt" in err and not err.startswith("cnii"), err
        return
    assert process.returncode in (0, 130, -signal.SIGINT), (process.returncode, err)
    assert err == "" and out == ""
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left in (["facts.toml"], ["facts.toml", "report.json"]), left  # no temporary file
    if report.exists():  # written whole: complete JSON
        assert json.loads(report.read_text(encoding="utf-8"))["summary"]["checks"] == 1
    if process.returncode == 0:
        assert report.exists()


def test_derive_json_gives_the_printed_figures_value(cli: Callable[..., Run]) -> None:
    document = json.loads(cli("derive", "gdp", "--facts", BUNDLED, "--format", "json").stdout)
    result = document["result"]
    assert round(result["point"], 2) == 40.16
    assert result["interval"]["low"] < result["point"] < result["interval"]["high"]


@pytest.mark.parametrize(
    ("words", "offered"),
    [
        (
            "cnii derive ",
            [
                "gdp",
                "share",
                "usd",
                "usd_average_rate",
                "rate",
                "prior_year",
                "caii_total_sum",
                "caii_implied_gdp",
                "caii_total_share",
                "top_regions_floor",
            ],
        ),
        ("cnii derive prior-", ["prior-year"]),
        ("cnii explain gdp", ["gdp_vs_nbs"]),
        ("cnii explain --facts nope.toml ", []),
    ],
)
def test_shell_completion_offers_the_names_of_the_fact_base(
    words: str, offered: list[str], tmp_path: Path
) -> None:
    import os
    import subprocess
    import sys

    (tmp_path / "facts.toml").write_bytes((REPO / "facts.toml").read_bytes())
    env = {
        **os.environ,
        "_CNII_COMPLETE": "complete_bash",
        "COMP_WORDS": words,
        "COMP_CWORD": str(len(words.split()) - (0 if words.endswith(" ") else 1)),
    }
    done = subprocess.run(
        [sys.executable, "-m", "cnii"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.stdout.split() == offered, done.stderr
