"""A small registry the console tests own, and Pilot helpers (fixtures in conftest.py).

The registry is written by the shared builder (``registry_support.make_registry``) on
the shared date, with the baseline's owner records where they are the same people.
Its cards are its own: each model stands for one situation a governance lead meets (a
compliant production model, an overdue validation, an inactive owner, a pilot without
a bias test, a proposed model without an owner, a retired model), and the snapshots
must not change when someone edits the sample registry or the rule tests' baseline
card, whose values (version, metrics, dates, incidents) differ from these.
"""

from __future__ import annotations

import copy
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

import pytest
from pilot_support import wait_until
from registry_support import TODAY, apply_changes, baseline_owners, days_ago, make_registry
from textual.pilot import Pilot
from textual.strip import Strip
from textual.widget import Widget

from registry import load_registry, run_audit
from registry.audit import AuditResult
from tui.app import RegistryApp

_BASELINE = baseline_owners()

OWNERS: dict[str, dict[str, Any]] = {
    "payments-risk": _BASELINE["payments-risk"],
    "credit-risk": {
        "id": "credit-risk",
        "kind": "team",
        "name": "Credit Risk Analytics",
        "email": "credit-risk@example.com",
        "lead": "lee.park",
        "escalation": "#credit-oncall",
    },
    "model-risk-office": {**_BASELINE["model-risk-office"], "escalation": "#mro"},
    "sam-okafor": {
        "id": "sam-okafor",
        "kind": "person",
        "name": "Sam Okafor",
        "email": "sam@example.com",
        "active": False,
    },
}


def compliant_card(model_id: str, name: str, **changes: Any) -> dict[str, Any]:
    """A production, high-risk card that meets every rule on TODAY; a change to None drops the key."""
    card: dict[str, Any] = {
        "id": model_id,
        "name": name,
        "version": "2.0.0",
        "kind": "predictive",
        "stage": "production",
        "risk_tier": "high",
        "owner": "payments-risk",
        "backup_owner": "credit-risk",
        "sponsor": "VP Payments",
        "purpose": f"{name}: scores every case before a person looks at it.",
        "intended_use": "Ranks the review queue.",
        "out_of_scope": "Any decision without a person.",
        "limitations": ["Trained on EU traffic only"],
        "training_data": {"sources": ["events-2025"], "contains_pii": False},
        "deployment": {"infrastructure": "cloud", "provider": "vertex-ai"},
        "metrics": {
            "model": [{"name": "precision", "value": 0.94, "baseline": 0.88, "target": 0.92}],
            "business": [{"name": "losses prevented", "unit": "EUR/month", "value": 150000, "baseline": 0}],
            "guardrails": [{"name": "false positive rate", "max": 0.02}],
            "leading": [{"name": "analysts using the queue", "unit": "%", "value": 62, "baseline": 0}],
        },
        "validation": {
            "date": days_ago(20),
            "validator": "model-risk-office",
            "model_version": "2.0.0",
            "result": "pass",
            "evidence": "https://example.com/validation",
        },
        "bias_tests": [
            {
                "date": days_ago(30),
                "method": "demographic parity by age band",
                "attributes": ["age_band"],
                "result": "pass",
            }
        ],
        "monitoring": {"drift": {"features": True, "predictions": True}, "alerts": ["precision < 0.9"]},
        "fallback": {"route": "manual review queue", "confidence_threshold": 0.7},
        "human_oversight": "Analysts confirm every block.",
        "runbook": "runbook.md",
        "priority": {"impact": 4, "feasibility": 3, "readiness": 4},  # POR001 for the proposed one
    }
    return apply_changes(card, changes, drop=None)


def runbook(model_id: str, owner: str = "payments-risk") -> str:
    return (
        f"---\nmodel: {model_id}\nowner: {owner}\nlast_reviewed: {days_ago(40)}\n---\n\n"
        f"# {model_id} runbook\n\n"
        "## Fallback\n\nRoute every case to the [manual queue](https://example.com/queue).\n\n"
        "## Rollback\n\n1. Deploy the previous version.\n2. Tell the on-call.\n\n"
        "## Escalation\n\nPage `#payments-risk-oncall`, then the lead.\n"
    )


def fixture_cards() -> dict[str, dict[str, Any]]:
    validation_overdue = compliant_card("credit-scorer", "Retail Credit Scorer", risk_tier="critical")
    validation_overdue["validation"] = dict(validation_overdue["validation"], date=days_ago(150))
    return {
        "fraud-detector": compliant_card("fraud-detector", "Card Fraud Detector"),
        "credit-scorer": validation_overdue,
        "churn-model": compliant_card(
            "churn-model", "Churn Predictor", owner="sam-okafor", risk_tier="low", backup_owner=None
        ),
        "chat-assistant": compliant_card(
            "chat-assistant",
            "Customer Chat Assistant",
            kind="generative",
            stage="pilot",
            risk_tier="medium",
            bias_tests=None,
            pilot={"start": days_ago(30), "exit_criteria": ["deflection >= 20%"], "decision": "pending"},
            incidents=[{"date": days_ago(5), "severity": "low", "summary": "Quoted a wrong fee."}],
        ),
        "doc-summary": compliant_card(
            "doc-summary", "Document Summariser", stage="proposed", risk_tier="low", owner=None
        ),
        "old-scorecard": compliant_card("old-scorecard", "Legacy Scorecard", stage="retired"),
    }


def write_registry(root: Path, cards: dict[str, dict[str, Any]] | None = None) -> Path:
    """Write registry.yaml, owners/ and models/ (each with its runbook) under ``root`` and return it."""
    chosen = fixture_cards() if cards is None else cards
    return make_registry(
        root.parent,
        folder=root.name,
        settings={"registry": 1, "name": "Console test registry"},
        owners=OWNERS,
        cards=chosen,
        runbooks={
            model_id: runbook(model_id, card.get("owner") or "nobody") for model_id, card in chosen.items()
        },
    )


def audit_of(root: Path) -> AuditResult:
    """The core's own audit of ``root``: what the console must agree with."""
    return run_audit(load_registry(root), TODAY)


@pytest.fixture
def registry_root(tmp_path: Path) -> Path:
    return write_registry(tmp_path / "registry")


@pytest.fixture
def cards() -> dict[str, dict[str, Any]]:
    return copy.deepcopy(fixture_cards())


# --------------------------------------------------------------------------- Pilot helpers


async def loaded(pilot: Pilot[Any], count: int = 1) -> None:
    app: Any = pilot.app
    await wait_until(pilot, lambda: app.loads >= count or app.error)
    await pilot.pause()


@asynccontextmanager
async def console(
    root: Path, size: tuple[int, int] = (120, 40), *, watch: bool = False
) -> AsyncIterator[tuple[RegistryApp, Pilot[int]]]:
    """The console on ``root`` under Pilot, once its first load has finished."""
    app = RegistryApp(root, TODAY, watch=watch)
    async with app.run_test(size=size) as pilot:
        await loaded(pilot)
        yield app, pilot


def lines_of(widget: Widget) -> list[str]:
    """What a widget shows, as plain text lines (no styles); containers give their children's."""
    children = [child for child in widget.children if child.display]
    if children:
        return [line for child in children for line in lines_of(child)]
    strips: list[Strip] = widget.render_lines(widget.size.region)
    return [strip.text for strip in strips]


def text_of(widget: Widget) -> str:
    return "\n".join(lines_of(widget))
