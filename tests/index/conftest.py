"""Fixtures for the index: a real PostgreSQL for the session, and the same tests on SQLite.

The server comes from :mod:`pg_server` (installed from Debian's packages when missing,
started on a free loopback port, stopped when the session ends). A test that needs it
and cannot have it fails: there is no skip here.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pg_server
import pytest

BACKENDS = ("sqlite", "postgresql")
REPO = Path(__file__).resolve().parents[2]

#: Runs ``registry`` with a sync that stops halfway: after the registry's old rows are
#: deleted and before the new ones are written, it writes ``paused`` to the marker file
#: and waits until the file ``go`` appears beside it (or forever, to be killed).
PAUSED_SYNC = """
import functools, pathlib, sys, time
import registry.index.sync as syncing
marker = pathlib.Path(sys.argv[1])
def pause(conn):
    marker.write_text("paused")
    while not (marker.parent / "go").exists():
        time.sleep(0.05)
syncing.push = functools.partial(syncing.push, checkpoint=pause)
from registry.cli import main
sys.exit(main(sys.argv[2:]))
"""


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


@dataclass
class Backend:
    """One database for one test: its URL and, for PostgreSQL, the server."""

    kind: str
    url: str
    server: pg_server.Server | None = None
    path: Path | None = None


@pytest.fixture(params=BACKENDS)
def backend(request: pytest.FixtureRequest, tmp_path: Path) -> Backend:
    if request.param == "sqlite":
        path = tmp_path / "index" / "index.db"
        return Backend("sqlite", f"sqlite:///{path}", path=path)
    server: pg_server.Server = request.getfixturevalue("postgres")
    name = f"t_{uuid.uuid4().hex[:12]}"
    return Backend("postgresql", server.create_database(name), server=server)


def git(cwd: Path, *args: str) -> str:
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-20T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-20T12:00:00+00:00",
        "GIT_CONFIG_GLOBAL": os.devnull,
        "GIT_CONFIG_NOSYSTEM": "1",
    }
    ran = subprocess.run(
        [
            "git",
            "-c",
            "user.name=t",
            "-c",
            "user.email=t@example.invalid",
            "-c",
            "commit.gpgsign=false",
            *args,
        ],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return ran.stdout.strip()


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


def registry_cmd(
    *args: str, env: dict[str, str] | None = None, timeout: float = 120
) -> subprocess.CompletedProcess[str]:
    """``registry ARGS`` in a fresh process (as a user runs it)."""
    return subprocess.run(
        [sys.executable, "-m", "registry", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        env={**os.environ, **(env or {}), "REGISTRY_TODAY": "2026-11-24"},
        check=False,
        stdin=subprocess.DEVNULL,
    )


#: Every paused sync a test started; the autouse fixture below kills those still running.
_STARTED: list[subprocess.Popen[str]] = []


@pytest.fixture(autouse=True)
def _no_paused_sync_outlives_its_test() -> Iterator[None]:
    yield
    while _STARTED:
        proc = _STARTED.pop()
        if proc.poll() is None:
            proc.kill()
            proc.wait(timeout=30)
        proc.communicate()


def paused_sync(marker: Path, *args: str) -> subprocess.Popen[str]:
    """Start ``registry ARGS`` whose sync stops halfway (see :data:`PAUSED_SYNC`); waits until it has.

    The process is killed at the end of the test if it is still running (a failed
    assertion must not leave it waiting for its ``go`` file forever).
    """
    proc = subprocess.Popen(
        [sys.executable, "-c", PAUSED_SYNC, str(marker), *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "REGISTRY_TODAY": "2026-11-24"},
        stdin=subprocess.DEVNULL,
    )
    _STARTED.append(proc)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the sync ended before its pause: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the sync never reached its pause")
        time.sleep(0.05)
    return proc
