"""POL rules: the policy itself cannot be loosened quietly in a pull request.

Every other rule judges cards against registry.yaml, so a change to registry.yaml
that switches a rule off or stretches a limit changes what every card is judged by,
and the gate (`registry audit --base REF`) would see only findings disappear.
:func:`weakened_policy` compares the effective policy (defaults merged) at the base
with the one now and reports each weakened setting as a POL001 finding on
registry.yaml, naming the old and the new value.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

from registry.findings import Finding, Severity
from registry.loader import FieldPath
from registry.model import RISK_TIERS, Policy, Record
from registry.rules import Check, Hit, load_catalog, rule
from registry.store import REGISTRY_FILE

#: Severity order for overrides: off is the weakest.
_RANK = {"off": -1, "info": 0, "warning": 1, "error": 2}
#: Limits that are weaker when raised, and those weaker when lowered.
_RAISED = ("bias_test_max_age_days", "pilot_max_weeks", "waiver_max_days")
_LOWERED = ("expiry_warning_days",)


@dataclass(frozen=True, slots=True)
class Weakening:
    """One setting that is weaker now than at the base."""

    at: FieldPath  # where the setting lives in registry.yaml
    old: str
    new: str

    @property
    def name(self) -> str:
        return ".".join(str(p) for p in self.at)


@rule(
    "POL001",
    "warning",
    title="Pull request weakens the policy",
    rationale="""registry.yaml decides what every card is judged by. A change that switches a
    rule off, lowers its severity or stretches a limit makes findings disappear without
    anything being fixed, and in a pull request it looks like progress. Policy changes
    are decisions for the governance reviewers, so the gate names each one.""",
    fix="""If the change is intended, have it approved by the governance reviewers (see
    `governance_reviewers` and `registry codeowners`) and merge it knowingly; otherwise
    restore the setting. Set `rules: {POL001: error}` to make the gate fail on it.""",
    stages=(),
    waivable=False,
    scope="registry.yaml, with `registry audit --base REF` only",
    example="""
rules:
  MON001: off      # POL001 with --base: was error (the default)
""",
    compliant="""
rules:
  MET002: info     # a rule that was already info stays info: nothing weaker
""",
)
def pol001(check: Check) -> Iterator[Hit]:
    """Compares registry.yaml's effective policy (defaults merged) now with the one at REF:
    a rule's severity lowered or set to off (also by a new `rules:` entry); a
    `validation_max_age_days` tier, `bias_test_max_age_days`, `pilot_max_weeks` or
    `waiver_max_days` raised; `expiry_warning_days` lowered; a tier removed from
    `bias_test_required_for`; a section removed from `runbook_sections`; `fail_on` moved
    to a more severe level; a handle removed from `governance_reviewers`. One finding per
    setting, at its key now (the `policy` or `rules` key, or 1:1, when it was removed);
    its severity comes from the policy at REF, so a pull request cannot turn POL001 off
    while it weakens the policy."""
    yield from ()  # judged on registry.yaml by weakened_policy(), never per model


def _show(value: Any) -> str:
    if isinstance(value, list | tuple):
        return "[" + ", ".join(str(v) for v in value) + "]"
    return str(value)


def weakenings(before: Policy, now: Policy) -> list[Weakening]:
    """Every setting of ``now`` that is weaker than in ``before``, in registry.yaml order."""
    out: list[Weakening] = []
    for tier in RISK_TIERS:
        old, new = before.validation_max_age_days.get(tier), now.validation_max_age_days.get(tier)
        if old is not None and new is not None and new > old:
            out.append(Weakening(("policy", "validation_max_age_days", tier), str(old), str(new)))
    removed = [t for t in before.bias_test_required_for if t not in now.bias_test_required_for]
    if removed:
        old_tiers, new_tiers = _show(before.bias_test_required_for), _show(now.bias_test_required_for)
        out.append(Weakening(("policy", "bias_test_required_for"), old_tiers, new_tiers))
    for key in (*_RAISED, *_LOWERED):
        old_value, new_value = getattr(before, key), getattr(now, key)
        if (new_value > old_value) if key in _RAISED else (new_value < old_value):
            out.append(Weakening(("policy", key), str(old_value), str(new_value)))
    kept = {s.casefold() for s in now.runbook_sections}
    if any(s.casefold() not in kept for s in before.runbook_sections):
        old_sections, new_sections = _show(before.runbook_sections), _show(now.runbook_sections)
        out.append(Weakening(("policy", "runbook_sections"), old_sections, new_sections))
    if _RANK.get(now.fail_on, 2) > _RANK.get(before.fail_on, 2):
        out.append(Weakening(("policy", "fail_on"), before.fail_on, now.fail_on))
    for code, item in load_catalog().items():
        old_sev = before.overrides.get(code, item.severity.value)
        new_sev = now.overrides.get(code, item.severity.value)
        if _RANK.get(new_sev, 2) < _RANK.get(old_sev, 2):
            out.append(Weakening(("rules", code), old_sev, new_sev))
    if any(h not in now.governance_reviewers for h in before.governance_reviewers):
        old_handles, new_handles = _show(before.governance_reviewers), _show(now.governance_reviewers)
        out.append(Weakening(("governance_reviewers",), old_handles, new_handles))
    return out


def weakened_policy(before: Policy, now: Policy, settings: Record, ref: str) -> list[Finding]:
    """POL001 findings on registry.yaml (``settings`` is it as parsed now), sorted.

    The severity follows the policy at ``ref``: the policy under review cannot judge
    itself, so switching POL001 off in the same pull request does not hide it.
    """
    from registry.audit import final_severity

    item = load_catalog()["POL001"]
    out = []
    for change in weakenings(before, now):
        message = f"policy weakened: {change.name} was {change.old} at {ref}, now {change.new}"
        severity: Severity | None = final_severity(item, Hit(message), before)
        if severity is None:
            continue
        line, column = settings.pos(change.at)
        out.append(Finding("POL001", severity, None, REGISTRY_FILE, line, column, message, change.name))
    return sorted(out, key=Finding.sort_key)
