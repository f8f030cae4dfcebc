"""The first screen: health numbers, the filter and the models table."""

from __future__ import annotations

from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.widgets import Footer, Input, Label, LoadingIndicator, Static

from tui.data.query import compile_query, parse_query
from tui.data.rows import SORT_KEYS, ModelRow, sort_rows
from tui.data.snapshot import Snapshot
from tui.forms.keys import EditKeys
from tui.messages import OpenModel
from tui.severity import ERROR, MUTED, WARNING, Palette
from tui.widgets.health import HealthBar
from tui.widgets.model_table import ModelTable
from tui.widgets.trend import ComplianceTrend

SORT_CYCLE = ("findings", "id", "name", "stage", "risk", "owner", "validation", "bias")
PLACEHOLDER = "filter: text or stage:production risk:high owner:… rule:VAL002 has:error  (? help)"
INDEX_PLACEHOLDER = "filter: text or registry:… stage:production risk:high owner:… has:error  (? help)"


class OverviewScreen(EditKeys):
    """Models at a glance; everything else is one key away."""

    HELP_TITLE = "Models"
    HELP_WIDGETS = (ModelTable,)
    AUTO_FOCUS = "#models"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("slash", "focus_filter", "Filter", tooltip="filter; Enter or Escape returns to the table"),
        # The header arrow shows the sort; ? lists these.
        Binding("s", "sort_next", "Sort", show=False, tooltip="sort by the next column (or click a header)"),
        Binding("S", "sort_reverse", "Reverse", show=False, tooltip="reverse the order"),
        Binding("escape", "back", "Clear", show=False, tooltip="leave the filter field, then clear it"),
        Binding("e", "edit_card", "Edit", show=False, tooltip="edit the model under the cursor"),
    ]

    def __init__(self) -> None:
        super().__init__(id="overview")
        self._sorted: list[ModelRow] = []
        self.sort_column = "findings"
        self.sort_reverse = False

    def compose(self) -> ComposeResult:
        yield HealthBar(id="health")
        yield ComplianceTrend(id="trend")
        with Horizontal(id="filter-bar"):
            yield Label("/", id="filter-prompt")
            yield Input(placeholder=PLACEHOLDER, id="filter", select_on_focus=False)
            yield Label("", id="filter-count")
        yield Static("", id="problem", classes="hidden")
        yield LoadingIndicator(id="loading")
        yield ModelTable(id="models")
        yield Footer()

    def on_mount(self) -> None:
        table = self.query_one(ModelTable)
        table.empty_text = "Loading the registry…"
        self.query_one("#loading").display = self.registry_app.snapshot is None
        table.focus()
        self.watch(self.app, "status", self._on_status)

    # ------------------------------------------------------------------ data

    def show_snapshot(self, snapshot: Snapshot) -> None:
        self._update_header()
        self.query_one("#loading").display = False
        self.query_one(ModelTable).show_registry(bool(snapshot.registries))
        self.query_one("#filter", Input).placeholder = (
            INDEX_PLACEHOLDER if snapshot.registries else PLACEHOLDER
        )
        self._sorted = sort_rows(snapshot.rows, self.sort_column, self.sort_reverse)
        self.apply_filter()

    def _on_status(self, status: str) -> None:
        self._update_header()
        problem = self.query_one("#problem", Static)
        error = self.registry_app.error
        if error:
            palette = Palette.of(self)
            problem.update(
                Content.assemble(
                    ("Cannot load the registry: ", palette.content(ERROR, bold=True)),
                    error,
                    ("\nFix the file and press r (or just save it).", palette.content(MUTED)),
                )
            )
            problem.remove_class("hidden")
            self.query_one("#loading").display = False
        else:
            problem.add_class("hidden")

    def _update_header(self) -> None:
        app = self.registry_app
        self.query_one(HealthBar).show_health(app.snapshot, app.source_label, app.status)

    # ------------------------------------------------------------------ filter and sort

    @on(Input.Changed, "#filter")
    def _filter_changed(self, event: Input.Changed) -> None:
        self.apply_filter()

    @on(Input.Submitted, "#filter")
    def _filter_submitted(self, event: Input.Submitted) -> None:
        self.query_one(ModelTable).focus()

    def apply_filter(self) -> None:
        """Filter the presorted rows; the predicate is compiled once per keystroke."""
        text = self.query_one("#filter", Input).value
        query = parse_query(text)
        table = self.query_one(ModelTable)
        keep = table.current.id if table.current else None
        rows = self._sorted if query.empty else list(filter(compile_query(query), self._sorted))
        table.empty_text = "No model matches the filter." if text.strip() else "No models in this registry."
        table.set_rows(rows, keep=keep)
        total = len(self._sorted)
        count = f"{len(rows):,} of {total:,}" if not query.empty else f"{total:,} models"
        label = Content(count)
        if query.problems:
            label = Content.assemble((query.problems[0], Palette.of(self).content(WARNING)), "  ", count)
        self.query_one("#filter-count", Label).update(label)

    def set_filter(self, text: str) -> None:
        field = self.query_one("#filter", Input)
        field.value = text
        field.cursor_position = len(text)
        self.apply_filter()

    def set_sort(self, column: str, reverse: bool) -> None:
        self.sort_column, self.sort_reverse = column, reverse
        self.query_one(ModelTable).set_sort(column, reverse)
        snapshot = self.snapshot
        if snapshot is not None:
            self._sorted = sort_rows(snapshot.rows, column, reverse)
            self.apply_filter()

    @on(ModelTable.SortRequested)
    def _sort_requested(self, event: ModelTable.SortRequested) -> None:
        if event.column == self.sort_column:
            self.set_sort(event.column, not self.sort_reverse)
        else:
            self.set_sort(event.column, False)

    def action_sort_next(self) -> None:
        index = SORT_CYCLE.index(self.sort_column) if self.sort_column in SORT_CYCLE else -1
        self.set_sort(SORT_CYCLE[(index + 1) % len(SORT_CYCLE)], False)
        self.notify(f"Sorted by {self.sort_column}", timeout=1.5)

    def action_sort_reverse(self) -> None:
        self.set_sort(self.sort_column, not self.sort_reverse)

    def action_focus_filter(self) -> None:
        self.query_one("#filter", Input).focus()

    def action_back(self) -> None:
        """Escape: leave the filter field first, then clear the filter."""
        field = self.query_one("#filter", Input)
        if field.has_focus:
            self.query_one(ModelTable).focus()
        elif field.value:
            self.set_filter("")

    def edit_target(self) -> str | None:
        row = self.query_one(ModelTable).current
        return row.id if row is not None else None

    @on(ModelTable.Selected)
    def _open(self, event: ModelTable.Selected) -> None:
        self.post_message(OpenModel(event.model))


assert set(SORT_CYCLE) <= set(SORT_KEYS)
