"""Reading input files: only regular files, never blocking, never more than
a limit, and every failure an input error naming the file.

Every file read is remembered, by device and inode and by resolved path:
the report writer refuses to replace any of them (a fact base, an include,
the article), so no command needs to list its inputs."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager

MAX_INPUT_BYTES = 16 * 1024 * 1024

# Pseudo-file systems: a "regular file" there is the kernel's, such as
# /proc/self/environ, never an article or a fact base.
SYSTEM_PATHS = ("/proc/", "/sys/", "/dev/")

_read: set[tuple[int, int] | str] = set()  # identities and real paths of the files read


def forget_reads() -> None:
    """Start a new run: no file has been read by it yet."""
    _read.clear()


def protect(path: str) -> None:
    """Never write over the file at ``path`` in this run, as if it were read."""
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return
    _remember(status, os.path.realpath(path))


def _remember(status: os.stat_result, real: str) -> None:
    _read.update(((status.st_dev, status.st_ino), real))


def was_read(path: str) -> bool:
    """Whether ``path`` is, or leads to, a file read in this run."""
    if os.path.realpath(path) in _read:
        return True
    try:
        status = os.stat(path)
    except (OSError, ValueError):
        return False
    return (status.st_dev, status.st_ino) in _read


def read_text(path: str, what: str, limit: int | None = None, keep_bom: bool = False) -> str:
    """The UTF-8 text of the file at ``path`` (a byte-order mark is dropped
    unless ``keep_bom``, for a file that is edited in place).

    ``what`` names the file's role in messages ("fact base", "article"). The
    kind of file is checked before it is opened, and it is opened without
    blocking, so a FIFO or a device cannot hang or flood the process."""
    from cnii.errors import FactFileError

    limit = MAX_INPUT_BYTES if limit is None else limit

    def fail(message: str, line: int | None = None) -> FactFileError:
        return FactFileError(message, file=path, line=line)

    if "\0" in path:
        raise fail("a path cannot hold a NUL character")
    real = os.path.realpath(path)
    try:
        mode = os.stat(path).st_mode
        if stat.S_ISDIR(mode):
            raise fail(f"is a directory, not {_article(what)} file")
        if not stat.S_ISREG(mode):
            raise fail(f"is not a regular file, so not {_article(what)} file")
        if real.startswith(SYSTEM_PATHS):  # such as /proc/self/environ: no secrets in a page
            raise fail(f"is a system file, not {_article(what)} file")
        descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        try:
            status = os.fstat(descriptor)
            if not stat.S_ISREG(status.st_mode):  # replaced since the stat
                raise fail(f"is not a regular file, so not {_article(what)} file")
            _remember(status, real)
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
        return data.decode("utf-8" if keep_bom else "utf-8-sig")
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


def same_file(one: str, other: str) -> bool:
    """Whether two paths name one existing file (by device and inode)."""
    try:
        return os.path.samefile(one, other)
    except (OSError, ValueError):
        return False


LOCK_WAIT = 60.0  # seconds a run waits for another that edits the same file


@contextmanager
def locked(path: str) -> Iterator[None]:
    """Hold an exclusive lock on the file at ``path`` while it is read and
    replaced, so that two runs editing it at once both keep their work: the
    second waits, then reads what the first wrote. A lock on a file that was
    replaced while waiting is a lock on the old one: taken again on the new."""
    import fcntl
    import time

    from cnii.errors import FactFileError

    deadline = time.monotonic() + LOCK_WAIT
    while True:
        try:
            descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)
        except (OSError, ValueError):
            yield  # reading it will say what is wrong
            return
        try:
            while True:
                try:
                    fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        raise FactFileError(
                            f"another run has been editing it for {LOCK_WAIT:.0f} s", file=path
                        ) from None
                    time.sleep(0.05)
            here = os.fstat(descriptor)
            try:
                now = os.stat(path)
            except OSError:
                now = None
            if now is not None and (now.st_dev, now.st_ino) == (here.st_dev, here.st_ino):
                yield
                return
        finally:
            os.close(descriptor)  # releases the lock
