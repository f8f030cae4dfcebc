"""Quit, reload and Escape while a large registry is still loading, in a real terminal.

``registry tui`` runs in a pseudo-terminal, as a user starts it, on a registry large
enough that its cold audit takes seconds and runs in worker processes. Keys are
pressed while those workers run; the console must exit promptly and leave none of
its processes behind. The bound on the exit is generous: it catches the console
that waited for the whole audit (10 s and more at 10,000 models), not a speed figure.
"""

from __future__ import annotations

import fcntl
import os
import pty
import shutil
import signal
import struct
import subprocess
import sys
import termios
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
import yaml
from console_fixtures import TODAY, compliant_card, runbook, write_registry

MODELS = 6000  # the audit runs in worker processes from 400 cards on
EXIT_BOUND = 6.0  # seconds; the console that waited for its audit took 10 s and more


def big_registry(root: Path, models: int) -> Path:
    """``models`` compliant cards, written from one template (dumping each would take long)."""
    write_registry(root, cards={})
    card = yaml.safe_dump(compliant_card("MODEL-ID", "MODEL-NAME"), sort_keys=False)
    text = runbook("MODEL-ID")
    for i in range(models):
        model = f"model-{i:05d}"
        folder = root / "models" / model
        folder.mkdir(parents=True)
        (folder / "model_card.yaml").write_text(card.replace("MODEL-ID", model), encoding="utf-8")
        (folder / "runbook.md").write_text(text.replace("MODEL-ID", model), encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def registry(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return big_registry(tmp_path_factory.mktemp("console-quit") / "big", MODELS)


def children(pid: int) -> set[int]:
    """Processes whose parent is ``pid`` (from /proc)."""
    found = set()
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            stat = Path(f"/proc/{entry}/stat").read_text()
        except OSError:
            continue
        # pid (comm) state ppid ...: comm may hold spaces and parentheses, so split after it.
        if int(stat.rsplit(")", 1)[1].split()[1]) == pid:
            found.add(int(entry))
    return found


def alive(pid: int) -> bool:
    """Running (a zombie waiting for its parent does not count)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


class Terminal:
    """A program in a pseudo-terminal of 120x35, its output drained in the background."""

    def __init__(self, args: list[str], cwd: Path) -> None:
        master, slave = pty.openpty()
        fcntl.ioctl(slave, termios.TIOCSWINSZ, struct.pack("HHHH", 35, 120, 0, 0))
        env = {**os.environ, "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "35"}
        self.proc = subprocess.Popen(
            args, stdin=slave, stdout=slave, stderr=slave, cwd=cwd, env=env, start_new_session=True
        )
        os.close(slave)
        self.master = master
        self.output = bytearray()
        self.reader = threading.Thread(target=self._drain, daemon=True)
        self.reader.start()

    def _drain(self) -> None:
        while True:
            try:
                data = os.read(self.master, 65536)
            except OSError:
                return
            if not data:
                return
            self.output += data

    def press(self, keys: str) -> None:
        os.write(self.master, keys.encode())

    def close(self) -> None:
        if self.proc.poll() is None:
            os.killpg(self.proc.pid, signal.SIGKILL)
            self.proc.wait()
        os.close(self.master)


@pytest.fixture
def terminal(registry: Path, tmp_path: Path) -> Iterator[Terminal]:
    shutil.rmtree(registry / ".registry", ignore_errors=True)  # a cold audit, in worker processes
    args = [sys.executable, "-m", "registry", "tui", str(registry), "--today", TODAY.isoformat()]
    term = Terminal(args, tmp_path)
    yield term
    term.close()


def wait_for_workers(term: Terminal, timeout: float = 120.0) -> set[int]:
    """The audit's worker processes, once they run."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        assert term.proc.poll() is None, f"the console exited early:\n{term.output.decode(errors='replace')}"
        workers = children(term.proc.pid)
        if workers:
            return workers
        time.sleep(0.05)
    raise AssertionError("the audit never started worker processes")


def exit_time(term: Terminal) -> float:
    started = time.monotonic()
    try:
        term.proc.wait(timeout=60)
    except subprocess.TimeoutExpired:
        raise AssertionError("the console did not exit within 60 s of q") from None
    return time.monotonic() - started


@pytest.mark.slow
def test_q_while_the_audit_runs_exits_promptly_and_stops_the_workers(terminal: Terminal) -> None:
    workers = wait_for_workers(terminal)
    terminal.press("q")
    took = exit_time(terminal)
    print(f"q while loading: the console exited in {took:.2f} s")
    assert terminal.proc.returncode == 0
    assert took < EXIT_BOUND, f"q took {took:.1f} s while loading"
    assert not [pid for pid in workers if alive(pid)], "worker processes outlived the console"


@pytest.mark.slow
def test_reload_and_escape_while_loading_then_q(terminal: Terminal) -> None:
    first = wait_for_workers(terminal)
    terminal.press("r")  # replaces the load in progress: its workers stop
    deadline = time.monotonic() + 60
    while any(alive(pid) for pid in first):
        assert time.monotonic() < deadline, "the first load's workers kept running after a reload"
        time.sleep(0.05)
    second = wait_for_workers(terminal)
    terminal.press("\x1b")  # Escape
    time.sleep(0.5)  # a lone Escape is told from the start of a key sequence by a pause
    terminal.press("q")
    took = exit_time(terminal)
    print(f"q after a reload: the console exited in {took:.2f} s")
    assert terminal.proc.returncode == 0
    assert took < EXIT_BOUND, f"q took {took:.1f} s after a reload"
    assert not [pid for pid in first | second if alive(pid)], "worker processes outlived the console"
