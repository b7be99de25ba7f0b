"""Does the fact base cover the article? Every number phrase of the text, the
claim that covers it, and the claims whose printed figure is not in the text."""

from __future__ import annotations

import bisect
import enum
import functools
import heapq
import re
from dataclasses import dataclass
from decimal import Decimal
from typing import NamedTuple

from cnii.dates import date_spans
from cnii.factbase import FactBase
from cnii.figures import WORD_VALUES, chinese_number, parse_figure
from cnii.files import read_text

_SCALE = (
    r"(?:thousand|million|billion|trillion|lakh crore|lakh|crore|万亿|万|亿|萬億|萬|億|"
    r"兆(?=[元圓]|美元))"
)
_UNIT = (
    r"(?:percentage[-\s]points?|pp\b|ppt\b|U\.S\.\s?dollars?|US dollars?|yuan|dollars?|euros?"
    r"|percent(?!age)|per cent|%|元|tonnes?)"
)
_TENS = "|".join(w for w, n in WORD_VALUES.items() if n >= 20)
_ONES = "|".join(w for w, n in WORD_VALUES.items() if 1 <= n <= 9)
# A lone "one" or "zero" is left out: "no one", "one of the" would be noise.
_SINGLES = "|".join(
    sorted((w for w, n in WORD_VALUES.items() if 2 <= n <= 19), key=len, reverse=True)
)
_WORD = rf"(?:{_TENS})(?:-(?:{_ONES}))?|{_SINGLES}"
_PHRASE = re.compile(
    rf"(?P<sign>US\$|HK\$|[$¥€£])?"
    rf"(?:(?P<digits>(?<![A-Za-z0-9_.])(?:\d{{1,3}}(?:,\d{{3}})+|\d+)(?:\.\d+)?)(?![A-Za-z])"
    rf"|(?P<word>\b(?:{_WORD})\b)"
    # Chinese numerals where they count something: 十个省份, 四成, 两万亿元.
    rf"|(?P<zh>(?<![零一二三四五六七八九两十百千第])[一二三四五六七八九两十百千]+"
    rf"(?=[万萬亿億]*[个個家项項座户戶件辆輛台张張人名次成倍元]|{_SCALE})))"
    rf"(?:[-\s]?{_SCALE})?(?:[-\s]?{_UNIT})?",
    re.IGNORECASE,
)


# How many claims a report lists for a phrase; the rest are counted.
MAX_LISTED = 10

# A real article has hundreds of number phrases; a text with more than this
# many lists the first ones (a report of millions of lines helps nobody),
# while every claim is still looked for in the whole text.
MAX_PHRASES = 50_000


class Status(enum.StrEnum):
    COVERED = "covered"  # inside a claim's printed figure
    REPEATED = "repeated"  # the same number as a claim, stated elsewhere
    UNCOVERED = "uncovered"
    DATE = "date"


class Phrase(NamedTuple):  # a NamedTuple: an article may have 100,000 of them
    text: str  # as in the coverage's ``text``: reporters escape what they show
    line: int
    column: int
    status: Status
    # every claim that covers it, or shares its number: one tuple for each
    # set of claims, shared by every phrase with that set
    covering: tuple[str, ...] = ()
    offset: int = 0  # where it starts in the coverage's ``text``

    @property
    def claims(self) -> tuple[str, ...]:
        """The claims a report lists: the first MAX_LISTED."""
        return self.covering[:MAX_LISTED]

    @property
    def more(self) -> int:
        """How many claims a report counts but does not list."""
        return max(0, len(self.covering) - MAX_LISTED)


@dataclass(frozen=True)
class Coverage:
    fact_base: FactBase
    source: str  # the article's path, as given: reporters escape what they show
    phrases: tuple[Phrase, ...]
    missing: tuple[str, ...]  # claims whose printed figure is not in the text
    complete: bool = True  # False: more than MAX_PHRASES phrases, the rest not listed
    text: str = ""  # the article as read: quotes plain, runs of spaces as one

    @property
    def passed(self) -> bool:
        return not self.missing


_LEADING_NUMBER = re.compile(r"\d[\d,.]*")


def _occurrences(printed: list[str], text: str) -> dict[str, list[int]]:
    """Where each printed figure occurs in ``text``, as a search for each
    would find it (from left to right, not overlapping), in one pass over
    the text's numbers rather than one pass over the text per figure
    (10,000 claims over a long article were 10,000 passes). A figure is
    looked up by the number it starts with, at each digit of the text, and
    confirmed in place; one without digits ("三成") is searched for alone."""
    found: dict[str, list[int]] = {figure: [] for figure in printed}
    # figure's leading number -> (the figure, how far into it that number starts)
    by_number: dict[int, dict[str, list[tuple[str, int]]]] = {}
    for figure in printed:
        number = _LEADING_NUMBER.search(figure)
        if number is None:
            found[figure] = [m.start() for m in re.finditer(re.escape(figure), text)]
            continue
        of_length = by_number.setdefault(len(number.group()), {})
        of_length.setdefault(number.group(), []).append((figure, number.start()))
    lengths = sorted(by_number)
    # A figure's number lies inside one run of the text's digits, commas and
    # points: at each digit of a run, only numbers that fit in the rest of it.
    for run in _LEADING_NUMBER.finditer(text) if lengths else ():
        for at in range(run.start(), run.end()):
            if not text[at].isdigit():
                continue
            for length in lengths:
                if at + length > run.end():
                    break
                for figure, offset in by_number[length].get(text[at : at + length], ()):
                    start, starts = at - offset, found[figure]
                    if start < 0 or (starts and start < starts[-1] + len(figure)):
                        continue  # before the text, or inside the last occurrence
                    if text.startswith(figure, start):
                        starts.append(start)
    return found


def read_source(path: str) -> str:
    """The article's text; an unreadable one is an input error."""
    return read_text(path, "article")


def cover(fact_base: FactBase, text: str, source: str) -> Coverage:
    """Every number phrase of ``text`` and what covers it, in time linear in
    the text (give or take a logarithm), however often a figure repeats."""
    normal = normalise(text)
    # One span per occurrence of each printed figure, however many claims
    # print it: the claims that share a figure share a span.
    printing: dict[str, list[str]] = {}
    for claim_id, claim in fact_base.claims.items():
        printing.setdefault(normalise(claim.printed), []).append(claim_id)
    spans: list[tuple[int, int, tuple[str, ...]]] = []
    unfound: set[str] = set()
    occurrences = _occurrences(list(printing), normal)
    for printed, claim_ids in printing.items():
        sharing = tuple(sorted(claim_ids))
        found = [(start, start + len(printed), sharing) for start in occurrences[printed]]
        if not found:
            unfound.update(claim_ids)
        spans.extend(found)
    missing = [claim_id for claim_id in fact_base.claims if claim_id in unfound]
    spans.sort()
    # The claims of each set of spans open at once, made once and shared: an
    # article that repeats a figure n times, printed by n claims, would
    # otherwise hold n claims at each of n phrases.
    covering_of: dict[tuple[int, ...], tuple[str, ...]] = {}
    numbers: dict[Decimal, list[str]] = {}
    for claim_id, number in _claim_numbers(fact_base).items():
        numbers.setdefault(number, []).append(claim_id)
    by_number = {number: tuple(claim_ids) for number, claim_ids in numbers.items()}
    position = _Positions(normal)
    dates = date_spans(normal)
    date_starts = [a for a, _ in dates]
    date_phrases = [Phrase(normal[a:b], *position(a), Status.DATE, (), a) for a, b in dates]
    phrases: list[Phrase] = []
    open_spans: list[tuple[int, int, tuple[str, ...]]] = []  # (end, start, claims) begun so far
    next_span = 0
    for match in _PHRASE.finditer(normal):
        if len(phrases) == MAX_PHRASES:
            break
        start, end = match.span()
        number_at = max(match.start("digits"), match.start("word"), match.start("zh"))
        if dates and number_at >= 0 and _inside(number_at, dates, date_starts):
            continue  # a number inside a date (or a span of time) is the date's
        # Phrases come in order and do not overlap: a span that ends before
        # this phrase does can cover no later one either.
        while next_span < len(spans) and spans[next_span][0] <= start:
            a, b, sharing = spans[next_span]
            heapq.heappush(open_spans, (b, a, sharing))
            next_span += 1
        while open_spans and open_spans[0][0] < end:
            heapq.heappop(open_spans)
        text_of = match.group(0).strip()
        line, column = position(start)
        if open_spans:
            groups = [sharing for _, _, sharing in sorted(open_spans)]
            key = tuple(id(sharing) for sharing in groups)  # each lives as long as ``spans``
            if key not in covering_of:
                covering_of[key] = tuple(dict.fromkeys(c for g in groups for c in g))
            covering = covering_of[key]
            phrases.append(Phrase(text_of, line, column, Status.COVERED, covering, start))
            continue
        number = _value(match.group("digits"), match.group("word"), match.group("zh"))
        same = by_number.get(number, ())
        status = Status.REPEATED if same else Status.UNCOVERED
        phrases.append(Phrase(text_of, line, column, status, same, start))
    complete = len(phrases) < MAX_PHRASES
    if not complete:  # dates past the last phrase listed are not listed either
        date_phrases = [p for p in date_phrases if (p.line, p.column) < phrases[-1][1:3]]
    merged = heapq.merge(date_phrases, phrases, key=lambda p: (p.line, p.column))
    return Coverage(fact_base, source, tuple(merged), tuple(missing), complete, normal)


def _inside(offset: int, spans: list[tuple[int, int]], starts: list[int]) -> bool:
    """Whether offset lies in one of the sorted, non-overlapping spans."""
    at = bisect.bisect_right(starts, offset) - 1
    return at >= 0 and spans[at][0] <= offset < spans[at][1]


class _Positions:
    """Line and column (from 1) of an offset, by bisection over line starts."""

    def __init__(self, text: str) -> None:
        self.starts = [0, *(m.end() for m in re.finditer("\n", text))]

    def __call__(self, offset: int) -> tuple[int, int]:
        line = bisect.bisect_right(self.starts, offset)
        return line, offset - self.starts[line - 1] + 1


def normalise(text: str) -> str:
    """Typographic quotes as plain ones and runs of spaces as one, so that a
    printed figure copied either way is found."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").replace("\u201c", '"')
    return re.sub(r"[ \t\u00a0]+", " ", text.replace("\u201d", '"'))


@functools.lru_cache(maxsize=4096)  # an article repeats its numbers
def _value(digits: str | None, word: str | None, zh: str | None = None) -> Decimal:
    if digits:
        return Decimal(digits.replace(",", ""))
    if zh:
        return Decimal(chinese_number(zh) or 0)
    assert word is not None
    return Decimal(sum(WORD_VALUES[w] for w in word.lower().split("-")))


def _claim_numbers(fact_base: FactBase) -> dict[str, Decimal]:
    return {
        claim_id: parse_figure(claim.value).number.copy_abs()
        for claim_id, claim in fact_base.claims.items()
    }
