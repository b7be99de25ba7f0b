"""Hostile use of the command line's files and streams: nothing an input
is, names or links to is ever written over or leaked, and every failure of
a stream or a name is a one-line error, never a traceback.

Each test is one class of attack, with several cases of it: a report over
a file the run read under another name, a name that escapes for display,
two runs at once, links and modes, system files as articles, long
templates, closed and full streams, encodings."""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import pty
import re
import subprocess
import sys
import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cnii import files
from cnii.errors import FactFileError
from cnii.factbase import key_lines

from .conftest import REPO, Run

ARTICLE = "In 2024 output was 1.53 trillion yuan, up 11 percent.\n"
SHARED = """\
[references.gdp_2024]
value = "134.9 trillion CNY"
source = "NBS"
date = 2025-01-17
statement = "GDP in 2024."
"""
FACTS = """\
include = ["shared.toml"]

[article]
title = "Output"
date = 2024-12-31
source = "article.txt"

[claims.output]
printed = "1.53 trillion yuan"
value = "1.53 trillion CNY"
period = "2024"
statement = "Output in 2024."

[derivations.share]
formula = "share(output, gdp_2024)"
statement = "Output as a share of GDP."

[checks.share_small]
left = "share"
right = "2 %"
relation = "at_most"
statement = "Output is under 2 % of GDP."
"""


def _project(folder: Path) -> Path:
    """A fact base that includes a shared file and names its article."""
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "shared.toml").write_text(SHARED, encoding="utf-8")
    (folder / "article.txt").write_text(ARTICLE, encoding="utf-8")
    facts = folder / "facts.toml"
    facts.write_text(FACTS, encoding="utf-8")
    return facts


def _contents(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir()) if p.is_file()}


def _cnii(*args: str, **options: object) -> subprocess.CompletedProcess[str]:
    """cnii in a fresh process, as a user runs it."""
    command = [sys.executable, "-m", "cnii", *args]
    return subprocess.run(command, capture_output=True, text=True, timeout=120, **options)  # type: ignore[call-overload, no-any-return]


# -- 1. every file a run read, or that its fact base names, is an input -----

COMMANDS = [
    ("check",),
    ("check", "--format", "html"),
    ("derive",),
    ("derive", "share"),
    ("explain", "share_small"),
    ("coverage",),
]


@pytest.mark.parametrize("target", ["shared.toml", "article.txt", "facts.toml"])
@pytest.mark.parametrize("command", COMMANDS, ids=" ".join)
def test_no_report_over_an_include_or_the_article(
    cli: Callable[..., Run], tmp_path: Path, command: tuple[str, ...], target: str
) -> None:
    facts = _project(tmp_path)
    before = _contents(tmp_path)
    run = cli(*command, "-f", str(facts), "-o", str(tmp_path / target))
    assert run.code == 2, run
    assert "refusing to write the report over an input" in run.stderr, run
    assert run.stderr.count("\n") == 1
    assert _contents(tmp_path) == before


# -- 2. paths compared as files, never as the names shown -------------------


@pytest.mark.parametrize("odd", ["tab\there", "bidi\u202eexe", "new\nline", "esc\x1b[31m"])
def test_a_name_escaped_for_display_is_still_protected(
    cli: Callable[..., Run], tmp_path: Path, odd: str
) -> None:
    folder = tmp_path / odd
    facts = _project(folder)
    before = _contents(folder)
    for target in ("facts.toml", "shared.toml", "article.txt"):
        run = cli("check", "-f", str(facts), "--format", "html", "-o", str(folder / target))
        assert run.code == 2 and "over an input" in run.stderr, run
        assert "\x1b" not in run.stderr and "\u202e" not in run.stderr
    assert _contents(folder) == before
    # and what the fact base names is found through the real path
    run = cli("check", "-f", str(facts), "--format", "json")
    assert run.code == 0, run
    run = cli("coverage", "-f", str(facts))
    assert run.code == 0 and "1.53 trillion yuan" in run.stdout, run


# -- 3. no usable input, no report ------------------------------------------


def test_a_broken_include_leaves_the_last_report(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = _project(tmp_path)
    (tmp_path / "shared.toml").write_text("[references.gdp_2024]\nvalue = 1\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("last", encoding="utf-8")
    for command in COMMANDS:
        run = cli(*command, "-f", str(facts), "-o", str(report))
        assert run.code == 2, run
        assert report.read_text(encoding="utf-8") == "last"


# -- 4 and 5. --into: two runs at once, links, modes, layout ------------------

INTO = """\
[article]
title = "Trade"
date = 2024-12-31
source = "one.txt"

[claims.exports]
printed = "2.1 billion dollars"
value = "2.1 billion USD"
period = "2024"
statement = "Exports in 2024."

[checks.exports_as_printed]
left = "exports"
right = "2.1 billion USD"
statement = "As printed."
"""


def _into(tmp_path: Path) -> Path:
    (tmp_path / "one.txt").write_text("Exports were 2.1 billion dollars in 2024.\n")
    (tmp_path / "two.txt").write_text("The firm hired 3,400 workers in 2024.\n")
    (tmp_path / "three.txt").write_text("It opened 120 shops in 2024.\n")
    facts = tmp_path / "facts.toml"
    facts.write_text(INTO, encoding="utf-8")
    return facts


def test_two_runs_into_one_file_both_keep_their_claims(tmp_path: Path) -> None:
    """Both runs start while a third party holds the lock, so they run
    into each other whatever the machine's load; each waits its turn."""
    facts = _into(tmp_path)
    with open(facts) as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        runs = [
            subprocess.Popen(
                [sys.executable, "-m", "cnii", "draft", name, "--into", str(facts)],
                cwd=tmp_path,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                text=True,
            )
            for name in ("two.txt", "three.txt")
        ]
    for process in runs:
        _, stderr = process.communicate(timeout=120)
        assert process.returncode == 0, stderr
    text = facts.read_text(encoding="utf-8")
    assert text.startswith(INTO)
    assert '"3,400 workers"' in text and '"120 shops"' in text, text
    assert _cnii("check", "-f", str(facts)).returncode == 0


def test_a_lock_held_too_long_is_an_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    facts = _into(tmp_path)
    monkeypatch.setattr(files, "LOCK_WAIT", 0.2)
    with open(facts) as held:
        fcntl.flock(held, fcntl.LOCK_EX)
        with (
            pytest.raises(FactFileError, match="another run has been editing it"),
            files.locked(str(facts)),
        ):
            pass


def test_a_lock_follows_a_file_replaced_while_waiting(tmp_path: Path) -> None:
    """The first run replaced the file by rename: the lock the second got
    is on the old one, so it locks the new one before reading."""
    facts = _into(tmp_path)
    with files.locked(str(facts)):
        old = os.stat(facts).st_ino
    replacement = tmp_path / "new.toml"
    replacement.write_text(INTO + "\n# edited\n", encoding="utf-8")
    with open(facts) as stale:
        os.replace(replacement, facts)
        with files.locked(str(facts)):
            assert os.stat(facts).st_ino != old
            assert os.fstat(stale.fileno()).st_ino == old


def test_into_adding_nothing_leaves_the_file_alone(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = _into(tmp_path)
    before = os.stat(facts)
    run = cli("draft", str(tmp_path / "one.txt"), "--into", str(facts))
    assert run.code == 0 and "0 claims" in run.stderr, run
    after = os.stat(facts)
    assert (after.st_ino, after.st_mtime_ns) == (before.st_ino, before.st_mtime_ns)
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "facts.toml",
        "one.txt",
        "three.txt",
        "two.txt",
    ]


def test_into_with_output_writes_there_and_leaves_the_fact_base(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    facts = _into(tmp_path)
    out = tmp_path / "out.toml"
    run = cli("draft", str(tmp_path / "two.txt"), "--into", str(facts), "-o", str(out))
    assert run.code == 0, run
    assert facts.read_text(encoding="utf-8") == INTO
    assert out.read_text(encoding="utf-8").startswith(INTO) and "3,400" in out.read_text()
    run = cli("draft", str(tmp_path / "two.txt"), "--into", str(facts), "-o", str(out))
    assert run.code == 2 and "--force" in run.stderr, run
    run = cli("draft", str(tmp_path / "two.txt"), "--into", str(facts), "-o", "-")
    assert run.code == 0 and run.stdout.startswith(INTO) and "3,400" in run.stdout, run
    assert facts.read_text(encoding="utf-8") == INTO


@pytest.mark.parametrize(
    ("bom", "newline"), [(True, "\r\n"), (False, "\r\n"), (True, "\n")], ids=str
)
def test_into_keeps_the_byte_order_mark_and_line_endings(
    cli: Callable[..., Run], tmp_path: Path, bom: bool, newline: str
) -> None:
    facts = _into(tmp_path)
    original = ("\ufeff" if bom else "") + INTO.replace("\n", newline)
    facts.write_bytes(original.encode("utf-8"))
    run = cli("draft", str(tmp_path / "two.txt"), "--into", str(facts))
    assert run.code == 0, run
    data = facts.read_bytes()
    assert data.startswith(original.encode("utf-8"))
    assert data.startswith(b"\xef\xbb\xbf") == bom
    rest = data.replace(b"\r\n", b"")
    assert (b"\n" not in rest) == (newline == "\r\n"), data
    assert "3,400" in data.decode("utf-8")
    assert cli("check", "-f", str(facts)).code == 0


def test_into_the_article_itself_is_refused(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = _into(tmp_path)
    run = cli("draft", str(facts), "--into", str(facts))
    assert run.code == 2 and "is the article as well" in run.stderr, run
    assert facts.read_text(encoding="utf-8") == INTO


def test_a_read_only_file_is_not_replaced(cli: Callable[..., Run], tmp_path: Path) -> None:
    facts = _into(tmp_path)
    report = tmp_path / "report.txt"
    report.write_text("last", encoding="utf-8")
    for path in (facts, report):
        path.chmod(0o444)
    run = cli("draft", str(tmp_path / "two.txt"), "--into", str(facts))
    assert run.code == 2 and "is read-only" in run.stderr, run
    run = cli("check", "-f", str(facts), "-o", str(report))
    assert run.code == 2 and "is read-only" in run.stderr, run
    assert facts.read_text(encoding="utf-8") == INTO
    assert report.read_text(encoding="utf-8") == "last"


@pytest.mark.parametrize(
    "args",
    [
        ("draft", "two.txt", "-o", "link.toml"),
        ("draft", "two.txt", "-o", "link.toml", "--force"),
        ("check", "-f", "facts.toml", "-o", "link.toml"),
        ("check", "-f", "facts.toml", "--format", "html", "-o", "link.toml"),
    ],
    ids=" ".join,
)
def test_a_link_to_nothing_is_not_written_through(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch, args: tuple[str, ...]
) -> None:
    _into(tmp_path)
    monkeypatch.chdir(tmp_path)
    (tmp_path / "link.toml").symlink_to(tmp_path / "elsewhere" / "made.toml")
    (tmp_path / "elsewhere").mkdir()
    run = cli(*args)
    assert run.code == 2, run
    assert "--force" in run.stderr or "symbolic link to nothing" in run.stderr, run
    assert not (tmp_path / "elsewhere" / "made.toml").exists()


@pytest.mark.parametrize("stdout", ["-", "/dev/stdout"])
def test_output_to_standard_output_by_name(tmp_path: Path, stdout: str) -> None:
    _into(tmp_path)
    for args in (("draft", "two.txt", "-o", stdout), ("check", "-f", "facts.toml", "-o", stdout)):
        done = _cnii(*args, cwd=tmp_path)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip(), args


# -- 6. an article is a regular file, never the kernel's ----------------------


@pytest.mark.parametrize("source", ["/proc/self/environ", "/proc/self/cmdline", "/dev/stdin"])
def test_a_system_file_is_no_article(tmp_path: Path, source: str) -> None:
    facts = _project(tmp_path)
    facts.write_text(FACTS.replace('"article.txt"', f'"{source}"'), encoding="utf-8")
    (tmp_path / "linked.txt").symlink_to(source)
    environment = {**os.environ, "CNII_TEST_SECRET": "hunter2-secret"}
    page = tmp_path / "page.html"
    done = _cnii("check", "-f", str(facts), "--format", "html", "-o", str(page), env=environment)
    assert done.returncode == 0, done.stderr
    text = page.read_text(encoding="utf-8")
    assert "hunter2" not in text and "not an article file" in text
    for article in (source, str(tmp_path / "linked.txt")):
        done = _cnii("coverage", "-f", str(facts), "-s", article, env=environment)
        assert done.returncode == 2 and "not an article file" in done.stderr, done.stderr
        done = _cnii("draft", article, env=environment)
        assert done.returncode == 2 and "hunter2" not in done.stdout + done.stderr


# -- 10. templates and completion ---------------------------------------------

SERIES = """\
[series.gdp]
kind = "references"
unit = "trillion CNY"
source = "NBS"
statement = "{statement}"
values = {{ {values} }}

[checks.gdp_positive]
for_each = {for_each}
left = "gdp_{{period}}"
right = "1 trillion CNY"
relation = "at_least"
statement = "GDP is positive in {{period}}."
"""


def _series(statement: str = "GDP in {period}.", for_each: str = '"gdp"') -> str:
    values = ", ".join(f'"{year}" = "{year % 90 + 10}"' for year in range(1000, 2000))
    return SERIES.format(statement=statement, values=values, for_each=for_each)


def test_a_long_template_is_refused_before_it_is_copied(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    facts = write_facts(_series(statement="{period}" * 100_000))
    run = cli("check", "-f", str(facts))
    assert run.code == 2, run
    assert "series.gdp.statement: is longer than 2000 characters" in run.stderr


@pytest.mark.parametrize("for_each", ['["gdp"]', '["a", "b"]', "1", "{ a = 1 }"])
def test_for_each_must_name_one_series(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], for_each: str
) -> None:
    facts = write_facts(_series(for_each=for_each))
    run = cli("check", "-f", str(facts))
    assert run.code == 2 and "checks.gdp_positive.for_each: must be the name of a series" in (
        run.stderr
    ), run
    # completing a word on it offers nothing and breaks nothing
    environment = {
        **os.environ,
        "_CNII_COMPLETE": "complete_bash",
        "COMP_WORDS": f"cnii derive -f {facts} ",
        "COMP_CWORD": "4",
    }
    done = subprocess.run(
        [sys.executable, "-m", "cnii"], env=environment, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr


# -- 12 and 13. streams and names that fail -----------------------------------


def test_a_full_standard_output_is_one_line_and_exit_2() -> None:
    with open("/dev/full", "w") as full:
        done = subprocess.run(
            [sys.executable, "-m", "cnii", "check"], stdout=full, stderr=subprocess.PIPE, text=True
        )
    assert done.returncode == 2, done.stderr
    assert done.stderr == "cnii: error: cannot write to standard output: No space left on device\n"


def test_a_closed_standard_output_is_one_line_and_exit_2(tmp_path: Path) -> None:
    closed = (
        "import os, sys; os.close(1); os.execv(sys.executable, [sys.executable, *sys.argv[1:]])"
    )
    done = subprocess.run(
        [sys.executable, "-c", closed, "-m", "cnii", "check"], capture_output=True, text=True
    )
    assert done.returncode == 2, done.stderr
    assert (
        done.stderr == "cnii: error: cannot write to standard output: standard output is closed\n"
    )
    report = tmp_path / "report.txt"  # a report to a file needs no standard output
    done = subprocess.run(
        [sys.executable, "-c", closed, "-m", "cnii", "check", "-o", str(report)],
        capture_output=True,
        text=True,
    )
    assert done.returncode == 0, done.stderr
    assert "gate passed" in report.read_text(encoding="utf-8")


@pytest.mark.parametrize(
    "args",
    [
        ("schema",),
        ("--help",),
        ("check", "--help"),
        ("--version",),
        ("check",),
        ("check", "--format", "json"),
        ("derive",),
        ("draft", str(REPO / "article.txt")),
    ],
    ids=" ".join,
)
def test_a_reader_gone_is_141_from_every_command(args: tuple[str, ...]) -> None:
    read, write = os.pipe()
    os.close(read)  # the reader is gone before cnii writes a byte
    try:
        done = subprocess.run(
            [sys.executable, "-m", "cnii", *args], stdout=write, stderr=subprocess.PIPE, text=True
        )
    finally:
        os.close(write)
    assert done.returncode == 141, done.stderr
    assert "Traceback" not in done.stderr and "error" not in done.stderr, done.stderr


def test_a_terminal_of_zero_columns_gets_a_sensible_width() -> None:
    """COLUMNS=0 (or not a number) is ignored: the terminal's width is used."""
    for columns in ("0", "-5", "wide"):
        leader, follower = pty.openpty()
        environment = {**os.environ, "COLUMNS": columns}
        done = subprocess.run(
            [sys.executable, "-m", "cnii", "check"],
            stdout=follower,
            stderr=subprocess.PIPE,
            env=environment,
            timeout=60,
        )
        os.close(follower)
        shown = b""
        while True:
            try:
                chunk = os.read(leader, 65536)
            except OSError:  # the pty reports the end as an I/O error
                break
            if not chunk:
                break
            shown += chunk
        os.close(leader)
        assert done.returncode == 0, done.stderr
        words = b" ".join(re.sub(rb"\x1b\[[0-9;]*m", b"", shown).split())  # as read
        assert b"gate passed" in words and b"gdp_vs_nbs" in words, shown[:500]


@pytest.mark.parametrize("fmt", ["table", "text", "json"])
def test_a_latin_1_terminal_gets_escapes_not_a_traceback(fmt: str) -> None:
    environment = {**os.environ, "PYTHONIOENCODING": "latin-1"}
    done = subprocess.run(
        [sys.executable, "-m", "cnii", "check", "--format", fmt],
        capture_output=True,
        env=environment,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert b"Traceback" not in done.stderr
    if fmt == "json":  # escapes that JSON reads back as the same text
        import json

        document = json.loads(done.stdout.decode("latin-1"))
        assert document["checks"]


def test_a_file_name_that_is_not_utf8(tmp_path: Path) -> None:
    folder = os.fsencode(tmp_path)
    name = os.fsdecode(folder + b"/facts\xff.toml")
    _project(tmp_path)
    os.rename(tmp_path / "facts.toml", name)
    for fmt in ("json", "text", "table"):
        done = _cnii("check", "-f", name, "--format", fmt)
        assert done.returncode == 0 and "Traceback" not in done.stderr, done.stderr
    page = tmp_path / "page.html"
    done = _cnii("check", "-f", name, "--format", "html", "-o", str(page))
    assert done.returncode == 0 and page.read_text(encoding="utf-8"), done.stderr
    article = os.fsdecode(folder + b"/article\xfe.txt")
    os.rename(tmp_path / "article.txt", article)
    done = _cnii("draft", article)
    assert done.returncode == 2, done.stderr
    assert done.stderr.startswith("cnii: error: ") and "not UTF-8" in done.stderr
    assert done.stderr.count("\n") == 1


def test_a_deleted_working_directory(tmp_path: Path) -> None:
    _project(tmp_path / "p")
    gone = tmp_path / "gone"
    script = textwrap.dedent(
        f"""
        import os, sys
        os.chdir({str(gone)!r}); os.rmdir({str(gone)!r})
        from cnii.cli import main
        sys.exit(main(sys.argv[1:]))
        """
    )
    for args in (["check"], ["check", "-f", str(tmp_path / "p" / "facts.toml")], ["derive"]):
        gone.mkdir()
        done = subprocess.run(
            [sys.executable, "-c", script, *args], capture_output=True, text=True, timeout=60
        )
        assert done.returncode in (0, 2) and "Traceback" not in done.stderr, done.stderr


@pytest.mark.parametrize("path", ["a\x00b.toml", "shared.toml\x00"])
def test_a_nul_in_an_include_path_is_an_error(
    cli: Callable[..., Run], tmp_path: Path, path: str
) -> None:
    facts = _project(tmp_path)
    facts.write_text(FACTS.replace('"shared.toml"', f'"{path}"'.replace("\x00", "\\u0000")))
    run = cli("check", "-f", str(facts))
    assert run.code == 2 and "a path cannot hold a NUL character" in run.stderr, run
    assert run.stderr.count("\n") == 1


# -- 15. names pint keeps for itself; placing an error in a large file ---------


@pytest.mark.parametrize("name", ["x__", "count__", "__x", "_"])
def test_a_unit_name_pint_keeps_for_itself(
    cli: Callable[..., Run], write_facts: Callable[[str], Path], name: str
) -> None:
    facts = write_facts(f'[units]\n{name} = "count"\n')
    run = cli("check", "-f", str(facts))
    assert run.code == 2 and f"units.{name}: unit name" in run.stderr, run


def test_an_error_is_placed_without_reading_the_rest() -> None:
    text = "[claims.a]\nvalue = 1\n" + "".join(f"[t{i}]\nk = 1\n" for i in range(1000))
    found = key_lines(text, ["claims.a.value"])
    assert found == {"claims": 1, "claims.a": 1, "claims.a.value": 2}
    assert len(key_lines(text, ["claims.a.nothing"])) == 2003  # absent: every line is read
    assert key_lines(text)["t999.k"] == 2002


@settings(max_examples=300)
@given(name=st.text(st.characters(exclude_categories=["Cs"]), min_size=1, max_size=4))
def test_no_unit_name_reaches_pint_unread(name: str) -> None:
    """Any short name, as a unit of a value or defined in [units], is taken
    or refused with an input error: pint's tokenizer never sees what it
    cannot read (it fails on "½", reads "²" as a power, keeps "x__")."""
    from cnii import api
    from cnii.errors import CniiError

    quoted = json.dumps(name, ensure_ascii=False)
    for text in (
        f'[claims.a]\nprinted = "5"\nvalue = {json.dumps("5 " + name, ensure_ascii=False)}\n'
        'period = "2024"\nstatement = "s"\n[checks.k]\nleft = "a"\nright = "a"\nstatement = "s"\n',
        f'[units]\n{quoted} = "count"\n[claims.a]\nprinted = "5"\n'
        f'value = {json.dumps("5 " + name, ensure_ascii=False)}\nperiod = "2024"\n'
        'statement = "s"\n[checks.k]\nleft = "a"\nright = "a"\nstatement = "s"\n',
    ):
        with contextlib.suppress(CniiError):
            api.check(api.loads(text))


def test_a_warning_shows_its_formula_escaped(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    """A check side may hold a carriage return: the warning that quotes it
    must not let it move the terminal's cursor."""
    facts = write_facts(
        '[claims.zero]\nprinted = "0"\nvalue = "0"\nperiod = "2024"\nstatement = "s"\n'
        '[checks.k]\nleft = "zero\\r + zero"\nright = "zero"\nrelation = "equal"\n'
        'statement = "s"\n'
    )
    run = cli("check", "-f", str(facts))
    assert run.code == 0, run
    assert "it can hardly fail: zero\\x0d + zero" in run.stderr
    assert "\r" not in run.stderr


def test_a_million_tables_are_refused_before_they_are_parsed(
    cli: Callable[..., Run], write_facts: Callable[[str], Path]
) -> None:
    facts = write_facts("".join(f"[t{i}]\n" for i in range(250_000)))
    run = cli("check", "-f", str(facts))
    assert run.code == 2, run
    assert run.stderr.endswith(
        ": 250,000 table headers: more than a fact base of 100,000 entries has\n"
    )
