"""Numbers that are no claims because they say when: dates in their printed
forms, fiscal years, Chinese dates and spans of time, and photo codes. One
definition, so that what ``cnii draft`` skips as a date ``cnii coverage``
lists as a date."""

from __future__ import annotations

import re

__all__ = ["date_spans", "skipped_spans"]

_MONTHS = (
    "January|February|March|April|May|June|July|August|September|October|November|"
    "December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec"
)
_CHINESE_DIGITS = "〇零一二三四五六七八九十两兩"
# What the drafter skips: a number that is part of a date or a span of time.
_SKIPPED = re.compile(
    r"\b(?:19|20)\d{2}[-\u2013/]\d{2}\b(?!-\d)"  # a fiscal year: 2021-22
    r"|\b\d{4}-\d{2}-\d{2}\b"  # 2024-12-31
    r"|\b\d{1,2}[-/.]\d{1,2}[-/.](?:\d{4}|\d{2})\b"  # 03-14-19, 14/03/2019, 14.03.2019
    rf"|\b(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?(?:,?\s*\d{{4}})?\b"  # March 5, 2024
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{_MONTHS})\b(?:,?\s+\d{{4}}\b)?"  # 5 March
    r"|\(\d{5,}\)"  # a photo code: (20240101)
    # 2024年12月31日, 12月, 3日; 首9个月, 两个小时, 三个星期
    rf"|(?<![\d.])(?:\d{{1,4}}|[{_CHINESE_DIGITS}]{{1,4}})(?:年(?:\d{{1,2}}月(?:\d{{1,2}}日)?)?|月(?:\d{{1,2}}日)?|日)"
    rf"|(?<![\d.])(?:\d{{1,3}}|[{_CHINESE_DIGITS}]{{1,3}})[个個](?=月|小时|小時|星期)"
)
# A year on its own: a date for coverage, "years" for the drafter.
_YEAR = re.compile(
    r"\b(?:19|20)\d{2}\b(?![.,]\d|\s*(?:%|percent|per cent|[-\s]?(?:thousand|million|"
    r"billion|trillion)))"
)


def skipped_spans(text: str) -> list[tuple[int, int]]:
    """The spans of ``text`` that are dates, spans of time or photo codes,
    in order and never overlapping."""
    return [m.span() for m in _SKIPPED.finditer(text)]


def date_spans(text: str) -> list[tuple[int, int]]:
    """What coverage lists as a date: the spans the drafter skips, and years
    on their own; in order, merged where they overlap."""
    spans = sorted([*skipped_spans(text), *(m.span() for m in _YEAR.finditer(text))])
    merged: list[tuple[int, int]] = []
    for start, end in spans:
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged
