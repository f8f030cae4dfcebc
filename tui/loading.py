"""Loading, auditing and watching a registry for the console, off the UI thread.

The full audit goes through :func:`registry.audit.audit`, the call ``registry audit``
makes (the same engine, parallel strategy, cache and git history for VAL005), so the
console's numbers are the command's numbers and a second start, or a
reload after one file changed, re-parses only the cards that changed. On a large
registry without a warm cache that still takes seconds, so :func:`stream_load` first
yields a partial snapshot of a small batch of cards (read with the core's card and
owner readers), which is on screen well before the full audit ends.

:func:`fingerprint` is the cheap change detector behind auto-reload: stat calls only,
no reads, so polling it every two seconds costs little even on a big registry.

Everything here takes a ``cancel`` event (the worker's): once it is set, the work
stops at the next card, slice or folder, worker processes included, and raises
:class:`~registry.errors.Cancelled`, so that quitting or reloading never waits.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry import ModelCard
from registry.errors import Cancelled
from tui.data.snapshot import Snapshot, build_snapshot

if TYPE_CHECKING:  # pragma: no cover
    from registry import RegistryAudit

FIRST_BATCH = 120

Stamp = tuple[tuple[str, int, int], ...]


def model_folders(root: Path) -> list[str]:
    """Model folder names exactly as the core lists them (so partial loads agree)."""
    from registry.store import list_model_folders

    return list_model_folders(root)


def stop_if(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


def partial_load(
    root: Path, today: date, folders: list[str], total: int, cancel: threading.Event | None = None
) -> Snapshot:
    """The first ``folders`` only: enough to fill a screen while the rest loads.

    Only the owner records these cards name are read (a big registry has hundreds), so
    the first screen does not wait for every owner file; the full audit reads them all.
    """
    from registry.audit import Scope, audit

    scope = Scope(read=tuple(folders), owner_files=frozenset(), named_owners_only=True)
    done = audit(root, today, scope=scope, history=False, cancel=cancel)
    return _snapshot(done, today, complete=False, total=total)


def full_load(
    root: Path,
    today: date,
    *,
    cache: bool = True,
    jobs: int | None = None,
    cancel: threading.Event | None = None,
) -> Snapshot:
    """The whole registry, audited exactly as ``registry audit`` does it (one engine, one cache)."""
    from registry.audit import audit as audit_working_tree

    audit = audit_working_tree(root, today, jobs=jobs, cache=cache, cancel=cancel)
    notes = list(audit.result.notes)
    if audit.history_note and any(s.validation_date for s in audit.summaries.values()):
        notes.append(audit.history_note)  # as `registry audit` says it
    return _snapshot(audit, today, notes=notes)


def _snapshot(
    audit: RegistryAudit,
    today: date,
    *,
    complete: bool = True,
    total: int | None = None,
    notes: list[str] | None = None,
) -> Snapshot:
    return build_snapshot(
        name=audit.result.registry,
        root=Path(audit.result.root),
        today=today,
        policy=audit.policy,
        owners=audit.owners,
        summaries=audit.summaries,
        findings=list(audit.result.findings),
        complete=complete,
        total=total,
        notes=notes,
        waived=audit.waived,
    )


def stream_load(
    root: Path,
    today: date,
    *,
    first_batch: int = FIRST_BATCH,
    cache: bool = True,
    before_full: Callable[[], None] | None = None,
    cancel: threading.Event | None = None,
) -> Iterator[Snapshot]:
    """A partial snapshot first when the registry is large, then the complete one.

    ``before_full`` runs just before the full audit reads the files (the app takes its
    change-detection fingerprint there, after the first screen is up).
    """
    folders = model_folders(root)
    if len(folders) > first_batch:
        yield partial_load(root, today, folders[:first_batch], len(folders), cancel)
    if before_full is not None:
        before_full()
    yield full_load(root, today, cache=cache, cancel=cancel)


def stream_index(url: str, today: date, *, first_batch: int = FIRST_BATCH) -> Iterator[Snapshot]:
    """Every registry in the index at ``url``: the worst models first, then all of them.

    Each snapshot is read in one read-only transaction, so it never shows half a sync.
    """
    from registry.index.db import open_index
    from registry.index.read import contents, first_contents
    from tui.data.indexed import index_snapshot

    index = open_index(url)
    try:
        label = index.url.shown
        if first_batch:
            first = index_snapshot(first_contents(index, first_batch), today, label, complete=False)
            if first.total > len(first.rows):
                yield first
        found = contents(index)
    finally:
        index.close()
    yield index_snapshot(found, today, label)


def read_card(root: Path, folder: str) -> ModelCard:
    """One model's card, parsed by the core (the model screen reads only the card it shows)."""
    from registry.store import load_card

    return load_card(root, folder)


# --------------------------------------------------------------------------- watching


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Stat data of every file the registry is read from: settings, owners and models."""

    files: Stamp

    def changed(self, newer: Fingerprint) -> bool:
        return self.files != newer.files


def _walk(
    folder: str, rel: str, depth: int, out: list[tuple[str, int, int]], cancel: threading.Event | None
) -> None:
    stop_if(cancel)
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}" if rel else entry.name
        try:
            st = entry.stat()
        except OSError:
            continue
        out.append((name, st.st_mtime_ns, st.st_size))
        if depth > 0 and entry.is_dir(follow_symlinks=False):
            _walk(entry.path, name, depth - 1, out, cancel)


def fingerprint(root: Path, cancel: threading.Event | None = None) -> Fingerprint:
    """registry.yaml, owners/* and models/*/** (two levels below each model folder)."""
    base = str(root)
    files: list[tuple[str, int, int]] = []
    try:
        st = os.stat(os.path.join(base, "registry.yaml"))
        files.append(("registry.yaml", st.st_mtime_ns, st.st_size))
    except OSError:
        pass
    _walk(os.path.join(base, "owners"), "owners", 0, files, cancel)
    _walk(os.path.join(base, "models"), "models", 3, files, cancel)
    files.sort()
    return Fingerprint(tuple(files))
