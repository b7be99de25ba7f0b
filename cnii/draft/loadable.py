"""What a fact base can hold, as its loader says: a claim it would refuse (a
number of more than 30 digits, a list of more names than it takes, a unit
it cannot define, one beyond its 1,000 units or its 100,000 entries) is
left out of a draft and counted, one claim at a time, so that a draft
always loads."""

from __future__ import annotations

import re
from collections.abc import Mapping

from cnii.draft.model import Claim, Draft
from cnii.draft.writing import fields
from cnii.errors import CniiError
from cnii.factbase import MAX_ENTRIES
from cnii.figures import MAX_DIGITS, figure_value
from cnii.records import MAX_UNITS, record
from cnii.records import Claim as Record
from cnii.units import Units, plural

_DIGITS = f"numbers over {MAX_DIGITS} digits"
_UNITS = "figures in units a fact base cannot define"
_REFUSED = "figures a fact base would refuse"


def keep_loadable(result: Draft, units: Mapping[str, str] | None = None) -> None:
    """Leave out of ``result`` the claims a fact base would refuse, and the
    units it could not define, each claim counted in ``result.skipped``;
    ``units`` are those of the fact base a draft adds to."""
    registry = _registry(result, units or {})
    kept = []
    for claim in result.claims:
        why = _refused(claim, registry)
        if why is None:
            kept.append(claim)
        else:
            result.skipped[why] += 1
    result.claims = kept


def _refused(claim: Claim, units: Units) -> str | None:
    """Why the loader would refuse the claim as written, if it would."""
    if sum(c.isdigit() for c in claim.value.split(" ", 1)[0]) > MAX_DIGITS:
        return _DIGITS
    try:
        units.parse(claim.unit)
    except CniiError:
        return _UNITS
    try:
        figure_value(record(Record, dict(fields(claim)), f"claims.{claim.id}"), units)
    except CniiError:
        return _REFUSED
    return None


def _registry(result: Draft, units: Mapping[str, str]) -> Units:
    """The fact base's units and the draft's, as the loader defines them (in
    the order written); the draft's that it could not define (a name that is
    not a word, or another's plural, or one beyond the 1,000 it takes) are
    dropped, and their claims with them."""
    names = {*units, *map(plural, units)}
    drafted: dict[str, str] = {}
    for name in sorted(result.units):  # as a draft writes them
        if (
            len(units) + len(drafted) < MAX_UNITS
            and name.isascii()
            and name.isalpha()
            and not _clashes(name, names)
        ):
            drafted[name] = result.units[name]
            names |= {name, plural(name)}
    result.units = {name: what for name, what in result.units.items() if name in drafted}
    return Units({**units, **drafted})


def _clashes(name: str, names: set[str]) -> bool:
    """Whether the loader would take ``name`` for a unit of ``names`` (or for
    one of their plurals): "thingys" is "thingy" with the "s" of a plural."""
    return name in names or (name.endswith("s") and name[:-1] in names)


def keep_within(result: Draft, held: int = 0, limit: int = MAX_ENTRIES) -> None:
    """At most the ``limit`` entries a fact base holds, ``held`` of them its
    own already: the claims first, then the relations in order (each its
    check, derivation and placeholder), the rest counted as skipped. Room is
    kept for the check of a draft without relations, its first claim."""
    room = max(limit - held - 2, 0)
    dropped = {id(claim) for claim in result.claims[room:]}
    if dropped:
        result.skipped[f"claims beyond the {limit:,} entries of a fact base"] += len(dropped)
        result.claims = result.claims[:room]
    room -= len(result.claims)
    holders: set[str] = set()
    relations = []
    for relation in result.relations:
        holder = relation.placeholder
        new = holder is not None and holder.id not in holders
        size = 1 + (relation.derivation is not None) + new
        if size <= room and not any(id(claim) in dropped for claim in relation.claims):
            relations.append(relation)
            room -= size
            holders |= {holder.id} if holder is not None else set()
        else:
            result.skipped[f"relations beyond the {limit:,} entries of a fact base"] += 1
    result.relations = relations


def keep_used(result: Draft) -> None:
    """Only the units that the draft's claims and placeholders name, as the
    loader reads a name (``widgets`` is ``widget``): a claim left out, or
    one that a fact base already covers, named the others."""
    forms = {form: name for name in result.units for form in (name, f"{name}s", plural(name))}
    named = [c.unit for c in result.claims]
    named += [r.placeholder.unit for r in result.relations if r.placeholder is not None]
    used = {forms[word] for unit in named for word in re.findall(r"\w+", unit) if word in forms}
    result.units = {name: what for name, what in result.units.items() if name in used}
