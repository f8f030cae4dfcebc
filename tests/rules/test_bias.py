"""BIA001-BIA003: required bias tests exist, are recent, and failures are mitigated."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("rule", "change", "at"),
    [
        pytest.param("BIA001", lambda c, h: c.pop("bias_tests"), (), id="BIA001-missing"),
        pytest.param("BIA001", lambda c, h: c.update(bias_tests=[]), ("bias_tests:",), id="BIA001-empty"),
        pytest.param(
            "BIA002",
            lambda c, h: c["bias_tests"][0].update(date=h.days_ago(181)),
            ("bias_tests:", "date:"),
            id="BIA002",
        ),
        pytest.param(
            "BIA003",
            lambda c, h: c["bias_tests"][0].update(result="fail"),
            ("bias_tests:", "date:"),
            id="BIA003",
        ),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, "error", change, at)


def _codes(tmp_path: Path, h: Any, card: dict[str, Any], settings: Any = None) -> list[str]:
    kwargs = {} if settings is None else {"settings": settings}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, **kwargs)
    return h.codes(h.audit(root).findings)


@pytest.mark.parametrize(("age", "expected"), [(180, []), (181, ["BIA002"])])
def test_bia002_boundary(tmp_path: Path, h: Any, age: int, expected: list[str]) -> None:
    card = h.baseline_card()
    card["bias_tests"][0]["date"] = h.days_ago(age)
    assert _codes(tmp_path, h, card) == expected


def test_bia002_uses_the_newest_test_by_date_not_list_order(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    recent = card["bias_tests"][0]
    old = {**recent, "date": h.days_ago(400)}
    card["bias_tests"] = [recent, old]  # newest first in the list
    assert _codes(tmp_path / "a", h, card) == []
    card["bias_tests"] = [old, {**old, "date": h.days_ago(200)}]
    root = h.make_registry(tmp_path / "b", cards={h.MODEL: card})
    (finding,) = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    assert finding.rule == "BIA002"
    assert (finding.line, finding.column) == h.where(text, "bias_tests:", "date:", "date:")  # second item


def test_bia002_limit_comes_from_policy(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["bias_tests"][0]["date"] = h.days_ago(31)
    settings = {"registry": 1, "name": "x", "policy": {"bias_test_max_age_days": 30}}
    assert _codes(tmp_path, h, card, settings) == ["BIA002"]


@pytest.mark.parametrize(
    ("stage", "tier", "expected"),
    [
        ("production", "medium", ["BIA001"]),
        ("pilot", "critical", ["BIA001"]),
        ("production", "low", []),  # not in bias_test_required_for
        ("proposed", "high", []),  # BIA001 is for pilot and production
        ("retired", "high", []),
    ],
)
def test_bia001_scope(tmp_path: Path, h: Any, stage: str, tier: str, expected: list[str]) -> None:
    card = h.baseline_card(stage=stage, risk_tier=tier, bias_tests=h.DROP)
    assert _codes(tmp_path, h, card) == expected


def test_bia001_and_bia002_follow_bias_test_required_for(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"bias_test_required_for": ["critical"]}}
    assert _codes(tmp_path / "a", h, h.baseline_card(bias_tests=h.DROP), settings) == []
    stale = h.baseline_card()
    stale["bias_tests"][0]["date"] = h.days_ago(500)
    assert _codes(tmp_path / "b", h, stale, settings) == []
    low = {"registry": 1, "name": "x", "policy": {"bias_test_required_for": ["low"]}}
    assert _codes(tmp_path / "c", h, h.baseline_card(risk_tier="low", bias_tests=h.DROP), low) == ["BIA001"]


def test_bia003_needs_the_newest_test_to_fail(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    passed = card["bias_tests"][0]
    failed_earlier = {**passed, "date": h.days_ago(100), "result": "fail"}
    card["bias_tests"] = [failed_earlier, passed]
    assert _codes(tmp_path / "a", h, card) == []
    card["bias_tests"] = [{**passed, "result": "fail", "mitigation": "threshold raised for age band 18-24"}]
    assert _codes(tmp_path / "b", h, card) == []
    card["bias_tests"] = [{**passed, "result": "fail", "mitigation": "  "}]
    assert _codes(tmp_path / "c", h, card) == ["BIA003"]


def test_bia003_applies_to_proposed_models_too(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(stage="proposed")
    card["bias_tests"][0]["result"] = "fail"
    assert _codes(tmp_path, h, card) == ["BIA003"]
