"""History: the commits that changed each card (VAL005) or a model's folder (``history``)."""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:  # pragma: no cover
    pass

from registry.git.blobs import BlobReader, blob_sha
from registry.git.repo import (
    _LOG_FORMAT,
    _NARROW_LOG,
    CARD_FILE,
    GitUnavailable,
    RepoInfo,
    _first_line,
    head,
    locate,
    resolve,
)
from registry.git.tree import GitTreeSource

Day = date  # ``Commit.date`` shadows the type inside the class


@dataclass(frozen=True, slots=True)
class Commit:
    """One commit as history shows it. ``date`` is the commit date in the committer's zone."""

    sha: str
    short: str
    date: datetime
    author: str
    subject: str

    @property
    def day(self) -> Day:
        """The calendar date of the commit where it was made (its own time zone)."""
        return self.date.date()


@dataclass(frozen=True, slots=True)
class Version:
    """The card as one commit left it: its blob, or None when the commit deleted it."""

    commit: Commit
    blob: str | None


@dataclass(slots=True)
class CardHistory:
    """What git knows about one card: the commits that changed it, newest first.

    The versions follow the first-parent line of the audited commit, so a change
    merged from a branch counts from the day it was merged, not the day it was
    written on the branch. :meth:`current_sha` tells whether the card as the audit
    read it is byte-identical to a version without parsing anything; old contents are
    parsed only when a rule asks.
    """

    path: str  # relative to the registry root
    versions: list[Version]
    reader: BlobReader
    shallow: bool = False  # the oldest version is where a shallow clone's history stops
    sha_length: int = 40

    def baseline(self, day: date) -> int | None:
        """Index of the newest version committed on or before ``day``, if any."""
        for index, version in enumerate(self.versions):
            if version.commit.day <= day:
                return index
        return None

    def current_sha(self, raw: bytes) -> str:
        """The blob sha of the card's bytes as the audit read them (never a second read)."""
        return blob_sha(raw, self.sha_length)

    def contents(self, versions: Iterable[Version]) -> dict[str, dict[str, Any] | None]:
        """Parsed top-level data of each version's blob (one batch)."""
        return self.reader.parsed((v.blob for v in versions if v.blob), self.path)


@dataclass(slots=True)
class History:
    """History facts for a whole registry, or why there are none."""

    cards: dict[str, CardHistory] = field(default_factory=dict)  # by model folder
    note: str | None = None  # one line for the audit's notes when history is missing or partial
    key: str = ""  # changes whenever any card's history does (for caches)
    revision: str | None = None
    available: bool = False


def _log(start: str, paths: list[str]) -> list[str]:
    """The end of every ``git log`` here: NUL-separated records from ``start``, for ``paths``."""
    return ["-z", "--no-color", "--no-show-signature", _LOG_FORMAT, "--end-of-options", start, "--", *paths]


def _glob_escape(text: str) -> str:
    return re.sub(r"([*?\[\]\\])", r"\\\1", text)


def _parse_log(raw: bytes) -> Iterator[tuple[Commit, list[tuple[str, str | None]]]]:
    """Commits and their ``--raw -z`` entries (path, new blob or None when deleted)."""
    tokens = raw.split(b"\x00")
    index = 0
    commit: Commit | None = None
    changes: list[tuple[str, str | None]] = []
    while index < len(tokens):
        token = tokens[index].lstrip(b"\n")
        if token.startswith(b"\x1e") and index + 4 < len(tokens):
            if commit is not None:
                yield commit, changes
            sha, short, when, author, subject = (
                t.decode("utf-8", "replace") for t in tokens[index : index + 5]
            )
            sha = sha.lstrip("\n\x1e")
            if len(short) >= len(sha):  # --no-abbrev (for --raw's blobs) lengthens %h too
                short = sha[:10]
            commit = Commit(sha, short, datetime.fromisoformat(when), author, subject)
            changes = []
            index += 5
        elif token.startswith(b":") and index + 1 < len(tokens):
            meta = token[1:].split()
            path = tokens[index + 1].decode("utf-8", "surrogateescape")
            if len(meta) >= 5:
                blob = meta[3].decode("ascii")
                deleted = meta[4].startswith(b"D") or set(blob) == {"0"}
                changes.append((path, None if deleted else blob))
            index += 2
        else:
            index += 1
    if commit is not None:
        yield commit, changes


def registry_history(
    root: Path,
    *,
    rev: str | None = None,
    tree: GitTreeSource | None = None,
    folders: Iterable[str] | None = None,
) -> History:
    """The history of every card in the registry at ``root``, from one ``git log``.

    ``rev`` (a full sha; default HEAD) is where history is read from; with ``tree``
    (the source ``audit --rev`` reads) the card "now" is that tree's blob, otherwise
    the working-tree file. ``folders`` narrows the log to those models' cards (the
    pre-commit hook audits a few cards of a large registry). A :class:`History` whose
    ``note`` says why comes back when git cannot help: no repository, no commits, no
    committed card, a shallow clone.
    """
    try:
        info = tree.info if tree is not None else locate(root)
    except GitUnavailable as exc:
        return History(note=f"VAL005 skipped: {exc.reason}")
    start = rev or (tree.revision if tree is not None else None) or head(info)
    if start is None:
        return History(note="VAL005 skipped: the git repository has no commits yet")
    chosen = sorted(set(folders)) if folders is not None else None
    if chosen is not None and len(chosen) <= _NARROW_LOG:
        specs = [f":(literal){info.prefix}models/{f}/{CARD_FILE}" for f in chosen if "/" not in f]
    else:
        specs = [f":(glob){_glob_escape(info.prefix)}models/*/{CARD_FILE}"]
    if not specs:
        return History(note=None, revision=start)
    try:
        raw: bytes = info.run(
            ["log", "--first-parent", "--no-renames", "--raw", "--no-abbrev", *_log(start, specs)]
        )
    except Exception as exc:  # GitCommandError: a corrupt repository, say
        return History(note=f"VAL005 skipped: git log failed: {_first_line(exc)}", revision=start)
    reader = tree.reader if tree is not None else BlobReader(info)
    boundary = info.shallow_commits()
    cut = len(info.prefix)
    per_path: dict[str, list[Version]] = {}
    for commit, changes in _parse_log(raw):
        for path, blob in changes:
            if path.startswith(info.prefix):
                per_path.setdefault(path[cut:], []).append(Version(commit, blob))
    cards: dict[str, CardHistory] = {}
    oldest_fetched: date | None = None
    for rel, versions in per_path.items():
        parts = rel.split("/")
        if len(parts) != 3 or parts[0] != "models" or parts[2] != CARD_FILE:
            continue
        if chosen is not None and parts[1] not in chosen:
            continue
        shallow = versions[-1].commit.sha in boundary
        if shallow:
            day = versions[-1].commit.day
            oldest_fetched = day if oldest_fetched is None or day < oldest_fetched else oldest_fetched
        cards[parts[1]] = CardHistory(
            path=rel,
            versions=versions,
            reader=reader,
            shallow=shallow,
            sha_length=len(start),
        )
    key = hashlib.blake2b(raw + ",".join(sorted(boundary)).encode("ascii"), digest_size=16).hexdigest()
    note = None
    if not cards and chosen is None:
        note = f"VAL005 skipped: no commit of {start[:12]} touches {info.prefix}models/*/{CARD_FILE}"
    elif oldest_fetched is not None:
        note = (
            f"VAL005 skipped for validations before {oldest_fetched.isoformat()}: this is a shallow "
            "clone without older history (`git fetch --unshallow` fetches it)"
        )
    return History(cards=cards, note=note, key=key, revision=start, available=bool(cards))


# --------------------------------------------------------------------------- one model


def _model_path(info: RepoInfo, model: str) -> str:
    if not model or "/" in model or "\\" in model or model in (".", "..") or "\x00" in model:
        raise ValueError(f"{model!r} is not a model folder name")
    return f"{info.prefix}models/{model}/"


def model_history(root: Path, model: str, limit: int = 100) -> list[Commit]:
    """Commits that touched ``models/<model>/`` (card, runbook, anything), newest first.

    Raises :class:`GitUnavailable` outside git; a repository without commits has none.
    """
    info = locate(root)
    start = head(info)
    if start is None or limit <= 0:
        return []
    raw: bytes = info.run(
        ["--literal-pathspecs", "log", f"--max-count={int(limit)}", *_log(start, [_model_path(info, model)])]
    )
    return [commit for commit, _ in _parse_log(raw)]


def model_diff(root: Path, model: str, sha: str) -> str:
    """What commit ``sha`` changed in ``models/<model>/``, as a patch (raw card text: clean it)."""
    info = locate(root)
    full = resolve(info, sha)
    raw: bytes = info.run(
        [
            "--literal-pathspecs",
            "show",
            "--no-color",
            "--no-ext-diff",
            "--no-textconv",
            "--no-show-signature",
            "--diff-merges=first-parent",
            "--patch",
            "--format=",
            "--end-of-options",
            full,
            "--",
            _model_path(info, model),
        ]
    )
    return raw.decode("utf-8", "replace")
