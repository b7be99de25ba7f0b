"""Unusable input: one line naming file, entry and problem; exit code 2."""

from __future__ import annotations

import datetime
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import rtoml

import cnii
from cnii.errors import MAX_ERRORS, InputErrors
from cnii.frozen import fields
from cnii.records import Article, Check, Claim, Derivation, Reference

from .conftest import DATA, SMALL, Run

# Every *.toml under tests/data/invalid is a broken fact base: a file, or a
# directory or dangling link named like one.
INVALID = sorted((DATA / "invalid").glob("*.toml"))


def expected_message(path: Path) -> str:
    """The message after the file name: in NAME.expected beside a case that
    cannot carry a comment (empty, binary, a directory), else in its first
    line, ``# error: ...``."""
    beside = path.with_suffix(".expected")
    if beside.exists():
        return beside.read_text(encoding="utf-8").removesuffix("\n")
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith("# error: "), f"{path.name} must start with '# error: '"
    return first.removeprefix("# error: ")


def test_the_corpus_is_large_and_every_case_is_distinct() -> None:
    files = [path.read_bytes() for path in INVALID if path.is_file()]
    assert len(INVALID) >= 60
    assert len(set(files)) == len(files)


@pytest.mark.parametrize("path", INVALID, ids=[p.stem for p in INVALID])
def test_invalid_fact_bases(cli: Callable[..., Run], path: Path) -> None:
    run = cli("check", "--facts", str(path))
    assert run.code == 2, run
    assert run.stdout == "", run
    assert run.stderr == f"cnii: error: {path}{expected_message(path)}\n", run


@pytest.mark.parametrize("command", [("check",), ("derive",), ("derive", "gdp")])
def test_every_command_reports_input_errors(
    cli: Callable[..., Run], command: tuple[str, ...]
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
        (b"", ": fact base is empty"),
        (b"  \n\n", ": fact base is empty"),
        (b'[article]\ntitle = "caf\xe9"\n', ":2: fact base is not UTF-8 text (byte 0xe9)"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", ":1: fact base is not UTF-8 text (byte 0x89)"),
    ],
)
def test_unreadable_content(
    cli: Callable[..., Run], tmp_path: Path, content: bytes, message: str
) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes(content)
    run = cli("check", "--facts", str(path))
    assert (run.code, run.stderr) == (2, f"cnii: error: {path}{message}\n"), run


def test_a_byte_order_mark_is_accepted(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_bytes("\ufeff".encode() + SMALL.encode())
    run = cli("check", "--facts", str(path), "--format", "text")
    assert run.code == 0, run
    assert "error" not in run.stderr  # (a warning: no check uses the stores)
    assert "\nsales_match\tconsistent\tconsistent\tok\t" in run.stdout  # the first key read
    assert run.stdout.splitlines()[-1] == (
        "# 1 check: 1 consistent; 1 warning; gate passed: every verdict as expected"
    )


def test_no_traceback_in_a_real_process(tmp_path: Path) -> None:
    """The installed entry point, not just the in-process runner."""
    path = DATA / "invalid" / "attack_formula.toml"
    done = subprocess.run(
        [sys.executable, "-m", "cnii", "check", "--facts", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        cwd=tmp_path,
    )
    assert done.returncode == 2, done
    assert done.stdout == ""
    assert "Traceback" not in done.stderr
    assert done.stderr.count("\n") == 1, done.stderr
    assert not Path("/tmp/cnii-pwned").exists()


VALID = sorted((DATA / "valid").glob("*.toml"))


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_valid_fact_bases_pass(cli: Callable[..., Run], path: Path) -> None:
    run = cli("check", "--facts", str(path))
    assert run.code == 0, run
    assert all(line.startswith("cnii: warning: ") for line in run.stderr.splitlines())


def _full_fact_base() -> dict[str, Any]:
    """SMALL with every kind of table present, as parsed TOML."""
    raw: dict[str, Any] = rtoml.loads(SMALL)
    raw["article"] = {"title": "Sales", "date": datetime.date(2024, 1, 2)}
    return raw


RECORD_TABLES = [
    ("article", Article),
    ("claims.sales", Claim),
    ("references.eur_usd", Reference),
    ("derivations.sales_usd", Derivation),
    ("checks.sales_match", Check),
]
WRONG_TYPES = [(where, spec.name) for where, cls in RECORD_TABLES for spec in fields(cls)]


@pytest.mark.parametrize(("where", "name"), WRONG_TYPES, ids=[f"{w}.{n}" for w, n in WRONG_TYPES])
@pytest.mark.parametrize(
    "wrong", [12, 1.5, True, [1], {"a": 1}], ids=["integer", "number", "boolean", "array", "table"]
)
def test_a_wrong_type_in_any_field(
    cli: Callable[..., Run], tmp_path: Path, where: str, name: str, wrong: object
) -> None:
    raw = _full_fact_base()
    table = raw
    for key in where.split("."):
        table = table[key]
    flag = name == "proposed"  # true or false: a boolean is right, a string is wrong
    table[name] = "yes" if flag and isinstance(wrong, bool) else wrong
    path = tmp_path / "facts.toml"
    path.write_text(rtoml.dumps(raw), encoding="utf-8")
    run = cli("check", "--facts", str(path))
    assert run.code == 2, run
    expected = "array of strings" if name == "items" else "true or false" if flag else "string"
    if name == "items" and isinstance(wrong, list):  # an array, of the wrong items
        expected = "item 1 must be a string"
    assert f": {where}.{name}: " in run.stderr, run
    assert expected in run.stderr and "not " in run.stderr, run
    assert run.stderr.count("\n") == 1


@pytest.mark.parametrize(
    ("keys", "wrong", "message"),
    [
        (("units",), 3, "units: must be a table, not an integer"),
        (("units", "box"), 3, "units.box: must be a string, not an integer"),
        (("checks",), [1, 2], "checks: must be a table of entries, not an array"),
        (("claims", "sales"), "12 million USD", "claims.sales: must be a table, not a string"),
        (("article",), "x", "article: must be a table, not a string"),
    ],
)
def test_wrong_types_for_whole_tables(
    cli: Callable[..., Run], tmp_path: Path, keys: tuple[str, ...], wrong: object, message: str
) -> None:
    raw = _full_fact_base()
    table = raw
    for key in keys[:-1]:
        table = table[key]
    table[keys[-1]] = wrong
    path = tmp_path / "facts.toml"
    path.write_text(rtoml.dumps(raw), encoding="utf-8")
    run = cli("check", "--facts", str(path))
    assert run.code == 2, run
    assert message in run.stderr, run


MANY_ERRORS = """
[claims.sales]
printed = "about $12 million"
value = "12 million USD"
qualifier = "about"
period = "2023"
statement = "Sales."

[claims.costs]
printed = "9 million"
value = "9 million UDS"
period = "2023"
statement = "Costs."

[derivations.sales]
formula = "sales * 2"
statement = "A clash with the claim."

[derivations.margin]
formula = "sales - costs"
statement = "Rests on the broken costs: not reported again."

[derivations.ratio]
formula = "sales / turnover"
statement = "An unknown id."

[checks.margin]
left = "margin"
right = "sales"
statement = "A clash with the derivation."

[checks.fine]
left = "sales"
right = "sales +"
statement = "A syntax error."
"""


def test_every_error_of_a_pass_at_once(cli: Callable[..., Run], tmp_path: Path) -> None:
    """Ids used twice are found in one pass; once they are fixed, the next
    pass reports every error of meaning, but not what rests on a broken entry."""
    facts = tmp_path / "facts.toml"
    facts.write_text(MANY_ERRORS, encoding="utf-8")
    run = cli("check", "--facts", str(facts))
    assert run.code == 2
    assert run.stderr.splitlines() == [
        f"cnii: error: {facts}:15: derivations.sales: id 'sales' is already used by claims.sales",
        f"cnii: error: {facts}:27: checks.margin: id 'margin' is already used by "
        "derivations.margin",
    ]
    facts.write_text(
        MANY_ERRORS.replace("[derivations.sales]", "[derivations.double]").replace(
            "[checks.margin]", "[checks.margin_is_sales]"
        ),
        encoding="utf-8",
    )
    run = cli("check", "--facts", str(facts))
    assert run.code == 2
    lines = run.stderr.splitlines()
    assert [line.removeprefix(f"cnii: error: {facts}:").split(": ")[1] for line in lines] == [
        "claims.costs.value",
        "derivations.ratio.formula",
        "checks.fine.right",
    ]
    assert "unknown unit 'UDS'" in lines[0] and "unknown id 'turnover'" in lines[1]
    assert all(line.startswith(f"cnii: error: {facts}:") for line in lines)


def test_errors_past_the_limit_are_counted(tmp_path: Path) -> None:
    entries = "".join(
        f'[claims.c{i}]\nprinted = "{i}"\nvalue = "{i} gizmos"\nperiod = "2023"\n'
        f'statement = "s"\n\n'
        for i in range(1, 61)
    )
    with pytest.raises(InputErrors) as raised:
        cnii.check(cnii.loads(entries, "many.toml"))
    assert len(raised.value.errors) == MAX_ERRORS == 50
    assert raised.value.more == 10
    assert str(raised.value).splitlines()[-1] == "many.toml: 10 more error(s) not shown"
    assert raised.value.entry == "claims.c1.value"  # as a CniiError, the first
