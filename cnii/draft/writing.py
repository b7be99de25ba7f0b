"""A draft as TOML: a new fact base, or additions to an existing one that
keep its text byte for byte."""

from __future__ import annotations

import bisect
import json
import re
from typing import TYPE_CHECKING

from cnii.draft.model import Claim, Draft, Ids, Relation, plain, quote

if TYPE_CHECKING:
    from collections.abc import Iterable


def to_toml(result: Draft) -> str:
    parts = [
        "# A draft by cnii draft: every guess a person must confirm says '# check:'.\n",
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
    return (
        f"[claims.{claim.id}]  {comment}\n"
        f"printed = {quote(claim.printed)}\n"
        f"value = {quote(claim.value)}\n"
        + (f"qualifier = {quote(claim.qualifier)}\n" if claim.qualifier else "")
        + f"period = {quote(claim.period)}\n"
        f"statement = {quote(claim.statement)}\n"
        + (f"items = {json.dumps(claim.items, ensure_ascii=False)}\n" if claim.items else "")
    )


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
        if holder and holder.id not in written:
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
            if holder
            else f'relation = "{relation.relation}"\n'
        )
        tables.append(
            f"[checks.{relation.check_id}]  # check: a proposed relation\n"
            f'left = "{relation.left}"\nright = "{relation.right}"\n{verdict}'
            f"statement = {quote(relation.statement)}\n"
        )
        pieces.append(f"# {plain(relation.sentence)}\n" + "\n".join(tables))
    return pieces


def settled(toml: str, name: str, only: set[str] | None = None) -> str:
    """The draft with each proposed check that does not give the verdict it
    expects marked with the verdict it gives (a finding to look at), so that
    the draft passes the gate as drafted."""
    import cnii

    report = cnii.check(cnii.loads(toml, name))
    found = {
        result.id: result.verdict
        for result in report.results
        if not result.as_expected and (only is None or result.id in only)
    }
    if not found:
        return toml
    pieces, at = [], 0
    for header in re.finditer(r"^\[checks\.([a-z0-9_]+)\][^\n]*\n", toml, re.MULTILINE):
        verdict = found.get(header.group(1))
        if verdict is not None:  # one pass over the text, however many are marked
            pieces += [
                toml[at : header.end()],
                f'expect = "{verdict}"  # check: cnii draft found this\n'
                'why = "Found by cnii draft: look at the article and at the relation."\n',
            ]
            at = header.end()
    return "".join([*pieces, toml[at:]])


def into(existing: str, fact_base_path: str, article: str, source: str) -> tuple[str, Draft]:
    """The existing fact base's text with what it does not cover yet added:
    the claims whose phrases no claim covers (as ``coverage`` judges), and the
    relations that involve one of them, with the existing claims and
    references they need named by their own ids (a GDP the fact base already
    has is used, not asked for again). The existing text is kept byte for
    byte: new tables are added at the end, new units after ``[units]``."""
    import cnii
    from cnii.draft import read
    from cnii.draft.relations import propose
    from cnii.phrases import Status, cover, normalise

    article = normalise(article)  # positions as coverage counts them
    fact_base = cnii.loads(existing, fact_base_path)
    covering = sorted(
        (p.offset, p.claims[0])
        for p in cover(fact_base, article, source).phrases
        if p.status is Status.COVERED and p.claims
    )
    offsets = [offset for offset, _ in covering]
    result = read(article, source)  # its relations are proposed below, with the fact base's ids
    taken = {*fact_base.claims, *fact_base.references, *fact_base.derivations, *fact_base.checks}
    printed = [normalise(c.printed) for c in fact_base.claims.values()]
    new: list[Claim] = []
    known: list[Claim] = []
    for claim in result.claims:
        at = bisect.bisect_left(offsets, claim.start)
        if at < len(offsets) and offsets[at] < claim.end:
            claim.id = covering[at][1]  # the claim that covers it, by its own id
            known.append(claim)
        elif not any(claim.printed in p or p in claim.printed for p in printed):
            new.append(claim)
    ids = Ids(taken | {c.id for c in new})
    for claim in new:
        if claim.id in taken:
            claim.id = ids.take(claim.id)
    result.claims = sorted(known + new, key=lambda claim: claim.start)
    propose(result, article, fixed={c.id for c in known})
    references = set(fact_base.references)
    kept: list[Relation] = []
    for relation in result.relations:
        # one that adds to what the fact base says, named apart from what it
        # has (two phrases one claim covers propose the same relation twice)
        holder = relation.placeholder
        if (
            any(c in new for c in relation.claims)
            and not _made(relation) & taken
            and (holder is None or holder.id not in taken - references)
        ):
            kept.append(relation)
            taken |= _made(relation)
    result.relations = kept
    for relation in result.relations:
        if relation.placeholder is not None and relation.placeholder.id in references:
            relation.placeholder = None  # the fact base has it: nothing to look up
    result.claims = new
    units = {name: "count" for name in result.units if name not in fact_base.units}
    text = existing if existing.endswith("\n") else existing + "\n"
    if units:
        lines = "".join(
            f'{name} = "count"  # check: added by cnii draft\n' for name in sorted(units)
        )
        header = re.search(r"^\[units\][^\n]*\n", text, re.MULTILINE)
        if header:
            text = text[: header.end()] + lines + text[header.end() :]
        else:
            text += "\n[units]\n" + lines
    body = [claim_toml(c) for c in new] + relations_toml(result.relations)
    if body:
        text += f"\n# Added by cnii draft from {source}: every guess says '# check:'.\n\n"
        text += "\n".join(body)
    return settled(text, fact_base_path, {r.check_id for r in result.relations}), result


def _made(relation: Relation) -> set[str]:
    """The ids a relation's text defines (not the claims and references it names)."""
    made = {relation.check_id}
    if relation.derivation:
        made.add(relation.derivation[0])
    return made
