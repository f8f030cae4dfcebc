"""The History tab: the commits that touched a model, and a commit's diff on Enter.

Git runs in thread workers owned by this widget, so leaving the model screen
cancels them with it.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.content import Content
from textual.widgets import DataTable, Static
from textual.worker import get_current_worker

from registry.textsafe import clean
from tui import severity
from tui.severity import ACCENT, ERROR, OK, Palette

if TYPE_CHECKING:
    from registry.git import Commit

NO_GIT = "No git history (not a git repository)"
DIFF_LINES = 3000


class HistoryPane(Vertical):
    """Commits first; the diff of the chosen commit below them."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def __init__(self, root: Path, model: str, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.root = root
        self.model = model
        self._started = False

    def compose(self) -> ComposeResult:
        yield Static("Loading history…", id="history-status")
        yield DataTable(id="history-table", cursor_type="row", classes="hidden")
        with VerticalScroll(id="diff-scroll", classes="hidden"):
            yield Static(id="diff")

    def start(self) -> None:
        """Read the history once, when the tab is first shown (git log costs time)."""
        if not self._started:
            self._started = True
            self.load_history()

    @work(thread=True, exclusive=True, group="history", name="git history")
    def load_history(self) -> None:
        from registry import git

        try:
            commits = git.model_history(self.root, self.model)
        except git.GitUnavailable:
            self.app.call_from_thread(self._show_history, [], NO_GIT)
            return
        except Exception as exc:  # git missing, broken repository: say so, never crash
            self.app.call_from_thread(self._show_history, [], f"No git history ({clean(exc)})")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_history, commits, "")

    def _show_history(self, commits: list[Commit], message: str) -> None:
        status = self.query_one("#history-status", Static)
        table = self.query_one("#history-table", DataTable)
        if not commits:
            status.update(Content(message or "No git history: no commit touches this model yet."))
            return
        status.update(Content(f"{len(commits)} commits touch this model. Enter shows a commit's diff."))
        table.clear(columns=True)
        for label, key in (("Date", "date"), ("Commit", "sha"), ("Author", "author"), ("Subject", "subject")):
            table.add_column(label, key=key)
        for c in commits:
            when = c.date.strftime("%Y-%m-%d %H:%M")
            table.add_row(
                Text(when), Text(clean(c.short)), Text(clean(c.author)), Text(clean(c.subject)), key=c.sha
            )
        table.remove_class("hidden")
        if self.is_on_screen:
            table.focus()

    @on(DataTable.RowSelected, "#history-table")
    def _commit_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.load_diff(event.row_key.value)

    @work(thread=True, exclusive=True, group="diff", name="git diff")
    def load_diff(self, sha: str) -> None:
        try:
            from registry.git import model_diff

            diff = model_diff(self.root, self.model, sha)
        except Exception as exc:
            diff = f"cannot show the diff: {exc}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_diff, diff)

    def _show_diff(self, diff: str) -> None:
        palette = Palette.of(self)
        out = Text()
        for number, line in enumerate(diff.splitlines()):
            if number >= DIFF_LINES:
                out.append(f"… (diff cut at {DIFF_LINES} lines)\n", style="dim")
                break
            style = None
            if line.startswith("+") and not line.startswith("+++"):
                style = palette.rich(OK)
            elif line.startswith("-") and not line.startswith("---"):
                style = palette.rich(ERROR)
            elif line.startswith("@@"):
                style = palette.rich(ACCENT)
            out.append(clean(line) + "\n", style=style or "")
        self.query_one("#diff", Static).update(out)
        self.query_one("#diff-scroll").remove_class("hidden")
