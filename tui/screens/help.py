"""``?``: every key and the filter language on one page."""

from __future__ import annotations

from typing import ClassVar

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

KEYS: tuple[tuple[str, str], ...] = (
    ("Everywhere", ""),
    ("?", "this help"),
    ("ctrl+p", "command palette: models, owners, rules, views, quick filters"),
    ("a / o / m", "audit view / owners view / models"),
    ("r", "reload now (files are also watched and reloaded when they change)"),
    ("escape", "go back"),
    ("q", "quit"),
    ("Models", ""),
    ("/", "filter; Enter or escape returns to the table, escape again clears it"),
    ("enter", "open the model"),
    ("s / S", "sort by the next column / reverse the order (or click a column header)"),
    ("↑ ↓ pgup pgdn", "move (home and end: first and last)"),
    ("Model", ""),
    ("1 … 6", "tabs: card, raw YAML, runbook, owners, findings, history"),
    ("enter", "on a finding: show the line it points at; on a commit: its diff"),
    ("Audit", ""),
    ("g", "group by rule, severity or owner"),
    ("enter", "open the model at that finding"),
)

FILTERS: tuple[tuple[str, str], ...] = (
    ("fraud", "free text: id, name, owner, purpose, tags, rule codes"),
    ("stage:production", "stage (proposed, pilot, production, retired); a prefix is enough: stage:prod"),
    ("risk:high,critical", "risk tier; commas mean 'or'"),
    ("owner:payments", "owner or backup owner contains the text"),
    ("rule:VAL002", "has a finding of that rule (rule:VAL for the whole family)"),
    ("has:error", "has an error (also: warning, info, findings, clean, overdue)"),
    (
        "validation:overdue",
        "validation state: overdue, due, missing, outdated (another version), waived, ok",
    ),
    ("bias:missing", "bias test state: missing, overdue, failed, waived, ok"),
    ("-stage:retired", "a leading minus excludes"),
)


def _table(rows: tuple[tuple[str, str], ...]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, max_width=20)
    table.add_column()
    for key, text in rows:
        if not text:
            table.add_row(Text(f"\n{key}", style="bold underline"), "")
        else:
            table.add_row(Text(key, style="bold cyan"), Text(text))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and filters; escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close"),
    ]

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help"):
            yield Static(Text("registry console: help", style="bold"))
            yield Static(
                Text(
                    "Start here: the table lists every model, worst first. Try the filter "
                    "'stage:production validation:overdue' to see production models whose validation "
                    "is overdue; Enter opens a model: its findings say why it fails and how to fix it, "
                    "its runbook and owners say what to do and whom to call.",
                    style="dim",
                )
            )
            yield Static(_table(KEYS))
            yield Static(Text("\nFilter", style="bold underline"))
            yield Static(_table(FILTERS))

    def action_close(self) -> None:
        self.dismiss(None)
