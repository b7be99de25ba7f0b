"""Reading input files: only regular files, bounded, never blocking."""

from __future__ import annotations

import os
import threading
from collections.abc import Callable
from pathlib import Path

import pytest

from cnii.errors import FactFileError
from cnii.files import read_text

from .conftest import REPO, Run


def message(path: Path, what: str = "fact base", limit: int | None = None) -> str:
    with pytest.raises(FactFileError) as caught:
        read_text(str(path), what, limit)
    return str(caught.value)


def test_a_byte_order_mark_is_dropped(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"\xef\xbb\xbfhello")
    assert read_text(str(path), "article") == "hello"


@pytest.mark.parametrize(
    ("content", "limit", "said"),
    [
        (b"", None, "article is empty"),
        (b"x" * 11, 10, "article is larger than 10 bytes"),
        (b"ok\n\xff", None, "2: article is not UTF-8 text (byte 0xff)"),
    ],
)
def test_unusable_content(tmp_path: Path, content: bytes, limit: int | None, said: str) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(content)
    assert message(path, "article", limit).endswith(said)


def test_exactly_the_limit_is_read(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"x" * 10)
    assert read_text(str(path), "article", 10) == "x" * 10


def test_missing_and_directories(tmp_path: Path) -> None:
    assert message(tmp_path / "nope") == f"{tmp_path / 'nope'}: no such file"
    assert message(tmp_path, "article") == f"{tmp_path}: is a directory, not an article file"


def test_a_fifo_is_refused_without_blocking(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.toml"
    os.mkfifo(fifo)
    outcome: list[str] = []
    reader = threading.Thread(target=lambda: outcome.append(message(fifo)), daemon=True)
    reader.start()
    reader.join(timeout=10)
    assert outcome == [f"{fifo}: is not a regular file, so not a fact base file"]


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null", "/dev/urandom"])
def test_devices_are_refused_before_reading(device: str) -> None:
    if not os.path.exists(device):
        pytest.skip(f"{device} is not on this system")
    assert message(Path(device)) == f"{device}: is not a regular file, so not a fact base file"


# -- through the command line --------------------------------------------------


def test_a_fifo_as_the_fact_base_or_the_article_is_refused(
    cli: Callable[..., Run], tmp_path: Path
) -> None:
    fifo = tmp_path / "pipe"
    os.mkfifo(fifo)
    run = cli("check", "--facts", str(fifo))
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {fifo}: is not a regular file, so not a fact base file\n",
    )
    run = cli("coverage", "--facts", str(REPO / "facts.toml"), "--source", str(fifo))
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {fifo}: is not a regular file, so not an article file\n",
    )


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/urandom"])
def test_an_endless_article_is_refused_before_reading(cli: Callable[..., Run], device: str) -> None:
    run = cli("coverage", "--facts", str(REPO / "facts.toml"), "--source", device)
    assert (run.code, run.stderr) == (
        2,
        f"cnii: error: {device}: is not a regular file, so not an article file\n",
    )


def test_a_huge_name_is_cut_in_the_error(cli: Callable[..., Run], tmp_path: Path) -> None:
    path = tmp_path / "facts.toml"
    path.write_text(f'[claims."{"x" * 1_000_000}\\u001b"]\nvalue = "1"\n', encoding="utf-8")
    run = cli("check", "--facts", str(path))
    assert run.code == 2
    assert run.stderr.count("\n") == 1 and len(run.stderr) < 600
