"""A draft as TOML: a new fact base, or additions to an existing one that
keep its text byte for byte."""

from __future__ import annotations

import bisect
import json
import re
from typing import TYPE_CHECKING

from cnii.draft.model import Claim, Draft, Ids, Relation, plain, quote
from cnii.errors import CniiError, FactFileError
from cnii.figures import parse_figure
from cnii.records import Verdict

if TYPE_CHECKING:
    from collections.abc import Iterable

    from cnii.factbase import FactBase
    from cnii.results import Report
    from cnii.units import Units


def to_toml(result: Draft) -> str:
    packs = ", ".join(f'"cnii:{name}"' for name in result.packs)
    parts = [
        "# A draft by cnii draft: every guess a person must confirm says '# check:'.\n"
        + (f"include = [{packs}]  # figures cnii bundles, with their sources\n" if packs else ""),
        "[article]\n"
        f"title = {quote(plain(result.title) or 'untitled')}\n"
        + (
            f"date = {result.date}\n"
            if result.date
            else 'date = "undated"  # check: no date in the text\n'
        )
        + f"source = {quote(result.source)}\n",
    ]
    if result.units:
        parts.append("[units]\n" + "".join(f'{name} = "count"\n' for name in sorted(result.units)))
    parts.extend(claim_toml(claim) for claim in result.claims)
    parts.extend(relations_toml(result.relations))
    return "\n".join(parts)


def claim_toml(claim: Claim) -> str:
    comment = plain(f"# line {claim.line}" + "".join(f"; check: {g}" for g in claim.guesses))
    lines = (f"{key} = {json.dumps(value, ensure_ascii=False)}\n" for key, value in fields(claim))
    return f"[claims.{claim.id}]  {comment}\n" + "".join(lines)


def fields(claim: Claim) -> list[tuple[str, str | list[str]]]:
    """A claim's fields as its table writes them (each string one line of
    at most 500 printable characters): what the loader is asked to hold."""
    found: list[tuple[str, str | list[str]]] = [
        ("printed", plain(claim.printed, 500)),
        ("value", plain(claim.value, 500)),
    ]
    if claim.qualifier:
        found.append(("qualifier", plain(claim.qualifier, 500)))
    if claim.precision:
        found.append(("precision", claim.precision))
    found += [("period", plain(claim.period, 500)), ("statement", plain(claim.statement, 500))]
    if claim.items:
        found.append(("items", claim.items))
    return found


def relations_toml(relations: Iterable[Relation]) -> list[str]:
    """Each relation as one piece of text (its derivation, placeholder and
    check), commented with the sentence that suggested it. One placeholder
    serves every relation that needs it."""
    written: set[str] = set()
    pieces = []
    for relation in relations:
        tables = []
        if relation.derivation:
            name, formula, statement = relation.derivation
            tables.append(
                f"[derivations.{name}]  # check: a proposed relation\n"
                f"formula = {quote(formula)}\nstatement = {quote(statement)}\n"
            )
        holder = relation.placeholder
        alternative = holder.alternative if holder else None
        for looked in (holder, alternative):
            if looked and not looked.pack and looked.lookup and looked.id not in written:
                written.add(looked.id)
                series, when = looked.lookup
                which = (
                    f'period = "{when}"\nstatistic = "{looked.statistic}"\n'
                    if looked.statistic
                    else f"date = {when}\n"
                )
                tables.append(
                    f"[references.{looked.id}]  # check: looked up by cnii: {plain(looked.note)}\n"
                    f'lookup = "ecb"\nseries = "{series}"\n{which}'
                    f"statement = {quote(looked.statement)}\n"
                )
        if holder and (holder.pack or holder.lookup):
            pass  # a figure of a pack the draft includes, or one written above
        elif holder and holder.id not in written:
            written.add(holder.id)
            tables.append(
                f"[references.{holder.id}]  # check: a placeholder: {plain(holder.note)}\n"
                f'unit = {quote(holder.unit)}\nsource = "to be looked up"\n'
                f'status = "unconfirmed"\nnote = {quote(holder.note)}\n'
                f"statement = {quote(holder.statement)}\n"
            )
        verdict = (
            f'expect = "unverifiable"\n'
            f"why = {quote(f'{holder.id} is a placeholder until it is looked up.')}\n"
            if holder and not holder.lookup and not holder.pack
            else f'relation = "{relation.relation}"\n'
        )
        rates = (
            f'rates = ["{alternative.id}"]  # check: the other rate of the day, tried too\n'
            if alternative
            else ""
        )
        tables.append(
            f"[checks.{relation.check_id}]  # check: a proposed relation\n"
            f'left = "{relation.left}"\nright = "{relation.right}"\n{verdict}'
            f"statement = {quote(relation.statement)}\n{rates}"
            "proposed = true  # delete this line once the relation is right\n"
        )
        pieces.append(f"# {plain(relation.sentence)}\n" + "\n".join(tables))
    return pieces


def settled(toml: str, name: str, only: set[str] | None = None, article: str | None = None) -> str:
    """The draft (to be written as ``name``), checked: each proposed check
    that is inconsistent as drafted says so in a comment, a finding to look
    at. It stays proposed, so it fails no gate but a strict one; the draft
    never marks a verdict as expected of its own accord. Given the
    ``article`` it was drafted from, a draft that does not load is said of
    the article (a bug of cnii draft): ``name`` may be no file at all."""
    import cnii

    try:
        report = cnii.check(cnii.loads(toml, name))
    except CniiError as error:
        if article is None:
            raise
        message = f"cnii draft made a fact base that does not load (a bug to report): {error}"
        raise FactFileError(message, file=article) from None
    return marked(toml, report, only)


def marked(toml: str, report: Report, only: set[str] | None = None) -> str:
    """The draft ``toml`` with each proposed check that ``report`` (of it)
    finds inconsistent said so in a comment: ``settled`` without checking
    again, for a caller that has checked it."""
    found = {
        result.id
        for result in report.results
        if result.proposed
        and result.verdict is Verdict.INCONSISTENT
        and (only is None or result.id in only)
    }
    if not found:
        return toml
    pieces, at = [], 0
    for header in re.finditer(r"^\[checks\.([a-z0-9_]+)\][^\n]*\n", toml, re.MULTILINE):
        if header.group(1) in found:  # one pass over the text, however many are marked
            pieces += [
                toml[at : header.end()],
                "# check: inconsistent as drafted: look at the article and at the relation\n",
            ]
            at = header.end()
    return "".join([*pieces, toml[at:]])


def into(existing: str, fact_base_path: str, article: str, source: str) -> tuple[str, Draft]:
    """The existing fact base's text with what it does not cover yet added:
    the claims whose phrases no claim covers (as ``coverage`` judges) and
    that no claim prints, and the relations that involve one of them, with
    the existing claims and references they need named by their own ids (a
    GDP the fact base already has is used, not asked for again). The
    existing text is kept byte for byte: new tables are added at the end,
    new units in its units table. Where nothing is new (the draft's claims
    and relations are empty), the text is returned as it was."""
    import cnii
    from cnii.draft import read
    from cnii.draft.loadable import keep_used, keep_within
    from cnii.draft.relations import propose
    from cnii.draft.tables import with_units
    from cnii.phrases import Status, cover, normalise
    from cnii.units import Units

    article = normalise(article)  # positions as coverage counts them
    fact_base = cnii.loads(existing, fact_base_path)
    covering = sorted(
        (p.offset, p.claims[0])
        for p in cover(fact_base, article, source).phrases
        if p.status is Status.COVERED and p.claims
    )
    offsets = [offset for offset, _ in covering]
    result = read(article, source, fact_base.units)  # relations: below, with its ids
    taken = {*fact_base.claims, *fact_base.references, *fact_base.derivations, *fact_base.checks}
    held = len(taken)  # entries: one id each
    printed = _phrases(normalise(c.printed) for c in fact_base.claims.values())
    new: list[Claim] = []
    known: list[Claim] = []
    for claim in result.claims:
        at = bisect.bisect_left(offsets, claim.start)
        if at < len(offsets) and offsets[at] < claim.end:
            claim.id = covering[at][1]  # the claim that covers it, by its own id
            known.append(claim)
        elif " ".join(claim.printed.split()) not in printed:
            new.append(claim)
    ids = Ids(taken | {c.id for c in new})
    for claim in new:
        if claim.id in taken:
            claim.id = ids.take(claim.id)
    taken |= {c.id for c in new}  # what a relation may not name anew either
    units = Units({**fact_base.units, **result.units})  # as keep_loadable defined them
    known = [c for c in known if _alike(units, c.unit, _unit(fact_base.claims[c.id].value))]
    result.claims = sorted(known + new, key=lambda claim: claim.start)
    propose(result, article, fixed={c.id for c in known}, taken=taken)
    fresh = {id(c) for c in new}  # by identity: `in new` compared every field of each
    kept: list[Relation] = []
    for relation in result.relations:
        # one that adds to what the fact base says, named apart from what it
        # has (two phrases one claim covers propose the same relation twice)
        holder = relation.placeholder
        if (
            any(id(c) in fresh for c in relation.claims)
            and not _made(relation) & taken
            and (holder is None or holder.id in fact_base.references or holder.id not in taken)
        ):
            kept.append(relation)
            taken |= _made(relation)
    result.relations = kept
    for relation in kept:  # a pack the fact base does not include: a placeholder
        holder = relation.placeholder
        if (
            holder is not None
            and holder.alternative
            and holder.alternative.pack
            and holder.alternative.id not in fact_base.references
        ):
            holder.alternative = None  # the other rate of the day is not in reach
        if holder is not None and holder.pack and holder.id not in fact_base.references:
            if holder.alternative is not None:  # the rate the check is also tried at
                relation.placeholder, holder.alternative.alternative = holder.alternative, None
                if relation.right == holder.id:
                    relation.right = relation.placeholder.id
                continue
            assert holder.plain_id is not None
            if relation.right == holder.id:
                relation.right = holder.plain_id
            holder.id, holder.pack = holder.plain_id, None
    _use_references(result, fact_base, units, taken)
    result.claims = new
    keep_within(result, held)
    keep_used(result)
    if not result.claims:  # no relation without a new claim either
        return existing, result
    text = existing if existing.endswith("\n") else existing + "\n"
    if result.units:
        text = with_units(text, sorted(result.units))
    body = [claim_toml(c) for c in result.claims] + relations_toml(result.relations)
    text += f"\n# Added by cnii draft from {source}: every guess says '# check:'.\n\n"
    text += "\n".join(body)
    return settled(text, fact_base_path, {r.check_id for r in result.relations}), result


def _use_references(result: Draft, fact_base: FactBase, units: Units, taken: set[str]) -> None:
    """A placeholder that the fact base has as a reference is that reference
    (a GDP it has is not asked for again) where the two are of one
    dimension; else (a GDP in dollars, a share of yuan) it is a placeholder
    of its own, named apart."""
    ids = Ids(taken)
    apart: dict[str, str] = {}
    for relation in result.relations:
        holder = relation.placeholder
        if holder is None or holder.id not in fact_base.references:
            continue
        reference = fact_base.references[holder.id]
        if _alike(units, holder.unit, _unit(reference.value, reference.unit)):
            relation.placeholder = None  # the fact base has it: nothing to look up
            continue
        if holder.id not in apart:
            apart[holder.id] = ids.take(holder.id)
        relation.rename(holder.id, apart[holder.id])


def _unit(value: str | None, unit: str | None = None) -> str | None:
    """The unit of an entry of the fact base: its value's, else its own."""
    return unit if value is None else parse_figure(value).unit_text


def _alike(units: Units, drafted: str, had: str | None) -> bool:
    """Whether a drafted unit measures what one of the fact base does (a
    claim it covers may be written there in another: "1 trillion CNY / firm")."""
    try:
        return had is not None and units.parse(drafted).root == units.parse(had).root
    except CniiError:
        return False


_WORDS = 8  # the most words of a claim's phrase that is part of another's


def _phrases(printed: Iterable[str]) -> set[str]:
    """Each printed phrase, and each run of up to _WORDS of its words, so
    that "41" is found in "all 41 major industrial sectors" by one look-up
    (and "5 percent" is not in "3.5 percent")."""
    found = set()
    for phrase in printed:
        words = phrase.split()
        found.add(" ".join(words))
        for first in range(len(words)):
            for last in range(first + 1, min(first + _WORDS, len(words)) + 1):
                found.add(" ".join(words[first:last]))
    return found


def _made(relation: Relation) -> set[str]:
    """The ids a relation's text defines (not the claims and references it names)."""
    made = {relation.check_id}
    if relation.derivation:
        made.add(relation.derivation[0])
    return made
