"""The sections of the steering report, computed from one audit, the registry and the trend.

Each function answers one of the committee's questions and returns the rows of
:mod:`registry.steering`'s data model, in the order the report shows them; ordering
is part of the answer (the oldest open error first, the worst team first).
"""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Iterable, Mapping
from datetime import date, timedelta
from pathlib import Path

from registry.audit import AuditResult, gather_history, run_audit
from registry.findings import Severity
from registry.model import RISK_TIERS, STAGES, ModelCard, Owner, Registry, is_empty, parse_date
from registry.rules import load_catalog
from registry.steering import (
    Action,
    Contact,
    Expiry,
    Headline,
    OpenIncident,
    PilotRow,
    SteeringReport,
    TeamRow,
    UseCaseRow,
    safe_url,
    texts,
)
from registry.store import load_registry
from registry.summary import ModelSummary
from registry.trend import Trend, stages_of, tally

#: How far back the report's trend (and an action's "open since") looks.
TREND_WEEKS = 26


def build_report(root: Path, today: date, *, trend_weeks: int = TREND_WEEKS) -> SteeringReport:
    """Audit the registry at ``root`` as of ``today`` and gather every section.

    Raises :class:`registry.store.RegistryError` when the registry cannot be audited.
    """
    from registry.git import BadRevision, GitUnavailable, head_revision
    from registry.trend import compute_trend

    registry = load_registry(root)
    history = gather_history(root, registry.policy)
    registry.revision = history.revision if history is not None else head_revision(root)
    result = run_audit(registry, today, history=history.cards if history is not None else None)
    trend: Trend | None = None
    note: str | None = None
    try:
        trend = compute_trend(
            root, today, since=today - timedelta(weeks=trend_weeks), every="week", keep_findings=True
        )
    except (GitUnavailable, BadRevision) as exc:
        note = f"no trend: {getattr(exc, 'reason', exc)}"
    if trend is not None:
        trend = _from_first_audit(trend)
        if trend is None:
            note = (
                f"no trend: no commit of the registry in the {trend_weeks} weeks before {today.isoformat()}"
            )
    return assemble(registry, result, trend, note)


def _from_first_audit(trend: Trend) -> Trend | None:
    """The trend from its first audited point (weeks before the registry existed say nothing)."""
    first = next((i for i, p in enumerate(trend.points) if p.tally is not None), None)
    if first is None:
        return None
    points = trend.points[first:]
    return dataclasses.replace(trend, points=points, since=points[0].period.start)


def assemble(
    registry: Registry, result: AuditResult, trend: Trend | None, note: str | None = None
) -> SteeringReport:
    """The report from an audit already run (tests and the console build it this way)."""
    today = result.today
    return SteeringReport(
        registry=registry.name,
        today=today,
        revision=result.revision,
        policy=registry.policy,
        headline=headline(registry, result),
        teams=teams(registry, result),
        actions=actions(registry, result, trend),
        pilots=pilots(registry, today),
        use_cases=use_cases(registry),
        expiring=expiring(registry, today),
        incidents=incidents(registry),
        trend=trend,
        trend_note=note,
        notes=list(result.notes),
    )


def headline(registry: Registry, result: AuditResult) -> Headline:
    grid: dict[str, dict[str, int]] = {}
    stages: Counter[str] = Counter()
    risks: Counter[str] = Counter()
    for folder in result.models:
        card = registry.models[folder]
        stage, risk = card.stage or "unknown", card.risk_tier or "unknown"
        grid.setdefault(stage, {}).setdefault(risk, 0)
        grid[stage][risk] += 1
        stages[stage] += 1
        risks[risk] += 1
    order = [*STAGES, "unknown"]
    tiers = [*RISK_TIERS, "unknown"]
    return Headline(
        tally=tally(result, stages_of(registry), registry.policy.fail_on),
        grid={s: {r: grid[s].get(r, 0) for r in tiers if risks[r]} for s in order if s in grid},
        by_stage={s: stages[s] for s in order if stages[s]},
        by_risk={r: risks[r] for r in tiers if risks[r]},
    )


def contact(registry: Registry, owner_id: str | None, card: ModelCard | None = None) -> Contact:
    """The owner's escalation channel (else e-mail); the backup owner's, then the governance
    reviewers', when the owner is missing or has left."""
    owner = registry.owners.get(owner_id) if owner_id else None
    name = owner.get_str("name") if owner is not None else None
    if owner is not None and owner.active:
        return Contact(owner_id, name, "active", reach_of(owner))
    status = "none" if owner_id is None else "inactive" if owner is not None else "unknown"
    backup_id = card.backup_owner if card is not None else None
    backup = registry.owners.get(backup_id) if backup_id else None
    if backup is not None and backup.active:
        return Contact(owner_id, name, status, reach_of(backup), f"backup owner {backup_id}")
    reviewers = ", ".join(registry.policy.governance_reviewers)
    return Contact(owner_id, name, status, reviewers or None, "governance reviewers" if reviewers else None)


def reach_of(owner: Owner) -> str | None:
    return owner.get_str("escalation") or owner.get_str("email")


def teams(registry: Registry, result: AuditResult) -> list[TeamRow]:
    """Compliance by owner, worst share first (models without an owner form one row)."""
    by_model = result.by_model()
    fail_on = registry.policy.fail_on
    line = Severity.ERROR.rank + 1 if fail_on == "never" else Severity(fail_on).rank
    rows: dict[str | None, list[str]] = {}
    for folder in result.models:
        card = registry.models[folder]
        if card.stage != "retired":
            rows.setdefault(card.owner, []).append(folder)
    out = []
    for owner_id, folders in rows.items():
        counts = Counter(f.severity for m in folders for f in by_model.get(m, []))
        failing = {m for m in folders if any(f.severity.rank >= line for f in by_model.get(m, []))}
        record = registry.owners.get(owner_id) if owner_id else None
        name = (record.get_str("name") if record else None) or owner_id or "(no owner)"
        out.append(
            TeamRow(
                owner_id,
                name,
                record.active if record is not None else (True if owner_id is None else None),
                len(folders),
                len(folders) - len(failing),
                counts[Severity.ERROR],
                counts[Severity.WARNING],
                reach_of(record) if record is not None else None,
            )
        )
    out.sort(key=lambda r: (r.share if r.share is not None else 2.0, -r.errors, r.name))
    return out


def actions(registry: Registry, result: AuditResult, trend: Trend | None) -> list[Action]:
    """Every open error, oldest first: the longest open is the most overdue."""
    catalog = load_catalog()
    since = open_since(trend)
    first = trend.audited()[0].today if trend is not None and trend.audited() else None
    out = []
    for finding in result.findings:
        if finding.severity is not Severity.ERROR:
            continue
        card = registry.models.get(finding.model) if finding.model else None
        owner_id = card.owner if card is not None else finding.path.rsplit("/", 1)[-1].removesuffix(".yaml")
        rule = catalog.get(finding.rule)
        opened = since.get((finding.identity(), finding.severity))
        out.append(
            Action(
                finding,
                rule.title if rule else finding.rule,
                rule.fix if rule else "",
                card.name if card is not None else None,
                contact(registry, owner_id, card),
                opened,
                opened is not None and opened == first,
            )
        )
    out.sort(key=lambda a: (a.open_since or date.max, a.finding.sort_key()))
    return out


Identity = tuple[tuple[str, str | None, str, str], Severity]


def open_since(trend: Trend | None) -> dict[Identity, date]:
    """For each finding open at the trend's last point: the point from which it stayed open
    at that severity (a validation overdue since October was only due in September)."""
    if trend is None:
        return {}
    start: dict[Identity, date] = {}
    for point in trend.audited():
        present = {(f.identity(), f.severity) for f in point.findings}
        start = {key: start.get(key, point.today) for key in present}
    return start


#: Pilot states, most urgent first (the order the report lists pilots in).
PILOT_STATES = ("past planned end", "over time box", "no start date", "running", "decided")
DECISIONS = ("go", "no-go", "iterate")


def pilots(registry: Registry, today: date) -> list[PilotRow]:
    """Every pilot against its time box (``pilot_max_weeks``) and its planned end."""
    return pilot_rows(registry.models.values(), registry.policy.pilot_max_weeks, today)


def pilot_rows(cards: Iterable[ModelCard], limit: int, today: date) -> list[PilotRow]:
    """:func:`pilots` of any cards (the console reads only its pilots' cards)."""
    rows = []
    for card in cards:
        folder = card.folder
        if card.stage != "pilot":
            continue
        start, end = card.get_date("pilot", "start"), card.get_date("pilot", "end")
        decision = card.get_str("pilot", "decision")
        if decision in DECISIONS:
            status = "decided"
        elif start is None:
            status = "no start date"
        elif end is not None and end < today:
            status = "past planned end"
        elif (today - start).days > limit * 7:
            status = "over time box"
        else:
            status = "running"
        rows.append(
            PilotRow(
                model=folder,
                name=card.name,
                purpose=card.get_str("purpose"),
                owner=card.owner,
                start=start,
                weeks_elapsed=round((today - start).days / 7, 1) if start else None,
                planned_end=end,
                planned_weeks=round((end - start).days / 7, 1) if start and end else None,
                exit_criteria=texts(card.get("pilot", "exit_criteria")),
                decision=decision,
                decided=card.get_date("pilot", "decided"),
                status=status,
                dashboard=safe_url(card.get("monitoring", "dashboard")),
            )
        )
    rows.sort(key=lambda r: (PILOT_STATES.index(r.status), r.start or date.max, r.model))
    return rows


def use_cases(registry: Registry) -> list[UseCaseRow]:
    """Proposed use cases by combined score, with what the committee reads about each."""
    rows = [
        use_case(folder, ModelSummary.of(card), card.get_str("purpose"), card.get_str("priority", "notes"))
        for folder, card in registry.models.items()
        if card.stage == "proposed"
    ]
    return rank_use_cases(rows, registry.policy.priority_weights)


def use_case(
    folder: str, summary: ModelSummary, purpose: str | None = None, notes: str | None = None
) -> UseCaseRow:
    """A use case not ranked yet; the console makes its rows from its summaries with this too."""
    return UseCaseRow(
        rank=None,
        model=folder,
        name=summary.name,
        purpose=purpose,
        owner=summary.owner,
        sponsor=summary.sponsor,
        impact=summary.impact,
        feasibility=summary.feasibility,
        readiness=summary.readiness,
        score=None,
        notes=notes,
    )


def rank_use_cases(rows: Iterable[UseCaseRow], weights: Mapping[str, float]) -> list[UseCaseRow]:
    """Score and rank with :mod:`registry.portfolio` (the one place the score is computed).

    A row's own ``rank`` and ``score`` are ignored; scores that are not whole numbers
    from 1 to 5 count as missing, as the score's definition says. The console ranks the
    rows it builds from its summaries with this too.
    """
    from registry.portfolio import PriorityScores, UseCase, rank, score_value

    by_model = {}
    for row in rows:
        impact, feasibility, readiness = (
            score_value(v) for v in (row.impact, row.feasibility, row.readiness)
        )
        by_model[row.model] = dataclasses.replace(
            row, impact=impact, feasibility=feasibility, readiness=readiness
        )
    cases = [
        UseCase.of(r.model, PriorityScores(r.impact, r.feasibility, r.readiness), weights)
        for r in by_model.values()
    ]
    out = []
    ranked = 0
    for case in rank(cases):
        ranked += case.score is not None
        out.append(
            dataclasses.replace(
                by_model[case.model], rank=ranked if case.score is not None else None, score=case.score
            )
        )
    return out


def expiring(registry: Registry, today: date) -> list[Expiry]:
    """Validations and waivers that run out within ``expiry_warning_days``, soonest first."""
    policy = registry.policy
    window = policy.expiry_warning_days
    out = []
    for folder, card in registry.models.items():
        if card.stage == "retired":
            continue
        validated, tier = card.get_date("validation", "date"), card.risk_tier
        if validated is not None and tier is not None:
            limit = policy.validation_max_age_days[tier]
            due = validated + timedelta(days=limit)
            if 0 <= (due - today).days <= window:
                evidence = safe_url(card.get("validation", "evidence"))
                subject = f"{tier} risk: every {limit} days"
                out.append(
                    Expiry(
                        "validation",
                        folder,
                        card.name,
                        card.owner,
                        subject,
                        due,
                        (due - today).days,
                        evidence,
                    )
                )
        for waiver in card.get_list("waivers"):
            expires = parse_date(waiver.get("expires")) if isinstance(waiver, dict) else None
            if expires is not None and 0 <= (expires - today).days <= window:
                rule = waiver.get("rule")
                subject = rule if isinstance(rule, str) else "?"
                out.append(
                    Expiry(
                        "waiver",
                        folder,
                        card.name,
                        card.owner,
                        subject,
                        expires,
                        (expires - today).days,
                        None,
                    )
                )
    out.sort(key=lambda e: (e.due, e.model, e.kind))
    return out


def incidents(registry: Registry) -> list[OpenIncident]:
    """Incidents without a post-incident review, oldest first."""
    out = []
    for folder, card in registry.models.items():
        if card.stage == "retired":
            continue
        for incident in card.get_list("incidents"):
            if not isinstance(incident, dict) or not is_empty(incident.get("review")):
                continue
            severity, summary = incident.get("severity"), incident.get("summary")
            out.append(
                OpenIncident(
                    folder,
                    card.name,
                    card.owner,
                    parse_date(incident.get("date")),
                    severity if isinstance(severity, str) else None,
                    summary if isinstance(summary, str) else None,
                )
            )
    out.sort(key=lambda i: (i.day or date.max, i.model))
    return out
