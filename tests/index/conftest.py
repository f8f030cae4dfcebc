"""Fixtures for the index: a real PostgreSQL for the session, and the same tests on SQLite.

The server comes from :mod:`pg_server` (installed from Debian's packages when missing,
started on a free loopback port, stopped when the session ends). A test that needs it
and cannot have it fails: there is no skip here.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pg_server
import pytest
from index_support import STARTED, Backend, git

BACKENDS = ("sqlite", "postgresql")


@pytest.fixture(autouse=True)
def _own_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The default index goes to the test's folder, never to the user's data folder."""
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    monkeypatch.delenv("REGISTRY_DB", raising=False)
    for name in ("PGPASSWORD", "PGPASSFILE", "PGHOST", "PGPORT", "PGUSER", "PGDATABASE"):
        monkeypatch.delenv(name, raising=False)


@pytest.fixture(scope="session")
def postgres() -> Iterator[pg_server.Server]:
    server = pg_server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        path = tmp_path / "index" / "index.db"
        return Backend("sqlite", f"sqlite:///{path}", path=path)
    server: pg_server.Server = request.getfixturevalue("postgres")
    name = f"t_{uuid.uuid4().hex[:12]}"
    return Backend("postgresql", server.create_database(name), server=server)


@pytest.fixture
def make_repo(h: Any, tmp_path: Path) -> Callable[..., Path]:
    """``make_repo(name, models=3, remote=...)``: a committed registry in its own git repository."""

    def build(name: str, models: int = 3, remote: str | None = None, **kwargs: Any) -> Path:
        cards = {f"{name}-m{i}": h.baseline_card(f"{name}-m{i}") for i in range(models)}
        if models:
            cards[f"{name}-m0"]["bias_tests"] = []  # one open BIA001 error per registry
        settings = {"registry": 1, "name": f"Registry {name}"}
        root = h.make_registry(tmp_path, cards=cards, settings=settings, folder=name, **kwargs)
        git(root, "init", "-q", "-b", "main")
        if remote:
            git(root, "remote", "add", "origin", remote)
        git(root, "add", "-A")
        git(root, "commit", "-qm", "registry")
        return root

    return build


@pytest.fixture(autouse=True)
def _no_paused_sync_outlives_its_test() -> Iterator[None]:
    yield
    while STARTED:
        proc = STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.communicate()
