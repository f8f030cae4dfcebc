"""``registry new MODEL``: scaffold a model card and runbook."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, out
from registry.errors import EXIT_OK, UsageError


def new(
    model: str,
    *,
    registry_path: str,
    owner: str,
    today: date,
    name: str | None = None,
    kind: str = "predictive",
    risk: str = "medium",
    stage: str = "proposed",
) -> int:
    from registry.scaffold import ScaffoldError, new_model

    root = locate_root(Path(registry_path))
    try:
        written = new_model(
            root, model, owner=owner, name=name, kind=kind, risk_tier=risk, stage=stage, today=today
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"created {os.path.relpath(path)}\n")
    return EXIT_OK
