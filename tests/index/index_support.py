"""Helpers of the index tests: backends, git, running ``registry``, a sync paused halfway.

Tests import them from here, never from conftest.py (which module is ``conftest``
depends on the order pytest collects folders in).
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import pg_server
from git_support import AFTER, Repo

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


@dataclass
class Backend:
    """One database for one test: its URL and, for PostgreSQL, the server."""

    kind: str
    url: str
    server: pg_server.Server | None = None
    path: Path | None = None


def git(cwd: Path, *args: str) -> str:
    """git in ``cwd`` at a fixed date, without the user's configuration."""
    return Repo(cwd, init=False, isolated=True)(*args, when=AFTER)


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
STARTED: list[subprocess.Popen[str]] = []


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
    STARTED.append(proc)
    deadline = time.monotonic() + 120
    while not marker.exists():
        if proc.poll() is not None:
            raise AssertionError(f"the sync ended before its pause: {proc.communicate()}")
        if time.monotonic() > deadline:
            proc.kill()
            raise AssertionError("the sync never reached its pause")
        time.sleep(0.05)
    return proc
