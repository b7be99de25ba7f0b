from __future__ import annotations

import os
import sys
import textwrap
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pytest
from hypothesis import settings
from typer.testing import CliRunner

from cnii.cli import main

# "default" runs in CI and under the README's test command: derandomized, so
# every run tries the same examples and the suite is deterministic. "thorough"
# is random and much longer, for a run by hand:
#   HYPOTHESIS_PROFILE=thorough python -m pytest tests/test_interval.py
# No deadline: it is a timing assertion, and fails on a busy machine.
settings.register_profile("default", deadline=None, derandomize=True, database=None)
settings.register_profile("thorough", max_examples=20_000, deadline=None)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE", "default"))

REPO = Path(__file__).resolve().parent.parent
DATA = Path(__file__).resolve().parent / "data"

# The width a report is laid out for comes from COLUMNS when the output is
# not a terminal. A shell may export it, and pytest-xdist's workers set it
# to 80: every test starts without it (one that wants a width sets it).
os.environ.pop("COLUMNS", None)
os.environ.pop("LINES", None)

# A small fact base about no article in particular: the engine must not
# depend on the bundled one.
SMALL = """
[units]
store = "count"

[claims.sales]
printed = "about $12 million"
value = "12 million USD"
qualifier = "about"
period = "2023"
statement = "Sales in 2023."

[claims.sales_eur]
printed = "11.2 million euros"
value = "11.2 million EUR"
period = "2023"
statement = "The same sales in euros."

[claims.stores]
printed = "40 stores"
value = "40 stores"
period = "2023"
statement = "Number of stores."

[references.eur_usd]
value = "1.0813 USD / EUR"
source = "A central bank, reference rate"
date = 2023-12-29
statement = "Dollars per euro at the end of 2023."

[derivations.sales_usd]
formula = "convert(sales_eur, eur_usd)"
unit = "million USD"
statement = "Euro sales in dollars."

[checks.sales_match]
left = "sales"
right = "sales_usd"
statement = "Both sales figures agree."
"""


@dataclass(frozen=True)
class Run:
    code: int
    stdout: str
    stderr: str

    def __repr__(self) -> str:  # shown by pytest when an assertion on a run fails
        return f"Run(code={self.code})\n--- stdout\n{self.stdout}\n--- stderr\n{self.stderr}"


@pytest.fixture
def cli() -> Callable[..., Run]:
    """Run the cnii command line in-process, through ``main`` as the script
    does; bugs raise, as they should."""
    runner = CliRunner()

    def run(*args: str) -> Run:
        with runner.isolation() as (stdout, stderr, _):
            code = main(list(args))
            sys.stdout.flush()
            sys.stderr.flush()
            return Run(code, stdout.getvalue().decode(), stderr.getvalue().decode())

    return run


@pytest.fixture
def write_facts(tmp_path: Path) -> Callable[[str], Path]:
    """Write a fact base into a temporary file and return its path."""

    def write(text: str, name: str = "facts.toml") -> Path:
        path = tmp_path / name
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


GOLDEN = DATA / "golden"


def assert_golden(name: str, text: str) -> None:
    """``text`` must equal the golden file ``name``. They change only
    deliberately: ``CNII_UPDATE_GOLDEN=1 python -m pytest`` (refused where CI
    is set) rewrites them; then review the diff."""
    golden = GOLDEN / name
    if os.environ.get("CNII_UPDATE_GOLDEN"):
        assert not os.environ.get("CI"), "golden files are never updated in CI"
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")
