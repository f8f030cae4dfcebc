"""Before saving: the diff; before committing: the branch and the message.

:class:`DiffScreen` shows exactly the lines the change writes (the core's diff) and
the findings it fixes and adds; nothing is written until the user saves there.
:class:`CommitScreen` asks for the review branch, the message and whether to push,
with the defaults the CLI would use.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import Button, Checkbox, Input, Static

from registry.edit import Change
from registry.textsafe import clean
from tui.forms.base import FormScreen, field_row, findings_preview
from tui.severity import ERROR, MUTED, OK, Palette


def diff_text(palette: Palette, diff: str) -> Text:
    """A unified diff, added lines green and removed lines red; card text made inert."""
    out = Text()
    for line in clean(diff, multiline=True).splitlines():
        if line.startswith(("+++", "---")):
            out.append(line + "\n", style="bold")
        elif line.startswith("+"):
            out.append(line + "\n", palette.rich(OK))
        elif line.startswith("-"):
            out.append(line + "\n", palette.rich(ERROR))
        elif line.startswith("@@"):
            out.append(line + "\n", palette.rich(MUTED))
        else:
            out.append(line + "\n")
    out.rstrip()
    return out


class DiffScreen(FormScreen[str | None]):
    """The change's diff and findings; dismissed with "save", "commit" or None (back)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("s", "choose('save')", "Save"),
        Binding("c", "choose('commit')", "Save and commit"),
        Binding("escape", "choose('')", "Back"),
    ]

    def __init__(self, change: Change) -> None:
        super().__init__()
        self.change = change

    def body(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text("Review the change before it is written", style="bold"), id="form-title")
            with VerticalScroll(id="diff"):
                yield Static(id="diff-text")
            yield Static(id="form-preview")
            with Horizontal(id="form-buttons"):
                yield Button("Save (s)", id="diff-save", variant="primary", compact=True)
                yield Button("Save and commit… (c)", id="diff-commit", variant="success", compact=True)
                yield Button("Back (esc)", id="diff-back", compact=True)

    def on_mount(self) -> None:
        palette = Palette.of(self)
        self.query_one("#diff-text", Static).update(diff_text(palette, self.change.diff()))
        self.query_one("#form-preview", Static).update(findings_preview(palette, self.change))
        self.query_one("#diff-save", Button).focus()

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        self.action_choose({"diff-save": "save", "diff-commit": "commit"}.get(event.button.id or "", ""))

    def action_choose(self, choice: str) -> None:
        self.dismiss(choice or None)


@dataclass(frozen=True, slots=True)
class CommitRequest:
    branch: str
    message: str
    explicit_branch: bool  # the user typed the branch: an existing one may be added to
    push: str | None  # the remote, or None


class CommitScreen(FormScreen[CommitRequest | None]):
    """Branch, message and push for the files saved in this session."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "commit", "Commit"),
    ]

    def __init__(self, paths: list[str], branch: str, message: str) -> None:
        super().__init__()
        self.paths = paths
        self.default_branch = branch
        self.default_message = message

    def body(self) -> ComposeResult:
        files = ", ".join(clean(p) for p in self.paths)
        with Vertical(id="form"):
            yield Static(Text("Commit on a review branch", style="bold"), id="form-title")
            yield Static(Text(f"Files: {files}", style="dim"), id="commit-files")
            with VerticalScroll(id="form-fields", can_focus=False):
                yield field_row("Branch", Input(self.default_branch, compact=True, id="commit-branch"))
                yield field_row("Message", Input(self.default_message, compact=True, id="commit-message"))
                yield field_row("Push", Checkbox("push the branch to", compact=True, id="commit-push"))
                yield field_row("Remote", Input("origin", compact=True, id="commit-remote"))
            yield Static(
                Text("Your branch, index and other changes stay as they are.", style="dim"), id="form-check"
            )
            with Horizontal(id="form-buttons"):
                yield Button("Commit (ctrl+s)", id="commit-go", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="commit-cancel", compact=True)

    def on_mount(self) -> None:
        self.query_one("#commit-message", Input).focus()

    @on(Button.Pressed, "#commit-go")
    def action_commit(self) -> None:
        branch = self.query_one("#commit-branch", Input).value.strip()
        message = self.query_one("#commit-message", Input).value.strip()
        remote = self.query_one("#commit-remote", Input).value.strip()
        if not branch or not message:
            text = Text("A branch and a message are needed.", Palette.of(self).rich(ERROR))
            self.query_one("#form-check", Static).update(text)
            return
        push = remote if self.query_one("#commit-push", Checkbox).value and remote else None
        self.dismiss(CommitRequest(branch, message, branch != self.default_branch, push))

    @on(Button.Pressed, "#commit-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)
