"""The health bar at the top of the overview: the registry's numbers at a glance."""

from __future__ import annotations

from typing import ClassVar

from textual.content import Content
from textual.style import Style
from textual.widgets import Static

from registry.findings import Severity
from registry.status import whole_percent
from registry.textsafe import clean
from tui import severity
from tui.data.snapshot import Snapshot
from tui.severity import ACCENT, ERROR, GLYPH, MUTED, OK, WARNING, Palette

Part = str | tuple[str, str | Style]


def health_content(palette: Palette, snapshot: Snapshot | None, root_name: str, status: str = "") -> Content:
    """Two short lines; every number a governance lead asks about first."""
    muted = palette.content(MUTED)
    if snapshot is None:
        return Content.assemble((clean(root_name), "bold"), "  ", (status or "loading…", muted))
    h = snapshot.health
    head: list[Part] = [
        (clean(snapshot.name), "bold"),
        ("  " + clean(root_name), muted),
        ("  today " + snapshot.today.isoformat(), muted),
    ]
    if status:
        head += ["  ", (status, palette.content(ACCENT))]
    if not snapshot.complete:
        loading = f"loading {len(snapshot.rows):,}/{snapshot.total:,} models…"
        head += ["  ", (loading, palette.content(WARNING))]
    share = whole_percent(h.compliant_share)
    share_style = OK if share == 100 else (WARNING if share >= 75 else ERROR)
    shown = f"{share}%" if h.active else "–"  # nothing in scope is not 100% compliant

    def overdue(number: int, what: str) -> list[Part]:
        style = palette.content(ERROR, bold=True) if number else palette.content(OK)
        return [(f"{number:,}", style), f" {what}{'s' * (number != 1)}"]

    def severity_count(level: Severity, number: int) -> tuple[str, Style]:
        return f"{GLYPH[level]} {number:,}", palette.severity(level) if number else muted

    parts: list[Part] = [
        (f"{h.models:,}", "bold"),
        " models  ",
        (shown, palette.content(share_style if h.active else MUTED, bold=True)),
        f" compliant ({h.compliant:,}/{h.active:,})  ",
        severity_count(Severity.ERROR, h.errors),
        " error  " if h.errors == 1 else " errors  ",
        severity_count(Severity.WARNING, h.warnings),
        " warning  " if h.warnings == 1 else " warnings  ",
        "overdue: ",
        *overdue(h.overdue_validations, "validation"),
        ", ",
        *overdue(h.overdue_bias_tests, "bias test"),
    ]
    return Content.assemble(*head, "\n", *parts, *_registry_lines(palette, snapshot))


#: Registries listed in the header over the index; the rest are summed up in one line.
MAX_REGISTRY_LINES = 6


def _registry_lines(palette: Palette, snapshot: Snapshot) -> list[Part]:
    """Over the index: each registry's compliance history as a sparkline, oldest sync first."""
    lines = snapshot.registries
    if not lines:
        return []
    width = min(32, max(len(r.name) for r in lines))
    out: list[Part] = []
    for r in lines[:MAX_REGISTRY_LINES]:
        share = whole_percent(r.compliant_share)
        style = OK if share == 100 else (WARNING if share >= 75 else ERROR)
        out += [
            "\n",
            (r.name[:width].ljust(width), "bold"),
            "  ",
            (r.sparkline, palette.content(style)),
            (f" {share:>3}%", palette.content(style, bold=True)),
            (
                f"  {r.models:,} models, {r.errors:,} errors  synced {r.synced} {r.revision}",
                palette.content(MUTED),
            ),
        ]
    hidden = len(lines) - MAX_REGISTRY_LINES
    if hidden > 0:
        out += ["\n", (f"and {hidden} more registries (filter with registry:NAME)", palette.content(MUTED))]
    return out


class HealthBar(Static):
    """Registry name, folder, today and the health numbers; updated on every load."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)
    DEFAULT_CSS = """
    HealthBar {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """

    def show_health(self, snapshot: Snapshot | None, root_name: str, status: str = "") -> None:
        self.update(health_content(Palette.of(self), snapshot, root_name, status))
