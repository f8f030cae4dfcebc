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
from registry.rules.waivers import silencing_waivers

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
    """The waiver behind each silenced finding: only the cards that have one are read,
    with the owner records they name (a waiver must be independent of the owner)."""
    from registry.store import list_owner_files, load_card, load_owner

    wanted = {(f.model, f.rule) for f in waived if f.model is not None}
    present = set(list_owner_files(root)) if wanted else set()
    out: list[Suppression] = []
    for model in sorted({m for m, _ in wanted if m is not None}):
        card = load_card(root, model)
        named = {f"owners/{i}.yaml" for i in (card.owner, card.backup_owner) if i} & present
        records = [load_owner(root, rel) for rel in sorted(named)]
        items = card.get_list("waivers")
        for waiver in silencing_waivers(card, {o.id: o for o in records}, today):
            if (model, waiver.rule) not in wanted:
                continue
            wanted.discard((model, waiver.rule))
            raw = items[waiver.index]
            expires = waiver.expires.isoformat() if waiver.expires is not None else "-"
            reason, approver = text(raw.get("reason")) or "", text(raw.get("approved_by")) or ""
            out.append(Suppression(model, waiver.rule, reason, approver, expires))
    return out
