"""What every command needs: today's date, the registry's root, colour, output."""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from registry.errors import UsageError

if TYPE_CHECKING:  # pragma: no cover
    from rich.console import Console

    from registry.git import GitTreeSource


@dataclass(frozen=True, slots=True)
class Base:
    """What ``audit --base REF`` compares with: the merge base of REF and the audited commit.

    ``tree`` is None when there is nothing to compare with (a repository without
    commits yet): every finding is then new.
    """

    ref: str  # as the user wrote it
    tip: str | None  # the commit REF names now
    sha: str | None  # the commit compared with
    against: str  # what the merge base was taken with: "HEAD" or the --rev value
    tree: GitTreeSource | None

    @property
    def forked(self) -> bool:
        """REF moved on after the branch forked: the merge base is not REF's tip."""
        return self.sha is not None and self.sha != self.tip


def resolve_today(value: str | None) -> date:
    """``--today`` wins, then ``REGISTRY_TODAY``, then the local date."""
    raw = value if value else os.environ.get("REGISTRY_TODAY")
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        source = "--today" if value else "REGISTRY_TODAY"
        raise UsageError(f"{source} must be a date as YYYY-MM-DD, not {raw!r}") from None


def use_color(stream: TextIO) -> bool:
    """Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def console() -> Console:
    """A Rich console for tables on stdout: no markup (card text is data), colour as above."""
    from rich.console import Console

    color = use_color(sys.stdout)
    return Console(
        no_color=not color,
        highlight=False,
        markup=False,
        force_terminal=color or None,
        width=None if sys.stdout.isatty() else 200,
    )


def locate_root(start: Path) -> Path:
    """The registry around ``start``, found the way git finds ``.git``."""
    from registry.store import find_root

    if not os.path.lexists(start):  # a broken link is still a path git tracks (pre-commit passes it)
        raise UsageError(f"{start}: no such file or folder")
    root = find_root(start)
    if root is None:
        raise UsageError(
            f"no registry.yaml found in {start.resolve()} or any parent folder "
            "(run `registry init` to create a registry)"
        )
    return root


def open_revision(root: Path, ref: str, option: str) -> GitTreeSource:
    """The registry's files at ``ref``, read from git objects (no checkout)."""
    from registry.git import BadRevision, GitUnavailable, tree_source

    try:
        return tree_source(root, ref)
    except GitUnavailable as exc:
        raise UsageError(f"{option} needs git: {exc.reason}") from None
    except BadRevision as exc:
        raise UsageError(f"{option}: {exc}") from None


def open_index(root: Path) -> GitTreeSource:
    """The registry as staged in git's index: what ``git commit`` is about to record."""
    from registry.git import GitUnavailable, index_source

    try:
        return index_source(root)
    except GitUnavailable as exc:
        raise UsageError(f"--staged needs git: {exc.reason}") from None


def open_base(root: Path, ref: str, rev: str | None) -> Base:
    """The registry at the merge base of ``ref`` and ``rev`` (default HEAD), as ``git diff ref...rev``.

    A repository whose HEAD has no commit yet (the first commit, under the pre-commit
    hook's ``--base HEAD``) has nothing to compare with: every finding is new.
    """
    from registry.git import BadRevision, GitUnavailable, head, locate, merge_base, resolve, tree_source

    against = rev or "HEAD"
    try:
        info = locate(root)
        current = resolve(info, rev) if rev else head(info)
        if current is None:
            if ref == "HEAD":
                return Base(ref, None, None, against, None)
            raise BadRevision("HEAD has no commit yet: there is no merge base to compare with")
        tip = resolve(info, ref)
        sha = merge_base(info, tip, current)
        if sha is None:
            raise BadRevision(f"{ref} and {against} have no common history (no merge base)")
        return Base(ref, tip, sha, against, tree_source(root, sha))
    except GitUnavailable as exc:
        raise UsageError(f"--base needs git: {exc.reason}") from None
    except BadRevision as exc:
        raise UsageError(f"--base: {exc}") from None


def model_name(text: str) -> str:
    """A model named as an id or as its folder's path (``models/x/``)."""
    return text.strip().rstrip("/").rsplit("/", 1)[-1]


def out(text: str) -> None:
    sys.stdout.write(text)
