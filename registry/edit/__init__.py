"""Edit cards and owner records losslessly, and record governance events.

The public API the CLI verbs and the console use::

    request = Request({card_path(root, "fraud-detector"): [RecordBiasTest(...)]},
                      what="bias-test", subject="Record a bias test of fraud-detector")
    change = plan(root, request, today=today)
    change.diff(), change.impact.fixed, change.impact.introduced   # what it would do
    apply(change)                                                  # atomic write

Nothing here imports Textual; git (review branches) lives in :mod:`registry.review`.
"""

from __future__ import annotations

from registry.edit.change import (
    Append,
    Change,
    EditError,
    FileChange,
    Operation,
    Request,
    SchemaRefused,
    Set,
    Unset,
    apply,
    card_path,
    plan,
    value,
)
from registry.edit.events import (
    BIAS_RESULTS,
    DECISIONS,
    VALIDATION_RESULTS,
    Handover,
    NewOwner,
    RecordBiasTest,
    RecordDecision,
    RecordValidation,
    RecordWaiver,
)
from registry.edit.impact import Impact
from registry.edit.tree import PathError, parse_path

__all__ = [
    "BIAS_RESULTS",
    "DECISIONS",
    "VALIDATION_RESULTS",
    "Append",
    "Change",
    "EditError",
    "FileChange",
    "Handover",
    "Impact",
    "NewOwner",
    "Operation",
    "PathError",
    "RecordBiasTest",
    "RecordDecision",
    "RecordValidation",
    "RecordWaiver",
    "Request",
    "SchemaRefused",
    "Set",
    "Unset",
    "apply",
    "card_path",
    "parse_path",
    "plan",
    "value",
]
