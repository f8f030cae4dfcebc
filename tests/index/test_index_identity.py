"""Which registry is which: two clones of one repository are one registry, two folders two."""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

from index_support import git

from registry.index.identity import clean_remote, identify


def test_remote_credentials_are_never_kept() -> None:
    assert (
        clean_remote("https://ci-bot:ghp_secret@git.example/acme/registry.git")
        == "https://git.example/acme/registry"
    )
    assert clean_remote("https://token@git.example/acme/registry/") == "https://git.example/acme/registry"
    assert clean_remote("git@git.example:acme/registry.git") == "git@git.example:acme/registry"


def test_clones_share_a_key_and_folders_do_not(tmp_path: Path, h: Any) -> None:
    repo = tmp_path / "repo"
    for team in ("credit", "payments"):
        h.make_registry(repo / "teams", folder=team)
    git(repo, "init", "-q", "-b", "main")
    git(repo, "remote", "add", "origin", "git@git.example:acme/registries.git")
    git(repo, "add", "-A")
    git(repo, "commit", "-qm", "two registries")
    clone = tmp_path / "clone"
    subprocess.run(["git", "clone", "-q", str(repo), str(clone)], check=True, capture_output=True)
    git(clone, "remote", "set-url", "origin", "git@git.example:acme/registries.git")

    credit = identify(repo / "teams" / "credit", "Credit")
    assert (credit.key, credit.origin, credit.folder) == (
        "git@git.example:acme/registries#teams/credit",
        "git@git.example:acme/registries",
        "teams/credit",
    )
    assert identify(clone / "teams" / "credit", "Credit").key == credit.key
    assert identify(repo / "teams" / "payments", "Payments").key != credit.key


def test_outside_git_the_path_is_the_identity(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    found = identify(root, "Test registry")
    assert found.key == f"file://{root}" and found.origin is None and found.folder == ""
