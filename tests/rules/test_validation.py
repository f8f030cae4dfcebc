"""VAL001-VAL004 and VAL006: an independent, current, passed validation of the version that runs.

VAL005 (history) is tested with the git layer.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _set(section: str, **values: Any) -> Any:
    def change(card: dict[str, Any], h: Any) -> None:
        card[section].update(values)

    return change


@pytest.mark.parametrize(
    ("rule", "severity", "change", "at"),
    [
        pytest.param("VAL001", "error", lambda c, h: c.pop("validation"), (), id="VAL001-missing"),
        pytest.param(
            "VAL001", "error", lambda c, h: c.update(validation=None), ("validation:",), id="VAL001-null"
        ),
        pytest.param(
            "VAL002",
            "error",
            lambda c, h: c["validation"].update(date=h.days_ago(91)),
            ("validation:", "date:"),
            id="VAL002-stale",
        ),
        pytest.param(
            "VAL002",
            "warning",
            lambda c, h: c["validation"].update(date=h.days_ago(61)),
            ("validation:", "date:"),
            id="VAL002-expiring",
        ),
        pytest.param(
            "VAL003",
            "error",
            _set("validation", model_version="3.1.0"),
            ("validation:", "model_version:"),
            id="VAL003",
        ),
        pytest.param(
            "VAL004",
            "error",
            _set("validation", validator="payments-risk"),
            ("validation:", "validator:"),
            id="VAL004-owner-id",
        ),
        pytest.param(
            "VAL004",
            "error",
            _set("validation", validator="dana.whitfield"),
            ("validation:", "validator:"),
            id="VAL004-lead",
        ),
        pytest.param(
            "VAL004",
            "error",
            _set("validation", validator="omar.haddad"),
            ("validation:", "validator:"),
            id="VAL004-member",
        ),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, severity, change, at)


def _validation_age(
    tmp_path: Path, h: Any, age: int, *, tier: str = "high", settings: Any = None, stage: str = "production"
) -> list[tuple[str, str]]:
    card = h.baseline_card(risk_tier=tier, stage=stage)
    card["validation"]["date"] = h.days_ago(age)
    kwargs = {} if settings is None else {"settings": settings}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, **kwargs)
    return [(f.rule, f.severity.value) for f in h.audit(root).findings]


@pytest.mark.parametrize(("tier", "limit"), [("low", 365), ("medium", 180), ("high", 90), ("critical", 90)])
def test_val002_boundaries_per_tier(tmp_path: Path, h: Any, tier: str, limit: int) -> None:
    """Error when age > max; warning when max - 30 < age <= max; nothing at max - 30."""
    results = {
        age: _validation_age(tmp_path / str(age), h, age, tier=tier)
        for age in (limit - 30, limit - 29, limit, limit + 1)
    }
    assert results[limit - 30] == []
    assert results[limit - 29] == [("VAL002", "warning")]
    assert results[limit] == [("VAL002", "warning")]
    assert results[limit + 1] == [("VAL002", "error")]


def test_val002_messages_give_age_and_limit(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["validation"]["date"] = h.days_ago(100)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    (finding,) = h.audit(root).findings
    assert "100 days" in finding.message and "90" in finding.message


def test_partial_max_age_map_keeps_other_defaults(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"validation_max_age_days": {"high": 40}}}
    assert _validation_age(tmp_path / "a", h, 41, settings=settings) == [("VAL002", "error")]
    assert _validation_age(tmp_path / "b", h, 40, settings=settings) == [("VAL002", "warning")]
    # medium keeps its default 180 (and critical its 90)
    assert _validation_age(tmp_path / "c", h, 149, tier="medium", settings=settings) == []
    assert _validation_age(tmp_path / "d", h, 181, tier="medium", settings=settings) == [("VAL002", "error")]
    assert _validation_age(tmp_path / "e", h, 91, tier="critical", settings=settings) == [("VAL002", "error")]


def test_custom_keys_in_max_age_map_are_ignored(tmp_path: Path, h: Any) -> None:
    """`x-` keys are allowed by the schema anywhere in registry.yaml; they must not crash the policy."""
    settings = {
        "registry": 1,
        "name": "x",
        "policy": {"validation_max_age_days": {"high": 40, "x-note": "MRC decision 2026-03"}},
    }
    assert _validation_age(tmp_path, h, 41, settings=settings) == [("VAL002", "error")]


def test_expiry_warning_days_sets_the_window(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"expiry_warning_days": 5}}
    assert _validation_age(tmp_path / "a", h, 85, settings=settings) == []
    assert _validation_age(tmp_path / "b", h, 86, settings=settings) == [("VAL002", "warning")]
    no_window = {"registry": 1, "name": "x", "policy": {"expiry_warning_days": 0}}
    assert _validation_age(tmp_path / "c", h, 90, settings=no_window) == []
    assert _validation_age(tmp_path / "d", h, 91, settings=no_window) == [("VAL002", "error")]


@pytest.mark.parametrize("stage", ["proposed", "pilot"])
def test_val002_to_val004_apply_whenever_validation_is_present(tmp_path: Path, h: Any, stage: str) -> None:
    card = h.baseline_card(stage=stage)
    card["validation"].update(date=h.days_ago(200), model_version="1.0.0", validator="payments-risk")
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert sorted(h.codes(h.audit(root).findings)) == ["VAL002", "VAL003", "VAL004"]


@pytest.mark.parametrize("stage", ["proposed", "pilot"])
def test_val001_only_for_production(tmp_path: Path, h: Any, stage: str) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(stage=stage, validation=h.DROP)})
    assert h.audit(root).findings == []


@pytest.mark.parametrize("tier", ["low", "medium"])
def test_val004_only_for_high_and_critical(tmp_path: Path, h: Any, tier: str) -> None:
    card = h.baseline_card(risk_tier=tier)
    card["validation"]["validator"] = "payments-risk"
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []


def test_val004_critical_and_backup_owner_is_independent(tmp_path: Path, h: Any) -> None:
    critical = h.baseline_card(risk_tier="critical")
    critical["validation"]["validator"] = "omar.haddad"
    root = h.make_registry(tmp_path / "a", cards={h.MODEL: critical})
    assert h.codes(h.audit(root).findings) == ["VAL004"]
    # the backup owner is another team: validating is not "the owner" validating
    backup = h.baseline_card()
    backup["validation"]["validator"] = "fraud-platform"
    root = h.make_registry(tmp_path / "b", cards={h.MODEL: backup})
    assert h.audit(root).findings == []


def test_val003_compares_numbers_as_written(tmp_path: Path, h: Any) -> None:
    """`version: 1.0` and `model_version: "1.0"` are the same version."""
    card = h.baseline_card(version=1.5)
    card["validation"]["model_version"] = "1.5"
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []


_DROP = "<drop>"  # stands for h.DROP in parameters (fixtures are not available there)


@pytest.mark.parametrize(
    ("severity", "values"),
    [
        ("error", {"result": "fail"}),
        ("warning", {"result": "conditional"}),
        ("warning", {"result": "conditional", "conditions": None}),
        ("warning", {"result": "conditional", "conditions": []}),
    ],
    ids=["fail", "conditional-without-conditions", "conditions-null", "conditions-empty"],
)
def test_val006_one_change_fires_one_rule(
    tmp_path: Path, h: Any, severity: str, values: dict[str, Any]
) -> None:
    h.run_case(tmp_path, "VAL006", severity, _set("validation", **values), ("validation:", "result:"))


def _val006(tmp_path: Path, h: Any, stage: str = "production", **validation: Any) -> list[tuple[str, str]]:
    card = h.baseline_card(stage=stage)
    for key, value in validation.items():
        if value is h.DROP:
            card["validation"].pop(key)
        else:
            card["validation"][key] = value
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    return [(f.rule, f.severity.value) for f in h.audit(root).findings]


def test_production_model_with_failed_validation_does_not_pass(tmp_path: Path, h: Any) -> None:
    """Issue 13: "a production model whose validation result is fail passes"."""
    card = h.baseline_card()
    card["validation"]["result"] = "fail"
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    result = h.audit(root)
    assert h.codes(result.findings) == ["VAL006"] and result.failed("error")
    assert "failed" in result.findings[0].message and "production" in result.findings[0].message


@pytest.mark.parametrize(
    "validation",
    [
        {"result": "pass"},
        {"result": _DROP},
        {"result": "conditional", "conditions": ["monthly drift review"]},
    ],
    ids=["pass", "no-result", "conditional-with-conditions"],
)
def test_val006_quiet_cases(tmp_path: Path, h: Any, validation: dict[str, Any]) -> None:
    values = {k: h.DROP if v == _DROP else v for k, v in validation.items()}
    assert _val006(tmp_path, h, **values) == []


def test_val006_applies_to_pilots(tmp_path: Path, h: Any) -> None:
    assert _val006(tmp_path / "a", h, stage="pilot", result="fail") == [("VAL006", "error")]
    assert _val006(tmp_path / "b", h, stage="pilot", result="conditional") == [("VAL006", "warning")]


@pytest.mark.parametrize("stage", ["proposed", "retired"])
def test_val006_not_before_pilot_nor_after_retirement(tmp_path: Path, h: Any, stage: str) -> None:
    assert _val006(tmp_path / "a", h, stage=stage, result="fail") == []
    assert _val006(tmp_path / "b", h, stage=stage, result="conditional") == []


def test_val006_override_keeps_the_conditional_variant_milder(tmp_path: Path, h: Any) -> None:
    """`rules: {VAL006: info}` lowers both; `error` never raises the conditional warning."""
    for override, result, expected in (
        ("info", "fail", "info"),
        ("info", "conditional", "info"),
        ("error", "conditional", "warning"),
    ):
        settings = {"registry": 1, "name": "x", "rules": {"VAL006": override}}
        card = h.baseline_card()
        card["validation"]["result"] = result
        root = h.make_registry(tmp_path / f"{override}-{result}", cards={h.MODEL: card}, settings=settings)
        assert [(f.rule, f.severity.value) for f in h.audit(root).findings] == [("VAL006", expected)]


def test_future_validation_still_counts_and_is_not_stale(tmp_path: Path, h: Any) -> None:
    """A validation dated tomorrow is DAT001's finding; VAL001 and VAL002 stay quiet."""
    findings = _validation_age(tmp_path, h, -1)
    assert findings == [("DAT001", "error")]
    settings = {"registry": 1, "name": "x", "policy": {"expiry_warning_days": 120}}
    assert _validation_age(tmp_path / "wide", h, -5, settings=settings) == [("DAT001", "error")]
