"""The local cache (``.registry/``) as hostile input: corrupt, forged, special, contended.

``.registry/`` is git-ignored, but a pull request can still force-add a file or a link
there, and two audits can run at once (an editor's pre-commit hook and a terminal).
The cache may speed an audit up; it must never change what the audit reports, crash
it, block it, or make it read outside the registry.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import PAYLOAD, SECRET, dump, write_base
from hostile_support import TODAY, assert_well_behaved, call_cli, cli_env, run_cli

from registry import cache_file

CACHE = Path(".registry") / "audit-cache.json"


def _registry(tmp_path: Path) -> Path:
    root = write_base(tmp_path / "registry")
    (root / "models" / "broken").mkdir()
    (root / "models" / "broken" / "model_card.yaml").write_text("id: broken\nname: a\nname: b\n")
    return root


def _report(root: Path, *extra: str, notes: bool = False) -> dict[str, Any]:
    """The JSON report of a subprocess run; without ``notes`` (see the xfail on the warm run)."""
    ran = run_cli("audit", "--today", TODAY, "--format", "json", *extra, cwd=root)
    assert_well_behaved(ran)
    data: dict[str, Any] = json.loads(ran.stdout)
    if not notes:
        data.pop("notes", None)
    return data


def _report_here(capsysbinary: pytest.CaptureFixture[bytes], root: Path, *extra: str) -> dict[str, Any]:
    """The same, in-process (fast) for caches that cannot block."""
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--format", "json", *extra)
    assert ran.code == 1, ran
    data: dict[str, Any] = json.loads(ran.stdout)
    data.pop("notes", None)
    data.pop("root", None)
    return data


@pytest.fixture
def root(tmp_path: Path) -> Path:
    return _registry(tmp_path)


def _garbage(path: Path) -> None:
    path.write_bytes(os.urandom(4096))


def _deep(path: Path) -> None:
    path.write_text("[" * 200_000)


def _folder(path: Path) -> None:
    path.mkdir()


def _wrong_types(path: Path) -> None:
    path.write_text(json.dumps({"format": "x", "context": [], "cards": "no"}))


def _outside_json(path: Path) -> None:
    outside = path.parents[2] / "outside.json"
    outside.write_text(json.dumps({"format": 1, "context": SECRET, "cards": {}}))
    os.symlink(outside, path)


SPOILERS: dict[str, Callable[[Path], None]] = {
    "garbage-bytes": _garbage,
    "deeply-nested-json": _deep,
    "folder": _folder,
    "wrong-types": _wrong_types,
    "link-to-a-file-outside": _outside_json,
}


@pytest.mark.parametrize("spoil", list(SPOILERS.values()), ids=list(SPOILERS))
def test_unusable_cache_is_ignored(
    root: Path, capsysbinary: pytest.CaptureFixture[bytes], spoil: Callable[[Path], None]
) -> None:
    expected = _report_here(capsysbinary, root, "--no-cache")
    (root / ".registry").mkdir()
    spoil(root / CACHE)
    assert _report_here(capsysbinary, root) == expected
    assert _report_here(capsysbinary, root) == expected  # and again, with whatever the first run left


def test_forged_entries_are_never_trusted_blindly(
    root: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """Entries with impossible values are recomputed; hostile text in one stays inert."""
    expected = _report_here(capsysbinary, root, "--no-cache")
    _report_here(capsysbinary, root)  # writes a real cache
    data = cache_file.load(root)
    assert data is not None
    for entry in data["cards"].values():
        entry["findings"] = [["SCH999", "bogus", "../../etc/passwd", "x", -1, PAYLOAD, None]]
        entry["summary"] = {"folder": PAYLOAD}
    cache_file.store(root, data)
    assert _report_here(capsysbinary, root) == expected


def test_cache_is_not_a_write_path_out_of_the_registry(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A .registry link to another folder is not written through."""
    root = _registry(tmp_path)
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    os.symlink(elsewhere, root / ".registry")
    _report_here(capsysbinary, root)
    assert list(elsewhere.iterdir()) == []


def test_a_file_where_the_cache_folder_should_be(
    root: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    expected = _report_here(capsysbinary, root, "--no-cache")
    (root / ".registry").write_text("not a folder\n")
    assert _report_here(capsysbinary, root) == expected
    assert (root / ".registry").read_text() == "not a folder\n"


def test_concurrent_audits_share_the_cache_safely(root: Path) -> None:
    """Four audits at once (writers race on the cache): same report, no temp file left."""
    expected = _report(root, "--no-cache")
    procs = [
        subprocess.Popen(
            [sys.executable, "-m", "registry", "audit", "--today", TODAY, "--format", "json"],
            cwd=root,
            env=cli_env(),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
        )
        for _ in range(4)
    ]
    for proc in procs:
        out, err = proc.communicate(timeout=60)
        assert b"Traceback" not in err and proc.returncode == 1, err
        report = json.loads(out)
        report.pop("notes", None)
        assert report == expected
    leftovers = [p.name for p in (root / ".registry").iterdir() if p.name != CACHE.name]
    assert leftovers == []


def test_cache_fifo_does_not_hang(root: Path) -> None:
    (root / ".registry").mkdir()
    os.mkfifo(root / CACHE)
    # a hang guard, not a speed target: room for a loaded CI machine
    assert_well_behaved(run_cli("audit", "--today", TODAY, cwd=root, timeout=30))


def test_cache_device_link_is_not_read(root: Path) -> None:
    (root / ".registry").mkdir()
    os.symlink("/dev/zero", root / CACHE)
    assert_well_behaved(run_cli("audit", "--today", TODAY, cwd=root, timeout=10, address_space=1024**3))


def test_warm_audit_reports_the_same_notes(root: Path) -> None:
    cold = _report(root, notes=True)
    assert cold["notes"], "outside git the audit says why history rules were skipped"
    assert _report(root, notes=True) == cold


def test_cache_is_keyed_on_today(root: Path) -> None:
    """A cache written on one day never answers for another (ages change findings)."""
    folder = root / "models" / "aged"
    folder.mkdir()
    card: dict[str, object] = {
        "id": "aged",
        "name": "Aged",
        "version": "1",
        "kind": "predictive",
        "stage": "pilot",
    }
    card |= {"risk_tier": "low", "owner": "team-a", "purpose": "p", "limitations": ["l"]}
    card |= {"pilot": {"start": "2026-01-01", "exit_criteria": ["x"]}}
    (folder / "model_card.yaml").write_text(dump(card))
    early = run_cli("audit", "--today", "2026-01-02", "--format", "json", cwd=root)
    late = run_cli("audit", "--today", TODAY, "--format", "json", cwd=root)
    rules = [
        {f["rule"] for f in json.loads(r.stdout)["findings"] if f["model"] == "aged"} for r in (early, late)
    ]
    assert "PIL002" not in rules[0] and "PIL002" in rules[1]
