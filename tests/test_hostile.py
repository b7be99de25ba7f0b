"""Hostile and broken input: limits, no code execution, nothing lost, fuzzing.

Whatever a fact base contains, cnii answers with a result or its own input
error (exit 2), runs nothing from it and changes no file."""

from __future__ import annotations

import contextlib
import io
import string
from collections.abc import Callable
from decimal import Decimal
from pathlib import Path
from typing import Any

import pytest
import rtoml
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

import cnii
from cnii import calc, errors, factbase, files, formula
from cnii.errors import CniiError, FormulaError
from cnii.figures import literal_value
from cnii.interval import Interval
from cnii.render import checks as render
from cnii.units import Units
from cnii.value import Value

from .conftest import SMALL, Run

# Thousands in CI; the "thorough" profile raises it further.
FUZZ = settings(
    max_examples=max(2_000, settings().max_examples),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)


# -- limits ----------------------------------------------------------------


@pytest.mark.parametrize(("limit", "said"), [(1024, "1,024 bytes"), (2 * 2**20, "2 MiB")])
def test_file_size_limit(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, limit: int, said: str
) -> None:
    monkeypatch.setattr(files, "MAX_INPUT_BYTES", limit)
    path = tmp_path / "big.toml"
    path.write_bytes(SMALL.encode() + b"#" * limit)
    run = cli("check", "--facts", str(path))
    assert (run.code, run.stderr) == (2, f"cnii: error: {path}: fact base is larger than {said}\n")


def test_entry_limit(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(factbase, "MAX_ENTRIES", 3)
    run = cli("check", "--facts", str(write_facts(SMALL)))
    assert run.code == 2, run
    assert "6 entries: more than the limit of 3" in run.stderr


# -- no code execution -----------------------------------------------------

ATTACKS = [
    "__import__('os').system('touch /tmp/cnii-pwned')",
    "open('/etc/passwd').read()",
    "eval('1 + 1')",
    "exec('x = 1')",
    "compile('1', 'x', 'eval')",
    "globals()",
    "().__class__.__bases__[0].__subclasses__()",
    "sales.__class__",
    "(lambda: 1)()",
    "[x for x in (1, 2)]",
    "{1: 2}[1]",
    "sales if sales else sales",
    "(x := 1)",
    "f'{sales}'",
    "b'bytes'",
    "...",
    "10**10**10",
    "9**9**9**9",
    "sales ** 100",
    "min(*[sales, sales])",
    "min(sales, key=abs)",
]


@pytest.mark.parametrize("attack", ATTACKS)
def test_attack_strings_are_rejected_before_evaluation(
    attack: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    def never(*_: object, **__: object) -> Value:
        raise AssertionError("an attack string reached evaluation")

    monkeypatch.setattr(formula, "evaluate", never)
    for function in list(calc.FUNCTIONS):
        monkeypatch.setitem(
            calc.FUNCTIONS, function, calc.FUNCTIONS[function].__class__(function, 0, 99, never, "")
        )
    with pytest.raises(FormulaError):
        formula.parse(attack)
    assert not Path("/tmp/cnii-pwned").exists()


# -- nothing lost ------------------------------------------------------------


def test_the_fact_base_is_never_written(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    path = write_facts(SMALL)
    before = (path.read_bytes(), path.stat().st_mtime_ns)
    path.chmod(0o444)  # and a read-only one is fine
    for args in (("check",), ("check", "--format", "json"), ("derive",), ("derive", "sales_usd")):
        assert cli(*args, "--facts", str(path)).code == 0
    assert (path.read_bytes(), path.stat().st_mtime_ns) == before
    assert sorted(p.name for p in path.parent.iterdir()) == ["facts.toml"]


def test_output_is_written_whole(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], tmp_path: Path
) -> None:
    report = tmp_path / "report.json"
    run = cli(
        "check", "--facts", str(write_facts(SMALL)), "--format", "json", "--output", str(report)
    )
    assert (run.code, run.stdout) == (0, ""), run
    assert '"passed": true' in report.read_text(encoding="utf-8")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.toml", "report.json"]


@pytest.mark.parametrize("interruption", [KeyboardInterrupt, RuntimeError])
def test_an_interrupted_report_leaves_the_old_file_and_no_partial_one(
    cli: Callable[..., Run],
    write_facts: Callable[[str], Path],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    interruption: type[BaseException],
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("the previous report\n", encoding="utf-8")

    def half_then_fail(_: object, stream: io.TextIOBase) -> None:
        stream.write("# cnii check: half a report")
        stream.flush()
        raise interruption

    monkeypatch.setattr(render, "check_text", half_then_fail)
    args = ("check", "--facts", str(write_facts(SMALL)), "--output", str(report))
    if interruption is KeyboardInterrupt:  # Ctrl-C: the conventional 128 + SIGINT
        assert cli(*args).code == 130
    else:  # a bug keeps its traceback
        with pytest.raises(interruption):
            cli(*args)
    assert report.read_text(encoding="utf-8") == "the previous report\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["facts.toml", "report.txt"]


def test_the_report_is_never_written_over_the_fact_base(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    path = write_facts(SMALL)
    run = cli("check", "--facts", str(path), "--output", str(path))
    assert run.code == 2
    assert run.stderr == f"cnii: error: {path}: refusing to write the report over an input\n"
    assert path.read_text(encoding="utf-8").strip() == SMALL.strip()


def test_output_into_a_missing_directory(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], tmp_path: Path
) -> None:
    target = tmp_path / "missing" / "report.txt"
    run = cli("check", "--facts", str(write_facts(SMALL)), "--output", str(target))
    assert run.code == 2
    assert run.stderr == (
        f"cnii: error: {target}: cannot write the report: No such file or directory\n"
    )


def test_output_keeps_the_mode_of_the_file_it_replaces(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], tmp_path: Path
) -> None:
    report = tmp_path / "report.txt"
    report.write_text("old\n")
    report.chmod(0o640)
    assert cli("check", "--facts", str(write_facts(SMALL)), "-o", str(report)).code == 0
    assert report.stat().st_mode & 0o777 == 0o640


# -- fuzzing ---------------------------------------------------------------

TOKENS = [
    "sales",
    "sales_eur",
    "eur_usd",
    "stores",
    "nope",
    "1",
    "0",
    "2.5",
    "1e3",
    "0.0",
    " + ",
    " - ",
    " * ",
    " / ",
    " ** ",
    "(",
    ")",
    ", ",
    "-",
    "share(",
    "convert(",
    "min(",
    "max(",
    "abs(",
    "prior_year(",
    "growth(",
    "implied_total(",
    "implied_rate(",
    "sqrt(",
    "__import__",
    ".",
    "[",
    "]",
    "lambda",
    ":",
    "'",
    '"',
    "if",
    "16",
    "17",
    "99",
    "inf",
    "\n",
    "#",
    "\\",
    "{",
    "}",
    "=",
    "@",
    "%",
    "//",
    "not ",
    "and ",
    "~",
]
formulas = st.one_of(
    st.lists(st.sampled_from(TOKENS), max_size=25).map("".join),
    st.text(max_size=60),
    st.text(alphabet=string.printable, max_size=1200),
)


def _environment() -> dict[str, Value]:
    units = Units({"store": "count"})

    def make(unit: str, lo: str, hi: str) -> Value:
        return Value(units.parse(unit).root, Interval(Decimal(lo), Decimal(hi)))

    return {
        "sales": make("USD", "11.5e6", "12.5e6"),
        "sales_eur": make("EUR", "11.15e6", "11.25e6"),
        "eur_usd": make("USD / EUR", "1.08125", "1.08135"),
        "stores": make("stores", "40", "40"),
    }


ENVIRONMENT = _environment()
FORMULA_UNITS = Units({"store": "count"})  # literals are read as the compile step reads them


@FUZZ
@given(formulas)
@example("0\r,")  # Python's parser ends a line at \r: it once broke our offsets
@example("sales\r\n+ 1")
def test_fuzz_formulas(source: str) -> None:
    """Any string: a value, or cnii's own input error."""
    with contextlib.suppress(CniiError):
        node = formula.parse(source)
        node = formula.bind(node, lambda figure: literal_value(figure, FORMULA_UNITS))
        # Unknown ids are refused before evaluation by the engine (tested apart).
        if set(formula.references(node)) <= ENVIRONMENT.keys():
            formula.evaluate(node, ENVIRONMENT.__getitem__)


UNIT_FAMILIES = [
    ["", "%", "", "%"],  # pure numbers and shares: every operation is defined
    ["USD", "million USD", "billion USD"],
    [
        "USD",
        "million USD",
        "billion CNY",
        "CNY",
        "%",
        "stores",
        "",
        "USD / EUR",
        "EUR",
        "CNY / USD",
        "trillion 元",
        "亿 CNY",
    ],
]
QUALIFIERS = ["", "", "about", "over", "at least", "under", "at most", "exactly"]
NUMBERS = st.one_of(
    st.integers(0, 10**6).map(str),
    st.decimals(min_value=0, max_value=10**4, places=3).map(str),
    st.sampled_from(["0", "0.0", "1,000", "17,000", "3.81"]),
)
CLAIM_IDS, REFERENCE_IDS = ["c1", "c2", "c3", "c4"], ["r1", "r2"]
DERIVATION_IDS, CHECK_IDS = ["d1", "d2", "d3"], ["k1", "k2", "k3"]


@st.composite
def claims(draw: st.DrawFn, units: list[str]) -> dict[str, Any]:
    number, unit, qualifier = (
        draw(NUMBERS),
        draw(st.sampled_from(units)),
        draw(st.sampled_from(QUALIFIERS)),
    )
    entry = {
        "printed": f"{qualifier} {number}".strip(),
        "value": f"{number} {unit}".strip(),
        "period": "2024",
        "statement": "A claim.",
    }
    if qualifier:
        entry["qualifier"] = qualifier
    if draw(st.booleans()):
        entry["rounding"] = draw(st.sampled_from(["half-up", "down", "up", "exact"]))
    return entry


@st.composite
def references(draw: st.DrawFn, units: list[str]) -> dict[str, Any]:
    entry = {
        "value": f"{draw(NUMBERS)} {draw(st.sampled_from(units))}".strip(),
        "source": "A source",
        "date": "2024",
        "statement": "A reference.",
    }
    if draw(st.integers(0, 4)) == 0:
        entry.update(status="unconfirmed", note="Not read in a source.")
    return entry


def valid_formulas(ids: list[str]) -> st.SearchStrategy[str]:
    """Arithmetic over the given ids: the calculator's whole grammar."""
    return st.recursive(
        st.one_of(st.sampled_from(ids), st.sampled_from(["1", "2.5", "0", "100"])),
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from(["+", "-", "*", "/"]), inner).map(
                lambda t: f"({t[0]} {t[1]} {t[2]})"
            ),
            st.tuples(inner, st.integers(-3, 4)).map(lambda t: f"({t[0]}) ** {t[1]}"),
            st.tuples(st.sampled_from(sorted(calc.FUNCTIONS)), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})" if t[0] != "abs" else f"abs({t[1]})"
            ),
        ),
        max_leaves=5,
    )


def some_formula(ids: list[str]) -> st.SearchStrategy[str]:
    """Mostly valid formulas over ids; one in ten is anything at all."""
    return st.integers(0, 9).flatmap(lambda n: formulas if n == 0 else valid_formulas(ids))


@st.composite
def checks(draw: st.DrawFn, ids: list[str]) -> dict[str, Any]:
    sides = st.one_of(st.sampled_from(ids), some_formula(ids))
    entry = {
        "left": draw(sides),
        "right": draw(sides),
        "statement": "A check.",
        "relation": draw(st.sampled_from(["equal", "at_most", "at_least"])),
    }
    expect = draw(st.sampled_from(["consistent", "inconsistent", "unverifiable"]))
    if expect != "consistent":
        entry.update(expect=expect, why="Recorded.")
    return entry


JUNK = st.one_of(
    st.text(max_size=30),
    st.integers(),
    st.booleans(),
    st.lists(st.text(max_size=5)),
    st.sampled_from(["", "about", "12 furlongs", "-5 USD", "nan", "1e400 USD"]),
)


@st.composite
def fact_bases(draw: st.DrawFn) -> dict[str, Any]:
    """Mostly valid fact bases, so that evaluation and checks are reached, with
    one field replaced by junk in about a quarter of them."""

    def ids(pool: list[str], least: int = 0) -> list[str]:
        return draw(st.lists(st.sampled_from(pool), unique=True, min_size=least))

    units = draw(st.sampled_from(UNIT_FAMILIES))
    claim_ids, reference_ids = ids(CLAIM_IDS, 1), ids(REFERENCE_IDS)
    derivation_ids = sorted(ids(DERIVATION_IDS))
    values = claim_ids + reference_ids
    derivations = {}
    for i in derivation_ids:  # each uses what comes before it: no cycles here
        derivations[i] = {"formula": draw(some_formula(values)), "statement": "A derivation."}
        values = [*values, i]
    raw: dict[str, Any] = {
        "units": {"store": "count"},
        "claims": {i: draw(claims(units)) for i in claim_ids},
        "references": {i: draw(references(units)) for i in reference_ids},
        "derivations": derivations,
        "checks": {i: draw(checks(values)) for i in ids(CHECK_IDS, 1)},
    }
    if draw(st.integers(0, 3)) == 0:
        kind = draw(st.sampled_from([k for k in raw if raw[k]]))
        entry = draw(st.sampled_from(sorted(raw[kind])))
        if isinstance(raw[kind][entry], dict):
            field = draw(st.sampled_from([*sorted(raw[kind][entry]), "unknown_field"]))
            raw[kind][entry][field] = draw(JUNK)
        else:
            raw[kind][entry] = draw(JUNK)
    return raw


@FUZZ
@given(fact_bases())
def test_fuzz_fact_bases(raw: dict[str, Any]) -> None:
    """Structurally valid TOML with random values: a report, or an input error."""
    text = rtoml.dumps(raw)
    try:
        report = cnii.check(cnii.loads(text, "fuzz.toml"))
    except CniiError as error:
        # every error found in one pass, one line each
        lines = str(error).split("\n")
        assert all(line.startswith("fuzz.toml") for line in lines)
        assert len(lines) == len(getattr(error, "errors", (error,))) + bool(
            getattr(error, "more", 0)
        )
        return
    for write in (render.check_text, render.check_json):
        write([cnii.gate(report)], io.StringIO())


@FUZZ
@given(
    st.one_of(
        st.text(max_size=300), st.binary(max_size=300).map(lambda b: b.decode("utf-8", "replace"))
    )
)
def test_fuzz_raw_text(text: str) -> None:
    """Any text at all: an input error (or, rarely, a valid fact base)."""
    with contextlib.suppress(CniiError):
        factbase.parse(text, "fuzz.toml")


# -- fuzzing what found the attacks of issue 10 --------------------------------

UNIT_TOKENS = [
    "USD",
    "CNY",
    "元",
    "%",
    "percent",
    "count",
    "store",
    "stores",
    "thousand",
    "million",
    "billion",
    "trillion",
    "万",
    "亿",
    "万亿",
    "widget",
    "a" * 30,
    " ",
    " * ",
    " / ",
    "**",
    "^",
    "2",
    "-3",
    "16",
    "26",
    "99",
    "0",
    "(",
    ")",
    "!",
    "\t",
    "\x1b",
    "\u202e",
    "\uff55\uff53\uff44",  # fullwidth "usd"
]


@FUZZ
@given(st.lists(st.sampled_from(UNIT_TOKENS), max_size=14).map("".join))
@example("trillion**26 USD")
@example("percent**50 USD")
@example("a" * 99 + "!")
def test_fuzz_units(text: str) -> None:
    """Unit strings with powers and scale words: a unit within the factor
    bounds, or cnii's own error."""
    try:
        unit = UNITS.parse(text)
    except CniiError as error:
        assert "\n" not in str(error)
        return
    assert not unit.factor or Decimal("1e-40") <= abs(unit.factor) <= Decimal("1e40")


UNITS = Units({"store": "count", "widget": "[widget]"})

LITERALS = st.one_of(
    st.integers(-(10**40), 10**40).map(lambda n: f"{n:#x}" if n >= 0 else f"-{-n:#o}"),
    st.integers(0, 2**64).map(bin),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.text(alphabet="0123456789_.eE+-jxobXOB", min_size=1, max_size=12),
    st.sampled_from(["1e400", "1e-400", "0x10", "0o7", "0b1", "1_000", "1j", "1e99", ".5"]),
)


@FUZZ
@given(LITERALS)
def test_fuzz_number_literals(literal: str) -> None:
    """A number in any form Python knows: decimal and in range, or refused."""
    try:
        node = formula.parse(f"sales * {literal}")
    except CniiError as error:
        assert "\n" not in str(error)
        return
    numbers = [arg for arg in getattr(node, "args", ()) if isinstance(arg, formula.Number)]
    for number in numbers:
        assert number.value == 0 or Decimal("1e-90") <= number.value < Decimal("1e100")
        assert not number.text.lower().startswith(("0x", "0o", "0b"))


NAMES = st.one_of(
    st.text(max_size=20),
    st.text(alphabet="\x00\x07\x1b\r\n\t\u202e\u2028\uff41\uff42abc_é中", max_size=20),
    st.sampled_from(
        ["evil\rcnii: all good", "\x1b[2J", "\uff53\uff41\uff4c\uff45\uff53", "a" * 5000]
    ),
)


@FUZZ
@given(NAMES, st.sampled_from(["claims", "checks", "units", "table", "field", "statement"]))
def test_fuzz_names_reach_no_terminal(name: str, where: str) -> None:
    """Ids, table, field and unit names and strings with control and
    non-ASCII characters: a result, or one escaped line of bounded length."""
    raw: dict[str, Any] = rtoml.loads(SMALL)
    if where in ("claims", "checks"):
        raw[where][name] = raw[where].pop(next(iter(raw[where])))
    elif where == "units":
        raw["units"][name] = "count"
    elif where == "table":
        raw[name] = {"x": 1}
    elif where == "field":
        raw["claims"]["sales"][name] = "x"
    else:
        raw["claims"]["sales"]["statement"] = name or "x"
    try:
        report = cnii.check(cnii.loads(rtoml.dumps(raw), "fuzz.toml"))
    except CniiError as error:
        message = str(error)
        assert message.startswith("fuzz.toml")
        assert not errors.UNPRINTABLE.search(message)
        assert len(message) < 1500
        return
    text = io.StringIO()
    render.check_text([cnii.gate(report)], text)
    assert not errors.UNPRINTABLE.search(text.getvalue().replace("\n", "").replace("\t", ""))


@st.composite
def graphs(draw: st.DrawFn) -> str:
    """Derivations that share sub-expressions (diamonds) and run in long
    chains: each uses one or two of those before it."""
    out = [
        '[claims.a]\nprinted = "12"\nvalue = "12 USD"\nperiod = "2024"\nstatement = "s"\n',
        '[claims.b]\nprinted = "40"\nvalue = "40 USD"\nperiod = "2024"\nstatement = "s"\n',
    ]
    names = ["a", "b"]
    for i in range(draw(st.integers(1, 60))):
        first = draw(st.sampled_from(names[-4:]))
        second = draw(st.sampled_from(names))
        shape = draw(st.sampled_from(["({x} + {y}) / 2", "{x} * 1", "max({x}, {y})", "{x}"]))
        out.append(
            f'[derivations.d{i}]\nformula = "{shape.format(x=first, y=second)}"\nstatement = "s"\n'
        )
        names.append(f"d{i}")
    top = names[-1]
    out.append(f'[checks.k]\nleft = "{top}"\nright = "b"\nstatement = "s"\nrates = ["a"]\n')
    return "\n".join(out)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(graphs())
def test_fuzz_graphs(text: str) -> None:
    """Every command on graphs with diamonds and chains: linear output, no
    recursion, and an explanation that finishes (completely or not)."""
    report = cnii.check(cnii.loads(text, "graph.toml"), explain=True)
    entries = len(report.fact_base.derivations) + 2
    for name in report.fact_base.derivations:
        trace = cnii.derive(report, name)
        assert len(trace.steps) <= 4
        document = cnii.as_dict(trace)
        assert document["id"] == name
    explanation = cnii.explain(report, "k")
    chain = cnii.as_dict(explanation)["left"]
    assert chain is None or len(chain["entries"]) <= entries
    assert {s.id for s in explanation.solutions} <= {"a", "b"}
