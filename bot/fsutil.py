"""The project's one atomic file write and one file lock.

`atomic_write` gives readers the old file or the new one, never a torn mix, and the new one
survives a power cut once it returns: temp file in the same directory, fsync, rename, fsync the
directory (the rename itself lives in the directory's metadata). `file_lock` holds an advisory
`flock` on a lock file for the duration of a `with` block, across processes.
"""

from __future__ import annotations

import contextlib
import errno
import fcntl
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path


class LockBusy(Exception):
    """Another process holds the lock (only raised when not waiting)."""


def fsync_path(path: Path) -> None:
    """Flush a file's data, or a directory's entries (a rename or a new file in it), to disk."""
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_write(target: Path, data: str | bytes) -> None:
    """Replace `target` with `data` (text is written as UTF-8 with LF line ends).

    On any failure the old file is left as it was and no temp file remains.
    """
    target = Path(target)
    payload = data.encode("utf-8") if isinstance(data, str) else data
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, target)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise
    fsync_path(target.parent)


@contextlib.contextmanager
def file_lock(path: Path, *, shared: bool = False, wait: bool = False) -> Iterator[None]:
    """Hold an exclusive (or shared) lock on `path`, created when missing.

    Args:
        path: the lock file; its content is never read.
        shared: many holders at once (a running bot), excluding only an exclusive holder.
        wait: block until the lock is free instead of raising `LockBusy`.
    """
    path.parent.mkdir(parents=True, exist_ok=True)
    mode = fcntl.LOCK_SH if shared else fcntl.LOCK_EX
    with open(path, "a") as handle:
        try:
            fcntl.flock(handle, mode if wait else mode | fcntl.LOCK_NB)
        except BlockingIOError:
            raise LockBusy(str(path)) from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


PROBE_BYTES = 64 * 1024
_FULL = {errno.ENOSPC, errno.EDQUOT}
_READ_ONLY = {errno.EROFS, errno.EACCES, errno.EPERM}


def space_probe(directory: Path, size: int = PROBE_BYTES) -> str:
    """ "ok" when `directory` takes `size` new bytes, written and fsynced, else one line naming
    the path and what to do. It allocates, so it sees a full disk that a write into pages SQLite
    already owns (or a rolled-back one, which writes nothing) does not. The file is removed."""
    path = directory / f".probe-{os.getpid()}"
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"\0" * size)
            os.fsync(fd)
        finally:
            os.close(fd)
    except OSError as exc:
        if exc.errno in _FULL:
            return f"disk full: free space on the file system of {directory}"
        if exc.errno in _READ_ONLY:
            return f"cannot write in {directory}: make data_dir writable ({exc.strerror})"
        return f"cannot write in {directory}: {exc.strerror or exc}"
    finally:
        with contextlib.suppress(OSError):
            path.unlink()
    return "ok"
