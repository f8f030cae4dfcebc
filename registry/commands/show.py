"""``registry show MODEL``: one model's card summary, owners, runbook and findings."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, model_name, out, use_color
from registry.errors import EXIT_OK, UsageError


def show(model: str, *, registry_path: str, today: date, fmt: str = "text") -> int:
    from registry.audit import gather_history
    from registry.commands.audit import add_id_holders
    from registry.show import render_model
    from registry.store import list_model_folders, load_registry

    root = locate_root(Path(registry_path))
    name = model_name(model)
    if name not in list_model_folders(root):
        raise UsageError(f"no model {name!r} in {root} (see `registry list`)")
    # Only this card, the owner records it names and a card that may share its id: what
    # `registry audit models/<name>/` reads, so both judge the model alike, and fast.
    registry = load_registry(root, [name], referenced_owners_only=True)
    add_id_holders(registry, root)
    # The model's git history, so that VAL005 is judged as `registry audit` judges it.
    history = gather_history(root, registry.policy, models=[name])
    cards = history.cards if history is not None else None
    out(render_model(registry, name, today, fmt=fmt, color=use_color(sys.stdout), history=cards))
    return EXIT_OK
