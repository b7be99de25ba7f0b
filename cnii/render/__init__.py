"""Everything cnii prints: a rich table for people, tab-separated text for
pipelines, JSON for programs, and formats for CI. No other module writes
output or imports rich.

``REPORTERS[command][format]`` names the function that renders a command's
result in a format, as ``module:function`` so that each command imports only
its own renderer. Every reporter is called as ``reporter(result, stream)``.
Adding a format is adding a function and a row here.
"""

from __future__ import annotations

import enum
import importlib
from collections.abc import Callable
from typing import IO, Any


class Format(enum.StrEnum):
    AUTO = "auto"  # table on a terminal, text when piped
    TABLE = "table"
    TEXT = "text"
    JSON = "json"
    GITHUB = "github"
    JUNIT = "junit"
    MARKDOWN = "markdown"
    HTML = "html"


_PLAIN = (Format.TABLE, Format.TEXT, Format.JSON)

REPORTERS: dict[str, dict[Format, str]] = {
    "check": {
        Format.TABLE: "checks:check_table",
        Format.TEXT: "checks:check_text",
        Format.JSON: "checks:check_json",
        Format.GITHUB: "ci:check_github",
        Format.JUNIT: "ci:check_junit",
        Format.MARKDOWN: "ci:check_markdown",
        Format.HTML: "html:check_html",
    },
    "derive": dict(
        zip(_PLAIN, ("derive:trace_table", "derive:trace_text", "derive:trace_json"), strict=True)
    ),
    "derivations": dict(
        zip(
            _PLAIN,
            ("derive:derivations_table", "derive:derivations_text", "derive:derivations_json"),
            strict=True,
        )
    ),
    "explain": dict(
        zip(
            _PLAIN,
            ("explain:explain_table", "explain:explain_text", "explain:explain_json"),
            strict=True,
        )
    ),
    "coverage": dict(
        zip(
            _PLAIN,
            ("coverage:coverage_table", "coverage:coverage_text", "coverage:coverage_json"),
            strict=True,
        )
    ),
    "refs": dict(zip(_PLAIN, ("refs:refs_table", "refs:refs_text", "refs:refs_json"), strict=True)),
    "series": dict(
        zip(_PLAIN, ("refs:series_table", "refs:series_text", "refs:series_json"), strict=True)
    ),
}


def formats(command: str) -> list[str]:
    """The formats a command offers, ``auto`` first."""
    return [Format.AUTO.value, *(f.value for f in REPORTERS[command])]


def resolve(format_: Format, stream: IO[str]) -> Format:
    """``auto`` as table on a terminal and text elsewhere; any other as it is."""
    if format_ is not Format.AUTO:
        return format_
    return Format.TABLE if stream.isatty() else Format.TEXT


def reporter(command: str, format_: Format) -> Callable[[Any, IO[str]], None]:
    """The function that renders ``command``'s result in ``format_``."""
    module, function = REPORTERS[command][format_].split(":")
    found: Callable[[Any, IO[str]], None] = getattr(
        importlib.import_module(f"cnii.render.{module}"), function
    )
    return found


def render(command: str, format_: Format, result: object, stream: IO[str]) -> None:
    """Render ``result`` of ``command`` to ``stream``."""
    reporter(command, resolve(format_, stream))(result, stream)
