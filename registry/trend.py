"""Compliance over time: the audit at the end of each week or month, read from git.

A steering committee asks whether compliance is getting better, and the registry's
git history can answer. For each period the registry is taken as the period's last
first-parent commit left it, and audited as of the period's last day (the running
period: as of today). Judging a past state on its own date, not on today's, is what
keeps the curve honest: a validation that was current in March counts as current in
March. Each point has the numbers of ``registry audit --rev SHA --today DAY``, through
the same loader and the same :func:`registry.audit.run_audit`.

Nothing is read or parsed twice, which is what makes hundreds of points cheap: a
model's folder, an owner file and registry.yaml are parsed once per git object id for
the whole trend (a card folder whose tree id did not change between two commits is
the same parsed card), the card history VAL005 needs comes from one ``git log`` cut
at each point, and every file goes through one shared ``git cat-file``. Owner files'
own findings depend on nothing but the file and the settings, so they are computed
once per pair too. The card rules run at every point, because their verdict depends
on the point's date.
"""

from __future__ import annotations

import bisect
import calendar
import dataclasses
import os
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

from registry.audit import SEVERITIES, AuditResult, run_audit
from registry.findings import Finding, Severity
from registry.git import (
    BlobReader,
    CardHistory,
    GitTreeSource,
    GitUnavailable,
    RepoInfo,
    head,
    locate,
    registry_history,
    resolve,
)
from registry.memo import RuleMemo
from registry.model import ModelCard, Owner, Policy, Record, Registry
from registry.store import (
    REGISTRY_FILE,
    RegistryError,
    list_model_folders,
    list_owner_files,
    load_card,
    load_owner,
    load_settings,
)

EVERY = ("week", "month")


@dataclass(frozen=True, slots=True)
class Period:
    """One week (Monday to Sunday, ISO numbering) or one calendar month."""

    label: str  # 2026-W23 or 2026-06
    start: date
    end: date


def periods(since: date, until: date, every: str) -> list[Period]:
    """The periods from the one holding ``since`` to the one holding ``until``."""
    if every not in EVERY:
        raise ValueError(f"unknown period {every!r} (use week or month)")
    out: list[Period] = []
    if every == "week":
        start = since - timedelta(days=since.weekday())
        while start <= until:
            year, week, _ = start.isocalendar()
            out.append(Period(f"{year}-W{week:02d}", start, start + timedelta(days=6)))
            start += timedelta(days=7)
        return out
    start = since.replace(day=1)
    while start <= until:
        last = calendar.monthrange(start.year, start.month)[1]
        out.append(Period(f"{start.year}-{start.month:02d}", start, start.replace(day=last)))
        start = start.replace(day=last) + timedelta(days=1)
    return out


@dataclass(frozen=True, slots=True)
class Tally:
    """How compliant one audit is: the figures every view of compliance shows.

    A model is in scope unless it is retired (retired models get only schema rules, so
    counting them would flatter the share); it is compliant when no finding at or above
    the policy's ``fail_on`` names it (errors, by default), the line the audit's exit
    code and the console draw too. A card that cannot be read is in scope and not
    compliant.
    """

    models: int
    in_scope: int
    compliant: int
    counts: dict[str, int]

    @property
    def share(self) -> float | None:
        """Compliant models over models in scope; None when nothing is in scope."""
        return self.compliant / self.in_scope if self.in_scope else None


def tally(result: AuditResult, stages: Mapping[str, str | None], fail_on: str = "error") -> Tally:
    """The :class:`Tally` of ``result``; ``stages`` maps each model folder to its stage."""
    line = None if fail_on == "never" else Severity(fail_on).rank
    failing = {
        f.model
        for f in result.findings
        if line is not None and f.severity.rank >= line and f.model is not None
    }
    scope = [m for m in result.models if stages.get(m) != "retired"]
    compliant = sum(1 for m in scope if m not in failing)
    return Tally(len(result.models), len(scope), compliant, result.counts())


def stages_of(registry: Registry) -> dict[str, str | None]:
    return {folder: card.stage for folder, card in registry.models.items()}


@dataclass(frozen=True, slots=True)
class TrendPoint:
    """The audit at the end of one period, or why there is none (``note``)."""

    period: Period
    today: date  # the date the audit judged ages on
    revision: str | None  # the commit audited; None before the first commit
    committed: date | None  # that commit's date
    tally: Tally | None = None
    findings: tuple[Finding, ...] = ()  # only when the caller asked to keep them
    note: str | None = None

    def to_dict(self) -> dict[str, Any]:
        t = self.tally
        share = t.share if t is not None else None
        return {
            "period": self.period.label,
            "start": self.period.start.isoformat(),
            "end": self.period.end.isoformat(),
            "today": self.today.isoformat(),
            "revision": self.revision,
            "committed": self.committed.isoformat() if self.committed else None,
            "models": t.models if t else None,
            "in_scope": t.in_scope if t else None,
            "compliant": t.compliant if t else None,
            "compliant_share": round(share, 4) if share is not None else None,
            "summary": dict(t.counts) if t else None,
            "note": self.note,
        }


@dataclass(frozen=True, slots=True)
class Trend:
    registry: str
    every: str
    since: date
    until: date
    tip: str  # the commit whose first-parent line was followed
    points: list[TrendPoint]

    def audited(self) -> list[TrendPoint]:
        return [p for p in self.points if p.tally is not None]

    def to_dict(self) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "every": self.every,
            "since": self.since.isoformat(),
            "until": self.until.isoformat(),
            "tip": self.tip,
            "points": [p.to_dict() for p in self.points],
        }


# --------------------------------------------------------------------------- git


@dataclass(frozen=True, slots=True)
class _Commit:
    sha: str
    day: date  # committer date, in the committer's time zone (as history rules read it)


def first_parent_line(info: RepoInfo, tip: str) -> list[_Commit]:
    """The commits on ``tip``'s first-parent line, newest first (one ``git log``)."""
    raw: bytes = info.run(
        ["log", "--first-parent", "--no-color", "--format=%H %cI", "--end-of-options", tip, "--"]
    )
    out = []
    for line in raw.decode("ascii", "replace").splitlines():
        sha, _, when = line.partition(" ")
        if sha and when:
            out.append(_Commit(sha, datetime.fromisoformat(when.strip()).date()))
    return out


def registry_start(info: RepoInfo, tip: str) -> date | None:
    """The date of the oldest commit on the line that holds registry.yaml."""
    raw: bytes = info.run(
        [
            "--literal-pathspecs",
            "log",
            "--first-parent",
            "--no-color",
            "--format=%cI",
            "--end-of-options",
            tip,
            "--",
            f"{info.prefix}{REGISTRY_FILE}",
        ]
    )
    lines = raw.decode("ascii", "replace").split()
    return datetime.fromisoformat(lines[-1]).date() if lines else None


def _newest_on_or_before(line: list[_Commit], day: date) -> int | None:
    for index, commit in enumerate(line):
        if commit.day <= day:
            return index
    return None


class Snapshots:
    """Registries at many commits, parsing each file or card folder once per object id."""

    def __init__(self, info: RepoInfo, root: Path) -> None:
        self.info = info
        self.root = Path(os.path.abspath(root))
        self.reader = BlobReader(info)
        self.blobs: dict[str, bytes | None] = {}
        self.settings: dict[str, tuple[Record, Policy, str]] = {}
        self.cards: dict[tuple[str, str], ModelCard] = {}
        self.owners: dict[tuple[str, str], Owner] = {}

    def tree(self, sha: str) -> GitTreeSource:
        return GitTreeSource(self.info, sha, self.root, reader=self.reader, blobs=self.blobs, prefetch=False)

    def registry(self, tree: GitTreeSource) -> Registry:
        """What :func:`registry.store.load_registry` returns for ``tree``, from the caches."""
        if not tree.is_file(REGISTRY_FILE):
            raise RegistryError(f"no {REGISTRY_FILE} at this commit")
        settings_key = tree.content_key(REGISTRY_FILE)
        loaded = self.settings.get(settings_key) if settings_key else None
        if loaded is None:
            loaded = load_settings(tree)
            if settings_key:
                self.settings[settings_key] = loaded
        record, policy, name = loaded
        folders = list_model_folders(tree)
        keys = {f: tree.content_key(f"models/{f}") for f in folders}
        fresh = {f for f, key in keys.items() if key is None or (f, key) not in self.cards}
        tree.prefetch(rel for rel in tree.entries if rel.startswith("models/") and rel.split("/")[1] in fresh)
        models: dict[str, ModelCard] = {}
        for folder in folders:
            key = keys[folder]
            card = self.cards.get((folder, key)) if key else None
            if card is None:
                card = load_card(tree, folder)
                if key:
                    self.cards[(folder, key)] = card
            models[folder] = card
        owner_files = [self._owner(tree, rel) for rel in list_owner_files(tree)]
        owners = {o.id: o for o in owner_files}
        return Registry(str(self.root), name, policy, record, owners, models, owner_files, tree.revision)

    def _owner(self, tree: GitTreeSource, rel: str) -> Owner:
        key = tree.content_key(rel)
        owner = self.owners.get((rel, key)) if key else None
        if owner is None:
            owner = load_owner(tree, rel)
            if key:
                self.owners[(rel, key)] = owner
        return owner

    def close(self) -> None:
        self.reader.close()


class _CardLines:
    """Each card's versions on the tip's first-parent line, to cut at any older commit."""

    def __init__(self, histories: Mapping[str, CardHistory], position: Mapping[str, int]) -> None:
        self.histories = dict(histories)
        self._cut: dict[tuple[str, int, str | None], CardHistory] = {}  # the same cut, the same object
        far = len(position)
        self.positions = {
            folder: [position.get(v.commit.sha, far) for v in h.versions] for folder, h in histories.items()
        }

    def at(self, index: int, tree: GitTreeSource, folders: Iterable[str]) -> dict[str, CardHistory]:
        """The history ``audit --rev`` would read at the commit ``index`` steps below the tip."""
        out = {}
        for folder in folders:
            history = self.histories.get(folder)
            if history is None:
                continue
            first = bisect.bisect_left(self.positions[folder], index)
            blob = tree.blob_of(history.path)
            cut = self._cut.get((folder, first, blob))
            if cut is None:
                cut = dataclasses.replace(history, versions=history.versions[first:], current_blob=blob)
                self._cut[(folder, first, blob)] = cut
            out[folder] = cut
        return out


def compute_trend(
    root: Path,
    until: date,
    *,
    since: date | None = None,
    every: str = "month",
    tip: str = "HEAD",
    keep_findings: bool = False,
) -> Trend:
    """The audit at each period's last first-parent commit of ``tip``, from ``since`` to ``until``.

    ``until`` is "today": the last period is judged on it, and commits dated after it
    are not looked at. Without ``since`` the trend starts at the commit that added
    registry.yaml. Raises :class:`registry.git.GitUnavailable` (no repository, no
    commit), :class:`registry.git.BadRevision` and ValueError (``since`` after ``until``).
    """
    info = locate(root)
    start = head(info) if tip == "HEAD" else resolve(info, tip)
    if start is None:
        raise GitUnavailable("the git repository has no commits yet")
    line = first_parent_line(info, start)
    if since is None:
        since = registry_start(info, start) or (line[-1].day if line else until)
        since = min(since, until)
    if since > until:
        raise ValueError(f"--since {since.isoformat()} is after {until.isoformat()}")
    chosen = [(p, min(p.end, until)) for p in periods(since, until, every)]
    picks = [_newest_on_or_before(line, day) for _, day in chosen]
    points: list[TrendPoint | None] = [None] * len(chosen)
    for number, ((period, day), index) in enumerate(zip(chosen, picks, strict=True)):
        if index is None:
            points[number] = TrendPoint(period, day, None, None, note="no commit yet")
    snapshots = Snapshots(info, root)
    memo = RuleMemo()
    name = Path(root).name
    try:
        indexes = sorted({i for i in picks if i is not None})
        cards = _history(root, snapshots, line, indexes[0]) if indexes else _CardLines({}, {})
        for index in indexes:  # one commit at a time: its tree is dropped before the next
            commit = line[index]
            tree = snapshots.tree(commit.sha)
            registry: Registry | None = None
            try:
                registry = snapshots.registry(tree)
                name, problem = registry.name, ""
            except RegistryError as exc:
                problem = str(exc)
            history = cards.at(index, tree, registry.models) if registry is not None else {}
            for number, pick in enumerate(picks):
                if pick != index:
                    continue
                period, day = chosen[number]
                if registry is None:
                    points[number] = TrendPoint(period, day, commit.sha, commit.day, note=problem)
                    continue
                result = run_audit(registry, day, history=history, memo=memo)
                findings = tuple(result.findings) if keep_findings else ()
                points[number] = TrendPoint(
                    period,
                    day,
                    commit.sha,
                    commit.day,
                    tally(result, stages_of(registry), registry.policy.fail_on),
                    findings,
                )
    finally:
        snapshots.close()
    return Trend(name, every, since, until, start, [p for p in points if p is not None])


def _history(root: Path, snapshots: Snapshots, line: list[_Commit], newest: int) -> _CardLines:
    """One ``git log`` from the newest commit audited, shared by every point."""
    history = registry_history(root, tree=snapshots.tree(line[newest].sha))
    position = {c.sha: i for i, c in enumerate(line)}
    return _CardLines(history.cards, position)


__all__ = [
    "EVERY",
    "SEVERITIES",
    "Period",
    "Tally",
    "Trend",
    "TrendPoint",
    "compute_trend",
    "periods",
    "stages_of",
    "tally",
]
