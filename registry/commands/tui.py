"""``registry tui``: open the governance console (Textual is imported only here)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from registry.commands.support import locate_root
from registry.errors import UsageError


def tui(path: str, *, today: date | None = None) -> int:
    root = locate_root(Path(path))
    try:
        from tui.app import run
    except ImportError as exc:  # pragma: no cover - textual is a dependency
        raise UsageError(f"the console needs textual: {exc}") from None
    return run(root, today=today)
