"""MON, RES, HUM, PRV and INC rules: running a model safely once it is live."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import is_empty
from registry.rules import HIGH_TIERS, LIVE_STAGES, Check, Hit, missing, rule


@rule(
    "MON001",
    "error",
    title="Production model has no drift monitoring",
    rationale="""Models degrade silently as inputs and behaviour shift. Drift monitoring on
    features or predictions is how an owner learns of it before customers or regulators do
    (EU AI Act Art. 72 post-market monitoring).""",
    fix="""Enable drift monitoring and record it: `monitoring: {drift: {features: true,
    predictions: true}}`, with alerts and a dashboard.""",
    stages=("production",),
    example="""
stage: production
monitoring:
  drift: {features: false, predictions: false}   # MON001: nobody watches for drift
""",
    compliant="""
stage: production
monitoring:
  drift: {features: true, predictions: true}
  alerts: [precision < 0.9 for 3 days]
""",
)
def mon001(check: Check) -> Iterator[Hit]:
    """Missing `monitoring.drift`, or none of its (non `x-`) values is true."""
    drift = check.card.get("monitoring", "drift")
    enabled = isinstance(drift, dict) and any(
        value is True for key, value in drift.items() if not str(key).startswith("x-")
    )
    if not enabled:
        yield Hit(
            "production model has no drift monitoring", at=("monitoring", "drift"), field="monitoring.drift"
        )


@rule(
    "RES001",
    "error",
    title="Production model has no fallback route",
    rationale="""Every model is sometimes unsure, wrong or down. A documented fallback (a
    manual queue, a rule set, the previous version) keeps the business running and is what
    the runbook's Fallback section executes.""",
    fix="""Set `fallback.route:` to where work goes when the model is unavailable or below
    its confidence threshold.""",
    stages=("production",),
    example="""
stage: production
fallback:
  confidence_threshold: 0.7   # RES001: no route when the model is unsure or down
""",
    compliant="""
stage: production
fallback:
  route: manual review queue
  confidence_threshold: 0.7
""",
)
def res001(check: Check) -> Iterator[Hit]:
    yield from missing(check, ("fallback", "route"), "production model has no fallback route")


@rule(
    "HUM001",
    "error",
    title="High or critical live model has no human oversight",
    rationale="""High-impact automated decisions need a human who can understand, override
    or stop them (EU AI Act Art. 14, GDPR Art. 22). The card must say who and how.""",
    fix="""Describe `human_oversight:`: who reviews which decisions, and how they override
    or stop the model.""",
    stages=("pilot", "production"),
    example="""
risk_tier: high
human_oversight: ""     # HUM001: no human checks the model's decisions
""",
    compliant="""
risk_tier: high
human_oversight: Analysts confirm every block above 500 EUR.
""",
)
def hum001(check: Check) -> Iterator[Hit]:
    card = check.card
    if card.risk_tier in HIGH_TIERS and card.stage in LIVE_STAGES and is_empty(card.get("human_oversight")):
        yield Hit(
            f"{card.risk_tier}-risk {card.stage} model has no human_oversight",
            at=("human_oversight",),
            field="human_oversight",
        )


@rule(
    "PRV001",
    "error",
    title="Personal data without a privacy review",
    rationale="""Training on personal data needs a documented legal basis and data
    protection review (GDPR Art. 35 DPIA); `contains_pii: true` without one is an
    unreviewed processing of personal data.""",
    fix="""Get the privacy office's review and record `training_data.privacy_review:` with
    date and reviewer.""",
    example="""
training_data:
  sources: [transactions-2024q1..2025q4]
  contains_pii: true    # PRV001: personal data without a privacy review
""",
    compliant="""
training_data:
  sources: [transactions-2024q1..2025q4]
  contains_pii: true
  privacy_review: {date: 2026-03-01, reviewer: privacy-office}
""",
)
def prv001(check: Check) -> Iterator[Hit]:
    card = check.card
    if card.get("training_data", "contains_pii") is True and is_empty(
        card.get("training_data", "privacy_review")
    ):
        yield Hit(
            "training data contains PII and has no privacy_review",
            at=("training_data", "privacy_review"),
            field="training_data.privacy_review",
        )


@rule(
    "INC001",
    "warning",
    title="Incident has no review",
    rationale="""An incident without a post-incident review teaches nothing and tends to
    happen again; regulators ask for the review, not the incident.""",
    fix="""Link the post-incident review in the incident's `review:`.""",
    example="""
incidents:
  - {date: 2026-02-03, severity: high, summary: False positives spiked.}   # INC001: no review
""",
    compliant="""
incidents:
  - {date: 2026-02-03, severity: high, summary: False positives spiked.,
     review: "https://example.com/pir/1"}
""",
)
def inc001(check: Check) -> Iterator[Hit]:
    """One finding per incident without `review`, at the incident item."""
    for index, incident in enumerate(check.card.get_list("incidents")):
        if isinstance(incident, dict) and is_empty(incident.get("review")):
            when = incident.get("date")
            label = f" of {when}" if isinstance(when, str) else ""
            yield Hit(
                f"incident{label} has no review", at=("incidents", index), field=f"incidents.{when or index}"
            )
