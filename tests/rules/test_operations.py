"""MON001, RES001, HUM001, PRV001, INC001: running a live model safely."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("rule", "severity", "change", "at"),
    [
        pytest.param(
            "MON001",
            "error",
            lambda c, h: c["monitoring"].pop("drift"),
            ("monitoring:",),
            id="MON001-missing",
        ),
        pytest.param(
            "MON001",
            "error",
            lambda c, h: c["monitoring"].update(drift={"features": False, "predictions": False}),
            ("monitoring:", "drift:"),
            id="MON001-all-false",
        ),
        pytest.param(
            "MON001",
            "error",
            lambda c, h: c["monitoring"].update(drift={"features": False, "x-planned": True}),
            ("monitoring:", "drift:"),
            id="MON001-only-custom-key",
        ),
        pytest.param("MON001", "error", lambda c, h: c.pop("monitoring"), (), id="MON001-no-monitoring"),
        pytest.param(
            "RES001", "error", lambda c, h: c["fallback"].pop("route"), ("fallback:",), id="RES001-no-route"
        ),
        pytest.param(
            "RES001",
            "error",
            lambda c, h: c["fallback"].update(route=""),
            ("fallback:", "route:"),
            id="RES001-empty",
        ),
        pytest.param("HUM001", "error", lambda c, h: c.pop("human_oversight"), (), id="HUM001"),
        pytest.param(
            "HUM001",
            "error",
            lambda c, h: c.update(human_oversight="  "),
            ("human_oversight:",),
            id="HUM001-blank",
        ),
        pytest.param(
            "PRV001",
            "error",
            lambda c, h: c["training_data"].pop("privacy_review"),
            ("training_data:",),  # the absent key's enclosing key
            id="PRV001",
        ),
        pytest.param(
            "INC001",
            "warning",
            lambda c, h: c["incidents"][0].pop("review"),
            ("incidents:", "date:"),
            id="INC001",
        ),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, severity, change, at)


def _codes(tmp_path: Path, h: Any, card: dict[str, Any]) -> list[str]:
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    return h.codes(h.audit(root).findings)


@pytest.mark.parametrize("stage", ["pilot", "proposed"])
def test_mon_and_res_only_for_production(tmp_path: Path, h: Any, stage: str) -> None:
    card = h.baseline_card(stage=stage, monitoring=h.DROP, fallback=h.DROP)
    assert _codes(tmp_path, h, card) == []


def test_one_drift_signal_is_enough(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(monitoring={"drift": {"features": False, "predictions": True}})
    assert _codes(tmp_path, h, card) == []


@pytest.mark.parametrize(
    ("stage", "tier", "expected"),
    [
        ("pilot", "high", ["HUM001"]),
        ("production", "critical", ["HUM001"]),
        ("production", "medium", []),
        ("proposed", "critical", []),
    ],
)
def test_hum001_scope(tmp_path: Path, h: Any, stage: str, tier: str, expected: list[str]) -> None:
    card = h.baseline_card(stage=stage, risk_tier=tier, human_oversight=h.DROP)
    assert _codes(tmp_path, h, card) == expected


def test_prv001_only_when_pii_is_true(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["training_data"] = {"contains_pii": False}
    assert _codes(tmp_path / "a", h, card) == []
    card["training_data"] = {"contains_pii": None, "sources": ["x"]}
    assert _codes(tmp_path / "b", h, card) == []
    card["training_data"] = {"contains_pii": True, "privacy_review": None}
    assert _codes(tmp_path / "c", h, card) == ["PRV001"]


def test_prv001_applies_to_proposed_models(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(stage="proposed")
    card["training_data"].pop("privacy_review")
    assert _codes(tmp_path, h, card) == ["PRV001"]


def test_contains_pii_yes_is_a_string_not_true(tmp_path: Path, h: Any) -> None:
    """YAML 1.2: `yes` is text, so the schema rejects it and PRV001 does not see `true`."""
    card = h.baseline_card()
    card["training_data"].pop("privacy_review")
    text = h.dump(card).decode().replace("contains_pii: true", "contains_pii: yes")
    root = h.make_registry(tmp_path, cards={h.MODEL: text})
    (finding,) = h.audit(root).findings
    assert finding.rule == "SCH001"
    assert (finding.line, finding.column) == h.where(text, "training_data:", "contains_pii:")


def test_inc001_one_finding_per_incident(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    first = {"date": "2026-03-01", "summary": "Outage.", "severity": "low"}
    second = {"date": "2026-04-01", "summary": "Drift.", "review": None}
    card["incidents"] = [first, card["incidents"][0], second]
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    findings = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    assert [(f.rule, f.severity.value, f.line, f.column) for f in findings] == [
        ("INC001", "warning", *h.where(text, "incidents:", "date: '2026-03-01'")),
        ("INC001", "warning", *h.where(text, "incidents:", "date: '2026-04-01'")),
    ]
    assert "2026-03-01" in findings[0].message and "2026-04-01" in findings[1].message
