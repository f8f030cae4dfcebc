"""POR001: a proposed use case carries its three priority scores."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _proposed(card: dict[str, Any], h: Any, priority: Any = None, **scores: Any) -> None:
    card["stage"] = "proposed"
    if priority is not None:
        card["priority"] = priority
    for name, value in scores.items():
        if value is h.DROP:
            card["priority"].pop(name)
        else:
            card["priority"][name] = value


def test_proposed_use_case_without_priority_is_one_finding_at_1_1(tmp_path: Path, h: Any) -> None:
    def change(card: dict[str, Any], h: Any) -> None:
        _proposed(card, h)
        card.pop("priority")

    finding = h.run_case(tmp_path, "POR001", "info", change, ())
    assert "no priority scores" in finding.message


@pytest.mark.parametrize("value", [None, {}], ids=["null", "empty"])
def test_empty_priority_is_one_finding_at_the_key(tmp_path: Path, h: Any, value: Any) -> None:
    def change(card: dict[str, Any], h: Any) -> None:
        _proposed(card, h)
        card["priority"] = value

    h.run_case(tmp_path, "POR001", "info", change, ("priority:",))


@pytest.mark.parametrize("score", ["impact", "feasibility", "readiness"])
def test_each_missing_score_is_one_finding_at_priority(tmp_path: Path, h: Any, score: str) -> None:
    finding = h.run_case(
        tmp_path, "POR001", "info", lambda c, h: _proposed(c, h, **{score: h.DROP}), ("priority:",)
    )
    assert score in finding.message


def test_a_score_without_a_value_is_missing(tmp_path: Path, h: Any) -> None:
    h.run_case(tmp_path, "POR001", "info", lambda c, h: _proposed(c, h, readiness=None), ("priority:",))


def test_one_finding_per_missing_score(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    _proposed(card, h, impact=h.DROP, readiness=h.DROP)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    findings = h.audit(root).findings
    line, column = h.where((root / h.CARD_PATH).read_text(), "priority:")
    assert [(f.rule, f.line, f.column) for f in findings] == [("POR001", line, column)] * 2
    assert ["impact" in findings[0].message, "readiness" in findings[1].message] == [True, True]


@pytest.mark.parametrize("value", [0, 6, 2.5, True, "high"])
def test_a_score_outside_1_to_5_is_the_schemas_finding(tmp_path: Path, h: Any, value: Any) -> None:
    card = h.baseline_card()
    _proposed(card, h, impact=value)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.codes(h.audit(root).findings) == ["SCH001"]


@pytest.mark.parametrize("stage", ["pilot", "production", "retired"])
def test_por001_is_for_proposed_use_cases_only(tmp_path: Path, h: Any, stage: str) -> None:
    card = h.baseline_card(stage=stage, priority=h.DROP)  # the baseline pilot has decided: go
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []
