"""``registry tui``: open the governance console (Textual is imported only here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from registry.commands.support import locate_root
from registry.errors import UsageError


def tui(path: str, *, today: date | None = None, db: str | None = None) -> int:
    """The console on the registry at ``path``, or with ``db`` on every registry in the index."""
    if db is not None:
        from registry.commands.index import opened

        with opened(db):  # a bad URL, an unreachable server or no index: one line, before the screen
            pass
        root = Path.cwd()
    else:
        root = locate_root(Path(path))
    try:
        from tui.app import run
    except ImportError as exc:  # pragma: no cover - textual is a dependency
        raise UsageError(f"the console needs textual: {exc}") from None
    return run(root, today=today, index_url=db)
