"""A non-editable install finds the fact base shipped inside the wheel."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from .conftest import REPO


def test_built_wheel_runs_the_embedded_fact_base_from_anywhere(tmp_path: Path) -> None:
    wheels, target, elsewhere = tmp_path / "dist", tmp_path / "site", tmp_path / "elsewhere"
    elsewhere.mkdir()
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "wheel",
            "--no-deps",
            "--no-build-isolation",
            "-q",
            "-w",
            str(wheels),
            str(REPO),
        ],
        check=True,
        timeout=300,
    )
    (wheel,) = wheels.glob("cnii-*.whl")
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "install",
            "--no-deps",
            "-q",
            "--target",
            str(target),
            str(wheel),
        ],
        check=True,
        timeout=300,
    )
    # Only the installed copy can be imported: the checkout is not on the path.
    env = {**os.environ, "PYTHONPATH": str(target)}

    def installed(*args: str) -> dict[str, Any]:
        done = subprocess.run(
            [sys.executable, "-m", "cnii", *args, "--format", "json"],
            cwd=elsewhere,
            env=env,
            capture_output=True,
            text=True,
            timeout=60,
        )
        assert done.returncode == 0, done.stderr
        document: dict[str, Any] = json.loads(done.stdout)
        return document

    used = Path(installed("check")["facts"])
    assert used.is_relative_to(target), used
    assert used.read_bytes() == (REPO / "facts.toml").read_bytes()
    # The schema its first line names ships beside it, and so does the
    # article's text, which coverage finds through [article] source.
    assert (used.parent / "facts.schema.json").read_bytes() == (
        REPO / "facts.schema.json"
    ).read_bytes()
    covered = installed("coverage")
    assert Path(covered["source"]) == used.parent / "article.txt"
    assert covered["passed"] is True


def test_readme_has_the_two_setup_commands_and_ci_runs_the_second() -> None:
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    setup = readme.split("## Set up", 1)[1].split("\n## ", 1)[0]
    commands = [
        line
        for block in re.findall(r"```sh\n(.*?)```", setup, re.DOTALL)
        for line in block.splitlines()
        if line
    ]
    assert commands == ["pip install . && cnii check", "pip install '.[test]' && python -m pytest"]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert f"\n{commands[1]}\n" in ci
    assert "cnii check --facts facts.toml" in ci
