"""``registry add MODEL LIST VALUE``: append to a list (bias_tests, waivers, limitations, metrics)."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.commands.set import field_path, slug, typed
from registry.edit import Append
from registry.textsafe import clean


def add_value(model: str, path: str, text: str, options: EditOptions, *, literal: bool = False) -> int:
    operation = Append(field_path(path), typed(text, literal=literal))
    subject = f"registry: add to {clean(path)} of {{model}}"
    return edit_model(model, [operation], options, what=f"add-{slug(path)}", subject=subject)
