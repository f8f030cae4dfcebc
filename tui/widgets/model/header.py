"""The model screen's header: is it compliant, what is it, and whom to call."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from registry.findings import Finding, Severity
from registry.model import ModelCard, Owner
from registry.textsafe import clean
from tui import severity
from tui.severity import ERROR, GLYPH, MUTED, Palette

Part = str | tuple[str, str | Style]


def _status(palette: Palette, findings: list[Finding]) -> tuple[str, Style]:
    for level in (Severity.ERROR, Severity.WARNING):
        count = sum(1 for f in findings if f.severity is level)
        if count:
            return f"{GLYPH[level]} {count} {level.value}{'s' * (count != 1)}", palette.severity(level)
    return f"{GLYPH[None]} compliant", palette.severity(None)


def _reach(record: Owner) -> str:
    return record.get_str("escalation") or record.get_str("email") or ""


def _call(palette: Palette, card: ModelCard, owners: dict[str, Owner]) -> list[Part]:
    """Whom to call: the owner, and the backup when the owner cannot answer."""
    alarm = palette.content(ERROR, bold=True)
    owner_id = card.owner
    record = owners.get(owner_id) if owner_id else None
    parts: list[Part] = [("Call: ", palette.content(MUTED))]
    if owner_id is None:
        parts.append(("no owner", alarm))
    elif record is None:
        parts.append((f"{clean(owner_id)} (no record)", alarm))
    else:
        parts.append((f"{clean(owner_id)} {clean(_reach(record))}".strip(), "" if record.active else alarm))
        if not record.active:
            parts.append((" INACTIVE", alarm))
    if record is not None and record.active:
        return parts
    backup_id = card.backup_owner
    backup = owners.get(backup_id) if backup_id else None
    parts.append("  · backup: ")
    if backup_id is None:
        parts.append(("none", alarm))
    elif backup is None or not backup.active:
        parts.append((f"{clean(backup_id)} (not reachable)", alarm))
    else:
        parts.append((f"{clean(backup_id)} {clean(_reach(backup))}".strip(), "bold"))
    return parts


def header_content(
    palette: Palette, card: ModelCard, owners: dict[str, Owner], findings: list[Finding]
) -> Content:
    version = card.version and f"v{card.version}"
    risk = card.risk_tier and f"{card.risk_tier} risk"
    facts = " · ".join(clean(x) for x in (version, card.stage, risk) if x)
    return Content.assemble(
        _status(palette, findings),
        "  ",
        (clean(card.name), "bold"),
        ("  " + clean(card.folder), palette.content(MUTED)),
        "  ",
        facts,
        "\n",
        *_call(palette, card, owners),
    )


class ModelHeader(Static):
    """Status, name, facts and the escalation contact, above the tabs."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def show_model(self, card: ModelCard, owners: dict[str, Owner], findings: list[Finding]) -> None:
        self.update(header_content(Palette.of(self), card, owners, findings))

    def show_elsewhere(self, model: str, findings: list[Finding]) -> None:
        """Over the index: the card's registry is not on this machine; its findings are."""
        palette = Palette.of(self)
        self.update(
            Content.assemble(
                (clean(model), "bold"),
                "  ",
                _status(palette, findings),
                (
                    "\nits registry is not on this machine: the card is not shown, its findings are",
                    palette.content(MUTED),
                ),
            )
        )

    def show_missing(self, model: str) -> None:
        palette = Palette.of(self)
        self.update(
            Content.assemble(
                (clean(model), "bold"), ("  is not in the registry (any more)", palette.content(ERROR))
            )
        )
