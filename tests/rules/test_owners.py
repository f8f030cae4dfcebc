"""OWN001-OWN004: every model has an accountable, reachable, active owner (and a backup)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _inactive(owner_id: str) -> Any:
    def change(card: dict[str, Any], h: Any) -> Any:
        owners = h.baseline_owners()
        owners[owner_id]["active"] = False
        return h.Extra(owners=owners)

    return change


@pytest.mark.parametrize(
    ("rule", "severity", "change", "at"),
    [
        pytest.param("OWN001", "error", lambda c, h: c.pop("owner"), (), id="OWN001-missing"),
        pytest.param("OWN001", "error", lambda c, h: c.update(owner=None), ("owner:",), id="OWN001-null"),
        pytest.param(
            "OWN002", "error", lambda c, h: c.update(owner="nobody"), ("owner:",), id="OWN002-owner"
        ),
        pytest.param(
            "OWN002",
            "error",
            lambda c, h: c.update(backup_owner="nobody"),
            ("backup_owner:",),
            id="OWN002-backup",
        ),
        pytest.param("OWN003", "error", _inactive("payments-risk"), ("owner:",), id="OWN003-owner"),
        pytest.param("OWN003", "error", _inactive("fraud-platform"), ("backup_owner:",), id="OWN003-backup"),
        pytest.param("OWN004", "warning", lambda c, h: c.pop("backup_owner"), (), id="OWN004"),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, change: Any, at: tuple[str, ...]
) -> None:
    finding = h.run_case(tmp_path, rule, severity, change, at)
    assert finding.path == h.CARD_PATH  # OWN003 too: the card must change, not the owner file


def test_own002_reports_each_key(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(owner="ghost-team", backup_owner="ghost-backup")
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    findings = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    assert [(f.rule, f.line) for f in findings] == [
        ("OWN002", h.where(text, "owner:")[0]),
        ("OWN002", h.where(text, "backup_owner:")[0]),
    ]


def test_owners_are_looked_up_by_file_stem(tmp_path: Path, h: Any) -> None:
    """owners/team-a.yaml is owner `team-a` whatever its `id` says (which is SCH003 on the owner file)."""
    owners = h.baseline_owners()
    record = owners.pop("payments-risk")
    owners["payments-risk"] = {**record, "id": "payments-risk-ml"}
    root = h.make_registry(tmp_path / "a", owners=owners)
    result = h.audit(root)
    text = (root / "owners/payments-risk.yaml").read_text()
    assert h.summary(result.findings) == [
        ("SCH003", "error", None, "owners/payments-risk.yaml", *h.where(text, "id:")),
    ]
    # a card naming the id written inside the record, not the file stem, has no owner record
    card = h.baseline_card(owner="payments-risk-ml")
    root = h.make_registry(tmp_path / "b", owners=owners, cards={h.MODEL: card})
    assert sorted(h.codes(h.audit(root).findings)) == ["OWN002", "SCH003"]


def test_own003_inactive_person_and_active_default(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["sam-okafor"] = {
        "id": "sam-okafor",
        "kind": "person",
        "name": "Sam",
        "email": "sam@example.com",
        "active": False,
    }
    owners["fraud-platform"]["active"] = True
    card = h.baseline_card(owner="sam-okafor")
    root = h.make_registry(tmp_path, owners=owners, cards={h.MODEL: card})
    (finding,) = h.audit(root).findings
    assert (finding.rule, finding.path) == ("OWN003", h.CARD_PATH)
    assert "sam-okafor" in finding.message


def test_own003_needs_a_readable_record(tmp_path: Path, h: Any) -> None:
    """A broken owner file is its own SCH002; the card is not also told the owner is inactive."""
    owners: dict[str, Any] = dict(h.baseline_owners())
    owners["payments-risk"] = "id: payments-risk\nactive: [\n"
    root = h.make_registry(tmp_path, owners=owners)
    assert h.summary(h.audit(root).findings) == [
        ("SCH002", "error", None, "owners/payments-risk.yaml", 3, 1),
    ]


@pytest.mark.parametrize(("tier", "expected"), [("low", []), ("medium", []), ("critical", ["OWN004"])])
def test_own004_only_high_and_critical(tmp_path: Path, h: Any, tier: str, expected: list[str]) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(risk_tier=tier, backup_owner=h.DROP)})
    assert h.codes(h.audit(root).findings) == expected


def test_owner_schema_findings_have_no_model(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["fraud-platform"].pop("email")
    owners["fraud-platform"]["kind"] = "squad"
    root = h.make_registry(tmp_path, owners=owners)
    findings = h.audit(root).findings
    text = (root / "owners/fraud-platform.yaml").read_text()
    assert h.summary(findings) == [
        ("SCH001", "error", None, "owners/fraud-platform.yaml", 1, 1),  # missing email: start of file
        ("SCH001", "error", None, "owners/fraud-platform.yaml", *h.where(text, "kind:")),
    ]
    assert "email" in findings[0].message and "squad" in findings[1].message


def test_owner_file_with_invalid_name(tmp_path: Path, h: Any) -> None:
    owners: dict[str, Any] = dict(h.baseline_owners())
    owners["Bad_Name"] = {"id": "Bad_Name", "kind": "person", "name": "B", "email": "b@example.com"}
    root = h.make_registry(tmp_path, owners=owners)
    codes = {f.rule for f in h.audit(root).findings if f.path == "owners/Bad_Name.yaml"}
    assert codes >= {"SCH003"}
    assert all(f.model is None for f in h.audit(root).findings)


def test_lists_are_not_owner_records(tmp_path: Path, h: Any) -> None:
    owners: dict[str, Any] = dict(h.baseline_owners())
    owners["fraud-platform"] = "- id: fraud-platform\n"
    root = h.make_registry(tmp_path, owners=owners)
    findings = h.audit(root).findings
    assert h.summary(findings) == [("SCH002", "error", None, "owners/fraud-platform.yaml", 1, 1)]
