"""DOC001-DOC004: purpose and limitations are written down; a runbook exists, complete and filled in."""

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
    text = "# Runbook\n\n## Fallback\n\nQueue.\n\n## Rollback\n\nRedeploy.\n\n## Escalation\n\nPage.\n"
    findings = _findings(tmp_path, h, text)
    assert [(f.rule, f.path, f.line) for f in findings] == [("SCH001", h.RUNBOOK_PATH, 1)]


# --------------------------------------------------------------------------- DOC004


def _with_rollback(h: Any, *lines: str) -> str:
    """The baseline runbook with its Rollback section's text replaced by ``lines``."""
    body = "".join(f"{line}\n" for line in lines)
    return str(h.runbook_text()).replace("## Rollback\n\nSteps for rollback.\n\n", f"## Rollback\n{body}\n")


def test_doc004_placeholder_section_is_one_finding_at_its_heading(tmp_path: Path, h: Any) -> None:
    change = _runbook(_with_rollback(h, "", "TODO: how to roll back to the previous version."))
    finding = h.run_case(tmp_path, "DOC004", "warning", change, ("## Rollback",), file=h.RUNBOOK_PATH)
    assert "Rollback" in finding.message


@pytest.mark.parametrize(
    "line",
    [
        "",
        "   ",
        "TODO",
        "todo: later",
        "TODO(dana): write this",
        "- TODO",
        "* TBD.",
        "+ tbd",
        "1. FIXME",
        "2) XXX write the steps",
        "- [ ] TODO",
        "...",
        "…",
        "- ...",
        "TBD!!",
        "-",
        "### Steps",
        "#### TODO",
    ],
)
def test_doc004_lines_without_content(tmp_path: Path, h: Any, line: str) -> None:
    findings = _findings(tmp_path, h, _with_rollback(h, "", line, ""))
    assert h.codes(findings) == ["DOC004"], line


@pytest.mark.parametrize(
    "line",
    [
        "Roll back with the TODO-free script in ops/rollback.sh.",  # TODO inside a sentence
        "Redeploy the previous tag; TODO items go to the backlog.",
        "TODOs are tracked in RISK-12, not here.",  # starts with a longer word
        "- Page the on-call engineer.",
        "1. Revert the deployment.",
        "Wait.",
        "See [the dashboard](https://example.com).",
        "```",  # a fenced block is content when it holds something
    ],
)
def test_doc004_lines_with_content(tmp_path: Path, h: Any, line: str) -> None:
    lines = ("", line, "kubectl rollout undo deploy/fraud", "```") if line == "```" else ("", line)
    assert _findings(tmp_path, h, _with_rollback(h, *lines)) == [], line


def test_doc004_content_under_a_deeper_heading_counts(tmp_path: Path, h: Any) -> None:
    text = _with_rollback(h, "", "### Steps", "", "Redeploy the previous tag.")
    assert _findings(tmp_path, h, text) == []


def test_doc004_last_section_runs_to_the_end_of_the_file(tmp_path: Path, h: Any) -> None:
    text = str(h.runbook_text()).replace("Steps for escalation.\n", "TBD\n")
    assert text.rstrip().endswith("## Escalation\n\nTBD")
    root = h.make_registry(tmp_path, runbooks={h.MODEL: text})
    findings = h.audit(root).findings
    assert h.summary(findings) == [
        ("DOC004", "warning", h.MODEL, h.RUNBOOK_PATH, *h.where(text, "## Escalation"))
    ]


def test_doc004_indented_heading_column(tmp_path: Path, h: Any) -> None:
    text = _with_rollback(h, "", "TODO").replace("## Rollback", "  ## Rollback")
    (finding,) = _findings(tmp_path, h, text)
    assert (finding.rule, finding.line, finding.column) == ("DOC004", *h.where(text, "## Rollback"))
    assert finding.column == 3


def test_doc004_a_missing_section_is_doc003_only(tmp_path: Path, h: Any) -> None:
    findings = _findings(tmp_path, h, _text(h, ("Fallback", "Escalation")))
    assert h.codes(findings) == ["DOC003"]


def test_doc004_only_required_sections(tmp_path: Path, h: Any) -> None:
    text = str(h.runbook_text()) + "## Known failure modes\n\nTODO\n"
    assert _findings(tmp_path, h, text) == []


def test_doc004_heading_in_a_code_fence_does_not_end_a_section(tmp_path: Path, h: Any) -> None:
    text = _with_rollback(h, "", "```", "## Fallback", "```")
    assert _findings(tmp_path, h, text) == []


def test_doc004_one_finding_per_empty_section(tmp_path: Path, h: Any) -> None:
    front = f"---\nmodel: fraud-detector\nowner: payments-risk\nlast_reviewed: {h.days_ago(1)}\n---\n"
    findings = _findings(tmp_path, h, front + "## Fallback\n## Rollback\nTODO\n## Escalation\n")
    assert [(f.rule, f.line) for f in findings] == [("DOC004", 6), ("DOC004", 7), ("DOC004", 9)]


def test_a_scaffolded_runbook_full_of_todo_is_not_complete(tmp_path: Path, h: Any) -> None:
    """Issue 13: "a scaffolded runbook full of TODO satisfies the runbook-section rule"."""
    from registry.scaffold import NewCard, new_model

    root = h.make_registry(tmp_path, cards={})
    new_model(root, "new-scorer", NewCard(owner="payments-risk", stage="pilot"), today=h.TODAY)
    text = (root / "models/new-scorer/runbook.md").read_text()
    findings = [f for f in h.audit(root).findings if f.path.endswith("runbook.md")]
    assert [(f.rule, f.line, f.column) for f in findings] == [
        ("DOC004", *h.where(text, f"## {section}")) for section in ("Fallback", "Rollback", "Escalation")
    ]
