"""Card values as inert, readable Rich text: the model screen's small vocabulary.

Every value here comes from a card, a runbook or an owner file, so it goes through
:func:`registry.textsafe.clean` into ``rich.text.Text`` built from plain strings:
nothing a card says is ever parsed as markup, and escape sequences show as ``\\x1b``.
"""

from __future__ import annotations

from datetime import date

from rich.table import Table
from rich.text import Text

from registry.model import text as scalar_text
from registry.textsafe import clean

#: A value as a card holds it (the YAML loader's types).
Value = object


def show(value: Value) -> str:
    """Any card value as one readable, inert line."""
    if value is None:
        return "-"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, list):
        return ", ".join(show(v) for v in value) if value else "-"
    if isinstance(value, dict):
        return ", ".join(f"{clean(k)}: {show(v)}" for k, v in value.items()) if value else "-"
    scalar = scalar_text(value)
    return clean(scalar if scalar is not None else value)


def grid(rows: list[tuple[str, Value]]) -> Table:
    """Labelled values, one per line; a ``Text`` value keeps its styles."""
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, width=16)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, value if isinstance(value, Text) else Text(show(value)))
    return table


def heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def age(when: date | None, today: date) -> str:
    """`` (20 days ago)`` or `` (in 3 days)``; empty without a date."""
    if when is None:
        return ""
    days = (today - when).days
    return f" ({days} days ago)" if days >= 0 else f" (in {-days} days)"
