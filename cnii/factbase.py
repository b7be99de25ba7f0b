"""Find, read and validate a fact base into frozen records.

The fact base is read once, here. Unknown keys are errors (a typo must not
silently pass), and every error names the file, the entry and, where it can
be found, the line.
"""

from __future__ import annotations

import datetime
import functools
import os
import re
from collections.abc import Iterable, Mapping
from functools import cached_property
from importlib import resources
from pathlib import Path
from typing import Any, TypeVar

from cnii import series
from cnii.errors import CniiError, Collector, FactFileError, SchemaError, printable
from cnii.files import protect, read_text
from cnii.frozen import field, frozen, replace
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


@frozen(slots=False)  # its lines are cached properties
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
    # where the entries and units brought in by ``include`` come from: each
    # entry's dotted key ("references.x", "units.y") -> its file
    origins: Mapping[str, Source] = field(default_factory=dict, repr=False)
    # entries a series made: their dotted key -> the key whose line they show
    placed: Mapping[str, tuple[str, ...]] = field(default_factory=dict, repr=False)
    # the path as given, not as shown: what includes and the article are
    # relative to (a shown name has its control characters escaped)
    location: str = field(default="", repr=False)

    @property
    def article_path(self) -> str | None:
        """The file ``[article] source`` names, relative to the fact base."""
        if self.article is None or self.article.source is None:
            return None
        return str(Path(os.path.dirname(self.location or self.path)) / self.article.source)

    @property
    def files(self) -> tuple[str, ...]:
        """This file and every file it includes."""
        return (self.path, *dict.fromkeys(source.path for source in self.origins.values()))

    def file_of(self, key: str) -> str:
        """The file a dotted key comes from."""
        source = self.origins.get(".".join(key.split(".", 2)[:2]))
        return self.path if source is None else source.path

    @cached_property
    def tables(self) -> dict[str, int]:
        """The line of each table header: what reports need, found quickly."""
        return table_lines(self.text)

    @cached_property
    def lines(self) -> dict[str, int]:
        """The line of every table and key: what errors need, found on demand."""
        return key_lines(self.text)

    def line(self, key: str) -> int | None:
        """The line of a dotted key, or of its nearest enclosing table, in
        the file it comes from."""
        prefix = ".".join(key.split(".", 2)[:2])
        source = self.origins.get(prefix)
        if source is not None:
            return line_of(source.lines, key)
        if prefix in self.placed:  # made by a series: the line of its value
            key = series.line_in(self.lines, self.placed[prefix], key[len(prefix) :])
            return line_of(self.lines, key)
        if key in self.tables:
            return self.tables[key]
        if "lines" not in self.__dict__:  # one key: a scan that ends where it is found
            found = key_lines(self.text, (key,))
            if key in found:
                return found[key]
            self.__dict__["lines"] = found  # not found: the scan read the whole file
        return line_of(self.lines, key)

    def error(self, kind: type[E], message: str, entry: str) -> E:
        """An input error of ``kind`` about ``entry``, placed in its file."""
        return kind(message, file=self.file_of(entry), entry=entry, line=self.line(entry))

    def kind_of(self, entry_id: str) -> str | None:
        for kind in KINDS:
            if entry_id in getattr(self, kind):
                return kind
        return None


@frozen(slots=False)  # its lines are a cached property
class Source:
    """A file that ``include`` brought in."""

    path: str
    text: str = field(repr=False)

    @cached_property
    def lines(self) -> dict[str, int]:
        return key_lines(self.text)


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
    fact_base = parse(read_text(str(path), "fact base"), printable(name, MAX_PATH_SHOWN), str(path))
    if fact_base.article_path is not None:  # never written over, read or not
        protect(fact_base.article_path)
    return fact_base


def parse(text: str, name: str, location: str | None = None) -> FactBase:
    """Validate a fact base's text; ``name`` is the file it came from, as
    shown, and ``location`` its path (default: ``name``)."""
    # unindented headers: a cap, counted at the speed of memory
    headers = text.count("\n[") + text.startswith("[")
    if headers > MAX_HEADERS:  # refused before the parse, which is the slow part of it
        raise FactFileError(
            f"{headers:,} table headers: more than a fact base of {MAX_ENTRIES:,} entries has",
            file=name,
        )
    fact_base = _validate(_toml(text, name), name, text, location or name)
    return fact_base if location is None else replace(fact_base, location=location)


# A table per entry, per series and per period a check overrides, with room:
# 1.5 million empty tables took 1.4 s to parse only to be refused.
MAX_HEADERS = 2 * MAX_ENTRIES + 1000


def _toml(text: str, name: str) -> dict[str, Any]:
    import rtoml

    try:
        raw: dict[str, Any] = rtoml.loads(text)
    except rtoml.TomlParsingError as error:
        raise _toml_error(str(error), name) from None
    return raw


_TOML_POSITION = re.compile(r"\s*at line (\d+) column (\d+)$")


def _toml_error(message: str, name: str) -> FactFileError:
    message = " ".join(message.split())
    match = _TOML_POSITION.search(message)
    if match is None:
        return FactFileError(f"invalid TOML: {message}", file=name)
    line, column = int(match.group(1)), int(match.group(2))
    reason = message[: match.start()]
    return FactFileError(f"invalid TOML at column {column}: {reason}", file=name, line=line)


def _validate(raw: dict[str, Any], name: str, text: str, location: str) -> FactBase:
    errors = Collector()
    origins: dict[str, Source] = {}
    placed: dict[str, tuple[str, ...]] = {}
    try:
        _include(raw, name, location, text, origins, errors, [], set())
        placed = series.expand(raw)
        fact_base = _records(raw, name, text, errors)
    except SchemaError as error:
        errors.add(error)
    if errors.errors:
        entries = [found.entry for found in errors.errors if found.entry]
        plain = not any(".".join(e.split(".", 2)[:2]) in placed for e in entries)
        # the lines of these entries only (a series looks at several keys)
        lines = key_lines(text, entries if plain else ()) if entries else {}
        located = Collector()
        for found in errors.errors:
            if found.file is not None:  # placed already (an included file)
                located.add(found)
                continue
            entry = found.entry or ""
            prefix = ".".join(entry.split(".", 2)[:2])
            source = origins.get(prefix)
            if source is not None:
                file, line = source.path, line_of(source.lines, entry)
            elif prefix in placed:
                file = name
                line = line_of(lines, series.line_in(lines, placed[prefix], entry[len(prefix) :]))
            else:
                file, line = name, line_of(lines, entry)
            located.add(type(found)(found.message, file=file, entry=entry, line=line))
        located.more = errors.more
        located.raise_any()
    if origins or placed:
        return replace(fact_base, origins=origins, placed=placed)
    return fact_base


MAX_INCLUDES = 100
MAX_INCLUDE_DEPTH = 8
# What an included file may hold: shared references and their units.
_INCLUDABLE = ("include", "references", "units")


def _include(
    raw: dict[str, Any],
    name: str,
    location: str,
    text: str,
    origins: dict[str, Source],
    errors: Collector,
    stack: list[str],
    done: set[str],
) -> None:
    """Merge the references and units of every file ``raw`` includes (and
    that they include) into ``raw``, noting where each came from. Paths are
    relative to the including file; a cycle, a missing file, a table an
    included file may not hold, and an id or unit defined twice are errors
    that name both files. ``name`` is the including file as shown,
    ``location`` its path."""
    include = raw.pop("include", None)
    if include is None:
        return
    if not isinstance(include, list) or not all(isinstance(p, str) for p in include):
        raise SchemaError("must be a list of file paths", entry="include")
    if len(include) > MAX_INCLUDES:
        raise SchemaError(f"more than {MAX_INCLUDES} files", entry="include")
    lines = key_lines(text)

    def fail(message: str) -> SchemaError:
        return SchemaError(message, file=name, entry="include", line=line_of(lines, "include"))

    here = os.path.realpath(location) if os.path.exists(location) else location
    for relative in include:
        if "\0" in relative:  # the file system would refuse it with a ValueError
            errors.add(fail(f"cannot include {relative!r}: a path cannot hold a NUL character"))
            continue
        if relative.startswith(PACK_PREFIX):  # a reference pack cnii bundles
            path = _pack(relative[len(PACK_PREFIX) :])
            if path is None:
                known = ", ".join(PACKS)
                errors.add(fail(f"no reference pack {relative!r} (cnii bundles: {known})"))
                continue
            shown = relative
        else:
            path = os.path.normpath(os.path.join(os.path.dirname(location), relative))
            shown = printable(path, MAX_PATH_SHOWN)
        real = os.path.realpath(path)
        if real in (here, *stack):
            errors.add(fail(f"{relative!r} includes this file again: an include cycle"))
            continue
        if len(stack) >= MAX_INCLUDE_DEPTH:
            errors.add(fail(f"includes are nested more than {MAX_INCLUDE_DEPTH} deep"))
            continue
        if real in done:
            continue  # included already, by another path: its entries are in
        if len(done) >= MAX_INCLUDES:
            errors.add(fail(f"more than {MAX_INCLUDES} files are included in all"))
            return
        done.add(real)
        try:
            included_text = read_text(path, "included file")
            included = _toml(included_text, shown)
        except CniiError as error:
            errors.add(fail(f"cannot include {relative!r}: {error}"))
            continue
        source = Source(shown, included_text)
        for key in included:
            if key not in _INCLUDABLE:
                errors.add(
                    SchemaError(
                        "an included file holds only references, units and include",
                        file=shown,
                        entry=key,
                        line=line_of(source.lines, key),
                    )
                )
        _include(included, shown, path, included_text, origins, errors, [*stack, here], done)
        for kind in ("references", "units"):
            table = included.get(kind, {})
            if not isinstance(table, dict):
                continue
            target = raw.setdefault(kind, {})
            if not isinstance(target, dict):
                continue
            for key, value in table.items():
                where = f"{kind}.{key}"
                clash = _defined(raw, key) if kind == "references" else _unit(raw, key)
                if clash is not None:
                    first = origins.get(clash)
                    errors.add(
                        SchemaError(
                            f"{key!r} is already defined as {clash} in "
                            f"{first.path if first else name}",
                            file=shown,
                            entry=where,
                            line=line_of(source.lines, where),
                        )
                    )
                    continue
                target[key] = value
                origins[where] = source


# Reference packs: files of sourced figures that cnii bundles (cnii/packs),
# included as "cnii:NAME".
PACK_PREFIX = "cnii:"
PACKS = ("china",)


def _pack(name: str) -> str | None:
    if name not in PACKS:
        return None
    return str(resources.files("cnii").joinpath("packs", f"{name}.toml"))


@functools.cache
def pack_references(name: str) -> Mapping[str, Reference]:
    """The references of a bundled pack, by id (for cnii draft to name)."""
    path = _pack(name)
    assert path is not None, f"no pack {name}"
    return parse(read_text(path, "reference pack"), f"{PACK_PREFIX}{name}", path).references


def _defined(raw: Mapping[str, Any], entry_id: str) -> str | None:
    """The dotted key of the entry that already has this id, if any."""
    for kind in KINDS:
        table = raw.get(kind)
        if isinstance(table, dict) and entry_id in table:
            return f"{kind}.{entry_id}"
    return None


def _unit(raw: Mapping[str, Any], name: str) -> str | None:
    """The dotted key of the unit already defined with this name, if any."""
    units = raw.get("units")
    return f"units.{name}" if isinstance(units, dict) and name in units else None


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
        references=_looked_up(entries(raw, "references", Reference, errors), errors),
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


def _looked_up(references: dict[str, Reference], errors: Collector) -> dict[str, Reference]:
    """The references with each lookup filled: its value, the decimal step
    that holds the interval the source's published digits allow, its source,
    URL and note. (cnii/lookups.py reads the data only when a lookup asks.)"""
    asked = sum(reference.lookup is not None for reference in references.values())
    if not asked:
        return references
    from cnii import lookups

    if asked > lookups.MAX_LOOKUPS:
        message = f"{asked} lookups: more than the limit of {lookups.MAX_LOOKUPS} for one fact base"
        errors.add(SchemaError(message, entry="references"))
        return references

    filled = dict(references)
    for entry_id, reference in references.items():
        if reference.lookup is None:
            continue
        where = f"references.{entry_id}"
        try:
            day = datetime.date.fromisoformat(reference.date) if reference.date else None
        except ValueError:
            message = "a lookup's date is a day, such as 2024-12-31"
            errors.add(SchemaError(message, entry=f"{where}.date"))
            continue
        try:
            assert reference.series is not None  # the record's rule
            statistic = reference.statistic or "mean"
            found = lookups.ecb(reference.series, day, reference.period, where, statistic)
        except CniiError as error:
            errors.add(error)
            continue
        # in fixed notation: a range's midpoint of 1.31E+3 is written 1310
        point, step = (f"{x:f}" for x in lookups.as_figure(found))
        filled[entry_id] = replace(
            reference,
            value=f"{point} {found.unit}",
            precision=f"{step} {found.unit}",
            source=found.source,
            url=lookups.ECB_URL,
            note=found.note,
        )
    return filled


# One unambiguous pass: the name runs to the first "]", and _dotted strips
# its spaces. (Spaces matched both inside and around the name made the old
# pattern cubic on a line of "[" and spaces.) A header follows a line break:
# a literal the search skips to, where "^" made it try every character.
_TABLE = re.compile(r"\n[ \t]*\[([^\[\]\n]*)\]")


def table_lines(text: str) -> dict[str, int]:
    """The line of each ``[table]`` header, by its dotted name."""
    lines: dict[str, int] = {}
    text = "\n" + text  # the first line too follows a line break
    line, position = 0, 0
    for match in _TABLE.finditer(text):
        line += text.count("\n", position, match.start() + 1)
        position = match.start() + 1
        lines.setdefault(_dotted(match.group(1)), line)
    return lines


# bare keys and dots: a name that is its own dotted form
_PLAIN = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-.")


def key_lines(text: str, wanted: Iterable[str] = ()) -> dict[str, int]:
    """The line of each table header and key, as dotted keys: enough to
    point an error at ``[claims.core_output]`` or its ``value = ...``. Given
    ``wanted`` keys, the scan ends once it has found them all (an error in
    the first table of a 15 MB file needs no more).

    A line scan rather than a TOML parser with positions: keys inside
    multi-line strings may be picked up, but the first place of a key wins."""
    lines: dict[str, int] = {}
    missing = set(wanted)
    prefix = ""
    for number, line in enumerate(text.split("\n"), 1):
        head = line.lstrip()[:1]
        if head == "[":
            line = line.strip()
            if line[1:2] == "[" or "]" not in line:  # arrays of tables are not used
                continue
            name = line[1 : line.index("]")]
            table = _dotted(name)
            lines.setdefault(table, number)
            end = table.rfind(".")
            while end > 0:  # [a.b] also places a
                lines.setdefault(table[:end], number)
                end = table.rfind(".", 0, end)
            prefix = table + "."
            key = table
        elif head and head != "#" and "=" in line:
            key = line.split("=", 1)[0].strip()
            key = _dotted(key)
            key = prefix + key
            lines.setdefault(key, number)
        else:
            continue
        if missing:
            missing.discard(key)
            if not missing:
                break
    return lines


def line_of(lines: Mapping[str, int], key: str) -> int | None:
    """The line of a dotted key, or of its nearest enclosing table."""
    while key:
        if key in lines:
            return lines[key]
        key = key.rpartition(".")[0]
    return None


def _dotted(key: str) -> str:
    """A key or header name as dotted parts, without the spaces and quotes
    TOML allows around them; most names are plain, and already that."""
    if _PLAIN.issuperset(key):
        return key
    return ".".join(part.strip().strip("\"'") for part in key.split("."))
