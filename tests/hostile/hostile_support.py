"""Shared tools for the hostile-input tests: run the CLI safely, check output, snapshot trees.

Every command here runs against files written to defeat it, so the tools bound what a
regression could do to the test run itself: subprocesses have a deadline, an address-space
cap and their peak memory measured; in-process tests have an alarm, so a read that
blocks (a FIFO) fails the test instead of hanging CI.
"""

from __future__ import annotations

import hashlib
import io
import os
import re
import resource
import signal
import stat
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from types import FrameType
from typing import Any

import pytest
from registry_support import TODAY as AUDIT_DAY

TODAY = AUDIT_DAY.isoformat()  # the shared audit date, as ``--today`` takes it
#: A run that takes longer than this has hung (the whole corpus audits in well under a second).
DEADLINE_SECONDS = 30.0
#: Peak resident memory any single command may use on the corpus.
MAX_RSS_MB = 300
#: Address-space cap for subprocesses: a bomb that escapes the limits fails instead of swapping.
ADDRESS_SPACE_BYTES = 3 * 1024**3

# Bytes a terminal acts on: C0 controls other than tab and newline, DEL, C1 controls (as UTF-8),
# and the bidirectional controls that make text read differently from what it is.
_UNSAFE_BYTES = re.compile(
    rb"[\x00-\x08\x0b-\x1f\x7f]"
    rb"|\xc2[\x80-\x9f]"
    rb"|\xd8\x9c"  # U+061C arabic letter mark
    rb"|\xe2\x80[\x8b-\x8f\xa8-\xae]"  # U+200B-200F, U+2028-202E
    rb"|\xe2\x81[\xa0-\xa9]"  # U+2060-2069
    rb"|\xef\xbb\xbf"  # U+FEFF
)


@dataclass(frozen=True)
class Run:
    """What one CLI invocation did."""

    args: tuple[str, ...]
    code: int
    stdout: bytes
    stderr: bytes
    seconds: float
    max_rss_mb: float

    @property
    def out(self) -> str:
        return self.stdout.decode("utf-8")

    @property
    def err(self) -> str:
        return self.stderr.decode("utf-8")

    def describe(self) -> str:
        return (
            f"registry {' '.join(self.args)} -> exit {self.code} in {self.seconds:.2f}s, "
            f"{self.max_rss_mb:.0f} MB\nstderr: {self.stderr[-2000:]!r}\nstdout: {self.stdout[-2000:]!r}"
        )


def _limit_child(address_space: int) -> Callable[[], None]:
    def limit() -> None:  # pragma: no cover - runs in the child
        resource.setrlimit(resource.RLIMIT_AS, (address_space, address_space))

    return limit


def cli_env(**extra: str) -> dict[str, str]:
    """A clean environment: no colour forcing, no debug, no date override from the caller."""
    env = {
        k: v
        for k, v in os.environ.items()
        if k not in ("FORCE_COLOR", "NO_COLOR", "REGISTRY_TODAY", "REGISTRY_DEBUG", "COLUMNS", "TERM")
    }
    env["PYTHONDONTWRITEBYTECODE"] = "1"
    env["TERM"] = "xterm-256color"
    env.update(extra)
    return env


def run_cli(
    *args: str,
    cwd: Path,
    timeout: float = DEADLINE_SECONDS,
    env: dict[str, str] | None = None,
    address_space: int = ADDRESS_SPACE_BYTES,
) -> Run:
    """Run ``python -m registry ARGS`` with a deadline; measure its own peak memory (wait4)."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        start = time.monotonic()
        proc = subprocess.Popen(
            [sys.executable, "-m", "registry", *args],
            cwd=cwd,
            stdin=subprocess.DEVNULL,
            stdout=out,
            stderr=err,
            env=env if env is not None else cli_env(),
            preexec_fn=_limit_child(address_space),
        )
        while True:
            pid, status, usage = os.wait4(proc.pid, os.WNOHANG)
            if pid:
                break
            if time.monotonic() - start > timeout:
                proc.kill()
                os.wait4(proc.pid, 0)
                proc.returncode = -9
                raise AssertionError(f"registry {' '.join(args)} hung: still running after {timeout:.0f}s")
            time.sleep(0.005)
        seconds = time.monotonic() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        return Run(
            args=tuple(args),
            code=proc.returncode,
            stdout=out.read(),
            stderr=err.read(),
            seconds=seconds,
            max_rss_mb=usage.ru_maxrss / 1024,  # KiB on Linux
        )


def unsafe_bytes(data: bytes) -> list[bytes]:
    """Every byte sequence in ``data`` that a terminal would act on (empty when inert)."""
    return sorted({m.group(0) for m in _UNSAFE_BYTES.finditer(data)})


def assert_inert(data: bytes, what: str = "output") -> None:
    found = unsafe_bytes(data)
    assert not found, f"{what} is not inert: contains {found!r}"
    data.decode("utf-8")  # strict: every byte is text a terminal can show


def assert_well_behaved(run: Run, *, codes: tuple[int, ...] = (0, 1)) -> None:
    """The contract every run on hostile input keeps, whatever the input."""
    assert b"Traceback" not in run.stderr, run.describe()
    assert b"internal error" not in run.stderr, run.describe()
    assert run.code in codes, run.describe()
    assert run.max_rss_mb < MAX_RSS_MB, run.describe()
    assert_inert(run.stdout, "stdout")
    assert_inert(run.stderr, "stderr")
    if run.code == 2:
        lines = run.stderr.decode("utf-8").splitlines()
        assert len(lines) == 1 and lines[0].startswith("registry: error: "), run.describe()


# --------------------------------------------------------------------------- tree snapshots


def snapshot(top: Path, *, skip: tuple[str, ...] = ()) -> dict[str, tuple[Any, ...]]:
    """Type, size, mtime and content digest of everything under ``top`` (links not followed).

    ``skip`` names folders (relative to ``top``) whose content may change, such as the
    registry's own ``.registry/`` cache.
    """
    out: dict[str, tuple[Any, ...]] = {}
    for folder, dirs, files in os.walk(top, followlinks=False):
        rel_folder = os.path.relpath(folder, top)
        dirs[:] = [d for d in dirs if os.path.normpath(os.path.join(rel_folder, d)) not in skip]
        for name in [*dirs, *files]:
            full = os.path.join(folder, name)
            rel = os.path.normpath(os.path.join(rel_folder, name))
            st = os.lstat(full)
            # a folder's mtime changes with what is created in it, which is reported itself
            mtime = None if stat.S_ISDIR(st.st_mode) else st.st_mtime_ns
            entry: tuple[Any, ...] = (stat.S_IFMT(st.st_mode), stat.S_IMODE(st.st_mode), mtime)
            if stat.S_ISREG(st.st_mode):
                digest = hashlib.blake2b(digest_size=16)
                with open(full, "rb") as handle:
                    for chunk in iter(lambda h=handle: h.read(1 << 20), b""):  # type: ignore[misc]
                        digest.update(chunk)
                entry += (st.st_size, digest.hexdigest())
            elif stat.S_ISLNK(st.st_mode):
                entry += (os.readlink(full),)
            out[rel] = entry
    return out


def diff_snapshots(before: dict[str, tuple[Any, ...]], after: dict[str, tuple[Any, ...]]) -> list[str]:
    changes = [f"removed {k}" for k in before.keys() - after.keys()]
    changes += [f"created {k}" for k in after.keys() - before.keys()]
    changes += [f"changed {k}" for k in before.keys() & after.keys() if before[k] != after[k]]
    return sorted(changes)


# --------------------------------------------------------------------------- in-process guard


class Hung(Exception):
    """Raised by the alarm when an in-process call blocks."""


@contextmanager
def deadline(seconds: float = DEADLINE_SECONDS) -> Iterator[None]:
    """Fail, rather than hang, when an in-process call blocks (e.g. opening a FIFO)."""

    def ring(signum: int, frame: FrameType | None) -> None:
        raise Hung(f"in-process call still running after {seconds:.0f}s")

    previous = signal.signal(signal.SIGALRM, ring)
    signal.alarm(int(seconds))
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


@pytest.fixture(autouse=True)
def _alarm() -> Iterator[None]:
    with deadline():
        yield


@dataclass
class Captured:
    code: int
    stdout: str
    stderr: str


def call_cli(capsysbinary: pytest.CaptureFixture[bytes], *args: str) -> Captured:
    """Run ``registry ARGS`` in-process (fast; used where a subprocess per case would be slow)."""
    from registry.cli import main

    capsysbinary.readouterr()
    try:
        code = main(list(args))
    except SystemExit as exc:  # argparse rejects the arguments
        code = int(exc.code or 0)
    captured = capsysbinary.readouterr()
    assert_inert(captured.out, "stdout")
    assert_inert(captured.err, "stderr")
    return Captured(code, captured.out.decode("utf-8"), captured.err.decode("utf-8"))


@dataclass
class ReadSpy:
    """Every file the code under test opened for reading, as real paths."""

    opened: list[str]

    def outside(self, *tops: Path) -> list[str]:
        roots = [os.path.realpath(t) for t in tops]
        return [p for p in self.opened if any(p == r or p.startswith(r + os.sep) for r in roots)]

    def devices(self) -> list[str]:
        return [p for p in self.opened if p.startswith("/dev/") and p not in ("/dev/null", "/dev/tty")]


@pytest.fixture
def read_spy(monkeypatch: pytest.MonkeyPatch) -> ReadSpy:
    """Record files opened for reading through io.open and open, and os.open fds actually read."""
    spy = ReadSpy([])
    real_os_open, real_io_open, real_read = os.open, io.open, os.read
    fds: dict[int, str] = {}

    def os_open(path: Any, flags: int, *args: Any, **kwargs: Any) -> int:
        fd = real_os_open(path, flags, *args, **kwargs)
        if isinstance(path, str | bytes | os.PathLike) and flags & os.O_ACCMODE == os.O_RDONLY:
            fds[fd] = os.path.realpath(os.fsdecode(path))
        return fd

    def os_read(fd: int, n: int) -> bytes:
        if fd in fds:
            spy.opened.append(fds[fd])
        return real_read(fd, n)

    def io_open(file: Any, *args: Any, **kwargs: Any) -> Any:
        mode = str(args[0] if args else kwargs.get("mode", "r"))
        if isinstance(file, str | bytes | os.PathLike) and not set(mode) & set("wax+"):
            spy.opened.append(os.path.realpath(os.fsdecode(file)))
        return real_io_open(file, *args, **kwargs)

    monkeypatch.setattr(os, "open", os_open)
    monkeypatch.setattr(os, "read", os_read)
    monkeypatch.setattr(io, "open", io_open)
    monkeypatch.setattr("builtins.open", io_open)
    return spy
