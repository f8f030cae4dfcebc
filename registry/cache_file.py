"""The audit cache's file: two JSON lines, written atomically, read only as far as needed.

The first line holds the context (what every finding depends on besides the cards),
the owner records' signatures and findings, and the history note; the second, every
card's entry. A run reads the first line, and reads and parses the second only when
the context is its own: a stale cache of 50,000 cards is never held in memory.
"""

from __future__ import annotations

import contextlib
import json
import os
import signal
import stat
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

CACHE_DIR = ".registry"
CACHE_FILE = "audit-cache.json"
CACHE_FORMAT = 8  # 8: entries quote the waivers behind their waived findings
#: Largest cache file read back (about 700 bytes a card: 100,000 cards fit).
MAX_CACHE_BYTES = 256 * 1024 * 1024

JSONValue = object  # what json.loads returns; checked before any use


@dataclass(frozen=True, slots=True)
class Header:
    """The cache file's first line, and where its second line starts in that very file."""

    data: dict[str, JSONValue]
    offset: int
    identity: tuple[int, int, int]  # inode, size, mtime: the file the cards are read from

    def get(self, key: str) -> JSONValue:
        return self.data.get(key)


def _open(root: Path) -> int | None:
    """A descriptor of the cache file if it is a regular file of sane size (never a link,
    FIFO or device): a pull request can commit anything at this path."""
    folder = root / CACHE_DIR
    path = folder / CACHE_FILE
    try:
        if folder.is_symlink():
            return None
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    if not stat.S_ISREG(os.fstat(fd).st_mode):
        os.close(fd)
        return None
    return fd


def _identity(fd: int) -> tuple[int, int, int]:
    st = os.fstat(fd)
    return (st.st_ino, st.st_size, st.st_mtime_ns)


def read_header(root: Path) -> Header | None:
    """The first line of a cache of this format (missing, corrupt, planted: None)."""
    fd = _open(root)
    if fd is None:
        return None
    with os.fdopen(fd, "rb") as handle:
        line = handle.readline(MAX_CACHE_BYTES)
        identity = _identity(handle.fileno())
    try:
        data = json.loads(line)
    except (ValueError, RecursionError):
        return None
    if not isinstance(data, dict) or data.get("format") != CACHE_FORMAT:
        return None
    return Header(data, len(line), identity)


def read_cards(root: Path, header: Header) -> dict[str, JSONValue]:
    """The second line (every card's entry) of the file ``header`` was read from; {} if it changed."""
    fd = _open(root)
    if fd is None:
        return {}
    with os.fdopen(fd, "rb") as handle:
        if _identity(handle.fileno()) != header.identity:  # replaced since: trust neither
            return {}
        handle.seek(header.offset)
        raw = handle.read(MAX_CACHE_BYTES)
    try:
        cards = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    return cards if isinstance(cards, dict) else {}


def save(root: Path, header: dict[str, JSONValue], cards: dict[str, JSONValue]) -> None:
    """Write the cache atomically: readers see the old file or the new one, never half.

    A run stopped while writing (a signal, a full disk) leaves no temporary file behind.
    """
    with _signals_held():
        _write(root / CACHE_DIR, header, cards)


@contextlib.contextmanager
def _signals_held() -> Iterator[None]:
    """SIGINT and SIGTERM wait until the file is written (a fraction of a second), then act."""
    held = {signal.SIGINT, signal.SIGTERM}
    try:
        before = signal.pthread_sigmask(signal.SIG_BLOCK, held)
    except (AttributeError, OSError, ValueError):  # pragma: no cover - no pthread_sigmask
        yield
        return
    try:
        yield
    finally:
        signal.pthread_sigmask(signal.SIG_SETMASK, before)


def _write(folder: Path, header: dict[str, JSONValue], cards: dict[str, JSONValue]) -> None:
    try:
        folder.mkdir(exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            return
        fd, tmp = tempfile.mkstemp(prefix=".audit-cache.", dir=folder)
    except OSError:
        return  # a read-only registry is audited without a cache
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"format": CACHE_FORMAT, **header}, handle, separators=(",", ":"))
            handle.write("\n")
            json.dump(cards, handle, separators=(",", ":"))
        os.replace(tmp, folder / CACHE_FILE)
    except BaseException as exc:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        if not isinstance(exc, OSError):
            raise


def load(root: Path) -> dict[str, JSONValue] | None:
    """The whole cache as one mapping (the header's keys and ``cards``): for tools and tests."""
    header = read_header(root)
    return None if header is None else {**header.data, "cards": read_cards(root, header)}


def store(root: Path, data: dict[str, JSONValue]) -> None:
    """Write a mapping as :func:`load` returns it (tests forge caches with it)."""
    header = {k: v for k, v in data.items() if k not in ("cards", "format")}
    cards = data.get("cards")
    _write(root / CACHE_DIR, header, cards if isinstance(cards, dict) else {})
