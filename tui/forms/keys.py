"""The editing keys of the screens that show a model: ``e``, ``v``, ``b``, ``w``, ``E``, ``C``.

A screen that shows one model (the model screen) or has one under the cursor (the
models table) derives from :class:`EditKeys` and says which model with
:meth:`EditKeys.edit_target`; the keys then open the forms of tui/forms/.
"""

from __future__ import annotations

from typing import ClassVar

from textual.binding import Binding, BindingType

from registry.textsafe import clean
from tui.forms import flow
from tui.forms.card import CardForm
from tui.forms.events import BiasTestForm, ValidationForm, WaiverForm
from tui.forms.handover import HandoverForm
from tui.screens.base import SnapshotScreen

EDIT_BINDINGS: list[BindingType] = [
    Binding(
        "e", "edit_card", "Edit", tooltip="edit owner, backup owner, stage, risk tier, purpose, limitations…"
    ),
    Binding("v", "record('validation')", "Validation", show=False, tooltip="record a validation"),
    Binding("b", "record('bias')", "Bias test", show=False, tooltip="record a bias test"),
    Binding("w", "record('waiver')", "Waiver", show=False, tooltip="record a waiver"),
    Binding(
        "E", "open_editor", "$EDITOR", show=False, tooltip="open the card in $EDITOR, re-audit on return"
    ),
    Binding(
        "C", "commit_edits", "Commit", show=False, tooltip="commit what was saved here on a review branch"
    ),
]


class EditKeys(SnapshotScreen):
    """A snapshot screen whose keys edit the model it shows (or has under the cursor)."""

    BINDINGS: ClassVar[list[BindingType]] = EDIT_BINDINGS

    def edit_target(self) -> str | None:
        """The model the editing keys act on."""
        return None

    def _target(self) -> str | None:
        model = self.edit_target()
        snapshot = self.snapshot
        if model is None or snapshot is None:
            self.notify("No model to edit here.", severity="warning")
            return None
        if snapshot.card_location(model) is None:
            self.notify(f"{clean(model)} is not in a folder here: it cannot be edited.", severity="warning")
            return None
        return model

    def action_edit_card(self) -> None:
        from tui.loading import read_card

        model = self._target()
        snapshot = self.snapshot
        if model is None or snapshot is None:
            return
        card = read_card(self.registry_app.root, model)
        if card.broken:
            self.notify(
                "The card cannot be read as YAML: press E to fix it in your editor.", severity="error"
            )
            return
        form = CardForm(self.registry_app.root, self.registry_app.today, model, card, snapshot.owners)
        flow.open_form(self.app, form)

    def action_record(self, kind: str) -> None:
        from registry.rules import load_catalog

        model = self._target()
        snapshot = self.snapshot
        if model is None or snapshot is None:
            return
        root, today, owners = self.registry_app.root, self.registry_app.today, snapshot.owners
        if kind == "validation":
            flow.open_form(self.app, ValidationForm(root, today, model, owners))
        elif kind == "bias":
            flow.open_form(self.app, BiasTestForm(root, today, model, owners))
        else:
            catalog = load_catalog()
            own = [f.rule for f in snapshot.by_model.get(model, []) if catalog[f.rule].waivable]
            rules = list(dict.fromkeys([*own, *(code for code, r in catalog.items() if r.waivable)]))
            flow.open_form(self.app, WaiverForm(root, today, model, owners, rules))

    def action_open_editor(self) -> None:
        model = self._target()
        if model is not None:
            flow.open_in_editor(self.app, model)

    def action_commit_edits(self) -> None:
        flow.ask_commit(self.app)


def start_handover(screen: SnapshotScreen, owner: str) -> None:
    """The owners view's ``h``: hand every model of ``owner`` to another owner."""
    snapshot = screen.snapshot
    if snapshot is None:
        return
    models = [
        folder
        for folder, summary in snapshot.summaries.items()
        if owner in (summary.owner, summary.backup_owner) and snapshot.card_location(folder) is not None
    ]
    if not models:
        screen.notify(f"{clean(owner)} owns no model here.", severity="warning")
        return
    app = screen.registry_app
    flow.open_form(app, HandoverForm(app.root, app.today, owner, models, snapshot.owners))
