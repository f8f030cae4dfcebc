"""Git classes: hostile refs, hostile history, hostile repository config, and git that is not there.

The corpus is committed to a repository (everything git can store: links included,
FIFOs and sockets not), under an author and a message that carry terminal payloads.
Then ``audit --rev`` (read from git objects), ``audit --base`` and ``history`` must
behave exactly like the working-tree commands: findings or one inert line and exit 2,
nothing executed, nothing written. Without a usable git (no repository, no commits,
shallow, detached, another user's) the audit still runs and says why history is missing.
"""

from __future__ import annotations

import json
import os
import subprocess
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from git_support import isolate_git
from hostile_corpus import HEAVY, MARKER_NAME, Env, all_cases, dump, hostile_registry, write_base
from hostile_support import TODAY, Captured, call_cli, diff_snapshots, snapshot

from registry.report import writers

PAYLOAD = "Eve \x1b[2J\x1b]0;TITLE\x07\x1b]52;c;eA==\x07 \u202eRTL [bold]MARKUP[/] \u009b6n"
#: Git cannot store these; everything else in the corpus is committed.
NOT_IN_GIT = {"fifo", "socket"}
#: The slowest cases to parse are covered elsewhere; git reads the same bytes.
CASES = [c for c in all_cases() if c.name not in NOT_IN_GIT | HEAVY]
HOSTILE_REFS = [
    "--output=x",
    "--output=/tmp/registry-hostile-x",
    "-x",
    "--",
    "-",
    "HEAD:../../etc/passwd",
    "$(touch MARKER)",
    "`touch MARKER`",
    "HEAD;touch MARKER",
    "HEAD~99999",
    "HEAD^{tree}",
    "refs/heads/../../x",
    "@{-1}",
    "\x1b[2J\x1b]0;T\x07",
    " ",
    "r" * 5000,
]


def _git_env(**extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_CONFIG_NOSYSTEM="1",
        GIT_AUTHOR_NAME=PAYLOAD.replace("\x00", ""),
        GIT_AUTHOR_EMAIL="eve@example.com",
        GIT_COMMITTER_NAME="Registry CI",
        GIT_COMMITTER_EMAIL="ci@example.com",
        GIT_AUTHOR_DATE="2026-11-01T10:00:00Z",
        GIT_COMMITTER_DATE="2026-11-01T10:00:00Z",
    )
    env.update(extra)
    return env


def git(cwd: Path, *args: str, **env: str) -> str:
    done = subprocess.run(["git", *args], cwd=cwd, env=_git_env(**env), capture_output=True, check=True)
    return done.stdout.decode("utf-8", "replace")


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@dataclass
class Repo:
    base: Path
    root: Path
    env: Env
    first: str
    second: str


@pytest.fixture(scope="module")
def repo(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Repo]:
    base = tmp_path_factory.mktemp("git")
    outside = base / "outside"
    outside.mkdir()
    env = Env(outside=outside, marker=base / MARKER_NAME)
    root = hostile_registry(base / "registry", env, CASES)
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", f"Import the corpus {PAYLOAD}\n\nBody {PAYLOAD}")
    first = git(root, "rev-parse", "HEAD").strip()
    card = root / "models" / "witness" / "model_card.yaml"
    card.write_text(card.read_text().replace("Witness", f"Witness {PAYLOAD}"))
    git(root, "commit", "-q", "-am", PAYLOAD)
    second = git(root, "rev-parse", "HEAD").strip()
    yield Repo(base, root, env, first, second)
    assert not env.marker.exists()


@pytest.fixture
def in_repo(repo: Repo, monkeypatch: pytest.MonkeyPatch) -> Iterator[Repo]:
    """Run from the registry root; prove afterwards that nothing was written anywhere."""
    monkeypatch.chdir(repo.root)
    before = snapshot(repo.base, skip=("registry/.registry",))
    yield repo
    assert diff_snapshots(before, snapshot(repo.base, skip=("registry/.registry",))) == []
    assert not list(repo.base.rglob("MARKER")) and not Path("/tmp/registry-hostile-x").exists()


def _one_line_error(ran: Captured) -> None:
    assert ran.code == 2, ran
    lines = ran.stderr.splitlines()
    assert len(lines) == 1 and lines[0].startswith("registry: error: "), ran.stderr
    assert "Traceback" not in ran.stderr and "internal error" not in ran.stderr


def _by_model(report: dict[str, object]) -> dict[str, set[tuple[str, int, int]]]:
    out: dict[str, set[tuple[str, int, int]]] = {}
    for f in report["findings"]:  # type: ignore[attr-defined]
        if f["rule"] != "VAL005":  # history-based: differs between a revision and the tree
            out.setdefault(str(f["model"]), set()).add((f["rule"], f["line"], f["column"]))
    return out


def test_rev_reads_the_corpus_from_git_like_the_working_tree(
    in_repo: Repo, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """audit --rev reads blobs, not files: the same findings, links refused the same way."""
    tree = call_cli(
        capsysbinary, "audit", "--today", TODAY, "--format", "json", "--no-cache", "--rev", "HEAD"
    )
    disk = call_cli(capsysbinary, "audit", "--today", TODAY, "--format", "json", "--no-cache")
    assert tree.code == disk.code == 1, (tree, disk)
    from_git, from_disk = _by_model(json.loads(tree.stdout)), _by_model(json.loads(disk.stdout))
    assert json.loads(tree.stdout)["revision"] == in_repo.second
    content_cases = [c for c in CASES if c.content is not None and "card" in c.slots]
    for case in content_cases:
        assert from_git.get(case.name) == from_disk.get(case.name), case.name
    for case in CASES:
        if case.name.startswith("symlink-") and "card" in case.slots and case.expect.rule == "SCH002":
            assert {r for r, _, _ in from_git[case.name]} == {"SCH002"}, case.name


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Two commits of a small registry: for what does not depend on the corpus (refs, formats)."""
    return _committed(tmp_path_factory.mktemp("small"))


@pytest.fixture
def in_small(small: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[Path]:
    monkeypatch.chdir(small)
    before = snapshot(small.parent, skip=("origin/.registry",))
    yield small
    assert diff_snapshots(before, snapshot(small.parent, skip=("origin/.registry",))) == []
    assert not list(small.parent.rglob("MARKER")) and not Path("/tmp/registry-hostile-x").exists()


@pytest.mark.parametrize("fmt", sorted(writers()))
def test_rev_and_base_in_every_format(
    in_small: Path, capsysbinary: pytest.CaptureFixture[bytes], fmt: str
) -> None:
    ran = call_cli(
        capsysbinary, "audit", "--today", TODAY, "--format", fmt, "--rev", "HEAD", "--base", "HEAD~1"
    )
    assert ran.code in (0, 1), ran
    assert "Traceback" not in ran.stderr


@pytest.mark.parametrize("ref", HOSTILE_REFS)
@pytest.mark.parametrize("option", ["--rev", "--base"])
def test_hostile_refs_are_one_line_and_exit_2(
    in_small: Path, capsysbinary: pytest.CaptureFixture[bytes], option: str, ref: str
) -> None:
    """A ref is never read as an option or a path, and never reaches a shell."""
    ran = call_cli(capsysbinary, "audit", "--today", TODAY, f"{option}={ref}")
    _one_line_error(ran)
    assert not Path("x").exists() and not Path("--output=x").exists()


@pytest.mark.parametrize("model", ["witness", "billion-laughs", "symlink-outside", "raw-escape-byte"])
def test_history_is_inert(in_repo: Repo, capsysbinary: pytest.CaptureFixture[bytes], model: str) -> None:
    for extra in ((), ("--diff",), ("--format", "json"), ("--diff", "--format", "json")):
        ran = call_cli(capsysbinary, "history", model, *extra)
        assert ran.code == 0, ran
        if "json" not in extra:
            assert in_repo.first[:7] in ran.stdout
            assert "\\x1b[2J" in ran.stdout, "the payload is shown escaped"
        else:
            data = json.loads(ran.stdout)
            assert PAYLOAD.split(" ", 1)[0] in json.dumps(data)


@pytest.mark.parametrize("model", ["../witness", "..", ".", "", "no-such-model", "\x1b[2J", "-x", "--diff"])
def test_history_of_hostile_model_names(
    in_repo: Repo, capsysbinary: pytest.CaptureFixture[bytes], model: str
) -> None:
    ran = call_cli(capsysbinary, "history", "--", model)
    assert ran.code in (0, 2), ran
    if ran.code == 2:
        _one_line_error(ran)


# --------------------------------------------------------------------------- git that is not usable


def _small_registry(folder: Path) -> Path:
    root = write_base(folder)
    (root / "models" / "witness" / "model_card.yaml").write_text(
        dump({"id": "witness", "name": PAYLOAD, "version": "1", "kind": "predictive", "stage": "pilot"})
    )
    return root


def _not_a_repo(tmp_path: Path) -> Path:
    return _small_registry(tmp_path / "plain")


def _no_commits(tmp_path: Path) -> Path:
    root = _small_registry(tmp_path / "empty")
    git(root, "init", "-q")
    return root


def _committed(tmp_path: Path) -> Path:
    root = _small_registry(tmp_path / "origin")
    git(root, "init", "-q", "-b", "main")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "one")
    (root / "models" / "witness" / "runbook.md").write_text("---\nmodel: witness\n---\n")
    git(root, "commit", "-q", "-am", "two")
    return root


def _shallow(tmp_path: Path) -> Path:
    origin = _committed(tmp_path)
    clone = tmp_path / "clone"
    git(tmp_path, "clone", "-q", "--depth", "1", f"file://{origin}", str(clone))
    return clone


def _detached(tmp_path: Path) -> Path:
    root = _committed(tmp_path)
    git(root, "checkout", "-q", "--detach", "HEAD~1")
    return root


def _orphan_branch(tmp_path: Path) -> Path:
    root = _committed(tmp_path)
    git(root, "checkout", "-q", "--orphan", "empty")
    return root


def _corrupt_head(tmp_path: Path) -> Path:
    root = _committed(tmp_path)
    (root / ".git" / "HEAD").write_text("ref: refs/heads/\x1b[2J\n")
    return root


def _git_file_pointing_nowhere(tmp_path: Path) -> Path:
    root = _small_registry(tmp_path / "worktree")
    (root / ".git").write_text("gitdir: /nonexistent/registry-hostile\n")
    return root


ENVIRONMENTS = {
    "not-a-repository": _not_a_repo,
    "no-commits": _no_commits,
    "shallow-clone": _shallow,
    "detached-head": _detached,
    "orphan-branch": _orphan_branch,
    "corrupt-head": _corrupt_head,
    "broken-git-file": _git_file_pointing_nowhere,
}


@pytest.mark.parametrize("make", list(ENVIRONMENTS.values()), ids=list(ENVIRONMENTS))
@pytest.mark.parametrize("other_owner", [False, True], ids=["mine", "other-owner"])
def test_audit_runs_whatever_state_git_is_in(
    tmp_path: Path,
    capsysbinary: pytest.CaptureFixture[bytes],
    monkeypatch: pytest.MonkeyPatch,
    make: object,
    other_owner: bool,
) -> None:
    """The audit never needs git; git-only options fail with one line; nothing is written."""
    root = make(tmp_path)  # type: ignore[operator]
    if other_owner:  # git's own switch for its "dubious ownership" check (root in CI owns everything)
        monkeypatch.setenv("GIT_TEST_ASSUME_DIFFERENT_OWNER", "1")
    monkeypatch.chdir(root)
    before = snapshot(tmp_path, skip=(os.path.relpath(root / ".registry", tmp_path),))
    ran = call_cli(capsysbinary, "audit", "--today", TODAY, "--format", "json")
    assert ran.code in (0, 1), ran
    report = json.loads(ran.stdout)
    assert any(f["model"] == "witness" for f in report["findings"])
    for args in (
        ("audit", "--today", TODAY, "--rev", "HEAD"),
        ("audit", "--today", TODAY, "--base", "HEAD~1"),
        ("history", "witness"),
        ("history", "witness", "--diff"),
        ("list", "--today", TODAY),
        ("show", "witness", "--today", TODAY),
        ("codeowners", "--check"),
    ):
        ran = call_cli(capsysbinary, *args)
        assert ran.code in (0, 1, 2), (args, ran)
        if ran.code == 2:
            _one_line_error(ran)
    assert (
        diff_snapshots(before, snapshot(tmp_path, skip=(os.path.relpath(root / ".registry", tmp_path),)))
        == []
    )


# --------------------------------------------------------------------------- hostile repository config


def test_repository_config_never_runs_a_program(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], monkeypatch: pytest.MonkeyPatch
) -> None:
    """A cloned-in .git/config and .gitattributes can name programs; no command we run starts one."""
    root = _committed(tmp_path)
    marker = tmp_path / "RAN"
    touch = f"sh -c 'echo $0 >> {marker}'"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for hook in ("post-checkout", "post-commit", "pre-commit", "reference-transaction", "post-index-change"):
        (hooks / hook).write_text(f"#!/bin/sh\necho {hook} >> {marker}\n")
        (hooks / hook).chmod(0o755)
    config = {
        "core.fsmonitor": touch,
        "core.pager": touch,
        "core.hooksPath": str(hooks),
        "core.sshCommand": touch,
        "core.editor": touch,
        "diff.external": touch,
        "diff.evil.textconv": touch,
        "diff.evil.command": touch,
        "filter.evil.smudge": touch,
        "filter.evil.clean": touch,
        "filter.evil.process": touch,
        "log.showSignature": "true",
        "gpg.program": touch,
        "gpg.ssh.program": touch,
        "pager.log": touch,
        "pager.show": touch,
        "color.ui": "always",
    }
    (root / ".gitattributes").write_text("* diff=evil filter=evil\n")
    card = root / "models" / "witness" / "model_card.yaml"
    card.write_text(card.read_text() + "sponsor: VP\n")
    git(root, "add", "-A")
    git(root, "commit", "-q", "-m", "three")
    for key, value in config.items():  # configured after the commit: only our commands see it
        git(root, "config", key, value)
    marker.unlink(missing_ok=True)
    monkeypatch.chdir(root)
    for args in (
        ("audit", "--today", TODAY),
        ("audit", "--today", TODAY, "--rev", "HEAD~1"),
        ("audit", "--today", TODAY, "--base", "HEAD~2"),
        ("history", "witness"),
        ("history", "witness", "--diff"),
        ("codeowners", "--check"),
    ):
        ran = call_cli(capsysbinary, *args)
        assert ran.code in (0, 1), (args, ran)
        assert not marker.exists(), f"`registry {' '.join(args)}` ran {marker.read_text()!r}"
