"""The Python API: the same results as the command line, in the same names."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import pytest

import cnii
from cnii.errors import SchemaError, UnknownNameError

from .conftest import REPO, SMALL, Run

BUNDLED = REPO / "facts.toml"


def test_the_package_exports_its_api_and_nothing_private() -> None:
    for name in cnii.__all__:
        assert not name.startswith("_") or name == "__version__"
        assert getattr(cnii, name) is not None
    with pytest.raises(AttributeError):
        cnii.nothing_like_this  # noqa: B018 - the attribute access is what is tested


@pytest.mark.parametrize(
    ("args", "result"),
    [
        (["check"], lambda: cnii.check(BUNDLED)),
        (["check", "--strict"], lambda: cnii.gate(cnii.check(BUNDLED), strict=True)),
        (["check", "--explain"], lambda: cnii.check(BUNDLED, explain=True)),
        (["derive", "gdp"], lambda: cnii.derive(cnii.check(BUNDLED), "gdp")),
        (["derive"], lambda: cnii.evaluate(BUNDLED)),
        (["explain", "gdp_vs_nbs"], lambda: cnii.explain(cnii.check(BUNDLED), "gdp_vs_nbs")),
        (
            ["coverage", "-s", str(REPO / "article.txt")],
            lambda: cnii.coverage(BUNDLED, REPO / "article.txt"),
        ),
    ],
    ids=["check", "strict", "explain", "derive", "derivations", "explain-one", "coverage"],
)
def test_as_dict_is_what_the_json_format_prints(
    cli: Callable[..., Run], args: list[str], result: Callable[[], Any]
) -> None:
    run = cli(*args, "--facts", str(BUNDLED), "--format", "json")
    assert json.loads(run.stdout) == cnii.as_dict(result())


def test_loads_a_fact_base_from_text() -> None:
    report = cnii.check(cnii.loads(SMALL, "small.toml"))
    assert [(r.id, r.verdict) for r in report.results] == [("sales_match", cnii.Verdict.CONSISTENT)]
    assert cnii.gate(report).passed
    assert report.fact_base.path == "small.toml"


def test_the_api_answers_what_the_commands_answer() -> None:
    report = cnii.check(BUNDLED)
    gdp = cnii.derive(report, "gdp").result
    assert gdp.interval is not None and gdp.point is not None
    assert 39.9e12 < gdp.interval.lo < gdp.point < gdp.interval.hi < 40.4e12
    found = cnii.explain(report, "gdp_vs_nbs")
    assert [c.by for c in found.candidates] == ["caii_total_2024"]
    assert cnii.as_dict(report)["summary"]["passed"] is True


@pytest.mark.parametrize(
    ("call", "error", "message"),
    [
        (
            lambda: cnii.check(cnii.loads('[units]\nx = "count"\n', "u.toml")),
            SchemaError,
            "u.toml: no [checks.*] entries: there is nothing to verify",
        ),
        (
            lambda: cnii.derive(cnii.check(BUNDLED), "gpd"),
            UnknownNameError,
            "no derivation 'gpd'; known: gdp, share",
        ),
        (
            lambda: cnii.explain(cnii.check(BUNDLED), "nope"),
            UnknownNameError,
            "no check 'nope'; known: gdp_vs_nbs",
        ),
    ],
)
def test_unusable_input_raises_cnii_error(
    call: Callable[[], object], error: type[Exception], message: str
) -> None:
    with pytest.raises(error) as caught:
        call()
    assert isinstance(caught.value, cnii.CniiError)
    assert message in str(caught.value)
