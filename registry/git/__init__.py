"""The registry's git side: where the repository is, revisions, history, old file contents.

One package, four modules: :mod:`~registry.git.repo` (the repository, refs, and the
state a warm audit asks for), :mod:`~registry.git.blobs` (contents by sha),
:mod:`~registry.git.tree` (a commit's tree or the index as a source) and
:mod:`~registry.git.history` (what changed each card).

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

"""

from __future__ import annotations

from registry.git.blobs import (
    BlobReader,
    blob_sha,
)
from registry.git.history import (
    CardHistory,
    Commit,
    Day,
    History,
    Version,
    model_diff,
    model_history,
    registry_history,
)
from registry.git.repo import (
    CARD_FILE,
    BadRevision,
    GitState,
    GitUnavailable,
    RepoInfo,
    find_repo,
    git_state,
    head,
    head_revision,
    locate,
    merge_base,
    resolve,
    sparse_note,
)
from registry.git.tree import (
    GitTreeSource,
    index_source,
    tree_source,
)

__all__ = [
    "CARD_FILE",
    "BadRevision",
    "BlobReader",
    "CardHistory",
    "Commit",
    "Day",
    "GitState",
    "GitTreeSource",
    "GitUnavailable",
    "History",
    "RepoInfo",
    "Version",
    "blob_sha",
    "find_repo",
    "git_state",
    "head",
    "head_revision",
    "index_source",
    "locate",
    "merge_base",
    "model_diff",
    "model_history",
    "registry_history",
    "resolve",
    "sparse_note",
    "tree_source",
]
