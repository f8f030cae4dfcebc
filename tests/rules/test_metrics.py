"""MET001-MET004: value, harm and early signs are measured, against a baseline."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("rule", "change", "at"),
    [
        pytest.param("MET001", lambda c, h: c["metrics"].pop("business"), ("metrics:",), id="MET001-missing"),
        pytest.param(
            "MET001",
            lambda c, h: c["metrics"].update(business=[]),
            ("metrics:", "business:"),
            id="MET001-empty",
        ),
        pytest.param(
            "MET002",
            lambda c, h: c["metrics"]["model"][1].pop("baseline"),
            ("metrics:", "model:", "name: recall"),
            id="MET002-model",
        ),
        pytest.param(
            "MET002",
            lambda c, h: c["metrics"]["business"][0].update(baseline=None),
            ("metrics:", "business:", "name:"),
            id="MET002-business-null",
        ),
        pytest.param(
            "MET003", lambda c, h: c["metrics"].pop("guardrails"), ("metrics:",), id="MET003-missing"
        ),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, "warning", change, at)


def test_met002_one_finding_per_metric(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    for metric in card["metrics"]["model"]:
        metric.pop("baseline")
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    findings = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("MET002", *h.where(text, "metrics:", "model:", "name: precision")),
        ("MET002", *h.where(text, "metrics:", "model:", "name: recall")),
    ]
    assert "'precision'" in findings[0].message and "'recall'" in findings[1].message


def test_met002_ignores_guardrails_and_zero_baselines(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["metrics"]["business"][0]["baseline"] = 0  # zero is a baseline
    assert "baseline" not in card["metrics"]["guardrails"][0]
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []


def test_met001_for_pilot_not_proposed(tmp_path: Path, h: Any) -> None:
    pilot = h.baseline_card(stage="pilot")
    pilot["metrics"].pop("business")
    root = h.make_registry(tmp_path / "a", cards={h.MODEL: pilot})
    assert h.codes(h.audit(root).findings) == ["MET001"]
    proposed = h.baseline_card(stage="proposed", metrics=h.DROP)
    root = h.make_registry(tmp_path / "b", cards={h.MODEL: proposed})
    assert h.audit(root).findings == []


def test_met003_only_for_production(tmp_path: Path, h: Any) -> None:
    pilot = h.baseline_card(stage="pilot")
    pilot["metrics"].pop("guardrails")
    root = h.make_registry(tmp_path, cards={h.MODEL: pilot})
    assert h.audit(root).findings == []


def test_no_metrics_at_all_points_at_start_of_file(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(metrics=h.DROP)})
    assert [(f.rule, f.line, f.column) for f in h.audit(root).findings] == [
        ("MET001", 1, 1),
        ("MET003", 1, 1),
        ("MET004", 1, 1),
    ]


# --------------------------------------------------------------------------- leading metrics


def test_met002_leading_metric_without_baseline(tmp_path: Path, h: Any) -> None:
    def change(card: dict[str, Any], h: Any) -> None:
        card["metrics"]["leading"][0].pop("baseline")

    finding = h.run_case(tmp_path, "MET002", "warning", change, ("metrics:", "leading:", "name:"))
    assert "leading metric 'analysts using the queue'" in finding.message


@pytest.mark.parametrize(
    "change",
    [lambda c: c["metrics"].pop("leading"), lambda c: c["metrics"].update(leading=[])],
    ids=["missing", "empty"],
)
def test_met004_live_model_without_leading_metric(tmp_path: Path, h: Any, change: Any) -> None:
    finding = h.run_case(tmp_path, "MET004", "info", lambda c, h: change(c), ("metrics:",))
    assert "production model has no leading metric" in finding.message


@pytest.mark.parametrize(("stage", "fires"), [("pilot", True), ("proposed", False), ("retired", False)])
def test_met004_stages(tmp_path: Path, h: Any, stage: str, fires: bool) -> None:
    card = h.baseline_card(stage=stage)
    card["metrics"].pop("leading")
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.codes(h.audit(root).findings) == (["MET004"] if fires else [])


def test_leading_metrics_do_not_stand_in_for_business_or_guardrails(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["metrics"] = {"leading": card["metrics"]["leading"]}
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.codes(h.audit(root).findings) == ["MET001", "MET003"]
