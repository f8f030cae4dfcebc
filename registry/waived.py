"""What a waiver silenced, and the waiver that did: for reports that show suppressed findings.

The audit keeps the findings a valid waiver silences aside (they neither count nor
fail). SARIF shows them as suppressed results, whose justification a reviewer reads:
the waiver's own reason, approver and expiry, as the card states them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.findings import Finding
from registry.model import text
from registry.rules.waivers import waivers_of

if TYPE_CHECKING:  # pragma: no cover
    from registry.store import Source


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


def suppressions(root: Path | Source, waived: Iterable[Finding], today: date) -> list[Suppression]:
    """The waiver behind each silenced finding: only the cards that have one are read."""
    from registry.store import load_card

    wanted = {(f.model, f.rule) for f in waived if f.model is not None}
    out: list[Suppression] = []
    for model in sorted({m for m, _ in wanted if m is not None}):
        card = load_card(root, model)
        items = card.get_list("waivers")
        for waiver in waivers_of(items):
            if (model, waiver.rule) not in wanted or not waiver.silences(today):
                continue
            wanted.discard((model, waiver.rule))
            raw = items[waiver.index]
            expires = waiver.expires.isoformat() if waiver.expires is not None else "-"
            reason, approver = text(raw.get("reason")) or "", text(raw.get("approved_by")) or ""
            out.append(Suppression(model, waiver.rule, reason, approver, expires))
    return out
