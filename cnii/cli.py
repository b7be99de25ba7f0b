"""The command line: each command parses its options, calls one function of
the API, hands the result to a reporter and returns an exit code. ``main``
is the one place where errors become exit codes."""

from __future__ import annotations

import contextlib
import enum
import errno
import gc
import io
import os
import re
import signal
import sys
from typing import TYPE_CHECKING, Annotated, Any

import typer
import typer.core

from cnii import __version__
from cnii.errors import MAX_MESSAGE, CniiError, ExitCode, printable
from cnii.render import Format, formats

if TYPE_CHECKING:
    from cnii.draft.model import Draft


class _Command(typer.core.TyperCommand):
    """A command whose usage line reads as a person writes one:
    ``cnii check [OPTIONS] [FACTS...]``, ``cnii explain [OPTIONS] CHECK``
    (typer's own writes ``[[FACTS]...]...`` and ``{CHECK}``)."""

    def collect_usage_pieces(self, ctx: Any) -> list[str]:  # click's Context, vendored
        pieces = [self.options_metavar] if self.options_metavar else []
        for param in self.get_params(ctx):
            if isinstance(param, typer.core.TyperArgument):
                name = param.metavar or (param.name or "").upper()
                pieces.append(name if param.required else f"[{name}]")
        return pieces


app = typer.Typer(
    name="cnii",
    no_args_is_help=True,
    pretty_exceptions_enable=False,
    rich_markup_mode=None,
    context_settings={"help_option_names": ["-h", "--help"]},
)


def _format_help(command: str) -> str:
    return f"One of {', '.join(formats(command))}; auto is table on a terminal, text when piped."


FactsOption = Annotated[
    str | None,
    typer.Option(
        "--facts",
        "-f",
        metavar="PATH",
        help="Fact base to use. Default: ./facts.toml, else the bundled one.",
    ),
]
OutputOption = Annotated[
    str | None,
    typer.Option(
        "--output",
        "-o",
        metavar="FILE",
        help="Write the report to FILE (whole or not at all) instead of stdout.",
    ),
]


def _format_option(command: str) -> object:
    return typer.Option(
        "--format", metavar="FORMAT", help=_format_help(command), show_default=False
    )


def _offered(command: str, format_: Format) -> None:
    if format_.value not in formats(command):
        raise typer.BadParameter(
            f"{command} does not offer {format_.value!r} (one of {', '.join(formats(command))})",
            param_hint="--format",
        )


def _report(command: str, format_: Format, result: object, output: str | None) -> None:
    """Render ``result`` to standard output or, whole or not at all, to
    ``output`` (never over a file this run read)."""
    from cnii.atomic_write import destination
    from cnii.render import render

    try:
        with destination(output) as stream:
            render(command, format_, result, stream)
            stream.flush()
    except BrokenPipeError:  # not an OSError past here: typer would make it exit 1
        raise _ReaderGone from None


def _merged(into: str, article: str, source: str) -> tuple[str, Draft, bool]:
    """The fact base at ``into`` with the article's new claims added, in its
    own byte-order mark and line endings, and whether anything was added.
    ``drafting.into`` loads and checks what it returns: never a broken file."""
    from cnii import draft as drafting
    from cnii.files import read_text

    existing = read_text(into, "fact base", keep_bom=True)
    bom = "\ufeff" if existing.startswith("\ufeff") else ""
    merged, result = drafting.into(existing.removeprefix(bom), into, article, source)
    if merged == existing.removeprefix(bom):
        return existing, result, False
    if "\r\n" in existing and "\n" not in existing.replace("\r\n", ""):  # CRLF throughout
        merged = _BARE_NEWLINE.sub("\r\n", merged)
    return bom + merged, result, True


_BARE_NEWLINE = re.compile(r"(?<!\r)\n")


def _utf8(name: str) -> bool:
    """Whether a name (a path read through the file system's encoding) is
    UTF-8 text, which TOML can hold."""
    try:
        name.encode("utf-8")
    except UnicodeEncodeError:
        return False
    return True


def _to_standard_output(output: str | None) -> bool:
    from cnii.atomic_write import STANDARD_OUTPUT

    return output is None or output in STANDARD_OUTPUT


class _ReaderGone(Exception):
    """Standard output was closed by its reader (``cnii check | head``)."""


def _complete(context: typer.Context, incomplete: str, kind: str) -> list[str]:
    """The derivations or checks of the fact base in use, for the shell's
    completion: --facts if given so far, else the one discovery finds."""
    from cnii.factbase import load

    try:
        fact_base = load(context.params.get("facts"))
    except Exception:  # completing a word must never break the shell
        return []
    names: dict[str, object] = getattr(fact_base, kind)
    wanted = incomplete.replace("-", "_")
    found = [name for name in names if name.startswith(wanted)]
    # Offered as typed: the shell keeps only what starts with the word so far.
    return [name.replace("_", "-") for name in found] if "-" in incomplete else found


def _version(value: bool) -> None:
    if value:
        typer.echo(f"cnii {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool,
        typer.Option(
            "--version", callback=_version, is_eager=True, help="Show the version and exit."
        ),
    ] = False,
) -> None:
    """Check the numbers in a news article against each other and against
    sourced reference figures."""


@app.command(cls=_Command)
def check(
    files: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="FACTS...",
            help="Fact bases to check, as pre-commit passes them.",
            show_default=False,
        ),
    ] = None,
    facts: Annotated[
        list[str] | None,
        typer.Option(
            "--facts",
            "-f",
            metavar="PATH",
            show_default=False,
            help="A fact base to check (repeatable). Default: ./facts.toml, else the bundled one.",
        ),
    ] = None,
    format_: Annotated[Format, _format_option("check")] = Format.AUTO,
    output: OutputOption = None,
    strict: Annotated[
        bool,
        typer.Option(
            "--strict",
            help="Also fail on every inconsistency (even an expected one), "
            "every proposed check and every warning.",
        ),
    ] = False,
    explain: Annotated[
        bool,
        typer.Option(
            "--explain",
            help="With --format json: add each inconsistent check's findings "
            "(as cnii explain gives them).",
        ),
    ] = False,
) -> int:
    """Run every check of the fact base (or of each one given) and print a
    verdict for each."""
    from cnii import api

    _offered("check", format_)
    if explain and format_ is not Format.JSON:
        raise typer.BadParameter(
            "adds findings to --format json; for reading, use cnii explain CHECK",
            param_hint="--explain",
        )
    paths: list[str | None] = [*(facts or []), *(files or [])] or [None]
    gates, code = [], ExitCode.OK
    for path in paths:  # an unusable fact base does not stop the others
        try:
            gates.append(api.gate(api.check(path, explain=explain), strict))
        except CniiError as error:
            _say(error)
            code = ExitCode.INPUT_ERROR
    if code is ExitCode.OK or _to_standard_output(output):
        _report("check", format_, gates, output)  # no report file from unusable input
    warnings = []
    for gate in gates:
        fact_base = gate.report.fact_base
        for notice in gate.report.notices:
            line = fact_base.line(notice.entry)
            where = fact_base.path if line is None else f"{fact_base.path}:{line}"
            warning = printable(f"{where}: {notice.entry}: {notice.message}", MAX_MESSAGE)
            warnings.append(f"cnii: warning: {warning}\n")
    sys.stderr.write("".join(warnings))  # at once: a write per line costs a call each
    failed = any(not gate.passed for gate in gates)
    return code if code is not ExitCode.OK else ExitCode.GATE_FAILED if failed else code


@app.command(cls=_Command)
def derive(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="NAME",
            help="Derivation to show (prior-year and prior_year are the same). "
            "Without it, list them.",
            autocompletion=lambda ctx, incomplete: _complete(ctx, incomplete, "derivations"),
        ),
    ] = None,
    facts: FactsOption = None,
    format_: Annotated[Format, _format_option("derive")] = Format.AUTO,
    output: OutputOption = None,
) -> int:
    """Show one derivation step by step, and the checks it takes part in."""
    from cnii import api

    _offered("derive", format_)
    if name is None:
        evaluation = api.evaluate(facts)
        _report("derivations", format_, evaluation, output)
    else:
        report = api.check(facts)
        _report("derive", format_, api.derive(report, name), output)
    return ExitCode.OK


@app.command("explain", cls=_Command)
def explain_(
    name: Annotated[
        str,
        typer.Argument(
            metavar="CHECK",
            help="The check to explain (hyphens and underscores alike).",
            autocompletion=lambda ctx, incomplete: _complete(ctx, incomplete, "checks"),
        ),
    ],
    facts: FactsOption = None,
    format_: Annotated[Format, _format_option("explain")] = Format.AUTO,
    output: OutputOption = None,
) -> int:
    """Explain one check: what lies behind each side, what each input would
    have to be for it to hold, and which other entry may have been meant."""
    from cnii import api

    _offered("explain", format_)
    report = api.check(facts)
    _report("explain", format_, api.explain(report, name), output)
    return ExitCode.OK


@app.command(cls=_Command)
def coverage(
    source: Annotated[
        str | None,
        typer.Option(
            "--source",
            "-s",
            metavar="ARTICLE",
            help="The article's text (UTF-8). Default: the fact base's [article] source.",
        ),
    ] = None,
    facts: FactsOption = None,
    format_: Annotated[Format, _format_option("coverage")] = Format.AUTO,
    output: OutputOption = None,
) -> int:
    """List every number phrase of the article and the claim that covers it;
    fail (exit 1) when a claim's printed figure is not in the text."""
    from cnii import api

    _offered("coverage", format_)
    found = api.coverage(facts, source)
    _report("coverage", format_, found, output)
    return ExitCode.OK if found.passed else ExitCode.GATE_FAILED


@app.command(cls=_Command)
def draft(
    article: Annotated[str, typer.Argument(metavar="ARTICLE", help="The article's text (UTF-8).")],
    output: OutputOption = None,
    into: Annotated[
        str | None,
        typer.Option(
            "--into",
            metavar="FACTS",
            help="Add to this fact base only what it does not cover yet, keeping its text.",
        ),
    ] = None,
    force: Annotated[
        bool, typer.Option("--force", help="Write --output over an existing file.")
    ] = False,
) -> int:
    """Draft a fact base from an article: a claim for every number phrase,
    the relations between them, placeholders for what must be looked up."""
    from cnii import draft as drafting
    from cnii.atomic_write import destination
    from cnii.errors import OutputError
    from cnii.files import locked, read_text, same_file

    text = read_text(article, "article")
    if not _utf8(article):
        raise OutputError(
            "the article's file name is not UTF-8, which a fact base cannot name: rename it",
            file=article,
        )
    to_file = not _to_standard_output(output)
    if output is not None and to_file and os.path.lexists(output) and not force:
        raise OutputError("exists: write over it with --force", file=output)
    written = output if output is not None and to_file else into
    source = os.path.relpath(article, os.path.dirname(written or ".") or ".")
    if into is None:
        result = drafting.draft(text, source)
        with destination(output) as stream:
            toml = drafting.to_toml(result)
            stream.write(drafting.settled(toml, output or "draft.toml", article=article))
    else:
        if same_file(article, into):
            raise OutputError("is the article as well: draft into another file", file=into)
        with locked(into):  # a second run waits, then adds to what this one wrote
            merged, result, added = _merged(into, text, source)
            if added or output is not None:  # nothing to add: the fact base is not touched
                with destination(output if output is not None else into, edits=into) as stream:
                    stream.write(merged)
    relations = len(result.proposed)  # each a derivation, placeholder and check together
    skipped = ", ".join(f"{n} {why}" for why, n in result.skipped.most_common()) or "none"
    looked = f", {result.looked_up} looked up by cnii" if result.looked_up else ""
    print(
        f"cnii draft: {len(result.claims)} claims, {relations} relations, "
        f"{result.placeholders} placeholder{'' if result.placeholders == 1 else 's'} to look up"
        f"{looked}; skipped: {skipped}",
        file=sys.stderr,
    )
    return ExitCode.OK


@app.command(cls=_Command)
def refs(
    name: Annotated[
        str | None,
        typer.Argument(
            metavar="SERIES",
            help="A series to show with the source of each figure (nbs_gdp, "
            "cnii:china/nbs_gdp, or an exchange rate such as USD/CNY). Without it, "
            "list them.",
            show_default=False,
        ),
    ] = None,
    pulled: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="SOURCE KEY",
            help="With pull: an SDMX source sdmx1 knows (ECB, WB_WDI, IMF, ESTAT, OECD, "
            "UNSD, ...) and a dataflow with a series key (EXR/M.USD.EUR.SP00.A): write "
            "a pack of that series (pip install 'cnii[pull]'; the network is used).",
            show_default=False,
        ),
    ] = None,
    format_: Annotated[Format, _format_option("refs")] = Format.AUTO,
    output: OutputOption = None,
    recorded: Annotated[
        str | None,
        typer.Option(
            "--file", metavar="FILE", help="pull: read a recorded SDMX response, not the network."
        ),
    ] = None,
    unit: Annotated[
        str | None,
        typer.Option(
            "--unit", metavar="UNIT", help="pull: the series' unit, where it states none."
        ),
    ] = None,
) -> int:
    """List the reference data cnii bundles (packs of sourced figures and
    the exchange rates it looks up offline), or show one series; or pull a
    pack from an official source: cnii refs pull SOURCE KEY."""
    from cnii import refs as data

    if name == "pull":
        if pulled is None or len(pulled) != 2:
            raise typer.BadParameter("pull takes SOURCE and KEY", param_hint="SOURCE KEY")
        from cnii.atomic_write import destination
        from cnii.pull import pull

        source, key = pulled
        pack = pull(source, key, recorded, unit)
        with destination(output) as stream:
            stream.write(pack)
        return ExitCode.OK
    if pulled or recorded is not None or unit is not None:
        raise typer.BadParameter("SOURCE, KEY, --file and --unit go with pull only")
    _offered("refs", format_)
    if name is None:
        _report("refs", format_, data.listing(), output)
    else:
        _report("series", format_, data.series(name), output)
    return ExitCode.OK


class ScanFormat(enum.StrEnum):
    AUTO = "auto"  # table on a terminal, JSON Lines when piped
    TABLE = "table"
    JSONL = "jsonl"
    HTML = "html"


def _field_option(part: str, defaults: str) -> object:
    return typer.Option(
        f"--{part}-field",
        metavar="NAME",
        show_default=False,
        help=f"JSON Lines: the field holding the article's {part} (default: {defaults}).",
    )


@app.command(cls=_Command)
def scan(
    paths: Annotated[
        list[str],
        typer.Argument(
            metavar="PATH...",
            help="Articles: text files, directories of them (recursively), JSON Lines "
            "archives (.jsonl, .ndjson), or - for standard input.",
            show_default=False,
        ),
    ],
    format_: Annotated[
        ScanFormat,
        typer.Option(
            "--format",
            metavar="FORMAT",
            show_default=False,
            help="One of auto, table, jsonl, html; auto is table on a terminal, jsonl when piped.",
        ),
    ] = ScanFormat.AUTO,
    output: Annotated[
        str | None,
        typer.Option(
            "--output",
            "-o",
            metavar="DIR",
            help="Write every record (records.jsonl), each article's text, draft fact "
            "base and page, and index.html into DIR.",
        ),
    ] = None,
    resume: Annotated[
        bool, typer.Option("--resume", help="Skip the articles DIR's records already hold.")
    ] = False,
    force: Annotated[
        bool, typer.Option("--force", help="Start again in a DIR that holds a scan.")
    ] = False,
    jobs: Annotated[
        int | None,
        typer.Option(
            "--jobs",
            "-j",
            metavar="N",
            min=1,
            max=512,
            show_default=False,
            help="Articles scanned at once, a process each (default: the machine's cores).",
        ),
    ] = None,
    dask: Annotated[
        str | None,
        typer.Option(
            "--dask",
            metavar="ADDRESS",
            help="Scan on the Dask scheduler at ADDRESS (pip install 'cnii[dask]').",
        ),
    ] = None,
    text_field: Annotated[str | None, _field_option("text", "text, content, body")] = None,
    id_field: Annotated[str | None, _field_option("id", "id, uuid, url")] = None,
    date_field: Annotated[str | None, _field_option("date", "date, published")] = None,
    url_field: Annotated[str | None, _field_option("url", "url, link")] = None,
) -> int:
    """Scan an archive: draft and check every article, and list those whose
    numbers do not add up (exit 1 if any does)."""
    from cnii import scan as scanning
    from cnii.errors import OutputError

    form = format_.value
    if form == "auto":
        form = "table" if sys.stdout.isatty() else "jsonl"
    if form == "html" and output is None:
        raise OutputError("--format html links each article's page in --output DIR: name it")
    if resume and force:
        raise typer.BadParameter("--resume and --force cannot go together", param_hint="--resume")
    fields = scanning.Fields(text_field, id_field, date_field, url_field)
    how = scanning.Run(sys.stdout, form, output, resume, force, sys.stderr.isatty())
    return scanning.run(paths, how, fields, jobs or _cores(), dask)


def _cores() -> int:
    """The cores this process may run on (a container's share, not the host's)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


@app.command(cls=_Command)
def schema() -> int:
    """Print the JSON Schema of a fact base (for editors: #:schema in facts.toml)."""
    import json

    from cnii.records import json_schema

    typer.echo(json.dumps(json_schema(), indent=2, ensure_ascii=False))
    return ExitCode.OK


def _say(error: object) -> None:
    """An error as one line on standard error (several errors of one fact
    base: a line each)."""
    for line in str(error).split("\n"):
        print(f"cnii: error: {line}", file=sys.stderr)


def _usage(error: typer.TyperException) -> str:
    """A usage error as one line, with the help to read."""
    message = " ".join(error.format_message().split()).replace("Value error, ", "")
    message = printable(message, MAX_MESSAGE)
    context = getattr(error, "ctx", None)
    command = getattr(context, "command_path", None) or "cnii"
    return f"{message} (see {command} --help)"


def main(argv: list[str] | None = None) -> int:
    """Run the command line on ``argv`` (default: the process's arguments)
    and return the exit code: the one place where errors become exit codes."""
    # A run builds many small acyclic records and then exits. Freezing what
    # start-up created and collecting less often saves 8 % at 10,000 entries
    # (1.50 s -> 1.34 s) at the same peak memory.
    gc.freeze()
    gc.set_threshold(100_000, 20, 100)
    try:
        if argv is None:
            # Until here Ctrl-C ended the run at once (cnii/__init__.py); from
            # here it raises KeyboardInterrupt, which this try ends with 130,
            # so that a report half written is removed.
            signal.signal(signal.SIGINT, signal.default_int_handler)
        return _main(sys.argv[1:] if argv is None else argv)
    except KeyboardInterrupt:
        return ExitCode.INTERRUPTED
    finally:
        # Ctrl-C after this, while the interpreter shuts down, would print
        # "Exception ignored in: <module 'threading'>": end quietly instead.
        if argv is None:
            signal.signal(signal.SIGINT, _interrupted)


def _interrupted(number: int, frame: object) -> None:
    os._exit(ExitCode.INTERRUPTED)


def _main(args: list[str]) -> int:
    from cnii.files import forget_reads

    forget_reads()  # what this run reads, it never writes over
    _sane_environment()
    if sys.stdout is None:  # started with standard output closed (>&-)
        sys.stdout = _Closed()
    if sys.stderr is None:
        sys.stderr = open(os.devnull, "w")  # noqa: SIM115  # nowhere to say anything
    if not args and "_CNII_COMPLETE" not in os.environ:  # not the shell completing
        # A command is needed: the help, on standard error, as a usage error.
        with contextlib.redirect_stdout(sys.stderr):
            app(args=["--help"], prog_name="cnii", standalone_mode=False)
        return ExitCode.INPUT_ERROR
    try:
        code = app(args=args, prog_name="cnii", standalone_mode=False)
        _flush_output()
    except CniiError as error:
        _say(error)
        return ExitCode.INPUT_ERROR
    except typer.TyperException as error:  # a usage error: one line, like every other
        _say(_usage(error))
        return ExitCode.INPUT_ERROR
    except (KeyboardInterrupt, typer.Abort):
        return ExitCode.INTERRUPTED
    except (BrokenPipeError, _ReaderGone):
        # The reader went away (``cnii check | head``): not an error of ours.
        _silence_output()
        return ExitCode.BROKEN_PIPE
    except SystemExit:
        # click ends a broken pipe met in its own writing (--help, echo) with
        # exit 1, which here means "gate failed"; it wraps stdout as it does.
        if type(sys.stdout).__name__ != "PacifyFlushWrapper":
            raise
        sys.stdout = getattr(sys.stdout, "wrapped", sys.stdout)
        _silence_output()
        return ExitCode.BROKEN_PIPE
    except OSError as error:  # standard output full or closed, the directory gone, ...
        _say(printable(f"cannot {_doing(error)}: {error.strerror or error}", MAX_MESSAGE))
        _silence_output()
        return ExitCode.INPUT_ERROR
    return ExitCode.OK if code is None else int(code)


def _sane_environment() -> None:
    """Standard output and error that cannot fail on a character (an
    ISO-8859-1 locale, a file name that is not UTF-8: escapes instead), and
    a terminal width that rich and click can use (``COLUMNS=0`` is ignored)."""
    for stream in (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is not None:
            with contextlib.suppress(OSError, ValueError):
                reconfigure(errors="backslashreplace")
    for name in ("COLUMNS", "LINES"):
        value = os.environ.get(name)
        if value is not None and not (value.isascii() and value.isdigit() and int(value) > 0):
            del os.environ[name]


def _flush_output() -> None:
    """Write out what is buffered, so a full or closed standard output is an
    error here, while it can still be said, and not at exit."""
    sys.stdout.flush()


class _Closed(io.TextIOBase):
    """Standard output when there is none: a report to it is an error
    (a report to a file still works)."""

    def write(self, text: str) -> int:
        raise OSError(errno.EBADF, "standard output is closed")

    def isatty(self) -> bool:
        return False


def _doing(error: OSError) -> str:
    if error.errno in (errno.ENOSPC, errno.EBADF, errno.EIO, errno.EPIPE, errno.EDQUOT):
        return "write to standard output"
    return "run"


def _silence_output() -> None:
    """Standard output to /dev/null: what is left in its buffer cannot fail
    again as Python exits."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
