"""SCH001-SCH003: files match their schema, can be parsed, and ids match their names."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import pytest


@pytest.mark.parametrize(
    ("rule", "change", "at"),
    [
        pytest.param("SCH001", lambda c, h: c.update(kind="oracle"), ("kind:",), id="SCH001-enum"),
        pytest.param("SCH001", lambda c, h: c.update(colour="red"), ("colour:",), id="SCH001-unknown-key"),
        pytest.param(
            "SCH001",
            lambda c, h: c["deployment"].update(infrastructure="moon"),
            ("deployment:", "infrastructure:"),
            id="SCH001-nested-enum",
        ),
        pytest.param(
            "SCH001",
            lambda c, h: c["validation"].update(result="passed"),
            ("validation:", "result:"),
            id="SCH001-validation-result",
        ),
        pytest.param(
            "SCH001",
            lambda c, h: c["metrics"]["model"][0].update(value="high"),
            ("metrics:", "model:", "name: precision", "value:"),
            id="SCH001-metric-type",
        ),
        pytest.param("SCH001", lambda c, h: c.pop("name"), (), id="SCH001-required"),
        pytest.param("SCH003", lambda c, h: c.update(id="fraud-detection"), ("id:",), id="SCH003-id-folder"),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, "error", change, at)


def test_sch003_mismatch_is_reported_under_the_folder_name(tmp_path: Path, h: Any) -> None:
    finding = h.run_case(tmp_path, "SCH003", "error", lambda c, h: c.update(id="other-model"), ("id:",))
    assert finding.model == h.MODEL
    assert "other-model" in finding.message and h.MODEL in finding.message


def test_sch001_did_you_mean(tmp_path: Path, h: Any) -> None:
    text = h.dump(h.baseline_card()).decode() + "ownr: x\n"
    root = h.make_registry(tmp_path, cards={h.MODEL: text})
    (finding,) = h.audit(root).findings
    assert (finding.rule, finding.line, finding.column) == ("SCH001", *h.where(text, "ownr:"))
    assert "unknown key 'ownr'" in finding.message
    assert "did you mean 'owner'" in finding.message


def test_sch001_did_you_mean_nested(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["validation"]["validater"] = card["validation"].pop("validator")
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    findings = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    (sch,) = [f for f in findings if f.rule == "SCH001"]
    assert (sch.line, sch.column) == h.where(text, "validation:", "validater:")
    assert "did you mean 'validator'" in sch.message


def test_custom_x_keys_are_accepted(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(**{"x-anything": {"free": ["form"]}, "x-cost-centre": 42})
    card["validation"]["x-ticket"] = "MRO-123"
    card["metrics"]["model"][0]["x-note"] = "from the Q3 backtest"
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    assert h.audit(root).findings == []


def test_sch002_broken_card_gets_only_sch002_under_its_folder_name(tmp_path: Path, h: Any) -> None:
    # a card that would break many rules, and has an id that differs from its folder
    text = "id: some-other-id\nname: x\nstage: production\nname: again\n"
    root = h.make_registry(tmp_path, cards={"broken-model": text, h.MODEL: h.baseline_card()})
    findings = h.audit(root).findings
    assert h.summary(findings) == [
        ("SCH002", "error", "broken-model", "models/broken-model/model_card.yaml", 4, 1),
    ]
    assert "duplicate key 'name'" in findings[0].message


def test_card_breaking_the_schema_is_still_judged(tmp_path: Path, h: Any) -> None:
    """SCH001 does not hide other findings: rules judge what could be read."""
    card = h.baseline_card(version=[3, 2], owner="Not An Id", purpose=h.DROP)
    root = h.make_registry(tmp_path, cards={h.MODEL: card})
    codes = sorted(h.codes(h.audit(root).findings))
    assert codes == ["DOC001", "OWN002", "SCH001", "SCH001"]


def test_duplicate_ids_are_sch003(tmp_path: Path, h: Any) -> None:
    copy = h.baseline_card()  # id fraud-detector, in another folder
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(), "fraud-detector-v2": copy})
    findings = h.audit(root).findings
    assert {(f.rule, f.model) for f in findings} == {("SCH003", "fraud-detector-v2")}
    assert any("also used" in f.message for f in findings)


def test_invalid_folder_name_is_sch003(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={"Fraud_Detector": h.baseline_card(id="Fraud_Detector")})
    findings = h.audit(root).findings
    assert "SCH003" in h.codes(findings)
    assert {f.model for f in findings} == {"Fraud_Detector"}


def test_retired_models_get_schema_rules_only(tmp_path: Path, h: Any) -> None:
    card = {
        "id": "fraud-detection",
        "name": "Old",
        "version": "1",
        "kind": "oracle",
        "stage": "retired",
        "risk_tier": "critical",
    }
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks={h.MODEL: None})
    assert sorted(h.codes(h.audit(root).findings)) == ["SCH001", "SCH003"]


# --------------------------------------------------------------------------- runbook paths


class _Spy:
    """Records every file the loader reads, to prove an unsafe runbook is never opened."""

    def __init__(self, monkeypatch: pytest.MonkeyPatch) -> None:
        import registry.store as store  # the disk source reads every file through it

        self.paths: list[str] = []
        real = store.read_bytes

        def spy(root: Path, relpath: str, **kwargs: Any) -> bytes:
            self.paths.append(relpath)
            return real(root, relpath, **kwargs)

        monkeypatch.setattr(store, "read_bytes", spy)


def _unsafe_runbook(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> tuple[Any, list[str]]:
    spy = _Spy(monkeypatch)
    root = h.make_registry(
        tmp_path, cards={h.MODEL: h.baseline_card(runbook=value)}, runbooks={h.MODEL: None}
    )
    # a runbook that would be clean if read, outside the model's folder
    (root / "models" / "shared.md").write_text(h.runbook_text())
    return h.audit(root), spy.paths


@pytest.mark.parametrize("value", ["../shared.md", "sub/../../shared.md", "/etc/passwd", "~/runbook.md"])
def test_runbook_path_leaving_the_folder_is_sch002_and_not_read(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch, value: str
) -> None:
    result, read = _unsafe_runbook(tmp_path, h, monkeypatch, value)
    text = h.dump(h.baseline_card(runbook=value)).decode()
    assert h.summary(result.findings) == [
        ("SCH002", "error", h.MODEL, h.CARD_PATH, *h.where(text, "runbook:"))
    ]
    assert all(not p.endswith(("shared.md", "passwd", "runbook.md")) for p in read), read


def test_runbook_symlink_is_sch002_and_not_read(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    root = h.make_registry(tmp_path, runbooks={h.MODEL: None})
    target = tmp_path / "outside.md"
    target.write_text(h.runbook_text())
    os.symlink(target, root / "models" / h.MODEL / "runbook.md")
    findings = h.audit(root).findings
    text = (root / h.CARD_PATH).read_text()
    assert h.summary(findings) == [("SCH002", "error", h.MODEL, h.CARD_PATH, *h.where(text, "runbook:"))]
    assert "link" in findings[0].message
    assert not any(p.endswith("runbook.md") for p in spy.paths), spy.paths


def test_default_runbook_symlink_is_sch002_and_not_read(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    spy = _Spy(monkeypatch)
    root = h.make_registry(
        tmp_path, cards={h.MODEL: h.baseline_card(runbook=h.DROP)}, runbooks={h.MODEL: None}
    )
    inside = root / "models" / "shared.md"
    inside.write_text(h.runbook_text())
    os.symlink(inside, root / "models" / h.MODEL / "runbook.md")
    findings = h.audit(root).findings
    assert h.codes(findings) == ["SCH002"]
    assert findings[0].model == h.MODEL
    assert not any(p.endswith(("runbook.md", "shared.md")) for p in spy.paths), spy.paths


def test_runbook_in_a_subfolder_is_fine(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(
        tmp_path, cards={h.MODEL: h.baseline_card(runbook="docs/runbook.md")}, runbooks={h.MODEL: None}
    )
    (root / "models" / h.MODEL / "docs").mkdir()
    (root / "models" / h.MODEL / "docs" / "runbook.md").write_text(h.runbook_text())
    assert h.audit(root).findings == []


def test_broken_runbook_is_sch002_at_its_position(tmp_path: Path, h: Any) -> None:
    text = "---\nmodel: fraud-detector\nowner: [\n---\n## Fallback\n"
    root = h.make_registry(tmp_path, runbooks={h.MODEL: text})
    findings = h.audit(root).findings
    assert [(f.rule, f.path, f.model) for f in findings] == [("SCH002", h.RUNBOOK_PATH, h.MODEL)]
    assert findings[0].line > 1  # inside the front matter, not at the top of the file
