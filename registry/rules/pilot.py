"""PIL rules: pilots have exit criteria and end with a decision."""

from __future__ import annotations

from collections.abc import Iterator

from registry.rules import Check, Hit, missing, rule


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
    yield from missing(check, ("pilot", "exit_criteria"), "pilot has no exit criteria")


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


@rule(
    "PIL003",
    "warning",
    title="Pilot past its planned end without a decision",
    rationale="""A pilot's planned end is when the steering committee expects a go, no-go or
    iterate. Once that day has passed with no decision, the pilot runs on by default,
    with users depending on it and nobody accountable for saying it works.""",
    fix="""Take the decision and record `pilot.decision` and `pilot.decided`, or, if the pilot
    was extended, set the new `pilot.end` and say who agreed to it.""",
    stages=("pilot",),
    example="""
stage: pilot
pilot:
  start: 2026-09-07
  end: 2026-11-20        # PIL003: in the past, and no decision
  exit_criteria: [PR cycle time down 15%]
  decision: pending
""",
    compliant="""
stage: pilot
pilot:
  start: 2026-09-07
  end: 2026-11-20
  exit_criteria: [PR cycle time down 15%]
  decision: iterate
  decided: 2026-11-21
""",
)
def pil003(check: Check) -> Iterator[Hit]:
    """Fires when `pilot.end` is before today (the end day itself is fine) and `decision` is
    missing or `pending`; points at `pilot.end`. PIL002 may fire for the same pilot."""
    card = check.card
    end = card.get_date("pilot", "end")
    if end is None or end >= check.today or card.get("pilot", "decision") not in (None, "", "pending"):
        return
    days = (check.today - end).days
    yield Hit(
        f"pilot was planned to end on {end.isoformat()}, {days} days ago, and has no decision",
        at=("pilot", "end"),
        field="pilot.end",
    )


@rule(
    "PIL004",
    "warning",
    title="Pilot planned for longer than the policy allows",
    rationale="""Pilots are time-boxed by policy so that a decision comes while the evidence is
    fresh and before the business depends on the model. A pilot planned longer than
    `pilot_max_weeks` is a production launch without production's controls.""",
    fix="""Plan the pilot within `pilot_max_weeks` (shorten `pilot.end`), or split it into
    stages with a decision between them.""",
    stages=("pilot",),
    example="""
stage: pilot
pilot:
  start: 2026-10-05
  end: 2027-06-30        # PIL004: 268 days, more than 12 weeks
  exit_criteria: [leakage below 1.5% on the QA sample]
""",
    compliant="""
stage: pilot
pilot:
  start: 2026-10-05
  end: 2026-12-28
  exit_criteria: [leakage below 1.5% on the QA sample]
""",
)
def pil004(check: Check) -> Iterator[Hit]:
    """Fires when `pilot.end` minus `pilot.start` is greater than `pilot_max_weeks` x 7 days
    (exactly that many is fine); needs both dates; points at `pilot.end`."""
    card = check.card
    start, end = card.get_date("pilot", "start"), card.get_date("pilot", "end")
    if start is None or end is None:
        return
    weeks = check.policy.pilot_max_weeks
    days = (end - start).days
    if days > weeks * 7:
        yield Hit(
            f"pilot is planned for {days} days ({start.isoformat()} to {end.isoformat()}); "
            f"the policy allows {weeks} weeks ({weeks * 7} days)",
            at=("pilot", "end"),
            field="pilot.end",
        )
