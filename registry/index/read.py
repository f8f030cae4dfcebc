"""Reading the index: registries and their history, models across registries, findings, owners.

Every query runs in one read-only transaction, so what it returns is one consistent
state of the index (never half a sync). The rows come back as small frozen
dataclasses: the callers (``registry list --db``, ``registry index status``, the
console) never see SQLAlchemy.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, Select, select

from registry.index.db import Index
from registry.index.tables import FINDINGS, MODELS, OWNERS, REGISTRIES, SNAPSHOTS, IndexedRegistry


@dataclass(frozen=True, slots=True)
class SnapshotPoint:
    synced_at: datetime
    revision: str | None
    compliant_share: float
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True, slots=True)
class IndexedModelInfo:
    """One model of one registry, as the index holds it."""

    registry: str  # the registry's name
    registry_id: int
    folder: str
    id: str
    name: str
    stage: str | None
    risk_tier: str | None
    kind: str | None
    owner: str | None
    backup_owner: str | None
    sponsor: str | None
    version: str | None
    validation_date: date | None
    validation_state: str
    bias_date: date | None
    bias_state: str
    priority_score: float | None
    broken: bool
    errors: int
    warnings: int
    infos: int
    waived: int


@dataclass(frozen=True, slots=True)
class IndexedFindingInfo:
    registry_id: int
    model: str | None
    rule: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    waived: bool


@dataclass(frozen=True, slots=True)
class IndexedOwnerInfo:
    registry_id: int
    id: str
    name: str | None
    email: str | None
    lead: str | None
    escalation: str | None
    active: bool


_MODEL_FIELDS = tuple(
    f for f in IndexedModelInfo.__dataclass_fields__ if f not in ("registry", "registry_id")
)


@dataclass(frozen=True, slots=True)
class IndexContents:
    """Everything the console shows, read in one transaction (one consistent state)."""

    registries: list[IndexedRegistry]
    history: dict[int, list[SnapshotPoint]]
    models: list[IndexedModelInfo]
    findings: list[IndexedFindingInfo]
    owners: list[IndexedOwnerInfo]


def _registries(conn: Connection) -> list[IndexedRegistry]:
    rows = conn.execute(select(REGISTRIES).order_by(REGISTRIES.c.name, REGISTRIES.c.key)).mappings()
    return [IndexedRegistry(**row) for row in rows]


def registries(index: Index) -> list[IndexedRegistry]:
    """Every registry, by name."""
    with index.transaction() as conn:
        return _registries(conn)


def _history(conn: Connection) -> dict[int, list[SnapshotPoint]]:
    s = SNAPSHOTS.c
    query = select(
        s.registry_id, s.synced_at, s.revision, s.compliant_share, s.errors, s.warnings, s.infos
    ).order_by(s.registry_id, s.synced_at, s.pk)
    out: dict[int, list[SnapshotPoint]] = defaultdict(list)
    for registry_id, *rest in conn.execute(query):
        out[registry_id].append(SnapshotPoint(*rest))
    return dict(out)


def history(index: Index) -> dict[int, list[SnapshotPoint]]:
    """Each registry's snapshots, oldest first."""
    with index.transaction() as conn:
        return _history(conn)


def contents(index: Index) -> IndexContents:
    """Registries, history, models, open findings and owners as of one moment."""
    with index.transaction() as conn:
        return IndexContents(
            registries=_registries(conn),
            history=_history(conn),
            models=[IndexedModelInfo(*row) for row in conn.execute(_model_query(None, None, None, None))],
            findings=_findings(conn, waived=False),
            owners=_owners(conn),
        )


def _model_query(stage: str | None, owner: str | None, risk: str | None, registry: str | None) -> Select[Any]:
    m = MODELS.c
    query = select(REGISTRIES.c.name, m.registry_id, *(m[name] for name in _MODEL_FIELDS)).join(
        REGISTRIES, REGISTRIES.c.id == m.registry_id
    )
    if stage:
        query = query.where(m.stage == stage)
    if owner:
        query = query.where(m.owner == owner)
    if risk:
        query = query.where(m.risk_tier == risk)
    if registry:
        query = query.where((REGISTRIES.c.name == registry) | (REGISTRIES.c.key == registry))
    return query.order_by(REGISTRIES.c.name, REGISTRIES.c.id, m.folder)


def models(
    index: Index,
    *,
    stage: str | None = None,
    owner: str | None = None,
    risk: str | None = None,
    registry: str | None = None,
) -> list[IndexedModelInfo]:
    """Models across registries, filtered as ``registry list`` filters (exact values)."""
    with index.transaction() as conn:
        rows = conn.execute(_model_query(stage, owner, risk, registry)).all()
    return [IndexedModelInfo(*row) for row in rows]


def findings(index: Index, *, waived: bool = False) -> list[IndexedFindingInfo]:
    """Open findings of every registry (and the waived ones with ``waived``), in report order."""
    with index.transaction() as conn:
        return _findings(conn, waived=waived)


def _findings(conn: Connection, *, waived: bool) -> list[IndexedFindingInfo]:
    f = FINDINGS.c
    query = select(
        f.registry_id, f.model, f.rule, f.severity, f.path, f.line, f.column, f.message, f.waived
    ).order_by(f.registry_id, f.path, f.line, f.column, f.rule)
    if not waived:
        query = query.where(f.waived.is_(False))
    return [IndexedFindingInfo(*row) for row in conn.execute(query)]


def owners(index: Index) -> list[IndexedOwnerInfo]:
    with index.transaction() as conn:
        return _owners(conn)


def _owners(conn: Connection) -> list[IndexedOwnerInfo]:
    o = OWNERS.c
    query = select(o.registry_id, o.id, o.name, o.email, o.lead, o.escalation, o.active).order_by(
        o.registry_id, o.id
    )
    return [IndexedOwnerInfo(*row) for row in conn.execute(query)]
