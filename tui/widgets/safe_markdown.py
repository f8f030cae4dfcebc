"""Markdown for runbooks that can show a link but never follow it.

Runbook text is data written by model owners. Textual's Markdown widget opens links
(``app.open_url``) when clicked; here a click only shows the address, so a runbook
cannot start a browser, and nothing in it can reach an app action.
"""

from __future__ import annotations

from textual.await_complete import AwaitComplete
from textual.widgets import Markdown

from registry.textsafe import clean


class SafeMarkdown(Markdown):
    """Markdown with control characters made visible and links that only notify."""

    def __init__(
        self, markdown: str | None = None, *, id: str | None = None, classes: str | None = None
    ) -> None:
        super().__init__(clean(markdown or "", multiline=True), id=id, classes=classes, open_links=False)

    def update(self, markdown: str) -> AwaitComplete:
        """Clean the text before it reaches the parser (control and bidi characters)."""
        return super().update(clean(markdown, multiline=True))

    def on_markdown_link_clicked(self, event: Markdown.LinkClicked) -> None:
        event.stop()
        event.prevent_default()
        self.app.notify(f"Link (not opened): {clean(event.href)}", title="Runbook link", markup=False)
