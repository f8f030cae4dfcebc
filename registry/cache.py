"""The audit cache: a layer of the engine that skips cards whose files have not changed.

A card's findings depend on the card, the files its reading consulted (the runbook it
resolved to, or the links and absent files that decided there was none) and the
context (settings, owners, rules, date, git history). The context is one key; every
consulted path carries its stat signature, taken *before* the path was read, so an
edit that lands while the audit runs changes the signature the next run sees. A
file changed within the file system's timestamp resolution of that stat ("racy", as
git calls it) would keep its signature, so such entries also keep a digest of the
bytes that were read, and are trusted only when the bytes still match.

The cache is plain JSON: data, never code. A cache committed by a pull request, damaged
on disk or written by another version can at worst be ignored: every entry is checked
for its exact shape before use, and a bad one is recomputed.
"""

from __future__ import annotations

import hashlib
import json
import os
import posixpath
import stat
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from registry import __version__
from registry.cache_file import (
    CACHE_DIR,
    CACHE_FILE,
    CACHE_FORMAT,
    Header,
    JSONValue,
    read_cards,
)
from registry.cache_file import save as write
from registry.findings import Finding, Severity
from registry.loader import LoadError, read_bytes
from registry.model import Owner, Record
from registry.rules import load_catalog
from registry.schema import SCHEMA_FILES, schema_dir
from registry.store import DiskSource
from registry.summary import ModelSummary, SummaryRow, summary_from_row, summary_row
from registry.waived import Suppression

#: A file modified this close to (or after) the start of the run that read it may change
#: again without changing its stat data (coarse timestamps): its bytes are checked too.
RACY_NS = 2_000_000_000

Sig = list[int]
#: One consulted path: relative path, stat signature (None: absent), whether it was read.
Probe = tuple[str, Sig | None, bool]
FindingRow = list[str | int]
#: A waiver quoted for SARIF: rule, reason, approved_by, expires (the model is the entry's).
QuoteRow = list[str]


def path_sig(path: str) -> Sig | None:
    """The lstat data of ``path``, and of what it points to when it is a link."""
    try:
        st = os.lstat(path)
    except (OSError, ValueError):
        return None
    sig = [st.st_mode, st.st_mtime_ns, st.st_ctime_ns, st.st_size, st.st_ino]
    if stat.S_ISLNK(st.st_mode):
        try:
            target = os.stat(path)
        except (OSError, ValueError):
            return [*sig, -1]
        sig += [target.st_mode, target.st_mtime_ns, target.st_ctime_ns, target.st_size, target.st_ino]
    return sig


def _racy(sig: Sig | None, since_ns: int) -> bool:
    if sig is None:
        return False
    times = [sig[1], sig[2], *(sig[6:8] if len(sig) > 6 else [])]
    return max(times) >= since_ns - RACY_NS


class ProbingSource(DiskSource):
    """The working tree, remembering every path a card's reading consulted and the bytes read.

    A signature is taken the first time a path is consulted, before it is read, so
    the cache can never pair new stat data with findings about older contents.
    """

    def __init__(self, root: Path) -> None:
        super().__init__(root)
        self._base = os.fspath(root)
        self.probes: dict[str, Probe] = {}
        self._digest = hashlib.blake2b(digest_size=16)

    def _probe(self, rel: str) -> None:
        key = posixpath.normpath(rel)
        if key not in self.probes:
            self.probes[key] = (key, path_sig(f"{self._base}/{key}"), False)

    def read_bytes(self, rel: str) -> bytes:
        self._probe(rel)
        raw = super().read_bytes(rel)
        key = posixpath.normpath(rel)
        self.probes[key] = (key, self.probes[key][1], True)
        _feed(self._digest, key, raw)
        return raw

    def lexists(self, rel: str) -> bool:
        self._probe(rel)
        return super().lexists(rel)

    def is_link(self, rel: str) -> bool:
        self._probe(rel)
        return super().is_link(rel)

    def digest(self) -> str:
        return self._digest.hexdigest()


def _feed(digest: hashlib.blake2b, rel: str, raw: bytes) -> None:
    digest.update(f"{rel}\x00{len(raw)}\x00".encode("utf-8", "surrogateescape"))
    digest.update(raw)


# --------------------------------------------------------------------------- entries


@dataclass(slots=True)
class CardOutcome:
    """One card checked: what lists show, its findings, what waivers hid (and the waivers
    that did, quoted), and how it was read."""

    summary: ModelSummary
    findings: list[Finding]
    waived: list[Finding]
    probes: list[Probe] = field(default_factory=list)  # empty for a git tree (never cached)
    digest: str = ""
    suppressions: list[Suppression] = field(default_factory=list)  # one per rule of ``waived``


def finding_row(f: Finding) -> FindingRow:
    return [f.rule, f.severity.value, f.path, f.line, f.column, f.message, f.field]


_SEVERITIES = {s.value: s for s in Severity}


def finding_from_row(row: JSONValue, model: str | None) -> Finding | None:
    """The finding a row describes, or None when the row is not exactly a finding."""
    if not isinstance(row, list) or len(row) != 7:
        return None
    rule, severity, path, line, column, message, fld = row
    if not (
        type(rule) is str
        and type(severity) is str
        and severity in _SEVERITIES
        and type(path) is str
        and type(line) is int
        and type(column) is int
        and line >= 1
        and column >= 1
        and type(message) is str
        and type(fld) is str
    ):
        return None
    return Finding(rule, _SEVERITIES[severity], model, path, line, column, message, fld)


def findings_from_rows(rows: JSONValue, model: str | None) -> list[Finding] | None:
    if not isinstance(rows, list):
        return None
    out = []
    for row in rows:
        finding = finding_from_row(row, model)
        if finding is None:
            return None
        out.append(finding)
    return out


def quote_row(s: Suppression) -> QuoteRow:
    return [s.rule, s.reason, s.approved_by, s.expires]


def quotes_from_rows(rows: JSONValue, model: str, waived: list[Finding]) -> list[Suppression] | None:
    """The quoted waivers a row list describes: exactly one per rule of ``waived``, or None."""
    if rows is None:
        rows = []
    if not isinstance(rows, list):
        return None
    out = []
    for row in rows:
        if not (isinstance(row, list) and len(row) == 4 and all(type(v) is str for v in row)):
            return None
        out.append(Suppression(model, *row))
    rules = [s.rule for s in out]
    return out if rules == sorted({f.rule for f in waived}) else None


def encode(outcome: CardOutcome, racy: bool) -> dict[str, JSONValue]:
    entry: dict[str, JSONValue] = {
        "probe": [list(p) for p in outcome.probes],
        "digest": outcome.digest if racy else None,
        "summary": summary_row(outcome.summary),
        "findings": [finding_row(f) for f in outcome.findings],
        "waived": [finding_row(f) for f in outcome.waived],
    }
    if outcome.suppressions:  # most cards waive nothing: no key, no bytes
        entry["waivers"] = [quote_row(s) for s in outcome.suppressions]
    return entry


def _probes(value: JSONValue, card_rel: str) -> list[Probe] | None:
    if not isinstance(value, list) or not value:
        return None
    out: list[Probe] = []
    for item in value:
        if not (isinstance(item, list) and len(item) == 3 and type(item[0]) is str and type(item[2]) is bool):
            return None
        sig = item[1]
        if sig is not None and not (
            isinstance(sig, list) and len(sig) in (5, 6, 10) and all(type(v) is int for v in sig)
        ):
            return None
        out.append((item[0], sig, item[2]))
    return out if out[0][0] == card_rel else None


def reuse(root: Path, folder: str, entry: JSONValue) -> CardOutcome | None:
    """The cached outcome of ``folder`` if the entry is sound and its files are unchanged."""
    if not isinstance(entry, dict):
        return None
    probes = _probes(entry.get("probe"), f"models/{folder}/model_card.yaml")
    if probes is None:
        return None
    base = os.fspath(root)
    for rel, sig, _read in probes:
        if path_sig(f"{base}/{rel}") != sig:
            return None
    digest = entry.get("digest")
    if digest is not None and (type(digest) is not str or _digest_now(root, probes) != digest):
        return None
    summary = summary_from_row(entry.get("summary"), folder)
    findings = findings_from_rows(entry.get("findings"), folder)
    waived = findings_from_rows(entry.get("waived"), folder)
    if summary is None or findings is None or waived is None:
        return None
    quotes = quotes_from_rows(entry.get("waivers"), folder, waived)
    if quotes is None:
        return None
    return CardOutcome(summary, findings, waived, probes, digest or "", quotes)


def _digest_now(root: Path, probes: Iterable[Probe]) -> str | None:
    digest = hashlib.blake2b(digest_size=16)
    for rel, _sig, was_read in probes:
        if was_read:
            try:
                _feed(digest, rel, read_bytes(root, rel))
            except LoadError:
                return None
    return digest.hexdigest()


def racy(outcome: CardOutcome, since_ns: int) -> bool:
    return any(_racy(sig, since_ns) for _rel, sig, _read in outcome.probes)


# --------------------------------------------------------------------------- context


def owners_digest(owners: Iterable[Owner]) -> str:
    """What the owner records say, as parsed (safely, by the loader)."""
    digest = hashlib.blake2b(digest_size=20)
    for record in owners:
        error = record.error
        problem = [error.message, error.line, error.column] if error is not None else None
        state = {"path": record.path, "data": record.doc.data if record.doc else None, "error": problem}
        digest.update(json.dumps(state, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
    return digest.hexdigest()


def context_key(settings: Record, owners: str, today: date, history: str) -> str:
    """Everything besides a card that its findings depend on.

    It hashes what was parsed (safely, by the loader) rather than re-reading files, so
    an owner file that is a FIFO, a device or a link out of the registry is never opened.
    """
    digest = hashlib.blake2b(digest_size=20)
    digest.update(f"{CACHE_FORMAT}|{__version__}|{today.isoformat()}|{history}|{owners}".encode())
    digest.update(",".join(sorted(load_catalog())).encode())
    state = {"data": settings.doc.data if settings.doc else None, "error": settings.error is not None}
    digest.update(json.dumps(state, sort_keys=True, default=str).encode("utf-8", "surrogateescape"))
    folder = schema_dir()
    for name in sorted(SCHEMA_FILES.values()):
        try:
            digest.update((folder / name).read_bytes())
        except OSError:
            digest.update(b"<missing>")
    for module in _code_stamps():
        digest.update(module)
    return digest.hexdigest()


def _code_stamps() -> list[bytes]:
    """The rule and engine code itself, so a changed rule never serves stale findings (dev installs)."""
    here = Path(__file__).resolve().parent
    names = (
        "checks.py",
        "engine.py",
        "parallel.py",
        "summary.py",
        "cache.py",
        "cache_file.py",
        "store.py",
        "document.py",
        "yaml12.py",
        "files.py",
        "markdown.py",
        "schema.py",
        "waived.py",
    )
    out = []
    for path in sorted([*here.glob("rules/*.py"), *(here / n for n in names)]):
        try:
            st = os.stat(path)
            out.append(f"{path.name}:{st.st_mtime_ns}:{st.st_size}".encode())
        except OSError:
            continue
    return out


@dataclass(slots=True)
class Stored:
    """What a cache file holds for the current context (a stale one is never parsed)."""

    cards: dict[str, JSONValue]
    history_note: str | None
    owner_sigs: JSONValue
    owner_findings: list[Finding] | None


def stored(root: Path, header: Header, context: str) -> Stored | None:
    """The cache's entries when ``header`` was written under ``context``, else None."""
    if header.get("context") != context:
        return None
    note = header.get("history_note")
    return Stored(
        cards=read_cards(root, header),
        history_note=note if isinstance(note, str) else None,
        owner_sigs=header.get("owner_sigs"),
        owner_findings=findings_from_rows(header.get("owner_findings"), None),
    )


def save(
    root: Path,
    started: int,
    context: str,
    note: str | None,
    sigs: list[list[JSONValue]],
    owners_digest: str,
    owner_findings: list[Finding],
    outcomes: dict[str, CardOutcome],
) -> None:
    """Write the cache: entries of files changed since ``started`` (ns) keep their digest."""
    header: dict[str, JSONValue] = {
        "context": context,
        "history_note": note,
        "owner_sigs": None if sigs_racy(sigs, started) else sigs,
        "owners_digest": owners_digest,
        "owner_findings": [finding_row(f) for f in owner_findings],
    }
    cards: dict[str, JSONValue] = {f: encode(o, racy(o, started)) for f, o in outcomes.items()}
    write(root, header, cards)


def owner_sigs(root: Path, paths: Iterable[str]) -> list[list[JSONValue]]:
    base = os.fspath(root)
    return [[rel, path_sig(f"{base}/{rel}")] for rel in paths]


def sigs_racy(sigs: list[list[JSONValue]], since_ns: int) -> bool:
    return any(isinstance(s, list) and _racy(s, since_ns) for _rel, s in sigs)


__all__ = ["CACHE_DIR", "CACHE_FILE", "CardOutcome", "ModelSummary", "SummaryRow"]
