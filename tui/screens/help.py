"""``?``: every key of every screen, read from their bindings, and the filter language.

The key tables are built from the ``BINDINGS`` of the app, of each screen and of the
widgets a screen names in ``HELP_WIDGETS`` (a binding's tooltip, or else its
description, says what it does), so a binding added anywhere shows up here without
a second list to keep. ``HELP_NOTES`` adds what a binding cannot say, such as what
Enter does on a finding.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import ClassVar

from rich.style import Style as RichStyle
from rich.table import Table
from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.dom import DOMNode
from textual.screen import ModalScreen
from textual.widgets import Static

from tui import severity
from tui.severity import ACCENT, Palette

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

INTRO = (
    "Start here: the table lists every model, worst first. Try the filter "
    "'stage:production validation:overdue' to see production models whose validation "
    "is overdue; Enter opens a model: its findings say why it fails and how to fix it, "
    "its runbook and owners say what to do and whom to call. The Validation and Bias "
    "test columns give the state, then the age of the newest one: 'due 76d old'."
)


@dataclass(frozen=True, slots=True)
class KeyRow:
    keys: str  # as the footer shows them: "↑ k"
    text: str


@dataclass(frozen=True, slots=True)
class HelpSection:
    title: str
    rows: tuple[KeyRow, ...]


def declared_bindings(holder: type[DOMNode], *, skip: tuple[type[DOMNode], ...] = ()) -> list[Binding]:
    """The bindings ``holder`` declares, and those of its base classes in tui/ (but ``skip``).

    A subclass's binding comes first, so it wins over a base class's on the same key.
    Textual's own base classes (focus keys, copy) are left out; a Textual widget given
    as ``holder`` (the trees) brings its own.
    """
    out: list[Binding] = []
    for cls in holder.__mro__:
        if cls is holder or (cls.__module__.startswith("tui.") and cls not in skip):
            declared: list[BindingType] = cls.__dict__.get("BINDINGS", [])
            out.extend(Binding.make_bindings(declared))
    return out


def key_rows(
    app: App[int], bindings: Iterable[Binding], notes: Mapping[str, str] | None = None
) -> tuple[KeyRow, ...]:
    """One row per action, its keys together; ``notes`` (by key) replace a text or add a row."""
    notes = notes or {}
    seen: set[str] = set()
    keys_of: dict[str, list[str]] = {}
    text_of: dict[str, str] = {}
    for binding in bindings:
        if binding.system or binding.key in seen:
            continue
        seen.add(binding.key)
        keys_of.setdefault(binding.action, []).append(app.get_key_display(binding))
        text_of.setdefault(binding.action, notes.get(binding.key) or binding.tooltip or binding.description)
    rows = [KeyRow(" ".join(keys), text_of[action]) for action, keys in keys_of.items()]
    rows += [KeyRow(key, text) for key, text in notes.items() if key not in seen]
    return tuple(rows)


def _table(rows: Iterable[tuple[str, str]], key_style: RichStyle) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(no_wrap=True, max_width=20)
    table.add_column()
    for key, text in rows:
        table.add_row(Text(key, style=key_style), Text(text))
    return table


class HelpScreen(ModalScreen[None]):
    """Keys and filters; Escape or ? closes it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape,question_mark", "close", "Close"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def __init__(self, sections: Iterable[HelpSection]) -> None:
        super().__init__()
        self.sections = tuple(sections)

    def compose(self) -> ComposeResult:
        yield VerticalScroll(id="help")

    def on_mount(self) -> None:
        # Drawn once mounted: the key colour is read from the stylesheet.
        keys = Palette.of(self).rich(ACCENT, bold=True)
        parts = [Static(Text("registry console: help", style="bold")), Static(Text(INTRO, style="dim"))]
        for section in self.sections:
            parts.append(Static(Text(f"\n{section.title}", style="bold underline")))
            parts.append(Static(_table(((row.keys, row.text) for row in section.rows), keys)))
        parts.append(Static(Text("\nFilter", style="bold underline")))
        parts.append(Static(_table(FILTERS, keys)))
        self.query_one("#help").mount_all(parts)

    def action_close(self) -> None:
        self.dismiss(None)
