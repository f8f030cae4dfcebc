"""``registry audit --staged``: the content git's index holds, which the commit will record.

The pre-commit hooks pass ``--staged``: an untracked model folder or an unstaged edit
is not what is being committed, so it is never judged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from git_support import BEFORE, TODAY, Repo, audit_json, cli, isolate_git, rules_of

from registry.loader import MAX_FILE_BYTES


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def committed(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Repo]:
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    monkeypatch.chdir(root)
    return root, repo


def add_model(root: Path, h: Any, model: str, **changes: Any) -> None:
    folder = root / "models" / model
    folder.mkdir(parents=True, exist_ok=True)
    (folder / "model_card.yaml").write_bytes(h.dump(h.baseline_card(model, **changes)))
    (folder / "runbook.md").write_text(h.runbook_text(model))


def test_untracked_model_folders_are_not_audited(
    committed: tuple[Path, Repo], h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo = committed
    add_model(root, h, "draft-model", owner=h.DROP)  # untracked, with OWN001
    (root / "registry.yaml").write_text("registry: 1\nname: Renamed registry\n")
    repo("add", "registry.yaml")
    code, report = audit_json(capsys, "--staged", "registry.yaml")
    assert code == 0 and report["findings"] == [] and report["summary"]["models"] == 1
    assert report["registry"] == "Renamed registry" and report["revision"] is None
    code, report = audit_json(capsys, "registry.yaml")  # the working tree has it
    assert code == 1 and rules_of(report["findings"]) == [("OWN001", "owner")]
    code, report = audit_json(capsys, "--staged", "models/draft-model/model_card.yaml")
    assert code == 0 and report["summary"]["models"] == 0  # passed by name, still not staged
    code, report = audit_json(capsys, "--staged")
    assert code == 0 and report["summary"]["models"] == 1


def test_the_staged_card_is_judged_not_the_working_tree(
    committed: tuple[Path, Repo], h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo = committed
    card = root / h.CARD_PATH
    card.write_bytes(h.dump(h.baseline_card(human_oversight=h.DROP)))
    repo("add", h.CARD_PATH)
    card.write_bytes(h.dump(h.baseline_card()))  # fixed on disk, not staged
    code, report = audit_json(capsys, "--staged", h.CARD_PATH)
    assert code == 1 and ("HUM001", "human_oversight") in rules_of(report["findings"])
    code, report = audit_json(capsys, h.CARD_PATH)
    assert code == 0 and report["findings"] == []


def test_staged_with_base_head_fails_only_on_new_findings(
    committed: tuple[Path, Repo], h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo = committed
    card = root / h.CARD_PATH
    card.write_bytes(h.dump(h.baseline_card(human_oversight=h.DROP, limitations=h.DROP)))
    repo.commit("Two findings", BEFORE)
    card.write_bytes(h.dump(h.baseline_card(human_oversight=h.DROP)))  # fixes DOC001 only
    repo("add", h.CARD_PATH)
    code, report = audit_json(capsys, "--staged", "--base", "HEAD", h.CARD_PATH)
    assert code == 0
    assert rules_of(report["comparison"]["fixed"]) == [("DOC001", "limitations")]
    assert rules_of(report["comparison"]["remaining"]) == [("HUM001", "human_oversight")]
    code, report = audit_json(capsys, "--staged", h.CARD_PATH)
    assert code == 1  # the plain hook still refuses the remaining error


def test_first_commit_with_base_head_counts_every_finding_as_new(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(human_oversight=h.DROP)})
    repo = Repo(root)
    repo("add", "-A")
    monkeypatch.chdir(root)
    code, report = audit_json(capsys, "--staged", "--base", "HEAD", h.CARD_PATH)
    assert code == 1 and report["comparison"]["base"] is None
    assert rules_of(report["comparison"]["new"]) == [("HUM001", "human_oversight")]
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--staged", "--base", "HEAD", "--no-cache")
    assert out.startswith("New since HEAD (no commit yet): 1\n")


def test_a_registry_created_by_the_commit_has_an_empty_base(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path)
    (tmp_path / "README.md").write_text("# Models\n")
    repo.commit("Start", BEFORE)
    root = h.make_registry(tmp_path, folder="ml")
    repo("add", "-A")
    monkeypatch.chdir(root)
    code, report = audit_json(capsys, "--staged", "--base", "HEAD")
    assert code == 0 and report["comparison"]["new"] == [] and report["summary"]["models"] == 1


def test_staged_history_reads_head_and_judges_the_staged_card(
    committed: tuple[Path, Repo], h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """VAL005: the card as staged differs from the one validated (committed before the
    validation date), in its purpose."""
    root, repo = committed
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(purpose="Scores every card transaction.")))
    repo("add", h.CARD_PATH)
    code, report = audit_json(capsys, "--staged", "--fail-on", "warning", h.CARD_PATH)
    assert code == 1 and rules_of(report["findings"]) == [("VAL005", "validation.date")]


def test_a_staged_file_over_the_size_limit_is_sch002(
    committed: tuple[Path, Repo], h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo = committed
    (root / h.CARD_PATH).write_bytes(b"# padding\n" * (MAX_FILE_BYTES // 10 + 1))
    repo("add", h.CARD_PATH)
    code, report = audit_json(capsys, "--staged", h.CARD_PATH)
    [finding] = report["findings"]
    assert code == 1 and finding["rule"] == "SCH002" and "-byte limit" in finding["message"]


def test_staged_refuses_rev_and_needs_git(
    committed: tuple[Path, Repo],
    tmp_path: Path,
    h: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    code, out, err = cli(capsys, "audit", "--staged", "--rev", "HEAD")
    assert code == 2 and out == "" and "--staged and --rev cannot be combined" in err
    outside = h.make_registry(tmp_path / "outside")
    monkeypatch.chdir(outside)
    code, out, err = cli(capsys, "audit", "--staged")
    assert code == 2 and out == "" and err.startswith("registry: error: --staged needs git:")
    assert audit_json(capsys)[1]["summary"]["models"] == 1  # without --staged, no git needed
