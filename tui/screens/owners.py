"""Owners and what they answer for; ownership problems first."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from registry.findings import Severity
from tui.data.rows import ModelRow
from tui.data.snapshot import Snapshot
from tui.data.views import OwnerEntry, owners_view
from tui.messages import OpenModel
from tui.screens.base import ViewScreen, screen_title
from tui.severity import ERROR, OK, WARNING, Palette

EXPAND_ALL_UP_TO = 300  # model leaves; beyond that owners open on demand


@dataclass(frozen=True, slots=True)
class ModelNode:
    """A tree leaf that opens a model."""

    model: str


def plural(count: int, word: str) -> str:
    return f"{count} {word}{'s' * (count != 1)}"


def owner_label(palette: Palette, entry: OwnerEntry) -> Text:
    label = Text()
    worst = Severity.ERROR if entry.errors else Severity.WARNING if entry.warnings else None
    label.append(*palette.glyph(worst))
    label.append(entry.id, style="bold")
    if not entry.known:
        label.append("  NO RECORD in owners/", style=palette.rich(ERROR, bold=True))
    elif not entry.active:
        label.append("  INACTIVE", style=palette.rich(ERROR, bold=True))
    if entry.name:
        label.append(f"  {entry.name}")
    if entry.escalation:
        label.append(f"  {entry.escalation}", style="bold")
    backup = len(entry.models) - entry.owned
    parts = [f"owns {entry.owned}"] + ([f"backup for {backup}"] if backup else [])
    parts.append(plural(entry.open_findings, "open finding"))
    label.append("  " + ", ".join(parts), style="dim")
    return label


def owner_detail(palette: Palette, entry: OwnerEntry) -> Text:
    out = Text()
    out.append(entry.id, style="bold")
    if not entry.known:
        out.append(f"  has no record in owners/: create owners/{entry.id}.yaml", style=palette.rich(ERROR))
        return out
    if entry.active:
        out.append("  active", style=palette.rich(OK))
    else:
        out.append("  INACTIVE", style=palette.rich(ERROR, bold=True))
    for label, value in (
        ("name", entry.name),
        ("email", entry.email),
        ("lead", entry.lead),
        ("escalation", entry.escalation),
    ):
        if value:
            out.append(f"\n{label:<11}", style="dim")
            out.append(value)
    return out


def model_label(palette: Palette, model: str, role: str, row: ModelRow | None) -> Text:
    label = Text()
    label.append(model, style="bold")
    label.append(f"  {role}", style="dim")
    if row is not None:
        if row.errors:
            label.append(f"  {plural(row.errors, 'error')}", style=palette.rich(ERROR))
        if row.warnings:
            label.append(f"  {plural(row.warnings, 'warning')}", style=palette.rich(WARNING))
        if not row.total:
            label.append("  ✔", style=palette.rich(OK))
        label.append(f"  {row.stage}", style="dim")
    return label


class OwnersScreen(ViewScreen):
    """Each owner with their models and open findings; ``focus`` is an owner id."""

    HELP_TITLE = "Owners"
    HELP_NOTES: ClassVar[dict[str, str]] = {
        "enter": "open the model (the tree's keys are those of the audit view)",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(
            "h",
            "handover",
            "Hand over",
            show=False,
            tooltip="hand every model of this owner to another owner",
        ),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__(focus)
        self._entries: dict[str, OwnerEntry] = {}
        self._rows: dict[str, ModelRow] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="owners-title", classes="screen-title")
        tree: Tree[OwnerEntry | ModelNode] = Tree(Text("owners"), id="owners-tree")
        tree.show_root = False
        yield tree
        yield Static(id="owner-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()

    def refocus(self, focus: str | None) -> None:
        if focus:
            self.focus_on = focus
            self.select_owner(focus)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        palette = Palette.of(self)
        view = owners_view(snapshot)
        tree: Tree[OwnerEntry | ModelNode] = self.query_one("#owners-tree", Tree)
        tree.clear()
        records = sum(1 for e in view.owners if e.known)
        fix = len(view.attention)
        detail = f"{records} records · {fix} models need an owner fixed   (Enter: open a model)"
        self.query_one("#owners-title", Static).update(screen_title("Owners", detail))
        if view.attention:
            attention = tree.root.add(
                Text.assemble(
                    palette.glyph(Severity.ERROR),
                    ("Needs attention", palette.rich(ERROR, bold=True)),
                    (f"  ({len(view.attention)})", "dim"),
                ),
                expand=True,
            )
            for item in view.attention:
                attention.add_leaf(
                    Text.assemble((item.model, "bold"), "  " + item.problem), data=ModelNode(item.model)
                )
        self._entries = {entry.id: entry for entry in view.owners}
        self._rows = snapshot.row_index
        expand_all = sum(len(e.models) for e in view.owners) <= EXPAND_ALL_UP_TO
        for entry in view.owners:
            node = tree.root.add(owner_label(palette, entry), data=entry, allow_expand=bool(entry.models))
            if expand_all:
                self._add_models(node, entry)
                node.expand()
        tree.cursor_line = 0
        if self.focus_on:
            self.call_after_refresh(self.select_owner, self.focus_on)

    def _add_models(self, node: TreeNode[OwnerEntry | ModelNode], entry: OwnerEntry) -> None:
        """An owner's models, added when the owner is first opened (10,000 leaves are slow)."""
        if node.children:
            return
        palette = Palette.of(self)
        for owned in entry.models:
            label = model_label(palette, owned.model, owned.role, self._rows.get(owned.model))
            node.add_leaf(label, data=ModelNode(owned.model))

    @on(Tree.NodeExpanded, "#owners-tree")
    def _expanded(self, event: Tree.NodeExpanded[OwnerEntry | ModelNode]) -> None:
        if isinstance(event.node.data, OwnerEntry):
            self._add_models(event.node, event.node.data)

    def select_owner(self, owner: str) -> None:
        """Put the cursor on ``owner``."""
        tree: Tree[OwnerEntry | ModelNode] = self.query_one("#owners-tree", Tree)
        for node in tree.root.children:
            if isinstance(node.data, OwnerEntry) and node.data.id == owner:
                tree.move_cursor(node)
                tree.scroll_to_node(node)
                break

    @on(Tree.NodeHighlighted, "#owners-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[OwnerEntry | ModelNode]) -> None:
        node = event.node
        entry = node.data if isinstance(node.data, OwnerEntry) else None
        if entry is None and node.parent is not None and isinstance(node.parent.data, OwnerEntry):
            entry = node.parent.data
        detail = self.query_one("#owner-detail", Static)
        detail.update(owner_detail(Palette.of(self), entry) if entry else Text(""))

    def action_handover(self) -> None:
        from tui.forms.keys import start_handover

        node = self.query_one("#owners-tree", Tree).cursor_node
        while node is not None and not isinstance(node.data, OwnerEntry):
            node = node.parent
        if node is not None and isinstance(node.data, OwnerEntry):
            start_handover(self, node.data.id)

    @on(Tree.NodeSelected, "#owners-tree")
    def _selected(self, event: Tree.NodeSelected[OwnerEntry | ModelNode]) -> None:
        if isinstance(event.node.data, ModelNode):
            self.post_message(OpenModel(event.node.data.model, tab="owners"))
