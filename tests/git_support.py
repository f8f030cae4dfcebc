"""Real git repositories for tests: fixed identities and dates, no user configuration.

Shared by the tests of the git-aware commands (``audit --rev``, ``--base``, ``--staged``,
``history``) and of the history rules.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path
from typing import Any

import pytest
from registry_support import TODAY as AUDIT_DAY

from registry.cli import main

TODAY = AUDIT_DAY.isoformat()  # the shared audit date, as ``--today`` takes it
BEFORE = "2026-11-01T12:00:00+00:00"
AFTER = "2026-11-20T12:00:00+00:00"
LATER = "2026-11-22T12:00:00+00:00"

#: Variables that would point git (or its colour) somewhere else than the test's repository.
GIT_VARIABLES = ("GIT_DIR", "GIT_WORK_TREE", "GIT_INDEX_FILE", "GIT_TEST_ASSUME_DIFFERENT_OWNER", "NO_COLOR")


def isolate_git(monkeypatch: pytest.MonkeyPatch) -> None:
    """No user or system git configuration leaks into the repositories under test."""
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in GIT_VARIABLES:
        monkeypatch.delenv(var, raising=False)


def isolate_identity(monkeypatch: pytest.MonkeyPatch, home: Path) -> None:
    """Like :func:`isolate_git`, and no identity from the environment or ``~/.gitconfig`` either."""
    isolate_git(monkeypatch)
    monkeypatch.setenv("HOME", str(home))
    for var in ("GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_COMMITTER_NAME", "GIT_COMMITTER_EMAIL", "EMAIL"):
        monkeypatch.delenv(var, raising=False)


class Repo:
    """A git repository in a folder, with commits at fixed author and commit dates."""

    def __init__(
        self,
        path: Path,
        init: bool = True,
        who: tuple[str, str] = ("Ada Byron", "ada@example.com"),
        isolated: bool = False,
    ) -> None:
        """``isolated``: ignore the user's and the system's git configuration (outside pytest)."""
        self.path = path
        self.who = who
        self.isolated = isolated
        if init:
            self("init", "-q", "-b", "main")

    def __call__(self, *args: str, when: str | None = None, cwd: Path | None = None) -> str:
        name, email = self.who
        env = dict(
            os.environ,
            GIT_AUTHOR_NAME=name,
            GIT_AUTHOR_EMAIL=email,
            GIT_COMMITTER_NAME=name,
            GIT_COMMITTER_EMAIL=email,
        )
        if self.isolated:
            env.update(GIT_CONFIG_GLOBAL=os.devnull, GIT_CONFIG_NOSYSTEM="1")
            for var in GIT_VARIABLES:
                env.pop(var, None)
        if when:
            env["GIT_AUTHOR_DATE"] = env["GIT_COMMITTER_DATE"] = when
        done = subprocess.run(
            ["git", *args], cwd=cwd or self.path, env=env, capture_output=True, text=True, check=True
        )
        return done.stdout.strip()

    def commit(self, message: str, when: str) -> str:
        self("add", "-A")
        self("commit", "-q", "--allow-empty", "-m", message, when=when)
        return self("rev-parse", "HEAD")


def init_repo(path: Path, *, identity: bool = True) -> Repo:
    """A repository on branch main with one commit of everything in ``path``.

    With ``identity`` the repository's own config names a user (Grace Hopper), as a
    developer's ``git config`` would, for commands that commit as the user; the setup
    commit itself uses :class:`Repo`'s fixed identity.
    """
    repo = Repo(path)
    if identity:
        repo("config", "user.name", "Grace Hopper")
        repo("config", "user.email", "grace@example.com")
    repo.commit("initial registry", when=BEFORE)
    return repo


def cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    """Run the CLI in-process: exit code, stdout, stderr."""
    code = main(list(args))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def audit_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any]]:
    """``registry audit --format json`` on :data:`TODAY` without the cache, parsed."""
    code, out, err = cli(capsys, "audit", "--today", TODAY, "--format", "json", "--no-cache", *args)
    assert code in (0, 1), err
    return code, json.loads(out)


def rules_of(findings: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f["rule"], f["field"]) for f in findings]


def forked_registry(tmp_path: Path, h: Any, **changes: Any) -> tuple[Path, Repo, dict[str, Any], str]:
    """A registry committed on main (a card with DOC001, no limitations, and MET002, a
    recall metric without baseline; VAL005 off), then branch ``feature`` checked out.

    Returns the root, the repository, the card as committed and main's commit.
    """
    card = h.baseline_card(limitations=h.DROP, **changes)
    del card["metrics"]["model"][1]["baseline"]
    settings = {"registry": 1, "name": "Test registry", "rules": {"VAL005": "off"}}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, settings=settings)
    repo = Repo(root)
    base = repo.commit("Import", BEFORE)
    repo("checkout", "-q", "-b", "feature")
    return root, repo, card, base
