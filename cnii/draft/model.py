"""What a draft is made of: claims found in the text, the relations proposed
between them, and the few text helpers every part of a draft writes with."""

from __future__ import annotations

import bisect
import dataclasses
import hashlib
import json
import re
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

from cnii.errors import UNPRINTABLE


@dataclass
class Claim:
    id: str
    printed: str
    value: str
    qualifier: str
    kind: str  # amount, share, count, points (percentage points), rate (US$1 = 6.4 RMB)
    currency: str | None = None
    noun: str | None = None
    start: int = 0
    end: int = 0
    guesses: list[str] = field(default_factory=list)
    items: list[str] | None = None
    precision: str = ""  # where the value's digits are finer than the print (4成 is 40 %, ±5)
    growth: bool = False  # a share that is a growth rate ("up 5 percent year on year")
    decline: bool = False  # a rate of fall ("down 0.6 percent", 下降0.6%)
    change: bool = False  # an amount or count that is a change ("rose £0.2 billion", 增加7.24亿)
    whole: str | None = None  # what a share is of, where the text says it first (占GDP比重)
    sentence: int = 0  # which sentence of the article it is in
    period: str = ""
    statement: str = ""  # the sentence, trimmed
    line: int = 0

    @property
    def unit(self) -> str:
        return self.value.split(" ", 1)[1] if " " in self.value else ""


@dataclass
class Placeholder:
    """A reference the article cannot give (a rate, a GDP): looked up by a
    person, or by cnii where ``lookup`` names its series and date (the ECB
    rate of the article's date: cnii/lookups.py)."""

    id: str
    unit: str
    note: str
    statement: str
    lookup: tuple[str, str] | None = None  # (series, date) of an ECB rate
    # "range": ``lookup`` is (series, year), every rate of that year
    statistic: str | None = None
    pack: str | None = None  # the bundled reference pack that has it (cnii:NAME)
    plain_id: str | None = None  # its id as a placeholder, where the pack is not included
    # another figure the check should also be tried at (its ``rates``): the
    # ECB rate where the check is against the CFETS parity, or the reverse
    alternative: Placeholder | None = None


@dataclass
class Relation:
    """A relation between an article's own numbers, as a fact base states it:
    at most one derivation, the placeholder it is checked against, and a check.
    ``kind`` is one of conversion, growth, change (a level against the one it
    rose or fell from), share, part, sum, points, or source (a draft's first
    claim against its source, where it has no other)."""

    kind: str
    claims: tuple[Claim, ...]
    sentence: str
    check_id: str
    left: str
    right: str
    statement: str
    relation: str = "equal"
    derivation: tuple[str, str, str] | None = None  # id, formula, statement
    placeholder: Placeholder | None = None

    def rename(self, old: str, new: str) -> None:
        """Name ``old``, an id this relation makes, ``new``: its check, its
        derivation (the left side of its check) or its placeholder (which
        the check or the derivation reads)."""
        if self.check_id == old:
            self.check_id = new
        if self.derivation and self.derivation[0] == old:
            self.derivation = (new, *self.derivation[1:])
            self.left = new
        if self.placeholder and self.placeholder.id == old:
            self.placeholder = dataclasses.replace(self.placeholder, id=new)
            self.right = new if self.right == old else self.right
            if self.derivation:
                name, formula, statement = self.derivation
                formula = re.sub(rf"\b{re.escape(old)}\b", new, formula)
                self.derivation = (name, formula, statement)

    def names(self) -> set[str]:
        """Every id this relation writes or reads."""
        named = {self.check_id, self.left, self.right, *(c.id for c in self.claims)}
        if self.derivation:
            named.add(self.derivation[0])
        if self.placeholder:
            named.add(self.placeholder.id)
        return named


@dataclass
class Draft:
    title: str
    date: str | None
    source: str
    claims: list[Claim] = field(default_factory=list)
    units: dict[str, str] = field(default_factory=dict)
    relations: list[Relation] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)

    @property
    def proposed(self) -> list[Relation]:
        """The relations among the article's numbers (not a claim checked
        against its source, which a draft without relations falls back on)."""
        return [r for r in self.relations if r.kind != "source"]

    @property
    def placeholders(self) -> int:
        """References a person must look up (cnii looks up the others)."""
        return len({h.id for r in self.relations for h in _holders(r)}) - self.looked_up

    @property
    def looked_up(self) -> int:
        """References cnii fills itself: a rate it looks up, a figure of a pack."""
        return len(
            {
                holder.id
                for r in self.relations
                for holder in _holders(r)
                if holder.lookup or holder.pack
            }
        )

    @property
    def packs(self) -> list[str]:
        """The bundled packs whose figures the draft names, to include."""
        return sorted(
            {holder.pack for r in self.relations for holder in _holders(r) if holder.pack}
        )


def _holders(relation: Relation) -> list[Placeholder]:
    """The references a relation names: its placeholder and the alternative."""
    holder = relation.placeholder
    if holder is None:
        return []
    return [holder, *([holder.alternative] if holder.alternative else [])]


YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


def whose_money(
    text: str,
    home: str,
    home_words: re.Pattern[str],
    others: Mapping[str, re.Pattern[str]],
    lead: int = 0,
) -> tuple[str, int, int]:
    """Whose money a sign two currencies share is (¥, a bare $ or 元): the
    currency of the place the article names most, ``home`` unless another's
    words come more often (the first ``lead`` characters, its headline and
    lead, count thrice); with how often the winner and ``home`` are named."""
    start = text[:lead]

    def named(words: re.Pattern[str]) -> int:
        return len(words.findall(text)) + 2 * len(words.findall(start))

    at_home = named(home_words)
    counts = {code: named(words) for code, words in others.items()}
    code = max(counts, key=lambda c: counts[c])
    return (code, counts[code], at_home) if counts[code] > at_home else (home, at_home, at_home)


def slug(words: str) -> str:
    made = re.sub(r"[^a-z0-9]+", "_", words.lower()).strip("_")[:50]
    return made if made and made[0].isalpha() else f"n_{made}"[:50]


class Ids:
    """Unique ids: a base, else ``base_2``, ``base_3``, ..., found in time
    that does not grow with how often a base repeats."""

    def __init__(self, taken: Iterable[str] = ()) -> None:
        self.taken = set(taken)
        self._next: dict[str, int] = {}

    def keep(self, name: str) -> str:
        """``name`` itself where it is free (however long), else one made apart."""
        if name in self.taken:
            return self.take(name)
        self.taken.add(name)
        return name

    def take(self, base: str) -> str:
        base = base[:50]  # room for a counter and the suffixes of relations
        candidate = base
        if candidate in self.taken:
            n = self._next.get(base, 2)
            while f"{base}_{n}" in self.taken:
                n += 1
            self._next[base] = n + 1
            candidate = f"{base}_{n}"
        self.taken.add(candidate)
        return candidate


MAX_ID = 64  # what a fact base allows


def fit(name: str) -> str:
    """An id made of others (``core_output_published_prior``) cut to what a
    fact base allows, with a short hash of the whole to keep it apart."""
    if len(name) <= MAX_ID:
        return name
    digest = hashlib.blake2s(name.encode(), digest_size=4).hexdigest()
    return f"{name[: MAX_ID - 9]}_{digest}"


def plain(text: str, limit: int = 300) -> str:
    """One line of printable characters, for a comment or a field."""
    return " ".join(UNPRINTABLE.sub(" ", text).split())[:limit]


def quote(text: str) -> str:
    """A TOML string of one line, as a fact base's fields allow: control and
    bidirectional characters become spaces, and it is cut at 500."""
    return json.dumps(plain(text, 500), ensure_ascii=False)


class Lines:
    """The line (from 1) of an offset in a text, by bisection."""

    def __init__(self, text: str) -> None:
        self.starts = [m.end() for m in re.finditer("\n", text)]

    def __call__(self, at: int) -> int:
        return bisect.bisect_right(self.starts, at) + 1
