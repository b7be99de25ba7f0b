"""Find, read and validate a fact base into frozen records.

The fact base is read once, here. Unknown keys are errors (a typo must not
silently pass), and every error names the file, the entry and, where it can
be found, the line.
"""

from __future__ import annotations

import datetime
import difflib
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Annotated, Any, Literal

from pydantic import (
    AfterValidator,
    BaseModel,
    ConfigDict,
    Strict,
    StringConstraints,
    ValidationError,
)
from pydantic import model_validator as _model_validator

from cnii.errors import CniiError, FactFileError, SchemaError

MAX_FILE_BYTES = 16 * 1024 * 1024
MAX_ENTRIES = 100_000
KINDS = ("claims", "references", "derivations", "checks")
ID_PATTERN = re.compile(r"[a-z][a-z0-9_]{0,63}")

Qualifier = Literal[
    "", "about", "approximately", "around", "roughly", "over", "more than", "exceeding",
    "above", "at least", "no less than", "under", "less than", "below", "at most",
    "no more than", "up to", "exactly",
]
Rounding = Literal["half-up", "down", "up", "exact"]
Relation = Literal["equal", "at_most", "at_least"]
Verdict = Literal["consistent", "inconsistent", "unverifiable"]


def _iso(value: str | datetime.date) -> str:
    return value.isoformat() if isinstance(value, datetime.date) else value


def _one_line(value: str) -> str:
    if "\n" in value or "\r" in value:
        raise ValueError("must be a single line")
    return value


Text = Annotated[str, StringConstraints(min_length=1, max_length=2000)]
# One line: statements and explanations are printed in tables and one-line reports.
Line = Annotated[str, StringConstraints(min_length=1, max_length=500), AfterValidator(_one_line)]
DateText = Annotated[str | datetime.date, AfterValidator(_iso)]


class Record(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class Article(Record):
    """What the fact base is about."""

    title: Line
    date: DateText
    source: Line | None = None


class Claim(Record):
    """A number as the article states it."""

    printed: Line
    value: Line
    qualifier: Qualifier = ""
    period: DateText
    statement: Line
    rounding: Rounding | None = None
    precision: Line | None = None
    tolerance: Line | None = None
    # TOML arrays arrive as lists; a tuple keeps the record frozen.
    items: Annotated[tuple[Line, ...], Strict(False)] | None = None


class Reference(Record):
    """A trusted figure from elsewhere, with its source and date."""

    statement: Line
    source: Line
    date: DateText | None = None
    value: Line | None = None
    unit: Line | None = None
    status: Literal["confirmed", "unconfirmed"] = "confirmed"
    note: Line | None = None
    url: Line | None = None
    rounding: Rounding | None = None
    precision: Line | None = None

    @_model_validator(mode="after")
    def _sourced(self) -> Reference:
        if self.status == "confirmed":
            if self.value is None:
                raise ValueError("a confirmed reference needs a value")
            if self.date is None:
                raise ValueError("a confirmed reference needs the date of its source")
        elif self.note is None:
            raise ValueError("an unconfirmed reference needs a note saying what is unconfirmed")
        if self.value is None and self.unit is None:
            raise ValueError("a reference without a value needs a unit")
        if self.value is not None and self.unit is not None:
            raise ValueError("give the unit inside the value, not as a separate unit")
        return self


class Derivation(Record):
    """A named value computed from other entries by a formula."""

    formula: Text
    statement: Line
    unit: Line | None = None


class Check(Record):
    """A relation that must hold between two values."""

    left: Text
    right: Text
    statement: Line
    relation: Relation = "equal"
    expect: Verdict = "consistent"
    why: Line | None = None
    unit: Line | None = None

    @_model_validator(mode="after")
    def _explained(self) -> Check:
        if self.expect != "consistent" and self.why is None:
            raise ValueError(f"a check expected to be {self.expect} needs a 'why'")
        return self


class Document(Record):
    article: Article | None = None
    units: dict[str, Line] = {}
    claims: dict[str, Claim] = {}
    references: dict[str, Reference] = {}
    derivations: dict[str, Derivation] = {}
    checks: dict[str, Check] = {}


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

    def error(self, error: CniiError) -> CniiError:
        """The error, with this file and the line of its entry."""
        return error.located(self.path, self.line(error.entry or ""))

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
    import rtoml

    path, name = locate(given)
    text = _read(path, name)
    try:
        raw = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        raise _toml_error(str(error), name) from None
    fact_base = _validate(raw, name, text)
    _check_ids(fact_base)
    return fact_base


def _read(path: Path, name: str) -> str:
    try:
        if path.is_dir():
            raise FactFileError("is a directory, not a fact base file", file=name)
        with path.open("rb") as stream:
            data = stream.read(MAX_FILE_BYTES + 1)
    except FileNotFoundError:
        raise FactFileError("no such file", file=name) from None
    except OSError as error:
        raise FactFileError(f"cannot read: {error.strerror}", file=name) from None
    if len(data) > MAX_FILE_BYTES:
        raise FactFileError(f"file is larger than {MAX_FILE_BYTES // 2**20} MiB", file=name)
    if not data.strip():
        raise FactFileError("file is empty", file=name)
    try:
        # A byte-order mark is accepted and ignored, as TOML editors may write one.
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise FactFileError(
            f"not UTF-8 text (byte 0x{data[error.start]:02x})", file=name, line=line
        ) from None


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
    try:
        document = Document.model_validate(raw)
    except ValidationError as error:
        raise _schema_error(error, raw, name, key_lines(text)) from None
    count = sum(len(getattr(document, kind)) for kind in KINDS)
    if count > MAX_ENTRIES:
        raise SchemaError(f"{count} entries: more than the limit of {MAX_ENTRIES}", file=name)
    if not document.checks:
        raise SchemaError("no [checks.*] entries: there is nothing to verify", file=name)
    return FactBase(
        path=name, article=document.article, units=document.units, claims=document.claims,
        references=document.references, derivations=document.derivations,
        checks=document.checks, text=text,
    )


_RECORDS: dict[str, type[BaseModel]] = {
    "article": Article, "claims": Claim, "references": Reference,
    "derivations": Derivation, "checks": Check,
}


def _schema_error(
    error: ValidationError, raw: dict[str, Any], name: str, lines: Mapping[str, int]
) -> SchemaError:
    first = error.errors(include_url=False)[0]
    path = _data_path(first["loc"], raw)
    entry = ".".join(path)
    kind = first["type"]
    if kind == "missing":
        message = "missing required field"
    elif kind == "extra_forbidden":
        message = "unknown field" + _suggest(path, raw)
    else:
        message = first["msg"].removeprefix("Value error, ")
        bad = first.get("input")
        if kind != "value_error" and isinstance(bad, (str, int, float, bool)):
            message += f" (got {bad!r:.60})"
    return SchemaError(message, file=name, entry=entry, line=line_of(lines, entry))


def _data_path(loc: tuple[int | str, ...], raw: Any) -> list[str]:
    """The part of pydantic's error location that names keys of the file
    (pydantic appends the names of union members, which the user never wrote)."""
    path: list[str] = []
    node = raw
    for part in loc:
        if not isinstance(node, dict):
            break
        path.append(str(part))
        if part not in node:
            break
        node = node[part]
    return path


def _suggest(path: list[str], raw: dict[str, Any]) -> str:
    kind = path[0] if path else ""
    model = _RECORDS.get(kind, Document) if len(path) > 1 else Document
    close = difflib.get_close_matches(path[-1], list(model.model_fields), n=1)
    return f" (did you mean {close[0]!r}?)" if close else ""


def _check_ids(fact_base: FactBase) -> None:
    seen: dict[str, str] = {}
    for kind in KINDS:
        for entry_id in getattr(fact_base, kind):
            where = f"{kind}.{entry_id}"
            if not ID_PATTERN.fullmatch(entry_id):
                raise fact_base.error(SchemaError(
                    "an id must be lowercase letters, digits and _, starting with a letter",
                    entry=where))
            if entry_id in seen:
                raise fact_base.error(SchemaError(
                    f"id {entry_id!r} is already used by {seen[entry_id]}.{entry_id}",
                    entry=where))
            seen[entry_id] = kind


_TABLE = re.compile(r"^[ \t]*\[[ \t]*([^\[\]\n]+?)[ \t]*\]", re.MULTILINE)


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
