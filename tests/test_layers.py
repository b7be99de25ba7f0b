"""The engine's modules import one another in one direction only: the
results at the bottom, the stages above them, and no circle, counting the
imports made for type hints and those inside functions."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "cnii"
ENGINE = [
    "calc",
    "checks",
    "compile",
    "engine",
    "findings",
    "lint",
    "nearby",
    "results",
    "units",
    "value",
]


def imports() -> dict[str, set[str]]:
    """Every cnii module and the cnii modules it imports, anywhere in it."""
    modules = {
        ".".join(("cnii", *path.relative_to(PACKAGE).with_suffix("").parts)).removesuffix(
            ".__init__"
        ): path
        for path in PACKAGE.rglob("*.py")
    }
    graph: dict[str, set[str]] = {}
    for name, path in modules.items():
        found = set()
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                for alias in node.names:
                    found.add(
                        f"{node.module}.{alias.name}"
                        if f"{node.module}.{alias.name}" in modules
                        else node.module
                    )
            elif isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
        graph[name] = {other for other in found if other in modules and other != name}
    return graph


def reachable(graph: dict[str, set[str]], start: str) -> set[str]:
    seen: set[str] = set()
    stack = list(graph[start])
    while stack:
        name = stack.pop()
        if name not in seen:
            seen.add(name)
            stack.extend(graph[name])
    return seen


@pytest.mark.parametrize("module", ENGINE)
def test_no_engine_module_imports_itself_through_another(module: str) -> None:
    graph = imports()
    name = f"cnii.{module}"
    circle = sorted(other for other in reachable(graph, name) if name in reachable(graph, other))
    assert name not in reachable(graph, name), f"{name} comes back to itself through {circle}"


@pytest.mark.parametrize(
    ("bottom", "above"),
    [
        ("results", ("checks", "engine", "findings", "lint")),
        ("value", ("calc", "units")),
    ],
)
def test_the_results_and_values_are_below_what_makes_them(
    bottom: str, above: tuple[str, ...]
) -> None:
    assert not reachable(imports(), f"cnii.{bottom}") & {f"cnii.{m}" for m in above}
