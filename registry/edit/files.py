"""Read a file with what it takes to notice a later change; write files atomically.

An edit is computed from the bytes read, so it must land on exactly those bytes: if
someone saved the card in an editor meanwhile, writing would silently throw their
change away. Every write therefore compares the file with the snapshot taken when it
was read, writes a temporary file in the same folder (flushed and synced), and renames
it over the original, so a crash leaves either the old file or the new one, whole.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from registry import atomic
from registry.loader import LoadError, decode, read_bytes


class WriteError(Exception):
    """A file that cannot be read for editing or written back (one line, names the file)."""


@dataclass(frozen=True, slots=True)
class Snapshot:
    """A file as it was read: its bytes (None when it did not exist) and its permission bits."""

    rel: str  # relative to the registry root, POSIX
    path: Path
    raw: bytes | None
    mode: int | None = None

    @property
    def text(self) -> str:
        """The decoded text ("" for a file that does not exist yet)."""
        if self.raw is None:
            return ""
        try:
            text = decode(self.raw)  # drops a byte-order mark: keep it, the file had it
        except LoadError as exc:
            raise WriteError(f"{self.rel}:{exc.line}:{exc.column}: {exc.message}") from None
        return "\ufeff" + text if self.raw.startswith(b"\xef\xbb\xbf") else text


def read(root: Path, rel: str, *, must_exist: bool = True) -> Snapshot:
    """The bytes of ``root/rel``: a regular file of the registry, not a link, not too large.

    A link is refused rather than followed: renaming the edited file over it would
    replace the link with a copy, and the file it points to would not change.
    """
    path = root / rel
    if path.is_symlink():
        target = "a broken symbolic link" if not path.exists() else "a symbolic link"
        raise WriteError(f"{rel} is {target}; edit the file it points to")
    if not os.path.lexists(path):
        if must_exist:
            raise WriteError(f"{rel}: file does not exist")
        return Snapshot(rel, path, None)
    try:
        raw = read_bytes(root, rel)
        mode = stat.S_IMODE(os.stat(path).st_mode)
    except LoadError as exc:
        raise WriteError(
            f"{rel} {exc.message}" if exc.message.startswith("is ") else f"{rel}: {exc.message}"
        ) from None
    except OSError as exc:
        raise WriteError(f"{rel}: cannot be read: {exc.strerror or exc}") from None
    return Snapshot(rel, path, raw, mode)


def check_writable(snapshot: Snapshot) -> None:
    """Refuse files nobody may write (mode bits, not access(): root may write anything)."""
    if snapshot.mode is not None and not snapshot.mode & 0o222:
        raise WriteError(f"{snapshot.rel} is read-only; nothing written (make it writable to edit it)")


def check_unchanged(snapshot: Snapshot) -> None:
    """Refuse when the file on disk is no longer what was read."""
    try:
        now = read(snapshot.path.parent, snapshot.path.name, must_exist=False).raw
    except WriteError:
        now = b"\x00unreadable"
    if now != snapshot.raw:
        what = "was created" if snapshot.raw is None else "was deleted" if now is None else "changed"
        raise WriteError(
            f"{snapshot.rel} {what} on disk since it was read; nothing written (run the edit again)"
        )


def write(changes: Sequence[tuple[Snapshot, bytes]]) -> None:
    """Replace each snapshot's file with new bytes, all or none as far as the file system allows.

    Every new file is written and synced beside its target first; only when all are
    ready, and each target still holds what was read, are they renamed into place.
    """
    for snapshot, _ in changes:
        check_writable(snapshot)
        check_unchanged(snapshot)
    staged: list[tuple[Snapshot, str]] = []
    renamed = 0
    try:
        for snapshot, data in changes:
            staged.append((snapshot, _stage(snapshot, data)))
        for snapshot, _ in changes:
            check_unchanged(snapshot)
        for snapshot, tmp in staged:
            if snapshot.raw is None:
                os.link(tmp, snapshot.path)  # never replaces a file created meanwhile
                os.unlink(tmp)
            else:
                os.replace(tmp, snapshot.path)
            renamed += 1
        for folder in {snapshot.path.parent for snapshot, _ in staged}:
            atomic.sync_folder(folder)
    except FileExistsError:
        raise WriteError(f"{staged[renamed][0].rel} was created on disk meanwhile; not overwritten") from None
    except OSError as exc:
        done = "nothing written" if not renamed else f"{renamed} of {len(changes)} files written"
        raise WriteError(f"cannot write {_name(exc, changes)}: {exc.strerror or exc}; {done}") from None
    finally:
        for _, tmp in staged:
            if os.path.lexists(tmp):
                os.unlink(tmp)


def _stage(snapshot: Snapshot, data: bytes) -> str:
    snapshot.path.parent.mkdir(parents=True, exist_ok=True)
    return atomic.stage(snapshot.path, data, mode=snapshot.mode)


def _name(exc: OSError, changes: Sequence[tuple[Snapshot, bytes]]) -> str:
    for snapshot, _ in changes:
        if exc.filename and Path(str(exc.filename)).parent == snapshot.path.parent:
            return snapshot.rel
    return changes[0][0].rel if changes else "file"
