"""``registry stage MODEL STAGE``: move a model to another stage."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.edit import Set


def stage(model: str, new_stage: str, options: EditOptions) -> int:
    subject = f"registry: move {{model}} to {new_stage}"
    return edit_model(
        model, [Set(("stage",), new_stage)], options, what=f"stage-{new_stage}", subject=subject
    )
