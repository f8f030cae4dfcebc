"""Database URLs as users write them; the password never reaches a message."""

from __future__ import annotations

from pathlib import Path

import pytest

from registry.index.url import IndexFailure, default_path, parse_url, redact


def test_sqlite_urls_follow_sqlalchemy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.chdir(tmp_path)
    relative = parse_url("sqlite:///idx/index.db")
    assert relative.dialect == "sqlite" and relative.path == tmp_path / "idx" / "index.db"
    absolute = parse_url(f"sqlite:///{tmp_path}/a.db")
    assert absolute.path == tmp_path / "a.db"
    for bad in ("sqlite://", "sqlite:///", "sqlite:///:memory:"):
        with pytest.raises(IndexFailure, match="names no file"):
            parse_url(bad)


def test_postgres_urls_use_psycopg_and_mask_the_password() -> None:
    url = parse_url("postgresql://bob:s%40cret@db.example:5433/gov?sslmode=require&connect_timeout=3")
    assert url.dialect == "postgresql"
    assert url.sqlalchemy.startswith("postgresql+psycopg://bob:s%40cret@db.example:5433/gov")
    assert "connect_timeout" not in url.sqlalchemy and url.connect_timeout == 3
    assert url.shown == "postgresql://bob:***@db.example:5433/gov?sslmode=require"
    assert url.password == "s@cret"
    assert "s@cret" not in repr(url) and "s%40cret" not in repr(url)
    assert url.redact("auth failed for s@cret and s%40cret") == "auth failed for *** and ***"
    assert parse_url("postgres://bob@h/db").sqlalchemy == "postgresql+psycopg://bob@h/db"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("mysql://root:pw@h/db", "unknown database scheme 'mysql'"),
        ("index.db", "is not a database URL"),
        ("postgresql://bob:pw@h:5432/", "names no database"),
        ("postgresql://bob@h:99999/db", "not a valid PostgreSQL URL"),
        ("postgresql://bob@h/db?connect_timeout=soon", "connect_timeout"),
    ],
)
def test_bad_urls_are_one_line_without_the_password(text: str, message: str) -> None:
    with pytest.raises(IndexFailure, match=message) as caught:
        parse_url(text)
    assert "\n" not in str(caught.value) and ":pw@" not in str(caught.value)


def test_default_is_a_file_in_the_xdg_data_folder(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path))
    assert default_path() == tmp_path / "registry" / "index.db"
    assert parse_url(None).path == tmp_path / "registry" / "index.db"
    monkeypatch.setenv("XDG_DATA_HOME", "relative/is/ignored")
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    assert default_path() == tmp_path / "home" / ".local" / "share" / "registry" / "index.db"
    monkeypatch.setenv("REGISTRY_DB", "postgresql://bob@h/db")
    assert parse_url("").dialect == "postgresql"


def test_redact_masks_any_userinfo() -> None:
    assert redact("see postgresql://a:b@h/d and https://x:tok@git.example/r", None) == (
        "see postgresql://a:***@h/d and https://x:***@git.example/r"
    )
