"""OWN rules: every model needs an accountable, reachable owner."""

from __future__ import annotations

from collections.abc import Iterator

from registry.rules import HIGH_TIERS, Check, Hit, rule

#: OWN003's examples: a person who has left, and the card that names them.
_SAM_LEFT = """
# owners/sam-okafor.yaml
id: sam-okafor
kind: person
name: Sam Okafor
email: sam.okafor@example.com
active: false
# models/fraud-detector/model_card.yaml
"""


@rule(
    "OWN001",
    "error",
    title="Model has no owner",
    rationale="""A model without a named owner has nobody accountable for its risks,
    nobody to page when it fails and nobody to answer a regulator. Ownership is the first
    thing every AI governance framework asks for.""",
    fix="""Set `owner:` to the id of a record in owners/ (a team is better than a person:
    people move on).""",
    example="""
owner:                  # OWN001: nobody is named
""",
    compliant="""
owner: payments-risk
""",
)
def own001(check: Check) -> Iterator[Hit]:
    if check.card.owner is None:
        yield Hit("model has no owner", at=("owner",), field="owner")


@rule(
    "OWN002",
    "error",
    title="Owner or backup owner names no record in owners/",
    rationale="""An owner id that matches no record cannot be reached: there is no email,
    lead or escalation path behind it, so in an incident the model is effectively unowned.""",
    fix="""Create `owners/<id>.yaml` for the owner, or correct the id to an existing record.""",
    example="""
owner: payments-risk-ml # OWN002: there is no owners/payments-risk-ml.yaml
""",
    compliant="""
owner: payments-risk    # owners/payments-risk.yaml exists
""",
)
def own002(check: Check) -> Iterator[Hit]:
    """One finding per offending key (`owner`, `backup_owner`)."""
    for key in ("owner", "backup_owner"):
        owner_id = check.card.get_str(key)
        if owner_id is not None and owner_id not in check.owners:
            yield Hit(f"{key} {owner_id!r} names no record in owners/", at=(key,), field=key)


@rule(
    "OWN003",
    "error",
    title="Owner or backup owner is inactive",
    rationale="""A departed person or a disbanded team still listed as owner is the most
    common way a model becomes an orphan: the card looks owned, but nobody is there.""",
    fix="""Hand the model to an active owner and update `owner:` (or `backup_owner:`); keep
    the inactive record for the history.""",
    example=_SAM_LEFT + "owner: sam-okafor       # OWN003: inactive since Sam left\n",
    compliant=_SAM_LEFT + "owner: payments-risk    # handed over to an active team\n",
)
def own003(check: Check) -> Iterator[Hit]:
    """Points at the card's `owner` or `backup_owner` key, one finding per key."""
    for key in ("owner", "backup_owner"):
        record = check.owner_record(check.card.get_str(key))
        if record is not None and record.doc is not None and not record.active:
            yield Hit(f"{key} {record.id!r} is inactive (active: false)", at=(key,), field=key)


@rule(
    "OWN004",
    "warning",
    title="High or critical model has no backup owner",
    rationale="""High-impact models need continuity: when the owner is on leave, busy with an
    incident or gone, a named backup keeps decisions and incident response moving.""",
    fix="""Set `backup_owner:` to another owner record, ideally a different team.""",
    example="""
risk_tier: high
backup_owner:           # OWN004: nobody covers when the owner is away
""",
    compliant="""
risk_tier: high
backup_owner: fraud-platform
""",
)
def own004(check: Check) -> Iterator[Hit]:
    if check.card.risk_tier in HIGH_TIERS and check.card.backup_owner is None:
        yield Hit(
            f"{check.card.risk_tier}-risk model has no backup_owner",
            at=("backup_owner",),
            field="backup_owner",
        )
