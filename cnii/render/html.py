"""``cnii check --format html``: one self-contained fact-check page.

The page is built by a Jinja2 template with autoescaping on, from plain
dictionaries made here: every string from a fact base or an article reaches
the page escaped, as HTML and of control and bidirectional characters (see
``_shown``), and only http and https URLs become links. Styles are
inline; there is no script, no font and no request beyond the page itself.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import IO, TYPE_CHECKING, Any

from cnii import __version__
from cnii.blame import culprits
from cnii.engine import chain, walk
from cnii.errors import CniiError, printable
from cnii.figures import cjk
from cnii.formula import Ref
from cnii.phrases import MAX_LISTED
from cnii.records import Verdict
from cnii.render import common
from cnii.render.pictures import Scale, scale_for
from cnii.render.values import approx, format_needed, format_point, format_value

if TYPE_CHECKING:
    from cnii.interval import Interval
    from cnii.phrases import Phrase
    from cnii.results import CheckResult, Evaluation, Gate, Side
    from cnii.units import Unit

# The number line's drawing area, in SVG user units.
WIDTH, MARGIN = 600.0, 24.0
# Worst first: the colour a phrase of the article takes from its checks.
_SEVERITY = {
    "unexpected": 5,
    "inconsistent": 4,
    "involved": 3,  # in an inconsistent check, but not the figure it points at
    "unverifiable": 2,
    "rounding": 1,
    "consistent": 0,
}


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
    # Worst first: what is wrong, then what cannot be told yet, then the rest;
    # the first SHOWN in full, the others a line each (the page stays small).
    ordered = sorted(report.results, key=lambda r: _ORDER[_kind(r)])
    checks = [_check(gate, result) for result in ordered[:SHOWN]]
    brief = [_brief(result) for result in ordered[SHOWN:]]
    path = printable(fact_base.path, None)  # a name is one line, as in every format
    needed = {c["id"]: c["findings"]["ranges"] for c in checks if c["findings"]}
    pointed = culprits(evaluation, report.results, needed)
    page_article = _article(evaluation, report.results, pointed)
    every = [*checks, *brief]
    wrong = [c for c in every if c["kind"] in ("inconsistent", "unexpected")]
    unknown = [c for c in every if c["kind"] == "unverifiable"]
    return {
        "lang": _language(article.title if article else "", page_article),
        "path": path,
        "anchor": anchor,
        "title": article.title if article else path,
        "date": str(article.date) if article and article.date else None,
        "source": article.source if article else None,
        "summary": common.summary(gate),
        "in_words": _in_words(gate),
        "wrong": wrong[:LISTED],
        "open": unknown[:LISTED],
        "wrong_more": max(0, len(wrong) - LISTED),
        "open_more": max(0, len(unknown) - LISTED),
        "brief": brief,
        "passed": gate.passed,
        "counts": {str(v): report.counts[v] for v in Verdict},
        "unexpected": report.unexpected,
        "warnings": [f"{n.entry}: {n.message}" for n in report.notices],
        "checks": checks,
        "article": page_article,
    }


# Characters that only one of the two scripts writes (the same words).
_TRADITIONAL = frozenset("國經濟業發區這對會說時為過現後點當還產動實電萬億與們個來學機關資")
_SIMPLIFIED = frozenset("国经济业发区这对会说时为过现后点当还产动实电万亿与们个来学机关资")


def _language(title: str, article: dict[str, Any] | None) -> str:
    """The article's language as a BCP 47 tag, for <html lang> and its fonts:
    zh-Hans or zh-Hant where a tenth or more of its letters are Chinese
    characters (whichever script has more of its own characters), else en."""
    pieces = [title]
    if article:
        pieces += [part["text"] for paragraph in article["paragraphs"] for part in paragraph]
    text = "".join(pieces)[:200_000]  # enough to tell; bounded for a huge article
    letters = sum(ch.isalpha() for ch in text)
    chinese = len(cjk().findall(text))
    if not letters or chinese * 10 < letters:
        return "en"
    traditional = sum(ch in _TRADITIONAL for ch in text)
    simplified = sum(ch in _SIMPLIFIED for ch in text)
    return "zh-Hant" if traditional > simplified else "zh-Hans"


# Checks shown in full on a page, and findings listed at its top; the rest
# are a line each (a page for 10,000 checks was hundreds of megabytes).
SHOWN = 200
LISTED = 50


def _brief(result: CheckResult) -> dict[str, Any]:
    """A check beyond the first SHOWN: a line, with its finding in words."""
    return {
        "id": result.id,
        "kind": _kind(result),
        "verdict": common.verdict_text(result),
        "statement": result.check.statement,
        "sentence": _sentence(result, None),
    }


_ORDER = {"unexpected": 0, "inconsistent": 0, "unverifiable": 1, "rounding": 2, "consistent": 2}


def _in_words(gate: Gate) -> str:
    """Whether the findings are the ones the fact base records, as a reader
    would put it (the gate's verdict, without CI's words)."""
    report = gate.report
    inconsistent = report.counts[Verdict.INCONSISTENT]
    unknown = report.counts[Verdict.UNVERIFIABLE]
    found = (
        f"{inconsistent} of {len(report.results)} checks find numbers that do not add up"
        if inconsistent
        else f"None of the {len(report.results)} checks finds numbers that do not add up"
    )
    if unknown:
        found += f"; {unknown} cannot be checked until a figure is looked up"
    if report.unexpected:
        recorded = (
            f"{report.unexpected} verdict{'s' if report.unexpected > 1 else ''} "
            "differ from what the fact base records: a new finding, or one that went away."
        )
    else:
        recorded = "Every reviewed verdict is the one the fact base records."
    if report.proposed:
        recorded += (
            f" {report.proposed} check{'s' if report.proposed > 1 else ''} proposed by "
            "cnii draft await a person's review."
        )
    return f"{found}. {recorded}"


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
                "known": side.value.interval is not None,
                "tree": _tree(evaluation, expression.node.name)
                if isinstance(expression.node, Ref)
                else [],
            }
        )
    findings = (
        _findings(gate, result)
        if result.verdict is not Verdict.CONSISTENT or not result.as_expected
        else None
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
        "findings": findings,
        "proposed": result.proposed,
        "sentence": _sentence(result, findings),
    }


def _side_in_words(side: Side, unit: Unit) -> str:
    return format_point(side.value, unit) or format_value(side.value, unit)


def _sentence(result: CheckResult, findings: dict[str, Any] | None) -> str:
    """The finding of a check as a reader needs it first: what the figures
    give against each other and why, or what to look up and in what range."""
    if result.verdict is Verdict.UNVERIFIABLE:
        lookups = [
            f"look up {item['id']}"
            + (f" ({item['statement'].rstrip('.')})" if item["statement"] else "")
            + (
                f": for the check to hold it would have to be {item['needed']}"
                if item["needed"]
                else ": no value of it alone would make the check hold"
            )
            for item in (findings or {}).get("needed", [])
            if item["unknown"]
        ]
        missing = "; ".join(lookups) or (result.reason or "a figure is missing")
        return f"Cannot be checked yet: {missing}."
    if result.verdict is Verdict.CONSISTENT:
        return f"It holds, though the fact base expected it {result.expected}."
    left = _side_in_words(result.left, result.unit)
    right = _side_in_words(result.right, result.unit)
    relation = {"equal": " against", "at_most": ", not at most", "at_least": ", not at least"}
    sentence = f"The figures give {left}{relation[result.check.relation]} {right}"
    gap = common.gap_text(result.gap)
    sentence += f" ({gap})." if gap else "."
    candidates = (findings or {}).get("candidates", [])
    if result.check.why:
        sentence += f" {result.check.why}"
    elif candidates:
        c = candidates[0]
        then = f"{c['verdict']} ({c['gap']})" if c["gap"] else c["verdict"]
        sentence += f" Perhaps {c['by']} was meant for {c['replaces']}: the check is then {then}."
    if result.proposed:
        sentence += " (A check proposed by cnii draft, not reviewed yet.)"
    return sentence


def finding(gate: Gate, result: CheckResult) -> dict[str, Any]:
    """An inconsistent check as ``cnii scan`` records it: the sides, the
    gap, the finding in words as the page puts it, and (``ranges``) the
    range each input would have to lie in, for cnii/blame.py."""
    found = _findings(gate, result)
    return {
        "check": result.id,
        "statement": result.check.statement,
        "relation": result.check.relation,
        "left": format_value(result.left.value, result.unit),
        "right": format_value(result.right.value, result.unit),
        "gap": common.gap_json(result.gap),
        "gap_text": common.gap_text(result.gap),
        "explanation": _sentence(result, found),
        "proposed": result.proposed,
        "ranges": found["ranges"],
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
        "ranges": {s.id: s.needed for s in found.solutions},
        "needed": [
            {
                "id": s.id,
                "needed": None if s.needed is None else format_needed(s.needed, s.unit),
                "now": format_value(s.value, s.unit),
                "unknown": s.value.interval is None,
                "statement": _statement(evaluation, s.id),
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


def _article(
    evaluation: Evaluation,
    results: Sequence[CheckResult],
    pointed: Mapping[str, Sequence[str]],
) -> dict[str, Any] | None:
    """The article's paragraphs with every number phrase marked: linked to
    its claim, coloured by the worst verdict of the checks it takes part in;
    of an inconsistent check's figures, only those it points at (``pointed``,
    see cnii/blame.py) are marked inconsistent, the others involved."""
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
    marks = _Marks(evaluation, results, pointed)
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

    def __init__(
        self,
        evaluation: Evaluation,
        results: Sequence[CheckResult],
        pointed: Mapping[str, Sequence[str]],
    ) -> None:
        self.worst: dict[str, str] = {}  # claim -> the worst kind of its checks
        self.checks: dict[str, set[str]] = {}  # claim -> the checks it takes part in
        compiled = evaluation.compiled
        for result in results:
            singled = pointed.get(result.id)
            for entry in compiled.inputs(compiled.checks[result.id].names):
                kind = _kind(result)
                if singled is not None and entry not in singled:
                    kind = "involved"
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
