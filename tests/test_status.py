"""State words: the console's columns and the index's filters read them from one place."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from registry_support import TODAY

from registry.audit import audit as audit_registry
from registry.status import model_status, whole_percent


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


@pytest.mark.parametrize(
    ("rule", "path", "days"),
    [
        ("BIA001", "bias_tests", None),
        ("BIA002", "bias_tests.0.date", 400),
        ("VAL002", "validation.date", 400),
    ],
)
def test_a_waived_finding_reads_waived(
    tmp_path: Path, h: Any, rule: str, path: str, days: int | None
) -> None:
    waiver = {"rule": rule, "reason": "re-test planned", "approved_by": "cro", "expires": h.days_ago(-30)}
    card = h.edit(h.baseline_card(waivers=[waiver]), path, h.DROP if days is None else h.days_ago(days))
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    audit = audit_registry(root, TODAY, cache=False)
    silenced = {f.rule for f in audit.waived}
    assert silenced == {rule}
    found = audit.result.by_model().get(h.MODEL, [])
    status = model_status(audit.summaries[h.MODEL], found, TODAY, audit.policy, waived=silenced)
    column = status.validation_state if rule.startswith("VAL") else status.bias_state
    assert column == "waived"


def test_without_a_waiver_nothing_reads_waived(tmp_path: Path, h: Any) -> None:
    """A retired model's old validation: no rule asks for it, and no waiver silenced one."""
    card = h.edit(h.baseline_card(stage="retired"), "validation.date", h.days_ago(400))
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    audit = audit_registry(root, TODAY, cache=False)
    found = audit.result.by_model().get(h.MODEL, [])
    status = model_status(audit.summaries[h.MODEL], found, TODAY, audit.policy, waived=set())
    assert (status.validation_state, status.validation_age) == ("ok", 400)


@pytest.mark.parametrize(
    ("compliant", "active", "shown"),
    [
        (0, 250, 0),
        (1, 250, 1),
        (1, 1000, 1),
        (150, 250, 60),
        (2, 3, 67),
        (249, 250, 99),
        (999, 1000, 99),
        (250, 250, 100),
    ],
)
def test_only_everything_compliant_reads_100_percent(compliant: int, active: int, shown: int) -> None:
    """A steering committee reading 100% takes it as a clean bill of health."""
    assert whole_percent(compliant / active) == shown
