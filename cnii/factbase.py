"""Find, read and validate a fact base into frozen records.

The fact base is read once, here. Unknown keys are errors (a typo must not
silently pass), and every error names the file, the entry and, where it can
be found, the line.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from cnii.errors import CniiError, Collector, FactFileError, SchemaError, printable
from cnii.files import read_text
from cnii.records import (
    KINDS,
    Article,
    Check,
    Claim,
    Derivation,
    Reference,
    entries,
    record,
    units_table,
    unknown_tables,
)

__all__ = ["FactBase", "load", "locate", "parse"]

MAX_ENTRIES = 100_000
MAX_PATH_SHOWN = 4096
E = TypeVar("E", bound=CniiError)


@dataclass(frozen=True)
class FactBase:
    """A validated fact base and where each of its keys stands in the file."""

    path: str
    article: Article | None
    units: Mapping[str, str]
    claims: Mapping[str, Claim]
    references: Mapping[str, Reference]
    derivations: Mapping[str, Derivation]
    checks: Mapping[str, Check]
    text: str = field(default="", repr=False)

    @cached_property
    def tables(self) -> dict[str, int]:
        """The line of each table header: what reports need, found quickly."""
        return table_lines(self.text)

    @cached_property
    def lines(self) -> dict[str, int]:
        """The line of every table and key: what errors need, found on demand."""
        return key_lines(self.text)

    def line(self, key: str) -> int | None:
        """The line of a dotted key, or of its nearest enclosing table."""
        if key in self.tables:
            return self.tables[key]
        return line_of(self.lines, key)

    def error(self, kind: type[E], message: str, entry: str) -> E:
        """An input error of ``kind`` about ``entry``, placed in this file."""
        return kind(message, file=self.path, entry=entry, line=self.line(entry))

    def kind_of(self, entry_id: str) -> str | None:
        for kind in KINDS:
            if entry_id in getattr(self, kind):
                return kind
        return None


def locate(given: str | None) -> tuple[Path, str]:
    """The fact base to use and the name to show for it: ``--facts``, else
    ``./facts.toml``, else the one shipped inside the package."""
    if given is not None:
        return Path(given), given
    local = Path("facts.toml")
    if local.is_file():
        return local, "facts.toml"
    embedded = Path(str(resources.files("cnii").joinpath("facts.toml")))
    return embedded, str(embedded)


def load(given: str | None = None) -> FactBase:
    """Find, read and validate the fact base."""
    path, name = locate(given)
    # The name is shown in every report: a path may hold control characters.
    return parse(read_text(str(path), "fact base"), printable(name, MAX_PATH_SHOWN))


def parse(text: str, name: str) -> FactBase:
    """Validate a fact base's text; ``name`` is the file it came from."""
    import rtoml

    try:
        raw = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        raise _toml_error(str(error), name) from None
    return _validate(raw, name, text)


_TOML_POSITION = re.compile(r"\s*at line (\d+) column (\d+)$")


def _toml_error(message: str, name: str) -> FactFileError:
    message = " ".join(message.split())
    match = _TOML_POSITION.search(message)
    if match is None:
        return FactFileError(f"invalid TOML: {message}", file=name)
    line, column = int(match.group(1)), int(match.group(2))
    reason = message[: match.start()]
    return FactFileError(f"invalid TOML at column {column}: {reason}", file=name, line=line)


def _validate(raw: dict[str, Any], name: str, text: str) -> FactBase:
    errors = Collector()
    try:
        fact_base = _records(raw, name, text, errors)
    except SchemaError as error:
        errors.add(error)
    if errors.errors:
        lines = key_lines(text)
        placed = Collector()
        for found in errors.errors:
            entry = found.entry or ""
            line = line_of(lines, entry)
            placed.add(SchemaError(found.message, file=name, entry=entry, line=line))
        placed.more = errors.more
        placed.raise_any()
    return fact_base


def _records(raw: dict[str, Any], name: str, text: str, errors: Collector) -> FactBase:
    """The records of a fact base: every broken entry's error is collected
    (the entry left out) and every id used twice, in one pass."""
    unknown_tables(raw)
    count = sum(len(raw[kind]) for kind in KINDS if isinstance(raw.get(kind), dict))
    if count > MAX_ENTRIES:
        raise SchemaError(f"{count} entries: more than the limit of {MAX_ENTRIES}")
    article = None
    if "article" in raw:
        try:
            article = record(Article, raw["article"], "article")
        except SchemaError as error:
            errors.add(error)
    units = units_table(raw)
    fact_base = FactBase(
        name,
        article,
        units,
        claims=entries(raw, "claims", Claim, errors),
        references=entries(raw, "references", Reference, errors),
        derivations=entries(raw, "derivations", Derivation, errors),
        checks=entries(raw, "checks", Check, errors),
        text=text,
    )
    seen: dict[str, str] = {}
    for kind in KINDS:
        for entry_id in getattr(fact_base, kind):
            if entry_id in seen:
                errors.add(
                    SchemaError(
                        f"id {entry_id!r} is already used by {seen[entry_id]}.{entry_id}",
                        entry=f"{kind}.{entry_id}",
                    )
                )
            seen.setdefault(entry_id, kind)
    return fact_base


# One unambiguous pass: the name runs to the first "]", and _dotted strips
# its spaces. (Spaces matched both inside and around the name made the old
# pattern cubic on a line of "[" and spaces.)
_TABLE = re.compile(r"^[ \t]*\[([^\[\]\n]*)\]", re.MULTILINE)


def table_lines(text: str) -> dict[str, int]:
    """The line of each ``[table]`` header, by its dotted name."""
    lines: dict[str, int] = {}
    line, position = 1, 0
    for match in _TABLE.finditer(text):
        line += text.count("\n", position, match.start())
        position = match.start()
        lines.setdefault(_dotted(match.group(1)), line)
    return lines


_PLAIN_KEY = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")


def key_lines(text: str) -> dict[str, int]:
    """The line of each table header and key, as dotted keys: enough to
    point an error at ``[claims.core_output]`` or its ``value = ...``.

    A line scan rather than a TOML parser with positions: keys inside
    multi-line strings may be picked up, but the first place of a key wins."""
    lines: dict[str, int] = {}
    prefix = ""
    for number, line in enumerate(text.split("\n"), 1):
        head = line.lstrip()[:1]
        if head == "[":
            line = line.strip()
            if line[1:2] == "[" or "]" not in line:  # arrays of tables are not used
                continue
            table = _dotted(line[1 : line.index("]")])
            parts = table.split(".")
            for end in range(1, len(parts) + 1):  # [a.b] also places a
                lines.setdefault(".".join(parts[:end]), number)
            prefix = table + "."
        elif head and head != "#" and "=" in line:
            key = line.split("=", 1)[0].strip()
            if not _PLAIN_KEY.issuperset(key):  # quoted or dotted
                key = _dotted(key)
            lines.setdefault(prefix + key, number)
    return lines


def line_of(lines: Mapping[str, int], key: str) -> int | None:
    """The line of a dotted key, or of its nearest enclosing table."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return None


def _dotted(key: str) -> str:
    return ".".join(part.strip().strip("\"'") for part in key.split("."))
