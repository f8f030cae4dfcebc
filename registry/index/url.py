"""Database URLs as users write them, turned into what SQLAlchemy needs, and shown safely.

``sqlite:///relative.db``, ``sqlite:////absolute/index.db`` and
``postgresql://user@host:5432/db`` (``postgres://`` too) are accepted; PostgreSQL goes
through psycopg 3. A password may sit in the URL, in ``PGPASSWORD`` or in
``~/.pgpass`` (libpq reads the last two itself); wherever it comes from it is never
printed: every message about a database names it through :attr:`IndexURL.shown`,
and :func:`redact` removes the secret from any text a driver hands back.

Nothing here imports SQLAlchemy, so a mistyped URL fails in milliseconds.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, quote, unquote, urlencode, urlsplit

#: How long a connection attempt may take before the command gives up (seconds).
DEFAULT_CONNECT_TIMEOUT = 10
#: Environment variable naming the index when ``--db`` is given without a URL.
ENV_URL = "REGISTRY_DB"
MASK = "***"

_POSTGRES_SCHEMES = {"postgresql", "postgres", "postgresql+psycopg", "postgresql+psycopg3"}
_SQLITE_SCHEMES = {"sqlite", "sqlite+pysqlite"}


class IndexFailure(Exception):
    """The index cannot be used: one line for the user, secrets already removed (exit 2)."""


@dataclass(frozen=True, slots=True)
class IndexURL:
    """A database the index lives in."""

    dialect: str  # "sqlite" or "postgresql"
    sqlalchemy: str  # the URL handed to SQLAlchemy (may hold the password)
    shown: str  # the URL as messages show it, password masked
    path: Path | None = None  # the SQLite file
    password: str | None = None  # from the URL, to mask in any message
    connect_timeout: int = DEFAULT_CONNECT_TIMEOUT

    def redact(self, text: str) -> str:
        return redact(text, self.password)

    def __repr__(self) -> str:  # never the password, whoever logs this object
        return f"IndexURL({self.shown!r})"


def redact(text: str, password: str | None) -> str:
    """``text`` without ``password`` (raw or URL-encoded) and without any ``user:secret@``."""
    if password:
        for form in {password, quote(password, safe=""), quote(password)}:
            text = text.replace(form, MASK)
    return _mask_userinfo(text)


_USERINFO = re.compile(r"([A-Za-z][A-Za-z0-9+.-]*://[^:/@\s'\"]*):[^@\s'\"]*@")


def _mask_userinfo(text: str) -> str:
    """Mask ``scheme://user:secret@`` wherever it appears in a message."""
    return _USERINFO.sub(rf"\1:{MASK}@", text)


def default_path() -> Path:
    """The embedded index: ``$XDG_DATA_HOME/registry/index.db`` (``~/.local/share`` by default)."""
    base = os.environ.get("XDG_DATA_HOME", "").strip()
    folder = Path(base) if base and os.path.isabs(base) else Path.home() / ".local" / "share"
    return folder / "registry" / "index.db"


def default_url() -> str:
    """``$REGISTRY_DB`` when set, else the embedded SQLite file."""
    configured = os.environ.get(ENV_URL, "").strip()
    return configured or f"sqlite:///{default_path()}"


def parse_url(text: str | None) -> IndexURL:
    """Check and translate a URL; any problem is an :class:`IndexFailure` with a one-line hint."""
    raw = (text or "").strip() or default_url()
    scheme, sep, _ = raw.partition("://")
    scheme = scheme.lower()
    if not sep or not scheme:
        raise IndexFailure(
            f"{redact(raw, None)!r} is not a database URL "
            "(use sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE)"
        )
    if scheme in _SQLITE_SCHEMES:
        return _sqlite(raw)
    if scheme in _POSTGRES_SCHEMES:
        return _postgres(raw)
    raise IndexFailure(
        f"unknown database scheme {scheme!r} in {redact(raw, None)!r} "
        "(use sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE)"
    )


def _sqlite(raw: str) -> IndexURL:
    # SQLAlchemy's convention: three slashes and a relative path, four for an absolute one.
    rest = raw.partition("://")[2]
    path_text, _, _query = rest.partition("?")
    if not path_text.startswith("/") or path_text in ("/", "/:memory:"):
        raise IndexFailure(
            f"{raw!r} names no file: the index must live in a file (sqlite:///PATH, or sqlite:////ABSOLUTE/PATH)"
        )
    path = Path(unquote(path_text[1:])).expanduser()
    path = Path(os.path.abspath(path))
    return IndexURL("sqlite", f"sqlite:///{path}", f"sqlite:///{path}", path=path)


def _postgres(raw: str) -> IndexURL:
    try:
        parts = urlsplit(raw)
        port = parts.port
    except ValueError as exc:
        raise IndexFailure(f"{redact(raw, None)!r} is not a valid PostgreSQL URL: {exc}") from None
    password = unquote(parts.password) if parts.password is not None else None
    query = dict(parse_qsl(parts.query, keep_blank_values=True))
    timeout_text = query.pop("connect_timeout", str(DEFAULT_CONNECT_TIMEOUT))
    try:
        timeout = max(1, int(timeout_text))
    except ValueError:
        raise IndexFailure(
            f"connect_timeout must be a whole number of seconds, not {timeout_text!r}"
        ) from None
    database = parts.path.lstrip("/")
    if not database:
        raise IndexFailure(
            f"{redact(raw, password)!r} names no database (postgresql://USER@HOST:PORT/DATABASE)"
        )
    netloc = parts.netloc
    user = parts.username or ""
    host = parts.hostname or ""
    location = f"{host}:{port}" if port else host
    shown_netloc = f"{user}:{MASK}@{location}" if password is not None else netloc
    suffix = f"?{urlencode(query)}" if query else ""
    return IndexURL(
        "postgresql",
        f"postgresql+psycopg://{netloc}/{parts.path.lstrip('/')}{suffix}",
        f"postgresql://{shown_netloc}/{database}{suffix}",
        password=password,
        connect_timeout=timeout,
    )
