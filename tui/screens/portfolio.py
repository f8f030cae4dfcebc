"""Portfolio: which proposed use cases should go next, and which pilots owe a decision.

Two tables a steering committee reads: proposed use cases ranked by their combined
score (impact, feasibility and readiness weighed by the policy), and pilots against
their time box and planned end. ``s`` sorts the focused table by its next column
(or click a header), ``S`` reverses, Enter opens the model, Tab moves between tables.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, ClassVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import DataTable, Footer, Static
from textual.worker import get_current_worker

from registry.steering import PilotRow, UseCaseRow
from registry.textsafe import clean
from tui.data.portfolio import (
    PILOT_COLUMNS,
    USE_CASE_COLUMNS,
    Column,
    read_pilots,
    sort_rows,
    use_case_rows,
)
from tui.data.snapshot import Snapshot
from tui.messages import OpenModel
from tui.screens.base import ViewScreen
from tui.severity import ERROR, MUTED, OK, WARNING, Palette

STATUS_CLASS = {
    "past planned end": ERROR,
    "over time box": ERROR,
    "no start date": WARNING,
    "running": MUTED,
    "decided": OK,
}


def text(value: object, style: str = "") -> Text:
    """Card text for a cell: inert (no markup, no control characters)."""
    return Text("–" if value is None or value == "" else clean(value), style=style)


class PortfolioScreen(ViewScreen):
    """Use cases by combined score and pilots by urgency, each table sortable."""

    HELP_TITLE = "Portfolio"
    HELP_NOTES: ClassVar[dict[str, str]] = {
        "tab": "move between the use cases and the pilots",
        "enter": "open the model",
    }
    DEFAULT_CSS = """
    PortfolioScreen DataTable { height: auto; max-height: 50%; margin-bottom: 1; }
    PortfolioScreen .table-title { padding: 0 1; text-style: bold; }
    """
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "s", "sort_next", "Sort", tooltip="sort the focused table by its next column (or click a header)"
        ),
        Binding("S", "sort_reverse", "Reverse", show=False, tooltip="reverse the focused table's order"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__(focus)
        self.use_cases: list[UseCaseRow] = []
        self.pilots: list[PilotRow] | None = None  # None until the pilots' cards are read
        self.sorting: dict[str, tuple[str, bool]] = {
            "use-cases": ("rank", False),
            "pilots": ("status", False),
        }

    def compose(self) -> ComposeResult:
        yield Static(id="portfolio-title", classes="screen-title")
        yield Static("Proposed use cases by combined score", id="use-cases-title", classes="table-title")
        yield DataTable(id="use-cases", cursor_type="row", zebra_stripes=True)
        yield Static("Pilots against their time box", id="pilots-title", classes="table-title")
        yield DataTable(id="pilots", cursor_type="row", zebra_stripes=True)
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#use-cases", DataTable).focus()

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self.use_cases = use_case_rows(snapshot)
        weights = snapshot.policy.priority_weights
        shown = ", ".join(f"{k} {weights.get(k, 1):g}" for k in ("impact", "feasibility", "readiness"))
        self.query_one("#use-cases-title", Static).update(
            Text.assemble(("Proposed use cases by combined score", "bold"), (f"  weights: {shown}", "dim"))
        )
        self._fill("use-cases")
        self._title(snapshot)
        self.load_pilots(snapshot)

    def _title(self, snapshot: Snapshot) -> None:
        ranked = sum(1 for u in self.use_cases if u.rank is not None)
        title = Text("Portfolio", style="bold")
        pilots = "reading pilots…" if self.pilots is None else f"{len(self.pilots)} pilots"
        due = [p for p in self.pilots or [] if p.status in ("past planned end", "over time box")]
        title.append(f"  {len(self.use_cases)} proposed use cases ({ranked} scored) · {pilots}", style="dim")
        if due:
            title.append(f" · {len(due)} owe a decision", style=Palette.of(self).rich(ERROR, bold=True))
        title.append(" · s sorts, S reverses, Enter opens the model", style="dim")
        self.query_one("#portfolio-title", Static).update(title)

    @work(thread=True, exclusive=True, group="portfolio", name="read the pilots' cards")
    def load_pilots(self, snapshot: Snapshot) -> None:
        rows = read_pilots(snapshot)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_pilots, snapshot, rows)

    def _show_pilots(self, snapshot: Snapshot, rows: list[PilotRow]) -> None:
        if snapshot is not self.snapshot:
            return  # a newer load is on its way
        self.pilots = rows
        self._fill("pilots")
        self._title(snapshot)

    # ------------------------------------------------------------------ tables

    def _columns(self, table_id: str) -> Sequence[Column]:
        return USE_CASE_COLUMNS if table_id == "use-cases" else PILOT_COLUMNS

    def _fill(self, table_id: str) -> None:
        table = self.query_one(f"#{table_id}", DataTable)
        columns = self._columns(table_id)
        key, reverse = self.sorting[table_id]
        table.clear(columns=True)
        for column in columns:
            arrow = (" ▼" if reverse != column.descending else " ▲") if column.key == key else ""
            label = Text(column.title + arrow, justify="right" if column.numeric else "left")
            table.add_column(label, key=column.key)
        source: list[Any] = self.use_cases if table_id == "use-cases" else self.pilots or []
        for row in sort_rows(source, columns, key, reverse):
            cells = self._use_case_cells(row) if table_id == "use-cases" else self._pilot_cells(row)
            table.add_row(*(cells[c.key] for c in columns), key=row.model)
        if not source:
            table.add_row(*(text(None) for _ in columns))

    def _use_case_cells(self, row: UseCaseRow) -> dict[str, Text]:
        def number(value: int | None) -> Text:
            return Text("–" if value is None else str(value), justify="right")

        return {
            "rank": Text("–" if row.rank is None else str(row.rank), justify="right"),
            "score": Text("–" if row.score is None else f"{row.score:.2f}", style="bold", justify="right"),
            "name": text(row.name, "bold"),
            "impact": number(row.impact),
            "feasibility": number(row.feasibility),
            "readiness": number(row.readiness),
            "owner": text(row.owner),
            "sponsor": text(row.sponsor),
        }

    def _pilot_cells(self, row: PilotRow) -> dict[str, Text]:
        palette = Palette.of(self)
        limit = self.snapshot.policy.pilot_max_weeks if self.snapshot else 0
        weeks = "–" if row.weeks_elapsed is None else f"{row.weeks_elapsed:g}/{limit}"
        over = row.weeks_elapsed is not None and row.weeks_elapsed > limit and row.status != "decided"
        return {
            "status": Text(
                row.status, style=palette.rich(STATUS_CLASS[row.status], bold=row.status != "running")
            ),
            "name": text(row.name, "bold"),
            "owner": text(row.owner),
            "start": text(row.start.isoformat() if row.start else None),
            "weeks": Text(weeks, justify="right", style=palette.rich(ERROR) if over else ""),
            "end": text(row.planned_end.isoformat() if row.planned_end else None),
            "decision": text(row.decision or "none"),
        }

    def _focused_table(self) -> str:
        focused = self.focused
        return focused.id if isinstance(focused, DataTable) and focused.id else "use-cases"

    def sort_by(self, table_id: str, key: str, reverse: bool | None = None) -> None:
        """Sort ``table_id`` by ``key``; the same column again flips the order."""
        current, was_reversed = self.sorting[table_id]
        if reverse is None:
            reverse = not was_reversed if key == current else False
        self.sorting[table_id] = (key, reverse)
        self._fill(table_id)

    def action_sort_next(self) -> None:
        table_id = self._focused_table()
        keys = [c.key for c in self._columns(table_id)]
        current = self.sorting[table_id][0]
        self.sort_by(table_id, keys[(keys.index(current) + 1) % len(keys)], reverse=False)

    def action_sort_reverse(self) -> None:
        table_id = self._focused_table()
        key, reverse = self.sorting[table_id]
        self.sort_by(table_id, key, reverse=not reverse)

    @on(DataTable.HeaderSelected)
    def _header(self, event: DataTable.HeaderSelected) -> None:
        if event.data_table.id and event.column_key.value:
            self.sort_by(event.data_table.id, event.column_key.value)

    @on(DataTable.RowSelected)
    def _open(self, event: DataTable.RowSelected) -> None:
        model = event.row_key.value
        if model and self.snapshot is not None and model in self.snapshot.summaries:
            self.post_message(OpenModel(model))
