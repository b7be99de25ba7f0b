"""The benchmark's generated fact bases are valid, so its timings measure
real work rather than an early input error."""

from __future__ import annotations

import importlib.util
import json
from collections.abc import Callable
from pathlib import Path

import pytest

from .conftest import REPO, Run


def load_generator() -> Callable[[int], str]:
    spec = importlib.util.spec_from_file_location("generate", REPO / "benchmarks" / "generate.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module.generate  # type: ignore[no-any-return]  # loaded from a path: untyped


@pytest.mark.parametrize("n", [5, 7, 200])
def test_generated_fact_bases_are_valid(cli: Callable[..., Run], tmp_path: Path, n: int) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(load_generator()(n), encoding="utf-8")
    run = cli("check", "--facts", str(path), "--format", "json")
    assert run.code in (0, 1), run  # verdicts may differ from expectations; input is valid
    assert len(json.loads(run.stdout)["checks"]) == n


def test_generator_needs_one_claim_of_each_kind() -> None:
    with pytest.raises(ValueError, match="at least 5"):
        load_generator()(4)
