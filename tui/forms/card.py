"""``e``: the fields people fix most, in one form.

Owner and backup owner are picked from the owner records (an inactive one is marked,
and the audit's verdict on it shows in the preview); stage and risk tier from the
format's values; purpose, limitations (one per line), human oversight and the
fallback route as text. Only the fields that were changed are written.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any, ClassVar

from textual.app import ComposeResult
from textual.widgets import Input, Select, TextArea

from registry.edit import Operation, Request, Set, Unset, card_path
from registry.model import RISK_TIERS, STAGES, ModelCard, Owner
from registry.textsafe import clean
from tui.forms.base import EditForm, field_row

Option = tuple[str, str]

#: Form field id -> where it lives in the card.
PATHS: dict[str, tuple[str, ...]] = {
    "owner": ("owner",),
    "backup_owner": ("backup_owner",),
    "stage": ("stage",),
    "risk_tier": ("risk_tier",),
    "purpose": ("purpose",),
    "limitations": ("limitations",),
    "human_oversight": ("human_oversight",),
    "fallback_route": ("fallback", "route"),
}


def owner_options(owners: Mapping[str, Owner], current: str | None = None) -> list[Option]:
    """Owner records as choices: ``payments-risk  Payments Risk ML``, inactive ones marked."""
    options = []
    for owner_id in sorted(owners):
        owner = owners[owner_id]
        name = owner.get_str("name") or ""
        mark = "  (inactive)" if not owner.active else ""
        options.append((clean(f"{owner_id}  {name}{mark}".rstrip()), owner_id))
    if current and current not in owners:
        options.insert(0, (clean(f"{current}  (no record in owners/)"), current))
    return options


def _text(value: Any) -> str:
    """A card value as a field shows it: one line, control characters made visible (never sent)."""
    if isinstance(value, str):
        return clean(" ".join(value.split()))  # a folded text shown on one line
    return "" if value is None else clean(str(value))


class CardForm(EditForm):
    """Owner, backup owner, stage, risk tier, purpose, limitations, oversight, fallback."""

    FIELDS: ClassVar[dict[str, str]] = {".".join(path): fid for fid, path in PATHS.items()}

    def __init__(
        self, root: Path, today: date, model: str, card: ModelCard, owners: Mapping[str, Owner]
    ) -> None:
        super().__init__(root, today, f"Edit {model}")
        self.model = model
        self.card = card
        self.owners = owners
        limitations = card.get_list("limitations")
        self.initial: dict[str, str] = {
            "owner": card.owner or "",
            "backup_owner": card.backup_owner or "",
            "stage": card.stage or "",
            "risk_tier": card.risk_tier or "",
            "purpose": _text(card.get("purpose")),
            "limitations": "\n".join(_text(item) for item in limitations),
            "human_oversight": _text(card.get("human_oversight")),
            "fallback_route": _text(card.get("fallback", "route")),
        }

    def fields(self) -> ComposeResult:
        values = self.initial
        for fid, label in (("owner", "Owner"), ("backup_owner", "Backup owner")):
            options = owner_options(self.owners, values[fid] or None)
            yield field_row(
                label,
                Select(options, value=values[fid] or Select.NULL, prompt="(nobody)", compact=True, id=fid),
            )
        for fid, label, choices in (("stage", "Stage", STAGES), ("risk_tier", "Risk tier", RISK_TIERS)):
            select: Select[str] = Select(
                [(c, c) for c in choices],
                value=values[fid] or Select.NULL,
                allow_blank=not values[fid],
                compact=True,
                id=fid,
            )
            yield field_row(label, select)
        yield field_row("Purpose", Input(values["purpose"], compact=True, id="purpose"))
        yield field_row(
            "Limitations",
            TextArea(values["limitations"], compact=True, id="limitations"),
            hint="one per line",
        )
        yield field_row(
            "Human oversight", Input(values["human_oversight"], compact=True, id="human_oversight")
        )
        yield field_row("Fallback route", Input(values["fallback_route"], compact=True, id="fallback_route"))

    def value(self, fid: str) -> str:
        widget = self.query_one(f"#{fid}")
        if isinstance(widget, Select):
            chosen = widget.value
            return chosen if isinstance(chosen, str) else ""
        if isinstance(widget, TextArea):
            return widget.text
        assert isinstance(widget, Input)
        return widget.value

    def request(self) -> Request:
        operations: list[Operation] = []
        for fid, path in PATHS.items():
            now = self.value(fid)
            if now == self.initial[fid]:
                continue
            if fid == "limitations":
                items = [line.strip() for line in now.splitlines() if line.strip()]
                operations.append(Set(path, items))
            elif now.strip():
                operations.append(Set(path, now.strip()))
            elif self.card.get(*path) is not None:
                operations.append(Unset(path))
        changed = sorted({op.path[0] for op in operations if isinstance(op, Set | Unset)})
        return Request(
            {card_path(self.root, self.model): operations},
            what="edit" if len(changed) != 1 else str(changed[0]).replace("_", "-"),
            subject=f"registry: edit {', '.join(map(str, changed)) or 'nothing'} of {self.model}",
        )
