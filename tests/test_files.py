"""Reading input files: only regular files, bounded, never blocking."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from cnii.errors import FactFileError
from cnii.files import read_text


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
