"""``registry decide MODEL go|no-go|iterate``: record a pilot's decision, dated today."""

from __future__ import annotations

from registry.commands.editing import EditOptions, edit_model
from registry.edit import RecordDecision


def decide(model: str, decision: str, options: EditOptions) -> int:
    subject = f"registry: pilot decision for {{model}}: {decision}"
    return edit_model(
        model, [RecordDecision(decision, options.today)], options, what="decision", subject=subject
    )
