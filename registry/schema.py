"""JSON Schema validation of registry files; ``schemas/`` is the single source of truth.

Validation uses jsonschema-rs: measured on a ~40-field card it reports every error
with its instance path in about 5 µs, against 500-850 µs for the pure-Python
``jsonschema`` package, and the audit validates every card on every run.
"""

from __future__ import annotations

import difflib
import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema_rs

from registry.findings import dotted
from registry.loader import FieldPath

#: Schema name -> file, as printed by ``registry schema NAME``.
SCHEMA_FILES = {
    "card": "card.schema.json",
    "owner": "owner.schema.json",
    "registry": "registry.schema.json",
    "runbook": "runbook.schema.json",
}

SchemaError = tuple[str, FieldPath, str]  # message, instance path, field key for matching


def schema_dir() -> Path:
    """Where the schemas are: inside the installed package, or the source tree's ``schemas/``."""
    here = Path(__file__).resolve().parent
    packaged = here / "schemas"
    if (packaged / SCHEMA_FILES["card"]).is_file():
        return packaged
    return here.parent / "schemas"


def schema_text(name: str) -> str:
    return (schema_dir() / SCHEMA_FILES[name]).read_text(encoding="utf-8")


@cache
def schema(name: str) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads(schema_text(name))
    return loaded


@cache
def _validator(name: str) -> Any:
    return jsonschema_rs.validator_for(schema(name), validate_formats=True)


def _known_keys(name: str, path: FieldPath) -> list[str]:
    """Property names the schema allows at ``path`` (for "did you mean" hints)."""
    node: Any = schema(name)
    defs = node.get("$defs", {})
    for step in path:
        node = _deref(node, defs)
        if isinstance(step, int):
            node = node.get("items", {})
        else:
            node = node.get("properties", {}).get(step, {})
    node = _deref(node, defs)
    props = node.get("properties", {})
    return sorted(props) if isinstance(props, dict) else []


def _deref(node: Any, defs: dict[str, Any]) -> Any:
    for _ in range(8):
        if isinstance(node, dict) and isinstance(node.get("$ref"), str):
            ref = node["$ref"]
            if ref.startswith("#/$defs/"):
                node = defs.get(ref[len("#/$defs/") :], {})
                continue
        break
    return node if isinstance(node, dict) else {}


def validate(name: str, data: Any) -> list[SchemaError]:
    """All schema violations of ``data``, one per violation, with the path to point at."""
    errors: list[SchemaError] = []
    for error in _validator(name).iter_errors(data):
        path: FieldPath = tuple(error.instance_path)
        kind = error.kind
        kind_name = getattr(kind, "name", "")
        if kind_name == "additionalProperties":
            known = _known_keys(name, path)
            for key in getattr(kind, "unexpected", []) or []:
                hint = difflib.get_close_matches(str(key), known, n=1, cutoff=0.6)
                where = f" in {dotted(path)}" if path else ""
                message = f"unknown key {str(key)!r}{where}"
                message += f" (did you mean {hint[0]!r}?)" if hint else " (custom keys start with 'x-')"
                errors.append((message, (*path, str(key)), dotted((*path, str(key)))))
            continue
        if kind_name == "required":
            prop = str(getattr(kind, "property", "?"))
            where = f" in {dotted(path)}" if path else ""
            errors.append((f"required key {prop!r} is missing{where}", path, dotted((*path, prop))))
            continue
        message = _shorten(error.message)
        label = dotted(path) or "file"
        errors.append((f"{label}: {message}", path, dotted(path)))
    return errors


def _shorten(message: str, limit: int = 200) -> str:
    message = " ".join(message.split())
    return message if len(message) <= limit else message[: limit - 1] + "…"
