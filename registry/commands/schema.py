"""``registry schema NAME``: a JSON Schema, for editors and check-jsonschema."""

from __future__ import annotations

from registry.commands.support import out
from registry.errors import EXIT_OK


def schema(name: str) -> int:
    from registry.schema import schema_text

    out(schema_text(name))
    return EXIT_OK
