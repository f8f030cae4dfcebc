"""Fixtures of the editing tests: isolated git configuration and a generated registry."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from edit_support import generate


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    """No user or system git configuration (identity included) leaks into the tests."""
    home = tmp_path / "home"
    home.mkdir(exist_ok=True)
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", os.devnull)
    monkeypatch.setenv("GIT_CONFIG_NOSYSTEM", "1")
    for var in (
        "GIT_DIR",
        "GIT_WORK_TREE",
        "GIT_INDEX_FILE",
        "GIT_AUTHOR_NAME",
        "GIT_AUTHOR_EMAIL",
        "GIT_COMMITTER_NAME",
        "GIT_COMMITTER_EMAIL",
        "EMAIL",
        "REGISTRY_TODAY",
        "EDITOR",
        "VISUAL",
    ):
        monkeypatch.delenv(var, raising=False)


@pytest.fixture(scope="session")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """200 generated cards (read only: copy before editing)."""
    return generate(tmp_path_factory.mktemp("generated") / "registry", 200)
