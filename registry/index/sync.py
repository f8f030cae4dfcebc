"""Push one registry's current audit into the index, in one transaction.

The audit is the one ``registry audit`` prints (:func:`registry.audit.audit`,
same cache, same git history), so the index and the command never disagree. The
push replaces every row of that registry (models, owners, findings) with bulk inserts
and adds a snapshot, all in one transaction: a reader sees the previous sync or this
one, and a sync that dies halfway (killed, or its server gone) leaves the previous
state as it was. Syncing twice gives the same rows: an unchanged re-sync refreshes
the newest snapshot's time instead of adding a duplicate.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, delete, insert, select, update

from registry import __version__
from registry.engine import RegistryAudit
from registry.findings import Finding, Severity
from registry.index.db import Index
from registry.index.identity import Identity, identify
from registry.index.tables import FINDINGS, MODELS, OWNERS, REGISTRIES, REGISTRY_ROWS, SNAPSHOTS
from registry.portfolio import PriorityScores, combined_score
from registry.status import Counts, model_status

Row = dict[str, Any]


@dataclass(slots=True)
class Batch:
    """Everything one sync writes, computed before the transaction opens."""

    identity: Identity
    revision: str | None
    today: date
    fail_on: str
    counts: Counts
    models: list[Row] = field(default_factory=list)
    owners: list[Row] = field(default_factory=list)
    findings: list[Row] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class SyncResult:
    name: str
    key: str
    revision: str | None
    counts: Counts
    created: bool  # the registry was not in the index before


def stored_share(counts: Counts) -> float:
    """The compliant share as a snapshot stores it: four decimals, so that re-syncs compare equal."""
    return round(counts.compliant_share, 4)


def safe_text(value: str | None) -> str | None:
    """Text any database accepts: no NUL, no unpaired surrogates (card text is data)."""
    if value is None:
        return None
    if "\x00" in value:
        value = value.replace("\x00", "\ufffd")
    try:
        value.encode("utf-8")
    except UnicodeEncodeError:
        value = value.encode("utf-8", "replace").decode("utf-8")
    return value


def _finding_row(f: Finding, waived: bool) -> Row:
    return {
        "model": safe_text(f.model),
        "rule": f.rule,
        "severity": f.severity.value,
        "path": safe_text(f.path),
        "line": f.line,
        "column": f.column,
        "message": safe_text(f.message),
        "field": safe_text(f.field) or "",
        "waived": waived,
    }


def build_batch(root: Path, audit: RegistryAudit, today: date) -> Batch:
    """Rows for every model, owner and finding of ``audit`` (Python only, no database)."""
    result = audit.result
    fail_on = audit.policy.fail_on
    threshold = None if fail_on == "never" else Severity(fail_on).rank
    counts = Counts(models=len(audit.summaries), waived=len(audit.waived))
    batch = Batch(identify(root, safe_text(result.registry) or ""), result.revision, today, fail_on, counts)
    by_model = result.by_model()
    waived_by_model: dict[str | None, set[str]] = {}
    for f in audit.waived:
        waived_by_model.setdefault(f.model, set()).add(f.rule)
    for folder, s in audit.summaries.items():
        found = by_model.get(folder, [])
        sev = Counter(f.severity for f in found)
        silenced = waived_by_model.get(folder, set())
        status = model_status(s, found, today, audit.policy, waived=silenced)
        if s.stage != "retired":
            counts.active += 1
            worst = max((f.severity.rank for f in found), default=None)
            if threshold is None or worst is None or worst < threshold:
                counts.compliant += 1
        batch.models.append(
            {
                "folder": safe_text(folder),
                "id": safe_text(s.id),
                "name": safe_text(s.name),
                "stage": s.stage,
                "risk_tier": s.risk_tier,
                "kind": s.kind,
                "owner": safe_text(s.owner),
                "backup_owner": safe_text(s.backup_owner),
                "sponsor": safe_text(s.sponsor),
                "version": safe_text(s.version),
                "validation_date": status.validation_date,
                "validation_result": safe_text(s.validation_result),
                "validated_version": safe_text(s.validated_version),
                "validator": safe_text(s.validator),
                "validation_state": status.validation_state,
                "bias_date": status.bias_date,
                "bias_result": safe_text(s.bias_result),
                "bias_state": status.bias_state,
                "impact": s.impact,
                "feasibility": s.feasibility,
                "readiness": s.readiness,
                "priority_score": combined_score(
                    PriorityScores(s.impact, s.feasibility, s.readiness), audit.policy.priority_weights
                ),
                "broken": s.broken,
                "errors": sev.get(Severity.ERROR, 0),
                "warnings": sev.get(Severity.WARNING, 0),
                "infos": sev.get(Severity.INFO, 0),
                "waived": sum(1 for f in audit.waived if f.model == folder) if silenced else 0,
            }
        )
    tally = Counter(f.severity for f in result.findings)
    counts.errors = tally.get(Severity.ERROR, 0)
    counts.warnings = tally.get(Severity.WARNING, 0)
    counts.infos = tally.get(Severity.INFO, 0)
    batch.owners = [
        {
            "id": safe_text(o.id),
            "kind": safe_text(o.get_str("kind")),
            "name": safe_text(o.get_str("name")),
            "email": safe_text(o.get_str("email")),
            "lead": safe_text(o.get_str("lead")),
            "members": safe_text(",".join(m for m in o.get_list("members") if isinstance(m, str))) or "",
            "escalation": safe_text(o.get_str("escalation")),
            "active": o.active,
            "broken": o.error is not None,
        }
        for o in audit.owners.values()
    ]
    batch.findings = [_finding_row(f, False) for f in result.findings]
    batch.findings.extend(_finding_row(f, True) for f in audit.waived)
    return batch


def collect(root: Path, today: date, *, jobs: int | None = None, cache: bool = True) -> Batch:
    """Audit the registry at ``root`` exactly as ``registry audit`` does, and build its rows."""
    from registry.audit import audit as audit_working_tree

    audit = audit_working_tree(root, today, jobs=jobs, cache=cache, need_owners=True)
    return build_batch(Path(audit.result.root), audit, today)


#: Called inside the transaction after the old rows are gone and before the new ones
#: are written; tests use it to kill a sync halfway. Production code never sets it.
Checkpoint = Callable[[Connection], None]


def push(index: Index, batch: Batch, *, checkpoint: Checkpoint | None = None) -> SyncResult:
    """Replace the registry's rows with ``batch`` in one transaction."""
    ident = batch.identity
    now = datetime.now(UTC)
    registry_values = {
        "key": ident.key,
        "name": ident.name,
        "origin": ident.origin,
        "folder": ident.folder,
        "location": safe_text(ident.location),
        "revision": batch.revision,
        "synced_at": now,
        "audit_date": batch.today,
        "fail_on": batch.fail_on,
        "tool_version": __version__,
        **asdict(batch.counts),
    }
    with index.transaction() as conn:
        index.lock_registry(conn, ident.key)
        reg = REGISTRIES
        existing = conn.execute(select(reg.c.id).where(reg.c.key == ident.key)).scalar()
        if existing is None:
            registry_id = conn.execute(insert(reg).values(**registry_values).returning(reg.c.id)).scalar_one()
        else:
            registry_id = int(existing)
            for table in REGISTRY_ROWS:
                conn.execute(delete(table).where(table.c.registry_id == registry_id))
            conn.execute(update(reg).where(reg.c.id == registry_id).values(**registry_values))
        if checkpoint is not None:
            checkpoint(conn)
        for table, rows in ((MODELS, batch.models), (OWNERS, batch.owners), (FINDINGS, batch.findings)):
            if rows:
                conn.execute(insert(table), [{**r, "registry_id": registry_id} for r in rows])
        _record_snapshot(conn, registry_id, batch, now)
    return SyncResult(ident.name, ident.key, batch.revision, batch.counts, existing is None)


def _record_snapshot(conn: Connection, registry_id: int, batch: Batch, now: datetime) -> None:
    snap = SNAPSHOTS
    values = {
        "registry_id": registry_id,
        "revision": batch.revision,
        "synced_at": now,
        "audit_date": batch.today,
        **asdict(batch.counts),
        "compliant_share": stored_share(batch.counts),
    }
    newest = (
        conn.execute(
            select(snap)
            .where(snap.c.registry_id == registry_id)
            .order_by(snap.c.synced_at.desc(), snap.c.pk.desc())
            .limit(1)
        )
        .mappings()
        .first()
    )
    same = newest is not None and all(
        newest[k] == v for k, v in values.items() if k not in ("synced_at", "registry_id")
    )
    if same:
        assert newest is not None
        conn.execute(update(snap).where(snap.c.pk == newest["pk"]).values(synced_at=now))
    else:
        conn.execute(insert(snap).values(**values))


def forget(index: Index, name: str) -> list[str]:
    """Remove the registry named ``name`` (or whose key is ``name``); returns what was removed."""
    reg = REGISTRIES
    with index.transaction() as conn:
        rows = conn.execute(select(reg.c.id, reg.c.name, reg.c.key).where(reg.c.key == name)).all()
        if not rows:
            rows = conn.execute(select(reg.c.id, reg.c.name, reg.c.key).where(reg.c.name == name)).all()
        if len(rows) > 1:
            keys = ", ".join(sorted(r.key for r in rows))
            raise AmbiguousName(f"{len(rows)} registries are named {name!r}; forget one by its key: {keys}")
        for row in rows:
            index.lock_registry(conn, row.key)
            for table in (*REGISTRY_ROWS, SNAPSHOTS):
                conn.execute(delete(table).where(table.c.registry_id == row.id))
            conn.execute(delete(reg).where(reg.c.id == row.id))
    return [r.key for r in rows]


class AmbiguousName(Exception):
    """Several registries carry the name given to ``forget``."""
