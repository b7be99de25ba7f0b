"""The pre-commit hook, run for real by pre-commit against this repository.

Slow (pre-commit builds the hook's environment): skipped by
``python -m pytest -m "not slow"``; CI runs it. try-repo takes the
repository's tracked files (with their changes): a new module must be
committed, or at least added, before this test sees it."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from .conftest import REPO


@pytest.mark.slow
def test_pre_commit_try_repo(tmp_path: Path) -> None:
    if not (REPO / ".git").exists():
        pytest.skip("pre-commit try-repo needs a git checkout of cnii (CI has one)")
    work = tmp_path / "work"
    work.mkdir()
    shutil.copy(REPO / "facts.toml", work / "facts.toml")
    (work / "facts.broken.toml").write_text("[claims.x]\nprinted = 1\n", encoding="utf-8")
    env = {
        **os.environ,
        "PRE_COMMIT_HOME": str(tmp_path / "cache"),
        "GIT_CONFIG_GLOBAL": str(tmp_path / "gitconfig"),
    }
    subprocess.run(["git", "init", "-q"], cwd=work, check=True, env=env)
    subprocess.run(["git", "add", "."], cwd=work, check=True, env=env)

    def hook(*files: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [
                sys.executable,
                "-m",
                "pre_commit",
                "try-repo",
                str(REPO),
                "cnii-check",
                "--files",
                *files,
            ],
            cwd=work,
            env=env,
            capture_output=True,
            text=True,
            timeout=600,
        )

    passed = hook("facts.toml")
    assert passed.returncode == 0, passed.stdout + passed.stderr
    assert "cnii check" in passed.stdout and "Passed" in passed.stdout
    failed = hook("facts.toml", "facts.broken.toml")
    assert failed.returncode == 1, failed.stdout + failed.stderr
    assert "cnii: error: facts.broken.toml:2: claims.x.printed" in failed.stdout


def test_the_repository_hooks_are_the_gates_of_ci() -> None:
    """.pre-commit-config.yaml runs what .ci/run runs after the tests."""
    import yaml

    config = yaml.safe_load((REPO / ".pre-commit-config.yaml").read_text(encoding="utf-8"))
    entries = [hook["entry"] for repo in config["repos"] for hook in repo["hooks"]]
    ci = (REPO / ".ci" / "run").read_text(encoding="utf-8")
    assert entries == ["ruff check", "ruff format --check", "mypy", "cnii check --facts facts.toml"]
    for entry in entries:
        assert f"\n{entry}" in ci, entry


@pytest.mark.slow
def test_the_repository_hooks_config_is_valid() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "pre_commit", "validate-config", ".pre-commit-config.yaml"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stdout + done.stderr
