"""A parallel audit stopped by SIGTERM or SIGINT ends at once, whole, and leaves nothing behind.

CI runners and ``timeout`` send SIGTERM to the audit's process only; a terminal sends
SIGINT. Either way the process and every worker must end by themselves (normally well
within a second; only a hang is a failure here, as a loaded CI machine is slow), the exit
status must say which signal stopped it (143 or 130), a reader of its output (``registry
audit | wc -l``) must see the end of the stream, no temporary cache file may remain, and
the next run must be right. The registry is a generated 10,000-model one, made once per
test session, and each signal arrives at a random moment of a cold parallel audit.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TODAY = "2026-11-24"
MODELS = 10_000


@pytest.fixture(scope="session")
def big_registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    sys.path.insert(0, str(ROOT / "benchmarks"))
    try:
        from generate import generate
    finally:
        sys.path.remove(str(ROOT / "benchmarks"))
    out = tmp_path_factory.mktemp("big") / "registry"
    generate(out, MODELS, seed=3)
    return out


def _audit(root: Path, *extra: str) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "registry.cli", "audit", "--today", TODAY, "--jobs", "2", *extra],
        cwd=root,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own process group: the workers are found by it
    )


def _read_all(proc: subprocess.Popen[bytes], ended: list[float]) -> None:
    """What `| wc -l` does: read to the end of the stream."""
    assert proc.stdout is not None
    for _line in proc.stdout:
        pass
    ended.append(time.monotonic())


def _group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


#: Only a guard against a hang: the audit normally ends well within a second of the
#: signal, but a loaded 2-core CI machine must not turn that into a failure.
HANG = 30.0


@pytest.mark.slow
@pytest.mark.parametrize(("signum", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)])
def test_a_signal_at_a_random_moment_stops_everything(
    big_registry: Path, signum: signal.Signals, status: int
) -> None:
    """The audit and its workers end by themselves, and a reader of stdout is released."""
    rng = random.Random()
    for _ in range(2):
        shutil.rmtree(big_registry / ".registry", ignore_errors=True)
        proc = _audit(big_registry)
        ended: list[float] = []

        reader = threading.Thread(target=_read_all, args=(proc, ended), daemon=True)
        reader.start()
        time.sleep(rng.uniform(0.5, 4.0))
        os.kill(proc.pid, signum)  # the process only, as CI runners and `timeout` do
        try:
            proc.wait(timeout=HANG)
        finally:
            stuck = _group_alive(proc.pid) and proc.poll() is None
            if _group_alive(proc.pid):
                os.killpg(proc.pid, signal.SIGKILL)
        assert not stuck, "the audit did not end after the signal"
        exited = time.monotonic()
        while _group_alive(proc.pid) and time.monotonic() - exited < 2:  # the kernel's clean-up
            time.sleep(0.01)
        assert not _group_alive(proc.pid), "a worker outlived the audit"
        reader.join(timeout=HANG)
        assert ended, "the reader of stdout was left waiting"
        if proc.returncode in (0, 1):  # the audit finished before the signal arrived
            continue
        assert proc.returncode in (status, -signum), proc.stderr.read() if proc.stderr else b""
        leftovers = list((big_registry / ".registry").glob(".audit-cache.*"))
        assert leftovers == [], leftovers

    # The next run is right: warm (whatever cache was left) equals a run without cache.
    warm = subprocess.run(
        [sys.executable, "-m", "registry.cli", "audit", "--today", TODAY, "--format", "json"],
        cwd=big_registry,
        capture_output=True,
        check=False,
    )
    fresh = subprocess.run(
        [sys.executable, "-m", "registry.cli", "audit", "--today", TODAY, "--format", "json", "--no-cache"],
        cwd=big_registry,
        capture_output=True,
        check=False,
    )
    assert warm.returncode == fresh.returncode == 1
    assert warm.stdout == fresh.stdout
