"""DOC rules: a model must say what it is for and how to operate it."""

from __future__ import annotations

import re
import string
from collections.abc import Iterator
from dataclasses import dataclass, field

from registry.loader import MarkdownFile
from registry.rules import LIVE_STAGES, Check, Hit, missing, rule

_LIST_MARKER = re.compile(r"^(?:[-*+]|\d{1,9}[.)])(?:\s+|$)(?:\[[ xX]\](?:\s+|$))?")
_DEEPER_HEADING = re.compile(r"^\s{0,3}###")
_PLACEHOLDER = re.compile(r"^(?:todo|tbd|fixme|xxx)\b", re.IGNORECASE)
_TRAILING_PUNCTUATION = string.punctuation + "…"


@rule(
    "DOC001",
    "error",
    title="Purpose or limitations missing",
    rationale="""Users, reviewers and auditors judge whether a model is used appropriately
    against its stated purpose and known limitations; without them there is no scope to
    hold the model to (EU AI Act Art. 13, NIST AI RMF MAP 1).""",
    fix="""Write one or two sentences of `purpose:` and list the known `limitations:`.""",
    example="""
purpose: ""             # DOC001: empty
""",
    compliant="""
purpose: Flags card-not-present transactions for review.
""",
)
def doc001(check: Check) -> Iterator[Hit]:
    """One finding for `purpose` and one for `limitations` when missing or empty."""
    for key in ("purpose", "limitations"):
        yield from missing(check, (key,), f"{key} is missing or empty")


@rule(
    "DOC002",
    "error",
    title="Runbook missing",
    rationale="""The people on call for a live model need written steps for fallback,
    rollback and escalation; a runbook that does not exist is discovered during an incident.""",
    fix="""Add `runbook.md` next to the card (`registry new` scaffolds one) and set
    `runbook: runbook.md`, or fix the path.""",
    example="""
runbook: runbook-v2.md  # DOC002: no such file in the model's folder
""",
    compliant="""
runbook: runbook.md
""",
)
def doc002(check: Check) -> Iterator[Hit]:
    """Pilot and production models need a runbook; any `runbook:` must name a file."""
    card = check.card
    if card.runbook_error is not None:
        return  # an unsafe path is SCH002's finding
    declared = card.get_str("runbook")
    runbook = card.runbook
    if declared is not None:
        if (
            runbook is not None
            and runbook.error is not None
            and runbook.error.message == "file does not exist"
        ):
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
    example="""
# models/fraud-detector/runbook.md
---
model: fraud-detector
owner: payments-risk
last_reviewed: 2026-10-01
---
## Fallback
Route every transaction to the manual review queue.
## Rollback
Redeploy the previous version from the model store.
""",
    compliant="""
## Escalation
Page #payments-risk-oncall, then the head of fraud operations.
""",
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


def is_placeholder(line: str) -> bool:
    """True for a runbook line that says nothing: blank, a deeper heading, or a placeholder.

    List markers (``-``, ``*``, ``1.``) and surrounding whitespace are removed, then
    trailing punctuation; what is left is empty, starts with the word TODO, TBD, FIXME
    or XXX (any case), or is an ellipsis. ``TODO`` inside a sentence is content.
    """
    if _DEEPER_HEADING.match(line):
        return True
    text = line.strip()
    while True:
        stripped = _LIST_MARKER.sub("", text, count=1).strip()
        if stripped == text:
            break
        text = stripped
    text = text.rstrip(_TRAILING_PUNCTUATION).rstrip()
    return not text or text in ("...", "…") or _PLACEHOLDER.match(text) is not None


@dataclass(slots=True)
class Section:
    """A level-2 section of a runbook: its heading and the lines up to the next one."""

    title: str
    line: int
    column: int
    body: list[str] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return all(is_placeholder(text) for text in self.body)


def sections(markdown: MarkdownFile) -> list[Section]:
    """The runbook's level-2 sections in order (headings inside code fences do not count)."""
    starts = {line: title for title, line in markdown.headings}
    out: list[Section] = []
    for number, text in markdown.lines():
        if number in starts:
            out.append(Section(starts[number], number, len(text) - len(text.lstrip(" ")) + 1))
        elif out:
            out[-1].body.append(text)
    return out


@rule(
    "DOC004",
    "warning",
    title="Required runbook section is empty or a placeholder",
    rationale="""A heading is not a procedure. A scaffolded runbook whose Rollback section
    still says `TODO` passes a check for headings, and fails the person who opens it during
    an incident. The sections the policy requires must say what to do.""",
    fix="""Write the concrete steps under the heading: who does what, with which command or
    dashboard, and how to tell it worked. Replace every `TODO`, `TBD` or `...`.""",
    example="""
## Rollback

TODO: how to roll back to the previous version.
""",
    compliant="""
## Rollback

1. Set `serving.version` back to the previous tag in the deployment repository.
2. Watch precision on the dashboard for an hour; page #payments-risk-oncall if it drops.
""",
)
def doc004(check: Check) -> Iterator[Hit]:
    """A section runs from its level-2 heading to the next one or the end of the file. It has
    no content when every line is blank, a deeper heading (`###`), or a placeholder: after
    removing list markers (`-`, `*`, `1.`), surrounding whitespace and trailing
    punctuation, the line is empty, starts with the word TODO, TBD, FIXME or XXX (any
    case), or is `...`. `TODO` inside a sentence is content. One finding per required
    section, at its heading; a missing section is DOC003's finding instead."""
    runbook = check.runbook
    if runbook is None or runbook.markdown is None:
        return
    found = sections(runbook.markdown)
    for name in check.policy.runbook_sections:
        wanted = name.casefold()
        matching = [s for s in found if s.title.casefold().startswith(wanted)]
        if matching and all(s.empty for s in matching):
            yield Hit(
                f"runbook section '## {name}' has no content, only blanks or placeholders",
                file=runbook.path,
                position=(matching[0].line, matching[0].column),
                field=f"runbook:{name}:content",
            )
