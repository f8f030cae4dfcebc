"""``registry schema NAME``: a JSON Schema, for editors and check-jsonschema.

``--write`` refreshes the copies a registry keeps in ``.registry-schemas/`` (the files
the ``# yaml-language-server: $schema=...`` modelines of its cards name), after an
upgrade of registry changed the schemas.
"""

from __future__ import annotations

import os
from pathlib import Path

from registry.commands.support import locate_root, out
from registry.errors import EXIT_OK, UsageError


def schema(name: str | None, *, write: bool = False, registry_path: str = ".") -> int:
    from registry.schema import schema_text

    if write:
        from registry.scaffold import SCHEMA_FOLDER, write_schemas

        root = locate_root(Path(registry_path))
        try:
            changed = write_schemas(root)
        except OSError as exc:
            raise UsageError(f"cannot write {root / SCHEMA_FOLDER}: {exc.strerror or exc}") from None
        for path in changed:
            out(f"wrote {os.path.relpath(path)}\n")
        if not changed:
            out(f"{os.path.relpath(root / SCHEMA_FOLDER)} is up to date\n")
        return EXIT_OK
    if name is None:
        raise UsageError("name a schema (card, owner, registry, runbook), or pass --write")
    out(schema_text(name))
    return EXIT_OK
