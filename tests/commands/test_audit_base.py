"""``registry audit --base REF``: the pull-request gate compares with the merge base.

A branch is judged on what it changed since it forked, as ``git diff REF...HEAD``
shows it: what the target branch fixed or added after the fork is not the branch's.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from git_support import AFTER, LATER, TODAY, audit_json, cli, forked_registry, isolate_git, rules_of


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def stale_branch(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """main forks ``feature`` with DOC001 and MET002 on the card; then main fixes DOC001
    and adds another model that has HUM001, while the branch drops human_oversight."""
    root, repo, card, fork = forked_registry(tmp_path, h)
    (root / h.CARD_PATH).write_bytes(h.dump({k: v for k, v in card.items() if k != "human_oversight"}))
    repo.commit("Drop the oversight note", AFTER)
    repo("checkout", "-q", "main")
    (root / h.CARD_PATH).write_bytes(h.dump({**card, "limitations": ["EU traffic only"]}))
    other = root / "models" / "other-model"
    other.mkdir()
    (other / "model_card.yaml").write_bytes(h.dump(h.baseline_card("other-model", human_oversight=h.DROP)))
    (other / "runbook.md").write_text(h.runbook_text("other-model"))
    tip = repo.commit("Fix the limitations, add a model", LATER)
    repo("checkout", "-q", "feature")
    monkeypatch.chdir(root)
    return root, repo, fork, tip


def test_base_compares_with_the_merge_base_not_the_tip(
    stale_branch: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, fork, tip = stale_branch
    code, report = audit_json(capsys, "--base", "main")
    comparison = report["comparison"]
    assert code == 1
    assert rules_of(comparison["new"]) == [("HUM001", "human_oversight")]
    assert comparison["fixed"] == []  # other-model was added on main, not removed here
    assert sorted(rules_of(comparison["remaining"])) == [
        ("DOC001", "limitations"),  # main fixed it after the fork: not this branch's doing
        ("MET002", "metrics.model.recall"),
    ]
    assert comparison["base"] == fork and comparison["ref"] == "main" and comparison["ref_revision"] == tip


def test_base_says_which_commit_was_compared(stale_branch: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _, _, fork, tip = stale_branch
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--base", "main", "--no-cache")
    lines = out.splitlines()
    assert code == 1
    assert lines[0] == f"New since the merge base with main ({fork[:12]}): 1"
    assert lines[-1].startswith(
        f"Compared with the merge base with main ({fork[:12]}): 1 new, 0 fixed, 2 remaining."
    )
    assert f"main is now at {tip[:12]}" in lines[-1]


def test_base_in_path_mode_and_with_rev_use_the_merge_base(
    stale_branch: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, repo, fork, _ = stale_branch
    code, report = audit_json(capsys, "--base", "main", h.CARD_PATH)
    assert code == 1 and report["comparison"]["base"] == fork
    assert rules_of(report["comparison"]["new"]) == [("HUM001", "human_oversight")]
    repo("checkout", "-q", "main")
    code, report = audit_json(capsys, "--rev", "feature", "--base", "main")
    assert report["comparison"]["base"] == fork
    assert rules_of(report["comparison"]["new"]) == [("HUM001", "human_oversight")]


def test_base_without_common_history_is_an_error(
    stale_branch: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, repo, _, _ = stale_branch
    repo("checkout", "-q", "--orphan", "unrelated")
    repo.commit("Unrelated root", LATER)
    code, out, err = cli(capsys, "audit", "--today", TODAY, "--base", "main", "--no-cache")
    assert code == 2 and out == ""
    assert err.strip() == "registry: error: --base: main and HEAD have no common history (no merge base)"
