"""History rules: what git says about a card since its validation.

A validation covers the card as it stood on ``validation.date``. When the card later
changes in what the model is (its purpose, data, metrics, deployment...), the
validation no longer covers what is described. Updating the validation itself, adding
bias tests, recording incidents or waivers is the paperwork around a validation and
does not make it stale.

The facts come from :mod:`registry.git` through ``Check.history`` (a
:class:`registry.git.CardHistory`); without them (outside git, no commits, a shallow
clone) the rule says nothing and the audit prints one note saying why.
"""

from __future__ import annotations

import math
from collections.abc import Iterator
from typing import Any

from registry.git import CardHistory, Commit
from registry.rules import Check, Hit, rule

#: Top-level fields whose change does not make a validation stale.
PAPERWORK = frozenset({"validation", "bias_tests", "incidents", "waivers"})
#: Changed fields named in a message before "and N more".
SHOWN_FIELDS = 5
_ABSENT = object()


def same(a: Any, b: Any) -> bool:
    """Equal as parsed YAML: ``1`` and ``true`` differ, ``1.0`` and ``1`` differ, NaN equals NaN."""
    if type(a) is not type(b):
        return False
    if isinstance(a, dict):
        return a.keys() == b.keys() and all(same(v, b[k]) for k, v in a.items())
    if isinstance(a, list):
        return len(a) == len(b) and all(same(x, y) for x, y in zip(a, b, strict=True))
    if isinstance(a, float) and math.isnan(a):
        return math.isnan(b)
    return bool(a == b)


def changed_fields(before: dict[str, Any], now: dict[str, Any]) -> list[str]:
    """Top-level fields (other than the paperwork) that differ, in the card's order.

    Fields present now come in the order they appear; removed fields follow in their
    old order. Comments, quoting, formatting and key order do not count: the
    comparison is of parsed data.
    """
    keys = [*now, *(k for k in before if k not in now)]
    return [k for k in keys if k not in PAPERWORK and not same(before.get(k, _ABSENT), now.get(k, _ABSENT))]


def _commit_label(commit: Commit) -> str:
    subject = " ".join(commit.subject.split())
    if len(subject) > 72:
        subject = subject[:71] + "…"
    return f'commit {commit.short} of {commit.day.isoformat()} "{subject}"'


@rule(
    "VAL005",
    "warning",
    title="Card changed after its validation",
    rationale="""A validation covers the model as the card described it on the validation
    date. When the card later changes in what the model is (purpose, data, metrics,
    deployment, version), the validation no longer covers what runs, whatever its date
    says. Git history shows what changed and in which commit.""",
    fix="""Have the validator review the change and record a new `validation` (date and
    evidence), or revert the change. If the change does not affect the validation,
    record why in a waiver.""",
    example="""
purpose: Flags every card transaction for review.   # VAL005: reworded after the validation
""",
    compliant="""
incidents:   # validation, bias_tests, incidents and waivers may change after a validation
  - {date: 2026-11-20, severity: low, summary: Latency spike., review: "https://example.com/pir/2"}
""",
)
def val005(check: Check) -> Iterator[Hit]:
    """Compares the card at the last commit on or before `validation.date` (commit date,
    in the committer's time zone, along the first-parent line) with the card now,
    working tree included, top-level field by field as parsed data (comments, quoting
    and key order do not count), ignoring validation, bias_tests, incidents and
    waivers. A card that did not exist on the validation date is skipped. Needs git
    history: outside git, before the first commit or beyond a shallow clone's history
    the rule is skipped and the audit prints one note saying why."""
    history = check.history
    if not isinstance(history, CardHistory):
        return
    validated = check.card.get_date("validation", "date")
    if validated is None:
        return
    index = history.baseline(validated)
    if index is None:  # the card did not exist then, or a shallow clone cannot tell
        return
    base = history.versions[index]
    if base.blob is None:  # deleted at the time
        return
    if history.current_sha(check.card.raw) == base.blob:
        return  # byte-identical to the validated card: nothing to parse
    before = history.contents([base]).get(base.blob)
    if before is None:  # unreadable at the time: nothing to compare with
        return
    now = check.card.data
    changed = changed_fields(before, now)
    if not changed:
        return
    later = list(reversed(history.versions[:index]))  # oldest first; parsed only to name a commit
    data = history.contents(later)
    culprit: Commit | None = None
    for version in later:
        old = data.get(version.blob) if version.blob else None
        if old is not None and any(not same(before.get(k, _ABSENT), old.get(k, _ABSENT)) for k in changed):
            culprit = version.commit
            break
    names = ", ".join(changed[:SHOWN_FIELDS])
    if len(changed) > SHOWN_FIELDS:
        names += f" and {len(changed) - SHOWN_FIELDS} more"
    where = f", first by {_commit_label(culprit)}" if culprit else " (uncommitted change in the working tree)"
    present = [k for k in changed if k in now]
    yield Hit(
        f"card changed since its validation on {validated.isoformat()} in {names}{where}",
        at=(present[0],) if present else ("validation", "date"),
        field="validation.date",
    )
