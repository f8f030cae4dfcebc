"""The Owners tab: who answers for the model and, first, how to reach them."""

from __future__ import annotations

from typing import ClassVar

from rich.console import Group, RenderableType
from rich.text import Text
from textual.widgets import Static

from registry.model import ModelCard, Owner
from registry.textsafe import clean
from tui import severity
from tui.severity import ERROR, OK, Palette
from tui.widgets.model.format import Value, grid, show


def owner_panel(palette: Palette, role: str, owner_id: str | None, record: Owner | None) -> RenderableType:
    """One owner record; a missing, unknown or inactive owner says so in its first line."""
    alarm = palette.rich(ERROR, bold=True)
    title = Text()
    title.append(f"{role:<18}", style="bold")
    if owner_id is None:
        title.append("none", style=alarm)
        return Group(title, Text("  No one is named. Add it to the card.", style=palette.rich(ERROR)))
    title.append(clean(owner_id), style="bold")
    if record is None:
        title.append("  NO RECORD in owners/", style=alarm)
        missing = f"  owners/{clean(owner_id)}.yaml does not exist."
        return Group(title, Text(missing, style=palette.rich(ERROR)))
    if not record.active:
        title.append("  INACTIVE (departed or disbanded)", style=alarm)
    else:
        title.append("  active", style=palette.rich(OK))
    rows: list[tuple[str, Value]] = [
        ("Name", record.get("name")),
        ("Kind", record.get("kind")),
        ("Escalation", Text(show(record.get("escalation")), style="bold")),
        ("Email", record.get("email")),
        ("Lead", record.get("lead")),
        ("Members", record.get("members")),
    ]
    return Group(title, grid(rows))


def owners_summary(palette: Palette, card: ModelCard, owners: dict[str, Owner]) -> RenderableType:
    def record(owner_id: str | None) -> Owner | None:
        return owners.get(owner_id) if owner_id else None

    return Group(
        owner_panel(palette, "Owner", card.owner, record(card.owner)),
        Text(""),
        owner_panel(palette, "Backup owner", card.backup_owner, record(card.backup_owner)),
        Text(""),
        grid([("Sponsor", card.get("sponsor")), ("Validator", card.get("validation", "validator"))]),
    )


class OwnersPanel(Static):
    """The Owners tab's body: owner, backup owner, sponsor and validator."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def show_owners(self, card: ModelCard, owners: dict[str, Owner]) -> None:
        self.update(owners_summary(Palette.of(self), card, owners))
