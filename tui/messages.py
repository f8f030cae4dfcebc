"""What a screen, a widget or the command palette asks of the app.

Navigation travels up as messages and the app (tui/app.py), which owns the screen
stack, answers them: no screen reaches into another one. A screen posts one with
``self.post_message(OpenModel("fraud-detector"))``; it bubbles to the app.
"""

from __future__ import annotations

from dataclasses import dataclass

from textual.message import Message

from registry.findings import Finding


@dataclass
class OpenModel(Message):
    """Show one model; on ``tab`` (by default its findings when it has some, else its card)."""

    model: str
    tab: str | None = None
    finding: Finding | None = None  # select this finding on the Findings tab


@dataclass
class ShowView(Message):
    """Show a view by name (``models`` or a name in ``tui.views.VIEWS``).

    ``focus`` is what the view shows first: the audit's grouping, an owner's id. None
    keeps what an already open view shows.
    """

    view: str
    focus: str | None = None


@dataclass
class FilterModels(Message):
    """Show the models table filtered by ``query`` (the filter language of ``?``)."""

    query: str
