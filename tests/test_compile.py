"""The compile step: every input error is raised here, placed; every formula
is parsed once; after it, nothing the input says can make a later stage fail."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest

import cnii
from cnii import formula
from cnii.compile import CompiledFactBase, compile_fact_base
from cnii.errors import CniiError, CycleError, DimensionError, FormulaError, UnitError

from .conftest import DATA, REPO, SMALL

VALID = [
    REPO / "facts.toml",
    *sorted((DATA / "valid").glob("*.toml")),
    *sorted((REPO / "examples").glob("*.toml")),
]


def compiled(text: str) -> CompiledFactBase:
    return compile_fact_base(cnii.loads(textwrap.dedent(text), "f.toml"))


def raised(text: str) -> CniiError:
    with pytest.raises(CniiError) as caught:
        compiled(text)
    return caught.value


@pytest.mark.parametrize(
    ("extra", "kind", "entry", "at", "message"),
    [
        (
            '[derivations.x]\nformula = "sales + stores"\nstatement = "s"\n',
            DimensionError,
            "derivations.x.formula",
            "formula",
            "cannot add USD and count in 'sales + stores'",
        ),
        (
            '[derivations.x]\nformula = "sale * 2"\nstatement = "s"\n',
            FormulaError,
            "derivations.x.formula",
            "formula",
            "unknown id 'sale' (did you mean 'sales'?)",
        ),
        (
            '[derivations.x]\nformula = "x * 2"\nstatement = "s"\n',
            CycleError,
            "derivations.x.formula",
            "formula",
            "derivations form a cycle: x -> x",
        ),
        (
            '[derivations.x]\nformula = "sales"\nunit = "million EUR"\nstatement = "s"\n',
            DimensionError,
            "derivations.x.unit",
            "unit =",
            "the formula gives USD, not 'million EUR'",
        ),
        (
            '[checks.y]\nleft = "sales"\nright = "stores"\nstatement = "s"\n',
            DimensionError,
            "checks.y",
            "[checks.y]",
            "cannot compare USD with count",
        ),
        (
            '[checks.y]\nleft = "sales"\nright = "sales_usd"\nstatement = "s"\nrates = ["nope"]\n',
            FormulaError,
            "checks.y.rates",
            "rates =",
            "unknown id 'nope'",
        ),
        (
            '[claims.z]\nprinted = "9 widgets"\nvalue = "9 widgets"\nperiod = "2023"\n'
            'statement = "s"\n',
            UnitError,
            "claims.z.value",
            'value = "9',
            "unknown unit 'widgets'",
        ),
    ],
)
def test_input_errors_are_raised_here_and_placed(
    extra: str, kind: type[CniiError], entry: str, at: str, message: str
) -> None:
    text = textwrap.dedent(SMALL) + "\n" + extra
    line = next(
        n
        for n, content in enumerate(text.split("\n"), 1)
        if content.startswith(at) and n > len(SMALL.split("\n"))
    )
    error = raised(text)
    assert type(error) is kind
    assert (error.file, error.entry, error.line) == ("f.toml", entry, line)
    assert message in error.message


def test_every_formula_is_parsed_once(monkeypatch: pytest.MonkeyPatch) -> None:
    """Across compile, evaluation, the checks, every derivation and every
    explanation: one parse per formula and per check side."""
    calls: list[str] = []
    real = formula.parse

    def counting(source: str) -> formula.Node:
        calls.append(source)
        return real(source)

    monkeypatch.setattr(formula, "parse", counting)
    fact_base = cnii.load(REPO / "facts.toml")
    report = cnii.check(fact_base, explain=True)
    for name in fact_base.derivations:
        cnii.derive(report, name)
    for check_id in fact_base.checks:
        cnii.explain(report, check_id)
    assert len(calls) == len(fact_base.derivations) + 2 * len(fact_base.checks)


@pytest.mark.parametrize("path", VALID, ids=[p.stem for p in VALID])
def test_after_compile_nothing_raises(path: Path) -> None:
    """Every later stage, on every check and derivation, runs without error."""
    report = cnii.check(path, explain=True)
    for name in report.fact_base.derivations:
        cnii.as_dict(cnii.derive(report, name))
    for result in report.results:
        cnii.as_dict(cnii.explain(report, result.id))
    assert cnii.as_dict(report)["summary"]["checks"] == len(report.results)


def test_derivations_come_in_evaluation_order() -> None:
    program = compiled(
        SMALL
        + textwrap.dedent("""
        [derivations.c]
        formula = "b * 2"
        statement = "s"
        [derivations.b]
        formula = "a + sales"
        statement = "s"
        [derivations.a]
        formula = "sales"
        statement = "s"
    """)
    )
    order = list(program.derivations)
    assert order.index("a") < order.index("b") < order.index("c")


def diamonds(n: int) -> str:
    """n diamonds in a row: each level uses the one below twice, by two paths."""
    lines = [SMALL]
    below = "sales"
    for i in range(n):
        for side in ("l", "r"):
            lines.append(f'[derivations.{side}{i}]\nformula = "{below} * 1"\nstatement = "s"\n')
        lines.append(f'[derivations.d{i}]\nformula = "(l{i} + r{i}) / 2"\nstatement = "s"\n')
        below = f"d{i}"
    return "\n".join(lines)


def test_inputs_visit_each_entry_once_through_diamonds() -> None:
    """40 diamonds have 2**40 paths; the inputs are found by visiting each node once."""
    program = compiled(diamonds(40))
    assert program.inputs(["d39", "sales_usd"]) == ("sales", "sales_eur", "eur_usd")


def test_inputs_of_a_long_chain_need_no_recursion() -> None:
    chain = [SMALL, '[derivations.c0]\nformula = "sales"\nstatement = "s"\n']
    chain += [
        f'[derivations.c{i}]\nformula = "c{i - 1}"\nstatement = "s"\n' for i in range(1, 3000)
    ]
    program = compiled("\n".join(chain))
    assert program.inputs(["c2999"]) == ("sales",)
