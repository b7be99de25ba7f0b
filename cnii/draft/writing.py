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
    relations among those new claims. The existing text is kept byte for
    byte: new tables are added at the end, new units after ``[units]``."""
    import cnii
    from cnii.draft import draft
    from cnii.draft.relations import propose
    from cnii.phrases import Status, cover, normalise

    article = normalise(article)  # positions as coverage counts them
    fact_base = cnii.loads(existing, fact_base_path)
    covered = sorted(
        p.offset for p in cover(fact_base, article, source).phrases if p.status is Status.COVERED
    )
    result = draft(article, source)
    taken = {*fact_base.claims, *fact_base.references, *fact_base.derivations, *fact_base.checks}

    def is_covered(claim: Claim) -> bool:
        at = bisect.bisect_left(covered, claim.start)
        return at < len(covered) and covered[at] < claim.end

    printed = [normalise(c.printed) for c in fact_base.claims.values()]
    new = [
        c
        for c in result.claims
        if not is_covered(c) and not any(c.printed in p or p in c.printed for p in printed)
    ]
    ids = Ids(taken | {c.id for c in new})
    for claim in new:
        if claim.id in taken:
            claim.id = ids.take(claim.id)
    result.claims = new
    result.relations = []
    propose(result, article)
    result.relations = [r for r in result.relations if not r.names() & taken]
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
