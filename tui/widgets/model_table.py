"""The models table: a virtual, line-API table that draws only the rows on screen.

Textual's ``DataTable`` measures every cell of every row when rows are added
(about 3 s for 10,000 rows here) and parses plain strings as markup, so it can keep
up neither with a large registry nor with filtering on every keystroke. This table
takes a list of precomputed :class:`~tui.data.rows.ModelRow` objects, renders the visible
lines as plain segments (card text never goes through a markup parser), fits its
columns to the width (dropping the least important ones on a narrow terminal) and
swaps its row list in O(1) when the filter changes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from typing import ClassVar

from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui import severity
from tui.data.rows import ModelRow
from tui.severity import ERROR, GLYPH, SEVERITY_CLASS, STATE_CLASS


def age_text(state: str, age: int | None) -> str:
    """The state, then how old the validation or bias test is: "due 76d old", not "due 76d"."""
    if state == "-":
        return "n/a"
    if age is None:
        return state
    if age < 0:
        return f"{state} in {-age}d"  # dated in the future (DAT001 says so)
    return f"{state} {age}d old"


def findings_text(row: ModelRow) -> str:
    parts = []
    if row.errors:
        parts.append(f"{row.errors}E")
    if row.warnings:
        parts.append(f"{row.warnings}W")
    if row.infos:
        parts.append(f"{row.infos}I")
    return " ".join(parts) if parts else "none"


def worst_class(row: ModelRow) -> str:
    return SEVERITY_CLASS[row.worst]


@dataclass(frozen=True, slots=True)
class Column:
    key: str
    label: str
    width: int  # fixed width, or the minimum for flexible columns
    flex: int = 0  # maximum extra width a flexible column takes
    drop: int = 99  # lower is dropped first on a narrow terminal
    cell: Callable[[ModelRow], str] = lambda r: ""
    style: Callable[[ModelRow], str | None] = lambda r: None
    sortable: bool = True
    cut_middle: bool = False  # keep the end of a long value (ids end in their distinguishing part)


COLUMNS: tuple[Column, ...] = (
    Column("findings", "", 1, drop=100, cell=lambda r: GLYPH[r.worst], style=worst_class),
    Column("id", "Model", 14, flex=18, drop=100, cell=lambda r: r.id, style=worst_class, cut_middle=True),
    Column("name", "Name", 14, flex=18, drop=1, cell=lambda r: r.name),
    Column("stage", "Stage", 10, drop=60, cell=lambda r: r.stage),
    Column("risk", "Risk", 8, drop=50, cell=lambda r: r.risk),
    Column("owner", "Owner", 12, flex=10, drop=5, cell=lambda r: r.owner or "(none)",
           style=lambda r: None if r.owner else ERROR),
    Column("validation", "Validation", 16, drop=90,
           cell=lambda r: age_text(r.status.validation_state, r.status.validation_age),
           style=lambda r: STATE_CLASS.get(r.status.validation_state)),
    Column("bias", "Bias test", 15, drop=80, cell=lambda r: age_text(r.status.bias_state, r.status.bias_age),
           style=lambda r: STATE_CLASS.get(r.status.bias_state)),
    Column("findings", "Findings", 10, drop=95, cell=findings_text, style=worst_class),
)  # fmt: skip
#: Shown after the model column when the rows come from several registries (the index).
REGISTRY_COLUMN = Column("registry", "Registry", 12, flex=12, drop=70, cell=lambda r: r.registry)
WITH_REGISTRY: tuple[Column, ...] = (*COLUMNS[:2], REGISTRY_COLUMN, *COLUMNS[2:])
GAP = 1


@lru_cache(maxsize=16)
def layout(columns: tuple[Column, ...], width: int) -> list[tuple[Column, int, int]]:
    """(column, x, width) for the columns that fit; the lowest ``drop`` go first."""
    shown = list(columns)
    while shown:
        need = sum(c.width for c in shown) + GAP * (len(shown) - 1)
        if need <= width or len(shown) == 1:
            break
        shown.remove(min(shown, key=lambda c: c.drop))
    spare = max(0, width - sum(c.width for c in shown) - GAP * (len(shown) - 1))
    widths = {id(c): c.width for c in shown}
    flexible = [c for c in shown if c.flex]
    while spare > 0 and flexible:
        for col in list(flexible):
            if spare <= 0:
                break
            if widths[id(col)] - col.width >= col.flex:
                flexible.remove(col)
                continue
            widths[id(col)] += 1
            spare -= 1
    out = []
    x = 0
    for col in shown:
        out.append((col, x, widths[id(col)]))
        x += widths[id(col)] + GAP
    return out


def fit(text: str, width: int) -> str:
    if cell_len(text) <= width:
        return set_cell_size(text, width)
    if width <= 1:
        return set_cell_size(text, width)
    return set_cell_size(text, width - 1) + "…"


def fit_middle(text: str, width: int) -> str:
    """Cut from the middle: model ids differ at their end (``aml-transac…-00156``)."""
    if len(text) <= width or width < 8 or cell_len(text) != len(text):
        return fit(text, width)
    tail = (width - 1) // 2
    return text[: width - 1 - tail] + "…" + text[-tail:]


class ModelTable(ScrollView, can_focus=True):
    """Rows of models; Enter or a double click opens one, a header click sorts."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "select", "Open", show=True, tooltip="open the highlighted model (or double-click)"),
        Binding("up,k", "cursor(-1)", "Up", show=False, tooltip="up one model"),
        Binding("down,j", "cursor(1)", "Down", show=False, tooltip="down one model"),
        Binding("pageup", "page(-1)", "Page up", show=False, tooltip="up one page"),
        Binding("pagedown", "page(1)", "Page down", show=False, tooltip="down one page"),
        Binding("home,g", "jump(0)", "First", show=False, tooltip="the first model"),
        Binding("end,G", "jump(-1)", "Last", show=False, tooltip="the last model"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        *severity.COMPONENT_CLASSES,
        "model-table--header",
        "model-table--sorted",
        "model-table--cursor",
        "model-table--cursor-blurred",
        "model-table--empty",
    }

    DEFAULT_CSS = """
    ModelTable {
        height: 1fr;
        overflow-x: hidden;
        overflow-y: auto;
        background: $surface;
    }
    ModelTable > .model-table--header { text-style: bold; background: $panel; color: $foreground; }
    ModelTable > .model-table--sorted { text-style: bold underline; color: $text-accent; }
    ModelTable > .model-table--cursor {
        background: $block-cursor-background;
        color: $block-cursor-foreground;
    }
    ModelTable > .model-table--cursor-blurred { background: $block-cursor-blurred-background; }
    ModelTable > .model-table--empty { color: $text-muted; text-style: italic; }
    """

    cursor: reactive[int] = reactive(0, init=False)

    class Selected(Message):
        """A model was chosen (Enter or double click)."""

        def __init__(self, model: str) -> None:
            super().__init__()
            self.model = model

    class SortRequested(Message):
        """A column header was clicked."""

        def __init__(self, column: str) -> None:
            super().__init__()
            self.column = column

    def __init__(self, *, name: str | None = None, id: str | None = None, classes: str | None = None) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.rows: list[ModelRow] = []
        self.sort_column = "findings"
        self.sort_reverse = False
        self.empty_text = "No models."
        self._cache: dict[tuple[int, bool, bool, int], Strip] = {}
        self._styles: dict[str | None, Style] = {}
        self.paints = 0  # full repaints (header drawn), for the benchmark
        self.columns: tuple[Column, ...] = COLUMNS

    def show_registry(self, shown: bool) -> None:
        """Add the registry column (the console over the index) or take it away."""
        columns = WITH_REGISTRY if shown else COLUMNS
        if columns is not self.columns:
            self.columns = columns
            self._cache.clear()
            self.refresh()

    # ------------------------------------------------------------------ data

    def set_rows(self, rows: list[ModelRow], *, keep: str | None = None) -> None:
        """Show ``rows``; keep the cursor on model ``keep`` when it is still there."""
        self.rows = rows
        self._cache.clear()
        index = 0
        if keep is not None:
            for i, row in enumerate(rows):
                if row.id == keep:
                    index = i
                    break
        self.virtual_size = Size(self.size.width, len(rows) + 1)
        self.set_reactive(ModelTable.cursor, min(index, max(0, len(rows) - 1)))
        self._scroll_cursor_into_view()
        self.refresh()

    def set_sort(self, column: str, reverse: bool) -> None:
        self.sort_column = column
        self.sort_reverse = reverse
        self._cache.clear()
        self.refresh()

    @property
    def current(self) -> ModelRow | None:
        if 0 <= self.cursor < len(self.rows):
            return self.rows[self.cursor]
        return None

    # ------------------------------------------------------------------ movement

    def watch_cursor(self, old: int, new: int) -> None:
        self._cache.clear()
        self._scroll_cursor_into_view()
        self.refresh()

    def _scroll_cursor_into_view(self) -> None:
        visible = max(1, self.scrollable_content_region.height - 1)
        top = round(self.scroll_y)
        if self.cursor < top:
            self.scroll_to(y=self.cursor, animate=False, force=True)
        elif self.cursor >= top + visible:
            self.scroll_to(y=self.cursor - visible + 1, animate=False, force=True)

    def _move(self, index: int) -> None:
        if self.rows:
            self.cursor = max(0, min(len(self.rows) - 1, index))

    def action_cursor(self, delta: int) -> None:
        self._move(self.cursor + delta)

    def action_page(self, direction: int) -> None:
        self._move(self.cursor + direction * max(1, self.scrollable_content_region.height - 2))

    def action_jump(self, where: int) -> None:
        self._move(0 if where == 0 else len(self.rows) - 1)

    def action_select(self) -> None:
        row = self.current
        if row is not None:
            self.post_message(self.Selected(row.id))

    def on_resize(self, event: events.Resize) -> None:
        self._cache.clear()
        self.virtual_size = Size(event.size.width, len(self.rows) + 1)

    async def _on_click(self, event: events.Click) -> None:
        offset = event.get_content_offset(self)
        if offset is None:
            return
        if offset.y == 0:
            for col, x, width in layout(self.columns, self.scrollable_content_region.width):
                if x <= offset.x < x + width + GAP and col.sortable:
                    self.post_message(self.SortRequested(col.key))
                    return
            return
        index = round(self.scroll_y) + offset.y - 1
        if 0 <= index < len(self.rows):
            self.cursor = index
            if event.chain >= 2:
                self.action_select()

    # ------------------------------------------------------------------ drawing

    def _style(self, name: str | None) -> Style:
        """Component styles, cached: computing them walks the DOM, and a repaint asks ~300 times."""
        style = self._styles.get(name)
        if style is None:
            style = self.get_component_rich_style(name, partial=True) if name else self.rich_style
            self._styles[name] = style
        return style

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._styles.clear()
        self._cache.clear()

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        if y == 0:
            self.paints += 1
            return self._header(width)
        index = round(self.scroll_y) + y - 1
        if not self.rows and y == 1:
            return Strip(
                [Segment(fit(f" {self.empty_text}", width), self._style("model-table--empty"))], width
            )
        if index >= len(self.rows):
            return Strip.blank(width, self._style(None))
        is_cursor = index == self.cursor
        key = (index, is_cursor, self.has_focus, width)
        strip = self._cache.get(key)
        if strip is None:
            strip = self._row(self.rows[index], width, is_cursor)
            if len(self._cache) > 500:
                self._cache.clear()
            self._cache[key] = strip
        return strip

    def _header(self, width: int) -> Strip:
        base = self._style("model-table--header")
        sorted_style = base + self._style("model-table--sorted")
        segments = []
        used = 0
        for col, x, w in layout(self.columns, width):
            if x > used:
                segments.append(Segment(" " * (x - used), base))
            label = col.label
            style = base
            if col.key == self.sort_column and col.label:
                label = f"{label} {'↑' if self.sort_reverse else '↓'}"
                style = sorted_style
            segments.append(Segment(fit(label, w), style))
            used = x + w
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)

    def _row(self, row: ModelRow, width: int, is_cursor: bool) -> Strip:
        base = self._style(None)
        if is_cursor:
            base = base + self._style(
                "model-table--cursor" if self.has_focus else "model-table--cursor-blurred"
            )
        segments = []
        used = 0
        for col, x, w in layout(self.columns, width):
            if x > used:
                segments.append(Segment(" " * (x - used), base))
            name = col.style(row)
            style = self._style(name) if name else Style()
            if is_cursor and self.has_focus:
                style = base  # the cursor's own colours stay readable on every theme
            else:
                style = base + style
            text = col.cell(row)
            segments.append(Segment(fit_middle(text, w) if col.cut_middle else fit(text, w), style))
            used = x + w
        if used < width:
            segments.append(Segment(" " * (width - used), base))
        return Strip(segments, width)
