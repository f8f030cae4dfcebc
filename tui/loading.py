"""Loading, auditing and watching a registry for the console, off the UI thread.

The core reads about a thousand cards a second, so a 10,000-model registry takes
seconds to load. Rather than show a spinner for all of that, :func:`stream_load`
yields a first snapshot after a small batch of cards and then grows it, and ends with
one full :func:`registry.run_audit` so the final numbers are exactly what
``registry audit`` reports (duplicate ids and owner files need the whole registry).

:func:`fingerprint` is the cheap change detector behind auto-reload: stat calls only,
no reads, so polling it every two seconds costs little even on a big registry.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path

from registry import Finding, ModelCard, load_registry, run_audit
from tui.data import ModelRow, Snapshot, build_row, build_snapshot, compute_health, snapshot_from_audit

FIRST_BATCH = 300
BATCH = 2500

Stamp = tuple[tuple[str, int, int], ...]


def _model_folders(root: Path) -> list[str]:
    """Model folder names exactly as the core lists them (so partial loads agree)."""
    from registry.store import list_model_folders

    return list_model_folders(root)


def load_all(root: Path, today: date) -> Snapshot:
    registry = load_registry(root)
    return snapshot_from_audit(registry, run_audit(registry, today))


def stream_load(
    root: Path,
    today: date,
    *,
    first_batch: int = FIRST_BATCH,
    batch: int = BATCH,
    cancelled: Callable[[], bool] = lambda: False,
) -> Iterator[Snapshot]:
    """Yield growing snapshots; the last one is complete and audited as a whole."""
    folders = _model_folders(root)
    if len(folders) <= first_batch:
        yield load_all(root, today)
        return
    from registry.store import load_card

    base = load_registry(root, folders=[])
    resolved = Path(base.root)
    models: dict[str, ModelCard] = {}
    rows: list[ModelRow] = []
    findings: list[Finding] = []
    start, size = 0, first_batch
    while start < len(folders):
        if cancelled():
            return
        chunk = folders[start : start + size]
        for folder in chunk:
            models[folder] = load_card(resolved, folder)
        partial = replace(base, models=dict(models))
        result = run_audit(partial, today, models=chunk, owner_files=())
        by_model: dict[str | None, list[Finding]] = {}
        for f in result.findings:
            by_model.setdefault(f.model, []).append(f)
        rows.extend(build_row(models[folder], by_model.get(folder, []), today) for folder in chunk)
        findings.extend(result.findings)
        start += size
        size = batch
        if start < len(folders):
            snap = Snapshot(
                registry=partial,
                today=today,
                findings=list(findings),
                rows=list(rows),
                by_model={},
                complete=False,
                total=len(folders),
            )
            for f in findings:
                if f.model is not None:
                    snap.by_model.setdefault(f.model, []).append(f)
            snap.health = compute_health(rows, findings, base.policy.fail_on)
            yield snap
    if cancelled():
        return
    final = replace(base, models=models)
    yield snapshot_from_audit(final, run_audit(final, today))


def reload_models(snapshot: Snapshot, changed: set[str], root: Path) -> Snapshot:
    """Re-read only the model folders that changed, then audit the whole registry again."""
    from registry.store import load_card

    models = dict(snapshot.registry.models)
    for folder in changed:
        if (root / "models" / folder).is_dir():
            models[folder] = load_card(root, folder)
        else:
            models.pop(folder, None)
    registry = replace(snapshot.registry, models=dict(sorted(models.items())))
    result = run_audit(registry, snapshot.today)
    return build_snapshot(registry, list(result.findings), snapshot.today)


# --------------------------------------------------------------------------- watching


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """Stat data of every file the registry is read from: settings, owners and models."""

    settings: Stamp
    models: dict[str, Stamp]

    def changes(self, newer: Fingerprint) -> tuple[bool, set[str]]:
        """(settings or owners changed, model folders that changed, appeared or went)."""
        if self.settings != newer.settings:
            return True, set()
        changed = {
            m for m in self.models.keys() | newer.models.keys() if self.models.get(m) != newer.models.get(m)
        }
        return False, changed


def _stamp(path: str, rel: str) -> tuple[str, int, int] | None:
    try:
        st = os.stat(path)
    except OSError:
        return None
    return (rel, st.st_mtime_ns, st.st_size)


def _walk(folder: str, rel: str, depth: int, out: list[tuple[str, int, int]]) -> None:
    try:
        entries = list(os.scandir(folder))
    except OSError:
        return
    for entry in entries:
        name = f"{rel}/{entry.name}"
        try:
            st = entry.stat()
        except OSError:
            continue
        out.append((name, st.st_mtime_ns, st.st_size))
        if depth > 0 and entry.is_dir(follow_symlinks=False):
            _walk(entry.path, name, depth - 1, out)


def fingerprint(root: Path) -> Fingerprint:
    base = str(root)
    settings: list[tuple[str, int, int]] = []
    stamp = _stamp(os.path.join(base, "registry.yaml"), "registry.yaml")
    if stamp:
        settings.append(stamp)
    _walk(os.path.join(base, "owners"), "owners", 0, settings)
    settings.sort()
    models: dict[str, Stamp] = {}
    try:
        entries = list(os.scandir(os.path.join(base, "models")))
    except OSError:
        entries = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        files: list[tuple[str, int, int]] = []
        _walk(entry.path, entry.name, 2, files)
        files.sort()
        models[entry.name] = tuple(files)
    return Fingerprint(tuple(settings), models)
