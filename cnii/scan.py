"""``cnii scan``: an archive of articles in, the articles whose numbers do
not add up out.

An archive is read lazily (``articles``) as plain-text files, directories
of them and JSON Lines files (one article per line). Each article is
scanned by ``scan_article``: drafted, its lookups filled, every check run
and every inconsistent one explained, into a record, a plain dictionary
that pickles and prints as one JSON line. ``scan_article`` is a pure
function of its argument, so the same archive gives the same records in
one process, in a pool of processes (``scan``) or on a Dask cluster.

Nothing an article holds stops a scan: an article that cannot be read or
drafted is a record with an ``error``.
"""

from __future__ import annotations

import contextlib
import hashlib
import io
import json
import math
import os
import re
import stat
import sys
import tempfile
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any, NamedTuple

from cnii.errors import CniiError, OutputError, printable

# A news article is tens of kilobytes; the drafter reads about 0.3 MB a
# second, so a megabyte is seconds and anything larger is not an article.
MAX_ARTICLE_BYTES = 1024 * 1024
# JSON Lines archives: the suffixes that mark one (else the first character).
JSONL_SUFFIXES = (".jsonl", ".ndjson")
# Where a JSON Lines article keeps its parts, the first field present wins.
DEFAULT_FIELDS = {
    "text": ("text", "content", "body", "article", "maintext"),
    "id": ("id", "uuid", "guid", "url"),
    "date": ("date", "published", "date_publish", "publish_date", "pub_date", "published_at"),
    "url": ("url", "link", "source_url"),
    "title": ("title", "headline"),
}


@dataclass(frozen=True)
class Article:
    """One article of an archive: its text, or why it has none (``error``)."""

    id: str
    source: str  # the file, and for a JSON Lines archive its line ("a.jsonl:12")
    text: str = ""
    date: str | None = None
    url: str | None = None
    title: str | None = None
    error: str | None = None


class Scanned(NamedTuple):
    """What scanning one article gives: its record, and with ``keep`` the
    draft fact base, the article as drafted and, if flagged, its page."""

    record: dict[str, Any]
    facts: str | None = None
    text: str | None = None
    page: str | None = None


@dataclass(frozen=True)
class Fields:
    """The JSON Lines fields an article's parts are read from (None: the
    first of DEFAULT_FIELDS present)."""

    text: str | None = None
    id: str | None = None
    date: str | None = None
    url: str | None = None


# ----------------------------------------------------------------- reading


def articles(paths: Sequence[str], fields: Fields = Fields()) -> Iterator[Article]:
    """Every article of ``paths`` in order: files as given, directories
    recursively in name order (hidden entries skipped), ``-`` standard
    input. What cannot be read is an Article with an error."""
    for path in paths:
        if path == "-":
            yield from _stream(sys.stdin.buffer, "-", fields)
            continue
        try:
            mode = os.stat(path).st_mode
        except OSError as error:
            yield _unreadable(path, f"cannot read: {error.strerror}")
            continue
        if stat.S_ISDIR(mode):
            yield from _directory(path, fields)
        else:
            yield from _file(path, fields)


def _directory(root: str, fields: Fields) -> Iterator[Article]:
    for folder, folders, names in os.walk(root, onerror=None, followlinks=False):
        folders[:] = sorted(name for name in folders if not name.startswith("."))
        for name in sorted(names):
            if not name.startswith("."):
                yield from _file(os.path.join(folder, name), fields)


def _file(path: str, fields: Fields) -> Iterator[Article]:
    try:
        mode = os.stat(path).st_mode
    except OSError as error:
        yield _unreadable(path, f"cannot read: {error.strerror}")
        return
    if not stat.S_ISREG(mode):  # a FIFO or a device would block or never end
        yield _unreadable(path, "is not a regular file")
        return
    if path.endswith(JSONL_SUFFIXES):
        try:
            with open(path, "rb") as stream:
                yield from _jsonl(stream, path, fields)
        except OSError as error:
            yield _unreadable(path, f"cannot read: {error.strerror}")
        return
    try:
        with open(path, "rb") as stream:
            data = stream.read(MAX_ARTICLE_BYTES + 1)
    except OSError as error:
        yield _unreadable(path, f"cannot read: {error.strerror}")
        return
    yield _text_article(path, data)


def _stream(stream: IO[bytes], name: str, fields: Fields) -> Iterator[Article]:
    """Standard input: JSON Lines if it starts with "{", else one article."""
    head = stream.read(1)
    while head and head.isspace():
        head = stream.read(1)
    if head == b"{":
        yield from _jsonl(stream, name, fields, head)
    else:
        yield _text_article(name, head + stream.read(MAX_ARTICLE_BYTES + 1 - len(head)))


def _text_article(source: str, data: bytes) -> Article:
    if len(data) > MAX_ARTICLE_BYTES:
        return _unreadable(source, f"is larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
    if b"\0" in data:
        return _unreadable(source, "is binary, not text")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        return _unreadable(source, f"is not UTF-8 text (byte 0x{data[error.start]:02x})")
    if not text.strip():
        return _unreadable(source, "is empty")
    return Article(source, source, text)


def _jsonl(stream: IO[bytes], name: str, fields: Fields, head: bytes = b"") -> Iterator[Article]:
    for number, line in enumerate(_lines(stream, head), 1):
        where = f"{name}:{number}"
        if line is None:
            yield _unreadable(where, f"line is larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
            continue
        if not line.strip():
            continue
        yield _json_article(line, where, fields)


def _lines(stream: IO[bytes], head: bytes = b"") -> Iterator[bytes | None]:
    """Each line (the first after ``head``, what was read of it already),
    or None for one longer than an article may be (read past in pieces,
    never held whole)."""
    while True:
        line = head + stream.readline(MAX_ARTICLE_BYTES + 1 - len(head))
        head = b""
        if not line:
            return
        if len(line) > MAX_ARTICLE_BYTES and not line.endswith(b"\n"):
            while True:  # the rest of the long line
                more = stream.readline(MAX_ARTICLE_BYTES)
                if not more or more.endswith(b"\n"):
                    break
            yield None
            continue
        yield line


def _json_article(line: bytes, where: str, fields: Fields) -> Article:
    try:
        item = json.loads(line)
    except (ValueError, RecursionError) as error:
        reason = error.msg if isinstance(error, json.JSONDecodeError) else "not JSON"
        return _unreadable(where, f"is not JSON: {reason}")
    if not isinstance(item, dict):
        return _unreadable(where, "is not a JSON object")
    text_field = _field(item, fields.text, "text")
    text = item.get(text_field) if text_field else None
    if not isinstance(text, str) or not text.strip():
        wanted = fields.text or " or ".join(repr(f) for f in DEFAULT_FIELDS["text"][:3])
        return _unreadable(where, f"has no text in {wanted}")
    if len(text.encode("utf-8", "surrogatepass")) > MAX_ARTICLE_BYTES:
        return _unreadable(where, f"text is larger than {MAX_ARTICLE_BYTES // 2**20} MiB")
    article_id = _text_of(item, _field(item, fields.id, "id")) or where
    title = _text_of(item, _field(item, None, "title"))
    return Article(
        article_id,
        where,
        text,
        date=_text_of(item, _field(item, fields.date, "date")),
        url=_text_of(item, _field(item, fields.url, "url")),
        title=title,
    )


def _field(item: dict[str, Any], given: str | None, part: str) -> str | None:
    if given is not None:
        return given if given in item else None
    return next((name for name in DEFAULT_FIELDS[part] if name in item), None)


def _text_of(item: dict[str, Any], name: str | None) -> str | None:
    value = item.get(name) if name else None
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        value = str(value)
    if not isinstance(value, str) or not value.strip():
        return None
    return " ".join(value.split())[:500]


def _unreadable(source: str, reason: str) -> Article:
    return Article(source, source, error=f"{source}: {reason}")


# ---------------------------------------------------------------- scanning


def scan_article(article: Article, keep: bool = False) -> Scanned:
    """Draft, look up, check and explain one article. With ``keep``, the
    draft's fact base and the article's text come back too, and the
    fact-check page of an article with an inconsistent check.

    A pure function of ``article``: what it reads beyond it is cnii's
    bundled data; it writes nothing that outlives it."""
    record: dict[str, Any] = {
        "id": article.id,
        "source": article.source,
        "date": article.date,
        "url": article.url,
    }
    if article.error is not None:
        return Scanned({**record, "error": printable(article.error, 500)})
    name = slug(article.id, article.source)
    text = _as_drafted(article)
    try:
        return _scan(record, name, text, keep, article.title)
    except CniiError as error:
        return Scanned({**record, "error": printable(str(error), 500)})
    except RecursionError:
        return Scanned({**record, "error": "too deeply nested to scan"})
    except Exception as error:  # a bug of cnii: said in the record, the scan goes on
        message = f"cnii failed on this article (a bug to report): {type(error).__name__}: {error}"
        return Scanned({**record, "error": printable(message, 500)})


def _as_drafted(article: Article) -> str:
    """The text the drafter reads: the archive's title and date above the
    body, as an article file would have them, so the draft knows its year."""
    head = [
        part
        for part in (article.title, _iso_date(article.date))
        if part and not article.text.lstrip().startswith(part)
    ]
    return "\n".join(head) + "\n\n" + article.text if head else article.text


def _iso_date(date: str | None) -> str | None:
    found = re.match(r"\s*(\d{4}-\d{2}-\d{2})", date or "")
    return found.group(1) if found else None


def _scan(record: dict[str, Any], name: str, text: str, keep: bool, title: str | None) -> Scanned:
    import cnii
    from cnii import draft
    from cnii.blame import culprits
    from cnii.factbase import parse
    from cnii.records import Verdict
    from cnii.render.html import check_html, finding

    drafted = draft.draft(text, f"{name}.txt")
    facts = draft.to_toml(drafted)
    with contextlib.ExitStack() as stack:
        location = None
        if keep:  # the page reads the article beside its fact base, as a person's would
            folder = stack.enter_context(tempfile.TemporaryDirectory(prefix="cnii-scan-"))
            location = os.path.join(folder, f"{name}.toml")
            with open(os.path.join(folder, f"{name}.txt"), "w", encoding="utf-8") as written:
                written.write(text)
        report = cnii.check(parse(facts, f"{name}.toml", location))
        gate = cnii.gate(report)
        wrong = [r for r in report.results if r.verdict is Verdict.INCONSISTENT]
        findings = [finding(gate, result) for result in wrong]
        pointed = culprits(
            report.evaluation, report.results, {f["check"]: f.pop("ranges") for f in findings}
        )
        claims = report.fact_base.claims
        for found in findings:
            found["points_at"] = [
                {"claim": c, "printed": claims[c].printed} for c in pointed.get(found["check"], ())
            ]
        page = None
        if keep and wrong:
            shown = io.StringIO()
            check_html([gate], shown)
            page = shown.getvalue()
    record.update(
        date=record["date"] or drafted.date,  # an archive's, else the one the text states
        title=title or drafted.title,
        claims=len(drafted.claims),
        relations=len(drafted.proposed),
        placeholders=drafted.placeholders,
        looked_up=drafted.looked_up,
        checks=len(report.results),
        inconsistent=len(wrong),
        unverifiable=report.counts[Verdict.UNVERIFIABLE],
        findings=findings,
        error=None,
    )
    if not keep:
        return Scanned(record)
    return Scanned(record, draft.marked(facts, report), text, page)


def slug(article_id: str, source: str) -> str:
    """A file name for an article: its id's letters and digits, and a hash
    of its id and place in the archive, so that two articles never share one."""
    words = re.sub(r"[^A-Za-z0-9]+", "-", article_id).strip("-")[-60:].lower()
    whole = f"{article_id}\0{source}".encode("utf-8", "surrogatepass")
    digest = hashlib.sha1(whole).hexdigest()[:10]
    return f"{words}-{digest}" if words else digest


def gap_factor(found: dict[str, Any]) -> float:
    """How far apart a finding's sides are, as a factor (a ratio of 0.5 and
    one of 2 are both 2); where there is no ratio (a side at zero), as
    large as a gap gets."""
    ratio = (found.get("gap") or {}).get("ratio")
    if isinstance(ratio, float) and ratio > 0 and math.isfinite(ratio):
        return max(ratio, 1 / ratio)
    return math.inf


def score(record: dict[str, Any]) -> tuple[float, int]:
    """How large and how sure an article's findings are: its largest gap
    (as a factor, 1.0 for none) and how many checks are inconsistent."""
    gaps = [gap_factor(found) for found in record.get("findings") or ()]
    return max(gaps, default=1.0), int(record.get("inconsistent") or 0)


# ----------------------------------------------------------------- running


def scan(
    items: Iterable[Article],
    jobs: int = 1,
    keep: bool = False,
    address: str | None = None,
) -> Iterator[Scanned]:
    """Each article scanned, as it finishes: in this process (``jobs`` 1),
    in a pool of ``jobs`` processes, or on the Dask scheduler at
    ``address``. At most a few articles per worker are read ahead, so
    memory does not grow with the archive."""
    if address is not None:
        yield from _on_dask(items, address, keep)
    elif jobs <= 1:
        for article in items:
            yield scan_article(article, keep)
    else:
        yield from _in_pool(items, jobs, keep)


def _in_pool(items: Iterable[Article], jobs: int, keep: bool) -> Iterator[Scanned]:
    import multiprocessing
    from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait

    # spawn: workers that share nothing with this process but the article
    context = multiprocessing.get_context("spawn")
    pending: set[Future[Scanned]] = set()
    with ProcessPoolExecutor(jobs, context, initializer=_quiet_worker) as pool:
        try:
            for article in items:
                pending.add(pool.submit(scan_article, article, keep))
                if len(pending) >= 4 * jobs:
                    done, pending = wait(pending, return_when=FIRST_COMPLETED)
                    yield from (future.result() for future in done)
            while pending:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        except BaseException:
            pool.shutdown(wait=False, cancel_futures=True)
            raise


def _quiet_worker() -> None:
    """Ctrl-C is the scan's to handle: a worker finishes its article."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


def _on_dask(items: Iterable[Article], address: str, keep: bool) -> Iterator[Scanned]:
    import importlib

    try:  # untyped: Dask's calls are used as documented, through Any
        distributed: Any = importlib.import_module("distributed")
    except ImportError:
        raise OutputError("--dask needs the dask extra: pip install 'cnii[dask]'") from None
    try:
        client = distributed.Client(address, timeout="20s")
    except (OSError, ValueError, TypeError) as error:
        reason = " ".join(str(error).split())[:200]
        raise OutputError(f"cannot reach the Dask scheduler at {address}: {reason}") from None
    with client:
        workers = max(1, sum(client.nthreads().values()))
        running = distributed.as_completed()
        for article in items:
            running.add(client.submit(scan_article, article, keep, pure=False))
            if running.count() >= 4 * workers:
                yield next(running).result()
        for future in running:
            yield future.result()


# ----------------------------------------------------------- an archive run


RECORDS = "records.jsonl"


@dataclass
class Run:
    """Where one ``cnii scan`` writes: ``out`` its format's output,
    ``folder`` (``--output``) each article's files and every record."""

    out: IO[str]
    form: str  # jsonl, table or html
    folder: str | None = None
    resume: bool = False
    force: bool = False
    progress: bool = False


def run(paths: Sequence[str], how: Run, fields: Fields, jobs: int, address: str | None) -> int:
    """Scan an archive as ``cnii scan`` does; the exit code: 1 when an
    article's numbers do not add up, 0 when none, 2 when there is no article."""
    from cnii.render import scan as shown

    for path in paths:  # a path mistyped is the run's error, not an article's
        if path != "-" and not os.path.lexists(path):
            raise OutputError("no such file or directory", file=path)
    summary = shown.Summary()
    done: set[str] = set()
    records: IO[str] | None = None
    if how.folder is not None:
        done = _prepared(how, summary)
        records = open(os.path.join(how.folder, RECORDS), "a", encoding="utf-8")  # noqa: SIM115
    elif how.resume:
        raise OutputError("--resume continues the scan in --output DIR: name it")
    read = (a for a in articles(paths, fields) if a.source not in done)
    try:
        with _Progress(how.progress) as advance:
            for scanned in scan(read, jobs, keep=how.folder is not None, address=address):
                record = scanned.record
                page = _write_files(how.folder, scanned) if how.folder else None
                line = shown.json_line(record)
                if records is not None:
                    records.write(line)
                    records.flush()
                if how.form == "jsonl":
                    how.out.write(line)
                    how.out.flush()
                summary.add(record, page)
                advance()
    finally:
        if records is not None:
            records.close()
    if summary.articles == 0:
        raise OutputError(f"no articles in {', '.join(paths)}")
    if how.folder is not None:
        from cnii.atomic_write import destination

        with destination(os.path.join(how.folder, "index.html")) as page_stream:
            shown.index(summary, page_stream)
    if how.form == "table":
        shown.table(summary, how.out)
    elif how.form == "html":
        shown.index(summary, how.out)
    return 1 if summary.flagged else 0


def _prepared(how: Run, summary: Any) -> set[str]:
    """The output folder made ready: the sources its records already hold
    (``--resume``), the records added to ``summary``. A line cut short by
    an interruption is dropped, to be scanned again."""
    assert how.folder is not None
    path = os.path.join(how.folder, RECORDS)
    try:
        os.makedirs(how.folder, exist_ok=True)
    except OSError as error:
        raise OutputError(f"cannot make the folder: {error.strerror}", file=how.folder) from None
    if not os.path.exists(path) or os.path.getsize(path) == 0:
        return set()
    if not how.resume:
        if not how.force:
            raise OutputError(
                "holds a scan: continue it with --resume, or start again with --force",
                file=how.folder,
            )
        os.truncate(path, 0)
        return set()
    done: set[str] = set()
    with open(path, "rb+") as stream:
        kept = 0
        for line in stream:
            if not line.endswith(b"\n"):
                break  # cut short: scanned again
            try:
                record = json.loads(line)
            except ValueError:
                break
            done.add(record["source"])
            page = f"{slug(record['id'], record['source'])}.html"
            summary.add(record, page if os.path.exists(os.path.join(how.folder, page)) else None)
            kept += len(line)
        stream.truncate(kept)
    return done


def _write_files(folder: str, scanned: Scanned) -> str | None:
    """An article's text, draft and page beside each other in ``folder``,
    as ``cnii check`` reads them; the page's file name, if it has one."""
    from cnii.atomic_write import destination

    record = scanned.record
    name = slug(record["id"], record["source"])
    written = {"txt": scanned.text, "toml": scanned.facts, "html": scanned.page}
    for suffix, content in written.items():
        if content is not None:
            with destination(os.path.join(folder, f"{name}.{suffix}")) as stream:
                stream.write(content)
    return f"{name}.html" if scanned.page is not None else None


class _Progress:
    """A progress line on a terminal's standard error (rich), none when piped."""

    def __init__(self, shown: bool) -> None:
        self.shown = shown

    def __enter__(self) -> Any:
        if not self.shown:
            return lambda: None
        from rich.console import Console
        from rich.progress import Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

        self.bar = Progress(
            SpinnerColumn(),
            TextColumn("articles scanned: {task.completed}"),
            TimeElapsedColumn(),
            console=Console(stderr=True),
            transient=True,
        )
        self.bar.start()
        task = self.bar.add_task("scan", total=None)
        return lambda: self.bar.advance(task)

    def __exit__(self, *exc: object) -> None:
        if self.shown:
            self.bar.stop()
