"""VAL rules: an independent, current validation of the version in production."""

from __future__ import annotations

from collections.abc import Iterator

from registry.findings import Severity
from registry.model import is_empty, text
from registry.rules import HIGH_TIERS, Check, Hit, missing, rule

#: The compliant example of the VAL rules: a recent, independent pass of this version.
VALIDATED = """
validation:
  date: 2026-11-10
  validator: model-risk-office
  model_version: 3.2.0
  result: pass
"""


@rule(
    "VAL001",
    "error",
    title="Production model has no validation",
    rationale="""Model risk management (SR 11-7, EU AI Act Art. 9 and 15) expects every
    model in production to have been validated before it makes decisions; without a
    recorded validation there is no evidence it works as claimed.""",
    fix="""Have the model validated and record `validation:` with date, validator,
    model_version, result and evidence.""",
    stages=("production",),
    example="""
stage: production
validation:             # VAL001: live without an independent validation
""",
    compliant="stage: production" + VALIDATED,
)
def val001(check: Check) -> Iterator[Hit]:
    yield from missing(check, ("validation",), "production model has no validation")


@rule(
    "VAL002",
    "error",
    title="Validation is stale",
    rationale="""Data, users and the world drift: a validation says a model worked when it
    was done. The policy sets how old a validation may be for each risk tier; the audit
    warns `expiry_warning_days` before that so revalidation can be planned.""",
    fix="""Revalidate the model and update `validation.date` (and evidence), or lower the
    risk tier if it was set wrong.""",
    example="""
risk_tier: high
validation:
  date: 2026-03-02      # VAL002: older than the 90 days allowed for high risk
  validator: model-risk-office
  model_version: 3.2.0
  result: pass
""",
    compliant="risk_tier: high" + VALIDATED,
)
def val002(check: Check) -> Iterator[Hit]:
    """Error past the tier's maximum age, warning inside the warning window before it."""
    card, policy = check.card, check.policy
    done = card.get_date("validation", "date")
    tier = card.risk_tier
    if done is None or tier is None or tier not in policy.validation_max_age_days:
        return
    limit = policy.validation_max_age_days[tier]
    age = (check.today - done).days
    if age < 0:
        return  # dated in the future: DAT001's finding, and no age to judge yet
    if age > limit:
        yield Hit(
            f"validation is {age} days old; the {tier}-risk limit is {limit} days",
            at=("validation", "date"),
            field="validation.date",
        )
    elif age > limit - policy.expiry_warning_days:
        yield Hit(
            f"validation expires in {limit - age} days ({tier}-risk limit is {limit} days)",
            at=("validation", "date"),
            severity=Severity.WARNING,
            field="validation.date",
        )


@rule(
    "VAL003",
    "error",
    title="Validated version differs from the model's version",
    rationale="""A validation covers one version. When the card's `version` moves on, the
    version that is running has not been validated, whatever the date says.""",
    fix="""Validate the current version and set `validation.model_version` to it, or correct
    `version` if the card is wrong.""",
    example="""
version: 3.2.0
validation:
  date: 2026-11-10
  validator: model-risk-office
  model_version: 3.1.0  # VAL003: the validated version is not the one deployed
  result: pass
""",
    compliant="version: 3.2.0" + VALIDATED,
)
def val003(check: Check) -> Iterator[Hit]:
    card = check.card
    validated = text(card.get("validation", "model_version"))
    current = card.version
    if validated is not None and current is not None and validated.strip() != current.strip():
        yield Hit(
            f"validation covers version {validated}, but the model is at {current}",
            at=("validation", "model_version"),
            field="validation.model_version",
        )


@rule(
    "VAL004",
    "error",
    title="High or critical model validated by its own owner",
    rationale="""Effective challenge requires independence: the people who built and run a
    high-impact model cannot be the ones who sign off its validation (SR 11-7).""",
    fix="""Have an independent team (model risk, internal audit, another team) validate the
    model and name it in `validation.validator`.""",
    example="""
owner: payments-risk    # its lead is dana.whitfield
validation:
  date: 2026-11-10
  validator: dana.whitfield   # VAL004: the owner validated its own model
  model_version: 3.2.0
  result: pass
""",
    compliant="owner: payments-risk" + VALIDATED,
)
def val004(check: Check) -> Iterator[Hit]:
    """The owner means the owner id, the record's lead and its members."""
    card = check.card
    if card.risk_tier not in HIGH_TIERS:
        return
    validator = card.get_str("validation", "validator")
    record = check.owner_record(card.owner)
    people = record.people if record is not None else ({card.owner} if card.owner else set())
    if validator is not None and validator in people:
        role = (
            "the owner" if validator == card.owner else f"in the owner {card.owner!r} (its lead or a member)"
        )
        need = f"a {card.risk_tier}-risk model needs an independent validation"
        yield Hit(
            f"validator {validator!r} is {role}; {need}",
            at=("validation", "validator"),
            field="validation.validator",
        )


@rule(
    "VAL006",
    "error",
    title="Validation failed, or passed on conditions nobody wrote down",
    rationale="""A validation records whether the model works, not only that someone looked:
    a model whose validation failed must not be making decisions in a pilot or in
    production. A conditional pass is only as good as its conditions; without them
    nobody can check they are met (SR 11-7 effective challenge, EU AI Act Art. 9).""",
    fix="""Withdraw the model (move it back to `proposed`) until a new validation passes,
    or, for a conditional pass, list what it requires in `validation.conditions:`.""",
    stages=("pilot", "production"),
    example="""
validation:
  date: 2026-11-10
  validator: model-risk-office
  model_version: 3.2.0
  result: conditional    # VAL006 warning: conditional, and no conditions
  evidence: https://wiki.example.com/validation/fraud-detector
""",
    compliant="""
validation:
  date: 2026-11-10
  validator: model-risk-office
  model_version: 3.2.0
  result: conditional
  conditions: [monthly drift review, recalibrate before the EU rollout]
  evidence: https://wiki.example.com/validation/fraud-detector
""",
)
def val006(check: Check) -> Iterator[Hit]:
    """An error for `result: fail`; a warning for `result: conditional` whose `conditions`
    is absent, null or empty. Both point at `validation.result`."""
    result = check.card.get("validation", "result")
    at = ("validation", "result")
    if result == "fail":
        when = check.card.get_str("validation", "date")
        yield Hit(
            f"validation{f' of {when}' if when else ''} failed; "
            f"a {check.card.stage} model needs a validation that passed",
            at=at,
            field="validation.result",
        )
    elif result == "conditional" and is_empty(check.card.get("validation", "conditions")):
        yield Hit(
            "validation passed on conditions, but `validation.conditions` lists none",
            at=at,
            severity=Severity.WARNING,
            field="validation.result",
        )
