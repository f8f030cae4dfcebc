"""``registry bias-test MODEL``: record a bias test."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.edit import RecordBiasTest


def bias_test(model: str, test: RecordBiasTest, options: EditOptions) -> int:
    subject = f"registry: record a bias test of {{model}} ({test.result})"
    return edit_model(model, [test], options, what="bias-test", subject=subject)
