"""``registry new MODEL``: scaffold a model card and runbook."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import locate_root, out
from registry.errors import EXIT_OK, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from registry.scaffold import NewCard


def new(model: str, card: NewCard, *, registry_path: str, today: date) -> int:
    from registry.scaffold import ScaffoldError, new_model

    root = locate_root(Path(registry_path))
    try:
        written = new_model(root, model, card, today=today)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"created {os.path.relpath(path)}\n")
    return EXIT_OK
