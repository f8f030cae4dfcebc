"""The registry's git side: where the repository is, revisions, history, old file contents.

The registry is usually a git repository, or a folder inside one, and its history is
evidence: a validation covers the card as it was on the validation date, so a later
change to the card (VAL005) means the validation no longer covers what is there.
Everything here reads git objects and never touches the working tree or the index.

Three habits keep it safe and fast on large registries:

* No string from a user reaches git where git could read it as an option: refs are
  resolved with ``rev-parse --verify --end-of-options REF^{commit}`` into a full sha
  before anything else sees them, and paths always come after ``--``.
* A constant number of processes, whatever the registry's size: one ``git log`` for the
  history of every card, one ``git ls-tree`` for a revision's files, and one long-lived
  ``git cat-file --batch`` per process for file contents, asked in batches.
* Missing git is not an error for the audit: outside a repository, in one with no
  commits, with another user's repository ("dubious ownership") or a shallow clone, the
  functions say why history is unavailable, and the audit skips the history rules with
  one note instead of failing.

GitPython is imported on first use: it costs about 150 ms, which commands that never
touch git should not pay.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import posixpath
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.loader import MAX_FILE_BYTES, LoadError, decode, parse_yaml

if TYPE_CHECKING:  # pragma: no cover
    from git import Repo

CARD_FILE = "model_card.yaml"
_SHA = re.compile(r"^[0-9a-f]{40}(?:[0-9a-f]{24})?$")
#: ``git log`` format: a record separator, then NUL-separated fields (subject last).
_LOG_FORMAT = "--format=%x1e%H%x00%h%x00%cI%x00%aN%x00%s"
#: Shas asked of ``cat-file`` per write: small enough that the request always fits
#: in the pipe's buffer, so writing never waits on our own unread output.
_BATCH = 400
#: Up to this many models, the history log names each card; beyond, one glob covers all.
_NARROW_LOG = 200
#: Registry files read ahead in one batch when a revision's tree is opened.
_PREFETCH_SUFFIXES = (".yaml", ".yml", ".md")


class GitUnavailable(Exception):
    """There is no usable git repository around the registry; ``reason`` says why."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class BadRevision(Exception):
    """A ref that does not name a commit (one-line message, exit code 2)."""


# --------------------------------------------------------------------------- repository


@dataclass(slots=True)
class RepoInfo:
    """A repository and where the registry sits in it."""

    repo: Repo
    top: Path  # the working tree's top folder
    prefix: str  # the registry folder relative to ``top``, "" or ending in "/"
    common_dir: Path  # where refs, objects and the ``shallow`` file live
    shallow: bool

    def run(self, args: list[str], *, text: bool = False) -> Any:
        """Run ``git args`` in the top folder; raises GitPython's ``GitCommandError``."""
        return self.repo.git.execute(
            ["git", *args],
            stdout_as_string=text,
            strip_newline_in_stdout=False,
        )

    def shallow_commits(self) -> frozenset[str]:
        """Commits whose parents a shallow clone does not have."""
        if not self.shallow:
            return frozenset()
        try:
            raw = (self.common_dir / "shallow").read_text(encoding="ascii", errors="replace")
        except OSError:
            return frozenset()
        return frozenset(line.strip() for line in raw.splitlines() if line.strip())


def _gitpython() -> Any:
    try:
        import git
    except ImportError as exc:  # GitPython refuses to import without a git executable
        raise GitUnavailable(f"git cannot be used ({' '.join(str(exc).split())[:120]})") from None
    return git


def _first_line(error: Exception) -> str:
    """The first meaningful line of a failed git command's stderr."""
    stderr = getattr(error, "stderr", "") or str(error)
    if isinstance(stderr, bytes):
        stderr = stderr.decode("utf-8", "replace")
    for raw in stderr.splitlines():
        line = raw.strip().strip("'").strip()
        if line.startswith("stderr:"):
            line = line[len("stderr:") :].strip().strip("'").strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "git failed"


def _looks_like_git(root: Path) -> bool:
    """A ``.git`` at or above ``root`` (or ``GIT_DIR`` set): worth asking git."""
    if os.environ.get("GIT_DIR"):
        return True
    return any(os.path.lexists(folder / ".git") for folder in (root, *root.parents))


def locate(root: Path) -> RepoInfo:
    """The repository that holds the registry folder ``root``; :class:`GitUnavailable` if none.

    The registry may be a subfolder of a larger repository. A repository that git
    itself refuses (another user's, "dubious ownership") counts as no repository.
    """
    root = Path(os.path.abspath(root))
    if not _looks_like_git(root):  # spares GitPython's import where there is no repository
        raise GitUnavailable(f"{root} is not in a git repository")
    git = _gitpython()
    try:
        repo = git.Repo(root, search_parent_directories=True)
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        raise GitUnavailable(f"{root} is not in a git repository") from None
    except Exception as exc:  # a broken .git file or folder
        raise GitUnavailable(f"the git repository around {root} cannot be read: {_first_line(exc)}") from None
    if repo.bare or repo.working_tree_dir is None:
        raise GitUnavailable(f"{root} is inside a bare git repository")
    try:
        out = repo.git.execute(
            [
                "git",
                "rev-parse",
                "--path-format=absolute",
                "--show-toplevel",
                "--git-common-dir",
                "--is-shallow-repository",
            ],
            stdout_as_string=True,
        )
    except git.GitCommandNotFound:
        raise GitUnavailable("git is not installed") from None
    except git.GitCommandError as exc:
        message = _first_line(exc)
        if "dubious ownership" in message:
            raise GitUnavailable(
                f"git refuses the repository at {repo.working_tree_dir} (dubious ownership: it belongs "
                "to another user; see `git config --global --add safe.directory`)"
            ) from None
        raise GitUnavailable(
            f"git cannot read the repository at {repo.working_tree_dir}: {message}"
        ) from None
    lines = out.splitlines()
    if len(lines) < 3:
        raise GitUnavailable(f"git cannot read the repository at {repo.working_tree_dir}")
    top = Path(lines[0]).resolve()
    try:
        rel = root.resolve().relative_to(top).as_posix()
    except ValueError:
        raise GitUnavailable(f"{root} is not inside the git working tree {top}") from None
    prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
    return RepoInfo(repo, top, prefix, Path(lines[1]), lines[2].strip() == "true")


def find_repo(root: Path) -> Repo | None:
    """The GitPython ``Repo`` around the registry, or None when there is no usable one."""
    try:
        return locate(root).repo
    except GitUnavailable:
        return None


def resolve(info: RepoInfo, ref: str) -> str:
    """The full sha of the commit ``ref`` names; :class:`BadRevision` when it names none.

    ``--end-of-options`` makes git read ``ref`` as a revision even when it looks like
    an option (``--output=x``); refs starting with ``-`` are refused before that anyway.
    """
    shown = " ".join(ref.split()) if ref.isprintable() else ref.encode("unicode_escape").decode("ascii")
    if not ref.strip() or ref.startswith("-") or "\x00" in ref or "\n" in ref:
        raise BadRevision(f"{shown!r} is not a valid revision")
    git = _gitpython()
    try:
        out = info.run(
            ["rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}"], text=True
        )
    except git.GitCommandError:
        raise BadRevision(f"unknown revision {shown!r}: it names no commit in {info.top}") from None
    sha = str(out).strip()
    if not _SHA.match(sha):
        raise BadRevision(f"unknown revision {shown!r}")
    return sha


def head(info: RepoInfo) -> str | None:
    """The commit checked out (detached or not), or None in a repository with no commits."""
    try:
        return resolve(info, "HEAD")
    except BadRevision:
        return None


def merge_base(info: RepoInfo, one: str, other: str) -> str | None:
    """The best common ancestor of two commits (full shas), or None when they share no history.

    ``git diff main...HEAD`` compares with this commit, so a pull request is judged on
    what its branch changed, not on what the target branch changed after it forked.
    """
    if not (_SHA.match(one) and _SHA.match(other)):
        raise ValueError("merge_base takes full commit shas")
    git = _gitpython()
    try:
        out = info.run(["merge-base", one, other], text=True)
    except git.GitCommandError:  # exit 1: no common ancestor
        return None
    sha = str(out).strip()
    return sha if _SHA.match(sha) else None


def head_revision(root: Path) -> str | None:
    """The sha of HEAD for the registry at ``root``; None outside git or before the first commit."""
    try:
        return head(locate(root))
    except GitUnavailable:
        return None


@dataclass(frozen=True, slots=True)
class GitState:
    """What a warm audit asks git: HEAD, a key for the cache, and whether the checkout is sparse."""

    revision: str | None
    key: str  # changes whenever committed history could tell the audit more
    top: Path | None = None
    prefix: str = ""  # the registry folder relative to ``top``, "" or ending in "/"
    sparse: bool = False  # a sparse-checkout file exists: some files may not be on disk


def history_state(root: Path) -> tuple[str | None, str]:
    """HEAD, and a key that changes whenever committed history could tell the audit more."""
    state = git_state(root)
    return state.revision, state.key


def git_state(root: Path) -> GitState:
    """HEAD, the cache key and sparseness, from two ``git rev-parse`` processes.

    A warm audit needs only this, not the history itself: it runs git directly, because
    importing GitPython would cost a warm run more than everything else it does.
    Anything unusual (no repository, no commits, another user's repository) gives a
    key that says so and no revision.
    """
    root = Path(os.path.abspath(root))
    if not _looks_like_git(root):
        return GitState(None, "no git")
    where = _rev_parse(
        root,
        "--path-format=absolute",
        "--show-toplevel",
        "--git-common-dir",
        "--is-shallow-repository",
        "--git-path",
        "info/sparse-checkout",
    )
    lines = where.splitlines() if where else []
    if len(lines) < 4:
        return GitState(None, "no usable git")
    sha = _rev_parse(root, "--verify", "--quiet", "--end-of-options", "HEAD^{commit}")
    start = sha.strip() if sha and _SHA.match(sha.strip()) else None
    boundary = ""
    if lines[2].strip() == "true":
        with contextlib.suppress(OSError):
            boundary = ",".join(sorted((Path(lines[1]) / "shallow").read_text("ascii", "replace").split()))
    top = Path(lines[0]).resolve()
    try:
        rel = root.resolve().relative_to(top).as_posix()
    except ValueError:
        return GitState(None, "outside the git working tree")
    prefix = "" if rel in ("", ".") else rel.rstrip("/") + "/"
    return GitState(start, f"{start}|{rel}|{boundary}", top, prefix, os.path.isfile(lines[3]))


def _rev_parse(root: Path, *args: str) -> str | None:
    try:
        ran = subprocess.run(
            ["git", "rev-parse", *args],
            cwd=root,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return ran.stdout.decode("utf-8", "surrogateescape") if ran.returncode == 0 else None


def sparse_note(state: GitState) -> str | None:
    """A note when a sparse checkout leaves model cards out of the working tree (and the audit)."""
    if not state.sparse or state.top is None:
        return None
    try:
        ran = subprocess.run(
            ["git", "--literal-pathspecs", "ls-files", "-t", "-z", "--", f"{state.prefix}models/"],
            cwd=state.top,
            stdin=subprocess.DEVNULL,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    cut = len(state.prefix)
    skipped = 0
    for entry in ran.stdout.split(b"\x00"):
        tag, _, path = entry.partition(b" ")
        parts = path.decode("utf-8", "surrogateescape")[cut:].split("/")
        if tag == b"S" and len(parts) == 3 and parts[2] == CARD_FILE:
            skipped += 1
    if not skipped:
        return None
    cards = "model card is" if skipped == 1 else "model cards are"
    return (
        f"{skipped} {cards} outside this sparse checkout and not audited "
        "(`git sparse-checkout add` brings them in; `registry audit --rev HEAD` audits every committed card)"
    )


# --------------------------------------------------------------------------- objects


class BlobReader:
    """File contents by blob sha through one long-lived ``git cat-file --batch``.

    Requests are written in batches and answers read back in order, so thousands of
    blobs cost one process and a few pipe round trips. The process belongs to the
    process that started it: after a fork (the parallel audit's workers) a child starts
    its own instead of talking over its parent's pipes.
    """

    def __init__(self, info: RepoInfo, limit: int = MAX_FILE_BYTES) -> None:
        self.top = info.top
        self.repo = info.repo
        self.limit = limit
        self._proc: Any = None
        self._pid = 0
        self._parsed: dict[str, dict[str, Any] | None] = {}
        self.oversize: dict[str, int] = {}  # blobs over the limit, by sha: their size

    def _process(self) -> Any:
        if self._proc is None or self._pid != os.getpid():
            self._proc = self.repo.git.execute(
                ["git", "cat-file", "--batch"], as_process=True, istream=subprocess.PIPE
            )
            self._pid = os.getpid()
        return self._proc

    def read_many(self, shas: Iterable[str]) -> dict[str, bytes | None]:
        """Contents of each blob; None for a missing one or one over the size limit."""
        wanted = [s for s in dict.fromkeys(shas) if _SHA.match(s)]
        out: dict[str, bytes | None] = {}
        if not wanted:
            return out
        proc = self._process()
        stdin, stdout = proc.proc.stdin, proc.proc.stdout
        for start in range(0, len(wanted), _BATCH):
            chunk = wanted[start : start + _BATCH]
            stdin.write("".join(f"{s}\n" for s in chunk).encode("ascii"))
            stdin.flush()
            for sha in chunk:
                header = stdout.readline().split()
                if len(header) != 3:  # "<sha> missing" (or the process died)
                    if not header:
                        self._proc = None
                        raise OSError("git cat-file stopped answering")
                    out[sha] = None
                    continue
                size = int(header[2])
                if size > self.limit:
                    self.oversize[sha] = size
                    remaining = size + 1
                    while remaining:
                        remaining -= len(stdout.read(min(remaining, 1 << 20)) or b"x" * remaining)
                    out[sha] = None
                    continue
                out[sha] = stdout.read(size)
                stdout.read(1)  # the newline after each object
        return out

    def parsed(self, shas: Iterable[str], path: str) -> dict[str, dict[str, Any] | None]:
        """Each card blob as parsed top-level data; None when unreadable or not a mapping."""
        shas = list(dict.fromkeys(shas))
        missing = [s for s in shas if s not in self._parsed]
        for sha, raw in self.read_many(missing).items():
            data: dict[str, Any] | None = None
            if raw is not None:
                try:
                    parsed = parse_yaml(decode(raw), path).data
                except LoadError:
                    parsed = None
                data = parsed if isinstance(parsed, dict) else None
            self._parsed[sha] = data
        return {s: self._parsed.get(s) for s in shas}

    def close(self) -> None:
        proc, self._proc = self._proc, None
        if proc is not None and self._pid == os.getpid():
            try:
                proc.proc.stdin.close()
                proc.proc.wait(timeout=5)
            except (OSError, subprocess.TimeoutExpired):
                proc.proc.kill()


def blob_sha(data: bytes, sha_length: int = 40) -> str:
    """The sha git gives ``data`` as a blob (sha1, or sha256 in sha256 repositories)."""
    digest = hashlib.sha1 if sha_length == 40 else hashlib.sha256
    return digest(b"blob %d\x00" % len(data) + data).hexdigest()


# --------------------------------------------------------------------------- revisions


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


# --------------------------------------------------------------------------- history


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
            [
                "log",
                "--first-parent",
                "--no-renames",
                "--raw",
                "--no-abbrev",
                "-z",
                "--no-color",
                "--no-show-signature",
                _LOG_FORMAT,
                "--end-of-options",
                start,
                "--",
                *specs,
            ]
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
        [
            "--literal-pathspecs",
            "log",
            f"--max-count={int(limit)}",
            "-z",
            "--no-color",
            "--no-show-signature",
            _LOG_FORMAT,
            "--end-of-options",
            start,
            "--",
            _model_path(info, model),
        ]
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
