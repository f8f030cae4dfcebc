"""Reading the index: registries and their history, models across registries, findings, owners.

Every query runs in one read-only transaction, so what it returns is one consistent
state of the index (never half a sync). The rows come back as small frozen
dataclasses: the callers (``registry list --db``, ``registry index status``, the
console) never see SQLAlchemy. The queries are plain SQL over the columns of
:mod:`registry.index.tables` (a test checks they exist there): importing SQLModel and
pydantic would cost a reader more than its query.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, fields, replace
from datetime import UTC, date, datetime
from typing import Any, TypeVar

from sqlalchemy import Boolean, Connection, Date, DateTime, TextualSelect, text
from sqlalchemy.types import TypeEngine

from registry.findings import Finding, Severity
from registry.index.db import Index
from registry.model_basics import ModelBasics, ModelFilter
from registry.status import Counts

_TYPES: dict[str, TypeEngine[Any]] = {
    "synced_at": DateTime(),
    "audit_date": Date(),
    "validation_date": Date(),
    "bias_date": Date(),
    "broken": Boolean(),
    "active": Boolean(),
}


@dataclass(frozen=True, slots=True)
class RegistryInfo:
    """A registry in the index and its last sync (the columns of the ``registries`` table)."""

    counts: Counts  # its numbers at the last sync: a column for each field
    id: int
    key: str
    name: str
    origin: str | None
    folder: str
    location: str
    revision: str | None
    synced_at: datetime  # UTC
    audit_date: date
    fail_on: str
    tool_version: str


@dataclass(frozen=True, slots=True)
class SnapshotPoint:
    synced_at: datetime
    revision: str | None
    compliant_share: float
    errors: int
    warnings: int
    infos: int


@dataclass(frozen=True, slots=True)
class IndexedModelInfo(ModelBasics):
    """One model of one registry, as the index holds it."""

    registry: str  # the registry's name
    registry_id: int
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
class ListedModel:
    """What ``registry list --db`` prints of a model: fewer columns, so 50,000 rows come fast."""

    registry: str
    folder: str
    name: str
    stage: str | None
    risk_tier: str | None
    owner: str | None
    errors: int
    warnings: int
    infos: int


Listed = TypeVar("Listed", IndexedModelInfo, ListedModel)


@dataclass(frozen=True, slots=True)
class IndexedFindingInfo:
    """A finding of one registry; its ``model`` is the folder there, and its ``field`` is not read."""

    registry_id: int
    finding: Finding
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


def _names(record: type, prefix: str, skip: tuple[str, ...] = ()) -> str:
    return ", ".join(f"{prefix}.{f.name}" for f in fields(record) if f.name not in skip)


def _query(sql: str, *typed: str) -> TextualSelect:
    """Plain SQL whose ``typed`` (date, time, boolean) columns come back typed on every backend."""
    return text(sql).columns(**{name: _TYPES[name] for name in typed})


def _utc(moment: datetime) -> datetime:
    return moment if moment.tzinfo is not None else moment.replace(tzinfo=UTC)


@dataclass(frozen=True, slots=True)
class IndexContents:
    """Everything the console shows, read in one transaction (one consistent state)."""

    registries: list[RegistryInfo]
    history: dict[int, list[SnapshotPoint]]
    models: list[IndexedModelInfo]
    findings: list[IndexedFindingInfo]
    owners: list[IndexedOwnerInfo]


def _registries(conn: Connection) -> list[RegistryInfo]:
    own = _names(RegistryInfo, "r", ("counts",))
    sql = f"SELECT {_names(Counts, 'r')}, {own} FROM registries r ORDER BY r.name, r.key"
    split = len(fields(Counts))
    out = []
    for row in conn.execute(_query(sql, "synced_at", "audit_date")):
        info = RegistryInfo(Counts(*row[:split]), *row[split:])
        out.append(info if info.synced_at.tzinfo else replace(info, synced_at=_utc(info.synced_at)))
    return out


def registries(index: Index) -> list[RegistryInfo]:
    """Every registry, by name."""
    with index.transaction() as conn:
        return _registries(conn)


def _history(conn: Connection) -> dict[int, list[SnapshotPoint]]:
    sql = (
        f"SELECT s.registry_id, {_names(SnapshotPoint, 's')} FROM snapshots s "
        "ORDER BY s.registry_id, s.synced_at, s.pk"
    )
    out: dict[int, list[SnapshotPoint]] = defaultdict(list)
    for registry_id, synced_at, *rest in conn.execute(_query(sql, "synced_at")):
        out[registry_id].append(SnapshotPoint(_utc(synced_at), *rest))
    return dict(out)


def history(index: Index) -> dict[int, list[SnapshotPoint]]:
    """Each registry's snapshots, oldest first."""
    with index.transaction() as conn:
        return _history(conn)


def _models(
    conn: Connection,
    only: ModelFilter,
    registry: str | None = None,  # its name or its key
    worst_first: int | None = None,
    record: type[Listed] = IndexedModelInfo,  # type: ignore[assignment]
) -> list[Listed]:
    where: list[str] = []
    params: dict[str, str] = {}
    for column, value in (("m.stage", only.stage), ("m.owner", only.owner), ("m.risk_tier", only.risk)):
        if value:
            where.append(f"{column} = :p{len(params)}")
            params[f"p{len(params)}"] = value
    if registry:
        where.append("(r.name = :registry OR r.key = :registry)")
        params["registry"] = registry
    # The registry's name comes from its row; every other field is the model's column.
    columns = ", ".join("r.name" if f.name == "registry" else f"m.{f.name}" for f in fields(record))
    sql = (
        f"SELECT {columns} FROM models m JOIN registries r ON r.id = m.registry_id"
        + (f" WHERE {' AND '.join(where)}" if where else "")
        + (
            f" ORDER BY m.errors DESC, m.warnings DESC, m.infos DESC, m.folder LIMIT {int(worst_first)}"
            if worst_first is not None
            else " ORDER BY r.name, r.id, m.folder"
        )
    )
    typed = [f.name for f in fields(record) if f.name in ("validation_date", "bias_date", "broken")]
    return [record(*row) for row in conn.execute(_query(sql, *typed), params).all()]


def models(
    index: Index, only: ModelFilter | None = None, registry: str | None = None
) -> list[IndexedModelInfo]:
    """Models across registries (or of the ``registry`` named or keyed), as ``registry list`` filters."""
    with index.transaction() as conn:
        return _models(conn, only or ModelFilter(), registry)


def listed(index: Index, only: ModelFilter | None = None, registry: str | None = None) -> list[ListedModel]:
    """:func:`models` with only what ``registry list --db`` prints."""
    with index.transaction() as conn:
        return _models(conn, only or ModelFilter(), registry, record=ListedModel)


def _findings(conn: Connection, *, waived: bool) -> list[IndexedFindingInfo]:
    # "column" is a reserved word in SQL: quoted, as SQLAlchemy created it.
    names = _names(Finding, "f", ("field",)).replace("f.column", 'f."column"')
    sql = f"SELECT f.registry_id, f.waived, {names} FROM findings f"
    if not waived:
        sql += " WHERE f.waived = :no"
    sql += ' ORDER BY f.registry_id, f.path, f.line, f."column", f.rule'
    query = text(sql).columns(waived=Boolean())
    rows = conn.execute(query, {} if waived else {"no": False})
    return [
        IndexedFindingInfo(registry_id, Finding(rule, Severity(severity), *rest), is_waived)
        for registry_id, is_waived, rule, severity, *rest in rows
    ]


def findings(index: Index, *, waived: bool = False) -> list[IndexedFindingInfo]:
    """Open findings of every registry (and the waived ones with ``waived``), in report order."""
    with index.transaction() as conn:
        return _findings(conn, waived=waived)


def _owners(conn: Connection) -> list[IndexedOwnerInfo]:
    sql = f"SELECT {_names(IndexedOwnerInfo, 'o')} FROM owners o ORDER BY o.registry_id, o.id"
    return [IndexedOwnerInfo(*row) for row in conn.execute(_query(sql, "active"))]


def owners(index: Index) -> list[IndexedOwnerInfo]:
    with index.transaction() as conn:
        return _owners(conn)


def first_contents(index: Index, limit: int) -> IndexContents:
    """The ``limit`` worst models with the registries and their history: a first screen, fast.

    No findings and no owners: the rows carry their counts, and the complete
    :func:`contents` follows at once.
    """
    with index.transaction() as conn:
        return IndexContents(
            registries=_registries(conn),
            history=_history(conn),
            models=_models(conn, ModelFilter(), worst_first=limit),
            findings=[],
            owners=[],
        )


def contents(index: Index) -> IndexContents:
    """Registries, history, models, open findings and owners as of one moment."""
    with index.transaction() as conn:
        return IndexContents(
            registries=_registries(conn),
            history=_history(conn),
            models=_models(conn, ModelFilter()),
            findings=_findings(conn, waived=False),
            owners=_owners(conn),
        )
