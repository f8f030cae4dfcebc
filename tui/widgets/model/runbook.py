"""The Runbook tab: the runbook's Markdown (links shown, never followed) and its review date."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Static

from registry.model import ModelCard
from registry.textsafe import clean
from tui import severity
from tui.severity import ERROR, MUTED, Palette
from tui.widgets.model.format import show
from tui.widgets.safe_markdown import SafeMarkdown


class RunbookPane(VerticalScroll):
    """What to do when the model misbehaves, as its owners wrote it."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def compose(self) -> ComposeResult:
        yield Static(id="runbook-meta")
        yield SafeMarkdown(id="runbook-body")

    def show_runbook(self, card: ModelCard) -> None:
        palette = Palette.of(self)
        meta = self.query_one("#runbook-meta", Static)
        body = self.query_one("#runbook-body", SafeMarkdown)
        runbook = card.runbook
        if runbook is None:
            if card.runbook_error:
                error = clean(card.runbook_error.message)
                meta.update(Content.assemble(("No runbook: ", palette.content(ERROR, bold=True)), error))
            else:
                meta.update(Content("No runbook. Pilot and production models need one (DOC002)."))
            body.update("")
            return
        if runbook.markdown is None:
            message = clean(runbook.error.message) if runbook.error else "cannot be read"
            problem = ("  " + message, palette.content(ERROR))
            meta.update(Content.assemble((clean(runbook.path), "bold"), problem))
            body.update("")
            return
        front = runbook.markdown.front
        has_front = front is not None and isinstance(front.data, dict)
        reviewed = show(front.data.get("last_reviewed")) if front is not None and has_front else ""
        muted = palette.content(MUTED)
        meta.update(
            Content.assemble(
                (clean(runbook.path), muted),
                ("  last reviewed " + reviewed, muted) if reviewed and reviewed != "-" else "",
            )
        )
        body.update(runbook.markdown.body)
