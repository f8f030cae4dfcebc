"""The audit engine: read, check, findings. Every caller goes through :func:`run`.

The whole-registry audit, path mode (pre-commit), ``--rev``, ``--base``, ``list``,
``show`` and the console all call it, so they cannot disagree. Its stages:

1. **read** the settings, list the model folders and owner files (disk or a git tree);
2. **reuse** what the cache layer (:mod:`registry.cache`) holds for unchanged cards;
3. **check** the other cards, one process or several (:mod:`registry.parallel`);
4. **owners**: the catalog's rules on owner files; **ids** shared by several cards;
5. **findings**: the judged models' findings, sorted, as an :class:`AuditResult`.

History (VAL005) is asked for only when a card must be checked: a warm run that
reuses every card never runs ``git log``.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Collection, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING

from registry import cache as layer
from registry.cache_file import read_header
from registry.checks import Context, check_owner, duplicate_findings
from registry.errors import Cancelled
from registry.findings import Finding
from registry.model import ModelCard, Owner, Policy
from registry.parallel import Cancel, check_cards
from registry.result import AuditResult
from registry.rules.schema import ID_PATTERN
from registry.store import (
    REGISTRY_FILE,
    DiskSource,
    RegistryError,
    Source,
    list_model_folders,
    list_owner_files,
    load_card,
    load_owner,
    load_settings,
)
from registry.summary import ModelSummary

if TYPE_CHECKING:  # pragma: no cover
    from registry.git import History

#: Asked for the git history of the cards about to be checked (None: every card), under
#: the registry's policy (None back when the policy turns the history rules off).
HistoryProvider = Callable[[Policy, Collection[str] | None], "History | None"]


@dataclass(frozen=True, slots=True)
class Scope:
    """Which cards the engine reads and whose findings it reports (default: everything)."""

    read: tuple[str, ...] | None = None  # model folders to read; None: every model folder
    judge: frozenset[str] | None = None  # models whose findings are reported; None: every one read
    dependants_of: frozenset[str] = frozenset()  # owner ids: their models are judged too
    owner_files: frozenset[str] | None = None  # owner files whose own findings count; None: all
    named_owners_only: bool = False  # read only the owner records the cards name
    id_holders: bool = False  # also read the folders named by judged cards' ids (shared ids)

    @property
    def everything(self) -> bool:
        return self.read is None and self.judge is None and not self.dependants_of


@dataclass(slots=True)
class RegistryAudit:
    """An audit plus per-model summaries: what `audit`, `list`, `show` and the console need."""

    result: AuditResult
    summaries: dict[str, ModelSummary]  # every card read, by folder
    policy: Policy
    owners: dict[str, Owner]  # empty when not needed and not read (a warm run)
    cache_hits: int = 0
    cache_misses: int = 0
    history_note: str | None = None  # why history rules were skipped, if they were
    waived: list[Finding] = field(default_factory=list)  # what waivers silence, sorted
    cards: dict[str, ModelCard] = field(default_factory=dict)  # cards read in this process (path mode)


def run(
    where: Path | Source,
    today: date,
    *,
    scope: Scope = Scope(),
    cache: bool = True,
    jobs: int | None = None,
    cancel: Cancel | None = None,
    history: HistoryProvider | None = None,
    history_key: str = "",
    revision: str | None = None,
    need_owners: bool = True,
) -> RegistryAudit:
    """Audit the registry at ``where`` (its folder, or a git tree for ``--rev``/``--base``).

    Only the working tree is cached (a git tree has no stat data to trust), and only
    when the whole registry is read. Without ``need_owners`` the returned ``owners``
    may be empty: a warm run then parses no owner record.
    """
    started = time.time_ns()
    src: Source = DiskSource(where.resolve()) if isinstance(where, Path) else where
    if not src.is_file(REGISTRY_FILE):
        if src.revision:
            raise RegistryError(f"{src.show(REGISTRY_FILE)} does not exist: no registry at that revision")
        raise RegistryError(f"no {REGISTRY_FILE} in {src.root}")
    loaded = load_settings(src)
    settings, policy, name = loaded.record, loaded.policy, loaded.name
    listed = list_model_folders(src)
    folders = listed if scope.read is None else list(scope.read)
    owner_paths = list_owner_files(src)
    disk = isinstance(src, DiskSource)
    use_cache = cache and disk and scope.read is None
    root = src.root

    owner_records: list[Owner] | None = None
    owners_digest, context, sigs = "", "", []
    kept: layer.Stored | None = None
    outcomes: dict[str, layer.CardOutcome] = {}
    if use_cache:
        head = read_header(root)  # the small first line: the cards only if it is current
        sigs = layer.owner_sigs(root, owner_paths)
        trusted = head.get("owners_digest") if head is not None else None
        if (
            head is not None
            and not need_owners
            and head.get("owner_sigs") == sigs
            and isinstance(trusted, str)
        ):
            owners_digest = trusted  # unchanged stat data: a warm run parses no owner file
        else:
            owner_records = _read_owners(src, owner_paths, None)
            owners_digest = layer.owners_digest(owner_records)
        context = layer.context_key(settings, owners_digest, today, history_key)
        kept = layer.stored(root, head, context) if head is not None else None
        if kept is None and owner_records is None:
            owner_records = _read_owners(src, owner_paths, None)
            owners_digest = layer.owners_digest(owner_records)
            context = layer.context_key(settings, owners_digest, today, history_key)
        if kept is not None:
            for folder in folders:
                if cancel is not None and cancel.is_set():
                    raise Cancelled
                found = layer.reuse(root, folder, kept.cards.pop(folder, None))
                if found is not None:
                    outcomes[folder] = found
            kept.cards = {}
    misses = [f for f in folders if f not in outcomes]
    if use_cache and misses and owner_records is None:  # the cards to check need the owner records
        owner_records = _read_owners(src, owner_paths, None)
        if layer.owners_digest(owner_records) != owners_digest:  # stat data lied: trust nothing
            owners_digest = layer.owners_digest(owner_records)
            context = layer.context_key(settings, owners_digest, today, history_key)
            kept, outcomes, misses = None, {}, list(folders)

    note = kept.history_note if kept is not None else None
    fresh: dict[str, layer.CardOutcome] = {}
    read_first: dict[str, ModelCard] = {}
    if misses:
        if owner_records is None and scope.named_owners_only:
            # pre-commit: a few cards of a registry that may have hundreds of owner records
            read_first = {f: load_card(src, f) for f in misses}
            owner_records = _read_owners(src, owner_paths, _named(read_first.values()))
        elif owner_records is None:
            owner_records = _read_owners(src, owner_paths, None)
        facts = None
        if history is not None:
            gathered = history(policy, None if scope.everything else _judged_guess(scope))
            facts = gathered.cards if gathered is not None else None
            note = gathered.note if gathered is not None else None
        ctx = Context({o.id: o for o in owner_records}, policy, today, facts)
        fresh = check_cards(src, misses, ctx, probing=use_cache, jobs=jobs, cancel=cancel, read=read_first)
        outcomes.update(fresh)
    if need_owners and owner_records is None:
        owner_records = _read_owners(src, owner_paths, None)
    owners = {o.id: o for o in owner_records} if owner_records is not None else {}

    summaries = {f: outcomes[f].summary for f in folders if f in outcomes}
    judged = _judged(scope, summaries)
    pool = dict(summaries)
    if scope.id_holders:
        pool.update(_id_holders(src, summaries, judged))

    owner_findings = kept.owner_findings if kept is not None and owner_records is None else None
    if owner_findings is None:
        wanted_files = scope.owner_files
        if wanted_files is not None and not wanted_files:
            owner_findings = []
        else:
            whole = owner_records is not None and not scope.named_owners_only
            records = (
                owner_records if whole and owner_records is not None else _read_owners(src, owner_paths, None)
            )
            owner_findings = [
                f
                for o in records
                if wanted_files is None or o.path in wanted_files
                for f in check_owner(o, policy)
            ]

    # Entries kept with a digest because their files had just changed are written again
    # without it once those files have settled, so later warm runs trust stat data alone.
    settled = kept is not None and (
        (kept.owner_sigs is None and not layer.sigs_racy(sigs, started))
        or any(o.digest and not layer.racy(o, started) for o in outcomes.values())
    )
    if use_cache and (fresh or kept is None or settled):
        entries = {f: outcomes[f] for f in folders}
        layer.save(root, started, context, note, sigs, owners_digest, owner_findings, entries)

    findings = [f for folder in judged for f in outcomes[folder].findings]
    findings += duplicate_findings(pool, judged, policy)
    findings += owner_findings
    findings.sort(key=Finding.sort_key)
    waived = sorted((f for folder in judged for f in outcomes[folder].waived), key=Finding.sort_key)
    quoted = [s for folder in judged for s in outcomes[folder].suppressions]
    result = AuditResult(
        registry=name,
        root=str(root),
        today=today,
        revision=src.revision if src.revision is not None else revision,
        models=judged,
        findings=findings,
        waived=waived,
        suppressions=sorted(quoted, key=lambda s: (s.model, s.rule)),
    )
    hits = len(folders) - len(fresh)
    return RegistryAudit(result, summaries, policy, owners, hits, len(fresh), note, waived, read_first)


def _read_owners(src: Source, paths: list[str], named: set[str] | None) -> list[Owner]:
    chosen = paths if named is None else [p for p in paths if PurePosixPath(p).stem in named]
    return [load_owner(src, rel) for rel in chosen]


def _named(cards: Iterable[ModelCard]) -> set[str]:
    """Owner ids the given cards name (path mode reads only those owner records)."""
    return {v for card in cards for v in (card.get("owner"), card.get("backup_owner")) if isinstance(v, str)}


def _judged_guess(scope: Scope) -> set[str] | None:
    """The models history is asked for, before the cards are read (owners' dependants need them)."""
    if scope.dependants_of:
        return None
    return set(scope.judge) if scope.judge is not None else None


def _judged(scope: Scope, summaries: dict[str, ModelSummary]) -> list[str]:
    if scope.judge is None and not scope.dependants_of:
        return list(summaries)
    chosen = set(scope.judge or ())
    if scope.dependants_of:
        owners = scope.dependants_of
        chosen |= {f for f, s in summaries.items() if s.owner in owners or s.backup_owner in owners}
    return sorted(f for f in chosen if f in summaries)


def _id_holders(
    src: Source, summaries: dict[str, ModelSummary], judged: list[str]
) -> dict[str, ModelSummary]:
    """The cards that could share a judged card's id, when only some cards were read.

    An id used twice always involves a card whose id differs from its folder, and the
    other holder is usually the folder of that name: reading it (one more card, not
    the whole registry) lets SCH003 say "also used by another model" as a full audit does.
    """
    out: dict[str, ModelSummary] = {}
    for folder in judged:
        other = summaries[folder].id
        if summaries[folder].broken or other == folder or other in summaries or other in out:
            continue
        if ID_PATTERN.match(other):
            holder = load_card(src, other)
            if holder.error is None:
                out[other] = ModelSummary.of(holder)
    return out
