"""PIL001-PIL004: pilots have exit criteria, a time box, and end with a decision in time."""

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
    _pilot(card, h, start=h.days_ago(400), end=h.days_ago(1), exit_criteria=h.DROP)
    card["stage"] = stage
    assert _codes(tmp_path, h, card) == []


def test_huge_pilot_max_weeks_does_not_crash(tmp_path: Path, h: Any) -> None:
    """The schema only asks for an integer >= 1; a pilot is then never overdue."""
    settings = {"registry": 1, "name": "x", "policy": {"pilot_max_weeks": 10**12}}
    card = h.baseline_card()
    _pilot(card, h, start="1900-01-01")
    assert _codes(tmp_path, h, card, settings) == []


# --------------------------------------------------------------------------- PIL003, PIL004


_DROP = "<drop>"  # stands for h.DROP in parameters (fixtures are not available there)


def test_pil003_past_its_end_without_a_decision(tmp_path: Path, h: Any) -> None:
    finding = h.run_case(
        tmp_path, "PIL003", "warning", lambda c, h: _pilot(c, h, end=h.days_ago(1)), ("pilot:", "end:")
    )
    assert "1 days ago" in finding.message and h.days_ago(1) in finding.message


@pytest.mark.parametrize(
    ("end", "decision", "expected"),
    [
        (0, "pending", []),  # the end day itself: not past yet
        (1, "pending", ["PIL003"]),
        (1, _DROP, ["PIL003"]),
        (1, None, ["PIL003"]),
        (1, "go", []),
        (1, "no-go", []),
        (1, "iterate", []),
        (-30, "pending", []),
    ],
)
def test_pil003_boundaries(tmp_path: Path, h: Any, end: int, decision: Any, expected: list[str]) -> None:
    card = h.baseline_card()
    _pilot(card, h, end=h.days_ago(end), decision=h.DROP if decision == _DROP else decision)
    assert _codes(tmp_path, h, card) == expected


def test_pil003_and_pil002_may_both_fire(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(90), end=h.days_ago(10))
    assert sorted(_codes(tmp_path, h, card)) == ["PIL002", "PIL003"]


def test_pil004_planned_longer_than_the_time_box(tmp_path: Path, h: Any) -> None:
    change = lambda c, h: _pilot(c, h, start=h.days_ago(10), end=h.days_ago(10 - 85))  # noqa: E731
    finding = h.run_case(tmp_path, "PIL004", "warning", change, ("pilot:", "end:"))
    assert "85 days" in finding.message and "12 weeks" in finding.message


@pytest.mark.parametrize(("days", "expected"), [(84, []), (85, ["PIL004"])])
def test_pil004_boundary_is_weeks_times_seven(tmp_path: Path, h: Any, days: int, expected: list[str]) -> None:
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(10), end=h.days_ago(10 - days))
    assert _codes(tmp_path, h, card) == expected


def test_pil004_limit_comes_from_policy_and_needs_both_dates(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"pilot_max_weeks": 2}}
    card = h.baseline_card()
    _pilot(card, h, start=h.days_ago(1), end=h.days_ago(-13))
    assert _codes(tmp_path / "a", h, card, settings) == []
    _pilot(card, h, start=h.days_ago(1), end=h.days_ago(-14))
    assert _codes(tmp_path / "b", h, card, settings) == ["PIL004"]
    _pilot(card, h, start=h.DROP, end=h.days_ago(-400))
    assert _codes(tmp_path / "c", h, card, settings) == []


def test_pil004_huge_pilot_max_weeks_does_not_crash(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"pilot_max_weeks": 10**12}}
    card = h.baseline_card()
    _pilot(card, h, start="1900-01-01", end="2999-12-31")
    assert _codes(tmp_path, h, card, settings) == []
