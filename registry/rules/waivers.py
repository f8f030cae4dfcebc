"""WAI rules: an exception to policy is explicit, justified, independent and temporary.

A waiver silences its rule for its model only while it is complete (WAI002), not
expired (WAI001), names a rule that may be waived (WAI003) and was approved by
someone independent of the model's owner (WAI004): :func:`silenced_rules` is the one
place that decides, and the audit asks it.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.findings import Severity
from registry.model import ModelCard, Owner, is_empty, parse_date
from registry.rules import Check, Hit, load_catalog, rule
from registry.store import RULE_CODE

#: Families no waiver can silence: broken files, the waivers themselves, invented dates.
UNWAIVABLE_FAMILIES = ("SCH", "WAI", "DAT")


@dataclass(frozen=True, slots=True)
class Waiver:
    index: int
    rule: str
    expires: date | None
    complete: bool  # has reason and approved_by
    approved_by: str | None = None

    def silences(self, today: date) -> bool:
        """Complete and not expired (it counts on its day); see :func:`silenced_rules`."""
        return self.complete and self.expires is not None and self.expires >= today


def waivers_of(items: list[Any]) -> list[Waiver]:
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            continue
        complete = not is_empty(item.get("reason")) and not is_empty(item.get("approved_by"))
        approver = item.get("approved_by")
        out.append(
            Waiver(
                index,
                item["rule"].strip(),
                parse_date(item.get("expires")),
                complete,
                approver.strip() if isinstance(approver, str) and approver.strip() else None,
            )
        )
    return out


def cannot_waive(code: str) -> str | None:
    """Why a waiver for ``code`` can silence nothing, or None when the rule may be waived."""
    known = load_catalog().get(code)
    if known is None:
        return f"there is no rule {code} (see `registry rules`)"
    if not known.waivable or code.startswith(UNWAIVABLE_FAMILIES):
        return f"{code} cannot be waived"
    return None


def not_independent(approver: str, card: ModelCard, owners: Mapping[str, Owner]) -> str | None:
    """Why ``approver`` cannot approve a waiver for ``card``, or None when independent.

    The owner means its id, its record's lead and its members (as for VAL004); an
    approver who names an owner record marked `active: false` has left and cannot be
    asked about the exception. Anyone else, named by a record or not, is independent.
    """
    owner = card.owner
    record = owners.get(owner) if owner else None
    people = record.people if record is not None else ({owner} if owner else set())
    if approver in people:
        return "the model's owner" if approver == owner else f"in the owner {owner!r} (its lead or a member)"
    named = owners.get(approver)
    if named is not None and not named.active:
        return "an owner record marked `active: false`"
    return None


def silencing_waivers(card: ModelCard, owners: Mapping[str, Owner], today: date) -> list[Waiver]:
    """This card's waivers that silence their rule today: complete, current, waivable, independent."""
    return [
        w
        for w in waivers_of(card.get_list("waivers"))
        if w.silences(today)
        and cannot_waive(w.rule) is None
        and (w.approved_by is None or not_independent(w.approved_by, card, owners) is None)
    ]


def silenced_rules(card: ModelCard, owners: Mapping[str, Owner], today: date) -> set[str]:
    """The rules this card's waivers silence today (see :func:`silencing_waivers`)."""
    return {w.rule for w in silencing_waivers(card, owners, today)}


@rule(
    "WAI001",
    "error",
    title="Waiver expired or expiring",
    rationale="""Waivers are temporary by design: an expired waiver is a policy exception
    nobody re-approved. The finding it covered comes back too, and the audit warns
    `expiry_warning_days` ahead so renewal can be planned.""",
    fix="""Fix what the waiver covered and remove it, or have it re-approved with a new
    `expires:` date.""",
    waivable=False,
    example="""
waivers:
  - {rule: OWN004, reason: backup team being hired, approved_by: model-risk-office,
     expires: 2026-10-31}   # WAI001: expired
""",
    compliant="""
waivers:
  - {rule: OWN004, reason: backup team being hired, approved_by: model-risk-office,
     expires: 2027-03-31}
""",
)
def wai001(check: Check) -> Iterator[Hit]:
    """Error once `expires` is before today; warning within the warning window."""
    window = check.policy.expiry_warning_days
    for waiver in waivers_of(check.card.get_list("waivers")):
        if waiver.expires is None:
            continue
        at = ("waivers", waiver.index, "expires")
        days = (waiver.expires - check.today).days
        if days < 0:
            yield Hit(
                f"waiver for {waiver.rule} expired on {waiver.expires.isoformat()}",
                at=at,
                field=f"waivers.{waiver.rule}",
            )
        elif days <= window:
            yield Hit(
                f"waiver for {waiver.rule} expires in {days} days ({waiver.expires.isoformat()})",
                at=at,
                severity=Severity.WARNING,
                field=f"waivers.{waiver.rule}",
            )


@rule(
    "WAI002",
    "error",
    title="Waiver lacks reason or approver",
    rationale="""An exception to policy must say why and who accepted the risk; otherwise
    anyone can switch a rule off. Incomplete waivers silence nothing.""",
    fix="""Add `reason:` and `approved_by:` (an accountable role or owner id) to the waiver.""",
    waivable=False,
    example="""
waivers:
  - {rule: OWN004, expires: 2027-03-31}   # WAI002: no reason, no approver
""",
    compliant="""
waivers:
  - {rule: OWN004, reason: backup team being hired, approved_by: model-risk-office,
     expires: 2027-03-31}
""",
)
def wai002(check: Check) -> Iterator[Hit]:
    """One finding per incomplete waiver, naming what it lacks."""
    for index, item in enumerate(check.card.get_list("waivers")):
        if not isinstance(item, dict):
            continue
        missing = [key for key in ("reason", "approved_by") if is_empty(item.get(key))]
        if missing:
            name = item.get("rule") if isinstance(item.get("rule"), str) else f"#{index + 1}"
            yield Hit(
                f"waiver for {name} has no {' and no '.join(missing)}; it silences nothing",
                at=("waivers", index),
                field=f"waivers.{name}",
            )


def _at_value(check: Check, waiver: Waiver, key: str, message: str) -> Hit:
    """A finding at the value of the waiver's ``key`` (``approved_by: >dana.whitfield``)."""
    at = ("waivers", waiver.index, key)
    return Hit(message, at=at, position=check.card.value_pos(at), field=f"waivers.{waiver.rule}")


@rule(
    "WAI003",
    "error",
    title="Waiver for a rule that does not exist or cannot be waived",
    rationale="""A waiver for a mistyped or invented rule code silences nothing, yet reads to a
    reviewer like an approved exception; one for a schema, waiver or date rule would switch
    off the checks that keep the registry itself honest. Either way the waiver is not what
    it looks like.""",
    fix="""Correct the code (`registry rules` lists them), or remove the waiver: SCH, WAI and
    DAT findings are fixed, never waived.""",
    waivable=False,
    example="""
waivers:
  - rule: SCH001         # WAI003: schema rules cannot be waived
    reason: The vendor's card format has extra keys.
    approved_by: model-risk-office
    expires: 2027-01-31
""",
    compliant="""
waivers:
  - rule: BIA002
    reason: Retest scheduled after the Q1 data refresh; model frozen until then.
    approved_by: model-risk-office
    expires: 2027-01-31
""",
)
def wai003(check: Check) -> Iterator[Hit]:
    """One finding per such waiver, at its `rule` value. A value that is not a rule code at
    all (`bia001`) is the schema's SCH001 finding instead."""
    for waiver in waivers_of(check.card.get_list("waivers")):
        why = cannot_waive(waiver.rule) if RULE_CODE.match(waiver.rule) else None
        if why is not None:
            yield _at_value(check, waiver, "rule", f"waiver for {waiver.rule} silences nothing: {why}")


@rule(
    "WAI004",
    "error",
    title="Waiver approved by the model's own owner or by someone who has left",
    rationale="""An exception to policy is accepted risk, and risk is accepted by someone
    independent of the people it lets off: an owner approving a waiver of their own
    finding is marking their own homework. An approver whose owner record is inactive
    has left and can no longer answer for it. Such a waiver silences nothing.""",
    fix="""Have the waiver approved by an independent, active function (model risk, the
    CRO's office, another team) and name it in `approved_by:`.""",
    waivable=False,
    example="""
owner: payments-risk     # owners/payments-risk.yaml: lead dana.whitfield
waivers:
  - rule: BIA002
    reason: Retest scheduled after the Q1 data refresh.
    approved_by: dana.whitfield   # WAI004: the owner's lead
    expires: 2027-01-31
""",
    compliant="""
owner: payments-risk
waivers:
  - rule: BIA002
    reason: Retest scheduled after the Q1 data refresh.
    approved_by: model-risk-office
    expires: 2027-01-31
""",
)
def wai004(check: Check) -> Iterator[Hit]:
    """The owner is the `owner` id, its record's `lead` and `members`; an `approved_by`
    naming an owner record with `active: false` counts too. One finding per waiver, at
    its `approved_by` value; the waiver silences nothing."""
    for waiver in waivers_of(check.card.get_list("waivers")):
        if waiver.approved_by is None:
            continue  # WAI002's finding
        why = not_independent(waiver.approved_by, check.card, check.owners)
        if why is not None:
            message = f"waiver for {waiver.rule} is approved by {waiver.approved_by!r}, {why}"
            yield _at_value(check, waiver, "approved_by", f"{message}; it silences nothing")


@rule(
    "WAI005",
    "warning",
    title="Waiver runs longer than the policy allows",
    rationale="""A waiver is meant to buy time to fix something, not to retire a rule: one that
    runs for years is never looked at again. The policy's `waiver_max_days` caps how far
    ahead a waiver may expire, so every exception comes back for re-approval.""",
    fix="""Set `expires:` at most `waiver_max_days` (default 365) days after today, and renew
    the waiver then if the exception is still needed.""",
    waivable=False,
    example="""
waivers:    # WAI005: expires more than waiver_max_days (365) after today
  - {rule: MET003, reason: Guardrail dashboard in build, approved_by: cro-office, expires: 2099-12-31}
""",
    compliant="""
waivers:
  - {rule: MET003, reason: Guardrail dashboard in build, approved_by: cro-office, expires: 2027-03-31}
""",
)
def wai005(check: Check) -> Iterator[Hit]:
    """Fires when `expires` minus today is greater than `waiver_max_days` (exactly the
    limit is fine), at the waiver's `expires`."""
    limit = check.policy.waiver_max_days
    for waiver in waivers_of(check.card.get_list("waivers")):
        if waiver.expires is None:
            continue
        days = (waiver.expires - check.today).days
        if days > limit:
            yield Hit(
                f"waiver for {waiver.rule} runs {days} days, until {waiver.expires.isoformat()}; "
                f"the policy allows at most {limit}",
                at=("waivers", waiver.index, "expires"),
                field=f"waivers.{waiver.rule}",
            )
