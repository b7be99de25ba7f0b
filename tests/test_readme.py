"""The README runs as written: every shell example, every sample of output.

Each shell command of a ```sh block is either run here, as written, in a
copy of what a fresh clone has (so it must exit 0), or named in PROVEN with
the test that shows it works (set-up commands, the tools of .ci/run). Each
sample of output (a fence with no language, or json, xml, markdown) follows
an HTML comment ``<!-- output: COMMAND -->`` naming the command that
prints it; the command is run and the sample compared with what it prints:
every line of the sample in the output, in order (a sample may leave lines
out), and for JSON every value shown, with ``"..."`` standing for anything.
"""

from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path
from typing import Any, NamedTuple

import pytest

from .conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")
CI_RUN = (REPO / ".ci" / "run").read_text(encoding="utf-8")


class Block(NamedTuple):
    language: str
    text: str
    line: int
    output_of: str | None  # the command of the <!-- output: ... --> before it


def blocks() -> list[Block]:
    found = []
    fence = re.compile(
        r"(?:<!-- output: (?P<command>.+?) -->\n)?^```(?P<language>\w*)\n(?P<text>.*?)^```$",
        re.DOTALL | re.MULTILINE,
    )
    for match in fence.finditer(README):
        line = README.count("\n", 0, match.start("language")) + 1
        found.append(Block(match["language"], match["text"], line, match["command"]))
    return found


def shell_commands() -> list[str]:
    """Every command of the ```sh blocks, without its comment."""
    commands = []
    for block in blocks():
        if block.language == "sh":
            for line in block.text.splitlines():
                command = re.sub(r"\s+# .*$", "", line).strip()
                if command:
                    commands.append(command)
    return commands


def samples() -> list[Block]:
    return [b for b in blocks() if b.output_of is not None]


# -- where it runs: a copy of what a clone has, with this Python's cnii ------


@pytest.fixture(scope="module")
def clone(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The files of a fresh clone that the examples read (nothing else, so
    an example that needs another file fails here as it would for a user)."""
    root = tmp_path_factory.mktemp("clone")
    for name in ("facts.toml", "facts.schema.json", "article.txt"):
        shutil.copy(REPO / name, root / name)
    shutil.copytree(REPO / "examples", root / "examples")
    return root


def shell(command: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "PATH": f"{Path(sys.executable).parent}{os.pathsep}{os.environ.get('PATH', '')}",
        "NO_COLOR": "1",
    }
    env.pop("COLUMNS", None)
    env.pop("FORCE_COLOR", None)
    return subprocess.run(
        ["bash", "-o", "pipefail", "-c", command],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


# -- the shell examples ------------------------------------------------------


def _in_ci_run(command: str) -> None:
    for part in command.split(" && "):
        assert part in CI_RUN, f"{part!r} is not in .ci/run"


def _collects(command: str) -> None:
    """A pytest command whose options, markers, paths and Hypothesis profile
    are valid: collecting runs conftest (which loads the profile)."""
    words = shlex.split(command)
    env = {}
    while "=" in words[0]:
        name, _, value = words.pop(0).partition("=")
        env[name] = value
    assert words[:3] == ["python", "-m", "pytest"], command
    done = subprocess.run(
        [sys.executable, *words[1:], "--collect-only", "-q", "-p", "no:cacheprovider"],
        cwd=REPO,
        env={**os.environ, **env},
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode == 0, done.stdout + done.stderr
    assert re.search(r"^\d+(/\d+)? tests? (collected|selected)", done.stdout, re.MULTILINE)


def _test_extra(command: str) -> None:
    pyproject = tomllib.loads((REPO / "pyproject.toml").read_text(encoding="utf-8"))
    assert "test" in pyproject["project"]["optional-dependencies"], command


def _benchmark_runs(command: str) -> None:
    """The benchmark script runs (one cheap section; the whole of it takes
    minutes, and its targets are judged by whoever runs it)."""
    done = subprocess.run(
        [sys.executable, "benchmarks/run.py", "--runs", "1", "--only", "help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert done.returncode in (0, 1), done.stderr
    assert "targets met" in done.stdout


def _pre_commit(command: str) -> None:
    """pre-commit is in the test extra and the repository has its config
    (tests/test_pre_commit.py runs the hooks)."""
    _test_extra(command)
    assert "pre-commit" in (REPO / "pyproject.toml").read_text(encoding="utf-8")
    assert (REPO / ".pre-commit-config.yaml").is_file()


# Samples of figures the repository's own scripts print: run in it, not in a
# copy of the README's files.
_FROM_THE_REPO = ("python benchmarks/", "python -m tests.")


def _a_sample(command: str) -> None:
    """The figures print (their lines are a README sample, compared by
    test_every_sample_is_what_cnii_prints)."""
    assert any(sample.output_of == command for sample in samples())


# Commands that are not run here, each with what shows that it works.
PROVEN = {
    # .ci/run runs both set-up commands word for word, in fresh environments.
    "pip install . && cnii check": _in_ci_run,
    "pip install '.[test]' && python -m pytest": _in_ci_run,
    "ruff check . && ruff format --check . && mypy": _in_ci_run,
    "pip install -e '.[test]'": _test_extra,
    "python -m pytest": _in_ci_run,
    'python -m pytest -m "not slow"': _collects,
    "HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_interval.py tests/test_calc.py": (
        _collects
    ),
    "pre-commit install": _pre_commit,
    "pip install . && python benchmarks/run.py": _benchmark_runs,
    "python -m tests.draft_quality | tail -8": _a_sample,
    "python benchmarks/planted.py | tail -1": _a_sample,
}


def test_every_shell_command_is_run_or_proven() -> None:
    commands = shell_commands()
    unknown = [c for c in commands if not c.startswith("cnii ") and c not in PROVEN]
    assert unknown == [], "run these in this test, or add them to PROVEN"
    assert set(PROVEN) <= set(commands), "PROVEN names commands the README no longer has"


@pytest.mark.parametrize("command", [c for c in shell_commands() if c in PROVEN])
def test_the_set_up_and_tool_commands(command: str) -> None:
    PROVEN[command](command)


@pytest.mark.parametrize("command", [c for c in shell_commands() if c.startswith("cnii ")])
def test_every_cnii_example_runs_as_written(command: str, clone: Path) -> None:
    done = shell(command, clone)
    assert done.returncode == 0, f"{command}\n{done.stdout}\n{done.stderr}"
    # Standard error carries no error: only what cnii says beside its output
    # (warnings, draft's summary).
    assert all(
        line.startswith(("cnii: warning:", "cnii draft:")) for line in done.stderr.splitlines()
    )
    if "|" not in command:  # a filter may rightly print nothing
        assert done.stdout.strip(), f"{command} printed nothing"


# -- the samples of output ---------------------------------------------------


def test_every_sample_names_its_command() -> None:
    """A fence of output without a command to compare it with can drift."""
    for block in blocks():
        if block.language in ("", "json", "xml", "markdown") and block.output_of is None:
            before = README[: README.find(f"```{block.language}\n{block.text}")]
            assert before.rstrip().endswith("It prints:"), f"README.md:{block.line}"  # Python's


@pytest.mark.parametrize(
    "sample", samples(), ids=lambda b: f"README.md:{b.line}" if isinstance(b, Block) else ""
)
def test_every_sample_is_what_cnii_prints(sample: Block, clone: Path) -> None:
    assert sample.output_of is not None
    # a user's commands run in a fresh clone; a developer's (benchmarks/) in the repository
    done = shell(sample.output_of, REPO if sample.output_of.startswith(_FROM_THE_REPO) else clone)
    assert done.returncode in (0, 1), done.stderr
    printed = done.stdout + done.stderr
    if sample.language == "json":
        shown = json.loads(sample.text)
        where = mismatch(shown, json.loads(printed))
        assert where is None, f"README.md:{sample.line}: the sample differs at {where}"
        return
    # Each line of the sample is in standard output or standard error, in
    # the order of that stream (a terminal interleaves the two).
    streams = [[line.rstrip() for line in out.splitlines()] for out in (done.stdout, done.stderr)]
    positions = [0, 0]
    for wanted in sample.text.rstrip("\n").splitlines():
        wanted = wanted.rstrip()
        for which, lines in enumerate(streams):
            if wanted in lines[positions[which] :]:
                positions[which] = lines.index(wanted, positions[which]) + 1
                break
        else:
            pytest.fail(
                f"README.md:{sample.line}: {wanted!r} is not in what "
                f"`{sample.output_of}` prints (in this order):\n{printed}"
            )


def mismatch(shown: Any, actual: Any, path: str = "") -> str | None:
    """Where a JSON sample does not show what cnii printed, or None if it
    does: ``"..."`` stands for any value, ``{"...": "..."}`` for any object,
    and a list shows some of the items, in order."""
    if shown == "..." or shown == {"...": "..."}:
        return None
    if isinstance(shown, dict):
        if not isinstance(actual, dict):
            return path or "/"
        for key, value in shown.items():
            where = f"{path}/{key}"
            found = where if key not in actual else mismatch(value, actual[key], where)
            if found:
                return found
        return None
    if isinstance(shown, list):
        if not isinstance(actual, list):
            return path or "/"
        rest = iter(actual)
        for index, item in enumerate(shown):
            if not any(mismatch(item, other) is None for other in rest):
                return f"{path}[{index}]"
        return None
    return None if shown == actual and type(shown) is type(actual) else path or "/"


@pytest.mark.parametrize(
    ("shown", "actual", "same"),
    [
        ({"a": "...", "b": 1}, {"a": [1], "b": 1, "c": 2}, True),
        ({"b": 2}, {"b": 1}, False),
        ([{"id": "x"}, {"id": "z"}], [{"id": "x"}, {"id": "y"}, {"id": "z"}], True),
        ([{"id": "z"}, {"id": "x"}], [{"id": "x"}, {"id": "y"}, {"id": "z"}], False),
        ({"a": {"...": "..."}}, {"a": {"b": 1}}, True),
        ({"a": 1}, {"a": True}, False),
    ],
)
def test_mismatch(shown: Any, actual: Any, same: bool) -> None:
    assert (mismatch(shown, actual) is None) is same


# -- samples in the prose ----------------------------------------------------


def test_the_usage_error_sample(clone: Path) -> None:
    shown = re.search(r"`(cnii: error: No such option: --bogus .*?)`", README, re.DOTALL)
    assert shown is not None
    done = shell("cnii check --bogus", clone)
    assert done.returncode == 2
    assert done.stderr == " ".join(shown[1].split()) + "\n"


def test_the_input_error_sample(clone: Path, tmp_path: Path) -> None:
    """The README's example of an input error is what a misspelt unit in
    the bundled fact base gives, line and all."""
    shown = re.search(r"`(cnii: error: facts\.toml:\d+: .*?)`", README, re.DOTALL)
    assert shown is not None
    facts = (clone / "facts.toml").read_text(encoding="utf-8")
    broken = tmp_path / "facts.toml"
    broken.write_text(facts.replace('"1.53 trillion CNY"', '"1.53 trilion CNY"', 1), "utf-8")
    done = shell("cnii check --facts facts.toml", tmp_path)
    assert done.returncode == 2
    assert done.stderr == " ".join(shown[1].split()) + "\n"


def test_the_python_example_prints_what_the_readme_shows() -> None:
    match = re.search(r"```python\n(.*?)```\n\nIt prints:\n\n```\n(.*?)```", README, re.DOTALL)
    assert match is not None, "the README's Python example and its output"
    code, shown = match.groups()
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=REPO, capture_output=True, text=True, timeout=120
    )
    assert done.stderr == ""
    assert done.stdout == shown


def _yaml_blocks() -> list[Any]:
    import yaml

    return [yaml.safe_load(block.text) for block in blocks() if block.language == "yaml"]


def test_the_github_actions_job_runs_as_written(clone: Path) -> None:
    """Each run: line of the README's workflow either installs cnii from the
    repository (as the README's set-up command does) or is a cnii command
    that works as written in a clone."""
    jobs = [document["jobs"] for document in _yaml_blocks() if "jobs" in document]
    assert len(jobs) == 1
    steps = [step["run"] for job in jobs[0].values() for step in job["steps"] if "run" in step]
    installs = [command for command in steps if command.startswith("pip install")]
    assert installs == ["pip install ."]  # the README's set-up command installs the same
    assert "pip install . && cnii check" in shell_commands()
    cnii_steps = [command for command in steps if command not in installs]
    assert cnii_steps and all(command.startswith("cnii check ") for command in cnii_steps)
    for command in cnii_steps:
        done = shell(command, clone)
        assert done.returncode == 0, (command, done.stderr)
    assert (clone / "cnii-report.xml").read_text(encoding="utf-8").startswith("<?xml")


def test_the_pre_commit_hook_checks_every_facts_toml_the_readme_names() -> None:
    """The README says the hook checks every facts*.toml a commit touches:
    its file pattern matches what that glob does, in any folder."""
    import fnmatch

    import yaml

    (hook,) = yaml.safe_load((REPO / ".pre-commit-hooks.yaml").read_text(encoding="utf-8"))
    assert "every `facts*.toml` a commit touches" in " ".join(README.split())
    pattern = re.compile(hook["files"])
    for path in [
        "facts.toml",
        "facts.cn.toml",
        "facts-2024.toml",
        "facts_grain.toml",
        "articles/2024/facts.toml",
        "factsheet.toml",
        "facts.toml.bak",
        "my_facts.toml",
        "facts/notes.toml",
        "articles/facts.json",
    ]:
        name = path.rsplit("/", 1)[-1]
        assert bool(pattern.search(path)) == fnmatch.fnmatchcase(name, "facts*.toml"), path
    configured = yaml.safe_load(
        next(b.text for b in blocks() if b.language == "yaml" and "repos:" in b.text)
    )
    assert configured["repos"][0]["hooks"] == [{"id": hook["id"]}]
