"""``registry codeowners``: a CODEOWNERS block that follows the owner records.

Each model's folder is mapped to its owner's ``review_handle`` (and its backup
owner's), so a pull request that edits a card waits for its owners' approval. The
owner records stay the one source of truth; CI runs ``registry codeowners --check``
to catch a CODEOWNERS file that has fallen behind them.

The generated lines live between two marker comments. Only that block is rewritten:
when the registry is one folder of a larger repository, the rest of its CODEOWNERS
(rules for other code) is kept as it is. The block goes at the end of a file that
has none yet, because in CODEOWNERS the last matching pattern wins and the model
folders are the most specific paths.

Paths are relative to the git repository root (where GitHub and GitLab resolve them)
or to the registry root outside git.
"""

from __future__ import annotations

import difflib
import os
import re
import stat
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath

from registry.model import Owner, Registry
from registry.store import REGISTRY_FILE
from registry.textsafe import clean

BEGIN = "# BEGIN registry codeowners"
END = "# END registry codeowners"
COMMAND = "registry codeowners"

#: The schema's pattern for ``review_handle``. Checked again here: a record that breaks
#: the schema is still read, and a handle with a space or newline must never reach the file.
HANDLE = re.compile(r"^@[A-Za-z0-9][A-Za-z0-9._/-]*$")
ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class BlockError(ValueError):
    """The file's generated block is damaged (a BEGIN marker without its END)."""


@dataclass(slots=True)
class Plan:
    """What the block says: one rule per model with a handle, and the models without.

    ``governance`` maps registry.yaml and owners/ to ``governance_reviewers``; models
    whose owner has no usable handle are reviewed by them too (``escalated``).
    """

    rules: list[tuple[str, list[str]]] = field(default_factory=list)  # (pattern, handles)
    unowned: list[tuple[str, str]] = field(default_factory=list)  # (model folder, why)
    governance: list[tuple[str, list[str]]] = field(default_factory=list)  # (pattern, handles)
    escalated: list[tuple[str, str]] = field(default_factory=list)  # (model folder, why)


def git_toplevel(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` holding ``.git`` (a folder or a file,
    as in worktrees and submodules); None outside git. No process is started."""
    here = start.resolve()
    for folder in (here, *here.parents):
        if (folder / ".git").exists():
            return folder
    return None


def base_folder(root: Path) -> Path:
    """Where CODEOWNERS paths start: the repository root, or the registry root outside git."""
    return git_toplevel(root) or root.resolve()


def default_output(root: Path) -> Path:
    """``.github/CODEOWNERS`` when the repository has a ``.github`` folder, else ``CODEOWNERS``
    at the repository root (the registry root outside git): places GitHub reads."""
    base = base_folder(root)
    github = base / ".github"
    return github / "CODEOWNERS" if github.is_dir() else base / "CODEOWNERS"


def escape_pattern(path: str) -> str:
    """Escape what CODEOWNERS (gitignore syntax) would read as a wildcard or separator."""
    return re.sub(r"([\\ *?\[\]!#])", r"\\\1", path)


def _handle(owner: Owner | None) -> tuple[str | None, str | None]:
    """The owner's usable handle, or None and why not."""
    if owner is None:
        return None, "no owner record"
    if not owner.active:
        return None, f"owner {owner.id} is inactive"
    value = owner.get("review_handle")
    if value is None:
        return None, f"owner {owner.id} has no review_handle"
    if not isinstance(value, str) or not HANDLE.match(value.strip()):
        return None, f"owner {owner.id} has an invalid review_handle"
    return value.strip(), None


def plan(registry: Registry, root: Path) -> Plan:
    """Decide the rules in a deterministic order (by model folder)."""
    base = base_folder(root)
    prefix = PurePosixPath(os.path.relpath(root.resolve(), base).replace(os.sep, "/"))
    result = Plan()
    reviewers = governance_handles(registry)
    if reviewers:
        for rel in (REGISTRY_FILE, "owners/"):
            path = (prefix / rel).as_posix().removeprefix("./") + ("/" if rel.endswith("/") else "")
            result.governance.append((escape_pattern(f"/{path}"), reviewers))
    for folder in sorted(registry.models):
        card = registry.models[folder]
        if not ID.match(folder):
            result.unowned.append((folder, "folder name is not a valid model id"))
            continue
        handles: list[str] = []
        reasons: list[str] = []
        if card.owner is None:
            reasons.append("no owner")
        owner_has_handle = False
        for owner_id in (card.owner, card.backup_owner):
            if owner_id is None:
                continue
            handle, why = _handle(registry.owners.get(owner_id))
            if handle is None:
                reasons.append(why or "")
            else:
                owner_has_handle = owner_has_handle or owner_id == card.owner
                if handle not in handles:
                    handles.append(handle)
        if not owner_has_handle and reviewers:
            handles.extend(h for h in reviewers if h not in handles)
            result.escalated.append((folder, "; ".join(r for r in reasons if r) or "no review handle"))
        if handles:
            rel = (prefix / "models" / folder).as_posix().removeprefix("./")
            result.rules.append((escape_pattern(f"/{rel}/"), handles))
        else:
            result.unowned.append((folder, "; ".join(r for r in reasons if r) or "no review handle"))
    return result


def governance_handles(registry: Registry) -> list[str]:
    """``governance_reviewers`` that are safe to write (the schema's pattern, checked again)."""
    out: list[str] = []
    for handle in registry.policy.governance_reviewers:
        if HANDLE.match(handle) and handle not in out:
            out.append(handle)
    return out


def block(p: Plan) -> str:
    """The generated block, markers included, ending with a newline."""
    lines = [
        f"{BEGIN}: generated by `{COMMAND}` from the owner records; do not edit by hand.",
        "# Set review_handle in owners/<id>.yaml, then run `registry codeowners` again;",
        "# `registry codeowners --check` fails when this block is out of date.",
    ]
    every = [*p.governance, *p.rules]
    if every:
        width = max(len(pattern) for pattern, _ in every)
        lines += [f"{pattern.ljust(width)} {' '.join(handles)}" for pattern, handles in every]
    if p.escalated:
        lines.append("# Models whose owner has no review handle (governance_reviewers review them):")
        lines += [f"#   {clean(folder)}: {clean(why)}" for folder, why in p.escalated]
    if p.unowned:
        lines.append("# Models without a review handle (this block requires no review for them):")
        lines += [f"#   {clean(folder)}: {clean(why)}" for folder, why in p.unowned]
    lines.append(END)
    return "\n".join(lines) + "\n"


def merge(existing: str | None, generated: str) -> str:
    """``existing`` with its generated block replaced (or the block appended)."""
    if not existing:
        return generated
    lines = existing.splitlines(keepends=True)
    start = next((i for i, ln in enumerate(lines) if ln.startswith(BEGIN)), None)
    if start is not None:
        stop = next((i for i in range(start, len(lines)) if lines[i].rstrip("\r\n") == END), None)
        if stop is None:  # never guess where a hand-edited block ends: lines could be lost
            raise BlockError(f"line {start + 1} opens the generated block but no {END!r} line closes it")
        return "".join(lines[:start]) + generated + "".join(lines[stop + 1 :])
    separator = "" if existing.endswith("\n") else "\n"
    return existing + separator + "\n" + generated


def render(registry: Registry, root: Path, existing: str | None = None) -> str:
    """The whole CODEOWNERS text to write, given what the file holds now."""
    return merge(existing, block(plan(registry, root)))


MAX_BYTES = 1024 * 1024


def read_existing(path: Path) -> str | None:
    """The current CODEOWNERS text, or None when there is none.

    The file sits in a repository that may come from an untrusted pull request: a link
    is not followed and a FIFO or device is not opened (``OSError`` says why), so
    ``--check`` can neither hang nor print a file from outside the repository.
    """
    try:
        st = os.lstat(path)
    except FileNotFoundError:
        return None
    if stat.S_ISLNK(st.st_mode):
        raise OSError(f"{path.name} is a symbolic link; it is not followed (make it a regular file)")
    if not stat.S_ISREG(st.st_mode):
        raise OSError(f"{path.name} is not a regular file")
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            raise OSError(f"{path.name} is not a regular file")
        raw = handle.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise OSError(f"{path.name} is over {MAX_BYTES:,} bytes")
    return raw.decode("utf-8")


def diff(path: Path, current: str | None, wanted: str, label: str) -> str:
    return "".join(
        difflib.unified_diff(
            (current or "").splitlines(keepends=True),
            wanted.splitlines(keepends=True),
            fromfile=f"{label} (on disk)" if current is not None else f"{label} (missing)",
            tofile=f"{label} (from owner records)",
        )
    )
