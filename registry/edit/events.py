"""Governance events as edits: a validation, a bias test, a waiver, a decision, a handover.

Each event is written the way the format documents it (FORMAT.md's key order), as a
block mapping, or a flow one where the list it joins already uses ``{...}`` items, so
the card reads as if a person had typed it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any

from ruamel.yaml.comments import CommentedMap

from registry.edit.tree import Document, PathError, commented

VALIDATION_RESULTS = ("pass", "fail", "conditional")
BIAS_RESULTS = ("pass", "fail")
DECISIONS = ("go", "no-go", "iterate")


def _day(day: date | str) -> str:
    return day.isoformat() if isinstance(day, date) else day.strip()


def mapping(*pairs: tuple[str, Any], flow: bool = False) -> CommentedMap:
    """A mapping of the pairs whose value is not None (empty lists dropped too), in order."""
    out = CommentedMap()
    for key, val in pairs:
        if val is None or (isinstance(val, list) and not val):
            continue
        out[key] = commented(list(val)) if isinstance(val, list | tuple) else val
    out.fa.set_flow_style() if flow else out.fa.set_block_style()
    return out


@dataclass(frozen=True, slots=True)
class RecordValidation:
    """The validation of the card's current version replaces the previous one."""

    validator: str
    result: str
    day: date | str  # a date, or the text a person typed (the schema judges it)
    evidence: str | None = None
    conditions: tuple[str, ...] = ()

    def apply(self, doc: Document) -> None:
        version = doc.data.get("version")
        if version is None:
            raise PathError("version is not in the file: a validation records which version it covers")
        doc.set(
            ("validation",),
            mapping(
                ("date", _day(self.day)),
                ("validator", self.validator),
                ("model_version", version),
                ("result", self.result),
                ("conditions", list(self.conditions)),
                ("evidence", self.evidence),
            ),
        )


@dataclass(frozen=True, slots=True)
class RecordBiasTest:
    method: str
    result: str
    day: date | str
    attributes: tuple[str, ...] = ()
    mitigation: str | None = None
    evidence: str | None = None

    def apply(self, doc: Document) -> None:
        doc.append(
            ("bias_tests",),
            mapping(
                ("date", _day(self.day)),
                ("method", self.method),
                ("attributes", list(self.attributes)),
                ("result", self.result),
                ("mitigation", self.mitigation),
                ("evidence", self.evidence),
            ),
        )


@dataclass(frozen=True, slots=True)
class RecordWaiver:
    rule: str
    reason: str
    approved_by: str
    expires: str

    def apply(self, doc: Document) -> None:
        doc.append(
            ("waivers",),
            mapping(
                ("rule", self.rule),
                ("reason", self.reason),
                ("approved_by", self.approved_by),
                ("expires", self.expires),
            ),
        )


@dataclass(frozen=True, slots=True)
class RecordDecision:
    """A pilot's go / no-go / iterate decision, dated."""

    decision: str
    day: date

    def apply(self, doc: Document) -> None:
        doc.set(("pilot", "decision"), self.decision)
        doc.set(("pilot", "decided"), self.day.isoformat())


@dataclass(frozen=True, slots=True)
class Handover:
    """References to ``old`` as owner or backup owner move to ``new``.

    With ``keep_as_backup`` the old owner stays on as backup owner of the models it
    owned, where their backup was empty or was ``new`` (who is now the owner).
    """

    old: str
    new: str
    keep_as_backup: bool = False

    def touches(self, data: Any) -> bool:
        return isinstance(data, dict) and self.old in (data.get("owner"), data.get("backup_owner"))

    def apply(self, doc: Document) -> None:
        data = doc.data
        owned = data.get("owner") == self.old
        if owned:
            doc.set(("owner",), self.new)
        backup = data.get("backup_owner")
        if self.keep_as_backup and owned and backup in (None, "", self.old, self.new):
            doc.set(("backup_owner",), self.old)
        elif backup == self.old:
            doc.set(("backup_owner",), self.new)


@dataclass(frozen=True, slots=True)
class NewOwner:
    """A new owner record: what ``registry owner new`` asks for."""

    owner_id: str
    kind: str
    name: str
    email: str
    lead: str | None = None
    members: tuple[str, ...] = ()
    escalation: str | None = None

    def text(self) -> str:
        """The record in the format's order."""
        from registry.edit.yamlio import Layout, dump

        record = mapping(
            ("id", self.owner_id),
            ("kind", self.kind),
            ("name", self.name),
            ("email", self.email),
            ("lead", self.lead),
            ("members", list(self.members)),
            ("escalation", self.escalation),
        )
        return dump(record, Layout())
