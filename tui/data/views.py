"""The audit and owners views' groupings, computed from a snapshot."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from registry.findings import Finding, Severity
from registry.textsafe import clean
from tui.data.rows import SEVERITY_ORDER
from tui.data.snapshot import Snapshot


def finding_owner(snapshot: Snapshot, finding: Finding) -> str:
    if finding.model is None:
        return "(registry files)"
    summary = snapshot.summaries.get(finding.model)
    owner = summary.owner if summary is not None else None
    return clean(owner) if owner else "(no owner)"


@dataclass(slots=True)
class FindingGroup:
    """One branch of the audit tree: a rule, a severity or an owner and its findings."""

    key: str
    findings: list[Finding]

    @property
    def worst(self) -> Severity:
        return max((f.severity for f in self.findings), key=lambda s: s.rank)


def group_findings(snapshot: Snapshot, by: str) -> list[FindingGroup]:
    """Findings grouped by ``rule``, ``severity`` or ``owner``; worst groups first."""
    groups: dict[str, list[Finding]] = defaultdict(list)
    for f in snapshot.findings:
        if by == "rule":
            key = f.rule
        elif by == "severity":
            key = f.severity.value
        else:
            key = finding_owner(snapshot, f)
        groups[key].append(f)

    def weight(group: FindingGroup) -> tuple[object, ...]:
        if by == "severity":
            return (SEVERITY_ORDER[Severity(group.key)],)
        return (SEVERITY_ORDER[group.worst], -len(group.findings), group.key)

    out = sorted((FindingGroup(key, items) for key, items in groups.items()), key=weight)
    for group in out:
        group.findings.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.model or "", f.rule, f.line))
    return out


@dataclass(frozen=True, slots=True)
class OwnedModel:
    """A model an owner answers for, and as what."""

    model: str
    role: str  # "owner" or "backup"


@dataclass(slots=True)
class OwnerEntry:
    """One owner in the Owners view: the record (if any) and the models it answers for."""

    id: str
    known: bool = False
    active: bool = False
    name: str = ""
    email: str = ""
    lead: str = ""
    escalation: str = ""
    models: list[OwnedModel] = field(default_factory=list)
    open_findings: int = 0
    errors: int = 0
    warnings: int = 0

    @property
    def owned(self) -> int:
        return sum(1 for m in self.models if m.role == "owner")


@dataclass(frozen=True, slots=True)
class Attention:
    """A model whose owner is missing, has no record or is inactive."""

    model: str
    problem: str
    owner: str = ""


@dataclass(slots=True)
class OwnersView:
    attention: list[Attention]
    owners: list[OwnerEntry]


def owners_view(snapshot: Snapshot) -> OwnersView:
    """Owners with their models; models whose owner is missing, unknown or inactive first."""
    attention: list[Attention] = []
    entries: dict[str, OwnerEntry] = {}
    for owner_id, rec in sorted(snapshot.owners.items()):
        entries[owner_id] = OwnerEntry(
            id=clean(owner_id),
            known=True,
            active=rec.active,
            name=clean(rec.get_str("name") or ""),
            email=clean(rec.get_str("email") or ""),
            lead=clean(rec.get_str("lead") or ""),
            escalation=clean(rec.get_str("escalation") or ""),
        )
    for folder, card in snapshot.summaries.items():
        model = clean(folder)
        live = card.stage != "retired"
        if live and card.owner is None and not card.broken:
            attention.append(Attention(model, "no owner"))
        findings = snapshot.by_model.get(folder, [])
        for named, role in ((card.owner, "owner"), (card.backup_owner, "backup")):
            if named is None:
                continue
            entry = entries.get(named)
            if entry is None:
                entry = entries[named] = OwnerEntry(id=clean(named))
            entry.models.append(OwnedModel(model, role))
            if role == "owner":
                entry.open_findings += len(findings)
                entry.errors += sum(1 for f in findings if f.severity is Severity.ERROR)
                entry.warnings += sum(1 for f in findings if f.severity is Severity.WARNING)
            if live and not entry.known:
                attention.append(Attention(model, f"{role} {entry.id!r} has no record in owners/", entry.id))
            elif live and not entry.active:
                attention.append(Attention(model, f"{role} {entry.id!r} is inactive", entry.id))
    owners = sorted(entries.values(), key=lambda e: (e.known and e.active, -e.errors, -e.open_findings, e.id))
    return OwnersView(attention=attention, owners=owners)
