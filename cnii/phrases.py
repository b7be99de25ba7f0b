"""Does the fact base cover the article? Every number phrase of the text, the
claim that covers it, and the claims whose printed figure is not in the text."""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass
from decimal import Decimal

from cnii.factbase import FactBase
from cnii.figures import WORD_VALUES, parse_figure
from cnii.files import read_text

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_DATE = re.compile(
    rf"\b\d{{4}}-\d{{2}}-\d{{2}}\b"
    rf"|\b(?:{_MONTHS})\.? \d{{1,2}}(?:st|nd|rd|th)?(?:, \d{{4}})?\b"
    rf"|\b\d{{1,2}} (?:{_MONTHS})(?: \d{{4}})?\b"
    rf"|\b(?:19|20)\d{{2}}\b(?![.,]\d|\s*(?:%|percent|per cent|[-\s]?(?:thousand|million|"
    rf"billion|trillion)))",
)
_SCALE = r"(?:thousand|million|billion|trillion|万亿|万|亿)"
_UNIT = r"(?:yuan|dollars?|euros?|percent|per cent|%|元)"
_TENS = "|".join(w for w, n in WORD_VALUES.items() if n >= 20)
_ONES = "|".join(w for w, n in WORD_VALUES.items() if 1 <= n <= 9)
# A lone "one" or "zero" is left out: "no one", "one of the" would be noise.
_SINGLES = "|".join(
    sorted((w for w, n in WORD_VALUES.items() if 2 <= n <= 19), key=len, reverse=True)
)
_WORD = rf"(?:{_TENS})(?:-(?:{_ONES}))?|{_SINGLES}"
_PHRASE = re.compile(
    rf"(?P<sign>[$¥€£])?"
    rf"(?:(?P<digits>(?<![\w.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?![A-Za-z])"
    rf"|(?P<word>\b(?:{_WORD})\b))"
    rf"(?:[-\s]?{_SCALE})?(?:[-\s]?{_UNIT})?",
    re.IGNORECASE,
)


class Status(enum.StrEnum):
    COVERED = "covered"  # inside a claim's printed figure
    REPEATED = "repeated"  # the same number as a claim, stated elsewhere
    UNCOVERED = "uncovered"
    DATE = "date"


@dataclass(frozen=True)
class Phrase:
    text: str
    line: int
    column: int
    status: Status
    claims: tuple[str, ...] = ()


@dataclass(frozen=True)
class Coverage:
    fact_base: FactBase
    source: str
    phrases: tuple[Phrase, ...]
    missing: tuple[str, ...]  # claims whose printed figure is not in the text

    @property
    def passed(self) -> bool:
        return not self.missing


def read_source(path: str) -> str:
    """The article's text; an unreadable one is an input error."""
    return read_text(path, "article")


def cover(fact_base: FactBase, text: str, source: str) -> Coverage:
    """Every number phrase of ``text`` and what covers it."""
    normal = _normalise(text)
    spans: list[tuple[int, int, str]] = []
    missing = []
    for claim_id, claim in fact_base.claims.items():
        printed = _normalise(claim.printed)
        found = [m.start() for m in re.finditer(re.escape(printed), normal)]
        if not found:
            missing.append(claim_id)
        spans.extend((start, start + len(printed), claim_id) for start in found)
    numbers = _claim_numbers(fact_base)
    dates = [(m.start(), m.end()) for m in _DATE.finditer(normal)]
    phrases = [Phrase(normal[a:b], *_position(normal, a), Status.DATE) for a, b in dates]
    for match in _PHRASE.finditer(normal):
        start, end = match.span()
        digits_at = match.start("digits")
        if digits_at >= 0 and any(a <= digits_at < b for a, b in dates):
            continue  # a number inside a date is the date's
        text_of = match.group(0).strip()
        covering = tuple(dict.fromkeys(c for a, b, c in spans if a <= start and end <= b))
        if covering:
            phrases.append(Phrase(text_of, *_position(normal, start), Status.COVERED, covering))
            continue
        value = _value(match)
        same = tuple(c for c, n in numbers.items() if n == value)
        phrases.append(
            Phrase(
                text_of,
                *_position(normal, start),
                Status.REPEATED if same else Status.UNCOVERED,
                same,
            )
        )
    phrases.sort(key=lambda p: (p.line, p.column))
    return Coverage(fact_base, source, tuple(phrases), tuple(missing))


def _position(text: str, offset: int) -> tuple[int, int]:
    """Line and column (from 1) of an offset."""
    return text.count("\n", 0, offset) + 1, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _normalise(text: str) -> str:
    """Typographic quotes as plain ones and runs of spaces as one, so that a
    printed figure copied either way is found."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("\u201d", '"'))


def _value(match: re.Match[str]) -> Decimal:
    digits = match.group("digits")
    if digits:
        return Decimal(digits.replace(",", ""))
    words = match.group("word").lower().split("-")
    return Decimal(sum(WORD_VALUES[w] for w in words))


def _claim_numbers(fact_base: FactBase) -> dict[str, Decimal]:
    return {
        claim_id: parse_figure(claim.value).number.copy_abs()
        for claim_id, claim in fact_base.claims.items()
    }
