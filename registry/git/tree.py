"""A commit's tree, or git's index, as a registry :class:`~registry.store.Source`."""

from __future__ import annotations

import os
import posixpath
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from registry.loader import MAX_FILE_BYTES, LoadError

if TYPE_CHECKING:  # pragma: no cover
    pass

from registry.git.blobs import BlobReader
from registry.git.repo import _PREFETCH_SUFFIXES, RepoInfo, locate, resolve


@dataclass(frozen=True, slots=True)
class _Entry:
    mode: str
    kind: str  # blob | tree | commit
    sha: str
    size: int


class _Outside(Exception):
    pass


def _ls_tree(info: RepoInfo, sha: str) -> dict[str, _Entry]:
    """The registry's files and folders at commit ``sha``, with their sizes (one ``ls-tree``)."""
    args = ["--literal-pathspecs", "ls-tree", "-r", "-t", "-z", "--long", "--full-tree", sha]
    if info.prefix:
        args += ["--", info.prefix.rstrip("/")]
    raw: bytes = info.run(args)
    cut = len(info.prefix)
    entries: dict[str, _Entry] = {}
    for record in raw.split(b"\x00"):
        meta, tab, name = record.partition(b"\t")
        if not tab:
            continue
        path = name.decode("utf-8", "surrogateescape")
        if not path.startswith(info.prefix) or len(path) <= cut:
            continue
        mode, kind, obj, size = meta.decode("ascii", "replace").split()
        entries[path[cut:]] = _Entry(mode, kind, obj, int(size) if size.isdigit() else 0)
    return entries


def _ls_index(info: RepoInfo) -> dict[str, _Entry]:
    """The registry's files as staged (one ``ls-files``), with the folders they imply.

    The index does not record sizes: ``size`` is -1 and the blob reader enforces the
    limit when it reads. An unmerged path keeps "ours" (stage 2).
    """
    args = ["--literal-pathspecs", "ls-files", "--stage", "-z", "--full-name"]
    raw: bytes = info.run([*args, "--", info.prefix.rstrip("/") or "."])
    cut = len(info.prefix)
    entries: dict[str, _Entry] = {}
    for record in raw.split(b"\x00"):
        meta, tab, name = record.partition(b"\t")
        path = name.decode("utf-8", "surrogateescape")
        if not tab or not path.startswith(info.prefix) or len(path) <= cut:
            continue
        mode, obj, stage = meta.decode("ascii", "replace").split()
        rel = path[cut:]
        if stage not in ("0", "2") or (stage == "2" and rel in entries):
            continue
        entries[rel] = _Entry(mode, "commit" if mode == "160000" else "blob", obj, -1)
        parent = rel.rpartition("/")[0]
        while parent and parent not in entries:
            entries[parent] = _Entry("040000", "tree", "", 0)
            parent = parent.rpartition("/")[0]
    return entries


class GitTreeSource:
    """A :class:`registry.store.Source` over one commit's tree: ``audit --rev`` without a checkout.

    One ``git ls-tree`` lists the registry's files with their sizes; registry files are
    read in one ``cat-file`` batch. Symbolic links are followed as on disk, only while
    they stay inside the registry.
    """

    def __init__(
        self,
        info: RepoInfo,
        sha: str | None,
        root: Path,
        *,
        reader: BlobReader | None = None,
        blobs: dict[str, bytes | None] | None = None,
        prefetch: bool = True,
        listing: dict[str, _Entry] | None = None,
    ) -> None:
        """``reader`` and ``blobs`` may be shared by the trees of many commits (``registry
        trend``), so that a file unchanged between them is read once; ``prefetch`` reads
        every registry file up front, which a reader that parses little does not want.
        ``listing`` replaces the commit's tree (the index: :func:`index_source`)."""
        self.info = info
        self.revision: str | None = sha
        self.root = root
        self.reader = reader if reader is not None else BlobReader(info)
        self.entries: dict[str, _Entry] = listing if listing is not None else _ls_tree(info, sha or "HEAD")
        self.children: dict[str, list[str]] = {"": []}
        for rel, entry in self.entries.items():
            parent, _, leaf = rel.rpartition("/")
            self.children.setdefault(parent, []).append(leaf)
            if entry.kind == "tree":
                self.children.setdefault(rel, [])
        self._blobs: dict[str, bytes | None] = blobs if blobs is not None else {}
        self._link_folders: set[str] | None = None
        if prefetch:
            self.prefetch(rel for rel in self.entries if rel.endswith(_PREFETCH_SUFFIXES))

    def prefetch(self, rels: Iterable[str]) -> None:
        """Read these files' contents in one batch (those not read already)."""
        ahead = []
        for rel in rels:
            entry = self.entries.get(rel)
            if entry is None or entry.kind != "blob" or entry.size > MAX_FILE_BYTES:
                continue
            if entry.sha not in self._blobs:
                ahead.append(entry.sha)
        self._blobs.update(self.reader.read_many(ahead))

    # -- helpers

    def _blob(self, entry: _Entry) -> bytes | None:
        if entry.sha not in self._blobs:
            self._blobs.update(self.reader.read_many([entry.sha]))
        return self._blobs.get(entry.sha)

    def _real(self, rel: str, hops: int = 0) -> str:
        """``rel`` with every symbolic link resolved; :class:`_Outside` when it leaves the registry."""
        parts = [p for p in rel.split("/") if p and p != "."]
        done: list[str] = []
        for index, part in enumerate(parts):
            if part == "..":
                if not done:
                    raise _Outside
                done.pop()
                continue
            here = "/".join([*done, part])
            entry = self.entries.get(here)
            if entry is not None and entry.mode == "120000":
                if hops >= 40:
                    raise LoadError("cannot resolve the path (symbolic link loop?)")
                target = (self._blob(entry) or b"").decode("utf-8", "surrogateescape")
                if target.startswith("/") or not target:
                    raise _Outside
                rest = "/".join([*done, target, *parts[index + 1 :]])
                return self._real(rest, hops + 1)
            done.append(part)
        return "/".join(done)

    def _lookup(self, rel: str) -> tuple[str, _Entry | None]:
        real = self._real(rel)
        return real, self.entries.get(real)

    # -- the Source protocol

    def read_bytes(self, rel: str) -> bytes:
        try:
            real, entry = self._lookup(rel)
        except _Outside:
            raise LoadError("is a link that points outside the registry; it is not read") from None
        if entry is None:
            if real == "":
                raise LoadError("is not a regular file (a folder)")
            raise LoadError("file does not exist")
        if entry.kind == "tree":
            raise LoadError("is not a regular file (a folder)")
        if entry.kind != "blob":
            raise LoadError("is not a regular file (a submodule)")
        if entry.size > MAX_FILE_BYTES:
            raise LoadError(f"file is {entry.size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        raw = self._blob(entry)
        if raw is None and entry.sha in self.reader.oversize:  # a staged file: its size was unknown
            size = self.reader.oversize[entry.sha]
            raise LoadError(f"file is {size:,} bytes, over the {MAX_FILE_BYTES:,}-byte limit")
        if raw is None:
            raise LoadError("cannot be read from git (object missing)")
        return raw

    def names(self, rel: str) -> list[str]:
        try:
            real = self._real(rel)
        except (_Outside, LoadError):
            return []
        return sorted(self.children.get(real, []))

    def is_dir(self, rel: str) -> bool:
        try:
            real, entry = self._lookup(rel)
        except (_Outside, LoadError):
            return False
        return real == "" or (entry is not None and entry.kind in ("tree", "commit"))

    def is_file(self, rel: str) -> bool:
        try:
            _, entry = self._lookup(rel)
        except (_Outside, LoadError):
            return False
        return entry is not None and entry.kind == "blob"

    def lexists(self, rel: str) -> bool:
        return posixpath.normpath(rel) in self.entries

    def is_link(self, rel: str) -> bool:
        entry = self.entries.get(posixpath.normpath(rel))
        return entry is not None and entry.mode == "120000"

    def show(self, rel: str) -> str:
        """``sha:path`` for a revision, ``:path`` (git's name for the staged file) for the index."""
        sha = self.revision or ""
        return f"{sha[:12]}:{self.info.prefix}{rel}"

    def blob_of(self, rel: str) -> str | None:
        """The blob sha of a file in this tree (for comparing with history)."""
        entry = self.entries.get(rel)
        return entry.sha if entry is not None and entry.kind == "blob" else None

    def content_key(self, rel: str) -> str | None:
        """The object id of a file or folder when reading it follows no symbolic link.

        Equal ids mean equal contents, so what was parsed from a card's folder at one
        commit serves every commit with the same id (``registry trend``). A link, or a
        folder holding one, reads files the id does not cover: None.
        """
        entry = self.entries.get(rel)
        if entry is None or entry.mode == "120000":
            return None
        if self._link_folders is None:
            folders: set[str] = set()
            for path, other in self.entries.items():
                if other.mode == "120000":
                    parts = path.split("/")
                    folders.update("/".join(parts[:n]) for n in range(1, len(parts)))
            self._link_folders = folders
        return None if rel in self._link_folders else entry.sha


def tree_source(root: Path, ref: str) -> GitTreeSource:
    """The registry at ``root`` as it was at ``ref``; raises GitUnavailable or BadRevision."""
    info = locate(root)
    sha = resolve(info, ref)
    return GitTreeSource(info, sha, Path(os.path.abspath(root)))


def index_source(root: Path) -> GitTreeSource:
    """The registry at ``root`` as staged: what the next commit will hold (``audit --staged``).

    Its ``revision`` is None (the index is not a commit yet); history for VAL005 is read
    from HEAD, with the staged card as the card now. Untracked files are not in it.
    """
    info = locate(root)
    return GitTreeSource(info, None, Path(os.path.abspath(root)), prefetch=False, listing=_ls_index(info))
