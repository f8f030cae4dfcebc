"""The index's tables: registries, their models, owners, findings and sync snapshots.

One row per registry, identified by where it lives (its git remote and its folder
inside the repository, or its path on disk outside git), so that two clones of one
repository sync into the same rows. Every other row belongs to one registry and is
replaced as a whole by each sync; snapshots accumulate, one per sync, and give the
compliance history.

Column names follow the card and the JSON report (``risk_tier``, ``rule``, ``line``,
``column``) so that a lead writing SQL against the index needs no glossary. The
counts a sync records (:class:`registry.status.Counts`) are one column per field,
after the table's own, in the registry's row and in each snapshot.
"""

from __future__ import annotations

from dataclasses import fields
from datetime import date, datetime

from sqlalchemy import Column, Float, Index, Integer, Table
from sqlmodel import Field, SQLModel

from registry.index.schema import SCHEMA_TABLE
from registry.status import Counts


def _count_columns() -> tuple[Column[int], ...]:
    """A column for each of :class:`Counts`' fields, in its order."""
    return tuple(Column(f.name, Integer, nullable=False, default=f.default) for f in fields(Counts))


class SchemaInfo(SQLModel, table=True):
    """One row: the schema version the database holds, and which tool wrote it."""

    __tablename__ = SCHEMA_TABLE

    id: int = Field(default=1, primary_key=True)
    version: int
    tool_version: str
    updated_at: datetime


class IndexedRegistry(SQLModel, table=True):
    """A registry and its last sync."""

    __tablename__ = "registries"
    __table_args__ = _count_columns()

    id: int | None = Field(default=None, primary_key=True)
    key: str = Field(unique=True)  # origin#folder, or file://path outside git
    name: str = Field(index=True)
    origin: str | None = None  # the git remote, without credentials
    folder: str = ""  # the registry's folder inside the repository ("" at the top)
    location: str  # the path it was last synced from
    revision: str | None = None  # the commit last synced (None outside git)
    synced_at: datetime  # UTC
    audit_date: date  # "today" of the audit
    fail_on: str
    tool_version: str


class IndexedModel(SQLModel, table=True):
    """One model card as a lead filters on it, with its finding counts and state words."""

    __tablename__ = "models"
    __table_args__ = (
        Index("ix_models_stage", "stage"),
        Index("ix_models_risk_tier", "risk_tier"),
        Index("ix_models_owner", "owner"),
    )

    registry_id: int = Field(primary_key=True, foreign_key="registries.id", ondelete="CASCADE")
    folder: str = Field(primary_key=True)
    id: str  # the card's id (differs from the folder only when the card is wrong)
    name: str
    stage: str | None = None
    risk_tier: str | None = None
    kind: str | None = None
    owner: str | None = None
    backup_owner: str | None = None
    sponsor: str | None = None
    version: str | None = None
    validation_date: date | None = None
    validation_result: str | None = None
    validated_version: str | None = None
    validator: str | None = None
    validation_state: str
    bias_date: date | None = None
    bias_result: str | None = None
    bias_state: str
    impact: int | None = None
    feasibility: int | None = None
    readiness: int | None = None
    priority_score: float | None = None
    broken: bool = False
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waived: int = 0


class IndexedOwner(SQLModel, table=True):
    """An owner record of one registry (``owners/<id>.yaml``)."""

    __tablename__ = "owners"

    registry_id: int = Field(primary_key=True, foreign_key="registries.id", ondelete="CASCADE")
    id: str = Field(primary_key=True)
    kind: str | None = None
    name: str | None = None
    email: str | None = None
    lead: str | None = None
    members: str = ""  # comma separated
    escalation: str | None = None
    active: bool = True
    broken: bool = False


class IndexedFinding(SQLModel, table=True):
    """A finding of the last sync; waived ones are kept, marked, and never counted as open."""

    __tablename__ = "findings"
    __table_args__ = (Index("ix_findings_registry_model", "registry_id", "model"),)

    pk: int | None = Field(default=None, primary_key=True)
    registry_id: int = Field(foreign_key="registries.id", ondelete="CASCADE")
    model: str | None = None  # the model's folder; None for owner and registry files
    rule: str
    severity: str
    path: str
    line: int
    column: int
    message: str
    field: str = ""
    waived: bool = False


class IndexedSnapshot(SQLModel, table=True):
    """One sync of one registry: what the compliance sparkline draws."""

    __tablename__ = "snapshots"
    __table_args__ = (
        *_count_columns(),
        Column("compliant_share", Float, nullable=False),  # the share as of this sync, 4 decimals
        Index("ix_snapshots_registry", "registry_id", "synced_at"),
    )

    pk: int | None = Field(default=None, primary_key=True)
    registry_id: int = Field(foreign_key="registries.id", ondelete="CASCADE")
    revision: str | None = None
    synced_at: datetime
    audit_date: date


def _table(model: type[SQLModel]) -> Table:
    found = getattr(model, "__table__", None)
    assert isinstance(found, Table), model
    return found


# The tables as SQLAlchemy Core sees them: bulk inserts and deletes go through these.
SCHEMA = _table(SchemaInfo)
REGISTRIES = _table(IndexedRegistry)
MODELS = _table(IndexedModel)
OWNERS = _table(IndexedOwner)
FINDINGS = _table(IndexedFinding)
SNAPSHOTS = _table(IndexedSnapshot)
ALL_TABLES = (SCHEMA, REGISTRIES, MODELS, OWNERS, FINDINGS, SNAPSHOTS)
#: A registry's own rows, children first (the order deletes go in).
REGISTRY_ROWS = (FINDINGS, OWNERS, MODELS)
