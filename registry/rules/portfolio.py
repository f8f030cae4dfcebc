"""POR rules: a proposed use case is scored before anyone decides to build it."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import is_empty
from registry.portfolio import PriorityScores
from registry.rules import Check, Hit, rule


@rule(
    "POR001",
    "info",
    title="Proposed use case is not scored",
    rationale="""A steering committee can only choose between proposals it can compare. Scoring
    each one for business impact, feasibility (data and technical) and readiness
    (sponsorship and user appetite) is how the portfolio funds the best use cases first,
    instead of the loudest.""",
    fix="""Add `priority:` with `impact`, `feasibility` and `readiness`, each a whole number
    from 1 (low) to 5 (high), and `notes` saying why.""",
    stages=("proposed",),
    example="""
stage: proposed
priority:          # POR001: no readiness score
  impact: 4
  feasibility: 3
""",
    compliant="""
stage: proposed
priority:
  impact: 4
  feasibility: 3
  readiness: 5
  notes: COO sponsors it; the claims team asked twice.
""",
)
def por001(check: Check) -> Iterator[Hit]:
    """One finding when `priority` is absent or empty (at 1:1, or at the empty key), else one
    per missing score, at `priority`. A score that is not a whole number from 1 to 5 is
    the schema's SCH001 finding instead."""
    priority = check.card.get("priority")
    if is_empty(priority):
        yield Hit("proposed use case has no priority scores", at=("priority",), field="priority")
        return
    if not isinstance(priority, dict):
        return  # SCH001's finding
    for name in PriorityScores.from_priority(priority).missing():
        if priority.get(name) is None:
            yield Hit(f"priority has no {name} score", at=("priority",), field=f"priority.{name}")
