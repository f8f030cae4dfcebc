"""From the owners view: hand every model of one owner to another, in one change.

The models are those the registry snapshot lists with this owner as owner or backup
owner; the preview shows what the audit would then say about each of them.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from pathlib import Path

from textual.app import ComposeResult
from textual.widgets import Checkbox, Select, Static

from registry.edit import Handover, Request, card_path
from registry.model import Owner
from registry.textsafe import clean
from tui.forms.base import EditForm, FormProblem, field_row
from tui.forms.card import owner_options


class HandoverForm(EditForm):
    """Every model owned or backed up by ``old`` moves to the owner chosen."""

    def __init__(
        self, root: Path, today: date, old: str, models: Sequence[str], owners: Mapping[str, Owner]
    ) -> None:
        super().__init__(root, today, f"Hand over the models of {old}")
        self.old = old
        self.models = list(models)
        self.owners = {k: v for k, v in owners.items() if k != old}

    def fields(self) -> ComposeResult:
        listed = ", ".join(clean(m) for m in self.models[:12]) + (" …" if len(self.models) > 12 else "")
        yield Static(f"{len(self.models)} model(s): {listed}", id="handover-models", markup=False)
        yield field_row(
            "New owner", Select(owner_options(self.owners), prompt="(choose)", compact=True, id="new_owner")
        )
        yield field_row(
            "Keep as backup",
            Checkbox(f"{self.old} stays backup owner of the models it owned", compact=True, id="keep"),
        )

    def request(self) -> Request:
        chosen = self.query_one("#new_owner", Select).value
        if not isinstance(chosen, str):
            raise FormProblem("new owner: choose the owner who takes the models over", "new_owner")
        if not self.models:
            raise FormProblem(f"{self.old} owns no model")
        step = Handover(self.old, chosen, self.query_one("#keep", Checkbox).value)
        return Request(
            {card_path(self.root, m): [step] for m in self.models},
            what="handover",
            subject=f"registry: hand over {self.old}'s models to {chosen} ({len(self.models)} models)",
            models=self.models,
            topic=f"{self.old}-to-{chosen}",
        )
