"""The files around the cards: each model's runbook.md and the registry.yaml at the root.

Why runbooks have variants: DOC003 and DOC004 must find realistic section headings
(``## Fallback procedure``, ``## Who to call``), and the git history needs earlier
wordings of a runbook to commit before its final one.
"""

from __future__ import annotations

from .context import Card, Context


def render_runbook(card: Card, ctx: Context, variant: int = 0) -> str:
    """runbook.md with front matter; ``variant`` > 0 renders an older wording."""
    missing = card["runbook_missing"]
    owner_id = card["runbook_owner"]
    owner = ctx.owners[owner_id]
    oncall = owner.escalation or f"#{owner_id}"
    keep = card["retention_days"] + 7 * variant
    route = (
        card["fallback"]["route"]
        if card["fallback"] and card["fallback"]["route"]
        else ("the manual process the model replaced")
    )
    heads = {"Fallback": "## Fallback", "Rollback": "## Rollback", "Escalation": "## Escalation"}
    variants = {"Fallback": "## Degraded mode", "Rollback": "## Rolling back", "Escalation": "## Who to call"}
    lines = [
        "---",
        f"model: {card['id']}",
        f"owner: {owner_id}",
        f"last_reviewed: {card['runbook_reviewed']}",
        "---",
        "",
        f"# {card['name']} runbook",
        "",
        "## Overview",
        "",
        f"`{card['id']}` is a {card['kind']} model at stage {card['stage']} ({card['risk_tier']} risk).",
        f"{card['purpose'] or card['alt_purpose']}",
        f"It runs on {card['provider']}; dashboard: {card['dashboard']}.",
        "",
    ]
    sections = {
        "Fallback": [
            "If the model is down, slow or below its confidence threshold, send work to",
            f"{route}.",
            f"The switch is the `{card['id']}.enabled` feature flag.",
            "Tell the business owner when the fallback stays on for more than an hour.",
        ],
        "Rollback": [
            "1. Redeploy the previous validated version from the model release pipeline.",
            f"2. Previous versions are kept for {keep} days after each release.",
            "3. Record the rollback in the change log and tell the Model Risk Office.",
        ],
        "Escalation": [
            f"1. On-call: {oncall}.",
            f"2. Then the owning team lead, then the backup owner ({card['backup_owner'] or 'none named'}).",
            "3. Customer impact: open a major incident with the duty manager.",
        ],
    }
    placeholder = card["runbook_placeholder"]
    if placeholder is not None:
        sections[placeholder] = [f"TODO: write the {placeholder.lower()} steps (OPS-{len(card['id']) * 37})."]
    for name, body in sections.items():
        if name == missing:
            if variant % 2 == 0 and len(card["id"]) % 2 == 0:
                continue  # dropped entirely
            lines += [variants[name], "", *body, ""]
        else:
            suffix = {"Fallback": " procedure", "Rollback": "", "Escalation": " path"}[name]
            lines += [heads[name] + (suffix if len(card["id"]) % 3 == 0 else ""), "", *body, ""]
    return "\n".join(lines).rstrip("\n") + "\n"


def render_registry(models: int) -> str:
    """registry.yaml with the default policy spelled out and explained."""
    return f"""\
# Acme Financial AI model registry (benchmark data, {models} models).
#
# Every AI model Acme builds, buys or operates has a card under models/<id>/ and an
# owner record under owners/. The policy below is the registry default, written out
# so that reviewers can see it; changes need a Model Risk Office approval.
registry: 1                       # format version
name: Acme AI registry
description: >-
  Model cards, runbooks and owners for Acme's predictive, generative and
  automated-decision models, audited in CI on every pull request.

policy:
  # Maximum age of a validation, in days, per risk tier (MRM policy section 4.2).
  validation_max_age_days: {{low: 365, medium: 180, high: 90, critical: 90}}
  # Tiers whose pilot and production models need a bias test (section 5.1).
  bias_test_required_for: [medium, high, critical]   # risk tiers
  bias_test_max_age_days: 180     # twice a year
  pilot_max_weeks: 12             # a pilot gets a decision within a quarter
  expiry_warning_days: 30         # warn this long before a validation or waiver expires
  # Minimum runbook content for anything in pilot or production (section 7.1).
  runbook_sections: [Fallback, Rollback, Escalation]
  fail_on: error                  # lowest severity that makes `registry audit` exit 1
  waiver_max_days: 365            # a waiver may not run longer than this past today
  # Weights of the three priority scores of a proposed use case.
  priority_weights: {{impact: 1, feasibility: 1, readiness: 1}}

# Per-rule overrides (error | warning | info | off). None: the defaults apply.
# rules:
#   MET002: info
"""


GITIGNORE = "# Local cache and index of the registry tool.\n.registry/\n"
