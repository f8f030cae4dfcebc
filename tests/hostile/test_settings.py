"""Hostile values in registry.yaml and at the edges of date arithmetic.

registry.yaml is validated before anything else; whatever passes the schema must not
crash a rule (a limit of 10**47 weeks once overflowed ``timedelta``), and whatever fails
it is one inert line on stderr with exit 2, even when the message quotes the value.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import RUNBOOK_HOST, SETTINGS, dump, write_base
from hostile_support import TODAY, call_cli

from registry.audit import run_audit
from registry.store import load_registry

AUDIT_DAY = date.fromisoformat(TODAY)
HUGE = 10**47  # 48 digits: under the loader's 64-digit limit, far beyond any date span


def _edge_card(model_id: str, day: str) -> dict[str, Any]:
    return {
        "id": model_id,
        **RUNBOOK_HOST,
        "risk_tier": "high",
        "pilot": {"start": day, "end": day, "exit_criteria": ["x"], "decided": day},
        "validation": {"date": day, "validator": "validators", "model_version": "1.0.0", "result": "pass"},
        "bias_tests": [{"date": day, "method": "m", "result": "fail"}],
        "training_data": {"contains_pii": True, "privacy_review": {"date": day, "reviewer": "x"}},
        "incidents": [{"date": day, "severity": "high", "summary": "s"}],
        "waivers": [
            {"rule": "BIA003", "reason": "r", "approved_by": "a", "expires": day},
            {"rule": "VAL002", "reason": "r", "approved_by": "a", "expires": day},
        ],
    }


@pytest.mark.parametrize(
    "policy",
    [
        pytest.param({"pilot_max_weeks": HUGE}, id="pilot-weeks"),
        pytest.param({"expiry_warning_days": HUGE}, id="warning-days"),
        pytest.param({"bias_test_max_age_days": HUGE}, id="bias-age"),
        pytest.param({"validation_max_age_days": {"high": HUGE, "low": 1}}, id="validation-age"),
        pytest.param({"pilot_max_weeks": 1e300, "expiry_warning_days": 1e300}, id="float-integers"),
        pytest.param({"expiry_warning_days": 0, "pilot_max_weeks": 1}, id="smallest"),
    ],
)
@pytest.mark.parametrize("day", ["0001-01-01", "9999-12-31", TODAY])
def test_extreme_limits_and_dates(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], policy: dict[str, Any], day: str
) -> None:
    """Huge policy limits and the first and last representable dates: findings, no overflow."""
    root = write_base(tmp_path / "registry", settings={**SETTINGS, "policy": policy})
    folder = root / "models" / "edge"
    folder.mkdir()
    (folder / "model_card.yaml").write_text(dump(_edge_card("edge", day)))
    (folder / "runbook.md").write_text("---\nmodel: edge\nowner: team-a\nlast_reviewed: 2026-01-01\n---\n")
    result = run_audit(load_registry(root), AUDIT_DAY)
    assert any(f.model == "edge" for f in result.findings)
    for fmt in ("text", "json"):
        ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache", "--format", fmt)
        assert ran.code == 1, ran
    shown = call_cli(capsysbinary, "show", "edge", "--registry", str(root), "--today", TODAY)
    assert shown.code == 0, shown


def test_today_at_the_ends_of_the_calendar(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    root = write_base(tmp_path / "registry")
    for today in ("0001-01-01", "9999-12-31"):
        ran = call_cli(capsysbinary, "audit", str(root), "--today", today, "--no-cache")
        assert ran.code in (0, 1), ran


ECHOING_SETTINGS = [
    pytest.param({"registry": 1, "name": "x", "policy": {"fail_on": "\x9b6n\x1b]0;t\x07"}}, id="enum-value"),
    pytest.param({"registry": "\x1b[2J", "name": "x"}, id="version"),
    pytest.param({"registry": 1, "name": "x", "rules": {"\x1b]52;c;eA==\x07": "error"}}, id="rule-key"),
    pytest.param({"registry": 1, "name": "x", "rules": {"MET002": "\u202eoff"}}, id="rule-value"),
    pytest.param({"registry": 1, "name": "x", "\x1b[2Jkey": 1}, id="unknown-key"),
    pytest.param({"registry": 1, "name": "x", "policy": ["not", "a", "map"]}, id="policy-list"),
    pytest.param({"registry": 1, "name": "x", "rules": "MET002"}, id="rules-text"),
    pytest.param(
        {"registry": 1, "name": "x", "policy": {"validation_max_age_days": {"high": -5}}}, id="negative"
    ),
    pytest.param({"registry": 1, "name": "x", "policy": {"pilot_max_weeks": "\x9b"}}, id="text-number"),
    pytest.param({"registry": 1, "name": "x", "rules": {"ZZZ999": "off"}}, id="unknown-rule"),
]


@pytest.mark.parametrize("settings", ECHOING_SETTINGS)
def test_invalid_settings_are_one_inert_line(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], settings: dict[str, Any]
) -> None:
    """Schema messages quote the bad value; stderr shows it escaped (call_cli checks the bytes)."""
    root = write_base(tmp_path / "registry", settings=settings)
    for args in (
        ("audit", str(root), "--today", TODAY, "--no-cache"),
        ("list", str(root), "--today", TODAY),
        ("show", "witness", "--registry", str(root), "--today", TODAY),
    ):
        ran = call_cli(capsysbinary, *args)
        assert ran.code == 2, ran
        lines = ran.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("registry: error: "), ran.stderr
        assert "registry.yaml:" in lines[0], ran.stderr
