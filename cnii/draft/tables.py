"""Where a fact base's text defines its units, found as TOML reads the text:
what ``--into`` needs to add units to a text it keeps byte for byte.

A scanner of TOML's statements (each header, each key and where its value
ends; strings, comments and arrays are tokens or skipped whole), so that a
units table written ``[ units ]``, ``["units"]``, as dotted keys
(``units.project = "count"``) or inline (``units = { ... }``), in any
order among the tables, is found, and a ``[units]`` inside a multi-line
string is not."""

from __future__ import annotations

import re
from collections.abc import Iterator
from typing import NamedTuple

_TOKEN = re.compile(
    r'"""(?:[^"\\]|\\[\s\S]|"{1,2}(?!"))*"{3,5}'  # a multi-line string, with its escapes
    r"|'''(?:[^']|'{1,2}(?!'))*'{3,5}"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'[^'\n]*'"
    r"|#[^\n]*"
    r"|[\[\]{}=.,\n]"
    r"|[^\s\"'#\[\]{}=.,\ufeff]+"  # a bare key, or a value's number, date or word (no BOM)
)


class Statement(NamedTuple):
    """A header (``key`` False) or a key and its value, by its dotted path
    from the top, with where its value ends and where its line does."""

    key: bool
    path: tuple[str, ...]
    value_end: int
    line_end: int


def with_units(text: str, names: list[str]) -> str:
    """``text`` (ending in a line break) with a unit ``name = "count"`` for
    each of ``names`` added at the end of its units table, however that is
    written, or in a new ``[units]`` table at the end."""
    statements = list(_statements(text))
    header = [s for s in statements if not s.key and s.path == ("units",)]
    keys = [s for s in statements if s.key and s.path[:1] == ("units",)]
    if header:  # after its last unit, or after the header itself
        at = (keys or header)[-1].line_end
        return text[:at] + _lines(names) + text[at:]
    if keys and len(keys[-1].path) == 1:  # units = { project = "count" }
        closing = keys[-1].value_end - 1
        at = len(text[:closing].rstrip())
        pairs = ", ".join(f'{name} = "count"' for name in names)
        return text[:at] + ("" if text[at - 1] == "{" else ", ") + pairs + text[at:]
    if keys:  # units.project = "count", at the top
        at = keys[-1].line_end
        return text[:at] + _lines(names, "units.") + text[at:]
    return text + "\n[units]\n" + _lines(names)


def _lines(names: list[str], prefix: str = "") -> str:
    return "".join(f'{prefix}{name} = "count"  # check: added by cnii draft\n' for name in names)


def _statements(text: str) -> Iterator[Statement]:
    """The headers and keys of a TOML text that loads, in order."""
    tokens = [(m.group(), m.end()) for m in _TOKEN.finditer(text) if not m.group().startswith("#")]
    table: tuple[str, ...] = ()
    at = 0
    while at < len(tokens):
        token = tokens[at][0]
        if token == "\n":
            at += 1
        elif token == "[":  # a header; [[...]], an array of tables, holds no units
            array = tokens[at + 1][0] == "["
            path, at = _path(tokens, at + 1 + array)
            table = path
            at += 1 + array
            yield Statement(False, path, tokens[at - 1][1], _line_end(tokens, at, text))
        else:
            path, at = _path(tokens, at)
            depth, at = 0, at + 1  # past the "="
            while at < len(tokens) and (depth or tokens[at][0] != "\n"):
                depth += {"[": 1, "{": 1, "]": -1, "}": -1}.get(tokens[at][0], 0)
                at += 1
            yield Statement(True, table + path, tokens[at - 1][1], _line_end(tokens, at, text))


def _path(tokens: list[tuple[str, int]], at: int) -> tuple[tuple[str, ...], int]:
    """A dotted key (``claims . "x"``) from ``tokens[at]``, and where it ends."""
    path = [_key(tokens[at][0])]
    at += 1
    while tokens[at][0] == ".":
        path.append(_key(tokens[at + 1][0]))
        at += 2
    return tuple(path), at


def _key(token: str) -> str:
    if token[:1] not in ("'", '"'):
        return token
    import rtoml

    return str(rtoml.loads(f"key = {token}")["key"])  # a quoted key, as TOML reads it


def _line_end(tokens: list[tuple[str, int]], at: int, text: str) -> int:
    """Where the line of ``tokens[at]`` (a line break, or none at the end) ends."""
    return tokens[at][1] if at < len(tokens) else len(text)
