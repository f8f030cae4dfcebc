"""Opening the index: versions, read-only readers, and every way a database can refuse us."""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pg_server
import pytest
from index_support import Backend, paused_sync, registry_cmd
from sqlalchemy import inspect, text
from sqlalchemy.exc import SQLAlchemyError

from registry.index import db as index_db
from registry.index import schema
from registry.index.db import open_index
from registry.index.read import registries
from registry.index.url import IndexFailure


def one_line_error(ran: subprocess.CompletedProcess[str]) -> str:
    assert ran.returncode == 2, (ran.returncode, ran.stdout, ran.stderr)
    assert ran.stderr.count("\n") == 1 and ran.stderr.startswith("registry: error: "), ran.stderr
    assert "Traceback" not in ran.stderr
    return ran.stderr


def test_a_newer_database_is_refused_and_left_alone(backend: Backend, h: Any, tmp_path: Path) -> None:
    root = h.make_registry(tmp_path)
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    index = open_index(backend.url, write=True)
    with index.transaction() as conn:
        conn.execute(text("UPDATE registry_schema SET version = 99"))
    index.close()
    for args in (["index", "sync", str(root)], ["list"], ["index", "status"]):
        err = one_line_error(registry_cmd(*args, "--db", backend.url))
        assert "newer version of registry (index schema 99" in err
    with pytest.raises(IndexFailure, match="newer version"):
        open_index(backend.url, write=True)
    raw = index_db._engine(index_db.parse_url(backend.url), True)
    with raw.begin() as conn:
        assert conn.execute(text("SELECT version FROM registry_schema")).scalar() == 99
        assert conn.execute(text("SELECT count(*) FROM models")).scalar() == 1
    raw.dispose()


def test_an_older_schema_is_upgraded_once_on_first_write(
    backend: Backend, monkeypatch: pytest.MonkeyPatch
) -> None:
    open_index(backend.url, write=True).close()  # schema 1
    calls: list[int] = []

    def add_column(conn: Any) -> None:
        calls.append(1)
        conn.execute(text("ALTER TABLE registries ADD COLUMN team VARCHAR"))

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.UPGRADES, 1, add_column)
    with pytest.raises(IndexFailure, match="run `registry index sync` once to upgrade"):
        open_index(backend.url)  # a reader never alters the database
    assert calls == []
    open_index(backend.url, write=True).close()
    open_index(backend.url, write=True).close()
    assert calls == [1]
    index = open_index(backend.url)
    with index.transaction() as conn:
        assert conn.execute(text("SELECT version FROM registry_schema")).scalar() == 2
        assert "team" in {c["name"] for c in inspect(conn).get_columns("registries")}
    index.close()


def test_a_failed_upgrade_changes_nothing(backend: Backend, monkeypatch: pytest.MonkeyPatch) -> None:
    open_index(backend.url, write=True).close()

    def broken(conn: Any) -> None:
        conn.execute(text("ALTER TABLE registries ADD COLUMN team VARCHAR"))
        conn.execute(text("SELECT * FROM no_such_table"))

    monkeypatch.setattr(schema, "SCHEMA_VERSION", 2)
    monkeypatch.setitem(schema.UPGRADES, 1, broken)
    with pytest.raises(IndexFailure):
        open_index(backend.url, write=True)
    monkeypatch.setattr(schema, "SCHEMA_VERSION", 1)
    index = open_index(backend.url)
    with index.transaction() as conn:
        assert conn.execute(text("SELECT version FROM registry_schema")).scalar() == 1
        names = {c["name"] for c in inspect(conn).get_columns("registries")}
        assert "team" not in names
    index.close()


def test_readers_never_write(backend: Backend, h: Any, tmp_path: Path) -> None:
    # Nothing there yet: a reader says so and creates nothing.
    err = one_line_error(registry_cmd("list", "--db", backend.url))
    assert "no index there yet (run `registry index sync` first)" in err
    if backend.path is not None:
        assert not backend.path.exists()
    else:
        assert backend.server is not None
        with backend.server.admin(backend.url.rsplit("/", 1)[1]) as conn:
            assert conn.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'").fetchone() == (
                0,
            )
    root = h.make_registry(tmp_path)
    assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    reader = open_index(backend.url)
    with pytest.raises(IndexFailure), reader.transaction() as conn:
        conn.execute(text("DELETE FROM models"))
    reader.close()
    ran = registry_cmd("list", "--db", backend.url, "--format", "json")
    assert ran.returncode == 0 and '"id": "fraud-detector"' in ran.stdout


def test_unknown_scheme(tmp_path: Path) -> None:
    err = one_line_error(
        registry_cmd("index", "sync", str(tmp_path), "--db", "mysql://root:hunter2@localhost/x")
    )
    assert "unknown database scheme 'mysql'" in err and "hunter2" not in err


def test_a_closed_port_fails_at_once(tmp_path: Path, h: Any) -> None:
    port = pg_server.free_port()  # nothing listens there
    root = h.make_registry(tmp_path)
    start = time.monotonic()
    err = one_line_error(
        registry_cmd("index", "sync", str(root), "--db", f"postgresql://bob:hunter2@127.0.0.1:{port}/gov")
    )
    assert time.monotonic() - start < 30
    assert "Connection refused" in err and "hunter2" not in err and f"bob:***@127.0.0.1:{port}/gov" in err


def test_a_host_that_never_answers_times_out(tmp_path: Path) -> None:
    """A listening socket that never speaks: the connect gives up after connect_timeout."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as silent:
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        start = time.monotonic()
        err = one_line_error(
            registry_cmd("list", "--db", f"postgresql://bob@127.0.0.1:{port}/gov?connect_timeout=2")
        )
        elapsed = time.monotonic() - start
    assert elapsed < 15, elapsed
    assert "timeout" in err.lower()


def test_wrong_password_is_clear_and_not_shown(postgres: pg_server.Server, h: Any, tmp_path: Path) -> None:
    url = postgres.create_database("wrong_password")
    bad = postgres.url("wrong_password", password="Not-The-Password-42")
    root = h.make_registry(tmp_path)
    for args in (["index", "sync", str(root)], ["list"], ["index", "status"]):
        ran = registry_cmd(*args, "--db", bad)
        err = one_line_error(ran)
        assert 'password authentication failed for user "registry"' in err
        assert "Not-The-Password-42" not in err + ran.stdout
        assert "registry:***@127.0.0.1" in err
        assert postgres.password not in err
    assert registry_cmd("index", "sync", str(root), "--db", url).returncode == 0  # the right one works


def test_password_from_pgpassword_and_pgpass(postgres: pg_server.Server, h: Any, tmp_path: Path) -> None:
    postgres.create_database("from_env")
    bare = postgres.url("from_env", password="")
    root = h.make_registry(tmp_path)
    ran = registry_cmd("index", "sync", str(root), "--db", bare, env={"PGPASSWORD": postgres.password})
    assert ran.returncode == 0, ran.stderr
    assert postgres.password not in ran.stdout + ran.stderr
    home = tmp_path / "home"
    home.mkdir()
    pgpass = home / ".pgpass"
    pgpass.write_text(f"127.0.0.1:{postgres.port}:from_env:registry:{postgres.password}\n")
    pgpass.chmod(0o600)
    ran = registry_cmd("index", "status", "--db", bare, env={"HOME": str(home)})
    assert ran.returncode == 0, ran.stderr
    assert "Test registry" in ran.stdout


def test_the_server_going_away_mid_sync(postgres: pg_server.Server, h: Any, tmp_path: Path) -> None:
    """The backend is terminated inside the sync's transaction: exit 2, one line, nothing changed."""
    url = postgres.create_database("goes_away")
    root = h.make_registry(tmp_path, cards={f"m{i}": h.baseline_card(f"m{i}") for i in range(3)})
    assert registry_cmd("index", "sync", str(root), "--db", url).returncode == 0
    before = [(r.name, r.counts.models, r.synced_at) for r in _registries(url)]
    (root / "models" / "m2" / "model_card.yaml").unlink()
    folder = tmp_path / "away"
    folder.mkdir()
    paused = paused_sync(folder / "marker", "index", "sync", str(root), "--db", url)
    with postgres.admin("goes_away") as admin:
        pids = [
            row[0]
            for row in admin.execute(
                "SELECT pid FROM pg_stat_activity WHERE application_name = 'registry' "
                "AND state = 'idle in transaction'"
            ).fetchall()
        ]
        assert len(pids) == 1, pids
        admin.execute("SELECT pg_terminate_backend(%s)", (pids[0],))
    (folder / "go").write_text("")
    _out, err = paused.communicate(timeout=60)
    assert paused.returncode == 2, err
    assert err.count("\n") == 1 and err.startswith("registry: error: postgresql://registry:***@127.0.0.1")
    assert postgres.password not in err and "Traceback" not in err
    assert [(r.name, r.counts.models, r.synced_at) for r in _registries(url)] == before


def test_sqlite_locked_by_another_writer(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch, capsys: Any
) -> None:
    """SQLite has no server to lose; its failure is a writer that never lets go: exit 2, no change."""
    from registry.cli import main

    url = f"sqlite:///{tmp_path}/index.db"
    root = h.make_registry(tmp_path)
    assert main(["index", "sync", str(root), "--db", url, "--today", "2026-11-24"]) == 0
    folder = tmp_path / "holder"
    folder.mkdir()
    holder = paused_sync(folder / "marker", "index", "sync", str(root), "--db", url)
    try:
        monkeypatch.setattr(index_db, "LOCK_TIMEOUT", 1)
        capsys.readouterr()
        assert main(["index", "sync", str(root), "--db", url, "--today", "2026-11-24"]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and "database is locked" in err
    finally:
        holder.kill()
        holder.wait(timeout=30)
    assert [r.counts.models for r in _registries(url)] == [1]


def _registries(url: str) -> list[Any]:
    index = open_index(url)
    try:
        return registries(index)
    finally:
        index.close()


def test_audit_never_imports_the_database_layer(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    probe = (
        "import sys; from registry.cli import main; code = main(['audit', sys.argv[1]]);"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in ('sqlalchemy', 'sqlmodel', 'psycopg')"
        " or m.startswith('registry.index'));"
        "print('LOADED', bad)"
    )
    ran = subprocess.run(
        [sys.executable, "-c", probe, str(root)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REGISTRY_TODAY": "2026-11-24"},
    )
    assert "LOADED []" in ran.stdout, ran.stdout + ran.stderr
    timed = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "registry", "audit", str(root)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "REGISTRY_TODAY": "2026-11-24"},
    )
    assert timed.returncode == 0, timed.stderr[-2000:]
    imported = {line.split("|")[-1].strip() for line in timed.stderr.splitlines() if "|" in line}
    assert "registry.engine" in imported  # the probe sees the audit's imports
    assert not {m for m in imported if m.split(".")[0] in ("sqlalchemy", "sqlmodel", "psycopg")}


def test_engine_errors_become_index_failures(tmp_path: Path) -> None:
    bad = tmp_path / "not-a-db.db"
    bad.write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(IndexFailure, match=r"not-a-db\.db: file is not a database"):
        open_index(f"sqlite:///{bad}")
    assert issubclass(IndexFailure, Exception) and not issubclass(IndexFailure, SQLAlchemyError)
