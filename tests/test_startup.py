"""Start-up stays light: commands that do not compute never load pint.

Timings are measured by benchmarks/run.py, not here; these tests check the
structural facts that keep start-up fast."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest


def imported_modules(*args: str, env: dict[str, str] | None = None) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "cnii", *args],
        capture_output=True,
        text=True,
        timeout=60,
        env={**os.environ, **(env or {})},
    )
    assert done.returncode == 0, done.stderr
    lines = [line for line in done.stderr.splitlines() if line.startswith("import time:")]
    return {line.rsplit("|", 1)[-1].strip() for line in lines}


@pytest.mark.parametrize(
    ("args", "env"),
    [
        (("--help",), None),
        (("check", "--help"), None),
        ((), {"_CNII_COMPLETE": "complete_bash", "COMP_WORDS": "cnii ch", "COMP_CWORD": "1"}),
        ((), {"_CNII_COMPLETE": "complete_bash", "COMP_WORDS": "cnii derive ", "COMP_CWORD": "2"}),
    ],
    ids=["help", "check-help", "completion", "derive-completion"],
)
def test_help_and_completion_do_not_import_pint(
    args: tuple[str, ...], env: dict[str, str] | None
) -> None:
    modules = imported_modules(*args, env=env)
    assert "cnii.cli" in modules  # the trace is real
    assert "pint" not in modules
    assert "cnii.engine" not in modules


def test_check_in_a_pipeline_imports_only_what_it_uses() -> None:
    """Text output is written without rich; findings and coverage stay unloaded."""
    modules = imported_modules("check")
    assert "pint" in modules  # it did compute
    assert (
        not {
            "rich.table",
            "cnii.findings",
            "cnii.phrases",
            "cnii.render.explain",
            "cnii.render.coverage",
        }
        & modules
    )


def test_help_does_not_import_the_engine_or_file_output() -> None:
    modules = imported_modules("--help")
    assert (
        not {"cnii.engine", "cnii.atomic_write", "cnii.render.common", "tempfile", "rtoml"}
        & modules
    )
