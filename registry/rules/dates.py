"""DAT rules: what the registry records as done must have happened.

A validation, a bias test or a privacy review dated next year reads as current for
years and hides every staleness rule behind it. Plans (`pilot.start`, `pilot.end`, a
waiver's `expires`) are about the future by nature and are not judged here.
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date

from registry.findings import dotted
from registry.loader import FieldPath
from registry.model import parse_date
from registry.rules import Check, Hit, rule


def recorded_dates(check: Check) -> Iterator[tuple[FieldPath, date]]:
    """Every date in the card that says something already happened (the audit sorts them)."""
    card = check.card
    for path in (("training_data", "privacy_review", "date"), ("pilot", "decided"), ("validation", "date")):
        when = card.get_date(*path)
        if when is not None:
            yield path, when
    for group in ("bias_tests", "incidents"):
        for index, item in enumerate(card.get_list(group)):
            when = parse_date(item.get("date")) if isinstance(item, dict) else None
            if when is not None:
                yield (group, index, "date"), when


@rule(
    "DAT001",
    "error",
    title="Recorded event dated in the future",
    rationale="""A validation, bias test, privacy review, pilot decision, incident or runbook
    review dated after today has not happened yet, whatever the card says. A future date
    also makes every age check pass until that day comes, so a typo (2062 for 2026) or a
    date written ahead of time silently switches off revalidation and retesting.""",
    fix="""Write the date the event really happened. If it has not happened yet, remove the
    record until it has (plan it elsewhere: the rules warn ahead of expiry).""",
    waivable=False,
    example="""
validation:
  date: 2062-06-15       # DAT001: not today or earlier
  validator: model-risk-office
  model_version: 3.2.0
  result: pass
""",
    compliant="""
validation:
  date: 2026-11-10
  validator: model-risk-office
  model_version: 3.2.0
  result: pass
""",
)
def dat001(check: Check) -> Iterator[Hit]:
    """One finding per date after today (today itself is fine): `validation.date`, each bias
    test's and incident's `date`, `training_data.privacy_review.date`, `pilot.decided`, and
    the runbook's `last_reviewed`. It points at the date value (the runbook's
    `last_reviewed` line)."""
    today = check.today
    for path, when in recorded_dates(check):
        if when > today:
            name = dotted(path)
            yield Hit(
                f"{name} is {when.isoformat()}, after today ({today.isoformat()})",
                at=path,
                position=check.card.value_pos(path),
                field=name,
            )
    runbook = check.runbook
    front = runbook.markdown.front if runbook is not None and runbook.markdown is not None else None
    if runbook is None or front is None or not isinstance(front.data, dict):
        return
    reviewed = parse_date(front.data.get("last_reviewed"))
    if reviewed is not None and reviewed > today:
        yield Hit(
            f"runbook last_reviewed is {reviewed.isoformat()}, after today ({today.isoformat()})",
            file=runbook.path,
            position=front.pos(("last_reviewed",)),
            field="runbook:last_reviewed",
        )
