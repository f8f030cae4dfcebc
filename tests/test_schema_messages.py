"""Schema messages name what is allowed: every value of an enum, the shape of a mapping,
the format of a date, and the closest allowed value when the given one is a typo."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from registry.schema import validate

BASE = {
    "id": "fraud-detector",
    "name": "F",
    "version": "1",
    "kind": "predictive",
    "stage": "pilot",
    "risk_tier": "high",
}


def messages(name: str, data: dict[str, Any]) -> list[str]:
    return [violation.message for violation in validate(name, data)]


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"stage": "prod"},
            'stage: "prod" is not one of "proposed", "pilot", "production", "retired"'
            ' (did you mean "production"?)',
        ),
        (
            {"validation": {"result": "passed"}},
            'validation.result: "passed" is not one of "pass", "fail", "conditional" (did you mean "pass"?)',
        ),
        (
            {"risk_tier": "hihg"},
            'risk_tier: "hihg" is not one of "low", "medium", "high", "critical" (did you mean "high"?)',
        ),
        (
            {"deployment": {"infrastructure": "aws"}},
            'deployment.infrastructure: "aws" is not one of "cloud", "on_prem", "hybrid", "api"',
        ),
        (
            {"monitoring": {"drift": True}},
            "monitoring.drift: expected a mapping like {features: true, predictions: true}, not true",
        ),
        (
            {"validation": {"date": "2026-13-01"}},
            'validation.date: expected a date (YYYY-MM-DD), not "2026-13-01"',
        ),
        (
            {"training_data": {"contains_pii": "yes"}},
            'training_data.contains_pii: expected true or false, not "yes"',
        ),
        (
            {"priority": {"impact": "high"}},
            'priority.impact: expected a whole number from 1 to 5, not "high"',
        ),
    ],
)
def test_each_message_names_the_allowed_values_or_shape(change: dict[str, Any], expected: str) -> None:
    assert expected in messages("card", {**BASE, **change})


def test_a_list_of_mappings_shows_what_an_item_looks_like() -> None:
    [message] = messages("card", {**BASE, "bias_tests": {"date": "2026-01-01"}})
    assert message.startswith("bias_tests: expected a list of mappings like {date: YYYY-MM-DD, method: ...,")
    assert message.endswith(", not a mapping")


def test_owner_kind_and_the_audit_finding_carry_the_message(tmp_path: Path, h: Any) -> None:
    assert messages("owner", {"id": "risk", "kind": "teams", "name": "R", "email": "r@example.com"}) == [
        'kind: "teams" is not one of "team", "person" (did you mean "team"?)'
    ]
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(stage="prod")})
    [finding] = [f for f in h.audit(root).findings if f.rule == "SCH001"]
    assert '"prod" is not one of "proposed", "pilot", "production", "retired"' in finding.message
