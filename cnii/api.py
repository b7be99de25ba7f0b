"""The Python API: what the command line does, in the same names.

    import cnii
    report = cnii.check("facts.toml")
    cnii.as_dict(cnii.gate(report))     # what `cnii check --format json` prints
    cnii.derive(report, "gdp").result   # a Value: interval, point, unit
    cnii.explain(report, "gdp_share").solutions

Every function raises ``cnii.CniiError`` for unusable input.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

from cnii import engine
from cnii.checks import gate as gate  # the API's, as it is
from cnii.compile import compile_fact_base
from cnii.errors import SchemaError, UnknownNameError
from cnii.factbase import FactBase, parse
from cnii.factbase import load as _load
from cnii.results import Evaluation, Gate, Report, Trace

if TYPE_CHECKING:  # imported where used: a plain check needs neither
    from cnii.phrases import Coverage
    from cnii.results import Explanation

Facts = FactBase | str | Path | None


def load(path: str | Path | None = None) -> FactBase:
    """Read and validate a fact base: ``path``, else ``./facts.toml``, else
    the one bundled with cnii."""
    return _load(None if path is None else str(path))


def loads(text: str, name: str = "<string>") -> FactBase:
    """Validate a fact base given as TOML text; ``name`` is shown in errors."""
    return parse(text, name)


def evaluate(facts: Facts = None) -> Evaluation:
    """Compile a fact base and compute every entry's value."""
    fact_base = facts if isinstance(facts, FactBase) else load(facts)
    return engine.evaluate(compile_fact_base(fact_base))


def check(facts: Facts = None, *, explain: bool = False) -> Report:
    """Every check's verdict; with ``explain``, the findings of each check
    that is inconsistent or names ``rates``."""
    evaluation = evaluate(facts)
    fact_base = evaluation.fact_base
    if not fact_base.checks:
        raise SchemaError("no [checks.*] entries: there is nothing to verify", file=fact_base.path)
    report = engine.run_checks(evaluation)
    if not explain:
        return report
    from cnii import findings

    explanations = {
        result.id: findings.explain(report, result)
        for result in report.results
        if findings.worth_explaining(result)
    }
    return report._replace(explanations=explanations)


def derive(report: Report, name: str) -> Trace:
    """The derivation ``name`` step by step (``prior-year`` finds ``prior_year``)."""
    derivations = report.fact_base.derivations
    entry_id = name.replace("-", "_")
    if entry_id not in derivations:
        known = ", ".join(derivations) or "none"
        raise UnknownNameError(
            f"no derivation {name!r}; known: {known}", file=report.fact_base.path
        )
    return engine.trace(report, entry_id)


def explain(report: Report, name: str) -> Explanation:
    """One check's findings (hyphens and underscores alike in ``name``)."""
    from cnii import findings

    check_id = name.replace("-", "_")
    result = next((r for r in report.results if r.id == check_id), None)
    if result is None:
        known = ", ".join(r.id for r in report.results)
        raise UnknownNameError(f"no check {name!r}; known: {known}", file=report.fact_base.path)
    return findings.explain(report, result)


def coverage(facts: Facts = None, source: str | Path | None = None) -> Coverage:
    """Every number phrase of the article at ``source`` (else the one the fact
    base names in ``[article] source``, relative to the fact base) and what
    covers it."""
    from cnii.phrases import cover, read_source

    fact_base = facts if isinstance(facts, FactBase) else load(facts)
    if source is None:
        source = fact_base.article_path
        if source is None:
            raise UnknownNameError(
                "no article: name its text with --source, or in [article] source",
                file=fact_base.path,
            )
    return cover(fact_base, read_source(str(source)), str(source))


def as_dict(result: Gate | Report | Trace | Explanation | Coverage | Evaluation) -> dict[str, Any]:
    """The document that ``--format json`` prints for a result."""
    if isinstance(result, Report):
        result = gate(result)
    if isinstance(result, Gate):
        from cnii.render.checks import check_document

        return check_document(result)
    if isinstance(result, Trace):
        from cnii.render.derive import trace_document

        return trace_document(result)
    if isinstance(result, Evaluation):
        from cnii.render.derive import derivations_document

        return derivations_document(result)
    from cnii.phrases import Coverage

    if isinstance(result, Coverage):
        from cnii.render.coverage import coverage_document

        return coverage_document(result)
    from cnii.render.explain import explain_document

    return explain_document(result)
