"""What every model draws from: today's date and the weighted pool of owners.

Why a separate module: the model builder, the defect injector and the runbook writer
all need the same owners and the same "N days before today" arithmetic, and the card
data they pass around (:data:`Card`) is defined once here.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from .owners import Owner

#: A card's data as the model builder draws it and the writers render it.
Card = dict[str, Any]


@dataclass(slots=True)
class Context:
    """What every model draws from: the date, the owners and the weighted owner pool."""

    today: date
    owners: dict[str, Owner]
    active_ids: list[str]
    active_cum: list[float]
    inactive_ids: list[str]

    def day(self, age: int) -> str:
        """The ISO date ``age`` days before today (negative ages are in the future)."""
        return (self.today - timedelta(days=age)).isoformat()

    def pick_owner(self, rng: random.Random, avoid: str | None = None) -> str:
        """An active model owner, heavy-tailed so some teams own many models."""
        while True:
            oid = rng.choices(self.active_ids, cum_weights=self.active_cum)[0]
            if oid != avoid:
                return oid
