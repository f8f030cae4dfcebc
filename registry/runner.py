"""Full-registry audits at scale: parallel parsing across cores and a cache of unchanged cards.

The audit's cost is parsing and validating every card. Cards are independent given
the owners and the policy, so a cold run spreads them over worker processes, and a
warm run reuses the findings of every card whose file (and runbook) has not changed
since the last run under the same settings, owners, date and tool version, the way
git's index trusts stat data. The cache is plain JSON: a cache file is data, never
code, so a cache committed by an untrusted pull request can at worst be ignored.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import multiprocessing
import os
import stat
import tempfile
import threading
from collections.abc import Callable, Iterable, Mapping
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from dataclasses import dataclass, field, fields
from datetime import date
from pathlib import Path
from typing import Any

from registry import __version__
from registry.audit import AuditResult, check_model, check_owner
from registry.findings import Finding, Severity
from registry.model import ModelCard, Owner, Policy, Record, text
from registry.portfolio import score_value
from registry.rules import load_catalog
from registry.rules.schema import duplicate_id_message
from registry.schema import SCHEMA_FILES, schema_dir
from registry.store import (
    CARD_FILE,
    list_model_folders,
    list_owner_files,
    load_card,
    load_owner,
    load_settings,
)

CACHE_DIR = ".registry"
CACHE_FILE = "audit-cache.json"
CACHE_FORMAT = 5
#: Below this many cards to parse, worker start-up costs more than it saves.
PARALLEL_THRESHOLD = 400
#: How often a parallel run looks at its ``cancel`` event while its workers work.
CANCEL_POLL_SECONDS = 0.05


class Cancelled(Exception):
    """The caller set the ``cancel`` event: the audit stopped, and so did its worker processes."""


def _stop_if(cancel: threading.Event | None) -> None:
    if cancel is not None and cancel.is_set():
        raise Cancelled


@dataclass(frozen=True, slots=True)
class ModelSummary:
    """What lists and tables show of a model, without keeping its whole document."""

    folder: str
    id: str
    name: str
    stage: str | None
    risk_tier: str | None
    kind: str | None
    owner: str | None
    backup_owner: str | None
    version: str | None
    validation_date: str | None
    validator: str | None
    bias_date: str | None
    bias_result: str | None
    broken: bool
    id_line: int = 1
    id_column: int = 1
    sponsor: str | None = None
    validation_result: str | None = None
    validated_version: str | None = None  # validation.model_version
    impact: int | None = None  # priority scores, when they are integers
    feasibility: int | None = None
    readiness: int | None = None

    @classmethod
    def of(cls, card: ModelCard) -> ModelSummary:
        newest = card.newest_bias_test()
        raw_id = card.get("id")
        line, column = card.pos(("id",))
        return cls(
            folder=card.folder,
            id=raw_id if isinstance(raw_id, str) else card.folder,
            name=card.name,
            stage=card.stage,
            risk_tier=card.risk_tier,
            kind=card.kind,
            owner=card.owner,
            backup_owner=card.backup_owner,
            version=card.version,
            validation_date=card.get_str("validation", "date"),
            validator=card.get_str("validation", "validator"),
            bias_date=newest[2].isoformat() if newest else None,
            bias_result=str(newest[1].get("result")) if newest and newest[1].get("result") else None,
            broken=card.broken,
            id_line=line,
            id_column=column,
            sponsor=card.get_str("sponsor"),
            validation_result=card.get_str("validation", "result"),
            validated_version=text(card.get("validation", "model_version")),
            impact=score_value(card.get("priority", "impact")),
            feasibility=score_value(card.get("priority", "feasibility")),
            readiness=score_value(card.get("priority", "readiness")),
        )


#: The cache stores a summary as a list in this order (smaller and faster than a mapping).
_SUMMARY_FIELDS = tuple(f.name for f in fields(ModelSummary))


@dataclass(slots=True)
class RegistryAudit:
    """A full audit plus per-model summaries: what `audit`, `list` and the console need."""

    result: AuditResult
    summaries: dict[str, ModelSummary]
    policy: Policy
    owners: dict[str, Owner]
    cache_hits: int = 0
    cache_misses: int = 0
    history_note: str | None = None  # why history rules were skipped, if they were
    waived: list[Finding] = field(default_factory=list)  # what waivers silence, sorted


# --------------------------------------------------------------------------- signatures


def _stat_sig(path: str) -> list[int] | None:
    try:
        st = os.stat(path)
    except (OSError, ValueError):
        return None
    return [st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]


def _card_sig(root: str, folder: str, runbook: str | None) -> list[Any]:
    """Stat data of the card and of the runbook it resolved to (or the default one).

    Plain string paths: on a warm run this is most of the work, 20,000 stats for
    10,000 cards, and pathlib objects would cost more than the stats.
    """
    base = f"{root}/models/{folder}"
    other = f"{root}/{runbook}" if runbook else f"{base}/runbook.md"
    return [_stat_sig(f"{base}/{CARD_FILE}"), runbook, _stat_sig(other)]


def _owners_digest(owners: list[Owner]) -> str:
    """What the owner records say, as parsed (safely, by the loader)."""
    digest = hashlib.blake2b(digest_size=20)
    for record in owners:
        state = {"path": record.path, "data": record.doc.data if record.doc else None, "error": record.error}
        digest.update(json.dumps(state, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def _context_key(settings: Record, owners_digest: str, today: date, extra: str = "") -> str:
    """Everything besides a card that its findings depend on.

    It hashes what was parsed (safely, by the loader) rather than re-reading files, so
    an owner file that is a FIFO, a device or a link out of the registry is never opened.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{CACHE_FORMAT}|{__version__}|{today.isoformat()}|{extra}|{owners_digest}".encode())
    digest.update(",".join(sorted(load_catalog())).encode())
    state = {"data": settings.doc.data if settings.doc else None, "error": settings.error}
    digest.update(json.dumps(state, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
    folder = schema_dir()
    for name in sorted(SCHEMA_FILES.values()):
        try:
            digest.update((folder / name).read_bytes())
        except OSError:
            digest.update(b"<missing>")
    for module in _rule_sources():
        digest.update(module)
    return digest.hexdigest()


def _rule_sources() -> list[bytes]:
    """The rule code itself, so a changed rule never serves stale findings (dev installs)."""
    here = Path(__file__).resolve().parent
    out = []
    for path in sorted([*here.glob("rules/*.py"), here / "audit.py", here / "store.py", here / "loader.py"]):
        try:
            st = os.stat(path)
            out.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}".encode())
        except OSError:
            continue
    return out


# --------------------------------------------------------------------------- cache


#: Largest cache file read back (about 600 bytes a card: 100,000 cards fit).
MAX_CACHE_BYTES = 256 * 1024 * 1024


def _read_cache_file(path: Path) -> bytes | None:
    """The cache file's bytes, if it is a regular file of sane size (never a link, FIFO or device).

    A pull request can commit anything at this path; it must not hang, flood memory
    or read outside the registry.
    """
    try:
        st = os.lstat(path)
        if not stat.S_ISREG(st.st_mode) or st.st_size > MAX_CACHE_BYTES:
            return None
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0))
    except OSError:
        return None
    with os.fdopen(fd, "rb") as handle:
        if not stat.S_ISREG(os.fstat(handle.fileno()).st_mode):
            return None
        raw = handle.read(MAX_CACHE_BYTES + 1)
    return raw if len(raw) <= MAX_CACHE_BYTES else None


def _read_cache(root: Path) -> dict[str, Any] | None:
    """The cache as written by a run of this format, or None (missing, corrupt, planted)."""
    folder = root / CACHE_DIR
    if folder.is_symlink():
        return None
    raw = _read_cache_file(folder / CACHE_FILE)
    if raw is None:
        return None
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return None
    if (
        not isinstance(data, dict)
        or data.get("format") != CACHE_FORMAT
        or not isinstance(data.get("cards"), dict)
    ):
        return None
    return data


def _save_cache(root: Path, data: dict[str, Any]) -> None:
    """Write the cache atomically (readers see the old file or the new one, never half)."""
    folder = root / CACHE_DIR
    try:
        folder.mkdir(exist_ok=True)
        if folder.is_symlink() or not folder.is_dir():
            return
        fd, tmp = tempfile.mkstemp(prefix=".audit-cache.", dir=folder)
    except OSError:
        return  # a read-only registry is audited without a cache
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as handle:
            json.dump({"format": CACHE_FORMAT, **data}, handle, separators=(",", ":"))
        os.replace(tmp, folder / CACHE_FILE)
    except OSError:
        with contextlib.suppress(OSError):
            os.unlink(tmp)


def _finding_row(f: Finding) -> list[Any]:
    return [f.rule, f.severity.value, f.path, f.line, f.column, f.message, f.field]


def _finding_from(row: list[Any], model: str | None) -> Finding:
    rule, severity, path, line, column, message, fld = row
    return Finding(rule, Severity(severity), model, path, line, column, message, fld)


def _decode_entry(folder: str, entry: Any) -> tuple[ModelSummary, list[Finding], list[Finding]] | None:
    try:
        summary = ModelSummary(*entry["summary"])
        findings = [_finding_from(row, folder) for row in entry["findings"]]
        waived = [_finding_from(row, folder) for row in entry["waived"]]
    except (KeyError, TypeError, ValueError):
        return None
    return summary, findings, waived


# --------------------------------------------------------------------------- work


@dataclass(frozen=True, slots=True)
class _Job:
    root: str
    owners: dict[str, Owner]
    policy: Policy
    today: date
    history: Mapping[str, object] | None
    source: Any = None  # a git tree for `--rev`/`--base`; None reads the disk


_JOB: _Job | None = None
#: Set by the parent when its caller cancels: a worker then stops before its next card.
_STOP: Any = None  # a multiprocessing Event, inherited through fork


def _init_worker(job: _Job, stop: Any = None) -> None:
    global _JOB, _STOP
    _JOB = job
    _STOP = stop
    load_catalog()


#: What a worker sends back for one card: folder, summary, findings, waived findings, runbook.
_Checked = tuple[str, list[Any], list[list[Any]], list[list[Any]], str | None]


def _check_one(job: _Job, folder: str) -> _Checked:
    card = load_card(job.source if job.source is not None else Path(job.root), folder)
    hist = job.history.get(folder) if job.history else None
    waived: list[Finding] = []
    findings = check_model(card, job.owners, job.policy, job.today, frozenset(), hist, waived)
    runbook = card.runbook.path if card.runbook else None
    summary = ModelSummary.of(card)
    return (
        folder,
        [getattr(summary, name) for name in _SUMMARY_FIELDS],
        [_finding_row(f) for f in findings],
        [_finding_row(f) for f in waived],
        runbook,
    )


def _check_chunk(folders: list[str]) -> list[_Checked]:
    assert _JOB is not None
    out: list[_Checked] = []
    for folder in folders:
        if _STOP is not None and _STOP.is_set():
            break  # cancelled: the parent discards what comes back
        out.append(_check_one(_JOB, folder))
    return out


def _run_here(job: _Job, folders: list[str], cancel: threading.Event | None) -> list[_Checked]:
    out: list[_Checked] = []
    for folder in folders:
        _stop_if(cancel)
        out.append(_check_one(job, folder))
    return out


def _run(job: _Job, folders: list[str], jobs: int, cancel: threading.Event | None = None) -> list[_Checked]:
    if jobs <= 1 or len(folders) < PARALLEL_THRESHOLD:
        return _run_here(job, folders, cancel)
    try:
        context = multiprocessing.get_context("fork")
    except ValueError:  # pragma: no cover - platforms without fork
        return _run_here(job, folders, cancel)
    size = max(25, len(folders) // (jobs * 32))  # small chunks: no worker idles at the end
    chunks = [folders[i : i + size] for i in range(0, len(folders), size)]
    out: list[_Checked] = []
    # Workers are asked to stop, never killed: a worker killed while it sends a result
    # leaves half a message in the pipe, and the pool's reader then waits for ever.
    stop = context.Event() if cancel is not None else None
    with ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_init_worker, initargs=(job, stop)
    ) as pool:
        futures = [pool.submit(_check_chunk, chunk) for chunk in chunks]
        pending = set(futures)
        while pending:
            if cancel is not None and stop is not None and cancel.is_set():
                stop.set()
                pool.shutdown(wait=True, cancel_futures=True)  # each worker ends its current card
                raise Cancelled
            poll = CANCEL_POLL_SECONDS if cancel is not None else None
            pending = wait(pending, timeout=poll, return_when=FIRST_COMPLETED).not_done
        for future in futures:
            out.extend(future.result())
    return out


def default_jobs() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - macOS
        return max(1, os.cpu_count() or 1)


def audit_registry(
    root: Path,
    today: date,
    *,
    jobs: int | None = None,
    cache: bool = True,
    history: Mapping[str, object] | Callable[[], Any] | None = None,
    history_key: str = "",
    revision: str | None = None,
    notes: Iterable[str] = (),
    source: Any = None,
    need_owners: bool = True,
    cancel: threading.Event | None = None,
) -> RegistryAudit:
    """Audit every model and owner file under ``root`` (or in ``source``, a git tree).

    Gives the same findings as :func:`registry.audit.run_audit` over
    :func:`registry.store.load_registry` (the tests hold them to it), faster. A git
    tree is read in parallel too but never cached: it has no stat data to trust.
    Without ``need_owners`` the returned ``owners`` may be empty: a warm run then
    parses no owner record (the CLI needs none; the console does).

    Setting ``cancel`` (from another thread) stops the audit soon after, at the next
    card (worker processes look at it between cards too): it raises :class:`Cancelled`
    once its workers have ended, and writes no cache. The console uses it to quit or
    reload at any moment.
    """
    root = root.resolve()
    root_s = os.fspath(root)
    where = source if source is not None else root
    cache = cache and source is None
    settings, policy, name = load_settings(where)
    owner_paths = list_owner_files(where)
    folders = list_model_folders(where)
    data = _read_cache(root) if cache else None

    def read_owners() -> list[Owner]:
        return [load_owner(where, rel) for rel in owner_paths]

    # Owner records key the cache by content; when their stat data has not moved since
    # the cache was written (and the caller needs no Owner objects), trust the digest
    # stored with it, so that a warm run of a big registry parses no owner file.
    owner_sigs = [[rel, _stat_sig(f"{root_s}/{rel}")] for rel in owner_paths] if cache else []
    owner_files: list[Owner] | None = None
    if (
        data is not None
        and not need_owners
        and data.get("owner_sigs") == owner_sigs
        and isinstance(data.get("owners_digest"), str)
    ):
        owners_digest: str = data["owners_digest"]
    else:
        owner_files = read_owners()
        owners_digest = _owners_digest(owner_files)
    context = _context_key(settings, owners_digest, today, history_key)
    valid = data is not None and data.get("context") == context
    if not valid and owner_files is None:  # the cache is stale anyway: read the owners
        owner_files = read_owners()
        owners_digest = _owners_digest(owner_files)
        context = _context_key(settings, owners_digest, today, history_key)
    cached: dict[str, Any] = data["cards"] if data is not None and valid else {}
    cached_note = data.get("history_note") if data is not None and valid else None

    summaries: dict[str, ModelSummary] = {}
    per_model: dict[str, list[Finding]] = {}
    waived: dict[str, list[Finding]] = {}
    entries: dict[str, Any] = {}
    misses: list[str] = []
    for folder in folders:
        _stop_if(cancel)
        entry = cached.get(folder)
        if isinstance(entry, dict):
            runbook = entry.get("runbook")
            if entry.get("sig") == _card_sig(root_s, folder, runbook if isinstance(runbook, str) else None):
                decoded = _decode_entry(folder, entry)
                if decoded is not None:
                    summaries[folder], per_model[folder], waived[folder] = decoded
                    entries[folder] = entry
                    continue
        misses.append(folder)
    if misses and owner_files is None:  # the cards to check need the owner records
        owner_files = read_owners()
        if _owners_digest(owner_files) != owners_digest:  # stat data lied: do not trust the cache
            return audit_registry(
                root,
                today,
                jobs=jobs,
                cache=False,
                history=history,
                history_key=history_key,
                revision=revision,
                notes=notes,
                need_owners=True,
                cancel=cancel,
            )
    owners = {o.id: o for o in owner_files} if owner_files is not None else {}

    # History (one `git log` over every card) is only needed for the cards to check:
    # a warm run that reuses every card never asks git, and keeps the note it had.
    note = cached_note if isinstance(cached_note, str) else None
    facts: Mapping[str, object] | None = None
    if callable(history):
        if misses:
            _stop_if(cancel)
            gathered = history()
            facts = getattr(gathered, "cards", None) if gathered is not None else None
            note = getattr(gathered, "note", None) if gathered is not None else None
    else:
        facts = history
    job = _Job(str(root), owners, policy, today, facts, source)
    _stop_if(cancel)
    for folder, summary, rows, waived_rows, runbook in _run(job, misses, jobs or default_jobs(), cancel):
        summaries[folder] = ModelSummary(*summary)
        per_model[folder] = [_finding_from(row, folder) for row in rows]
        waived[folder] = [_finding_from(row, folder) for row in waived_rows]
        entries[folder] = {
            "sig": _card_sig(root_s, folder, runbook),
            "runbook": runbook,
            "summary": summary,
            "findings": rows,
            "waived": waived_rows,
        }

    # Owner files' own findings: from the cache when the owners were not read, else fresh.
    owner_findings: list[Finding] | None = None
    if owner_files is None and data is not None:
        try:
            owner_findings = [_finding_from(row, None) for row in data["owner_findings"]]
        except (KeyError, TypeError, ValueError):  # a damaged cache entry: compute them
            owner_findings = None
    if owner_findings is None:
        owner_files = owner_files if owner_files is not None else read_owners()
        owner_findings = [f for owner in owner_files for f in check_owner(owner, policy)]
    owner_rows = [_finding_row(f) for f in owner_findings]
    if cache and (misses or not valid):
        _save_cache(
            root,
            {
                "context": context,
                "history_note": note,
                "owner_sigs": owner_sigs,
                "owners_digest": owners_digest,
                "owner_findings": owner_rows,
                "cards": entries,
            },
        )

    findings: list[Finding] = []
    for folder in folders:
        findings.extend(per_model[folder])
    findings.extend(_duplicate_findings(summaries, policy))
    findings.extend(owner_findings)
    findings.sort(key=Finding.sort_key)
    result = AuditResult(
        registry=name,
        root=str(root),
        today=today,
        revision=revision,
        models=folders,
        findings=findings,
        notes=list(notes),
    )
    silenced = sorted((f for folder in folders for f in waived[folder]), key=Finding.sort_key)
    result.waived = silenced
    return RegistryAudit(
        result, summaries, policy, owners, len(folders) - len(misses), len(misses), note, silenced
    )


def audit_working_tree(
    root: Path,
    today: date,
    *,
    jobs: int | None = None,
    cache: bool = True,
    need_owners: bool = True,
    cancel: threading.Event | None = None,
) -> RegistryAudit:
    """The whole registry as ``registry audit`` judges it: git history for VAL005, cache keyed on HEAD.

    ``registry audit``, ``registry index sync`` and the console call this, so that the
    index and the console hold exactly the findings the command prints.
    """
    from registry.audit import gather_history
    from registry.git import history_state

    policy = load_settings(root)[1]
    revision, state = history_state(root)
    return audit_registry(
        root,
        today,
        jobs=jobs,
        cache=cache,
        history=lambda: gather_history(root, policy),
        history_key=state,
        revision=revision,
        need_owners=need_owners,
        cancel=cancel,
    )


def _duplicate_findings(summaries: dict[str, ModelSummary], policy: Policy) -> list[Finding]:
    """SCH003 for ids used by more than one card (workers cannot see the other cards)."""
    from collections import Counter

    from registry.audit import final_severity
    from registry.rules import Hit

    counts = Counter(s.id for s in summaries.values() if not s.broken)
    rule = load_catalog()["SCH003"]
    out = []
    for folder, s in summaries.items():
        if s.broken or counts[s.id] < 2 or s.id == folder:
            continue
        message = duplicate_id_message(s.id)
        severity = final_severity(rule, Hit(message), policy)
        if severity is not None:
            out.append(
                Finding(
                    "SCH003",
                    severity,
                    folder,
                    f"models/{folder}/{CARD_FILE}",
                    s.id_line,
                    s.id_column,
                    message,
                    "id-duplicate",
                )
            )
    return out
