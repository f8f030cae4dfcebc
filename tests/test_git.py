"""registry.git and the git-aware commands: ``audit --rev``, ``audit --base``, ``history``.

Every test builds a real repository in ``tmp_path`` with fixed author and commit
dates, and runs the CLI in-process. The baseline card is validated on 2026-11-14;
commits dated :data:`BEFORE` and :data:`AFTER` sit on either side of that date.
"""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from git_support import (
    AFTER,
    BEFORE,
    LATER,
    TODAY,
    Repo,
    audit_json,
    cli,
    forked_registry,
    isolate_git,
    rules_of,
)

from registry.audit import run_audit
from registry.git import (
    BadRevision,
    GitUnavailable,
    find_repo,
    head_revision,
    locate,
    model_diff,
    model_history,
    registry_history,
    resolve,
    tree_source,
)
from registry.store import load_registry


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def snapshot(folder: Path) -> dict[str, tuple[bytes, int]]:
    """Every file below ``folder`` (outside .git) with its bytes and modification time."""
    out = {}
    for path in sorted(folder.rglob("*")):
        if ".git" in path.relative_to(folder).parts or not path.is_file():
            continue
        out[str(path.relative_to(folder))] = (path.read_bytes(), path.stat().st_mtime_ns)
    return out


@pytest.fixture
def stale(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """A registry committed before the validation, then its purpose reworded after it."""
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    first = repo.commit("Import the registry", BEFORE)
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(purpose="Scores every card transaction.")))
    second = repo.commit("Reword the purpose", AFTER)
    monkeypatch.chdir(root)
    return root, repo, first, second


# --------------------------------------------------------------------------- repository


def test_outside_git_every_command_still_works(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = h.make_registry(tmp_path)
    monkeypatch.chdir(root)
    assert find_repo(root) is None and head_revision(root) is None
    code, report = audit_json(capsys)
    assert code == 0 and report["revision"] is None and report["findings"] == []
    assert len(report["notes"]) == 1 and "VAL005 skipped" in report["notes"][0]
    assert "not in a git repository" in report["notes"][0]
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--no-cache")
    assert code == 0 and "VAL005 skipped" in out
    for args in (("audit", "--rev", "HEAD"), ("audit", "--base", "main"), ("history", h.MODEL)):
        code, out, err = cli(capsys, *args)
        assert code == 2 and out == "", args
        assert len(err.splitlines()) == 1 and "needs git" in err, err


def test_no_note_when_no_model_has_a_validation(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    card = h.baseline_card(stage="proposed", validation=h.DROP)
    monkeypatch.chdir(h.make_registry(tmp_path, cards={h.MODEL: card}))
    assert audit_json(capsys)[1]["notes"] == []


def test_repository_without_commits(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = h.make_registry(tmp_path)
    Repo(root)
    monkeypatch.chdir(root)
    assert find_repo(root) is not None and head_revision(root) is None
    code, report = audit_json(capsys)
    assert code == 0 and report["revision"] is None
    assert report["notes"] == ["VAL005 skipped: the git repository has no commits yet"]
    code, out, err = cli(capsys, "audit", "--rev", "HEAD")
    assert code == 2 and len(err.splitlines()) == 1 and "unknown revision 'HEAD'" in err
    code, out, _ = cli(capsys, "history", h.MODEL)
    assert code == 0 and out == f"No commit touches models/{h.MODEL}/ yet.\n"


def test_another_users_repository_counts_as_no_git(
    stale: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = stale[0]
    monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")  # git's own switch for this check
    with pytest.raises(GitUnavailable, match="dubious ownership"):
        locate(root)
    assert find_repo(root) is None
    _, report = audit_json(capsys)
    assert report["revision"] is None and "VAL005" not in [f["rule"] for f in report["findings"]]
    assert len(report["notes"]) == 1 and "dubious ownership" in report["notes"][0]


def test_registry_in_a_subfolder_of_a_larger_repository(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    repo = Repo(tmp_path)
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "app.py").write_text("print('hi')\n")
    root = h.make_registry(tmp_path / "gov [ai] *", folder="registry")  # glob characters in the path
    first = repo.commit("Import", BEFORE)
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(purpose="Scores every card transaction.")))
    (tmp_path / "src" / "app.py").write_text("print('hello')\n")
    second = repo.commit("Reword the purpose", AFTER)
    info = locate(root)
    assert info.prefix == "gov [ai] */registry/" and info.top == tmp_path.resolve()
    monkeypatch.chdir(root / "models")
    code, report = audit_json(capsys, str(root))
    assert report["revision"] == second
    [finding] = report["findings"]
    assert finding["rule"] == "VAL005" and second[:10] in finding["message"]
    code, old = audit_json(capsys, str(root), "--rev", first)
    assert old["revision"] == first and old["findings"] == []
    assert [c.sha for c in model_history(root, h.MODEL)] == [second, first]
    code, out, _ = cli(capsys, "history", h.MODEL, "--registry", str(root))
    assert code == 0 and out.splitlines()[0].startswith(second[:7]) and "Reword the purpose" in out
    assert "app.py" not in model_diff(root, h.MODEL, second)


def test_shallow_clone(
    tmp_path: Path, stale: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    origin, repo, first, second = stale
    clone = tmp_path / "clone"
    repo("clone", "-q", "--depth", "1", f"file://{origin}", str(clone), cwd=tmp_path)
    monkeypatch.chdir(clone)
    assert locate(clone).shallow
    code, report = audit_json(capsys)
    assert report["revision"] == second and report["findings"] == []
    [note] = report["notes"]
    assert "shallow clone" in note and "2026-11-20" in note and "--unshallow" in note
    code, out, err = cli(capsys, "audit", "--base", first)  # not fetched
    assert code == 2 and len(err.splitlines()) == 1 and "unknown revision" in err
    assert audit_json(capsys, "--rev", "HEAD")[1]["revision"] == second
    code, out, _ = cli(capsys, "history", "fraud-detector")
    assert code == 0 and len(out.splitlines()) == 1 and second[:7] in out


def test_detached_head(stale: Any, capsys: pytest.CaptureFixture[str]) -> None:
    _, repo, first, second = stale
    repo("checkout", "-q", "--detach", "HEAD")
    code, report = audit_json(capsys)
    assert report["revision"] == second and rules_of(report["findings"]) == [("VAL005", "validation.date")]
    code, report = audit_json(capsys, "--base", "main")
    assert code == 0 and report["comparison"]["new"] == []
    repo("checkout", "-q", "--detach", first)
    code, report = audit_json(capsys)
    assert report["revision"] == first and report["findings"] == []


def test_git_processes_do_not_grow_with_the_registry(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """One git log and one cat-file for the history of every card, however many there are."""
    import git.cmd

    models = [f"model-{i:02d}" for i in range(30)]
    cards = {m: h.baseline_card(m) for m in models}
    root = h.make_registry(tmp_path, cards=cards)
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    for m in models:
        (root / "models" / m / "model_card.yaml").write_bytes(h.dump(h.baseline_card(m, purpose="Changed.")))
    repo.commit("Reword every purpose", AFTER)
    spawned: list[list[str]] = []
    real = git.cmd.safer_popen

    def spy(command: Any, *args: Any, **kwargs: Any) -> Any:
        spawned.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", spy)
    registry = load_registry(root)
    history = registry_history(root)
    result = run_audit(registry, date.fromisoformat(TODAY), history=history.cards)
    assert [f.model for f in result.findings if f.rule == "VAL005"] == models
    verbs = [c[1] for c in spawned]
    assert verbs.count("log") == 1 and verbs.count("cat-file") == 1 and len(spawned) <= 4, spawned


# --------------------------------------------------------------------------- audit --rev


def test_rev_audits_an_old_commit_and_leaves_the_working_tree_alone(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(human_oversight=h.DROP)})
    repo = Repo(root)
    first = repo.commit("Import without oversight", BEFORE)
    card = h.baseline_card(sponsor=h.DROP)
    (root / h.CARD_PATH).write_bytes(h.dump(card))
    repo.commit("Describe the oversight", BEFORE)
    (root / h.CARD_PATH).write_bytes(h.dump(h.edit(card, "limitations", [])))  # uncommitted
    monkeypatch.chdir(root)
    before, status = snapshot(root), repo("status", "--porcelain")
    code, report = audit_json(capsys, "--rev", "HEAD~1")
    assert code == 1 and report["revision"] == first
    assert rules_of(report["findings"]) == [("HUM001", "human_oversight")]
    assert report["findings"][0]["path"] == h.CARD_PATH
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--rev", first, "--no-cache")
    assert code == 1 and out.startswith(f"{h.CARD_PATH}:")
    assert snapshot(root) == before and repo("status", "--porcelain") == status
    code, now = audit_json(capsys)
    assert rules_of(now["findings"]) == [("DOC001", "limitations"), ("VAL005", "validation.date")]


@pytest.mark.parametrize("option", ["--rev", "--base"])
@pytest.mark.parametrize("ref", ["--output=x", "-p", "no-such-branch", "main..HEAD", "HEAD:registry.yaml"])
def test_bad_refs_are_one_line_and_exit_2(
    stale: Any, capsys: pytest.CaptureFixture[str], option: str, ref: str
) -> None:
    root = stale[0]
    before = snapshot(root)
    code, out, err = cli(capsys, "audit", f"{option}={ref}", "--today", TODAY, "--no-cache")
    assert code == 2 and out == ""
    assert len(err.splitlines()) == 1 and err.startswith(f"registry: error: {option}: "), err
    assert not (root / "x").exists() and snapshot(root) == before
    with pytest.raises(BadRevision):
        resolve(locate(root), ref)


def test_rev_reads_the_same_findings_as_the_working_tree(tmp_path: Path, h: Any) -> None:
    """The git tree source and the disk agree on every rule, links and broken files included."""
    import shutil

    sample = Path(__file__).resolve().parents[1] / "sample_registry"
    root = tmp_path / "reg"
    shutil.copytree(sample, root, symlinks=True)
    first = next(p for p in sorted((root / "models").iterdir()) if (p / "runbook.md").is_file())
    (first / "runbook.md").unlink()
    (first / "runbook.md").symlink_to("../../registry.yaml")  # a link: refused as a runbook
    (root / "owners" / "alias.yaml").symlink_to(sorted((root / "owners").iterdir())[0].name)
    (root / "models" / "broken").mkdir()
    (root / "models" / "broken" / "model_card.yaml").write_bytes(b"id: [unclosed\n")
    (root / "models" / "empty").mkdir()
    (root / "models" / "empty" / ".keep").write_text("")
    repo = Repo(root)
    sha = repo.commit("Import", BEFORE)
    today = date.fromisoformat(TODAY)
    disk = run_audit(load_registry(root), today)
    tree = tree_source(root, "HEAD")
    old = run_audit(load_registry(tree), today)
    assert old.revision == sha and disk.revision is None
    assert old.findings == disk.findings and old.models == disk.models
    assert {"SCH002", "SCH003"} <= {f.rule for f in old.findings}


# --------------------------------------------------------------------------- audit --base


@pytest.fixture
def branch(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """main: a card with a metric lacking a baseline (MET002) and no limitations (DOC001).

    VAL005 is off here (every edit below comes after the validation), which also shows
    that turning it off spares the history and its note.
    """
    root, repo, card, base = forked_registry(tmp_path, h)
    monkeypatch.chdir(root)
    return root, repo, card, base


def test_base_reports_exactly_the_new_defect_and_fails_on_it(
    branch: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo, card, base = branch
    moved = {k: v for k, v in card.items() if k != "metrics"}
    moved["metrics"] = card["metrics"]  # the block with MET002 moves to the end of the card
    del moved["human_oversight"]  # the one new defect (HUM001)
    (root / h.CARD_PATH).write_bytes(h.dump(moved))
    repo.commit("Move metrics, drop oversight", AFTER)
    code, report = audit_json(capsys, "--base", "main")
    assert code == 1
    comparison = report["comparison"]
    assert comparison["base"] == base
    assert rules_of(comparison["new"]) == [("HUM001", "human_oversight")]
    assert sorted(rules_of(comparison["remaining"])) == [
        ("DOC001", "limitations"),
        ("MET002", "metrics.model.recall"),
    ]
    assert comparison["fixed"] == []
    old_line = next(f for f in audit_json(capsys, "--rev", "main")[1]["findings"] if f["rule"] == "MET002")[
        "line"
    ]
    new_line = next(f for f in comparison["remaining"] if f["rule"] == "MET002")["line"]
    assert new_line != old_line  # it moved, and is still not new
    assert {"registry", "root", "today", "revision", "summary", "findings"} <= report.keys()
    assert len(report["findings"]) == 3
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--base", "main", "--no-cache")
    assert code == 1
    lines = out.splitlines()
    assert lines[0] == f"New since main ({base[:12]}): 1"
    assert "HUM001" in lines[1] and "1 new, 0 fixed, 2 remaining" in lines[-1]
    code, out, _ = cli(
        capsys, "audit", "--today", TODAY, "--base", "main", "--no-cache", "--format", "github"
    )
    annotations = [line for line in out.splitlines() if line.startswith("::")]
    assert code == 1 and len(annotations) == 1 and "title=HUM001" in annotations[0]


def test_base_passes_when_nothing_new_even_with_old_errors(
    branch: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo, card, _ = branch
    fixed = h.edit(card, "metrics.model.1.baseline", 0.7)
    (root / h.CARD_PATH).write_bytes(h.dump(fixed))
    repo.commit("Add the recall baseline", AFTER)
    assert cli(capsys, "audit", "--today", TODAY, "--no-cache")[0] == 1  # DOC001 remains
    code, report = audit_json(capsys, "--base", "main")
    assert code == 0
    assert rules_of(report["comparison"]["fixed"]) == [("MET002", "metrics.model.recall")]
    assert rules_of(report["comparison"]["new"]) == []
    assert rules_of(report["comparison"]["remaining"]) == [("DOC001", "limitations")]


def test_base_with_rev_and_uncommitted_changes(
    branch: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, _, _, base = branch
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card()))  # fixes both, uncommitted
    code, report = audit_json(capsys, "--base", "main")
    assert code == 0 and len(report["comparison"]["fixed"]) == 2 and report["findings"] == []
    assert report["notes"] == []
    code, report = audit_json(capsys, "--rev", "feature", "--base", "main")
    assert report["revision"] == base and report["comparison"]["fixed"] == []


def test_base_in_path_mode_judges_the_same_models(
    branch: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = branch[0]
    other = h.baseline_card("other-model", human_oversight=h.DROP)
    (root / "models" / "other-model").mkdir()
    (root / "models" / "other-model" / "model_card.yaml").write_bytes(h.dump(other))
    (root / "models" / "other-model" / "runbook.md").write_text(h.runbook_text("other-model"))
    code, report = audit_json(capsys, "--base", "main", "models/other-model/model_card.yaml")
    assert code == 1 and rules_of(report["comparison"]["new"]) == [("HUM001", "human_oversight")]
    assert report["comparison"]["fixed"] == [] and report["comparison"]["remaining"] == []


def test_val005_is_new_in_the_pull_request_that_makes_it_stale(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    repo("checkout", "-q", "-b", "reword")
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(purpose="Scores every card transaction.")))
    repo.commit("Reword the purpose", AFTER)
    monkeypatch.chdir(root)
    code, report = audit_json(capsys, "--base", "main", "--fail-on", "warning")
    assert code == 1 and rules_of(report["comparison"]["new"]) == [("VAL005", "validation.date")]


# --------------------------------------------------------------------------- history


def test_history_lists_commits_and_shows_inert_diffs(
    stale: Any, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root, repo, first, second = stale
    (root / h.RUNBOOK_PATH).write_text(h.runbook_text() + "\x1b[2J\x1b]0;pwned\x07 see \u202e here\n")
    third = repo.commit("Runbook: add \x1b[31mnotes", LATER)
    code, out, err = cli(capsys, "history", h.MODEL)
    assert code == 0, err
    lines = out.splitlines()
    assert [ln.split()[0] for ln in lines] == [third[:7], second[:7], first[:7]]
    assert lines[1] == f"{second[:7]}  2026-11-20 12:00 +0000  Ada Byron  Reword the purpose"
    assert "\x1b" not in out and "\\x1b[31mnotes" in lines[0]
    code, out, _ = cli(capsys, "history", h.MODEL, "--diff", "--limit", "1")
    assert code == 0 and out.startswith(third[:7]) and "+## Fallback" not in out
    assert "runbook.md" in out and "\x1b" not in out and "\u202e" not in out and "\\x1b[2J" in out
    assert cli(capsys, "history", h.MODEL, "--limit", "2")[1].count("\n") == 2
    code, out, _ = cli(capsys, "history", h.MODEL, "--format", "json", "--limit", "1", "--diff")
    [row] = json.loads(out)
    assert row["sha"] == third and row["date"] == "2026-11-22T12:00:00+00:00" and "runbook.md" in row["diff"]


def test_history_of_an_unknown_model_is_an_error(stale: Any, capsys: pytest.CaptureFixture[str]) -> None:
    for model in ("no-such-model", ".."):
        code, out, err = cli(capsys, "history", model)
        assert code == 2 and out == "" and len(err.splitlines()) == 1, err


def test_rev_before_the_registry_existed(tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str]) -> None:
    repo = Repo(tmp_path)
    (tmp_path / "README").write_text("hello\n")
    first = repo.commit("Start", BEFORE)
    root = h.make_registry(tmp_path)
    repo.commit("Add the registry", AFTER)
    code, out, err = cli(capsys, "audit", str(root), "--rev", first)
    assert code == 2 and out == ""
    assert (
        err
        == f"registry: error: {first[:12]}:reg/registry.yaml does not exist: no registry at that revision\n"
    )


def test_path_mode_reads_the_history_of_the_chosen_cards_only(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """What the pre-commit hook runs: a few cards of a large registry, judged with their history."""
    import git.cmd

    cards = {m: h.baseline_card(m) for m in ("alpha-model", "beta-model")}
    root = h.make_registry(tmp_path, cards=cards)
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    for m in cards:
        (root / "models" / m / "model_card.yaml").write_bytes(h.dump(h.baseline_card(m, purpose="New.")))
    monkeypatch.chdir(root)
    spawned: list[list[str]] = []
    real = git.cmd.safer_popen

    def spy(command: Any, *args: Any, **kwargs: Any) -> Any:
        spawned.append(list(command))
        return real(command, *args, **kwargs)

    monkeypatch.setattr(git.cmd, "safer_popen", spy)
    _, report = audit_json(capsys, "models/beta-model/model_card.yaml")
    assert [(f["rule"], f["model"]) for f in report["findings"]] == [("VAL005", "beta-model")]
    [log] = [c for c in spawned if c[1] == "log"]
    assert log[-1] == ":(literal)models/beta-model/model_card.yaml" and log[-2] == "--"
