"""Reports go to standard output, or whole or not at all into a file."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest

from cnii.atomic_write import destination
from cnii.errors import OutputError


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


def test_an_input_is_never_written_over(tmp_path: Path) -> None:
    source = tmp_path / "facts.toml"
    source.write_text("facts", encoding="utf-8")
    link = tmp_path / "link.toml"
    os.link(source, link)
    for target in (source, link):
        with (
            pytest.raises(OutputError, match="refusing to write the report over an input"),
            destination(str(target), protect=[str(source)]),
        ):
            pass
    assert source.read_text(encoding="utf-8") == "facts"


def test_the_mode_of_the_replaced_file_is_kept(tmp_path: Path) -> None:
    target = tmp_path / "report.txt"
    target.write_text("old", encoding="utf-8")
    target.chmod(0o640)
    with destination(str(target)) as stream:
        stream.write("new")
    assert target.stat().st_mode & 0o777 == 0o640
