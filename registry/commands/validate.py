"""``registry validate MODEL``: record the validation of the card's current version."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.edit import RecordValidation


def validate(model: str, validation: RecordValidation, options: EditOptions) -> int:
    subject = f"registry: record the validation of {{model}} ({validation.result})"
    return edit_model(model, [validation], options, what="validation", subject=subject)
