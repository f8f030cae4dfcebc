"""Use-case prioritisation: the combined priority score and the ranking built on it.

A steering committee asks which proposed use cases should go next. Each card scores
itself 1-5 on impact, feasibility and readiness (`priority`); the policy weighs the
three (`priority_weights`). The score is computed here once, so the report, the
console and any other reader rank use cases the same way.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from registry.model import PRIORITY_SCORES

SCORE_RANGE = range(1, 6)


def score_value(value: Any) -> int | None:
    """A usable score: a whole number from 1 to 5 (anything else is the schema's business)."""
    if isinstance(value, bool) or not isinstance(value, int) or value not in SCORE_RANGE:
        return None
    return value


@dataclass(frozen=True, slots=True)
class PriorityScores:
    """A use case's three scores; None where the card gives no usable score."""

    impact: int | None = None
    feasibility: int | None = None
    readiness: int | None = None

    @classmethod
    def from_priority(cls, priority: Any) -> PriorityScores:
        """The scores of a card's `priority` mapping (anything else has none)."""
        if not isinstance(priority, dict):
            return cls()
        return cls(*(score_value(priority.get(name)) for name in PRIORITY_SCORES))

    def missing(self) -> list[str]:
        """The scores not given, in the order impact, feasibility, readiness."""
        return [name for name in PRIORITY_SCORES if getattr(self, name) is None]


def combined_score(scores: PriorityScores, weights: Mapping[str, float]) -> float | None:
    """The weighted mean of the three scores, rounded half up to two decimals.

    None when a score is missing (a partial score would rank an unassessed use case
    against assessed ones) or when the weights add up to nothing. Weights the policy
    does not name count 1.
    """
    # exact arithmetic, imported here: the pre-commit hook (POR001) never computes a score
    from decimal import ROUND_HALF_UP, Decimal
    from fractions import Fraction

    values = [getattr(scores, name) for name in PRIORITY_SCORES]
    if any(v is None for v in values):
        return None
    parts = [Fraction(weights.get(name, 1)) for name in PRIORITY_SCORES]
    total = sum(parts, Fraction(0))
    if total <= 0:
        return None
    mean = sum((w * v for w, v in zip(parts, values, strict=True)), Fraction(0)) / total
    exact = Decimal(mean.numerator) / Decimal(mean.denominator)
    return float(exact.quantize(Decimal("0.01"), rounding=ROUND_HALF_UP))


@dataclass(frozen=True, slots=True)
class UseCase:
    """One model as the prioritisation sees it."""

    model: str  # the model's folder (its id)
    scores: PriorityScores
    score: float | None  # None: not every score is given

    @classmethod
    def of(cls, model: str, scores: PriorityScores, weights: Mapping[str, float]) -> UseCase:
        return cls(model, scores, combined_score(scores, weights))


def rank(cases: Iterable[UseCase]) -> list[UseCase]:
    """Highest combined score first; ties by higher impact, then by id. Use cases without a
    combined score follow, by id: they cannot be ranked until they are scored."""
    items = list(cases)
    scored = [c for c in items if c.score is not None]
    scored.sort(key=lambda c: (-(c.score or 0), -(c.scores.impact or 0), c.model))
    unscored = sorted((c for c in items if c.score is None), key=lambda c: c.model)
    return scored + unscored


__all__ = ["PriorityScores", "UseCase", "combined_score", "rank", "score_value"]
