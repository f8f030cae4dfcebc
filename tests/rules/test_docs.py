"""DOC001-DOC003: purpose and limitations are written down; a runbook exists and is complete."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest


def _runbook(text: str) -> Any:
    def change(card: dict[str, Any], h: Any) -> Any:
        return h.Extra(runbooks={h.MODEL: text})

    return change


def _no_runbook(card: dict[str, Any], h: Any) -> Any:
    card.pop("runbook")
    return h.Extra(runbooks={h.MODEL: None})


def _missing_file(card: dict[str, Any], h: Any) -> Any:
    card["runbook"] = "docs/runbook.md"
    return h.Extra(runbooks={h.MODEL: None})


@pytest.mark.parametrize(
    ("rule", "severity", "change", "at"),
    [
        pytest.param("DOC001", "error", lambda c, h: c.pop("purpose"), (), id="DOC001-purpose-missing"),
        pytest.param(
            "DOC001", "error", lambda c, h: c.update(purpose=" "), ("purpose:",), id="DOC001-purpose-blank"
        ),
        pytest.param(
            "DOC001",
            "error",
            lambda c, h: c.update(limitations=[]),
            ("limitations:",),
            id="DOC001-limitations",
        ),
        pytest.param(
            "DOC001",
            "error",
            lambda c, h: c.update(limitations=""),
            ("limitations:",),
            id="DOC001-limitations-text",
        ),
        pytest.param("DOC002", "error", _no_runbook, (), id="DOC002-none"),
        pytest.param("DOC002", "error", _missing_file, ("runbook:",), id="DOC002-missing-file"),
    ],
)
def test_one_change_fires_one_rule(
    tmp_path: Path, h: Any, rule: str, severity: str, change: Any, at: tuple[str, ...]
) -> None:
    h.run_case(tmp_path, rule, severity, change, at)


def test_doc003_points_at_line_1_of_the_runbook(tmp_path: Path, h: Any) -> None:
    change = _runbook(_text(h, ("Fallback", "Escalation")))
    finding = h.run_case(tmp_path, "DOC003", "warning", change, (), file=h.RUNBOOK_PATH)
    assert "Rollback" in finding.message


def _text(h: Any, sections: tuple[str, ...]) -> str:
    return str(h.runbook_text(sections=sections))


def _findings(tmp_path: Path, h: Any, runbook: Any, card: Any = None, settings: Any = None) -> Any:
    kwargs = {} if settings is None else {"settings": settings}
    cards = {h.MODEL: card if card is not None else h.baseline_card()}
    root = h.make_registry(tmp_path, cards=cards, runbooks={h.MODEL: runbook}, **kwargs)
    return h.audit(root).findings


def test_doc003_one_finding_per_missing_section(tmp_path: Path, h: Any) -> None:
    findings = _findings(tmp_path, h, _text(h, ("Fallback",)))
    assert h.summary(findings) == [
        ("DOC003", "warning", h.MODEL, h.RUNBOOK_PATH, 1, 1),
        ("DOC003", "warning", h.MODEL, h.RUNBOOK_PATH, 1, 1),
    ]
    assert sorted("Escalation" in f.message for f in findings) == [False, True]
    assert sorted("Rollback" in f.message for f in findings) == [False, True]


@pytest.mark.parametrize(
    ("heading", "counts"),
    [
        ("## Rollback", True),
        ("## rollback procedure", True),  # case-insensitive, starts with
        ("##   ROLLBACK ##", True),
        ("### Rollback", False),  # level 3
        ("# Rollback", False),  # level 1
        ("## Before rollback", False),  # must start with the name
    ],
)
def test_doc003_heading_matching(tmp_path: Path, h: Any, heading: str, counts: bool) -> None:
    text = _text(h, ("Fallback", "Escalation")) + f"{heading}\n\nSteps.\n"
    assert (_findings(tmp_path, h, text) == []) is counts


def test_doc003_ignores_headings_in_code_fences(tmp_path: Path, h: Any) -> None:
    text = _text(h, ("Fallback", "Escalation")) + "```markdown\n## Rollback\n```\n"
    assert h.codes(_findings(tmp_path, h, text)) == ["DOC003"]


def test_doc003_sections_come_from_policy(tmp_path: Path, h: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"runbook_sections": ["Fallback", "Contacts"]}}
    findings = _findings(tmp_path, h, _text(h, ("Fallback", "Rollback")), settings=settings)
    assert h.codes(findings) == ["DOC003"] and "Contacts" in findings[0].message


def test_runbook_md_is_used_without_a_runbook_key(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(runbook=h.DROP)
    assert _findings(tmp_path / "a", h, _text(h, ("Fallback", "Rollback", "Escalation")), card) == []
    # the default runbook is really read: a missing section shows
    findings = _findings(tmp_path / "b", h, _text(h, ("Fallback", "Rollback")), card)
    assert h.summary(findings) == [("DOC003", "warning", h.MODEL, h.RUNBOOK_PATH, 1, 1)]


def test_runbook_key_names_another_file(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(runbook="ops/RUNBOOK.md")
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks={h.MODEL: None})
    (root / "models" / h.MODEL / "ops").mkdir()
    (root / "models" / h.MODEL / "ops" / "RUNBOOK.md").write_text(_text(h, ("Fallback", "Rollback")))
    assert h.summary(h.audit(root).findings) == [
        ("DOC003", "warning", h.MODEL, f"models/{h.MODEL}/ops/RUNBOOK.md", 1, 1)
    ]


@pytest.mark.parametrize("stage", ["proposed"])
def test_doc002_not_required_before_pilot(tmp_path: Path, h: Any, stage: str) -> None:
    card = h.baseline_card(stage=stage, runbook=h.DROP)
    assert _findings(tmp_path, h, None, card) == []


def test_doc002_proposed_model_naming_a_missing_file(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card(stage="proposed", runbook="nope.md")
    assert h.codes(_findings(tmp_path, h, None, card)) == ["DOC002"]


def test_runbook_front_matter_is_checked(tmp_path: Path, h: Any) -> None:
    text = _text(h, ("Fallback", "Rollback", "Escalation")).replace("owner: payments-risk\n", "")
    findings = _findings(tmp_path, h, text)
    assert [(f.rule, f.path) for f in findings] == [("SCH001", h.RUNBOOK_PATH)]
    assert "owner" in findings[0].message


def test_runbook_without_front_matter(tmp_path: Path, h: Any) -> None:
    findings = _findings(tmp_path, h, "# Runbook\n\n## Fallback\n\n## Rollback\n\n## Escalation\n")
    assert [(f.rule, f.path, f.line) for f in findings] == [("SCH001", h.RUNBOOK_PATH, 1)]
