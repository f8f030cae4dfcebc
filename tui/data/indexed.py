"""The console's snapshot built from the index instead of a registry folder.

Every registry in the index becomes part of one :class:`~tui.data.snapshot.Snapshot`,
so the screens, the filter and the views work unchanged: each row carries its
registry (a column and the ``registry:`` facet), and the header shows each
registry's compliance history as a sparkline. A model id used by two registries is
shown as ``id@registry`` so that every row has its own key. Nothing here writes to
the index, and nothing imports Textual.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import asdict, dataclass, fields, replace
from datetime import date
from pathlib import Path

from registry.findings import Finding, Severity
from registry.index.read import IndexContents, IndexedModelInfo, IndexedOwnerInfo, RegistryInfo
from registry.loader import Document
from registry.model import Owner, Policy
from registry.model_basics import ModelBasics
from registry.status import Counts, ModelStatus
from registry.summary import ModelSummary
from registry.textsafe import clean
from tui.data.rows import ModelRow, make_row
from tui.data.snapshot import Health, Snapshot

BARS = "▁▂▃▄▅▆▇█"
#: Snapshots drawn per registry (the newest ones).
SPARK_WIDTH = 24


@dataclass(frozen=True, slots=True)
class RegistryLine:
    """One registry in the header: its name, numbers and compliance over its syncs."""

    name: str
    key: str
    models: int
    compliant_share: float
    errors: int
    warnings: int
    synced: str  # "2026-11-24 08:00 UTC"
    revision: str
    sparkline: str


def sparkline(values: list[float], width: int = SPARK_WIDTH) -> str:
    """Shares from 0 to 1 as block characters, oldest first (the newest ``width`` of them)."""
    shown = values[-width:]
    return "".join(BARS[min(len(BARS) - 1, max(0, round(v * (len(BARS) - 1))))] for v in shown)


def _owner(info: IndexedOwnerInfo) -> Owner:
    data: dict[str, object] = {"id": info.id, "active": info.active}
    for key in ("name", "email", "lead", "escalation"):
        value = getattr(info, key)
        if value is not None:
            data[key] = value
    path = f"owners/{info.id}.yaml"
    return Owner(path=path, doc=Document(path, data), id=info.id)


def _keys(models: list[IndexedModelInfo]) -> list[str]:
    """Each row's key: the folder, or ``folder@registry`` when two registries share it.

    Two registries may even share a name: then the registry's number in the index
    makes the key unique (``folder@name#3``).
    """
    folders: dict[str, int] = defaultdict(int)
    named: dict[tuple[str, str], int] = defaultdict(int)
    for m in models:
        folders[m.folder] += 1
        named[(m.folder, m.registry)] += 1
    out = []
    for m in models:
        if folders[m.folder] == 1:
            out.append(m.folder)
        elif named[(m.folder, m.registry)] == 1:
            out.append(f"{m.folder}@{m.registry}")
        else:
            out.append(f"{m.folder}@{m.registry}#{m.registry_id}")
    return out


def _row(m: IndexedModelInfo, key: str, registry: str, found: list[Finding], as_of: date) -> ModelRow:
    status = ModelStatus.aged(as_of, m.validation_date, m.validation_state, m.bias_date, m.bias_state)
    rules = frozenset(f.rule for f in found)
    return make_row(m, key, status, (m.errors, m.warnings, m.infos), rules, registry)


def _summary(m: IndexedModelInfo, key: str) -> ModelSummary:
    """The model as the screens read it: its basics as indexed, under its row's key.

    The index keeps no validator, bias-test result or position of the card's id.
    """
    basics = {f.name: getattr(m, f.name) for f in fields(ModelBasics)}
    return ModelSummary(
        **{**basics, "folder": key},
        version=m.version,
        validation_date=m.validation_date.isoformat() if m.validation_date else None,
        validator=None,
        bias_date=m.bias_date.isoformat() if m.bias_date else None,
        bias_result=None,
        broken=m.broken,
        sponsor=m.sponsor,
    )


def _line(info: RegistryInfo, shares: list[float]) -> RegistryLine:
    return RegistryLine(
        name=clean(info.name),
        key=clean(info.key),
        models=info.counts.models,
        compliant_share=info.counts.compliant_share,
        errors=info.counts.errors,
        warnings=info.counts.warnings,
        synced=info.synced_at.strftime("%Y-%m-%d %H:%M UTC"),
        revision=(info.revision or "")[:12],
        sparkline=sparkline(shares or [info.counts.compliant_share]),
    )


def index_snapshot(contents: IndexContents, today: date, label: str, *, complete: bool = True) -> Snapshot:
    """One snapshot of every registry in ``contents``; ``label`` names the index (no password).

    A first batch (``complete`` False) has the worst models only; the header's numbers
    come from the registries' rows, so they are already the whole index's.
    """
    by_id = {r.id: r for r in contents.registries}
    keys = _keys(contents.models)
    key_of = {(m.registry_id, m.folder): key for m, key in zip(contents.models, keys, strict=True)}
    findings: list[Finding] = []
    by_model: dict[str, list[Finding]] = defaultdict(list)
    for f in contents.findings:
        folder = f.finding.model
        model = key_of.get((f.registry_id, folder)) if folder is not None else None
        finding = replace(f.finding, model=model)
        findings.append(finding)
        if model is not None:
            by_model[model].append(finding)
    names = {r.id: clean(r.name) for r in contents.registries}
    rows: list[ModelRow] = []
    summaries: dict[str, ModelSummary] = {}
    locations: dict[str, tuple[Path, str]] = {}
    where = {r.id: Path(r.location) for r in contents.registries}
    for m, key in zip(contents.models, keys, strict=True):
        as_of = by_id[m.registry_id].audit_date
        rows.append(_row(m, key, names[m.registry_id], by_model.get(key, []), as_of))
        summaries[key] = _summary(m, key)
        locations[key] = (where[m.registry_id], m.folder)
    owners: dict[str, Owner] = {}
    for o in contents.owners:
        owners.setdefault(o.id, _owner(o))
    health = Health(
        **asdict(Counts.total([r.counts for r in contents.registries])),
        overdue_validations=sum(1 for f in findings if f.rule == "VAL002" and f.severity is Severity.ERROR),
        overdue_bias_tests=sum(1 for f in findings if f.rule == "BIA002"),
        registry_findings=sum(1 for f in findings if f.model is None),
    )
    count = len(contents.registries)
    snap = Snapshot(
        name=f"{count} registr{'y' if count == 1 else 'ies'} in the index",
        root=Path.cwd(),
        today=today,
        policy=Policy.from_data(None, None),
        owners=owners,
        summaries=summaries,
        findings=findings,
        rows=rows,
        by_model=dict(by_model),
        health=health,
        complete=complete,
        total=health.models,
        registries=[
            _line(r, [p.compliant_share for p in contents.history.get(r.id, [])]) for r in contents.registries
        ],
        locations=locations,
        source=label,
    )
    return snap
