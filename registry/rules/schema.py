"""SCH rules: files that cannot be trusted as data. They apply to every stage."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator

from registry.model import STAGES
from registry.rules import Check, FileCheck, Hit, file_rule, rule
from registry.schema import validate
from registry.summary import ModelSummary

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
ALL_STAGES = frozenset(STAGES)


def duplicate_id_message(card_id: str) -> str:
    """SCH003's words for a shared id."""
    return f"id {card_id!r} is also used by another model"


def duplicate_hits(pool: Iterable[ModelSummary]) -> Iterator[tuple[ModelSummary, Hit]]:
    """SCH003 for ids used by more than one card: the one check that needs every card.

    It runs on summaries, after the cards were checked one by one (in any process, or
    from the cache), so the whole audit and path mode share it. A card's id is its
    ``id`` when that is text, else its folder's name, as everywhere else.
    """
    cards = [s for s in pool if not s.broken]
    counts = Counter(s.id for s in cards)
    for summary in cards:
        if counts[summary.id] > 1 and summary.id != summary.folder:
            yield (
                summary,
                Hit(
                    duplicate_id_message(summary.id),
                    position=(summary.id_line, summary.id_column),
                    field="id-duplicate",
                ),
            )


@rule(
    "SCH001",
    "error",
    title="File does not match its JSON Schema",
    rationale="""Every other rule, the console and every tool that reads the registry rely on
    fields having the names, types and values the format defines. A typo such as `ownr:` or
    `stage: prod` silently hides a field from the audit, so it is reported where it stands.""",
    fix="""Correct the field named in the message: the allowed keys and values are in
    `registry schema card` (or owner, registry, runbook). Keys of your own start with `x-`.""",
    stages=ALL_STAGES,
    waivable=False,
    example="""
stage: prod          # SCH001: "prod" is not one of ... (did you mean "production"?)
""",
    compliant="""
stage: production
""",
)
def sch001(check: Check) -> Iterator[Hit]:
    """One finding per schema violation, at the offending key or value."""
    for violation in check.card.schema_errors:
        yield Hit(violation.message, at=violation.at, field=violation.field)
    runbook = check.runbook
    if runbook is not None and runbook.markdown is not None:
        front = runbook.markdown.front
        for violation in runbook.front_schema_errors:
            position = front.pos(violation.at) if front is not None else (1, 1)
            yield Hit(
                f"runbook {violation.message}",
                file=runbook.path,
                position=position,
                field=f"runbook:{violation.field}",
            )


@rule(
    "SCH002",
    "error",
    title="File cannot be read or parsed",
    rationale="""A card that cannot be parsed cannot be governed: none of its facts can be
    checked, and tools that read the registry see nothing. Files that are links out of the
    registry, devices or folders are refused so that an audit of untrusted changes never
    reads anything outside the registry.""",
    fix="""Fix the YAML at the position shown (indentation with spaces, one document per
    file, no duplicate keys, no custom tags), or replace the link or special file with a
    regular file inside the registry.""",
    stages=ALL_STAGES,
    waivable=False,
    example="""
owner: payments-risk
owner: fraud-platform   # SCH002: duplicate key 'owner'
""",
    compliant="""
owner: payments-risk
backup_owner: fraud-platform
""",
)
def sch002(check: Check) -> Iterator[Hit]:
    """A broken card gets this finding only; a broken runbook or runbook path gets it too."""
    card = check.card
    if card.error is not None:
        message, line, column = card.error.message, card.error.line, card.error.column
        yield Hit(message, position=(line, column), file=card.path, field="file")
        return
    if card.runbook_error is not None:
        message, at = card.runbook_error.message, card.runbook_error.at
        yield Hit(message, at=at, field="runbook")
    runbook = card.runbook
    if runbook is not None and runbook.error is not None:
        message, line, column = runbook.error.message, runbook.error.line, runbook.error.column
        if message != "file does not exist":  # a missing runbook is DOC002's finding
            yield Hit(f"runbook {message}", file=runbook.path, position=(line, column), field="runbook:file")


@rule(
    "SCH003",
    "error",
    title="Id does not match its folder or file, or is used twice",
    rationale="""Ids are how cards, owners, CODEOWNERS, the index and other teams refer to
    a model or an owner. An id that differs from its folder or file name, or that two
    records share, makes references ambiguous and lets one record shadow another.""",
    fix="""Make the card's `id` equal its folder name (or the owner's `id` its file stem),
    using a lowercase slug such as `fraud-detector`; rename one of two records that share an id.""",
    stages=ALL_STAGES,
    waivable=False,
    example="""
# models/fraud-detector/model_card.yaml
id: fraud-detection     # SCH003: differs from its folder 'fraud-detector'
""",
    compliant="""
# models/fraud-detector/model_card.yaml
id: fraud-detector
""",
)
def sch003(check: Check) -> Iterator[Hit]:
    """Reported under the folder's name, at the `id` key."""
    card = check.card
    folder = card.folder
    if not ID_PATTERN.match(folder):
        yield Hit(
            f"folder name {folder!r} is not a valid id (lowercase letters, digits and "
            "'-', 2 to 63 characters)",
            at=("id",),
            field="folder",
        )
    value = card.get("id")
    if isinstance(value, str) and value and value != folder:
        yield Hit(f"id {value!r} differs from its folder {folder!r}", at=("id",), field="id")
    # An id used twice is found by duplicate_hits, which sees every card.


# --------------------------------------------------------------------------- owner files


@file_rule("SCH001")
def sch001_owner(check: FileCheck) -> Iterator[Hit]:
    """An owner record against the owner schema."""
    owner = check.record
    if owner.error is not None or owner.doc is None:
        return
    for violation in validate("owner", owner.data):
        yield Hit(violation.message, position=owner.pos(violation.at), field=violation.field)


@file_rule("SCH002")
def sch002_owner(check: FileCheck) -> Iterator[Hit]:
    """An owner file that cannot be read or parsed (it gets no other finding)."""
    error = check.record.error
    if error is not None:
        message, line, column = error.message, error.line, error.column
        yield Hit(message, position=(line, column), field="file")


@file_rule("SCH003")
def sch003_owner(check: FileCheck) -> Iterator[Hit]:
    """An owner's `id` must equal its file's stem, which must be a valid id."""
    owner = check.record
    if owner.error is not None:
        return
    value = owner.get("id")
    if isinstance(value, str) and value != owner.id:
        yield Hit(
            f"id {value!r} differs from its file name {owner.id!r}", position=owner.pos(("id",)), field="id"
        )
    if not ID_PATTERN.match(owner.id):
        yield Hit(f"file name {owner.id!r} is not a valid id", position=(1, 1), field="file")
