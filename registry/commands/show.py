"""``registry show MODEL``: one model's card summary, owners, runbook and findings."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, model_name, out, use_color
from registry.errors import EXIT_OK, UsageError


def show(model: str, *, registry_path: str, today: date, fmt: str = "text") -> int:
    from registry.show import render_model, view_model

    root = locate_root(Path(registry_path))
    name = model_name(model)
    view = view_model(root, name, today)
    if view is None:
        raise UsageError(f"no model {name!r} in {root} (see `registry list`)")
    out(render_model(view, fmt=fmt, color=use_color(sys.stdout)))
    return EXIT_OK
