"""What a waiver silenced, and the waiver that did: for reports that show suppressed findings.

The audit keeps the findings a valid waiver silences aside (they neither count nor
fail). SARIF shows them as suppressed results, whose justification a reviewer reads:
the waiver's own reason, approver and expiry, as the card states them. The check
stage quotes the waiver from the very card it judged (:func:`quote`), and the quote
travels with the audit (cache and workers included), so a report never reads a card
again and cannot quote a waiver newer than its findings.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from registry.findings import Finding
from registry.model import ModelCard, Owner, text
from registry.rules.waivers import silencing_waivers


@dataclass(frozen=True, slots=True)
class Suppression:
    """The waiver that silences ``rule`` for ``model``, as the card states it."""

    model: str
    rule: str
    reason: str
    approved_by: str
    expires: str

    def justification(self) -> str:
        return f"waived: {self.reason} (approved by {self.approved_by}, expires {self.expires})"


def quote(
    card: ModelCard, owners: Mapping[str, Owner], today: date, waived: Iterable[Finding]
) -> list[Suppression]:
    """The waiver behind each rule of ``waived`` (the first in the card that silences it),
    by rule: the same judgement as the check stage, over the card already read."""
    wanted = {f.rule for f in waived}
    if not wanted:
        return []
    items = card.get_list("waivers")
    out: dict[str, Suppression] = {}
    for waiver in silencing_waivers(card, owners, today):
        if waiver.rule not in wanted or waiver.rule in out:
            continue
        raw = items[waiver.index]
        expires = waiver.expires.isoformat() if waiver.expires is not None else "-"
        reason, approver = text(raw.get("reason")) or "", text(raw.get("approved_by")) or ""
        out[waiver.rule] = Suppression(card.folder, waiver.rule, reason, approver, expires)
    return [out[rule] for rule in sorted(out)]
