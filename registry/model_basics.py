"""What every list of models shows of one (where it lives, its name, stage, risk and owners), and filters on.

The audit's summaries (:class:`registry.summary.ModelSummary`) and the index's models
(:class:`registry.index.read.IndexedModelInfo`) both start with these fields, so the
console builds a table row from either, and ``registry list`` filters both alike. This
module imports nothing: reading the index for ``registry list --db`` must not pay for
the card parser.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class ModelBasics:
    """A model as every list names it (the fields come first, in this order, in each record)."""

    folder: str
    id: str  # the card's id (differs from the folder only when the card is wrong)
    name: str
    stage: str | None
    risk_tier: str | None
    kind: str | None
    owner: str | None
    backup_owner: str | None


@dataclass(frozen=True, slots=True)
class ModelFilter:
    """``list``'s ``--stage``, ``--owner`` and ``--risk``: on disk and in the index alike."""

    stage: str | None = None
    owner: str | None = None
    risk: str | None = None

    def matches(self, model: ModelBasics) -> bool:
        wanted = ((self.stage, model.stage), (self.owner, model.owner), (self.risk, model.risk_tier))
        return all(not value or have == value for value, have in wanted)
