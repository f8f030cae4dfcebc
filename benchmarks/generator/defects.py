"""The defect catalogue: which rule each injected defect triggers, and how to inject it.

Why this module decides the labels: a card's ``# benchmark-expect:`` label is the list
of codes :func:`inject` appended while breaking an otherwise clean card (plus SCH001
for a schema typo and VAL005 for an edit after validation, set by the model and
registry builders), so a label is right exactly when each injection triggers its rule,
and what that rule implies, and nothing else. The conflict groups of :data:`DEFECTS`
keep two injections from touching the same fields, and :func:`applicable` keeps a
defect off models whose stage or tier the rule does not check. tests/benchmarks
checks every label against an independent oracle of the format's rules.
"""

from __future__ import annotations

import random

from .catalog import INCIDENT_SUMMARIES, SEVERITIES, TEAMS, WAIVER_APPROVERS
from .context import Card, Context

#: Rule code -> conflict groups; two defects sharing a group are never combined.
DEFECTS: dict[str, tuple[str, ...]] = {
    "OWN001": ("owner",),
    "OWN002": ("owner",),
    "OWN003": ("owner",),
    "OWN004": ("owner",),
    "DOC001": ("doc",),
    "DOC002": ("runbook",),
    "DOC003": ("runbook",),
    "VAL001": ("validation",),
    "VAL002": ("validation",),
    "VAL003": ("validation",),
    "VAL004": ("validation", "owner"),
    "VAL005": ("validation",),
    "BIA001": ("bias",),
    "BIA002": ("bias",),
    "BIA003": ("bias",),
    "PIL001": ("pilot",),
    "PIL002": ("pilot",),
    "MET001": ("metrics",),
    "MET002": ("metrics",),
    "MET003": ("metrics",),
    "MON001": ("monitoring",),
    "RES001": ("fallback",),
    "HUM001": ("oversight",),
    "PRV001": ("privacy",),
    "INC001": ("incidents",),
    "WAI001": ("metrics", "waiver"),
    "WAI002": ("metrics", "waiver"),
    # The rules added on 2026-11-30.
    "VAL006": ("validation",),
    "DAT001": ("validation",),
    "WAI003": ("waiver",),
    "WAI004": ("metrics", "waiver", "owner"),
    "WAI005": ("metrics", "waiver"),
    "DOC004": ("runbook",),
    "POR001": ("priority",),
    "MET004": ("leading",),
    "PIL003": ("pilot",),
    "PIL004": ("pilot",),
}
HIGH = ("high", "critical")
LIVE = ("pilot", "production")
MAX_AGE = {"low": 365, "medium": 180, "high": 90, "critical": 90}
#: Validations are never older than this, so that they postdate the first commit of
#: a ``--git`` history (an import after the validation date is not an "edit after").
OLDEST_VALIDATION = 330


def applicable(code: str, stage: str, tier: str, validated: bool) -> bool:
    """Whether injecting ``code`` into a model of this stage and tier makes the rule fire."""
    if code == "OWN004" or code == "VAL004":
        return tier in HIGH and (validated or code == "OWN004")
    if code == "VAL001":
        return stage == "production"
    if code in ("VAL002", "VAL003", "VAL005", "DAT001"):
        return validated
    if code == "VAL006":
        return validated and stage in LIVE
    if code == "POR001":
        return stage == "proposed"
    if code in ("PIL003", "PIL004"):
        return stage == "pilot"
    if code in ("MET004", "WAI004", "WAI005"):
        return stage in LIVE
    if code in ("BIA001", "BIA002"):
        return tier != "low" and stage in LIVE
    if code in ("PIL001", "PIL002"):
        return stage == "pilot"
    if code in ("MET001", "BIA003", "INC001", "WAI001", "WAI002"):
        return stage in LIVE
    if code in ("MET003", "MON001", "RES001"):
        return stage == "production"
    if code == "HUM001":
        return tier in HIGH and stage in LIVE
    return True


def prev_version(version: str) -> str | None:
    """The release before ``version`` (None for 1.0.0): what a stale validation (VAL003) names."""
    major, minor, patch = (int(p) for p in version.split("."))
    if patch:
        return f"{major}.{minor}.{patch - 1}"
    if minor:
        return f"{major}.{minor - 1}.2"
    return f"{major - 1}.4.0" if major > 1 else None


def add_waiver(card: Card, rng: random.Random, ctx: Context, state: str) -> str:
    """Add a waiver that covers a real gap (no guardrail or no business metric).

    Returns the code it covers. ``state`` is valid, expiring (inside the warning
    window), expired, unapproved (no ``approved_by``), long (past ``waiver_max_days``)
    or self (approved by the model's owner, so it silences nothing).
    """
    covers = "MET003" if card["stage"] == "production" and rng.random() < 0.5 else "MET001"
    if covers == "MET003":
        card["guardrails"] = []
    else:
        card["business"] = []
    expires = {
        "valid": -rng.randint(45, 300),
        "expiring": -rng.randint(0, 25),
        "expired": rng.randint(1, 120),
        "unapproved": -rng.randint(45, 300),
        "long": -rng.randint(366, 1500),  # WAI005: longer than waiver_max_days
        "self": -rng.randint(45, 300),  # WAI004: approved by the model's own owner
    }[state]
    reason = (
        "Guardrail metrics wait for the new latency and error exporter (PLAT-2207)."
        if covers == "MET003"
        else "Business metric to be agreed with finance after the first full quarter."
    )
    card["waivers"].append(
        {
            "rule": covers,
            "reason": reason,
            "approved_by": None
            if state == "unapproved"
            else card["owner"]
            if state == "self"
            else rng.choice(WAIVER_APPROVERS),
            "expires": ctx.day(expires),
        }
    )
    return covers


def inject(code: str, card: Card, rng: random.Random, ctx: Context) -> None:
    """Break ``card`` so that exactly rule ``code`` (and what it implies) fires."""
    expect: list[str] = card["expect"]
    expect.append(code)
    tier = card["risk_tier"]
    validation = card["validation"]
    if code == "OWN001":
        card["owner"] = None
    elif code in ("OWN002", "OWN003"):
        bad = f"{rng.choice(TEAMS)[0]}-legacy" if code == "OWN002" else rng.choice(ctx.inactive_ids)
        if card["backup_owner"] is not None and rng.random() < 0.4:
            card["backup_owner"] = bad
        else:
            card["owner"] = bad
    elif code == "OWN004":
        card["backup_owner"] = None
    elif code == "DOC001":
        if rng.random() < 0.5:
            card["purpose"] = "" if rng.random() < 0.5 else None
        else:
            card["limitations"] = [] if rng.random() < 0.5 else None
    elif code == "DOC002":
        card["runbook"] = rng.choice(("docs/runbook.md", "RUNBOOK.md", "runbook-v2.md"))
    elif code == "DOC003":
        card["runbook_missing"] = rng.choice(("Fallback", "Rollback", "Escalation"))
    elif code == "VAL001":
        card["validation"] = None
    elif code == "VAL002":
        limit = MAX_AGE[tier]
        if tier == "low" or rng.random() < 0.3:  # inside the warning window
            age = rng.randint(limit - 29, min(limit, OLDEST_VALIDATION + 33))
        else:
            age = rng.randint(limit + 1, min(limit + 150, OLDEST_VALIDATION))
        validation["age"] = age
        validation["date"] = ctx.day(age)
        validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + ctx.day(age)
    elif code == "VAL003":
        previous = prev_version(card["version"])
        if previous is None:
            card["version"] = "1.1.0"
            previous = "1.0.0"
        validation["model_version"] = previous
    elif code == "VAL004":
        owner = ctx.owners[card["owner"]]
        choices = [owner.id] + ([owner.lead] if owner.lead else []) + owner.members
        validation["validator"] = rng.choice(choices)
    elif code == "VAL005":
        if validation["age"] < 20:
            validation["age"] = rng.randint(20, max(20, min(MAX_AGE[tier] - 35, 120)))
            validation["date"] = ctx.day(validation["age"])
            validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + validation["date"]
    elif code == "BIA001":
        card["bias_tests"] = [] if rng.random() < 0.5 else None
    elif code == "BIA002":
        bage = rng.randint(181, 330)
        card["bias_tests"] = [
            dict(card["bias_tests"][-1], date=ctx.day(bage), result="pass", mitigation=None)
        ]
    elif code == "BIA003":
        if not card["bias_tests"]:
            card["bias_tests"] = [
                {
                    "date": ctx.day(rng.randint(3, 150)),
                    "method": "demographic parity by age band",
                    "attributes": ["age_band"],
                    "result": "pass",
                    "evidence": f"https://wiki.acme.example/mro/bias/{card['id']}/latest",
                    "mitigation": None,
                }
            ]
        card["bias_tests"][-1] = dict(card["bias_tests"][-1], result="fail", mitigation=None)
    elif code == "PIL001":
        card["pilot"]["exit_criteria"] = None
    elif code == "PIL002":
        start = rng.randint(92, 200)
        card["pilot"].update(
            start=ctx.day(start),
            end=ctx.day(start - 84),
            decision="pending" if rng.random() < 0.6 else None,
            decided=None,
        )
        expect.append("PIL003")  # its planned end (84 days after the start) has passed too
    elif code == "MET001":
        card["business"] = []
    elif code == "MET002":
        metrics = card["model_metrics"] + card["business"]
        victim = rng.choice(metrics)
        victim.pop("baseline")
    elif code == "MET003":
        card["guardrails"] = []
    elif code == "MON001":
        card["drift"] = {"features": False, "predictions": False} if rng.random() < 0.6 else None
    elif code == "RES001":
        card["fallback"] = {"route": None, "confidence_threshold": 0.7} if rng.random() < 0.5 else None
    elif code == "HUM001":
        card["human_oversight"] = None
    elif code == "PRV001":
        card["contains_pii"] = True
        card["privacy_review"] = None
    elif code == "INC001":
        iage = rng.randint(5, 200)
        card["incidents"].append(
            {
                "date": ctx.day(iage),
                "severity": rng.choice(SEVERITIES),
                "summary": rng.choice(INCIDENT_SUMMARIES),
                "review": None,
            }
        )
        card["incidents"].sort(key=lambda inc: inc["date"])
    elif code in ("WAI001", "WAI002"):
        state = "unapproved" if code == "WAI002" else "expired" if rng.random() < 0.7 else "expiring"
        covered = add_waiver(card, rng, ctx, state)
        if state != "expiring":
            expect.append(covered)
    else:
        _inject_2026_11_30(code, card, rng, ctx)


def _inject_2026_11_30(code: str, card: Card, rng: random.Random, ctx: Context) -> None:
    """The defects of the rules added on 2026-11-30 (``code`` is already in ``expect``)."""
    validation = card["validation"]
    if code == "VAL006":
        if rng.random() < 0.5:
            validation["result"] = "fail"
        else:
            validation["result"] = "conditional"
        validation["conditions"] = None
    elif code == "DAT001":  # a validation dated ahead, as when the planned date is typed in
        age = -rng.randint(1, 60)
        validation.update(age=age, date=ctx.day(age))
        validation["evidence"] = validation["evidence"].rsplit("/", 1)[0] + "/" + validation["date"]
    elif code == "WAI003":
        rule = rng.choice(("SCH001", "DAT001", "WAI001", "MET005", "BIA004"))
        card["waivers"].append(
            {
                "rule": rule,
                "reason": "Agreed at the model risk forum; see the minutes.",
                "approved_by": rng.choice(WAIVER_APPROVERS),
                "expires": ctx.day(-rng.randint(45, 300)),
            }
        )
    elif code in ("WAI004", "WAI005"):
        covered = add_waiver(card, rng, ctx, "self" if code == "WAI004" else "long")
        if code == "WAI004":
            card["expect"].append(covered)
    elif code == "DOC004":
        card["runbook_placeholder"] = rng.choice(("Fallback", "Rollback", "Escalation"))
    elif code == "POR001":
        if rng.random() < 0.5:
            card["priority"] = None
        else:
            card["priority"][rng.randrange(3)] = None
    elif code == "MET004":
        card["leading"] = []
    elif code == "PIL003":  # planned end passed, decision still open
        start = rng.randint(30, 80)
        card["pilot"].update(
            start=ctx.day(start), end=ctx.day(rng.randint(1, start - 20)), decision="pending", decided=None
        )
    elif code == "PIL004":  # planned for longer than pilot_max_weeks, not yet over
        start = rng.randint(14, 80)
        card["pilot"].update(
            start=ctx.day(start),
            end=ctx.day(start - 84 - rng.randint(1, 90)),
            decision="pending",
            decided=None,
        )
