"""The input-error family and the exit codes, each defined once."""

from __future__ import annotations

import enum


class ExitCode(enum.IntEnum):
    OK = 0
    GATE_FAILED = 1
    INPUT_ERROR = 2


class CniiError(Exception):
    """The user's input is wrong. Rendered as one line; exit code 2.

    ``where`` is the file (and line, when known); ``entry`` is the dotted key of
    the fact-base entry at fault, such as ``claims.core_output.value``.
    """

    def __init__(
        self, message: str, *, file: str | None = None, entry: str | None = None,
        line: int | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.entry = entry
        self.line = line

    def located(self, file: str, line: int | None) -> CniiError:
        """Fill in the file and line where they are not known yet."""
        if self.file is None:
            self.file = file
        if self.line is None:
            self.line = line
        return self

    def __str__(self) -> str:
        parts = []
        if self.file is not None:
            parts.append(self.file if self.line is None else f"{self.file}:{self.line}")
        if self.entry:
            parts.append(self.entry)
        parts.append(self.message)
        return ": ".join(parts)


class FactFileError(CniiError):
    """The fact base cannot be read or is not TOML."""


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
