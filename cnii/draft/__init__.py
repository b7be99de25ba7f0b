"""``cnii draft``: from an article's text to a fact base that loads.

Every number phrase of the text becomes a claim (dates, years used as
dates and photo codes are skipped, and counted), with its value, unit,
qualifier, period and sentence; the patterns fact-checkers check most
become relations. What the article cannot tell (an exchange rate, a GDP,
last year's figure) is a reference placeholder marked unconfirmed, and the
checks that need it expect ``unverifiable``. Every check a draft writes is
``proposed``: no verdict is expected of it until a person deletes the flag,
so a draft never vouches for its own findings. Every guess a person must
confirm carries a ``# check:`` comment.

The parts: :mod:`~cnii.draft.english` and :mod:`~cnii.draft.chinese` find
the claims of a sentence, :mod:`~cnii.draft.loadable` leaves out (and
counts) those a fact base cannot hold, :mod:`~cnii.draft.relations`
proposes relations between them, :mod:`~cnii.draft.writing` writes TOML,
and :mod:`~cnii.draft.tables` finds where an existing fact base's text
defines its units, for ``--into``.

Drafting is linear in the text: each pattern reads a stretch of text a
bounded number of times, and each claim is related to at most a bounded
number of its neighbours.
"""

from __future__ import annotations

import bisect
import datetime
import re
from collections.abc import Mapping

from cnii.dates import skipped_spans
from cnii.draft import chinese, english
from cnii.draft.loadable import keep_loadable, keep_used, keep_within
from cnii.draft.model import Claim, Draft, Ids, Lines, Placeholder, Relation, fit
from cnii.draft.relations import apart, propose
from cnii.draft.writing import into, marked, settled, to_toml
from cnii.figures import cjk

__all__ = ["Claim", "Draft", "Relation", "draft", "into", "marked", "read", "settled", "to_toml"]

# A sentence ends at . ! ? after a small letter, a digit or a closing mark,
# before a space (not a decimal point, not "U.S."), or at a line break.
_SENTENCE = re.compile(
    r".+?(?:(?<=[a-z0-9)\"'%\u201d\u2019])[.!?]+(?=\s|$)|[\u3002\uff01\uff1f\uff1b]|(?=\n)|$)",
    re.DOTALL,
)


def draft(text: str, source: str) -> Draft:
    """A draft fact base for the article ``text`` (its file named ``source``):
    its claims and the relations between them."""
    result = read(text, source)
    propose(result, text)
    apart(result)
    keep_within(result)
    if not result.relations:
        result.relations.append(_as_sourced(result.claims))
    keep_used(result)
    return result


def read(text: str, source: str, units: Mapping[str, str] | None = None) -> Draft:
    """The article's title, date and claims, with no relation yet: those a
    fact base can hold (with ``units``, those of the one it is added to)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = _title(lines)
    result = Draft(title, _date(text), source)
    # undated: the latest year it names, the one news is about ("in 2023, up
    # from 2022"), not the first ("since 2009")
    years = [int(y) for y in _ANY_YEAR.findall(text[:_YEARS_READ])]
    year = result.date[:4] if result.date else str(max(years)) if years else "unknown"
    used = Ids()
    line_of = Lines(text)
    skip = skipped_spans(text)
    number = 0  # of the sentences with words: blank lines are not sentences
    carried: str | None = None  # the year the sentences before named last
    for sentence in _SENTENCE.finditer(text):
        if not sentence.group(0).strip():
            continue
        number += 1
        before = len(result.claims)
        body = sentence.group(0)
        chinese_text = bool(cjk().search(body))
        if chinese_text:
            chinese.claims_in(sentence, text, used, result)
        else:
            english.claims_in(sentence, text, used, result, skip)
        named: list[tuple[int, str]] = []
        targets: set[str] = set()
        bases: list[tuple[int, str]] = []
        for m in (_CHINESE_YEAR if chinese_text else _YEAR).finditer(body):
            if _TARGET_YEAR.search(body, max(0, m.start(1) - 12), m.start(1)):
                targets.add(m.group(1))  # "by 2030": its sentence's, not carried further
            base = _BASE_YEAR.search(body, max(0, m.start(1) - 40), m.start(1))
            (bases if base else named).append(
                (m.start(1) + sentence.start(), _span(m.group(1), m.group(2)))
            )
        # "up 1.9% over March 2018" and no other year: the figures are of 2019
        compared = str(int(bases[-1][1]) + 1) if bases and bases[-1][1].isdigit() else None
        statement = " ".join(body[:2000].split())[:500]
        for claim in result.claims[before:]:
            claim.sentence = number
            claim.statement = statement
            claim.line = line_of(claim.start)
            found = _year_of(claim, text, sentence.start(), named, compared or carried, year)
            claim.period, guess = _relative(claim, text, *found, year, compared)
            if guess:
                claim.guesses.append(guess)
        kept = [y for _, y in named if y not in targets]
        if kept:
            carried = kept[-1]
    result.claims.sort(key=lambda claim: claim.start)
    keep_loadable(result, units)
    return result


# A year, or a fiscal or crop year across two ("2012-13": 2012-2013).
_YEAR = re.compile(r"(?<![\d-])((?:19|20)\d{2})(?:[-\u2013/]((?:19|20)\d{2}|\d{2}))?(?![\d-]|年)")
_CHINESE_YEAR = re.compile(r"((?:19|20)\d{2})()年")


_COMPARED = re.compile(r"\b(?:from|than|compared|against|versus|since)\b", re.IGNORECASE)


def _span(year: str, next_year: str | None) -> str:
    """A year, or the years of "2012-13" or "2012-2015" as a span (2012-2013,
    2012-2015), where the second follows the first."""
    if next_year and len(next_year) == 4 and int(year) < int(next_year):
        return f"{year}-{next_year}"
    if next_year and len(next_year) == 2 and int(next_year) == (int(year) + 1) % 100:
        return f"{year}-{year[:2] if next_year != '00' else int(year[:2]) + 1}{next_year}"
    return year


# Before a year, words that make it what a figure is compared with, not what
# it is about: 比2013年增加, "up from a year earlier than 2019".
_BASE_YEAR = re.compile(
    r"(?:[比较較]|与|與|同比|\b(?:than|compared (?:with|to)|against|versus|vs\.?|from|since|over)"
    r"(?:\s+the\s+same\s+(?:period|month|quarter)\s+(?:of|in))?"
    r"(?:\s+(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December))?)\s*$",
    re.IGNORECASE,
)
# After a figure, the year it is of: "8 trillion in 2015", "6.1 % in May 2019".
_OF_YEAR = re.compile(
    r"[^.;,\d]{0,25}?\b(?:in|of|for|during|by|at the end of)\s+"
    r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|"
    r"December|the first|the second|the third|the fourth|Q[1-4])\S*\s+(?:quarter\s+)?(?:of\s+)?)?"
    r"((?:19|20)\d{2})(?:[-\u2013/](\d{2})(?![\d-]))?\b"  # a fiscal year: "in 2022-23"
)
# Before a figure, that it is of the year before; not "from a year earlier",
# "than last year", which say what it is compared with.
_LAST_YEAR = re.compile(
    r"(?<!from )(?<!than )(?<!over )(?<!with )(?<!against )"
    r"\b(?:last year|the previous year|a year earlier|the year before)\b"
    r"|(?<![比较較同])(?:去年|上年)",
    re.IGNORECASE,
)
_PAST_YEARS = re.compile(
    r"\b(?:over|in|during) the (?:past|last) "
    r"(two|three|four|five|six|seven|eight|nine|ten|\d+) years\b"
    r"|过去(两|三|四|五|十|\d+)年",
    re.IGNORECASE,
)
_LEAD = 120  # characters before a figure where "last year" or a span is looked for
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8}
_COUNTS |= {"nine": 9, "ten": 10, "两": 2, "三": 3, "四": 4, "五": 5, "十": 10}


# Right after a figure, that it is the year before's: "100 million yuan a year earlier".
_YEAR_BEFORE = re.compile(
    r"\s*,?\s*(?:in\s+)?(?:a year (?:earlier|ago|before)|the (?:previous|prior) year|"
    r"the year before)\b",
    re.IGNORECASE,
)
# Right after a figure, the year before the article's: "to 699TWh last year".
_LAST_YEAR_AFTER = re.compile(r"\s*,?\s*(?:in\s+)?last year\b", re.IGNORECASE)


# Before a year, words that make it a target ("by 2030", 到2035年).
_TARGET_YEAR = re.compile(r"(?:\b(?:by|until|through)\s+|[到至])$", re.IGNORECASE)
# A year an undated article may be of: not a target.
_ANY_YEAR = re.compile(
    r"(?<!\bby )(?<!\buntil )(?<!\bthrough )(?<!\bto )(?<![到至])(?<!\d)((?:19|20)\d{2})(?!\d)",
    re.IGNORECASE,
)
_YEARS_READ = 1_000_000  # the characters read for an undated article's year


def _relative(
    claim: Claim, text: str, period: str, guess: str | None, year: str, compared: str | None
) -> tuple[str, str | None]:
    """The period _year_of found (``compared``, the year after the one its
    sentence compares with, stood in for a year carried from earlier
    sentences), moved to the year before where the words right after the
    figure say so: "a year earlier" (before its own year), "last year"
    (before the article's)."""
    if compared is not None and period == compared and guess is not None:
        guess = f"period {compared}, the year after the one its sentence compares it with"
    if period.isdigit() and _YEAR_BEFORE.match(text, claim.end):
        return str(int(period) - 1), guess
    if year.isdigit() and _LAST_YEAR_AFTER.match(text, claim.end):
        return str(int(year) - 1), f"period {int(year) - 1}, the year before the article's"
    return period, guess


def _year_of(
    claim: Claim,
    text: str,
    start: int,
    named: list[tuple[int, str]],
    carried: str | None,
    year: str,
) -> tuple[str, str | None]:
    """The year a figure is about, and what was guessed: the year printed
    right after it ("8 trillion in 2015"), else the last its sentence names
    before it (2024年, "In 2024, ..."), else the first after it, else a span
    or "last year" before it in its sentence, else the year the sentences
    before it named last (carried, said), else the article's (said)."""
    after = _OF_YEAR.match(text, claim.end)
    if after is not None and not _COMPARED.search(after.group(0)):  # "from the same period in 2018"
        return _span(after.group(1), after.group(2)), None
    at = bisect.bisect_left(named, (claim.start, ""))  # the years before it: named[:at]
    if named:
        return named[at - 1 if at else 0][1], None
    lead = text[max(start, claim.start - _LEAD) : claim.start]  # near: a sentence may be long
    past = _PAST_YEARS.search(lead)
    if past is not None and year.isdigit():
        count = past.group(1) or past.group(2)
        years = int(count) if count.isdigit() else _COUNTS[count.lower()]
        return f"{int(year) - years + 1}-{year}", f"period {int(year) - years + 1}-{year}, a span"
    if _LAST_YEAR.search(lead) and year.isdigit():
        return str(int(year) - 1), f"period {int(year) - 1}, the year before the article's"
    if carried is not None:
        return carried, f"period {carried}, the year an earlier sentence names"
    return year, f"period {year}, the article's year"


_MONTHS: tuple[str, ...] = ("January", "February", "March", "April", "May", "June", "July")
_MONTHS += ("August", "September", "October", "November", "December")
_MONTH = "|".join(_MONTHS)
_DATES = re.compile(
    r"\b(?P<iso>\d{4}-\d{2}-\d{2})\b"
    rf"|\b(?P<month>{_MONTH})\.? (?P<day>\d{{1,2}}), (?P<year>\d{{4}})\b"
    rf"|\b(?P<day2>\d{{1,2}}) (?P<month2>{_MONTH}) (?P<year2>\d{{4}})\b"
    r"|(?P<year3>\d{4})年(?P<month3>\d{1,2})月(?P<day3>\d{1,2})日"
)


def _date(text: str) -> str | None:
    """The first date the text states in full (2024-12-31, January 17, 2025,
    14 August 2019, 2024年12月31日), as ISO 8601."""
    for match in _DATES.finditer(text):
        found = match.groupdict()
        try:
            if found["iso"]:
                return datetime.date.fromisoformat(found["iso"]).isoformat()
            if found["month"] or found["month2"]:
                month = _MONTHS.index(found["month"] or found["month2"]) + 1
                day, year = found["day"] or found["day2"], found["year"] or found["year2"]
            else:
                year, month, day = found["year3"], int(found["month3"]), found["day3"]
            return datetime.date(int(year), month, int(day)).isoformat()
        except ValueError:
            continue  # 2024-02-31 is no date
    return None


def _title(lines: list[str]) -> str:
    """The first line that is more than a dateline."""
    for line in lines:
        if len([w for w in line.split() if not re.fullmatch(r"[\d-]+", w)]) >= 4:
            return line[:500]
    return lines[0][:500] if lines else "untitled"


def _as_sourced(claims: list[Claim]) -> Relation:
    """Without a relation there is no check, and a fact base needs one: the
    first claim against a placeholder for its source, so that the draft loads."""
    if not claims:
        holder = Placeholder("article_figures", "count", "no number phrase was found", "Nothing.")
        return Relation(
            "source",
            (),
            "cnii draft found no figure in the text.",
            "nothing_found",
            holder.id,
            holder.id,
            "No figure.",
            placeholder=holder,
        )
    first = claims[0]
    holder = Placeholder(
        fit(f"{first.id}_source"), first.unit, "look up the source of this figure", first.statement
    )
    return Relation(
        "source",
        (first,),
        first.statement,
        fit(f"{first.id}_as_sourced"),
        first.id,
        holder.id,
        "The figure is its source's.",
        placeholder=holder,
    )
