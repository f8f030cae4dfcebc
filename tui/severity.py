"""How a severity or a status looks in the console: glyphs here, colours in app.tcss.

Every view (the models table, the audit and owners trees, the model screen, the
health bar) draws severities through this module, so that an error looks the same
everywhere and a theme, a 16-colour terminal or ``NO_COLOR`` changes all of them at
once. The colours are component classes styled in ``app.tcss`` from the theme's
variables; a widget adds :data:`COMPONENT_CLASSES` to its own and reads them with
:meth:`Palette.of`. The glyph keeps the meaning when there is no colour.
"""

from __future__ import annotations

from dataclasses import dataclass

from rich.style import Style as RichStyle
from textual.style import Style
from textual.widget import Widget

from registry.findings import Severity

ERROR = "severity--error"
WARNING = "severity--warning"
INFO = "severity--info"
OK = "severity--ok"
MUTED = "severity--muted"
ACCENT = "severity--accent"

#: Add these to a widget's ``COMPONENT_CLASSES`` to draw with them.
COMPONENT_CLASSES: frozenset[str] = frozenset({ERROR, WARNING, INFO, OK, MUTED, ACCENT})

#: ``None`` is "no finding".
GLYPH: dict[Severity | None, str] = {
    Severity.ERROR: "✖",
    Severity.WARNING: "▲",
    Severity.INFO: "●",
    None: "✔",
}

SEVERITY_CLASS: dict[Severity | None, str] = {
    Severity.ERROR: ERROR,
    Severity.WARNING: WARNING,
    Severity.INFO: INFO,
    None: OK,
}

#: The validation and bias-test status words of the models table.
STATE_CLASS: dict[str, str] = {
    "overdue": ERROR,
    "missing": ERROR,
    "failed": ERROR,
    "outdated": WARNING,
    "due": WARNING,
    "waived": WARNING,
    "ok": OK,
    "-": MUTED,
}

_BOLD = Style(bold=True)
_RICH_BOLD = RichStyle(bold=True)


@dataclass(frozen=True, slots=True)
class Palette:
    """One widget's severity colours, read from its component classes once per drawing."""

    visual: dict[str, Style]
    rich_styles: dict[str, RichStyle]

    @classmethod
    def of(cls, widget: Widget) -> Palette:
        return cls(
            {name: widget.get_visual_style(name, partial=True) for name in COMPONENT_CLASSES},
            {name: widget.get_component_rich_style(name, partial=True) for name in COMPONENT_CLASSES},
        )

    def content(self, component: str, *, bold: bool = False) -> Style:
        """For Textual ``Content``."""
        style = self.visual[component]
        return style + _BOLD if bold else style

    def rich(self, component: str, *, bold: bool = False) -> RichStyle:
        """For Rich ``Text`` (tree labels, tables)."""
        style = self.rich_styles[component]
        return style + _RICH_BOLD if bold else style

    def glyph(self, severity: Severity | None) -> tuple[str, RichStyle]:
        """The glyph of ``severity`` and a space, in its bold colour: ``text.append(*...)``."""
        return f"{GLYPH[severity]} ", self.rich(SEVERITY_CLASS[severity], bold=True)

    def severity(self, severity: Severity | None, *, bold: bool = True) -> Style:
        """The colour of ``severity`` for ``Content``, bold unless asked otherwise."""
        return self.content(SEVERITY_CLASS[severity], bold=bold)
