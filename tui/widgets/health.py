"""The health bar at the top of the overview: the registry's numbers at a glance."""

from __future__ import annotations

from textual.content import Content
from textual.widgets import Static

from registry.textsafe import clean
from tui.data import Snapshot


def health_content(snapshot: Snapshot | None, root_name: str, status: str = "") -> Content:
    """Two short lines; every number a governance lead asks about first."""
    if snapshot is None:
        title = Content.assemble((clean(root_name), "bold"), "  ", (status or "loading…", "$text-muted"))
        return title
    h = snapshot.health
    name = clean(snapshot.name)
    head: list[str | tuple[str, str]] = [
        (name, "bold"),
        ("  " + clean(root_name), "$text-muted"),
        ("  today " + snapshot.today.isoformat(), "$text-muted"),
    ]
    if status:
        head += ["  ", (status, "$text-accent")]
    if not snapshot.complete:
        head += ["  ", (f"loading {len(snapshot.rows):,}/{snapshot.total:,} models…", "$text-warning")]
    share = round(100 * h.compliant_share)
    share_style = "$success" if share == 100 else ("$text-warning" if share >= 75 else "$error")
    parts: list[str | tuple[str, str]] = [
        (f"{h.models:,}", "bold"),
        " models  ",
        (f"{share}%", f"bold {share_style}"),
        f" compliant ({h.compliant:,}/{h.active:,})  ",
        (f"✖ {h.errors:,}", "bold $error" if h.errors else "$text-muted"),
        " error  " if h.errors == 1 else " errors  ",
        (f"▲ {h.warnings:,}", "bold $text-warning" if h.warnings else "$text-muted"),
        " warning  " if h.warnings == 1 else " warnings  ",
        "overdue validations ",
        (f"{h.overdue_validations:,}", "bold $error" if h.overdue_validations else "$success"),
        "  bias tests ",
        (f"{h.overdue_bias_tests:,}", "bold $error" if h.overdue_bias_tests else "$success"),
    ]
    return Content.assemble(*head, "\n", *parts)


class HealthBar(Static):
    """Registry name, folder, today and the health numbers; updated on every load."""

    DEFAULT_CSS = """
    HealthBar {
        height: auto;
        padding: 0 1;
        background: $panel;
    }
    """
