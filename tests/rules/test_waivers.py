"""WAI001-WAI005 and waiver semantics: explicit, justified, independent and temporary."""

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


# --------------------------------------------------------------------------- WAI003-WAI005


def _with_inactive(h: Any, owner_id: str, kind: str = "team") -> dict[str, Any]:
    """The baseline owners plus one record marked `active: false`."""
    owners = dict(h.baseline_owners())
    owners[owner_id] = {"id": owner_id, "kind": kind, "name": owner_id, "email": "gone@example.com"}
    owners[owner_id]["active"] = False
    return owners


def _one(tmp_path: Path, h: Any, card: dict[str, Any], owners: Any = None) -> tuple[str, Any]:
    kwargs = {} if owners is None else {"owners": owners}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, **kwargs)
    return (root / h.CARD_PATH).read_text(), h.audit(root).findings


@pytest.mark.parametrize("code", ["XYZ999", "BIA009", "SCH001", "SCH002", "WAI001", "WAI004", "DAT001"])
def test_wai003_waiver_for_an_unknown_or_unwaivable_rule(tmp_path: Path, h: Any, code: str) -> None:
    """Issue 13: such a waiver "is ignored without a word"; now it is an error at its `rule` value."""
    text, findings = _one(tmp_path, h, h.baseline_card(waivers=[_waiver(h, rule=code)]))
    assert h.summary(findings) == [
        ("WAI003", "error", h.MODEL, h.CARD_PATH, *h.value_where(text, "waivers:", "rule:"))
    ]
    assert code in findings[0].message
    assert ("cannot be waived" in findings[0].message) is code.startswith(("SCH", "WAI", "DAT"))


def test_wai003_a_value_that_is_no_rule_code_is_the_schemas_finding(tmp_path: Path, h: Any) -> None:
    _, findings = _one(tmp_path, h, h.baseline_card(waivers=[_waiver(h, rule="bia001")]))
    assert h.codes(findings) == ["SCH001"]


def test_wai003_a_waiver_for_an_unwaivable_rule_silences_nothing(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(waivers=[_waiver(h, rule="WAI001", expires_in=200), _waiver(h, expires_in=-1)])
    _, findings = _one(tmp_path, h, card)
    assert [(f.rule, f.severity.value) for f in findings] == [("WAI003", "error"), ("WAI001", "error")]


@pytest.mark.parametrize(
    ("approver", "why"),
    [
        ("payments-risk", "the model's owner"),
        ("dana.whitfield", "lead or a member"),
        ("omar.haddad", "lead or a member"),
        ("gone-office", "active: false"),
    ],
)
def test_wai004_self_approved_or_departed_approver(tmp_path: Path, h: Any, approver: str, why: str) -> None:
    owners = _with_inactive(h, "gone-office")
    text, findings = _one(tmp_path, h, _waived_card(h, approved_by=approver), owners)
    assert h.summary(findings) == [
        ("BIA001", "error", h.MODEL, h.CARD_PATH, 1, 1),  # the waiver silences nothing
        ("WAI004", "error", h.MODEL, h.CARD_PATH, *h.value_where(text, "waivers:", "approved_by:")),
    ]
    assert why in findings[1].message and approver in findings[1].message


@pytest.mark.parametrize("approver", ["fraud-platform", "model-risk-office", "cro-office", "lee.park"])
def test_wai004_independent_approvers_silence(tmp_path: Path, h: Any, approver: str) -> None:
    """The backup owner, another team, a role with no record, a person of another team."""
    assert _one(tmp_path, h, _waived_card(h, approved_by=approver))[1] == []


def test_wai004_owner_without_a_record_is_still_the_owner(tmp_path: Path, h: Any) -> None:
    card = _waived_card(h, approved_by="ghost-team")
    card["owner"] = "ghost-team"
    _, findings = _one(tmp_path, h, card)
    assert h.codes(findings) == ["BIA001", "OWN002", "WAI004"]


def test_departed_owner_waiving_his_own_finding_until_2099(tmp_path: Path, h: Any) -> None:
    """Issue 13: "the model's own (departed) owner approved a waiver until 2099 for his own
    finding and it silenced it"."""
    owners = _with_inactive(h, "sam-okafor", kind="person")
    card = h.baseline_card(owner="sam-okafor")
    card["waivers"] = [_waiver(h, rule="OWN003", approved_by="sam-okafor", expires="2099-12-31")]
    text, findings = _one(tmp_path, h, card, owners)
    assert h.summary(findings) == [
        ("OWN003", "error", h.MODEL, h.CARD_PATH, *h.where(text, "owner: sam-okafor")),
        ("WAI004", "error", h.MODEL, h.CARD_PATH, *h.value_where(text, "waivers:", "approved_by:")),
        ("WAI005", "warning", h.MODEL, h.CARD_PATH, *h.where(text, "waivers:", "expires:")),
    ]


@pytest.mark.parametrize(("expires_in", "expected"), [(365, []), (366, [("WAI005", "warning")])])
def test_wai005_boundary_at_waiver_max_days(
    tmp_path: Path, h: Any, expires_in: int, expected: list[tuple[str, str]]
) -> None:
    """Exactly `waiver_max_days` out is fine, one more day is not; either way it silences."""
    text, findings = _one(tmp_path, h, _waived_card(h, expires_in=expires_in))
    assert [(f.rule, f.severity.value) for f in findings] == expected
    if expected:
        assert (findings[0].line, findings[0].column) == h.where(text, "waivers:", "expires:")
        assert "366 days" in findings[0].message and "365" in findings[0].message


def test_wai005_limit_comes_from_policy(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"waiver_max_days": 90, "expiry_warning_days": 0}}
    _, findings = _findings(tmp_path / "a", h, _waived_card(h, expires_in=90), settings)
    assert findings == []
    _, findings = _findings(tmp_path / "b", h, _waived_card(h, expires_in=91), settings)
    assert [(f.rule, f.severity.value) for f in findings] == [("WAI005", "warning")]


def test_an_expired_self_approved_waiver_is_two_findings(tmp_path: Path, h: Any) -> None:
    _, findings = _one(tmp_path, h, _waived_card(h, approved_by="payments-risk", expires_in=-1))
    assert h.codes(findings) == ["BIA001", "WAI004", "WAI001"]
