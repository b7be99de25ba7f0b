"""Reading input files: only regular files, never blocking, never more than
a limit, and every failure an input error naming the file."""

from __future__ import annotations

import os
import stat

MAX_INPUT_BYTES = 16 * 1024 * 1024


def read_text(path: str, what: str, limit: int | None = None) -> str:
    """The UTF-8 text of the file at ``path`` (a byte-order mark is dropped).

    ``what`` names the file's role in messages ("fact base", "article"). The
    kind of file is checked before it is opened, and it is opened without
    blocking, so a FIFO or a device cannot hang or flood the process."""
    from cnii.errors import FactFileError

    limit = MAX_INPUT_BYTES if limit is None else limit

    def fail(message: str, line: int | None = None) -> FactFileError:
        return FactFileError(message, file=path, line=line)

    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise fail(f"is a directory, not {_article(what)} file")
        if not stat.S_ISREG(mode):
            raise fail(f"is not a regular file, so not {_article(what)} file")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            if not stat.S_ISREG(os.fstat(descriptor).st_mode):  # replaced since the stat
                raise fail(f"is not a regular file, so not {_article(what)} file")
            data = _read_at_most(descriptor, limit + 1)
        finally:
            os.close(descriptor)
    except FileNotFoundError:
        raise fail("no such file") from None
    except OSError as error:
        raise fail(f"cannot read: {error.strerror}") from None
    if len(data) > limit:
        size = f"{limit // 2**20} MiB" if limit % 2**20 == 0 else f"{limit:,} bytes"
        raise fail(f"{what} is larger than {size}")
    if not data.strip():
        raise fail(f"{what} is empty")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise fail(f"{what} is not UTF-8 text (byte 0x{data[error.start]:02x})", line) from None


def _read_at_most(descriptor: int, size: int) -> bytes:
    chunks, left = [], size
    while left > 0:
        chunk = os.read(descriptor, min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


def _article(what: str) -> str:
    return f"an {what}" if what[0] in "aeiou" else f"a {what}"
