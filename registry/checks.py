"""The check stage of the audit: rule hits become findings, one record at a time.

This is the one place that turns rule hits into findings (stage scoping, waivers,
severity overrides, positions), for a card, for an owner file and for the ids that
several cards share, so every report, the console and the index agree on what a
finding is. Reading files is the engine's business (:mod:`registry.engine`); this
module only judges what was read.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Protocol

from registry.findings import Finding, Severity, dotted
from registry.model import ModelCard, Owner, Policy
from registry.rules import ACTIVE_STAGES, Check, FileCheck, Hit, Rule, load_catalog
from registry.rules.schema import duplicate_hits
from registry.rules.waivers import silenced_rules
from registry.summary import ModelSummary

if TYPE_CHECKING:  # pragma: no cover
    from registry.git import CardHistory

CARD_FILE = "model_card.yaml"


@dataclass(frozen=True, slots=True)
class Context:
    """What every card is judged with: the owners, the policy, the day and git's facts."""

    owners: dict[str, Owner]
    policy: Policy
    today: date
    history: Mapping[str, CardHistory] | None = None  # by model folder


def final_severity(rule: Rule, hit: Hit, policy: Policy) -> Severity | None:
    """The override in registry.yaml wins, except that it never raises a milder variant."""
    override = policy.overrides.get(rule.code)
    if override == "off":
        return None
    base = hit.severity or rule.severity
    if override is None:
        return base
    chosen = Severity(override)
    if hit.severity is not None and hit.severity.rank < chosen.rank:
        return hit.severity
    return chosen


def applicable(rule: Rule, card: ModelCard) -> bool:
    if card.broken:
        return rule.code == "SCH002"
    stage = card.stage
    if stage == "retired":
        return rule.code.startswith("SCH")
    if stage is None:  # unknown stage: only rules that hold for every active stage
        return rule.stages >= ACTIVE_STAGES
    return stage in rule.stages


class HitMemo(Protocol):
    """Answers for a rule on a model, e.g. from an earlier audit (:class:`registry.memo.RuleMemo`)."""

    def run(
        self, rules: Sequence[Rule], check: Check, finish: Callable[[Rule, Iterable[Hit]], list[Finding]]
    ) -> Iterable[tuple[Rule, list[Finding]]]: ...


@dataclass(slots=True)
class _Applicable:
    by_stage: dict[tuple[bool, str | None, int], tuple[Rule, ...]] = field(default_factory=dict)


_APPLICABLE = _Applicable()


def applicable_rules(card: ModelCard) -> tuple[Rule, ...]:
    """The rules that judge ``card``, in catalog order (they depend only on its stage)."""
    catalog = load_catalog()
    key = (card.broken, card.stage, len(catalog))
    found = _APPLICABLE.by_stage.get(key)
    if found is None:
        found = _APPLICABLE.by_stage[key] = tuple(r for r in catalog.values() if applicable(r, card))
    return found


def check_model(
    card: ModelCard, context: Context, waived: list[Finding] | None = None, memo: HitMemo | None = None
) -> list[Finding]:
    """Every finding for one model, after waivers and overrides (not yet sorted).

    With a ``waived`` list, the rules a waiver silences still run and their findings
    go there instead: the index records what a waiver hides, the audit never shows it.
    ``memo`` may answer for a rule instead of running it (``registry trend`` reuses the
    hits of rules that do not depend on the date).
    """
    history = context.history.get(card.folder) if context.history else None
    check = Check(card, context.owners, context.policy, context.today, history)
    silenced = silenced_rules(card, context.owners, context.today)
    keep_waived = waived is not None
    rules = [r for r in applicable_rules(card) if keep_waived or not (r.waivable and r.code in silenced)]

    def finish(rule: Rule, hits: Iterable[Hit]) -> list[Finding]:
        found = []
        for hit in hits:
            severity = final_severity(rule, hit, context.policy)
            if severity is not None:
                found.append(_finding(rule.code, severity, card, hit))
        return found

    runs = (
        memo.run(rules, check, finish) if memo is not None else ((r, finish(r, r.run(check))) for r in rules)
    )
    findings: list[Finding] = []
    for rule, found in runs:
        hidden = rule.waivable and rule.code in silenced
        (waived if hidden and waived is not None else findings).extend(found)
    return findings


def _finding(code: str, severity: Severity, card: ModelCard, hit: Hit) -> Finding:
    if hit.position is not None:
        line, column = hit.position
    else:
        line, column = card.pos(hit.at) if hit.file is None else (1, 1)
    return Finding(
        rule=code,
        severity=severity,
        model=card.folder,
        path=hit.file or card.path,
        line=line,
        column=column,
        message=hit.message,
        field=hit.field if hit.field is not None else dotted(hit.at),
    )


def check_owner(owner: Owner, policy: Policy) -> list[Finding]:
    """The catalog's rules on an owner file itself: findings with ``model`` null."""
    check = FileCheck(owner, policy)
    out: list[Finding] = []
    for rule in load_catalog().values():
        for hit in rule.run_file(check):
            severity = final_severity(rule, hit, policy)
            if severity is not None:
                line, column = hit.position or (1, 1)
                field = hit.field if hit.field is not None else dotted(hit.at)
                out.append(Finding(rule.code, severity, None, owner.path, line, column, hit.message, field))
    return out


def duplicate_findings(
    pool: Mapping[str, ModelSummary], judged: Iterable[str], policy: Policy
) -> list[Finding]:
    """SCH003 for ids shared within ``pool``, reported for the ``judged`` models only."""
    rule = load_catalog()["SCH003"]
    wanted = set(judged)
    out: list[Finding] = []
    for summary, hit in duplicate_hits(pool.values()):
        severity = final_severity(rule, hit, policy)
        if severity is None or summary.folder not in wanted:
            continue
        line, column = hit.position or (1, 1)
        path = f"models/{summary.folder}/{CARD_FILE}"
        out.append(
            Finding("SCH003", severity, summary.folder, path, line, column, hit.message, hit.field or "")
        )
    return out
