"""The Raw YAML tab: the card's text as it is on disk (control characters made visible)."""

from __future__ import annotations

from textual.widgets import TextArea
from textual.widgets.text_area import Selection


class RawYaml(TextArea):
    """Read-only, with line numbers; a finding's line can be shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, read_only=True, show_line_numbers=True, soft_wrap=False)

    def show_text(self, text: str) -> None:
        if self.text != text:  # a reload keeps the cursor where it was when nothing changed
            self.load_text(text)

    def show_line(self, line: int) -> None:
        """Select line ``line`` (1-based), scrolled to the middle with its start in view.

        The cursor goes to the start of the line: at its end (where selecting a line
        leaves it), a long line would scroll the text sideways and hide its key.
        """
        row = min(max(0, line - 1), self.document.line_count - 1)
        self.selection = Selection(start=(row, len(self.document.get_line(row))), end=(row, 0))
        self.scroll_cursor_visible(center=True)
        self.scroll_to(x=0, animate=False)
