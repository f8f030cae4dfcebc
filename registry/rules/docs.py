"""DOC rules: a model must say what it is for and how to operate it."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import is_empty
from registry.rules import LIVE_STAGES, Check, Hit, rule


@rule(
    "DOC001",
    "error",
    title="Purpose or limitations missing",
    rationale="""Users, reviewers and auditors judge whether a model is used appropriately
    against its stated purpose and known limitations; without them there is no scope to
    hold the model to (EU AI Act Art. 13, NIST AI RMF MAP 1).""",
    fix="""Write one or two sentences of `purpose:` and list the known `limitations:`.""",
)
def doc001(check: Check) -> Iterator[Hit]:
    """One finding for `purpose` and one for `limitations` when missing or empty."""
    for key in ("purpose", "limitations"):
        if is_empty(check.card.get(key)):
            yield Hit(f"{key} is missing or empty", at=(key,), field=key)


@rule(
    "DOC002",
    "error",
    title="Runbook missing",
    rationale="""The people on call for a live model need written steps for fallback,
    rollback and escalation; a runbook that does not exist is discovered during an incident.""",
    fix="""Add `runbook.md` next to the card (`registry new` scaffolds one) and set
    `runbook: runbook.md`, or fix the path.""",
)
def doc002(check: Check) -> Iterator[Hit]:
    """Pilot and production models need a runbook; any `runbook:` must name a file."""
    card = check.card
    if card.runbook_error is not None:
        return  # an unsafe path is SCH002's finding
    declared = card.get_str("runbook")
    runbook = card.runbook
    if declared is not None:
        if runbook is not None and runbook.error is not None and runbook.error[0] == "file does not exist":
            yield Hit(f"runbook {declared!r} does not exist", at=("runbook",), field="runbook")
    elif runbook is None and card.stage in LIVE_STAGES:
        yield Hit(f"{card.stage} model has no runbook", at=("runbook",), field="runbook")


@rule(
    "DOC003",
    "warning",
    title="Runbook lacks a required section",
    rationale="""A runbook is only useful if it answers the questions asked at 3 a.m.: how to
    fall back, how to roll back and whom to call. The policy names the sections every
    runbook must have.""",
    fix="""Add a level-2 heading (`## Rollback`) for each missing section, with concrete steps.""",
)
def doc003(check: Check) -> Iterator[Hit]:
    """One finding per missing section, at line 1 of the runbook."""
    runbook = check.runbook
    if runbook is None or runbook.markdown is None:
        return
    headings = [text.casefold() for text, _ in runbook.headings]
    for section in check.policy.runbook_sections:
        wanted = section.casefold()
        if not any(h.startswith(wanted) for h in headings):
            yield Hit(
                f"runbook has no '## {section}' section",
                file=runbook.path,
                position=(1, 1),
                field=f"runbook:{section}",
            )
