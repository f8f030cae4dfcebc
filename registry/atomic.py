"""Write files in one step: a reader sees the old file or the new one, never half of one.

Every file the tool writes (edited cards, new cards and runbooks, schema copies,
CODEOWNERS, reports, exports) goes through here, so that how it is done is decided
once: the bytes go to a temporary file beside the target, are synced to disk and
given their final mode, then the file is renamed over the target, or linked to a new
name, which can never replace a file that someone created meanwhile. ``mkstemp``
creates files readable by their owner only; a card or report the team shares gets the
mode of the file it replaces, or what the umask gives a new file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from pathlib import Path


def new_file_mode() -> int:
    """The permission bits a new file gets from ``open()`` under the current umask."""
    umask = os.umask(0)
    os.umask(umask)
    return 0o666 & ~umask


def stage(path: Path, data: bytes, *, mode: int | None = None) -> str:
    """``data`` in a new temporary file beside ``path``, synced, with ``mode`` (default:
    a new file's); returns its name. The caller renames or removes it."""
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with os.fdopen(fd, "wb") as handle:
            os.fchmod(handle.fileno(), new_file_mode() if mode is None else mode)
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
    except BaseException:
        os.unlink(tmp)
        raise
    return tmp


def sync_folder(folder: Path) -> None:
    """Make a rename in ``folder`` durable; best effort, as not every file system can."""
    try:
        fd = os.open(folder, os.O_RDONLY | getattr(os, "O_DIRECTORY", 0))
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def create(path: Path, data: bytes) -> None:
    """Create ``path`` with ``data``; :class:`FileExistsError` if anything is there."""
    tmp = stage(path, data)
    try:
        os.link(tmp, path)  # unlike a rename, fails when path exists
    finally:
        os.unlink(tmp)
    sync_folder(path.parent)


def replace(path: Path, data: bytes) -> None:
    """Write ``path`` with ``data``, replacing what is there and keeping its mode."""
    try:
        mode: int | None = stat.S_IMODE(path.stat().st_mode)
    except FileNotFoundError:
        mode = None
    tmp = stage(path, data, mode=mode)
    try:
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(FileNotFoundError):
            os.unlink(tmp)
        raise
    sync_folder(path.parent)
