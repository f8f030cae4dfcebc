"""State words: the console's columns and the index's filters read them from one place."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from registry.runner import audit_registry
from registry.status import model_status

TODAY = date(2026, 11, 24)


@pytest.mark.parametrize(
    ("change", "validation", "bias"),
    [
        ({}, "ok", "ok"),
        ({"validation": "<drop>"}, "missing", "ok"),
        ({"bias_tests": "<drop>"}, "ok", "missing"),
        ({"stage": "proposed", "validation": "<drop>", "bias_tests": "<drop>"}, "-", "-"),
    ],
)
def test_states_follow_the_findings(
    tmp_path: Path, h: Any, change: dict[str, Any], validation: str, bias: str
) -> None:
    card = h.baseline_card(**{k: h.DROP if v == "<drop>" else v for k, v in change.items()})
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    audit = audit_registry(root, TODAY, cache=False)
    findings = audit.result.by_model()[h.MODEL]
    status = model_status(audit.summaries[h.MODEL], findings, TODAY, audit.policy)
    assert (status.validation_state, status.bias_state) == (validation, bias)


def test_overdue_and_due_validations(tmp_path: Path, h: Any) -> None:
    for age, state in ((200, "overdue"), (80, "due")):
        card = h.edit(h.baseline_card(), "validation.date", h.days_ago(age))
        root = h.make_registry(tmp_path / state, cards={h.MODEL: card})
        audit = audit_registry(root, TODAY, cache=False)
        status = model_status(audit.summaries[h.MODEL], audit.result.by_model()[h.MODEL], TODAY, audit.policy)
        assert (status.validation_state, status.validation_age) == (state, age)
