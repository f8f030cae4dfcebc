"""WAI001-WAI002 and waiver semantics: explicit, justified, approved and temporary."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

_DROP = "<drop>"  # stands for h.DROP in parameters (fixtures are not available there)


def _waiver(h: Any, rule: str = "BIA001", expires_in: int = 100, **extra: Any) -> dict[str, Any]:
    waiver = {
        "rule": rule,
        "reason": "Bias test scheduled with the vendor for Q1.",
        "approved_by": "cro-office",
        "expires": (h.TODAY + timedelta(days=expires_in)).isoformat(),
    }
    for key, value in extra.items():
        if value is h.DROP:
            waiver.pop(key)
        else:
            waiver[key] = value
    return waiver


def _waived_card(h: Any, **waiver: Any) -> dict[str, Any]:
    """The baseline card without a bias test (BIA001), with one waiver."""
    return dict(h.baseline_card(bias_tests=h.DROP, waivers=[_waiver(h, **waiver)]))


def _findings(tmp_path: Path, h: Any, card: dict[str, Any], settings: Any = None, **cards: Any) -> Any:
    kwargs = {} if settings is None else {"settings": settings}
    root = h.make_registry(tmp_path, cards={h.MODEL: card, **cards}, **kwargs)
    return root, h.audit(root).findings


@pytest.mark.parametrize(
    ("rule", "severity", "waiver", "at"),
    [
        pytest.param("WAI001", "error", {"expires_in": -1}, ("waivers:", "expires:"), id="WAI001-expired"),
        pytest.param("WAI001", "warning", {"expires_in": 30}, ("waivers:", "expires:"), id="WAI001-expiring"),
        pytest.param("WAI002", "error", {"reason": _DROP}, ("waivers:", "rule:"), id="WAI002-reason"),
        pytest.param("WAI002", "error", {"approved_by": "  "}, ("waivers:", "rule:"), id="WAI002-approver"),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, waiver: dict[str, Any], at: tuple[str, ...]
) -> None:
    """A waiver for a rule that does not fire anyway (MET002), so its own rule is all that shows."""
    waiver = {k: (h.DROP if v == _DROP else v) for k, v in waiver.items()}

    def change(card: dict[str, Any], h: Any) -> None:
        card["waivers"] = [_waiver(h, rule="MET002", **waiver)]

    h.run_case(tmp_path, rule, severity, change, at)


def test_valid_waiver_silences_its_rule_for_that_model_only(tmp_path: Path, h: Any) -> None:
    other = h.baseline_card("other-model", bias_tests=h.DROP)
    _, findings = _findings(tmp_path, h, _waived_card(h), **{"other-model": other})
    assert [(f.rule, f.model) for f in findings] == [("BIA001", "other-model")]


def test_waiver_silences_only_its_rule(tmp_path: Path, h: Any) -> None:
    card = _waived_card(h)
    card.pop("human_oversight")
    _, findings = _findings(tmp_path, h, card)
    assert h.codes(findings) == ["HUM001"]


def test_expired_waiver_brings_the_finding_back(tmp_path: Path, h: Any) -> None:
    root, findings = _findings(tmp_path, h, _waived_card(h, expires_in=-1))
    text = (root / h.CARD_PATH).read_text()
    assert h.summary(findings) == [
        ("BIA001", "error", h.MODEL, h.CARD_PATH, 1, 1),
        ("WAI001", "error", h.MODEL, h.CARD_PATH, *h.where(text, "waivers:", "expires:")),
    ]
    assert "expired" in findings[1].message and "BIA001" in findings[1].message


@pytest.mark.parametrize(
    ("expires_in", "expected"),
    [
        (31, []),  # outside the 30-day window: silent
        (30, [("WAI001", "warning")]),  # inside the window: warns, still silences
        (1, [("WAI001", "warning")]),
        (0, [("WAI001", "warning")]),  # counts on its expires day
        (-1, [("BIA001", "error"), ("WAI001", "error")]),  # expired the day after
    ],
)
def test_waiver_expiry_boundaries(
    tmp_path: Path, h: Any, expires_in: int, expected: list[tuple[str, str]]
) -> None:
    _, findings = _findings(tmp_path, h, _waived_card(h, expires_in=expires_in))
    assert [(f.rule, f.severity.value) for f in findings] == expected


def test_warning_window_comes_from_policy(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"expiry_warning_days": 7}}
    _, findings = _findings(tmp_path / "a", h, _waived_card(h, expires_in=8), settings)
    assert findings == []
    _, findings = _findings(tmp_path / "b", h, _waived_card(h, expires_in=7), settings)
    assert [(f.rule, f.severity.value) for f in findings] == [("WAI001", "warning")]


@pytest.mark.parametrize("missing", ["reason", "approved_by"])
def test_incomplete_waiver_silences_nothing(tmp_path: Path, h: Any, missing: str) -> None:
    root, findings = _findings(tmp_path, h, _waived_card(h, **{missing: h.DROP}))
    text = (root / h.CARD_PATH).read_text()
    assert h.summary(findings) == [
        ("BIA001", "error", h.MODEL, h.CARD_PATH, 1, 1),
        ("WAI002", "error", h.MODEL, h.CARD_PATH, *h.where(text, "waivers:", "rule:")),
    ]
    assert missing in findings[1].message


def test_waiver_without_reason_and_approver_is_one_finding(tmp_path: Path, h: Any) -> None:
    _, findings = _findings(tmp_path, h, _waived_card(h, reason=None, approved_by=h.DROP))
    assert h.codes(findings) == ["BIA001", "WAI002"]
    assert "reason" in findings[1].message and "approved_by" in findings[1].message


def test_one_finding_per_bad_waiver(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(
        waivers=[
            _waiver(h, rule="MET001", expires_in=-5),
            _waiver(h, rule="MET003", reason=h.DROP),
            _waiver(h, rule="INC001", expires_in=-2),
        ]
    )
    _, findings = _findings(tmp_path, h, card)
    assert [(f.rule, f.severity.value) for f in findings] == [
        ("WAI001", "error"),
        ("WAI002", "error"),
        ("WAI001", "error"),
    ]
    assert [f.line for f in findings] == sorted(f.line for f in findings)


def test_waiver_for_a_warning_rule(tmp_path: Path, h: Any) -> None:
    card = _waived_card(h, rule="MET002")
    card["bias_tests"] = h.baseline_card()["bias_tests"]
    card["metrics"]["model"][0].pop("baseline")
    _, findings = _findings(tmp_path, h, card)
    assert findings == []


def test_waivers_do_not_apply_to_retired_models(tmp_path: Path, h: Any) -> None:
    """Retired models get SCH rules only: an expired waiver on one is not a finding."""
    card = _waived_card(h, expires_in=-100)
    card["stage"] = "retired"
    _, findings = _findings(tmp_path, h, card)
    assert findings == []
