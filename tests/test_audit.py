"""The audit: the compliant baseline, stage scoping, YAML 1.2, overrides, ordering, path mode."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from registry.audit import dependants, run_audit, select
from registry.rules import load_catalog
from registry.store import RegistryError, load_registry


def test_compliant_baseline_has_no_findings(tmp_path: Path, h: Any) -> None:
    result = h.audit(h.make_registry(tmp_path))
    assert result.findings == []
    assert result.models == [h.MODEL]
    assert result.counts() == {"error": 0, "warning": 0, "info": 0}
    assert not result.failed("info")


@pytest.mark.parametrize("stage", ["proposed", "pilot", "retired"])
@pytest.mark.parametrize("tier", ["low", "medium", "critical"])
def test_baseline_is_compliant_at_every_stage_and_tier(tmp_path: Path, h: Any, stage: str, tier: str) -> None:
    card = h.baseline_card(stage=stage, risk_tier=tier)
    if stage == "pilot":
        card["pilot"]["decision"] = "pending"
        card["pilot"]["start"] = h.days_ago(10)
        card["pilot"]["end"] = h.days_ago(-70)
    assert h.audit(h.make_registry(tmp_path, cards={h.MODEL: card})).findings == []


def test_catalog_has_every_rule_of_the_format() -> None:
    """docs/format.md's "Rules at a glance" (written by hand from the format contract, not
    generated) lists exactly the catalog's codes, each with its default severity."""
    text = (Path(__file__).resolve().parents[1] / "docs" / "format.md").read_text(encoding="utf-8")
    table = re.findall(r"^\| ([A-Z]{3}[0-9]{3}) \| (error|warning|info) \|", text, re.M)
    assert len(table) == len(set(table)) >= 36
    assert dict(table) == {code: rule.severity.value for code, rule in load_catalog().items()}


def test_retired_model_gets_schema_rules_only(tmp_path: Path, h: Any) -> None:
    card = {
        "id": h.MODEL,
        "name": "Old model",
        "version": "1.0",
        "kind": "predictive",
        "stage": "retired",
        "risk_tier": "critical",
        "colour": "blue",
        "waivers": [{"rule": "BIA001", "expires": "2020-01-01"}],
        "training_data": {"contains_pii": True},
    }
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks={h.MODEL: None})
    assert h.codes(h.audit(root).findings) == ["SCH001"]


def test_unknown_stage_gets_rules_of_every_active_stage_only(tmp_path: Path, h: Any) -> None:
    """`stage: prod` is SCH001; stage-specific rules (VAL001, PIL001...) cannot judge it."""
    card = h.baseline_card(stage="prod", validation=h.DROP, purpose=h.DROP)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert sorted(h.codes(h.audit(root).findings)) == ["DOC001", "SCH001"]


# --------------------------------------------------------------------------- YAML 1.2


@pytest.mark.parametrize("value", ["off", "'off'", '"off"', "Off"])
def test_rule_off_in_registry_yaml_quoted_or_not(tmp_path: Path, h: Any, value: str) -> None:
    card = h.baseline_card()
    card["metrics"]["model"][0].pop("baseline")
    settings = f"registry: 1\nname: x\nrules:\n  MET002: {value}\n"
    if value == "Off":  # only lowercase is a severity: anything else is rejected, not a boolean
        with pytest.raises(RegistryError, match=r"registry\.yaml:4:"):
            load_registry(h.make_registry(tmp_path, settings=settings, cards={h.MODEL: card}))
        return
    root = h.make_registry(tmp_path, settings=settings, cards={h.MODEL: card})
    assert h.audit(root).findings == []


def test_yes_is_a_string(tmp_path: Path, h: Any) -> None:
    text = h.dump(h.baseline_card()).decode()
    text = re.sub(r"^purpose: .*$", "purpose: yes", text, flags=re.M)
    text = re.sub(r"^human_oversight: .*$", "human_oversight: on", text, flags=re.M)
    root = h.make_registry(tmp_path, cards={h.MODEL: text})
    registry = load_registry(root)
    card = registry.models[h.MODEL]
    assert card.get("purpose") == "yes" and card.get("human_oversight") == "on"
    assert run_audit(registry, h.TODAY).findings == []


def test_unquoted_dates_are_dates(tmp_path: Path, h: Any) -> None:
    text = h.dump(h.baseline_card()).decode().replace("'", "")
    assert f"date: {h.days_ago(10)}" in text
    root = h.make_registry(tmp_path, cards={h.MODEL: text})
    assert h.audit(root).findings == []
    stale = text.replace(f"date: {h.days_ago(10)}", f"date: {h.days_ago(91)}")
    root = h.make_registry(tmp_path / "stale", cards={h.MODEL: stale})
    assert h.codes(h.audit(root).findings) == ["VAL002"]


# --------------------------------------------------------------------------- overrides


def _stale_pairs(tmp_path: Path, h: Any, override: str, age: int) -> list[tuple[str, str]]:
    card = h.baseline_card()
    card["validation"]["date"] = h.days_ago(age)
    settings = f"registry: 1\nname: x\nrules: {{VAL002: {override}}}\n"
    root = h.make_registry(tmp_path, settings=settings, cards={h.MODEL: card})
    return [(f.rule, f.severity.value) for f in h.audit(root).findings]


@pytest.mark.parametrize(
    ("override", "stale", "expiring"),
    [
        ("off", [], []),
        ("info", [("VAL002", "info")], [("VAL002", "info")]),
        ("warning", [("VAL002", "warning")], [("VAL002", "warning")]),
        # an `error` override does not raise the milder "expires soon" warning
        ("error", [("VAL002", "error")], [("VAL002", "warning")]),
    ],
)
def test_overrides(tmp_path: Path, h: Any, override: str, stale: list[Any], expiring: list[Any]) -> None:
    assert _stale_pairs(tmp_path / "stale", h, override, 91) == stale
    assert _stale_pairs(tmp_path / "expiring", h, override, 80) == expiring


def test_override_raises_a_warning_rule_to_error(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(backup_owner=h.DROP)
    settings = "registry: 1\nname: x\nrules:\n  OWN004: error\n  MET002: info\n"
    root = h.make_registry(tmp_path, settings=settings, cards={h.MODEL: card})
    result = h.audit(root)
    assert [(f.rule, f.severity.value) for f in result.findings] == [("OWN004", "error")]
    assert result.failed("error")


def test_override_applies_to_owner_findings(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["fraud-platform"]["colour"] = "red"
    settings = "registry: 1\nname: x\nrules:\n  SCH001: warning\n"
    root = h.make_registry(tmp_path, settings=settings, owners=owners)
    assert h.summary(h.audit(root).findings) == [
        ("SCH001", "warning", None, "owners/fraud-platform.yaml", 6, 1)
    ]


# --------------------------------------------------------------------------- registry.yaml


@pytest.mark.parametrize(
    ("settings", "line", "needle"),
    [
        ("registry: 1\nname: x\nrules:\n  XYZ999: off\n", 4, "XYZ999"),
        ("registry: 1\nname: x\npolicy:\n  pilot_max_weeks: soon\n", 4, "pilot_max_weeks"),
        ("registry: 2\nname: x\n", 1, "registry"),
        ("registry: 1\nname: x\nname: y\n", 3, "duplicate"),
        ("registry: 1\nname: x\npolicy:\n  fail_on: warnings\n", 4, "fail_on"),
        ("- registry\n", 1, "mapping"),
    ],
)
def test_invalid_registry_yaml_stops_with_file_and_line(
    tmp_path: Path, h: Any, settings: str, line: int, needle: str
) -> None:
    root = h.make_registry(tmp_path, settings=settings)
    with pytest.raises(RegistryError) as caught:
        load_registry(root)
    message = str(caught.value)
    assert f"registry.yaml:{line}:" in message
    assert needle in message
    assert "\n" not in message


def test_custom_keys_in_registry_yaml(tmp_path: Path, h: Any) -> None:
    settings = {
        "registry": 1,
        "name": "x",
        "x-owner": "MRO",
        "rules": {"x-note": "see MRC minutes"},
        "policy": {"x-ref": "MRM-POL-004"},
    }
    assert h.audit(h.make_registry(tmp_path, settings=settings)).findings == []


# --------------------------------------------------------------------------- order and shape


def test_findings_sorted_by_path_line_column_rule(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["fraud-platform"]["kind"] = "squad"
    owners["model-risk-office"].pop("email")
    noisy = h.baseline_card("a-model", owner=h.DROP, purpose=h.DROP, limitations=[], backup_owner="ghost")
    noisy["validation"].update(date=h.days_ago(300), model_version="0.1", validator="ghost")
    noisy["incidents"].append({"date": "2026-05-01", "summary": "x"})
    other = h.baseline_card("z-model", human_oversight=h.DROP)
    root = h.make_registry(
        tmp_path,
        owners=owners,
        cards={"a-model": noisy, "z-model": other},
        runbooks={"a-model": h.runbook_text("a-model", sections=("Fallback",))},
    )
    findings = h.audit(root).findings
    keys = [(f.path, f.line, f.column, f.rule) for f in findings]
    assert len(findings) >= 12
    assert keys == sorted(keys)
    assert findings[0].path == "models/a-model/model_card.yaml"
    assert {f.path for f in findings} == {
        "models/a-model/model_card.yaml",
        "models/a-model/runbook.md",
        "models/z-model/model_card.yaml",
        "owners/fraud-platform.yaml",
        "owners/model-risk-office.yaml",
    }
    # the two findings at 1:1 of the card (missing owner and purpose) are ordered by rule
    at_top = [f.rule for f in findings if f.path.startswith("models/a-model/model_card") and f.line == 1]
    assert at_top == sorted(at_top) and {"DOC001", "OWN001"} <= set(at_top)


def test_result_to_dict_shape(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(backup_owner=h.DROP)})
    data = h.audit(root).to_dict()
    assert data["summary"] == {"models": 1, "error": 0, "warning": 1, "info": 0}
    assert data["today"] == "2026-11-24"
    assert data["revision"] is None
    (finding,) = data["findings"]
    assert finding["rule"] == "OWN004" and finding["model"] == h.MODEL


def test_one_broken_card_does_not_stop_the_others(tmp_path: Path, h: Any) -> None:
    cards = {"a-model": "id: a-model\n  bad: indent\n", h.MODEL: h.baseline_card(purpose=h.DROP)}
    root = h.make_registry(tmp_path, cards=cards)
    result = h.audit(root)
    assert [(f.rule, f.model) for f in result.findings] == [("SCH002", "a-model"), ("DOC001", h.MODEL)]
    assert result.models == ["a-model", h.MODEL]


# --------------------------------------------------------------------------- path mode


def test_select_maps_paths_to_models(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    chosen = select(root, [root / h.CARD_PATH, root / h.RUNBOOK_PATH])
    assert (chosen.everything, chosen.models, chosen.owners) == (False, {h.MODEL}, set())
    chosen = select(root, [root / "owners" / "fraud-platform.yaml"])
    assert chosen.owners == {"fraud-platform"} and chosen.owner_files == {"owners/fraud-platform.yaml"}
    assert select(root, [root / "registry.yaml"]).everything
    assert not select(root, [tmp_path / "elsewhere.yaml"]).models


def test_dependants_are_owner_and_backup_owner(tmp_path: Path, h: Any) -> None:
    cards = {
        "a-model": h.baseline_card("a-model"),
        "b-model": h.baseline_card("b-model", owner="model-risk-office", backup_owner="payments-risk"),
        "c-model": h.baseline_card("c-model", owner="model-risk-office", backup_owner=h.DROP),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards))
    assert dependants(registry, {"payments-risk"}) == {"a-model", "b-model"}
    assert dependants(registry, {"fraud-platform"}) == {"a-model"}


def test_run_audit_limits_models_and_owner_files(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["fraud-platform"]["colour"] = "red"
    cards = {
        "a-model": h.baseline_card("a-model", purpose=h.DROP),
        "b-model": h.baseline_card("b-model", purpose=h.DROP),
    }
    registry = load_registry(h.make_registry(tmp_path, owners=owners, cards=cards))
    result = run_audit(registry, h.TODAY, models=["b-model", "not-there"], owner_files=set())
    assert result.models == ["b-model"]
    assert [(f.rule, f.model) for f in result.findings] == [("DOC001", "b-model")]
    result = run_audit(registry, h.TODAY, models=[], owner_files={"owners/fraud-platform.yaml"})
    assert [(f.rule, f.path) for f in result.findings] == [("SCH001", "owners/fraud-platform.yaml")]
