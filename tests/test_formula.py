"""Formulas are data: a whitelist parser, bounded, and never eval'd."""

from __future__ import annotations

import ast
import builtins
from decimal import Decimal as D
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import cnii
from cnii import formula
from cnii.errors import DimensionError, FormulaError
from cnii.interval import Interval
from cnii.units import Units
from cnii.value import Value

from .conftest import REPO

UNITS = Units()


def value(unit: str, lo: str, hi: str) -> Value:
    parsed = UNITS.parse(unit)
    return Value(parsed.root, Interval(D(lo) * parsed.factor, D(hi) * parsed.factor))


ENV = {
    "core": value("CNY", "1.525e12", "1.535e12"),
    "usd": value("USD", "205e9", "215e9"),
    "share": value("%", "3.805", "3.815"),
    "growth": value("%", "10.645", "10.655"),
    "rate": value("CNY / USD", "7.18835", "7.18845"),
    "straddle": value("", "-1", "1"),
}


def evaluate(source: str) -> Value:
    return formula.evaluate(formula.parse(source), ENV.__getitem__)


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("__import__('os').system('true')", "only the calculator's named functions"),
        ("().__class__.__bases__[0]", "subscripts"),
        ("().__class__", "attribute access"),
        ("__import__('os')", "unknown function '__import__'"),
        ("open('/etc/passwd')", "unknown function 'open'"),
        ("eval('1')", "unknown function 'eval'"),
        ("core.__class__", "attribute access"),
        ("core[0]", "subscripts"),
        ("(lambda: 1)()", "only the calculator's named functions"),
        ("[x for x in core]", "comprehensions"),
        ("core if share else usd", "conditional expressions"),
        ("core < usd", "comparisons"),
        ("core and usd", "'and' / 'or'"),
        ("(x := 1)", "assignments"),
        ("'text'", "only numbers"),
        ("True", "only numbers"),
        ("1j", "only numbers"),
        ("core % 2", "operator Mod"),
        ("core // 2", "operator FloorDiv"),
        ("10**10**10", "exponent must be a whole number"),
        ("9**9**9**9", "exponent must be a whole number"),
        ("core ** share", "exponent must be a whole number"),
        ("core ** 99", "larger than 16"),
        ("min(core)", "takes 2 to 16 arguments, not 1"),
        ("share(core)", "takes 2 arguments, not 1"),
        ("min(core, usd, key=1)", "no keyword arguments"),
        ("core +", "not valid arithmetic"),
        ("", "formula is empty"),
        ("1" * 31, "more than 30 digits"),
        ("core + " * 200 + "core", "longer than 1000 characters"),
        ("-" * 40 + "core", "nested more than 32 levels"),
        ("(" * 300 + "core" + ")" * 300, "nested too deeply"),
        ("core; core", "not valid arithmetic"),
        ("core) + (core", "unmatched ')'"),
        (")(", "unmatched ')'"),
        ("(core", "never closed"),
        ("core ** 0.5", "for a root write root(x, n), for a growth rate over years cagr("),
        ("root(core, share)", "root(x, n) takes a whole number n from 1 to 16"),
        ("root(core, 0)", "root(x, n) takes a whole number n from 1 to 16"),
        ("root(core, 2.5)", "root(x, n) takes a whole number n from 1 to 16"),
        ("core share", "not valid arithmetic at 'core share'"),
        ("core + * usd", "not valid arithmetic at '\\* usd'"),
    ],
)
def test_rejected_formulas(source: str, message: str) -> None:
    with pytest.raises(FormulaError, match=message.replace("(", r"\(").replace(")", r"\)")):
        formula.parse(source)


def test_unit_errors_name_the_subexpression() -> None:
    with pytest.raises(DimensionError, match="cannot add CNY and USD in 'core \\+ usd'"):
        evaluate("core + usd")
    with pytest.raises(DimensionError, match="the growth rate must be a pure number"):
        evaluate("prior_year(core, usd)")
    with pytest.raises(DimensionError, match="cannot convert"):
        evaluate("convert(share, rate)")


def test_named_functions() -> None:
    gdp = evaluate("implied_total(core, share)").interval
    assert gdp is not None and D("39.97e12") < gdp.lo < gdp.hi < D("40.35e12")
    converted = evaluate("convert(core, rate)")
    assert converted.unit == UNITS.parse("USD").root
    rate = evaluate("implied_rate(core, usd)")
    assert rate.unit == UNITS.parse("CNY / USD").root
    prior = evaluate("prior_year(core, growth)").interval
    assert prior is not None and D("1.378e12") < prior.lo < prior.hi < D("1.388e12")
    assert evaluate("growth(core, prior_year(core, growth))").unit == UNITS.parse("").root


def test_division_by_an_interval_that_may_be_zero_is_undefined_not_an_error() -> None:
    result = evaluate("core / straddle")
    assert result.interval is None
    assert result.missing == "core / straddle: the divisor may be zero"
    assert result.unit == UNITS.parse("CNY").root


def test_steps_record_each_operation() -> None:
    steps: list[formula.Step] = []
    formula.evaluate(formula.parse("core / (1 + growth)"), ENV.__getitem__, steps)
    assert [text for text, _ in steps] == ["1 + growth", "core / (1 + growth)"]


def test_a_formula_may_run_over_several_lines() -> None:
    node = formula.parse("core /\n  (1 + growth)")
    assert isinstance(node, formula.Operation)
    assert [arg.text for arg in node.args] == ["core", "1 + growth"]
    assert evaluate("core /\n  (1 + growth)") == evaluate("core / (1 + growth)")


def test_references_in_order() -> None:
    node = formula.parse("min(core, usd * rate) + core")
    assert list(formula.references(node)) == ["core", "usd", "rate", "core"]


def test_no_eval_exec_or_compile_beyond_a_parse_tree(monkeypatch: pytest.MonkeyPatch) -> None:
    """The whole bundled check runs with eval and exec gone and compile
    limited to building a syntax tree."""
    real_compile = builtins.compile

    def refuse(*_: Any, **__: Any) -> None:
        raise AssertionError("eval/exec called")

    def ast_only(source: Any, filename: Any, mode: str, flags: int = 0, *a: Any, **k: Any) -> Any:
        assert flags & ast.PyCF_ONLY_AST, "compile() used for anything but a parse tree"
        return real_compile(source, filename, mode, flags, *a, **k)

    fact_base = cnii.load(REPO / "facts.toml")
    monkeypatch.setattr(builtins, "eval", refuse)
    monkeypatch.setattr(builtins, "exec", refuse)
    monkeypatch.setattr(builtins, "compile", ast_only)
    assert cnii.gate(cnii.check(fact_base)).passed


@pytest.mark.parametrize(
    "source",
    ["core share", "core +", "core; core", "1 +* 2", "share(x for x in", "a b c", "core usd"],
)
def test_syntax_errors_are_in_cniis_words(source: str) -> None:
    with pytest.raises(FormulaError) as raised:
        formula.parse(source)
    message = raised.value.message
    assert message.startswith("formula is not valid arithmetic")
    for python in ("invalid syntax", "Perhaps", "forgot a comma", "expected"):
        assert python not in message


@pytest.mark.parametrize(
    ("source", "figures"),
    [
        ("99.09 trillion CNY", ["99.09 trillion CNY"]),
        ("7.08 CNY / USD", ["7.08 CNY / USD"]),
        ("$6.1 trillion", ["$6.1 trillion"]),
        ("core - 1.53 trillion CNY", ["1.53 trillion CNY"]),
        ("share - 3.81 %", ["3.81 %"]),
        ("core / 1.53万亿元", ["1.53万亿元"]),
        ("(core + 1 trillion CNY) / usd", ["1 trillion CNY"]),
        ("2 * core", []),
        ("(1 + share) ** 2", []),
    ],
)
def test_numbers_with_units_are_literals(source: str, figures: list[str]) -> None:
    node = formula.parse(source)
    assert [literal.figure for literal in formula.literals(node)] == figures


def test_a_literal_is_read_like_a_printed_figure() -> None:
    found = cnii.loads(
        """
[claims.rate]
printed = "7.08 yuan per dollar"
value = "7.08 CNY / USD"
period = "2024"
statement = "r"

[claims.gdp]
printed = "99.09 trillion yuan"
value = "99.09 trillion CNY"
period = "2024"
statement = "g"

[derivations.rest]
formula = "gdp - 90 trillion CNY"
statement = "what is left above 90 trillion"

[checks.rate_is_literal]
left = "rate"
right = "7.08 CNY / USD"
statement = "r"

[checks.gdp_is_literal]
left = "gdp"
right = "99.09 trillion CNY"
statement = "g"

[checks.rest_is_nine]
left = "rest"
right = "9.09 trillion CNY"
statement = "g"
""",
        "literals.toml",
    )
    report = cnii.check(found)
    assert {r.id: str(r.verdict) for r in report.results} == {
        "rate_is_literal": "consistent",
        "gdp_is_literal": "consistent",
        "rest_is_nine": "consistent",
    }
    right = report.results[0].right.value.interval
    assert right == Interval(D("7.075"), D("7.085"))


# Formulas built from pieces that are ids, function names, keywords, numbers
# and numbers with units: the shape cache must give what the parser gives.
_PIECES = st.sampled_from(
    ["c0", "c1", "gdp_2024", "share", "max", "if", "and", "_", "type", "B", "x"]
)
_ATOMS = st.one_of(
    _PIECES,
    st.sampled_from(["2", "1.5e3", "0.25", "3 trillion", "4 million", "2 %", "1j", "0x1"]),
)


def _formulas() -> st.SearchStrategy[str]:
    return st.recursive(
        _ATOMS,
        lambda inner: st.one_of(
            st.tuples(inner, st.sampled_from([" + ", "-", " * ", " / ", " ** ", " "]), inner).map(
                "".join
            ),
            st.tuples(st.sampled_from(["share", "max", "root", "c0", "(", "-("]), inner, inner).map(
                lambda t: f"{t[0]}({t[1]}, {t[2]})" if t[0] not in "(-(" else f"{t[0]}{t[1]})"
            ),
        ),
        max_leaves=8,
    )


def _outcome(parse: Any, source: str) -> object:
    try:
        return parse(source)
    except FormulaError as error:
        return ("error", type(error), error.message)


@given(sources=st.lists(_formulas(), min_size=1, max_size=6))
def test_a_formula_parses_as_the_parser_reads_it_whatever_shape_came_first(
    sources: list[str],
) -> None:
    for source in sources:
        assert _outcome(formula.parse, source) == _outcome(_uncached, source)


def _uncached(source: str) -> formula.Node:
    kept, limit = formula._SHAPES, formula.MAX_SHAPES
    formula._SHAPES, formula.MAX_SHAPES = {}, 0
    try:
        return formula.parse(source)
    finally:
        formula._SHAPES, formula.MAX_SHAPES = kept, limit


def test_each_shape_is_read_by_the_parser_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formula, "_SHAPES", {})
    calls: list[object] = []
    real = ast.parse

    def counted(*args: Any, **kwargs: Any) -> Any:
        calls.append(args)
        return real(*args, **kwargs)

    monkeypatch.setattr(ast, "parse", counted)
    nodes = [formula.parse(f"share(c{i}, total_{i % 7}) * 100 - c{i}") for i in range(50)]
    assert len(calls) == 1
    assert list(formula.references(nodes[9])) == ["c9", "total_2", "c9"]
    assert nodes[9].text == "share(c9, total_2) * 100 - c9"
    assert isinstance(nodes[9], formula.Operation)
    assert nodes[9].args[0].text == "share(c9, total_2) * 100"
    # a number with a unit is read each time: its unit is no id
    assert [lit.figure for lit in formula.literals(formula.parse("c0 * 3 trillion"))] == [
        "3 trillion"
    ]
    assert [lit.figure for lit in formula.literals(formula.parse("c1 * 3 million"))] == [
        "3 million"
    ]


def test_the_shapes_kept_are_bounded(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(formula, "_SHAPES", {})
    monkeypatch.setattr(formula, "MAX_SHAPES", 10)
    for i in range(30):
        assert list(formula.references(formula.parse(f"c0 * {i} + c1"))) == ["c0", "c1"]
    assert len(formula._SHAPES) == 10
