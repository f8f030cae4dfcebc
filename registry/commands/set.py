"""``registry set MODEL PATH VALUE``: set one value of a card, anywhere a dotted path reaches."""

from __future__ import annotations

import re

from registry.commands.editing import EditOptions, edit_model
from registry.edit import EditError, PathError, Set, parse_path, value
from registry.errors import UsageError
from registry.textsafe import clean


def field_path(text: str) -> tuple[str | int, ...]:
    """A dotted path as the user typed it, or a one-line usage error."""
    try:
        return parse_path(text)
    except PathError as exc:
        raise UsageError(str(exc)) from None


def typed(text: str, *, literal: bool) -> object:
    """VALUE read as YAML 1.2 (dates stay text), or as plain text with ``--string``."""
    try:
        return value(text, literal=literal)
    except EditError as exc:
        raise UsageError(f"{exc} (or pass --string to store it as text)") from None


def slug(path: str) -> str:
    """A path as the last part of a branch name: ``metrics.business[0]`` -> ``metrics-business-0``."""
    return re.sub(r"[^A-Za-z0-9_]+", "-", path).strip("-").lower() or "value"


def set_value(model: str, path: str, text: str, options: EditOptions, *, literal: bool = False) -> int:
    operation = Set(field_path(path), typed(text, literal=literal))
    subject = f"registry: set {clean(path)} of {{model}}"
    return edit_model(model, [operation], options, what=slug(path), subject=subject)
