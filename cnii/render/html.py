"""``cnii check --format html``: one self-contained fact-check page.

The page is built by a Jinja2 template with autoescaping on, from plain
dictionaries made here: every string from a fact base or an article reaches
the page escaped, as HTML and of control and bidirectional characters (see
``_shown``), and only http and https URLs become links. Styles are
inline; there is no script, no font and no request beyond the page itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.engine import chain, walk
from cnii.errors import CniiError, printable
from cnii.formula import Ref
from cnii.phrases import MAX_LISTED
from cnii.records import Verdict
from cnii.render import common
from cnii.render.pictures import Scale, scale_for
from cnii.render.values import approx, format_needed, format_point, format_value

if TYPE_CHECKING:
    from cnii.interval import Interval
    from cnii.phrases import Phrase
    from cnii.results import CheckResult, Evaluation, Gate

# The number line's drawing area, in SVG user units.
WIDTH, MARGIN = 600.0, 24.0
# Worst first: the colour a phrase of the article takes from its checks.
_SEVERITY = {"inconsistent": 3, "unexpected": 4, "unverifiable": 2, "rounding": 1, "consistent": 0}


def check_html(gates: Sequence[Gate], stream: IO[str]) -> None:
    """One page; a section for each fact base."""
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("cnii", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        finalize=_shown,
    )
    template = environment.get_template("report.html.j2")
    reports = [_report(gate, f"r{index}") for index, gate in enumerate(gates, 1)]
    # Written as it is made: the page as one string doubled the peak memory.
    stream.writelines(template.generate(version=__version__, reports=reports))


def _shown(value: object) -> object:
    """Every value the page shows, as it shows it: text with what a browser
    would reorder or a terminal act on (``cat report.html``) escaped."""
    return printable(value, None, lines=True) if isinstance(value, str) else value


def _report(gate: Gate, anchor: str) -> dict[str, Any]:
    report = gate.report
    evaluation = report.evaluation
    fact_base = report.fact_base
    article = fact_base.article
    checks = [_check(gate, result) for result in report.results]
    path = printable(fact_base.path, None)  # a name is one line, as in every format
    return {
        "path": path,
        "anchor": anchor,
        "title": article.title if article else path,
        "date": str(article.date) if article and article.date else None,
        "source": article.source if article else None,
        "summary": common.summary(gate),
        "passed": gate.passed,
        "counts": {str(v): report.counts[v] for v in Verdict},
        "unexpected": report.unexpected,
        "warnings": [f"{n.entry}: {n.message}" for n in report.notices],
        "checks": checks,
        "article": _article(evaluation, report.results),
    }


def _kind(result: CheckResult) -> str:
    """The verdict as the page shows it: one of _SEVERITY's keys."""
    if not result.as_expected and not result.proposed:
        return "unexpected"
    if result.verdict is Verdict.CONSISTENT and result.rounding_only:
        return "rounding"
    return str(result.verdict)


def _check(gate: Gate, result: CheckResult) -> dict[str, Any]:
    evaluation = gate.report.evaluation
    sides = []
    for name, side in (("left", result.left), ("right", result.right)):
        node = evaluation.compiled.checks[result.id]
        expression = getattr(node, name)
        sides.append(
            {
                "name": name,
                "expression": side.expression,
                "value": format_value(side.value, result.unit),
                "point": format_point(side.value, result.unit),
                "tree": _tree(evaluation, expression.node.name)
                if isinstance(expression.node, Ref)
                else [],
            }
        )
    line = None
    if all(side.value.interval is not None for side in (result.left, result.right)):
        assert result.left.value.interval is not None and result.right.value.interval is not None
        line = _number_line(result.left.value.interval, result.right.value.interval, result.unit)
    return {
        "id": result.id,
        "kind": _kind(result),
        "verdict": common.verdict_text(result),
        "fails_gate": gate.fails(result),
        "statement": result.check.statement,
        "relation": common.RELATION_SIGNS[result.check.relation],
        "sides": sides,
        "gap": common.gap_text(result.gap),
        "reason": result.reason,
        "rounding": common.rounding_note(result),
        "flags": list(result.flags),
        "why": result.check.why,
        "line": line,
        "findings": _findings(gate, result) if result.verdict is Verdict.INCONSISTENT else None,
    }


def _tree(evaluation: Evaluation, entry_id: str) -> list[dict[str, Any]]:
    """The entries behind a side, depth first, each with what it is."""
    fact_base = evaluation.fact_base
    rows = []
    for depth, _, item, repeated in walk(chain(evaluation, entry_id)):
        row: dict[str, Any] = {
            "depth": min(depth, 8),
            "id": item.id,
            "kind": item.kind,
            "value": format_value(item.value, item.unit),
            "repeated": repeated and bool(item.parts),
            "formula": item.formula,
            "printed": None,
            "source": None,
        }
        if item.id in fact_base.claims:
            row["printed"] = fact_base.claims[item.id].printed
        elif item.id in fact_base.references:
            reference = fact_base.references[item.id]
            row["source"] = {
                "text": reference.source,
                "date": reference.date or "undated",
                "status": reference.status,
                "url": _safe_url(reference.url),
            }
        rows.append(row)
    return rows


def _safe_url(url: str | None) -> str | None:
    """A URL to link to: http or https only, never javascript: or data:."""
    if url is None:
        return None
    from urllib.parse import urlsplit

    parts = urlsplit(url.strip())
    return url.strip() if parts.scheme in ("http", "https") and parts.netloc else None


def _findings(gate: Gate, result: CheckResult) -> dict[str, Any]:
    from cnii.findings import explain
    from cnii.render.explain import more_text

    found = explain(gate.report, result)
    evaluation = gate.report.evaluation
    return {
        "needed": [
            {
                "id": s.id,
                "needed": None if s.needed is None else format_needed(s.needed, s.unit),
                "now": format_value(s.value, s.unit),
            }
            for s in found.solutions
        ],
        "candidates": [
            {
                "by": c.by,
                "replaces": c.replaces,
                "value": format_value(c.value, c.unit),
                "verdict": str(c.verdict),
                "gap": common.gap_text(c.gap),
                "statement": _statement(evaluation, c.by),
            }
            for c in found.candidates
        ],
        "more": more_text(found.more_candidates) if found.more_candidates else None,
    }


def _statement(evaluation: Evaluation, entry_id: str) -> str:
    fact_base = evaluation.fact_base
    entry = fact_base.claims.get(entry_id) or fact_base.references.get(entry_id)
    return entry.statement if entry else ""


# -- the number line ---------------------------------------------------------


def _x(scale: Scale, value: Decimal) -> float:
    """Where a value falls on the page's line, in SVG user units."""
    return round(MARGIN + scale.fraction(value) * (WIDTH - 2 * MARGIN), 2)


def _number_line(a: Interval, b: Interval, unit: Any) -> dict[str, Any] | None:
    """Two bars on one scale. Each end says how it is drawn: closed (a
    filled dot), open (a hollow one), or running off to infinity (an arrow)."""
    scale = scale_for(a, b)
    if scale is None:
        return None
    bars = []
    for row, interval in enumerate((a, b)):
        ends = []
        for bound, is_open, edge in (
            (interval.lo, interval.lo_open, MARGIN / 2),
            (interval.hi, interval.hi_open, WIDTH - MARGIN / 2),
        ):
            if bound.is_infinite():
                ends.append({"x": edge, "style": "infinite", "value": None})
            else:
                ends.append(
                    {
                        "x": _x(scale, bound),
                        "style": "open" if is_open else "closed",
                        "value": str(bound / unit.factor),
                    }
                )
        bars.append({"row": row, "y": 18 + 26 * row, "lo": ends[0], "hi": ends[1]})
    finite = sorted({x for i in (a, b) for x in (i.lo, i.hi) if x.is_finite()})
    ticks = [
        {"x": _x(scale, x), "label": approx(x / unit.factor), "anchor": anchor}
        for x, anchor in ((finite[0], "start"), (finite[-1], "end"))
    ]
    if len(finite) == 1 or ticks[0]["label"] == ticks[1]["label"]:
        ticks = ticks[:1]
        ticks[0]["anchor"] = "middle"
    return {
        "width": WIDTH,
        "ticks": ticks,
        "unit": unit.text,
        "logarithmic": scale.logarithmic,
        "start": scale.start,
        "end": scale.end,
        "factor": str(unit.factor),
        "bars": bars,
    }


# -- the article, annotated --------------------------------------------------


def _article(evaluation: Evaluation, results: Sequence[CheckResult]) -> dict[str, Any] | None:
    """The article's paragraphs with every number phrase marked: linked to
    its claim, coloured by the worst verdict of the checks it takes part in."""
    fact_base = evaluation.fact_base
    named = fact_base.article.source if fact_base.article else None
    if named is None:
        return None
    from cnii.api import coverage

    try:
        found = coverage(fact_base)
    except CniiError as error:
        return {"error": str(error), "source": named, "missing": [], "paragraphs": []}
    text = found.text
    marks = _Marks(evaluation, results)
    paragraphs: list[list[dict[str, Any]]] = [[]]
    position = 0

    def plain(upto: int) -> None:
        nonlocal position
        for index, piece in enumerate(text[position:upto].split("\n\n")):
            if index:
                paragraphs.append([])
            if piece:
                paragraphs[-1].append({"text": piece})
        position = upto

    for phrase in found.phrases:
        if phrase.status == "date":
            continue  # dates are not figures to check
        plain(phrase.offset)
        paragraphs[-1].append({"text": phrase.text, "status": str(phrase.status), **marks(phrase)})
        position = phrase.offset + len(phrase.text)
    plain(len(text))
    return {
        "error": None,
        "source": named,
        "missing": list(found.missing),
        "paragraphs": [p for p in paragraphs if p],
    }


class _Marks:
    """How a phrase is marked: the claims it lists, the worst verdict of the
    checks its claims take part in, and those checks. Worked out once for each
    set of claims that phrases share, never per phrase and check: an article
    that repeats a figure thousands of times, printed by many claims in many
    checks, costs the phrases plus the checks."""

    def __init__(self, evaluation: Evaluation, results: Sequence[CheckResult]) -> None:
        self.worst: dict[str, str] = {}  # claim -> the worst kind of its checks
        self.checks: dict[str, set[str]] = {}  # claim -> the checks it takes part in
        compiled = evaluation.compiled
        for result in results:
            kind = _kind(result)
            for entry in compiled.inputs(compiled.checks[result.id].names):
                if _SEVERITY[kind] >= _SEVERITY[self.worst.get(entry, "consistent")]:
                    self.worst[entry] = kind
                self.checks.setdefault(entry, set()).add(result.id)
        # Keyed by the identity of a phrase's claims: phrases.cover makes one
        # tuple for each set of claims, shared by its phrases (and alive as
        # long as they are); hashing it at every phrase would cost its length.
        self.made: dict[int, dict[str, Any]] = {}

    def __call__(self, phrase: Phrase) -> dict[str, Any]:
        claims = phrase.covering
        if id(claims) not in self.made:
            kinds = [self.worst[c] for c in claims if c in self.worst]
            checks = sorted({k for c in claims for k in self.checks.get(c, ())})
            self.made[id(claims)] = {
                "claims": _listed(claims),
                "kind": max(kinds, key=_SEVERITY.__getitem__) if kinds else None,
                "checks": _listed(checks),
            }
        return self.made[id(claims)]


def _listed(ids: Sequence[str]) -> list[str]:
    """The first MAX_LISTED ids, then how many more there are, as the page's
    titles list them."""
    more = len(ids) - MAX_LISTED
    return [*ids[:MAX_LISTED], f"and {more:,} more"] if more > 0 else list(ids)
