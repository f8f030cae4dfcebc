"""Where the repository is, what a ref names, and what a warm audit asks git.

GitPython is imported on first use: it costs about 150 ms, which commands that never
touch git should not pay; a warm audit asks git through :func:`git_state` only.
"""

from __future__ import annotations

import contextlib
import os
import re
import subprocess
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal, overload

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


@dataclass(slots=True)
class RepoInfo:
    """A repository and where the registry sits in it."""

    repo: Repo
    top: Path  # the working tree's top folder
    prefix: str  # the registry folder relative to ``top``, "" or ending in "/"
    common_dir: Path  # where refs, objects and the ``shallow`` file live
    shallow: bool

    @overload
    def run(self, args: list[str], *, text: Literal[False] = False) -> bytes: ...
    @overload
    def run(self, args: list[str], *, text: Literal[True]) -> str: ...
    def run(self, args: list[str], *, text: bool = False) -> str | bytes:
        """Run ``git args`` in the top folder; raises GitPython's ``GitCommandError``.

        The overloads narrow GitPython's union for callers: bytes by default, text on request.
        """
        out = self.repo.git.execute(
            ["git", *args],
            stdout_as_string=text,
            strip_newline_in_stdout=False,
        )
        assert out is not None  # None only for as_process or extended output, never asked for here
        return out

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
    out = git_output(root, "rev-parse", *args)
    return out.decode("utf-8", "surrogateescape") if out is not None else None


def git_output(cwd: Path, *args: str) -> bytes | None:
    """What ``git args`` prints in ``cwd``, or None when it fails: the one way this package
    runs git without GitPython (a warm audit must not pay GitPython's import)."""
    try:
        ran = subprocess.run(
            ["git", *args], cwd=cwd, stdin=subprocess.DEVNULL, capture_output=True, timeout=60, check=False
        )
    except (OSError, subprocess.SubprocessError):
        return None
    return ran.stdout if ran.returncode == 0 else None


def sparse_note(state: GitState) -> str | None:
    """A note when a sparse checkout leaves model cards out of the working tree (and the audit)."""
    if not state.sparse or state.top is None:
        return None
    listed = git_output(
        state.top, "--literal-pathspecs", "ls-files", "-t", "-z", "--", f"{state.prefix}models/"
    )
    if listed is None:
        return None
    cut = len(state.prefix)
    skipped = 0
    for entry in listed.split(b"\x00"):
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
