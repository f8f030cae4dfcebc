"""Opening the index: engines with bounded connects, the schema version, and clear errors.

Writers take the whole database (SQLite: ``BEGIN IMMEDIATE``) or one registry
(PostgreSQL: an advisory lock) for the length of one transaction, so concurrent syncs
queue instead of failing or interleaving. Readers run in read-only transactions and
see either the state before a sync or after it: SQLite runs in WAL mode, PostgreSQL
gives each transaction its snapshot.

Every error leaving this module is an :class:`IndexFailure` whose text names the
database by its masked URL and has had the password removed.
"""

from __future__ import annotations

import contextlib
import hashlib
import logging
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import Connection, Engine, create_engine, event, inspect, text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from registry import __version__
from registry.index import schema
from registry.index.url import IndexFailure, IndexURL, parse_url

#: How long a writer waits for another writer (seconds) before it gives up.
LOCK_TIMEOUT = 120


@dataclass(slots=True)
class Index:
    """An open index: one engine, the URL it came from, and whether it may be written."""

    url: IndexURL
    engine: Engine
    writable: bool

    @contextlib.contextmanager
    def transaction(self) -> Iterator[Connection]:
        """One transaction; its errors come out as :class:`IndexFailure`, rolled back."""
        with failures(self.url), self.engine.begin() as conn:
            if not self.writable and self.url.dialect == "postgresql":
                conn.exec_driver_sql("SET TRANSACTION READ ONLY")
            yield conn

    def lock_registry(self, conn: Connection, key: str) -> None:
        """Serialise syncs of one registry (SQLite's write lock already covers the file)."""
        if self.url.dialect == "postgresql":
            number = int.from_bytes(hashlib.blake2b(key.encode(), digest_size=8).digest(), "big", signed=True)
            conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{LOCK_TIMEOUT}s'")
            conn.execute(text("SELECT pg_advisory_xact_lock(:n)"), {"n": number})

    def close(self) -> None:
        self.engine.dispose()


def first_line(text_: str) -> str:
    for line in text_.splitlines():
        if line.strip():
            return " ".join(line.split())
    return text_.strip()


def describe(url: IndexURL, exc: BaseException) -> str:
    """A one-line, password-free description of a driver error."""
    orig = exc.orig if isinstance(exc, DBAPIError) and exc.orig is not None else exc
    message = first_line(str(orig)) or type(orig).__name__
    message = message.removeprefix("connection failed: ")
    return url.redact(message)


@contextlib.contextmanager
def failures(url: IndexURL) -> Iterator[None]:
    """Turn database and OS errors into one-line :class:`IndexFailure`s naming the database."""
    try:
        yield
    except IndexFailure:
        raise
    except (SQLAlchemyError, sqlite3.Error, OSError) as exc:
        raise IndexFailure(f"{url.shown}: {describe(url, exc)}") from None


def _engine(url: IndexURL, writable: bool) -> Engine:
    if url.dialect == "sqlite":
        assert url.path is not None
        if writable:
            url.path.parent.mkdir(parents=True, exist_ok=True)
            target = url.sqlalchemy
        else:
            if not url.path.is_file():
                raise IndexFailure(f"{url.shown}: no index there yet (run `registry index sync` first)")
            target = f"sqlite:///file:{url.path}?mode=ro&uri=true"
        engine = create_engine(target, connect_args={"timeout": LOCK_TIMEOUT})
        _sqlite_transactions(engine, "BEGIN IMMEDIATE" if writable else "BEGIN")
        return engine
    # psycopg logs what it ignores while a lost connection is torn down; the user gets
    # one line from us instead (Python's last-resort handler would print it to stderr).
    logging.getLogger("psycopg").addHandler(logging.NullHandler())
    return create_engine(
        url.sqlalchemy,
        pool_pre_ping=False,
        connect_args={"connect_timeout": url.connect_timeout, "application_name": "registry"},
    )


def _sqlite_transactions(engine: Engine, begin: str) -> None:
    """Let SQLAlchemy, not pysqlite, start transactions, and start them as we need."""

    @event.listens_for(engine, "connect")
    def _connect(dbapi_connection: sqlite3.Connection, _record: object) -> None:
        dbapi_connection.isolation_level = None
        dbapi_connection.execute("PRAGMA foreign_keys = ON")
        dbapi_connection.execute(f"PRAGMA busy_timeout = {LOCK_TIMEOUT * 1000}")
        if begin != "BEGIN":  # writers: readers then never wait for a sync, nor see half of one
            dbapi_connection.execute("PRAGMA journal_mode = WAL")

    @event.listens_for(engine, "begin")
    def _begin(conn: Connection) -> None:
        conn.exec_driver_sql(begin)


def open_index(text_url: str | None, *, write: bool = False) -> Index:
    """Open (for ``write``, create or upgrade) the index at ``text_url``.

    A database written by a newer version of this tool is refused and left as it is;
    an older one is upgraded in one transaction on first use.
    """
    url = parse_url(text_url)
    with failures(url):
        engine = _engine(url, write)
    index = Index(url, engine, write)
    try:
        version = _current_version(index)
        if version is None and not write:
            raise IndexFailure(f"{url.shown}: no index there yet (run `registry index sync` first)")
        if version is not None and version > schema.SCHEMA_VERSION:
            raise IndexFailure(
                f"{url.shown}: written by a newer version of registry (index schema {version}; "
                f"this version reads up to {schema.SCHEMA_VERSION}); upgrade registry to use it"
            )
        if version is None or version < schema.SCHEMA_VERSION:
            if not write:  # a reader never alters the database: a writer upgrades it
                raise IndexFailure(
                    f"{url.shown}: index schema {version} is older than this version's "
                    f"({schema.SCHEMA_VERSION}); run `registry index sync` once to upgrade it"
                )
            _create_or_upgrade(index)
    except BaseException:
        index.close()
        raise
    return index


def _current_version(index: Index) -> int | None:
    with index.transaction() as conn:
        if not inspect(conn).has_table(schema.SCHEMA_TABLE):
            return None
        row = conn.execute(text(f"SELECT version FROM {schema.SCHEMA_TABLE}")).first()
    return int(row[0]) if row is not None else None


def _create_or_upgrade(index: Index) -> None:
    """Create the tables or run the upgrades, once, under the writers' lock."""
    from sqlmodel import SQLModel

    from registry.index import tables

    with index.transaction() as conn:
        if index.url.dialect == "postgresql":
            conn.execute(text("SELECT pg_advisory_xact_lock(1919251317)"))  # "registry schema"
        has_table = inspect(conn).has_table(schema.SCHEMA_TABLE)
        row = conn.execute(text(f"SELECT version FROM {schema.SCHEMA_TABLE}")).first() if has_table else None
        version = int(row[0]) if row is not None else None
        if version is not None and version > schema.SCHEMA_VERSION:
            raise IndexFailure(
                f"{index.url.shown}: written by a newer version of registry (index schema {version})"
            )
        if version is None:
            SQLModel.metadata.create_all(conn, tables=list(tables.ALL_TABLES))
        else:
            for step in range(version, schema.SCHEMA_VERSION):
                schema.UPGRADES[step](conn)
        conn.execute(tables.SCHEMA.delete())
        conn.execute(
            tables.SCHEMA.insert(),
            {
                "id": 1,
                "version": schema.SCHEMA_VERSION,
                "tool_version": __version__,
                "updated_at": datetime.now(UTC),
            },
        )
