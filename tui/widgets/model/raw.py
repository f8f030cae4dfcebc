"""The Raw YAML tab: the card's text as it is on disk (control characters made visible)."""

from __future__ import annotations

from textual.widgets import TextArea


class RawYaml(TextArea):
    """Read-only, with line numbers; a finding's line can be shown."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id, read_only=True, show_line_numbers=True, soft_wrap=False)

    def show_text(self, text: str) -> None:
        if self.text != text:  # a reload keeps the cursor where it was when nothing changed
            self.load_text(text)

    def show_line(self, line: int, column: int) -> None:
        """Select line ``line`` (1-based) and scroll it to the middle."""
        self.move_cursor((max(0, line - 1), max(0, column - 1)), center=True)
        self.select_line(max(0, line - 1))
