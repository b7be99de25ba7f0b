"""Where a report goes: standard output, or a file written atomically
(whole or not at all, never over an input, never over anything but a
regular file)."""

from __future__ import annotations

import os
import stat
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from cnii.errors import OutputError
from cnii.files import SYSTEM_PATHS, same_file, was_read

# ``-o -`` and ``-o /dev/stdout`` are standard output, as with no --output.
STANDARD_OUTPUT = ("-", "/dev/stdout")


@contextmanager
def destination(path: str | None, edits: str | None = None) -> Iterator[IO[str]]:
    """Standard output, or the file at ``path`` written whole or not at all.

    The report is written to a temporary file beside the target and renamed
    over it when complete, so a crash, an error, a full disk or Ctrl-C leaves
    the old file as it was and no partial file behind. A symbolic link to a
    file is followed: the file it names is replaced and the link kept.
    Refused: every file this run read (fact bases, includes, the article:
    compared by device and inode and by resolved path, so no link or
    spelling of one escapes), checked again just before the rename for what
    the report itself read; a link that leads nowhere; a read-only file; and
    anything that is not a regular file (a FIFO, a device, a directory).
    ``edits`` is the one input that may be replaced: the file being edited."""
    if path is None or path in STANDARD_OUTPUT:
        yield sys.stdout
        return
    _refuse_system_paths(path)
    target = Path(os.path.realpath(path))
    _refuse_inputs(path, edits)
    _refuse_special(path, target)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OutputError(f"cannot write the report: {error.strerror}", file=path) from None
    try:
        os.chmod(temporary, _mode_for(target))
        # A name that is not UTF-8 reaches the report as an escape, not an error.
        with os.fdopen(handle, "w", encoding="utf-8", errors="backslashreplace") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        _refuse_inputs(path, edits)
        os.replace(temporary, target)
    except OSError as error:  # a full disk, a quota, an I/O error: the old file stays
        _remove(temporary)
        reason = error.strerror or str(error)
        raise OutputError(f"cannot write the report: {reason}", file=path) from None
    except BaseException:
        _remove(temporary)
        raise


def _refuse_inputs(path: str, edits: str | None) -> None:
    if was_read(path) and not (edits is not None and same_file(path, edits)):
        raise OutputError("refusing to write the report over an input", file=path)


def _refuse_system_paths(path: str) -> None:
    """A path into /proc, /dev or /sys, or a link that leads there (such as
    one to /proc/self/fd/1, which names whatever standard output is), is
    never a report file, whatever it resolves to."""
    hop = os.path.abspath(path)
    for _ in range(40):  # as the kernel, give up on longer chains of links
        if hop.startswith(SYSTEM_PATHS):
            raise OutputError(
                "is a system path: cnii writes reports only to regular files (use -o - "
                "for standard output)",
                file=path,
            )
        if not os.path.islink(hop):
            return
        hop = os.path.normpath(os.path.join(os.path.dirname(hop), os.readlink(hop)))


def _refuse_special(path: str, target: Path) -> None:
    try:
        mode = os.stat(target).st_mode
    except FileNotFoundError:
        if os.path.islink(path):  # written through, it would create a file elsewhere
            raise OutputError("is a symbolic link to nothing", file=path) from None
        return
    except OSError as error:
        raise OutputError(f"cannot write the report: {error.strerror}", file=path) from None
    if stat.S_ISDIR(mode):
        raise OutputError("is a directory", file=path)
    if not stat.S_ISREG(mode):
        raise OutputError(
            "is not a regular file: cnii replaces only regular files (use -o - for "
            "standard output)",
            file=path,
        )
    # A rename would replace a read-only file that a write could not change
    # (root included: the mode is what its owner said).
    if not mode & stat.S_IWUSR or not os.access(target, os.W_OK):
        raise OutputError("is read-only", file=path)


def _remove(temporary: str) -> None:
    with suppress(FileNotFoundError):
        os.unlink(temporary)


def _mode_for(target: Path) -> int:
    """The mode a plain write would give: the old file's, else 0666 less umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
