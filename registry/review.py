"""Commit edited files on a review branch without touching the user's index, files or branch.

A governance change goes through review as a branch and a pull request. The person
making it may be in the middle of other work: files staged, others modified, another
branch checked out. So the commit is built beside all that: a temporary index
(``GIT_INDEX_FILE``) starts from the base commit's tree, receives exactly the edited
files as they are on disk, and becomes a tree, a commit and a branch through git's
plumbing. ``.git/index``, the working tree and ``HEAD`` are never written.

Everything runs through :func:`_git`, with user input only where git cannot read it as
an option (after ``--end-of-options``, ``--``, or validated first), and never waits on
a prompt (``GIT_TERMINAL_PROMPT=0``, ssh in batch mode).
"""

from __future__ import annotations

import dataclasses
import os
import re
import subprocess
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote, urlsplit

from registry.git import GitUnavailable, locate


class ReviewError(Exception):
    """The commit or push cannot be made (one line; nothing was changed in the repository)."""


@dataclass(frozen=True, slots=True)
class Repository:
    """A git working tree and where the registry sits in it."""

    top: Path
    prefix: str  # the registry folder inside the repository, "" or ending in "/"


@dataclass(frozen=True, slots=True)
class Review:
    """A commit made on a review branch."""

    repo: Repository
    branch: str
    commit: str
    base: str  # the commit it was made on
    paths: list[str]  # the registry files it changes (relative to the registry root)
    base_blobs: dict[str, str | None]  # each file's blob in ``base`` (None: it did not exist)
    created: bool  # the branch is new
    pushed_to: str | None = None
    url: str | None = None  # where to open the pull/merge request

    def patch(self) -> str:
        """The commit's diff, as ``git show`` prints it."""
        return _git(
            self.repo,
            "diff-tree",
            "-p",
            "--no-color",
            "--no-ext-diff",
            "--no-renames",
            self.base,
            self.commit,
        )


def _git(
    repo: Repository,
    *args: str,
    env: Mapping[str, str] | None = None,
    data: bytes | None = None,
    check: bool = True,
) -> str:
    """Run git in the repository's top folder; :class:`ReviewError` with git's first line if it fails."""
    full_env = {**os.environ, "GIT_TERMINAL_PROMPT": "0", "LC_ALL": "C", **(env or {})}
    full_env.setdefault("GIT_SSH_COMMAND", "ssh -o BatchMode=yes")
    try:
        done = subprocess.run(
            ["git", *args],
            cwd=repo.top,
            env=full_env,
            input=data if data is not None else b"",
            capture_output=True,
            timeout=300,
            check=False,
        )
    except FileNotFoundError:
        raise ReviewError("git is not installed") from None
    except subprocess.TimeoutExpired:
        raise ReviewError(f"git {args[0]} did not finish within 5 minutes") from None
    if check and done.returncode != 0:
        raise ReviewError(f"git {args[0]} failed: {_first_line(done.stderr)}")
    return done.stdout.decode("utf-8", "replace") if done.returncode == 0 else ""


def _first_line(stderr: bytes) -> str:
    for raw in stderr.decode("utf-8", "replace").splitlines():
        line = raw.strip()
        if line:
            return line.removeprefix("fatal: ").removeprefix("error: ")
    return "no message"


def open_repo(root: Path) -> Repository:
    """The repository around the registry, or :class:`ReviewError` saying why there is none."""
    try:
        info = locate(root)
    except GitUnavailable as exc:
        raise ReviewError(f"committing needs git: {exc.reason}") from None
    return Repository(info.top, info.prefix)


def identity(repo: Repository) -> tuple[str, str]:
    """The author (name, email) git will use; :class:`ReviewError` when it would have to guess."""
    config: dict[str, str] = {}
    out = _git(repo, "config", "--get-regexp", r"^(user|author|committer)\.(name|email)$", check=False)
    for line in out.splitlines():
        key, _, value = line.partition(" ")
        config[key.lower()] = value.strip()
    people = []
    for role in ("author", "committer"):
        name = (
            os.environ.get(f"GIT_{role.upper()}_NAME")
            or config.get(f"{role}.name")
            or config.get("user.name")
        )
        email = (
            os.environ.get(f"GIT_{role.upper()}_EMAIL")
            or config.get(f"{role}.email")
            or config.get("user.email")
            or os.environ.get("EMAIL")
        )
        if not name or not email:
            raise ReviewError(
                "git has no identity to commit with: set it with `git config --global user.name "
                '"Your Name"` and `git config --global user.email you@example.com`'
            )
        people.append((name, email))
    return people[0]


def _check_branch(repo: Repository, branch: str) -> None:
    if not branch or branch.startswith("-") or any(ch in branch for ch in "\x00\n"):
        raise ReviewError(f"{branch!r} is not a valid branch name")
    if not _git(repo, "check-ref-format", "--branch", branch, check=False):
        raise ReviewError(f"{branch!r} is not a valid branch name")


def _sha(repo: Repository, ref: str) -> str | None:
    out = _git(repo, "rev-parse", "--verify", "--quiet", "--end-of-options", f"{ref}^{{commit}}", check=False)
    return out.strip() or None


def _checked_out(repo: Repository, branch: str) -> str | None:
    """The worktree where ``branch`` is checked out, if any."""
    out = _git(repo, "worktree", "list", "--porcelain")
    folder = None
    for line in out.splitlines():
        if line.startswith("worktree "):
            folder = line[len("worktree ") :]
        elif line == f"branch refs/heads/{branch}":
            return folder or "a worktree"
    return None


@dataclass(frozen=True, slots=True)
class Target:
    """Where a review commit will go: checked before anything is written."""

    repo: Repository
    branch: str
    tip: str | None  # the branch's commit when it exists
    base: str  # the commit the new one is made on


def preflight(root: Path, branch: str, *, explicit_branch: bool = False) -> Target:
    """Everything that could refuse the commit, checked first: git, identity, branch, a base commit.

    A new branch starts at HEAD (detached or not). An existing branch is used only when
    ``explicit_branch`` says the user named it, and never while it is checked out.
    """
    repo = open_repo(root)
    identity(repo)
    _check_branch(repo, branch)
    tip = _sha(repo, f"refs/heads/{branch}")
    if tip is not None:
        if not explicit_branch:
            raise ReviewError(
                f"branch {branch!r} already exists: add to it with --branch {branch}, or choose another name"
            )
        where = _checked_out(repo, branch)
        if where is not None:
            raise ReviewError(
                f"branch {branch!r} is checked out in {where}: commit there, or choose another name"
            )
    base = tip or _sha(repo, "HEAD")
    if base is None:
        raise ReviewError(
            "the repository has no commit yet: make a first commit, then commit edits for review"
        )
    return Target(repo, branch, tip, base)


def commit(
    root: Path,
    rels: Sequence[str],
    *,
    message: str,
    branch: str,
    explicit_branch: bool = False,
    target: Target | None = None,
) -> Review:
    """Commit the files ``rels`` (relative to the registry root), as they are on disk, on ``branch``.

    ``target`` is :func:`preflight`'s answer when the caller already asked (before
    writing the files); the branch is still updated only if it has not moved since.
    """
    if target is None or target.branch != branch:
        target = preflight(root, branch, explicit_branch=explicit_branch)
    repo, tip, base, ref = target.repo, target.tip, target.base, f"refs/heads/{branch}"
    paths = {repo.prefix + rel: rel for rel in rels}
    with tempfile.TemporaryDirectory(prefix="registry-review-") as scratch:
        env = {"GIT_INDEX_FILE": os.path.join(scratch, "index")}
        _git(repo, "read-tree", "--end-of-options", base, env=env)
        before = _entries(repo, list(paths), env)
        after = _stage(repo, list(paths), env)
        changed = [p for p in paths if before.get(p) != after.get(p)]
        if not changed:
            raise ReviewError(f"nothing to commit: {branch!r} already holds these files as they are")
        tree = _git(repo, "write-tree", env=env).strip()
    sha = _git(repo, "commit-tree", tree, "-p", base, "-F", "-", data=message.encode("utf-8")).strip()
    _git(repo, "update-ref", "-m", f"registry: {message.splitlines()[0]}", ref, sha, tip or "")
    blobs = {paths[p]: (before[p][1] if p in before else None) for p in changed}
    return Review(repo, branch, sha, base, [paths[p] for p in changed], blobs, created=tip is None)


def _entries(repo: Repository, paths: list[str], env: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """(mode, blob) of each path in the temporary index."""
    out = _git(repo, "ls-files", "-s", "-z", "--", *[f":(literal){p}" for p in paths], env=env)
    found = {}
    for record in out.split("\0"):
        meta, _, path = record.partition("\t")
        if path:
            mode, sha, _stage_number = meta.split(" ")
            found[path] = (mode, sha)
    return found


def _stage(repo: Repository, paths: Sequence[str], env: Mapping[str, str]) -> dict[str, tuple[str, str]]:
    """Put the working-tree contents of ``paths`` into the temporary index (clean filters applied)."""
    present = [p for p in paths if os.path.lexists(repo.top / p)]
    shas = _git(repo, "hash-object", "-w", "--stdin-paths", data="".join(f"{p}\n" for p in present).encode())
    staged = {}
    entries = []
    for path, sha in zip(present, shas.split(), strict=True):
        executable = os.access(repo.top / path, os.X_OK) and not os.path.islink(repo.top / path)
        staged[path] = ("100755" if executable else "100644", sha)
        entries.append(f"{staged[path][0]} {sha}\t{path}\n")
    entries += [f"0 {'0' * 40}\t{p}\n" for p in paths if p not in present]  # removed files
    _git(repo, "update-index", "--add", "--remove", "--index-info", env=env, data="".join(entries).encode())
    return staged


def push(root: Path, review: Review, remote: str) -> Review:
    """Push the review branch to ``remote``; the result names the pull/merge request URL when it can."""
    repo = open_repo(root)
    if not remote or remote.startswith("-") or remote not in _git(repo, "remote").split():
        raise ReviewError(f"no git remote named {remote!r} (see `git remote -v`)")
    _git(repo, "push", "--quiet", remote, f"refs/heads/{review.branch}:refs/heads/{review.branch}")
    url = _git(repo, "config", "--get", f"remote.{remote}.url", check=False).strip()
    return dataclasses.replace(review, pushed_to=remote, url=request_url(url, review.branch))


_SCP = re.compile(r"^(?:[^@/]+@)?([^:/]+):(?!//)(.+)$")


def request_url(remote_url: str, branch: str) -> str | None:
    """The web page that opens a pull (GitHub) or merge (GitLab) request for ``branch``.

    Built from the remote's URL alone (https, ssh:// or scp-like ``git@host:path``);
    None when the host does not look like GitHub or GitLab.
    """
    url = remote_url.strip()
    if "://" in url:
        parts = urlsplit(url)
        host, path = parts.hostname or "", parts.path
    else:
        scp = _SCP.match(url)
        if scp is None:
            return None
        host, path = scp.group(1), scp.group(2)
    path = path.strip("/").removesuffix(".git").strip("/")
    if not host or path.count("/") < 1 or any(ch in path for ch in "?#\\ "):
        return None
    name = quote(branch, safe="/")
    if host == "github.com" or host.startswith("github."):
        return f"https://{host}/{path}/pull/new/{name}"
    if "gitlab" in host.split("."):
        source = quote(branch, safe="")
        return f"https://{host}/{path}/-/merge_requests/new?merge_request%5Bsource_branch%5D={source}"
    return None
