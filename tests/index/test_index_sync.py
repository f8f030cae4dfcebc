"""``registry index sync`` on SQLite and on a real PostgreSQL: whole syncs or none, never half."""

from __future__ import annotations

import json
import signal
from pathlib import Path
from typing import Any

from index_support import Backend, git, paused_sync, registry_cmd

from registry.index.db import open_index
from registry.index.read import findings, models, registries


def state(url: str) -> dict[str, Any]:
    """What a reader sees: registries with their counts, models and findings per registry."""
    index = open_index(url)
    try:
        regs = registries(index)
        return {
            "registries": sorted(
                (r.name, r.counts.models, r.counts.errors, r.counts.warnings, r.counts.waived) for r in regs
            ),
            "models": sorted((m.registry, m.folder, m.errors) for m in models(index)),
            "findings": sorted(
                (f.registry_id, f.finding.model or "", f.finding.rule, f.finding.line, f.waived)
                for f in findings(index)
            ),
        }
    finally:
        index.close()


def audit_json(root: Path) -> list[tuple[Any, ...]]:
    ran = registry_cmd("audit", str(root), "--format", "json")
    assert ran.returncode in (0, 1), ran.stderr
    return sorted(
        (f["rule"], f["model"], f["path"], f["line"], f["column"]) for f in json.loads(ran.stdout)["findings"]
    )


def test_sync_holds_exactly_what_audit_reports(backend: Backend, make_repo: Any) -> None:
    root = make_repo("alpha", models=4, remote="https://user:token@git.example/acme/alpha.git")
    ran = registry_cmd("index", "sync", str(root), "--db", backend.url)
    assert ran.returncode == 0, ran.stderr
    assert "added Registry alpha at" in ran.stdout and "4 models, 1 errors" in ran.stdout
    index = open_index(backend.url)
    try:
        (reg,) = registries(index)
        assert reg.key == "https://git.example/acme/alpha" and reg.origin == "https://git.example/acme/alpha"
        assert reg.revision == git(root, "rev-parse", "HEAD")
        got = sorted(
            (f.finding.rule, f.finding.model, f.finding.path, f.finding.line, f.finding.column)
            for f in findings(index)
            if f.registry_id == reg.id
        )
    finally:
        index.close()
    assert got == audit_json(root)
    assert "token" not in json.dumps(state(backend.url)) and "token" not in ran.stdout


def test_resync_is_idempotent_and_replaces_the_registry_rows(backend: Backend, make_repo: Any) -> None:
    root = make_repo("alpha", models=3)
    for _ in range(2):
        assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    first = state(backend.url)
    assert first["registries"] == [("Registry alpha", 3, 1, 0, 0)]
    index = open_index(backend.url)
    (reg,) = registries(index)
    from registry.index.read import history

    assert len(history(index)[reg.id]) == 1  # an unchanged re-sync adds no snapshot
    index.close()
    # A model removed and another broken: the index follows, nothing of the old rows stays.
    git(root, "rm", "-rq", "models/alpha-m2")
    (root / "models" / "alpha-m1" / "model_card.yaml").write_text("id: [unclosed\n")
    git(root, "commit", "-qam", "drop one, break one")
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    after = state(backend.url)
    assert [m[1] for m in after["models"]] == ["alpha-m0", "alpha-m1"]
    assert ("Registry alpha", "alpha-m1", 1) in after["models"]
    index = open_index(backend.url)
    assert len(history(index)[reg.id]) == 2
    index.close()


def test_waived_findings_are_kept_and_marked(backend: Backend, h: Any, tmp_path: Path) -> None:
    waiver = {
        "rule": "BIA001",
        "reason": "vendor test in Q1",
        "approved_by": "cro-office",
        "expires": "2027-01-31",
    }
    root = h.make_registry(tmp_path, cards={"m1": h.baseline_card("m1", bias_tests=[], waivers=[waiver])})
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    index = open_index(backend.url)
    try:
        everything = findings(index, waived=True)
        assert [(f.finding.rule, f.waived) for f in everything] == [("BIA001", True)]
        assert findings(index) == []
        (model,) = models(index)
        assert (model.errors, model.waived, model.bias_state) == (0, 1, "waived")
        (reg,) = registries(index)
        assert reg.key == f"file://{root}" and reg.origin is None
    finally:
        index.close()


def test_concurrent_syncs_of_two_registries(backend: Backend, make_repo: Any, tmp_path: Path) -> None:
    one, two = make_repo("alpha"), make_repo("beta")
    (tmp_path / "sync-a").mkdir()
    paused = paused_sync(tmp_path / "sync-a" / "marker", "index", "sync", str(one), "--db", backend.url)
    other = (
        registry_cmd("index", "sync", str(two), "--db", backend.url, timeout=120)
        if backend.kind == "postgresql"
        else None
    )
    if other is not None:  # PostgreSQL: the other registry's sync does not wait for this one
        assert other.returncode == 0, other.stderr
    (tmp_path / "sync-a" / "go").write_text("")
    _out, err = paused.communicate(timeout=120)
    assert paused.returncode == 0, err
    if other is None:  # SQLite: one writer at a time; the second runs after
        assert registry_cmd("index", "sync", str(two), "--db", backend.url).returncode == 0
    names = [r[0] for r in state(backend.url)["registries"]]
    assert names == ["Registry alpha", "Registry beta"]
    assert len(state(backend.url)["models"]) == 6


def test_two_processes_syncing_one_registry_queue(backend: Backend, make_repo: Any, tmp_path: Path) -> None:
    import subprocess
    import sys

    root = make_repo("alpha")
    folder = tmp_path / "sync-a"
    folder.mkdir()
    paused = paused_sync(folder / "marker", "index", "sync", str(root), "--db", backend.url)
    second = subprocess.Popen(
        [sys.executable, "-m", "registry", "index", "sync", str(root), "--db", backend.url],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    if backend.server is not None:  # PostgreSQL: the second really waits on the registry's lock
        _wait_for_lock_wait(backend)
    try:
        second.wait(timeout=3)
        raise AssertionError("the second sync of one registry did not wait for the first")
    except subprocess.TimeoutExpired:
        pass
    (folder / "go").write_text("")
    assert paused.wait(timeout=120) == 0, paused.communicate()[1]
    assert second.wait(timeout=120) == 0, second.communicate()[1]
    result = state(backend.url)
    assert result["registries"] == [("Registry alpha", 3, 1, 0, 0)]
    assert len(result["models"]) == 3 and len(result["findings"]) == 1


def test_a_sync_killed_halfway_leaves_the_previous_state(
    backend: Backend, make_repo: Any, tmp_path: Path
) -> None:
    root = make_repo("alpha", models=3)
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    before = state(backend.url)
    git(root, "rm", "-rq", "models/alpha-m1")
    git(root, "commit", "-qm", "drop one")
    folder = tmp_path / "killed"
    folder.mkdir()
    paused = paused_sync(folder / "marker", "index", "sync", str(root), "--db", backend.url)
    try:
        assert state(backend.url) == before  # a reader meanwhile sees the whole previous sync
    finally:
        paused.send_signal(signal.SIGKILL)
        paused.wait(timeout=30)
    assert state(backend.url) == before
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    assert len(state(backend.url)["models"]) == 2


def _wait_for_lock_wait(backend: Backend) -> None:
    import time

    assert backend.server is not None
    deadline = time.monotonic() + 120
    with backend.server.admin(backend.url.rsplit("/", 1)[1]) as admin:
        while True:
            waiting = admin.execute(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted"
            )
            if waiting.fetchone() == (1,):
                return
            assert time.monotonic() < deadline, "the second sync never waited for the registry's lock"
            time.sleep(0.1)
