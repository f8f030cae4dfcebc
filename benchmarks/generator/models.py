"""One model's card data: a clean card drawn from the catalogue, then its defects injected.

Why one ``random.Random`` drawn in a fixed order: the same seed must write the same
bytes, so the order of the calls below is part of the output. Adding, removing or
moving a draw changes every card drawn after it: that is an output change, to be made
on purpose and compared, never as a side effect of a refactoring.
"""

from __future__ import annotations

import random
from collections.abc import Sequence
from typing import Any

from .catalog import (
    CONDITIONS,
    DEPLOY_REGIONS,
    DOMAINS,
    INCIDENT_SUMMARIES,
    INFRA,
    LEADING,
    PRIVACY_TEAM,
    PROVIDERS,
    SEVERITIES,
    STAGES,
    TIERS,
    VALIDATOR_TEAM,
)
from .context import Card, Context
from .defects import DEFECTS, HIGH, LIVE, MAX_AGE, OLDEST_VALIDATION, add_waiver, applicable, inject
from .yamltext import num

#: Probability that a non-retired model carries defects (≈ a third of all models).
DEFECT_PROBABILITY = 0.35


def _weighted(rng: random.Random, table: Sequence[tuple[str, float]]) -> str:
    """One key of ``table`` drawn by its weight: stages and tiers are skewed as in real registries."""
    return rng.choices([k for k, _ in table], weights=[w for _, w in table])[0]


def _metric(rng: random.Random, spec: tuple[str, float, float, bool]) -> dict[str, Any]:
    """A validated model metric: its value beats the baseline and, by a third of that margin, the target."""
    name, lo, hi, higher = spec
    value = rng.uniform(lo, hi)
    delta = rng.uniform(0.02, 0.12) * (hi - lo + 0.05)
    baseline = value - delta if higher else value + delta
    target = value - delta / 3 if higher else value + delta / 3
    decimals = 3 if hi < 0.1 else 2
    return {
        "name": name,
        "value": round(value, decimals),
        "baseline": round(max(baseline, 0.0), decimals),
        "target": round(target, decimals),
    }


def build_model(
    index: int, width: int, rng: random.Random, ctx: Context, schema_typo: tuple[str, str] | None
) -> Card:
    """Draw one clean card, then inject its defects; returns the card's data.

    Why clean first: a clean card must pass every rule for ``today``, so defects are
    surgical edits whose findings are known and listed in ``expect``.
    """
    dom = rng.choice(DOMAINS)
    stage = _weighted(rng, STAGES)
    tier = _weighted(rng, TIERS)
    if dom.kind == "decision" and tier == "low":
        tier = "medium"
    number = f"{index:0{width}d}"
    major, minor, patch = rng.randint(1, 4), rng.randint(0, 9), rng.randint(0, 5)
    version = f"{major}.{minor}.{patch}"
    validated = stage != "proposed" or rng.random() < 0.5
    mid = f"{dom.slug}-{number}"

    defects: list[str] = []
    if schema_typo is None and stage != "retired" and rng.random() < DEFECT_PROBABILITY:
        wanted = 1 if rng.random() < 0.7 else 2
        codes = [c for c in DEFECTS if applicable(c, stage, tier, validated)]
        rng.shuffle(codes)
        groups: list[str] = []
        for code in codes:
            if len(defects) == wanted:
                break
            if not any(g in groups for g in DEFECTS[code]):
                defects.append(code)
                groups.extend(DEFECTS[code])
        defects.sort()

    # Owners: retired models are often left with a departed owner.
    if stage == "retired" and ctx.inactive_ids and rng.random() < 0.3:
        owner = rng.choice(ctx.inactive_ids)
    else:
        owner = ctx.pick_owner(rng)
    backup: str | None = None
    if tier in HIGH or rng.random() < 0.6:
        backup = ctx.pick_owner(rng, avoid=owner)

    pii = rng.random() < dom.pii
    infra = _weighted(rng, INFRA[dom.kind])
    n_limits = rng.randint(2, min(4, len(dom.limitations)))
    card: Card = {
        "id": mid,
        "name": f"{dom.title} {number}",
        "version": version,
        "kind": dom.kind,
        "stage": stage,
        "risk_tier": tier,
        "owner": owner,
        "backup_owner": backup,
        "runbook_owner": owner,
        "sponsor": rng.choice(dom.sponsors),
        "tags": list(dom.tags[: rng.randint(2, 3)]),
        "purpose": dom.purposes[rng.randint(0, 1)],
        "intended_use": dom.intended_use,
        "out_of_scope": dom.out_of_scope,
        "limitations": rng.sample(dom.limitations, n_limits),
        "sources": rng.sample(dom.sources, rng.randint(2, len(dom.sources))),
        "source_range": f"{2022 + rng.randint(0, 2)}-01..{ctx.today.year - 1}-12",
        "snapshot": f"s3://acme-ml-datasets/{dom.slug}/{mid}/v{rng.randint(2, 14)}",
        "contains_pii": pii,
        "privacy_review": {
            "date": ctx.day(rng.randint(60, 600)),
            "reviewer": PRIVACY_TEAM,
            "evidence": f"https://wiki.acme.example/privacy/dpia/DPIA-"
            f"{rng.randint(2024, ctx.today.year)}-"
            f"{rng.randint(1, 300):03d}",
        }
        if pii
        else None,
        "infrastructure": infra,
        "provider": rng.choice(PROVIDERS[infra]),
        "regions": sorted(rng.sample(DEPLOY_REGIONS, rng.randint(1, 2))),
        "model_metrics": [
            _metric(rng, s) for s in rng.sample(dom.model_metrics, min(2, len(dom.model_metrics)))
        ],
        "business": [],
        "guardrails": [],
        "pilot": None,
        "validation": None,
        "bias_tests": [],
        "drift": {"features": True, "predictions": rng.random() < 0.8},
        "alerts": rng.sample(dom.alerts, min(len(dom.alerts), rng.randint(2, 3))),
        "dashboard": f"https://grafana.acme.example/d/{mid}",
        "fallback": {"route": dom.fallback, "confidence_threshold": round(rng.uniform(0.5, 0.85), 2)},
        "human_oversight": dom.oversight,
        "runbook": "runbook.md",
        "incidents": [],
        "waivers": [],
        "expect": [],
        "typo": schema_typo,
        "runbook_missing": None,
        "runbook_reviewed": ctx.day(rng.randint(10, 200)),
        "retention_days": rng.choice((14, 30, 30, 60)),
        "decommissioned": ctx.day(rng.randint(20, 300)) if stage == "retired" else None,
        "domain": dom.slug,
    }
    card["alt_purpose"] = next(p for p in dom.purposes if p != card["purpose"])
    lname, lunit, llo, lhi = rng.choice(LEADING)
    lvalue = rng.randint(llo, lhi)
    card["leading"] = (
        [{"name": lname, "unit": lunit, "value": lvalue, "baseline": max(llo - 1, lvalue * 3 // 5)}]
        if stage in LIVE
        else []
    )
    card["priority"] = [rng.randint(2, 5) for _ in range(3)] if stage == "proposed" else None
    card["runbook_placeholder"] = None
    name, unit, lo, hi = rng.choice(dom.business)
    value = rng.randint(lo, hi) // 10 * 10
    card["business"] = [
        {
            "name": name,
            "unit": unit,
            "value": value,
            "baseline": value * rng.randint(40, 85) // 100 // 10 * 10,
        }
    ]
    for gname, gmax, gunit in rng.sample(dom.guardrails, len(dom.guardrails)):
        card["guardrails"].append(
            {"name": gname, "unit": gunit, "value": round(gmax * rng.uniform(0.3, 0.8), 4), "max": gmax}
        )

    if stage == "pilot":
        if rng.random() < 0.6:
            start = rng.randint(14, 80)
            card["pilot"] = {"start": start, "decision": "pending", "decided": None}
        else:
            start = rng.randint(92, 240)
            card["pilot"] = {
                "start": start,
                "decision": rng.choice(("go", "iterate")),
                "decided": start - 84 - rng.randint(1, 7),
            }
    elif stage == "production" and rng.random() < 0.4:
        start = rng.randint(300, 700)
        card["pilot"] = {"start": start, "decision": "go", "decided": start - 84 - 5}
    if card["pilot"] is not None:
        start = card["pilot"]["start"]
        card["pilot"]["start"] = ctx.day(start)
        card["pilot"]["end"] = ctx.day(start - 84)
        decided = card["pilot"]["decided"]
        card["pilot"]["decided"] = ctx.day(max(decided, 1)) if decided is not None else None
        card["pilot"]["exit_criteria"] = [
            f"{card['model_metrics'][0]['name']} >= {num(card['model_metrics'][0]['target'])}"
            " on live traffic for 4 weeks",
            f"{name} at least {num(card['business'][0]['baseline'] * 1.2)} {unit}",
        ]

    max_age = MAX_AGE[tier]
    if validated:
        age = rng.randint(3, min(max_age - 35, OLDEST_VALIDATION))
        vdate = ctx.day(age)
        card["validation"] = {
            "date": vdate,
            "age": age,
            "validator": VALIDATOR_TEAM
            if rng.random() < 0.7
            else rng.choice(ctx.owners[VALIDATOR_TEAM].members),
            "model_version": version,
            "result": "pass" if rng.random() < 0.85 else "conditional",
            "evidence": f"https://wiki.acme.example/mro/validations/{mid}/{vdate}",
        }
        card["validation"]["conditions"] = (
            [rng.choice(CONDITIONS)] if card["validation"]["result"] == "conditional" else None
        )
    biased = (tier != "low" and stage in LIVE) or rng.random() < 0.5
    if biased:
        tests = []
        newest = rng.randint(3, 150)
        # A card with a pilot section has room for one test only (MAX_CARD_LINES).
        older = card["pilot"] is None and rng.random() < 0.4
        ages = [newest] + ([newest + rng.randint(150, 300)] if older else [])
        for i, bage in enumerate(sorted(ages, reverse=True)):
            is_newest = i == len(ages) - 1
            failed = (not is_newest and rng.random() < 0.3) or (is_newest and rng.random() < 0.05)
            tests.append(
                {
                    "date": ctx.day(bage),
                    "method": dom.bias_method,
                    "attributes": list(dom.bias_attributes),
                    "result": "fail" if failed else "pass",
                    "evidence": f"https://wiki.acme.example/mro/bias/{mid}/{ctx.day(bage)}",
                    "mitigation": "Threshold recalibrated per segment; re-test scheduled."
                    if failed
                    else None,
                }
            )
        card["bias_tests"] = tests
    if stage in ("production", "retired") and rng.random() < 0.35:
        count = 1 if card["pilot"] is not None else rng.randint(1, 2)
        for iage in sorted(rng.sample(range(5, 320), count), reverse=True):
            card["incidents"].append(
                {
                    "date": ctx.day(iage),
                    "severity": rng.choice(SEVERITIES),
                    "summary": rng.choice(INCIDENT_SUMMARIES),
                    "review": f"https://wiki.acme.example/incidents/INC-{mid}-{ctx.day(iage)}",
                }
            )
    # Some healthy models carry a valid waiver that covers a real gap.
    waiver_ok = stage in LIVE and not any("metrics" in DEFECTS[d] for d in defects)
    if waiver_ok and schema_typo is None and rng.random() < 0.06:
        add_waiver(card, rng, ctx, "valid")

    for code in defects:
        inject(code, card, rng, ctx)
    if schema_typo is not None:
        card["expect"].append("SCH001")
        if schema_typo[0] == "ownr" and stage != "retired":  # retired: SCH rules only
            card["expect"].append("OWN001")
    card["expect"].sort()
    return card
