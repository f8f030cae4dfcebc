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

import calendar
import multiprocessing
from collections.abc import Mapping
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from registry.audit import SEVERITIES, AuditResult, run_audit
from registry.findings import Finding, Severity
from registry.git import CardHistory, GitUnavailable, head, locate, registry_history, resolve
from registry.memo import RuleMemo
from registry.model import Registry
from registry.revisions import (
    CardLines,
    LineCommit,
    Snapshots,
    first_parent_line,
    newest_on_or_before,
    registry_start,
)
from registry.store import RegistryError

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


def compute_trend(
    root: Path,
    until: date,
    *,
    since: date | None = None,
    every: str = "month",
    tip: str = "HEAD",
    keep_findings: bool = False,
    jobs: int | None = None,
) -> Trend:
    """The audit at each period's last first-parent commit of ``tip``, from ``since`` to ``until``.

    ``until`` is "today": the last period is judged on it, and commits dated after it
    are not looked at. Without ``since`` the trend starts at the commit that added
    registry.yaml. The registries are read here, one commit after the other; the
    audits run in ``jobs`` worker processes (default: one per core) when there are
    enough of them to pay for the start. Raises :class:`registry.git.GitUnavailable`
    (no repository, no commit), :class:`registry.git.BadRevision` and ValueError
    (``since`` after ``until``).
    """
    info = locate(root)
    start = head(info) if tip == "HEAD" else resolve(info, tip)
    if start is None:
        raise GitUnavailable("the git repository has no commits yet")
    line = first_parent_line(info, start)
    if since is None:
        since = min(registry_start(info, start) or (line[-1].day if line else until), until)
    if since > until:
        raise ValueError(f"--since {since.isoformat()} is after {until.isoformat()}")
    chosen = [(p, min(p.end, until)) for p in periods(since, until, every)]
    picks = [newest_on_or_before(line, day) for _, day in chosen]
    points: dict[int, TrendPoint] = {}
    audits: list[_Audit] = []
    loaded: dict[int, _Loaded] = {}
    snapshots = Snapshots(info, root)
    try:
        indexes = sorted({i for i in picks if i is not None})
        cards = _history(root, snapshots, line, indexes[0]) if indexes else CardLines({}, {})
        for at in indexes:  # one commit at a time: its tree is dropped before the next
            loaded[at] = _load(snapshots, cards, line, at)
    finally:
        snapshots.close()
    for number, ((period, day), pick) in enumerate(zip(chosen, picks, strict=True)):
        if pick is None:
            points[number] = TrendPoint(period, day, None, None, note="no commit yet")
        elif loaded[pick].registry is None:
            commit = loaded[pick].commit
            points[number] = TrendPoint(period, day, commit.sha, commit.day, note=loaded[pick].problem)
        else:
            audits.append(_Audit(number, period, day, pick))
    points.update(_run_audits(audits, loaded, keep_findings, jobs))
    named = [entry.registry.name for entry in loaded.values() if entry.registry is not None]
    name = named[0] if named else Path(root).name  # the newest commit's name
    return Trend(
        name,
        every,
        since,
        until,
        start,
        [points[n] for n in sorted(points)],
    )


@dataclass(frozen=True, slots=True)
class _Audit:
    number: int  # the point's place in the trend
    period: Period
    day: date
    index: int  # the commit's place on the line


@dataclass(frozen=True, slots=True)
class _Loaded:
    """One commit's registry (or why it has none) and its card history."""

    commit: LineCommit
    registry: Registry | None
    problem: str
    history: dict[str, CardHistory]


def _load(snapshots: Snapshots, cards: CardLines, line: list[LineCommit], index: int) -> _Loaded:
    commit = line[index]
    tree = snapshots.tree(commit.sha)
    try:
        registry = snapshots.registry(tree)
    except RegistryError as exc:
        return _Loaded(commit, None, str(exc), {})
    return _Loaded(commit, registry, "", cards.at(index, tree, registry.models))


def _history(root: Path, snapshots: Snapshots, line: list[LineCommit], newest: int) -> CardLines:
    """One ``git log`` from the newest commit audited, shared by every point."""
    history = registry_history(root, tree=snapshots.tree(line[newest].sha))
    position = {c.sha: i for i, c in enumerate(line)}
    return CardLines(history.cards, position)


#: Below this many card audits (points x models) worker processes cost more than they save.
PARALLEL_THRESHOLD = 20_000
_WORK: tuple[dict[int, _Loaded], bool, RuleMemo] | None = None


def _audit_points(audits: list[_Audit]) -> list[tuple[int, TrendPoint]]:
    """Audit each point; the memo lives as long as the process (a worker's, or this one)."""
    assert _WORK is not None
    loaded, keep, memo = _WORK
    out = []
    for audit in audits:
        entry = loaded[audit.index]
        registry = entry.registry
        assert registry is not None
        result = run_audit(registry, audit.day, history=entry.history, memo=memo)
        share = tally(result, stages_of(registry), registry.policy.fail_on)
        findings = tuple(result.findings) if keep else ()
        point = TrendPoint(audit.period, audit.day, entry.commit.sha, entry.commit.day, share, findings)
        out.append((audit.number, point))
    return out


def _start_worker(loaded: dict[int, _Loaded], keep: bool) -> None:
    global _WORK
    _WORK = (loaded, keep, RuleMemo())


def _run_audits(
    audits: list[_Audit], loaded: dict[int, _Loaded], keep: bool, jobs: int | None
) -> list[tuple[int, TrendPoint]]:
    """Contiguous runs of points per worker, so that each worker's memo serves its run."""
    from registry.parallel import default_jobs

    jobs = jobs or default_jobs()
    models = max((len(e.registry.models) for e in loaded.values() if e.registry is not None), default=0)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        context = None
    if jobs <= 1 or context is None or len(audits) * models < PARALLEL_THRESHOLD or len(audits) < 2 * jobs:
        _start_worker(loaded, keep)
        try:
            return _audit_points(audits)
        finally:
            _clear()
    size = -(-len(audits) // (jobs * 2))
    chunks = [audits[i : i + size] for i in range(0, len(audits), size)]
    out: list[tuple[int, TrendPoint]] = []
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_start_worker, initargs=(loaded, keep)
    ) as pool:
        for part in pool.map(_audit_points, chunks):
            out.extend(part)
    return out


def _clear() -> None:
    global _WORK
    _WORK = None


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
