"""Where a report goes: standard output, or a file written atomically
(whole or not at all, never over an input)."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import IO

from cnii.errors import OutputError


@contextmanager
def destination(path: str | None, protect: Sequence[str] = ()) -> Iterator[IO[str]]:
    """Standard output, or the file at ``path`` written whole or not at all.

    The report is written to a temporary file beside the target and renamed
    over it when complete, so a crash, an error or Ctrl-C leaves the old file
    as it was and no partial file behind. The files in ``protect`` (the
    command's inputs) are never overwritten."""
    if path is None:
        yield sys.stdout
        return
    target = Path(path)
    for source in protect:
        if _same_file(target, Path(source)):
            raise OutputError(f"refusing to write the report over an input, {source}", file=path)
    if target.is_dir():
        raise OutputError("is a directory", file=path)
    try:
        handle, temporary = tempfile.mkstemp(
            prefix=f".{target.name}.", suffix=".tmp", dir=target.parent
        )
    except OSError as error:
        raise OutputError(f"cannot write the report: {error.strerror}", file=path) from None
    try:
        os.chmod(temporary, _mode_for(target))
        with os.fdopen(handle, "w", encoding="utf-8") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        os.replace(temporary, target)
    except BaseException:
        with suppress(FileNotFoundError):
            os.unlink(temporary)
        raise


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.exists() and b.exists() and a.samefile(b)
    except OSError:
        return False


def _mode_for(target: Path) -> int:
    """The mode a plain write would give: the old file's, else 0666 less umask."""
    try:
        return target.stat().st_mode & 0o777
    except OSError:
        umask = os.umask(0)
        os.umask(umask)
        return 0o666 & ~umask
