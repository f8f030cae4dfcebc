"""PIL001-PIL002: pilots have exit criteria and end with a decision in time."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _pilot(card: dict[str, Any], h: Any, **pilot: Any) -> None:
    """Make the baseline card a pilot (still compliant) with ``pilot`` changes."""
    card["stage"] = "pilot"
    card["pilot"].update(start=h.days_ago(30), decision="pending")
    card["pilot"].pop("decided", None)
    card["pilot"].pop("end", None)
    for key, value in pilot.items():
        if value is h.DROP:
            card["pilot"].pop(key)
        else:
            card["pilot"][key] = value


@pytest.mark.parametrize(
    ("rule", "severity", "change", "at"),
    [
        pytest.param(
            "PIL001",
            "error",
            lambda c, h: _pilot(c, h, exit_criteria=h.DROP),
            ("pilot:",),
            id="PIL001-missing",
        ),
        pytest.param(
            "PIL001",
            "error",
            lambda c, h: _pilot(c, h, exit_criteria=[]),
            ("pilot:", "exit_criteria:"),
            id="PIL001-empty",
        ),
        pytest.param(
            "PIL002",
            "warning",
            lambda c, h: _pilot(c, h, start=h.days_ago(85)),
            ("pilot:", "decision:"),
            id="PIL002-pending",
        ),
        pytest.param(
            "PIL002",
            "warning",
            lambda c, h: _pilot(c, h, start=h.days_ago(85), decision=h.DROP),
            ("pilot:",),  # the absent key's enclosing key
            id="PIL002-no-decision",
        ),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, severity, change, at)


def test_compliant_pilot_has_no_findings(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    _pilot(card, h)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []


def _codes(tmp_path: Path, h: Any, card: dict[str, Any], settings: Any = None) -> list[str]:
    kwargs = {} if settings is None else {"settings": settings}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, **kwargs)
    return h.codes(h.audit(root).findings)


@pytest.mark.parametrize(("days", "expected"), [(84, []), (85, ["PIL002"])])
def test_pil002_boundary_is_weeks_times_seven(tmp_path: Path, h: Any, days: int, expected: list[str]) -> None:
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(days))
    assert _codes(tmp_path, h, card) == expected


def test_pil002_limit_comes_from_policy(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"pilot_max_weeks": 2}}
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(14))
    assert _codes(tmp_path / "a", h, card, settings) == []
    _pilot(card, h, start=h.days_ago(15))
    assert _codes(tmp_path / "b", h, card, settings) == ["PIL002"]


@pytest.mark.parametrize("decision", ["go", "no-go", "iterate"])
def test_pil002_silent_once_decided(tmp_path: Path, h: Any, decision: str) -> None:
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(400), decision=decision)
    assert _codes(tmp_path, h, card) == []


@pytest.mark.parametrize("stage", ["proposed", "production", "retired"])
def test_pil_rules_only_for_pilots(tmp_path: Path, h: Any, stage: str) -> None:
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(400), exit_criteria=h.DROP)
    card["stage"] = stage
    assert _codes(tmp_path, h, card) == []


def test_huge_pilot_max_weeks_does_not_crash(tmp_path: Path, h: Any) -> None:
    """The schema only asks for an integer >= 1; a pilot is then never overdue."""
    settings = {"registry": 1, "name": "x", "policy": {"pilot_max_weeks": 10**12}}
    card = h.baseline_card()
    _pilot(card, h, start="1900-01-01")
    assert _codes(tmp_path, h, card, settings) == []
