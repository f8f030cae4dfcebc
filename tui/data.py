"""What the console shows, computed once per load: rows, facets, health and groupings.

Everything here is plain Python over the core's records (per-model summaries from
:mod:`registry.runner`, findings, owners), with no Textual import, so that it is fast to
test and so that the widgets only draw. Filtering a 10,000-model registry happens on
every keystroke, which is why each row carries its search text and facet values
precomputed (lowercased) instead of asking the card again.
"""

from __future__ import annotations

import shlex
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from registry.findings import Finding, Severity
from registry.status import BIAS_STATES, VALIDATION_STATES, model_status
from registry.textsafe import clean

if TYPE_CHECKING:
    from registry.model import Owner, Policy
    from registry.runner import ModelSummary

STAGE_ORDER = {"production": 0, "pilot": 1, "proposed": 2, "retired": 3}
RISK_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True)
class ModelRow:
    """One line of the models table, with everything filtering and sorting need."""

    id: str
    name: str
    stage: str
    risk: str
    kind: str
    owner: str
    backup: str
    validation_date: date | None
    validation_age: int | None
    validation_state: str
    bias_date: date | None
    bias_age: int | None
    bias_state: str
    errors: int
    warnings: int
    infos: int
    rules: frozenset[str]
    search: str  # lowercased haystack for free text

    @property
    def worst(self) -> Severity | None:
        if self.errors:
            return Severity.ERROR
        if self.warnings:
            return Severity.WARNING
        if self.infos:
            return Severity.INFO
        return None

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


def build_row(
    summary: ModelSummary, findings: list[Finding], today: date, policy: Policy | None = None
) -> ModelRow:
    """Precompute one table row; all card text goes through :func:`clean` here, once."""
    rules: Counter[str] = Counter(f.rule for f in findings)
    sev = Counter(f.severity for f in findings)
    status = model_status(summary, findings, today, policy, rules)
    row_id = clean(summary.folder)
    name = clean(summary.name)
    owner = clean(summary.owner or "")
    backup = clean(summary.backup_owner or "")
    stage = summary.stage or ("broken" if summary.broken else "?")
    risk = summary.risk_tier or "?"
    kind = summary.kind or ""
    search = " ".join((row_id, name, owner, backup, stage, risk, kind, *rules)).lower()
    return ModelRow(
        id=row_id,
        name=name,
        stage=stage,
        risk=risk,
        kind=kind,
        owner=owner,
        backup=backup,
        validation_date=status.validation_date,
        validation_age=status.validation_age,
        validation_state=status.validation_state,
        bias_date=status.bias_date,
        bias_age=status.bias_age,
        bias_state=status.bias_state,
        errors=sev.get(Severity.ERROR, 0),
        warnings=sev.get(Severity.WARNING, 0),
        infos=sev.get(Severity.INFO, 0),
        rules=frozenset(rules),
        search=search,
    )


# --------------------------------------------------------------------------- health


@dataclass(slots=True)
class Health:
    """The numbers in the header: how the registry is doing at a glance."""

    models: int = 0
    active: int = 0  # not retired
    compliant: int = 0  # active models without a finding at or above fail_on
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    overdue_validations: int = 0
    overdue_bias_tests: int = 0
    registry_findings: int = 0  # findings not tied to a model (owner files)

    @property
    def compliant_share(self) -> float:
        return self.compliant / self.active if self.active else 1.0


def compute_health(rows: Iterable[ModelRow], findings: Iterable[Finding], fail_on: str) -> Health:
    health = Health()
    threshold = None if fail_on == "never" else Severity(fail_on).rank
    for row in rows:
        health.models += 1
        if row.stage == "retired":
            continue
        health.active += 1
        worst = row.worst
        if threshold is None or worst is None or worst.rank < threshold:
            health.compliant += 1
    for f in findings:
        if f.severity is Severity.ERROR:
            health.errors += 1
        elif f.severity is Severity.WARNING:
            health.warnings += 1
        else:
            health.infos += 1
        if f.rule == "VAL002" and f.severity is Severity.ERROR:
            health.overdue_validations += 1
        elif f.rule == "BIA002":
            health.overdue_bias_tests += 1
        if f.model is None:
            health.registry_findings += 1
    return health


# --------------------------------------------------------------------------- snapshot


@dataclass(slots=True, eq=False)
class Snapshot:
    """A loaded and audited registry, as the console shows it. Replaced, never mutated.

    It keeps per-model summaries, not whole cards, so that a 10,000-model registry
    stays small in memory; the model screen reads its one card when it opens.
    """

    name: str
    root: Path
    today: date
    policy: Policy
    owners: dict[str, Owner]
    summaries: dict[str, ModelSummary]  # by folder, sorted
    findings: list[Finding]
    rows: list[ModelRow]
    by_model: dict[str, list[Finding]]
    complete: bool = True  # False while a large registry is still loading
    total: int = 0  # model folders found (rows may be fewer while loading)
    health: Health = field(default_factory=Health)
    notes: list[str] = field(default_factory=list)

    def __repr__(self) -> str:
        # Short on purpose: Textual names workers after their arguments' reprs.
        return f"Snapshot({self.name!r}, {len(self.rows)} models, {len(self.findings)} findings)"

    @property
    def row_index(self) -> dict[str, ModelRow]:
        return {r.id: r for r in self.rows}

    @property
    def fail_on(self) -> str:
        return self.policy.fail_on


def build_snapshot(
    *,
    name: str,
    root: Path,
    today: date,
    policy: Policy,
    owners: dict[str, Owner],
    summaries: dict[str, ModelSummary],
    findings: list[Finding],
    complete: bool = True,
    total: int | None = None,
    notes: list[str] | None = None,
) -> Snapshot:
    by_model: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.model is not None:
            by_model[f.model].append(f)
    rows = [
        build_row(summary, by_model.get(folder, []), today, policy) for folder, summary in summaries.items()
    ]
    snap = Snapshot(
        name=name,
        root=root,
        today=today,
        policy=policy,
        owners=owners,
        summaries=summaries,
        findings=findings,
        rows=rows,
        by_model=dict(by_model),
        complete=complete,
        total=total if total is not None else len(rows),
        notes=list(notes or []),
    )
    snap.health = compute_health(rows, findings, policy.fail_on)
    return snap


# --------------------------------------------------------------------------- filter

FACETS = ("stage", "risk", "owner", "rule", "has", "kind", "validation", "bias")
FACET_ALIASES = {"tier": "risk", "risk_tier": "risk", "code": "rule", "is": "has", "val": "validation"}
HAS_VALUES = ("error", "warning", "info", "findings", "clean", "overdue")


@dataclass(frozen=True, slots=True)
class Term:
    facet: str | None  # None for free text
    value: str
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(text: str) -> Query:
    """``stage:production risk:high,critical -owner:x has:error fraud`` -> terms.

    Several values after one facet (comma separated) are alternatives; a leading ``-``
    negates a term. A word with an unknown facet name is free text, and noted so that
    the console can say "unknown facet" instead of silently matching nothing.
    """
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote while typing
        words = text.replace('"', " ").replace("'", " ").split()
    terms: list[Term] = []
    problems: list[str] = []
    for word in words:
        negate = word.startswith("-") and len(word) > 1
        body = word[1:] if negate else word
        name, sep, value = body.partition(":")
        facet = FACET_ALIASES.get(name.lower(), name.lower()) if sep else None
        if sep and facet in FACETS:
            if value:
                terms.append(Term(facet, value.lower(), negate))
            continue
        if sep and name.isalpha():
            problems.append(f"unknown facet {name!r} (use {', '.join(FACETS)})")
        terms.append(Term(None, word.lower() if not negate else body.lower(), negate))
    return Query(tuple(terms), tuple(problems))


def _facet_matcher(term: Term) -> Callable[[ModelRow], bool]:
    values = [v for v in term.value.split(",") if v]
    facet = term.facet
    if facet == "stage":
        return lambda r: any(r.stage.startswith(v) for v in values)
    if facet == "risk":
        return lambda r: any(r.risk.startswith(v) for v in values)
    if facet == "kind":
        return lambda r: any(r.kind.startswith(v) for v in values)
    if facet == "owner":
        return lambda r: any(v in r.owner.lower() or v in r.backup.lower() for v in values)
    if facet == "rule":
        upper = [v.upper() for v in values]
        return lambda r: any(code.startswith(v) for v in upper for code in r.rules)
    if facet == "validation":
        return lambda r: any(r.validation_state.startswith(v) for v in values)
    if facet == "bias":
        return lambda r: any(r.bias_state.startswith(v) for v in values)
    # has:
    checks: list[Callable[[ModelRow], bool]] = []
    for v in values:
        if "error".startswith(v):
            checks.append(lambda r: r.errors > 0)
        elif "warning".startswith(v):
            checks.append(lambda r: r.warnings > 0)
        elif "info".startswith(v):
            checks.append(lambda r: r.infos > 0)
        elif "findings".startswith(v):
            checks.append(lambda r: r.total > 0)
        elif "clean".startswith(v) or v == "none":
            checks.append(lambda r: r.total == 0)
        elif "overdue".startswith(v):
            checks.append(lambda r: r.validation_state == "overdue" or r.bias_state == "overdue")
        else:
            checks.append(lambda r: False)
    return lambda r: any(c(r) for c in checks)


def _text_matcher(needle: str) -> Callable[[ModelRow], bool]:
    return lambda r: needle in r.search


def _negate(pred: Callable[[ModelRow], bool]) -> Callable[[ModelRow], bool]:
    return lambda r: not pred(r)


def compile_query(query: Query) -> Callable[[ModelRow], bool]:
    """One predicate for the whole query: every term must hold."""
    preds: list[Callable[[ModelRow], bool]] = []
    for term in query.terms:
        pred = _text_matcher(term.value) if term.facet is None else _facet_matcher(term)
        preds.append(_negate(pred) if term.negate else pred)
    if not preds:
        return lambda r: True
    if len(preds) == 1:
        return preds[0]
    return lambda r: all(p(r) for p in preds)


def filter_rows(rows: list[ModelRow], text: str) -> list[ModelRow]:
    query = parse_query(text)
    if query.empty:
        return list(rows)
    pred = compile_query(query)
    return [r for r in rows if pred(r)]


# --------------------------------------------------------------------------- sort

SORT_KEYS: dict[str, Callable[[ModelRow], Any]] = {
    "id": lambda r: r.id,
    "name": lambda r: r.name.lower(),
    "stage": lambda r: (STAGE_ORDER.get(r.stage, 9), r.id),
    "risk": lambda r: (RISK_ORDER.get(r.risk, 9), r.id),
    "owner": lambda r: (r.owner == "", r.owner, r.id),
    "validation": lambda r: (
        VALIDATION_STATES.index(r.validation_state) if r.validation_state in VALIDATION_STATES else 9,
        -(r.validation_age or 0),
        r.id,
    ),
    "bias": lambda r: (
        BIAS_STATES.index(r.bias_state) if r.bias_state in BIAS_STATES else 9,
        -(r.bias_age or 0),
        r.id,
    ),
    "findings": lambda r: (-r.errors, -r.warnings, -r.infos, r.id),
}


def sort_rows(rows: list[ModelRow], column: str, reverse: bool = False) -> list[ModelRow]:
    """Sort by a column; "worst first" is the natural order of the status columns."""
    return sorted(rows, key=SORT_KEYS[column], reverse=reverse)


# --------------------------------------------------------------------------- groupings


def finding_owner(snapshot: Snapshot, finding: Finding) -> str:
    if finding.model is None:
        return "(registry files)"
    summary = snapshot.summaries.get(finding.model)
    owner = summary.owner if summary is not None else None
    return clean(owner) if owner else "(no owner)"


def group_findings(snapshot: Snapshot, by: str) -> list[tuple[str, list[Finding]]]:
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

    def weight(item: tuple[str, list[Finding]]) -> tuple[object, ...]:
        key, items = item
        if by == "severity":
            return (SEVERITY_ORDER[Severity(key)],)
        worst = min(SEVERITY_ORDER[f.severity] for f in items)
        return (worst, -len(items), key)

    out = sorted(groups.items(), key=weight)
    for _, items in out:
        items.sort(key=lambda f: (SEVERITY_ORDER[f.severity], f.model or "", f.rule, f.line))
    return out


@dataclass(slots=True)
class OwnerEntry:
    """One owner in the Owners view: the record (if any) and the models it answers for."""

    id: str
    known: bool
    active: bool
    name: str
    email: str
    lead: str
    escalation: str
    models: list[tuple[str, str]]  # (model id, "owner" | "backup")
    open_findings: int
    errors: int
    warnings: int = 0


@dataclass(slots=True)
class OwnersView:
    attention: list[tuple[str, str, str]]  # (model id, problem, owner id) - missing/unknown/inactive
    owners: list[OwnerEntry]


def owners_view(snapshot: Snapshot) -> OwnersView:
    """Owners with their models; models whose owner is missing, unknown or inactive first."""
    attention: list[tuple[str, str, str]] = []
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
            models=[],
            open_findings=0,
            errors=0,
        )
    for folder, card in snapshot.summaries.items():
        roles: list[tuple[str | None, str]] = [(card.owner, "owner"), (card.backup_owner, "backup")]
        if card.stage != "retired" and card.owner is None and not card.broken:
            attention.append((clean(folder), "no owner", ""))
        findings = snapshot.by_model.get(folder, [])
        for maybe_owner, role in roles:
            if maybe_owner is None:
                continue
            owner_id = maybe_owner
            entry = entries.get(owner_id)
            if entry is None:
                entry = entries[owner_id] = OwnerEntry(
                    id=clean(owner_id),
                    known=False,
                    active=False,
                    name="",
                    email="",
                    lead="",
                    escalation="",
                    models=[],
                    open_findings=0,
                    errors=0,
                )
            entry.models.append((clean(folder), role))
            if role == "owner":
                entry.open_findings += len(findings)
                entry.errors += sum(1 for f in findings if f.severity is Severity.ERROR)
                entry.warnings += sum(1 for f in findings if f.severity is Severity.WARNING)
            if card.stage != "retired":
                if not entry.known:
                    attention.append(
                        (clean(folder), f"{role} {entry.id!r} has no record in owners/", entry.id)
                    )
                elif not entry.active:
                    attention.append((clean(folder), f"{role} {entry.id!r} is inactive", entry.id))
    owners = sorted(entries.values(), key=lambda e: (e.known and e.active, -e.errors, -e.open_findings, e.id))
    return OwnersView(attention=attention, owners=owners)
