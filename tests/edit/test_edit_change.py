"""registry/edit/change.py and events.py: plan an edit, check it, say what it fixes, write it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from registry_support import TODAY

from registry.edit import (
    Append,
    EditError,
    Handover,
    NewOwner,
    RecordBiasTest,
    RecordDecision,
    RecordValidation,
    RecordWaiver,
    Request,
    SchemaRefused,
    Set,
    Unset,
    apply,
    card_path,
    plan,
    value,
)

CARD = "models/fraud-detector/model_card.yaml"


def changed_lines(diff: str) -> list[str]:
    return [ln for ln in diff.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def rules(findings: list[Any]) -> list[str]:
    return sorted(f.rule for f in findings)


@pytest.fixture
def root(tmp_path: Path, h: Any) -> Path:
    return h.make_registry(tmp_path)


def test_giving_an_ownerless_model_an_owner(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(owner=h.DROP)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    before = (root / CARD).read_text(encoding="utf-8")
    change = plan(root, Request({CARD: [Set(("owner",), "payments-risk")]}, "owner", "s"), today=TODAY)
    assert changed_lines(change.diff()) == ["+owner: payments-risk"]
    assert rules(change.impact.fixed) == ["OWN001"] and change.impact.introduced == []
    assert (root / CARD).read_text(encoding="utf-8") == before  # planning writes nothing
    assert apply(change) == [CARD]
    assert h.codes(h.audit(root).findings) == []
    assert change.branch() == "registry/fraud-detector/owner"


def test_a_schema_invalid_value_is_refused_with_the_schemas_message(root: Path) -> None:
    before = (root / CARD).read_bytes()
    with pytest.raises(SchemaRefused) as caught:
        plan(root, Request({CARD: [Set(("risk_tier",), value("extreme"))]}, "x", "s"), today=TODAY)
    message = str(caught.value)
    assert message.startswith(f"{CARD}:6:12: risk_tier: ") and "extreme" in message
    assert message.endswith("nothing written") and "\n" not in message
    assert (root / CARD).read_bytes() == before


def test_an_existing_schema_error_does_not_block_an_unrelated_edit(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(**{"ownr": "x"})})
    change = plan(root, Request({CARD: [Set(("sponsor",), "CFO")]}, "x", "s"), today=TODAY)
    assert changed_lines(change.diff()) == ["-sponsor: VP Payments", "+sponsor: CFO"]
    assert rules(change.impact.remaining) == ["SCH001"]


def test_unknown_model_and_path_are_one_line_errors(root: Path) -> None:
    with pytest.raises(EditError, match=r"^no model 'nope' in .* \(see `registry list`\)$"):
        card_path(root, "nope")
    with pytest.raises(EditError, match=r"is not a model id"):
        card_path(root, "../../etc")
    with pytest.raises(EditError, match=rf"^{CARD}: metrics.model\[7\] is out of range"):
        plan(root, Request({CARD: [Set(("metrics", "model", 7), 1)]}, "x", "s"), today=TODAY)
    with pytest.raises(EditError, match=rf"^{CARD}: sponsr is not in the file$"):
        plan(root, Request({CARD: [Unset(("sponsr",))]}, "x", "s"), today=TODAY)


def test_a_change_on_disk_after_planning_is_not_overwritten(root: Path) -> None:
    change = plan(root, Request({CARD: [Set(("sponsor",), "CFO")]}, "x", "s"), today=TODAY)
    theirs = (root / CARD).read_text(encoding="utf-8").replace("VP Payments", "COO")
    (root / CARD).write_text(theirs, encoding="utf-8")
    with pytest.raises(EditError, match="changed on disk since it was read; nothing written"):
        apply(change)
    assert (root / CARD).read_text(encoding="utf-8") == theirs


def test_a_read_only_card_is_refused_before_planning(root: Path) -> None:
    (root / CARD).chmod(0o444)
    with pytest.raises(EditError, match="is read-only"):
        plan(root, Request({CARD: [Set(("sponsor",), "CFO")]}, "x", "s"), today=TODAY)


def test_recording_a_validation_of_the_current_version(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(version="3.3.0")  # validated 3.2.0: VAL003
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    event = RecordValidation("model-risk-office", "conditional", TODAY, "https://x/v", ("monthly review",))
    change = plan(root, Request({CARD: [event]}, "validation", "s"), today=TODAY)
    assert rules(change.impact.fixed) == ["VAL003"]
    apply(change)
    validation = h.audit(root)
    assert h.codes(validation.findings) == []
    text = (root / CARD).read_text(encoding="utf-8")
    assert "validation:\n  date: '2026-11-24'\n" not in text  # dates stay plain, as people write them
    assert (
        "validation:\n  date: 2026-11-24\n  validator: model-risk-office\n  model_version: 3.3.0\n"
        "  result: conditional\n  conditions: [monthly review]\n  evidence: https://x/v\n" in text
    )


def test_recording_a_bias_test_appends_in_the_lists_style(root: Path, h: Any) -> None:
    event = RecordBiasTest("parity by region", "fail", TODAY, ("region",), mitigation=None)
    change = plan(root, Request({CARD: [event]}, "bias-test", "s"), today=TODAY)
    assert rules(change.impact.introduced) == ["BIA003"]  # the newest test failed without mitigation
    assert changed_lines(change.diff()) == [
        f"+- date: '{TODAY.isoformat()}'".replace("'", ""),
        "+  method: parity by region",
        "+  attributes: [region]",
        "+  result: fail",
    ]


def test_waiver_decision_and_stage(root: Path) -> None:
    ops = [
        RecordWaiver("MET003", "guardrail metric under design", "model-risk-office", "2027-01-31"),
        RecordDecision("go", TODAY),
        Set(("stage",), "pilot"),
    ]
    change = plan(root, Request({CARD: ops}, "x", "s"), today=TODAY)
    lines = changed_lines(change.diff())
    # the baseline card quotes its dates ('2025-11-30'): the new date keeps the old value's quoting
    assert "+  decided: '2026-11-24'" in lines and "-stage: production" in lines and "+stage: pilot" in lines
    assert "+  - rule: MET003" in lines or "+- rule: MET003" in lines


def test_add_appends_to_metric_lists_in_their_style(root: Path) -> None:
    change = plan(
        root,
        Request({CARD: [Append(("metrics", "guardrails"), value("{name: p99 latency, max: 40}"))]}, "x", "s"),
        today=TODAY,
    )
    assert changed_lines(change.diff()) == ["+  - name: p99 latency", "+    max: 40"]  # like the item above


def test_handover_moves_every_reference_in_one_change(tmp_path: Path, h: Any) -> None:
    cards = {
        "a-model": h.baseline_card("a-model", owner="payments-risk", backup_owner="fraud-platform"),
        "b-model": h.baseline_card("b-model", owner="fraud-platform", backup_owner="payments-risk"),
        "c-model": h.baseline_card("c-model", owner="model-risk-office", backup_owner="fraud-platform"),
    }
    root = h.make_registry(tmp_path, cards=cards)
    edits = {
        card_path(root, m): [Handover("payments-risk", "model-risk-office")] for m in ("a-model", "b-model")
    }
    change = plan(root, Request(edits, "handover", "s"), today=TODAY)
    assert change.models == ["a-model", "b-model"]
    assert changed_lines(change.diff()) == [
        "-owner: payments-risk",
        "+owner: model-risk-office",
        "-backup_owner: payments-risk",
        "+backup_owner: model-risk-office",
    ]
    assert "VAL004" in rules(change.impact.introduced)  # the validator now owns a-model


def test_handover_keeping_the_old_owner_as_backup(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(owner="payments-risk", backup_owner=h.DROP)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    change = plan(
        root, Request({CARD: [Handover("payments-risk", "fraud-platform", True)]}, "x", "s"), today=TODAY
    )
    assert changed_lines(change.diff()) == [
        "-owner: payments-risk",
        "+owner: fraud-platform",
        "+backup_owner: payments-risk",
    ]
    assert rules(change.impact.fixed) == ["OWN004"]


def test_a_new_owner_record(root: Path) -> None:
    text = NewOwner(
        "risk-team", kind="team", name="Risk: Team", email="risk@example.com", members=("a",)
    ).text()
    change = plan(root, Request({}, "owner", "s", new_files={"owners/risk-team.yaml": text}), today=TODAY)
    assert change.diff().startswith("--- /dev/null\n+++ b/owners/risk-team.yaml\n")
    assert changed_lines(change.diff()) == [
        "+id: risk-team",
        "+kind: team",
        "+name: 'Risk: Team'",
        "+email: risk@example.com",
        "+members: [a]",
    ]
    apply(change)
    with pytest.raises(EditError, match=r"owners/risk-team\.yaml already exists"):
        plan(root, Request({}, "owner", "s", new_files={"owners/risk-team.yaml": text}), today=TODAY)


def test_a_new_owner_record_must_match_the_schema(root: Path) -> None:
    text = NewOwner("risk-team", kind="robot", name="R", email="r@example.com").text()
    with pytest.raises(SchemaRefused, match=r"owners/risk-team.yaml:2:7: kind: "):
        plan(root, Request({}, "owner", "s", new_files={"owners/risk-team.yaml": text}), today=TODAY)
