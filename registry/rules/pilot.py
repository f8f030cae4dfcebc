"""PIL rules: pilots have exit criteria and end with a decision."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import is_empty
from registry.rules import Check, Hit, rule


@rule(
    "PIL001",
    "error",
    title="Pilot has no exit criteria",
    rationale="""A pilot without agreed exit criteria cannot succeed or fail; it drifts into
    production by default, which is how most unmanaged AI ends up live.""",
    fix="""List measurable `pilot.exit_criteria:` (e.g. `precision >= 0.92 on live traffic`).""",
    stages=("pilot",),
    example="""
stage: pilot
pilot:                  # PIL001: no exit criteria to decide against
  start: 2026-10-01
  end: 2026-12-15
  decision: pending
""",
    compliant="""
stage: pilot
pilot:
  start: 2026-10-01
  end: 2026-12-15
  exit_criteria: [precision >= 0.92 on production traffic]
  decision: pending
""",
)
def pil001(check: Check) -> Iterator[Hit]:
    if is_empty(check.card.get("pilot", "exit_criteria")):
        yield Hit("pilot has no exit criteria", at=("pilot", "exit_criteria"), field="pilot.exit_criteria")


@rule(
    "PIL002",
    "warning",
    title="Pilot overran without a decision",
    rationale="""Pilots are time-boxed so that someone decides go, no-go or iterate. A pilot
    past its time box with no decision is running in production without production's
    controls.""",
    fix="""Record `pilot.decision` (go, no-go or iterate) and `pilot.decided`, then move the
    model's stage accordingly.""",
    stages=("pilot",),
    example="""
stage: pilot
pilot:
  start: 2026-06-01     # PIL002: more than 12 weeks ago, still no decision
  exit_criteria: [precision >= 0.92 on production traffic]
  decision: pending
""",
    compliant="""
stage: pilot
pilot:
  start: 2026-06-01
  exit_criteria: [precision >= 0.92 on production traffic]
  decision: iterate
  decided: 2026-09-01
""",
)
def pil002(check: Check) -> Iterator[Hit]:
    """Fires when today - pilot.start > pilot_max_weeks x 7 days and no decision is recorded."""
    card = check.card
    start = card.get_date("pilot", "start")
    if start is None:
        return
    weeks = check.policy.pilot_max_weeks
    decision = card.get("pilot", "decision")
    days = (check.today - start).days
    # plain integers: a timedelta of a huge pilot_max_weeks would overflow
    if days > weeks * 7 and decision in (None, "", "pending"):
        yield Hit(
            f"pilot started {days} days ago (limit {weeks} weeks) and has no decision",
            at=("pilot", "decision"),
            field="pilot.decision",
        )
