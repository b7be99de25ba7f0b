"""Reports go to standard output, or whole or not at all into a file."""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from cnii.atomic_write import destination
from cnii.errors import OutputError
from cnii.files import forget_reads, read_text

from .conftest import Run


def test_without_a_path_it_is_standard_output() -> None:
    with destination(None) as stream:
        assert stream is sys.stdout


def test_the_file_appears_only_when_complete(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    with pytest.raises(RuntimeError), destination(str(target)) as stream:
        stream.write("half of a new report")
        raise RuntimeError("interrupted")
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]  # no temporary left
    with destination(str(target)) as stream:
        stream.write("new")
    assert target.read_text(encoding="utf-8") == "new"


def test_a_file_this_run_read_is_never_written_over(tmp_path: Path) -> None:
    source = tmp_path / "facts.toml"
    source.write_text("facts", encoding="utf-8")
    link = tmp_path / "link.toml"
    os.link(source, link)
    forget_reads()
    read_text(str(source), "fact base")
    for target in (source, link):
        with (
            pytest.raises(OutputError, match="refusing to write the report over an input"),
            destination(str(target)),
        ):
            pass
    assert source.read_text(encoding="utf-8") == "facts"
    forget_reads()  # a new run: the same file is only an output now
    with destination(str(source)) as stream:
        stream.write("report")
    assert source.read_text(encoding="utf-8") == "report"


def test_what_the_report_itself_reads_is_protected_too(tmp_path: Path) -> None:
    """The page reads the article while it is rendered: the check before
    the rename still finds it."""
    article = tmp_path / "article.txt"
    article.write_text("text", encoding="utf-8")
    forget_reads()
    with (
        pytest.raises(OutputError, match="over an input"),
        destination(str(article)) as stream,
    ):
        stream.write(read_text(str(article), "article") + " and more")
    assert article.read_text(encoding="utf-8") == "text"
    assert [p.name for p in tmp_path.iterdir()] == ["article.txt"]  # no temporary left


def test_the_mode_of_the_replaced_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with destination(str(target)) as stream:
        stream.write("new")
    assert target.stat().st_mode & 0o777 == 0o640


# -- through the command line: never an input, never a special file ----------

BUNDLED = str(Path(__file__).resolve().parent.parent / "facts.toml")


def test_a_fact_base_that_did_not_load_is_protected_too(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    """The worst case found: a broken fact base named as the output was
    emptied (one file), or replaced by the report (with another file)."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[claims.x]\nprinted = 1\n", encoding="utf-8")
    for args in (("--facts", str(bad)), (BUNDLED, str(bad))):
        run = cli("check", *args, "--output", str(bad))
        assert run.code == 2, run
        assert "claims.x.printed: must be a string" in run.stderr
        assert bad.read_text(encoding="utf-8") == "[claims.x]\nprinted = 1\n"


def test_unusable_input_writes_no_report(cli: Callable[..., Run], tmp_path: Path) -> None:
    """An unusable fact base exits 2 and leaves the last report as it was,
    alone or beside a usable one; standard output still gets the usable."""
    bad = tmp_path / "bad.toml"
    bad.write_text("[claims.x]\n", encoding="utf-8")
    report = tmp_path / "report.html"
    report.write_text("the last report", encoding="utf-8")
    for args in (("-f", str(bad)), ("-f", str(bad), "-f", BUNDLED)):
        run = cli("check", *args, "--format", "html", "-o", str(report))
        assert run.code == 2 and "missing required field" in run.stderr, run
        assert report.read_text(encoding="utf-8") == "the last report"
    run = cli("check", "-f", str(bad), "-f", BUNDLED, "--format", "json")
    assert run.code == 2 and '"checks"' in run.stdout, run


def test_the_discovered_fact_base_is_protected(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "facts.toml").write_text(Path(BUNDLED).read_text(encoding="utf-8"))
    run = cli("check", "-o", "facts.toml")
    assert run.code == 2 and "facts.toml: refusing to write the report over an input" in run.stderr


@pytest.mark.parametrize("kind", ["symlink", "hard link", "symlink to a link"])
def test_links_to_an_input_are_refused(cli: Callable[..., Run], tmp_path: Path, kind: str) -> None:
    source = tmp_path / "facts.toml"
    source.write_text(Path(BUNDLED).read_text(encoding="utf-8"), encoding="utf-8")
    target = tmp_path / "report.txt"
    if kind == "hard link":
        os.link(source, target)
    else:
        middle = tmp_path / "middle"
        middle.symlink_to(source)
        target.symlink_to(middle if kind == "symlink to a link" else source)
    run = cli("check", "-f", str(source), "-o", str(target))
    assert run.code == 2 and "refusing to write the report over an input" in run.stderr, run
    assert source.read_text(encoding="utf-8") == Path(BUNDLED).read_text(encoding="utf-8")


def _special(tmp_path: Path, kind: str) -> Path:
    path = tmp_path / "special"
    if kind == "fifo":
        os.mkfifo(path)
    elif kind == "socket":
        import socket

        server = socket.socket(socket.AF_UNIX)
        server.bind(str(path))
        server.close()
    elif kind == "link into /proc/self/fd":
        path.symlink_to("/proc/self/fd/1")
    else:  # a copy of a device node: needs root, as CI and this machine have
        device = os.stat(f"/dev/{kind}").st_rdev
        try:
            os.mknod(path, 0o666 | stat.S_IFCHR, device)
        except PermissionError:
            pytest.skip("making a device node needs root")
    return path


@pytest.mark.parametrize("kind", ["fifo", "socket", "null", "full", "link into /proc/self/fd"])
def test_special_files_are_never_replaced(
    cli: Callable[..., Run], tmp_path: Path, kind: str
) -> None:
    path = _special(tmp_path, kind)
    before = os.lstat(path)
    run = cli("check", "-f", BUNDLED, "-o", str(path))
    assert run.code == 2, run
    assert run.stderr.endswith("(use -o - for standard output)\n"), run
    said = "is a system path" if kind.startswith("link") else "is not a regular file"
    assert said in run.stderr
    after = os.lstat(path)
    assert (after.st_mode, after.st_ino) == (before.st_mode, before.st_ino)


@pytest.mark.parametrize("name", ["-", "/dev/stdout"])
def test_dash_and_dev_stdout_are_standard_output(cli: Callable[..., Run], name: str) -> None:
    run = cli("check", "-f", BUNDLED, "--format", "text", "-o", name)
    assert run.code == 0, run
    assert run.stdout.startswith("# cnii ")


def test_a_full_disk_leaves_the_old_report(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")

    def full(descriptor: int) -> None:
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr(os, "fsync", full)
    run = cli("check", "-f", BUNDLED, "-o", str(target))
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {target}: cannot write the report: No space left on device\n",
    )
    assert target.read_text(encoding="utf-8") == "old"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["report.txt"]


def test_a_directory_that_cannot_be_written(
    cli: Callable[..., Run], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    def refuse(*args: object, **kwargs: object) -> tuple[int, str]:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr(tempfile, "mkstemp", refuse)
    target = tmp_path / "report.txt"
    run = cli("check", "-f", BUNDLED, "-o", str(target))
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {target}: cannot write the report: Permission denied\n",
    )
