"""The audit's public API: :func:`audit` runs the engine, with git history wired in.

Every caller (``registry audit`` in every mode, ``list``, ``show``, the console) goes
through :func:`audit`, which runs :func:`registry.engine.run`: one pipeline of read,
check and findings, with the cache as a layer and parallelism as a strategy of it.
:func:`run_audit` applies the same check and findings stages to records a caller
already read (tests and library users that build a :class:`Registry` themselves).
This module also maps the paths pre-commit passes to what they ask to be judged.
"""

from __future__ import annotations

import os
from collections.abc import Collection, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date
from functools import partial
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from registry.checks import (
    Context,
    HitMemo,
    applicable_rules,
    check_model,
    check_owner,
    duplicate_findings,
    final_severity,
)
from registry.engine import RegistryAudit, Scope, run
from registry.findings import Finding
from registry.model import Policy, Registry
from registry.parallel import Cancel
from registry.result import SEVERITIES, AuditResult, Comparison, compare
from registry.rules import CATALOG, load_catalog
from registry.store import REGISTRY_FILE, Source, as_given, find_root
from registry.summary import ModelSummary
from registry.waived import Suppression, quote

if TYPE_CHECKING:  # pragma: no cover
    from registry.git import CardHistory, GitTreeSource, History


def audit(
    where: Path | Source,
    today: date,
    *,
    scope: Scope = Scope(),  # noqa: B008 - frozen
    cache: bool = True,
    jobs: int | None = None,
    cancel: Cancel | None = None,
    need_owners: bool = True,
    history: bool = True,
) -> RegistryAudit:
    """Audit a registry folder, or a git revision's tree, as ``registry audit`` does.

    VAL005's history comes from git (for a folder: HEAD and the working tree; for a
    tree: that commit), asked for only when a card must be checked. The cache key
    includes the state of git, so every caller shares one cache. Without ``history``
    (the console's first partial screen) VAL005 is not judged and nothing is cached.
    """
    from registry.git import GitTreeSource, git_state, sparse_note

    audit_where = partial(run, where, today, scope=scope, jobs=jobs, cancel=cancel)
    if isinstance(where, GitTreeSource):
        tree = where

        def tree_history(policy: Policy, wanted: Collection[str] | None) -> History | None:
            return gather_history(tree.root, policy, tree=tree, models=wanted)

        return audit_where(cache=False, history=tree_history)
    if not history:
        return audit_where(cache=False, need_owners=need_owners)
    root = where.resolve() if isinstance(where, Path) else where.root
    state = git_state(root)

    def disk_history(policy: Policy, wanted: Collection[str] | None) -> History | None:
        return gather_history(root, policy, models=wanted)

    done = audit_where(
        cache=cache,
        history=disk_history,
        history_key=state.key,
        revision=state.revision,
        need_owners=need_owners,
    )
    note = sparse_note(state)
    if note is not None:
        done.result.notes.append(note)
    return done


def run_audit(
    registry: Registry,
    today: date,
    models: Iterable[str] | None = None,
    owner_files: Iterable[str] | None = None,
    history: Mapping[str, CardHistory] | None = None,
    memo: HitMemo | None = None,
) -> AuditResult:
    """The check and findings stages over records already read (default: every model and owner file)."""
    load_catalog()
    judged = sorted(registry.models) if models is None else sorted(set(models) & set(registry.models))
    context = Context(registry.owners, registry.policy, today, history)
    findings: list[Finding] = []
    waived: list[Finding] = []
    quoted: list[Suppression] = []
    for folder in judged:
        card = registry.models[folder]
        silenced: list[Finding] = []
        findings.extend(check_model(card, context, silenced, memo=memo))
        waived += silenced
        quoted += quote(card, context.owners, today, silenced)
    pool = {folder: ModelSummary.of(card) for folder, card in registry.models.items()}
    findings.extend(duplicate_findings(pool, judged, registry.policy))
    wanted = None if owner_files is None else set(owner_files)
    for owner in registry.owner_files:
        if wanted is None or owner.path in wanted:
            findings.extend(check_owner(owner, registry.policy))
    findings.sort(key=Finding.sort_key)
    return AuditResult(
        registry.name,
        registry.root,
        today,
        registry.revision,
        judged,
        findings,
        waived=sorted(waived, key=Finding.sort_key),
        suppressions=quoted,
    )


def gather_history(
    root: Path,
    policy: Policy,
    tree: GitTreeSource | None = None,
    models: Iterable[str] | None = None,
) -> History | None:
    """Git history for the history rules (VAL005), or None when the policy turns them off.

    Its ``note`` (why history is missing) belongs in the result's notes when a model has
    a validation. ``models`` (default all) narrows the history to the models being audited.
    """
    if policy.overrides.get("VAL005") == "off":
        return None
    from registry.git import registry_history

    return registry_history(root, tree=tree, folders=models)


# --------------------------------------------------------------------------- path mode


@dataclass(slots=True)
class Selection:
    """What a list of paths (as pre-commit passes them) asks the audit to judge."""

    everything: bool = False
    models: set[str] = field(default_factory=set)
    owner_files: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)  # owner ids whose dependants are judged

    def scope(self) -> Scope:
        """The engine's scope for this selection (path mode reads no cache: pre-commit is fast cold)."""
        if self.everything:
            return Scope()
        if self.owners:
            return Scope(
                judge=frozenset(self.models),
                dependants_of=frozenset(self.owners),
                owner_files=frozenset(self.owner_files),
            )
        return Scope(
            read=tuple(sorted(self.models)),
            judge=frozenset(self.models),
            owner_files=frozenset(),
            named_owners_only=True,
            id_holders=True,
        )


def select(root: Path, paths: Iterable[Path]) -> Selection:
    """Map file paths to the models they belong to; owner files bring their dependants."""
    chosen = Selection()
    root = root.resolve()
    for raw in paths:
        rel = _relative(root, raw)
        if rel is None:
            continue
        parts = rel.parts
        if not parts or parts == (REGISTRY_FILE,):
            chosen.everything = True
        elif parts[0] == "models" and len(parts) >= 2:
            chosen.models.add(parts[1])
        elif parts[0] == "models":
            chosen.everything = True
        elif parts[0] == "owners" and len(parts) == 2 and parts[1].endswith(".yaml"):
            chosen.owner_files.add(str(rel))
            chosen.owners.add(PurePosixPath(parts[1]).stem)
        elif parts[0] == "owners" and len(parts) == 1:
            chosen.everything = True  # the owners folder: every model depends on it
    return chosen


def _relative(root: Path, raw: Path) -> PurePosixPath | None:
    full = Path(os.path.abspath(raw))
    try:
        return PurePosixPath(full.relative_to(root).as_posix())
    except ValueError:
        try:  # reached through a linked folder: the last step (a linked card) stays as given
            return PurePosixPath(as_given(full).relative_to(root).as_posix())
        except ValueError:
            return None


def place(paths: Iterable[Path]) -> tuple[dict[Path, list[Path]], list[Path]]:
    """Group paths by the registry each belongs to (the nearest ``registry.yaml`` above it).

    Returns the groups, in the order their first path was given, and the paths no
    registry holds: path mode audits every group, and refuses rather than skip the rest.
    """
    groups: dict[Path, list[Path]] = {}
    lost: list[Path] = []
    for path in paths:
        root = find_root(path)
        if root is None:
            lost.append(path)
        else:
            groups.setdefault(root, []).append(path)
    return groups, lost


def dependants(registry: Registry, owner_ids: set[str]) -> set[str]:
    """Models whose owner or backup owner is one of ``owner_ids``."""
    return {
        folder
        for folder, card in registry.models.items()
        if card.owner in owner_ids or card.backup_owner in owner_ids
    }


__all__ = [
    "CATALOG",
    "SEVERITIES",
    "AuditResult",
    "Comparison",
    "HitMemo",
    "RegistryAudit",
    "Scope",
    "Selection",
    "applicable_rules",
    "audit",
    "check_model",
    "check_owner",
    "compare",
    "dependants",
    "final_severity",
    "place",
    "run_audit",
    "select",
]
