"""Unusable input: one line naming file, entry and problem; exit code 2."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import DATA, SMALL, Run

INVALID = sorted((DATA / "invalid").glob("*.toml"))


def expected_message(path: Path) -> str:
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# error: "), f"{path.name} must start with '# error: '"
    return first.removeprefix("# error: ")


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fact_bases(cli: Callable[..., Run], path: Path) -> None:
    run = cli("check", "--facts", str(path))
    assert run.code == 2, run
    assert run.stdout == "", run
    assert run.stderr == f"cnii: error: {path}{expected_message(path)}\n", run


@pytest.mark.parametrize("command", [("check",), ("derive",), ("derive", "gdp")])
def test_every_command_reports_input_errors(cli: Callable[..., Run], command: tuple[str, ...]
                                            ) -> None:
    path = DATA / "invalid" / "unknown_unit.toml"
    run = cli(*command, "--facts", str(path))
    assert run.code == 2, run
    assert run.stderr.startswith(f"cnii: error: {path}:4: claims.sales.value: unknown unit"), run


def test_missing_file(cli: Callable[..., Run], tmp_path: Path) -> None:
    missing = tmp_path / "nope.toml"
    run = cli("check", "--facts", str(missing))
    assert (run.code, run.stderr) == (2, f"cnii: error: {missing}: no such file\n"), run


def test_directory(cli: Callable[..., Run], tmp_path: Path) -> None:
    run = cli("check", "--facts", str(tmp_path))
    assert run.code == 2, run
    assert run.stderr == f"cnii: error: {tmp_path}: is a directory, not a fact base file\n"


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", ": file is empty"),
        (b"  \n\n", ": file is empty"),
        (b'[article]\ntitle = "caf\xe9"\n', ":2: not UTF-8 text (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ":1: not UTF-8 text (byte 0x89)"),
    ],
)
def test_unreadable_content(cli: Callable[..., Run], tmp_path: Path, content: bytes,
                            message: str) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(content)
    run = cli("check", "--facts", str(path))
    assert (run.code, run.stderr) == (2, f"cnii: error: {path}{message}\n"), run


def test_a_byte_order_mark_is_accepted(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes("\ufeff".encode() + SMALL.encode())
    run = cli("check", "--facts", str(path))
    assert run.code == 0, run


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, not just the in-process runner."""
    path = DATA / "invalid" / "attack_formula.toml"
    done = subprocess.run([sys.executable, "-m", "cnii", "check", "--facts", str(path)],
                          capture_output=True, text=True, timeout=60, cwd=tmp_path)
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert not Path("/tmp/cnii-pwned").exists()
