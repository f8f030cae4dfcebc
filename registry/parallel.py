"""How the engine checks cards: in this process, or spread over worker processes.

Cards are independent given the owners and the policy, so a cold audit of a large
registry reads and checks them in forked workers, in small chunks so no worker idles
at the end. Below :data:`PARALLEL_THRESHOLD` cards, starting workers costs more than
it saves. Either way a card is read once and everything about it (findings, summary,
the signature the cache keeps) derives from those bytes.

A run must stop cleanly whenever it is told to: SIGINT, SIGTERM (what CI runners and
``timeout`` send) or the console's cancel. Workers ignore SIGINT (the parent decides),
write nothing to the reader's stdout (it is /dev/null in them, so ``registry audit |
wc -l`` ends when the parent does), die with the parent on Linux, and are terminated
when the parent stops early.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Protocol

from registry.cache import CardOutcome, ProbingSource, finding_row, quote_row
from registry.checks import Context, check_model
from registry.errors import Cancelled
from registry.findings import Finding, Severity
from registry.model import ModelCard
from registry.rules import load_catalog
from registry.store import DiskSource, Source, load_card
from registry.summary import ModelSummary, summary_row
from registry.waived import Suppression, quote

#: Below this many cards to check, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 400
#: How often a parallel run looks at its ``cancel`` while its workers work.
CANCEL_POLL_SECONDS = 0.05


class Cancel(Protocol):
    """Anything with ``is_set()``, such as a :class:`threading.Event` the console sets."""

    def is_set(self) -> bool: ...


def check_card(card: ModelCard, ctx: Context) -> CardOutcome:
    """Judge a card read once: its findings, what waivers silenced and those waivers' words."""
    waived: list[Finding] = []
    findings = check_model(card, ctx, waived)
    quotes = quote(card, ctx.owners, ctx.today, waived)
    return CardOutcome(ModelSummary.of(card), findings, waived, suppressions=quotes)


def read_and_check(src: Source, folder: str, ctx: Context, probing: bool) -> CardOutcome:
    """Read one model folder once and judge it; with ``probing``, keep what the cache needs."""
    if probing and isinstance(src, DiskSource):
        probe = ProbingSource(src.root)
        outcome = check_card(load_card(probe, folder), ctx)
        outcome.probes = list(probe.probes.values())
        outcome.digest = probe.digest()
        return outcome
    return check_card(load_card(src, folder), ctx)


def check_cards(
    src: Source,
    folders: list[str],
    ctx: Context,
    *,
    probing: bool,
    jobs: int | None,
    cancel: Cancel | None,
    read: dict[str, ModelCard],
) -> dict[str, CardOutcome]:
    """Every folder checked, by folder; ``read`` holds cards the caller already read."""
    out: dict[str, CardOutcome] = {}
    todo = [f for f in folders if f not in read]
    workers = jobs or default_jobs()
    if workers > 1 and len(todo) >= PARALLEL_THRESHOLD and _can_fork():
        out.update(_in_workers(_Job(src, ctx, probing), todo, workers, cancel))
    for folder in folders:
        if folder in out:
            continue
        if cancel is not None and cancel.is_set():
            raise Cancelled
        card = read.get(folder)
        out[folder] = check_card(card, ctx) if card is not None else read_and_check(src, folder, ctx, probing)
    return {f: out[f] for f in folders}


# --------------------------------------------------------------------------- workers


@dataclass(frozen=True, slots=True)
class _Job:
    src: Source  # inherited by fork, never pickled (a git tree holds open pipes)
    ctx: Context
    probing: bool


@dataclass(slots=True)
class _WorkerState:
    job: _Job | None = None


_STATE = _WorkerState()

#: What a worker sends back for one card (rows pickle several times faster than objects).
_Wire = tuple[
    str, list[object], list[list[str | int]], list[list[str | int]], list[list[object]], str, list[list[str]]
]


def _init_worker(job: _Job) -> None:
    _STATE.job = job
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # the parent decides what an interrupt means
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    with contextlib.suppress(OSError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 1)  # never hold the reader's end of `registry audit | ...` open
        os.close(devnull)
    _die_with_parent()
    load_catalog()


def _die_with_parent() -> None:
    """Linux: the kernel ends this worker when its parent dies, however it dies."""
    with contextlib.suppress(Exception):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        pr_set_pdeathsig = 1
        libc.prctl(pr_set_pdeathsig, signal.SIGKILL)
        if os.getppid() == 1:  # the parent died before prctl: nobody waits for us
            os._exit(1)


def _check_chunk(folders: list[str]) -> list[_Wire]:
    job = _STATE.job
    assert job is not None
    out: list[_Wire] = []
    for folder in folders:
        o = read_and_check(job.src, folder, job.ctx, job.probing)
        out.append(
            (
                folder,
                list(summary_row(o.summary)),
                [finding_row(f) for f in o.findings],
                [finding_row(f) for f in o.waived],
                [list(p) for p in o.probes],
                o.digest,
                [quote_row(q) for q in o.suppressions],
            )
        )
    return out


def _finding(row: list[str | int], model: str) -> Finding:
    rule, severity, path, line, column, message, fld = row
    return Finding(
        str(rule), Severity(str(severity)), model, str(path), int(line), int(column), str(message), str(fld)
    )


def _unwire(wire: _Wire) -> CardOutcome:
    folder, summary, rows, waived, probes, digest, quotes = wire
    return CardOutcome(
        ModelSummary(*summary),  # type: ignore[arg-type]  # made by summary_row in the worker
        [_finding(r, folder) for r in rows],
        [_finding(r, folder) for r in waived],
        [(str(p[0]), p[1], bool(p[2])) for p in probes],  # type: ignore[misc]
        digest,
        [Suppression(folder, *q) for q in quotes],
    )


def _in_workers(
    job: _Job, folders: list[str], workers: int, cancel: Cancel | None
) -> Iterator[tuple[str, CardOutcome]]:
    size = max(25, len(folders) // (workers * 32))  # small chunks: no worker idles at the end
    chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
    pool = multiprocessing.get_context("fork").Pool(workers, initializer=_init_worker, initargs=(job,))
    poll = CANCEL_POLL_SECONDS if cancel is not None else None
    try:
        parts = pool.imap(_check_chunk, chunks)
        while True:
            try:
                part = parts.next(poll)
            except StopIteration:
                break
            except multiprocessing.TimeoutError:
                part = []
            if cancel is not None and cancel.is_set():
                raise Cancelled
            for wire in part:
                yield wire[0], _unwire(wire)
        pool.close()
    except BaseException:
        pool.terminate()  # SIGTERM to every worker, now: never wait for their chunks
        raise
    finally:
        pool.join()


def _can_fork() -> bool:
    return "fork" in multiprocessing.get_all_start_methods()


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS
        return max(1, os.cpu_count() or 1)
