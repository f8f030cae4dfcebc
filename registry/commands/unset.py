"""``registry unset MODEL PATH``: remove one key or list item from a card."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.commands.set import field_path, slug
from registry.edit import Unset
from registry.textsafe import clean


def unset_value(model: str, path: str, options: EditOptions) -> int:
    subject = f"registry: remove {clean(path)} from {{model}}"
    return edit_model(model, [Unset(field_path(path))], options, what=f"unset-{slug(path)}", subject=subject)
