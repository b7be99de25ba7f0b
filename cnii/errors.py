"""The input-error family and the exit codes, each defined once."""

from __future__ import annotations

import enum
import functools
import re
from collections.abc import Iterable


class ExitCode(enum.IntEnum):
    OK = 0
    GATE_FAILED = 1
    INPUT_ERROR = 2
    INTERRUPTED = 130  # 128 + SIGINT, as shells report Ctrl-C
    BROKEN_PIPE = 141  # 128 + SIGPIPE, as other tools end when the reader goes away


class CniiError(Exception):
    """The user's input is wrong. Rendered as one line; exit code 2.

    ``file`` (with ``line`` when known) says where; ``entry`` is the dotted key
    of the fact-base entry at fault, such as ``claims.core_output.value``.
    Raised once, where all three are known: parsers below the compile step
    raise it without a place, and the compile step raises it again placed.
    """

    def __init__(
        self,
        message: str,
        *,
        file: str | None = None,
        entry: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.entry = entry
        self.line = line

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            file = printable(self.file)
            parts.append(file if self.line is None else f"{file}:{self.line}")
        if self.entry:
            parts.append(printable(self.entry))
        parts.append(printable(self.message, MAX_MESSAGE))
        return ": ".join(parts)


class InputErrors(CniiError):
    """Every input error found in one pass over a fact base, one per line (at
    most MAX_ERRORS of them, then how many more). As a CniiError it is the
    first of them: ``file``, ``line``, ``entry`` and ``message`` are its."""

    def __init__(self, errors: Iterable[CniiError], more: int = 0) -> None:
        self.errors = tuple(errors)
        first = self.errors[0]
        super().__init__(first.message, file=first.file, entry=first.entry, line=first.line)
        self.more = more

    def __str__(self) -> str:
        lines = [str(error) for error in self.errors]
        if self.more:
            where = printable(self.errors[0].file or "")
            lines.append(f"{where}: {self.more} more error(s) not shown".lstrip(": "))
        return "\n".join(lines)


MAX_ERRORS = 50


class Collector:
    """Gathers the input errors of one pass instead of stopping at the first."""

    def __init__(self) -> None:
        self.errors: list[CniiError] = []
        self.more = 0

    def add(self, error: CniiError) -> None:
        found = error.errors if isinstance(error, InputErrors) else (error,)
        for one in found:
            if len(self.errors) < MAX_ERRORS:
                self.errors.append(one)
            else:
                self.more += 1
        if isinstance(error, InputErrors):
            self.more += error.more

    def raise_any(self) -> None:
        if len(self.errors) == 1 and not self.more:
            raise self.errors[0]
        if self.errors:
            raise InputErrors(self.errors, self.more)


class FactFileError(CniiError):
    """An input file cannot be read, or is not TOML."""


class SchemaError(CniiError):
    """A field is missing, unknown or of the wrong type or value."""


class UnitError(CniiError):
    """A unit is unknown, or a value or unit string is malformed."""


class FormulaError(CniiError):
    """A formula is malformed, too large, or names an unknown id or function."""


class CycleError(CniiError):
    """Derivations depend on each other in a cycle."""


class DimensionError(CniiError):
    """Quantities of different dimensions are added, compared or converted."""


class RangeError(CniiError):
    """A number is too large to represent."""


class UnknownNameError(CniiError):
    """A name given on the command line is not in the fact base."""


class ReferenceDataError(CniiError):
    """A figure looked up is not in the reference data installed."""


class OutputError(CniiError):
    """The report cannot be written where it was asked to go."""


MAX_SHOWN = 200  # characters of a name or path from the input shown in a message
MAX_MESSAGE = 1000

# Line and paragraph separators, and the bidirectional formatting characters
# that can reorder what a terminal shows; with C0, DEL and C1 the characters
# that input may not bring to a terminal (as a regular expression class).
LAYOUT_CHARACTERS = "\\u2028\\u2029\\u200e\\u200f\\u202a-\\u202e\\u2066-\\u2069"
UNPRINTABLE = re.compile(f"[\\x00-\\x1f\\x7f-\\x9f{LAYOUT_CHARACTERS}]")
# What no output shows as it is: those, the Arabic letter mark (a
# bidirectional mark that a fact base may hold) and the lone surrogates that
# a file name which is not UTF-8 becomes. Lines keep their line breaks (and a
# carriage return before one) and tabs; json.dumps escapes C0 itself.
_BEYOND_C0 = "\\x7f-\\x9f\\u061c\\ud800-\\udfff" + LAYOUT_CHARACTERS
_UNSAFE = {  # compiled when first needed: three patterns cost 1.4 % of start-up
    "line": f"[\\x00-\\x1f{_BEYOND_C0}]",
    "lines": f"\\r(?!\\n)|[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f{_BEYOND_C0}]",
    "json": f"[{_BEYOND_C0}]",
}


@functools.cache
def _unsafe(kind: str) -> re.Pattern[str]:
    return re.compile(_UNSAFE[kind])


def printable(text: str, limit: int | None = MAX_SHOWN, *, lines: bool = False) -> str:
    """``text`` safe for a terminal or a page, as one line: every control
    character, bidirectional control, line separator and lone surrogate shown
    as an escape (``\\x1b``, ``\\u202e``) rather than acting, and cut to
    ``limit`` characters (``None``: not cut). With ``lines``, line breaks and
    tabs stay. Every reporter shows input through this function."""
    if limit is not None and len(text) > limit:
        text = text[: limit - 1] + "…"
    if text.isprintable():  # nearly every text: isprintable() is false for all it escapes
        return text
    return _unsafe("lines" if lines else "line").sub(_escape, text)


def json_safe(document: str) -> str:
    """A line of JSON from ``json.dumps`` that a terminal shows as it is: what
    it leaves raw and printable escapes (DEL, C1, bidirectional controls,
    lone surrogates) as ``\\uXXXX``. Outside its strings such a line holds
    only plain ASCII, so each is in a string, and means the same escaped."""
    # Fast paths, in C: an ASCII line can hold only DEL of what is escaped,
    # and isprintable() is false for all of it.
    if (document.isascii() and "\x7f" not in document) or document.isprintable():
        return document
    return _unsafe("json").sub(_json_escape, document)


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def _json_escape(match: re.Match[str]) -> str:
    return f"\\u{ord(match.group()):04x}"


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` names, or ``""``."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
