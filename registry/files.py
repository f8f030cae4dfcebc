"""Read registry files safely: regular files inside the registry, bounded, never blocking.

Links are followed only when they stay inside the registry; devices, FIFOs, sockets and
folders are refused before they are opened (opening some devices has effects). Every
problem is a :class:`~registry.document.LoadError` that the audit reports as SCH002.
"""

from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

from registry.document import MAX_FILE_BYTES, Document, LoadError, Position
from registry.yaml12 import parse_yaml

_ROOTS: dict[str, str] = {}


def _real_root(root: Path) -> str:
    key = os.fspath(root)
    found = _ROOTS.get(key)
    if found is None:
        found = _ROOTS[key] = os.path.realpath(root)
    return found


def _inside(real: str, root_real: str) -> bool:
    return real == root_real or real.startswith(root_real.rstrip(os.sep) + os.sep)


def _opened_path(fd: int, fallback: str) -> str:
    """The real path of an open file: one readlink on Linux instead of a realpath walk."""
    try:
        return os.readlink(f"/proc/self/fd/{fd}")
    except OSError:
        return os.path.realpath(fallback)


def read_text(root: Path, relpath: str, *, limit: int = MAX_FILE_BYTES) -> str:
    """Read a UTF-8 text file that must be a regular file inside ``root``.

    Links are followed only when they stay inside the registry; devices, FIFOs,
    sockets and folders are refused before they are opened (opening some devices
    has effects), and opening never blocks.
    """
    return decode(read_bytes(root, relpath, limit=limit))


def read_bytes(root: Path, relpath: str, *, limit: int = MAX_FILE_BYTES) -> bytes:
    """The bytes of a file :func:`read_text` would read (the editor keeps them to compare later)."""
    full = os.path.join(root, relpath)
    root_real = _real_root(root)
    try:
        st = os.stat(full)
    except ValueError:  # a NUL character: no file can have this name
        raise LoadError("is not a usable path (it contains a NUL character)") from None
    except FileNotFoundError:
        if os.path.islink(full):
            raise LoadError("is a link to nothing (broken symbolic link)") from None
        raise LoadError("file does not exist") from None
    except PermissionError:
        raise LoadError("cannot be read: permission denied") from None
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            raise LoadError("cannot resolve the path (symbolic link loop)") from None
        raise LoadError(f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(st.st_mode):
        if not _inside(os.path.realpath(full), root_real):
            raise LoadError("is a link that points outside the registry; it is not read")
        raise LoadError(f"is not a regular file ({_kind(st.st_mode)})")
    try:
        flags = os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)
        fd = os.open(full, flags)
    except PermissionError:
        raise LoadError("cannot be read: permission denied") from None
    except OSError as exc:
        raise LoadError(f"cannot be read: {exc.strerror or exc}") from None
    try:
        if not _inside(_opened_path(fd, full), root_real):
            raise LoadError("is a link that points outside the registry; it is not read")
        st = os.fstat(fd)
        if not stat.S_ISREG(st.st_mode):
            raise LoadError(f"is not a regular file ({_kind(st.st_mode)})")
        if st.st_size > limit:
            raise LoadError(f"file is {st.st_size:,} bytes, over the {limit:,}-byte limit")
        chunks = []
        remaining = limit + 1
        while remaining > 0:
            chunk = os.read(fd, min(remaining, 1 << 20))
            if not chunk:
                break
            chunks.append(chunk)
            remaining -= len(chunk)
        raw = b"".join(chunks)
    except OSError as exc:
        raise LoadError(f"cannot be read: {exc.strerror or exc}") from None
    finally:
        os.close(fd)
    if len(raw) > limit:
        raise LoadError(f"file is over the {limit:,}-byte limit")
    return raw


def decode(raw: bytes) -> str:
    """Decode UTF-8 (an optional BOM is dropped); point at the first bad byte."""
    if b"\x00" in raw:
        line, col = _offset_to_pos(raw, raw.index(b"\x00"))
        raise LoadError("is a binary file (contains NUL bytes), not UTF-8 text", line, col)
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line, col = _offset_to_pos(raw, exc.start)
        raise LoadError(f"is not valid UTF-8 (byte 0x{raw[exc.start]:02x})", line, col) from None
    return text[1:] if text.startswith("\ufeff") else text


def _offset_to_pos(raw: bytes, offset: int) -> Position:
    before = raw[:offset]
    line = before.count(b"\n") + 1
    col = offset - (before.rfind(b"\n") + 1) + 1
    return line, col


def _kind(mode: int) -> str:
    if stat.S_ISDIR(mode):
        return "a folder"
    if stat.S_ISFIFO(mode):
        return "a FIFO"
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return "a device"
    if stat.S_ISSOCK(mode):
        return "a socket"
    return "not a file"


def load_yaml_file(root: Path, relpath: str) -> Document:
    """Read and parse one YAML file of the registry."""
    return parse_yaml(read_text(root, relpath), relpath)
