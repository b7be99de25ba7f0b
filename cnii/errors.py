"""The input-error family and the exit codes, each defined once."""

from __future__ import annotations

import enum
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
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.entry:
            parts.append(self.entry)
        parts.append(self.message)
        return ": ".join(parts)


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


class OutputError(CniiError):
    """The report cannot be written where it was asked to go."""


def did_you_mean(name: str, known: Iterable[str]) -> str:
    """`` (did you mean 'x'?)`` for the closest of ``known`` names, or ``""``."""
    import difflib

    close = difflib.get_close_matches(name, list(known), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""
