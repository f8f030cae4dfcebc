"""Editing verbs with ``--commit`` and ``--push``: one review commit, and the user's work untouched."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import plain_env, run
from git_support import Repo, init_repo, isolate_identity

__all__ = ["plain_env"]

MODEL = "fraud-detector"
CARD = f"models/{MODEL}/model_card.yaml"
TODAY = "2026-11-24"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    isolate_identity(monkeypatch, tmp_path / "home")


@pytest.fixture
def repo(tmp_path: Path, h: Any) -> Repo:
    """An ownerless, unvalidated, untested high-risk pilot in a repository with a commit."""
    card = h.baseline_card(owner=h.DROP, stage="pilot", validation=h.DROP, bias_tests=h.DROP)
    return init_repo(h.make_registry(tmp_path, cards={MODEL: card}))


def edit(capsys: pytest.CaptureFixture[str], repo: Repo, *argv: str) -> tuple[int, str, str]:
    return run(capsys, *argv, "--registry", str(repo.path), "--today", TODAY)


def users_work(repo: Repo) -> dict[str, Any]:
    """The user's own changes, staged and unstaged, and where HEAD points."""
    return {
        "index": (repo.path / ".git" / "index").read_bytes(),
        "head": (repo.path / ".git" / "HEAD").read_text(),
        "staged": repo("diff", "--cached"),
        "unstaged": repo("diff", "--", ".", f":!{CARD}"),
        "untracked": repo("ls-files", "--others", "--exclude-standard"),
    }


def make_a_mess(repo: Repo) -> None:
    """Unrelated work in progress: a staged edit, an unstaged one and an untracked file."""
    (repo.path / "registry.yaml").write_text("registry: 1\nname: Renamed registry\n", encoding="utf-8")
    repo("add", "registry.yaml")
    owner = repo.path / "owners" / "fraud-platform.yaml"
    owner.write_text(owner.read_text(encoding="utf-8") + "escalation: '#fraud'\n", encoding="utf-8")
    (repo.path / "scratch.md").write_text("notes\n", encoding="utf-8")


def test_done_when_three_commands_make_one_review_commit(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    """Owner, validation and bias test from the CLI: one commit with exactly those lines."""
    make_a_mess(repo)
    before = users_work(repo)
    head = repo("rev-parse", "HEAD")
    assert edit(capsys, repo, "set", MODEL, "owner", "payments-risk")[0] == 0
    assert (
        edit(capsys, repo, "validate", MODEL, "--validator", "model-risk-office", "--result", "pass")[0] == 0
    )
    code, out, err = edit(
        capsys, repo, "bias-test", MODEL, "--method", "parity by age band", "--attribute", "age_band",
        "--result", "pass", "--commit",
    )  # fmt: skip
    assert (code, err) == (0, "")
    branch = f"registry/{MODEL}/bias-test"
    assert f"on branch {branch} (from {head[:12]})" in out
    assert users_work(repo) == before  # staged, unstaged, untracked and HEAD: all as they were
    assert repo("rev-parse", f"{branch}^") == head
    assert repo("diff", "--name-only", head, branch) == CARD
    added = [
        ln[1:] for ln in repo("diff", head, branch).splitlines() if ln.startswith("+") and ln[:3] != "+++"
    ]
    removed = [ln for ln in repo("diff", head, branch).splitlines() if ln.startswith("-") and ln[:3] != "---"]
    assert removed == []
    assert added == [
        "owner: payments-risk",
        "validation:",
        f"  date: {TODAY}",
        "  validator: model-risk-office",
        "  model_version: 3.2.0",
        "  result: pass",
        "bias_tests:",
        f"- date: {TODAY}",
        "  method: parity by age band",
        "  attributes: [age_band]",
        "  result: pass",
    ]
    audit = run(capsys, "audit", str(repo.path), "--today", TODAY, "--no-cache")
    assert "OWN001" not in audit[1] and "BIA001" not in audit[1]


def test_commit_refused_outside_git_writes_nothing(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any
) -> None:
    root = h.make_registry(tmp_path)
    before = (root / CARD).read_bytes()
    code, out, err = run(capsys, "stage", MODEL, "retired", "--registry", str(root), "--commit")
    assert code == 2 and "is not in a git repository; nothing written" in err and err.count("\n") == 1
    assert (root / CARD).read_bytes() == before
    code, out, err = run(capsys, "stage", MODEL, "retired", "--registry", str(root))  # editing works
    assert code == 0 and "+stage: retired" in out


def test_missing_identity_writes_nothing(capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any) -> None:
    repo = init_repo(h.make_registry(tmp_path), identity=False)
    before = (repo.path / CARD).read_bytes()
    code, _, err = edit(capsys, repo, "stage", MODEL, "retired", "--commit")
    assert code == 2 and err.startswith("registry: error: git has no identity to commit with")
    assert err.count("\n") == 1 and (repo.path / CARD).read_bytes() == before


def test_an_existing_branch_needs_its_name(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    repo("branch", f"registry/{MODEL}/stage-retired")
    before = (repo.path / CARD).read_bytes()
    code, _, err = edit(capsys, repo, "stage", MODEL, "retired", "--commit")
    assert code == 2 and "already exists: add to it with --branch" in err
    assert (repo.path / CARD).read_bytes() == before
    code, out, err = edit(
        capsys, repo, "stage", MODEL, "retired", "--commit", "--branch", f"registry/{MODEL}/stage-retired"
    )
    assert (code, err) == (0, "") and "Added commit" in out


def test_message_and_branch(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    code, _out, _ = edit(
        capsys,
        repo,
        "set",
        MODEL,
        "owner",
        "payments-risk",
        "--commit",
        "--branch",
        "fix/owner",
        "-m",
        "Own it",
    )
    assert code == 0
    assert repo("log", "-1", "--format=%s%n%b", "fix/owner").strip() == "Own it"


def test_default_message_names_the_fixed_findings(capsys: pytest.CaptureFixture[str], repo: Repo) -> None:
    edit(capsys, repo, "set", MODEL, "owner", "payments-risk", "--commit")
    message = repo("log", "-1", "--format=%B", f"registry/{MODEL}/owner")
    assert message.startswith(f"registry: set owner of {MODEL}\n\nFixes OWN001: ")


def test_push_prints_the_pull_request_url(
    capsys: pytest.CaptureFixture[str], repo: Repo, tmp_path: Path
) -> None:
    bare = tmp_path / "origin.git"
    Repo(bare, init=False)("init", "-q", "--bare", str(bare), cwd=tmp_path)
    repo("remote", "add", "origin", "https://gitlab.com/acme/governance/registry.git")
    repo("config", f"url.{bare}.pushInsteadOf", "https://gitlab.com/acme/governance/registry.git")
    code, out, err = edit(capsys, repo, "decide", MODEL, "go", "--push")
    assert (code, err) == (0, "")
    branch = f"registry/{MODEL}/decision"
    assert f"Pushed {branch} to origin\n" in out
    assert out.endswith(
        "Open the review: https://gitlab.com/acme/governance/registry/-/merge_requests/new"
        "?merge_request%5Bsource_branch%5D=registry%2Ffraud-detector%2Fdecision\n"
    )
    assert Repo(bare, init=False)("rev-parse", branch) == repo("rev-parse", branch)


def test_a_failed_push_keeps_the_commit_and_says_so(
    capsys: pytest.CaptureFixture[str], repo: Repo, tmp_path: Path
) -> None:
    repo("remote", "add", "origin", str(tmp_path / "missing.git"))
    code, _out, err = edit(capsys, repo, "decide", MODEL, "go", "--push")
    assert code == 2 and "git push failed" in err and "the edit is written" in err
    assert repo("branch", "--list", f"registry/{MODEL}/decision").strip()


def test_an_earlier_uncommitted_change_to_the_file_is_shown(
    capsys: pytest.CaptureFixture[str], repo: Repo
) -> None:
    card = repo.path / CARD
    card.write_text(card.read_text(encoding="utf-8").replace("VP Payments", "CFO"), encoding="utf-8")
    code, out, _ = edit(capsys, repo, "set", MODEL, "owner", "payments-risk", "--commit")
    assert code == 0 and "The commit also holds earlier uncommitted changes to these files:" in out
    assert "+sponsor: CFO" in out
