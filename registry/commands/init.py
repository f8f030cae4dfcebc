"""``registry init DIR``: a new registry with the default policy written out."""

from __future__ import annotations

import os
from pathlib import Path

from registry.commands.support import out
from registry.errors import EXIT_OK, UsageError


def init(directory: str, *, name: str | None = None) -> int:
    from registry.scaffold import ScaffoldError, init_registry

    try:
        written, snippet = init_registry(Path(directory), name=name)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"created {os.path.relpath(path)}\n")
    out("\nAdd this to your .pre-commit-config.yaml to audit every commit:\n\n" + snippet)
    return EXIT_OK
