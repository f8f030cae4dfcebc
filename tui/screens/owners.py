"""Owners and what they answer for; ownership problems first."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, Tree
from textual.widgets.tree import TreeNode

from tui.data import ModelRow, OwnerEntry, Snapshot, owners_view

if TYPE_CHECKING:
    from tui.app import RegistryApp


def owner_label(entry: OwnerEntry) -> Text:
    label = Text()
    if entry.errors:
        label.append("✖ ", style="bold red")
    elif entry.warnings:
        label.append("▲ ", style="bold yellow")
    else:
        label.append("✔ ", style="green")
    label.append(entry.id, style="bold")
    if not entry.known:
        label.append("  NO RECORD in owners/", style="bold red")
    elif not entry.active:
        label.append("  INACTIVE", style="bold red")
    if entry.name:
        label.append(f"  {entry.name}")
    if entry.escalation:
        label.append(f"  {entry.escalation}", style="bold")
    owned = sum(1 for _, role in entry.models if role == "owner")
    backup = len(entry.models) - owned
    parts = [f"owns {owned}"] + ([f"backup for {backup}"] if backup else [])
    parts.append(f"{entry.open_findings} open finding{'s' * (entry.open_findings != 1)}")
    label.append("  " + ", ".join(parts), style="dim")
    return label


def owner_detail(entry: OwnerEntry) -> Text:
    out = Text()
    out.append(entry.id, style="bold")
    if not entry.known:
        out.append("  has no record in owners/: create owners/" + entry.id + ".yaml", style="red")
        return out
    out.append(
        "  " + ("active" if entry.active else "INACTIVE"), style="green" if entry.active else "bold red"
    )
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


EXPAND_ALL_UP_TO = 300  # model leaves; beyond that owners open on demand


class OwnersScreen(Screen[None]):
    """Each owner with their models and open findings."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "back", "Back")]

    def __init__(self, focus_owner: str | None = None) -> None:
        super().__init__(classes="owners-screen")
        self.focus_owner = focus_owner
        self._entries: dict[str, OwnerEntry] = {}
        self._rows: dict[str, ModelRow] = {}

    @property
    def registry_app(self) -> RegistryApp:
        return cast("RegistryApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="owners-title", classes="screen-title")
        tree: Tree[object] = Tree(Text("owners"), id="owners-tree")
        tree.show_root = False
        yield tree
        yield Static(id="owner-detail")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self._on_snapshot)
        self.query_one(Tree).focus()

    def _on_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.fill(snapshot)

    def fill(self, snapshot: Snapshot) -> None:
        view = owners_view(snapshot)
        tree = self.query_one("#owners-tree", Tree)
        tree.clear()
        rows = snapshot.row_index
        title = Text()
        title.append("Owners", style="bold")
        title.append(
            f"  {sum(1 for e in view.owners if e.known)} records · "
            f"{len(view.attention)} models need an owner fixed   (Enter: open a model)",
            style="dim",
        )
        self.query_one("#owners-title", Static).update(title)
        focus_line = 0
        if view.attention:
            attention = tree.root.add(
                Text.assemble(
                    ("✖ ", "bold red"), ("Needs attention", "bold red"), (f"  ({len(view.attention)})", "dim")
                ),
                expand=True,
            )
            for model, problem, _owner in view.attention:
                attention.add_leaf(Text.assemble((model, "bold"), "  " + problem), data=("model", model))
        self._entries = {}
        self._rows = rows
        expand_all = sum(len(e.models) for e in view.owners) <= EXPAND_ALL_UP_TO
        for entry in view.owners:
            self._entries[entry.id] = entry
            node = tree.root.add(
                owner_label(entry), data=("owner", entry.id), allow_expand=bool(entry.models)
            )
            if expand_all:
                self._add_models(node, entry)
                node.expand()
            if self.focus_owner and entry.id == self.focus_owner:
                focus_line = node.line
        if self.focus_owner:
            self.call_after_refresh(self._focus_line, self.focus_owner)
        tree.cursor_line = focus_line

    def _add_models(self, node: TreeNode[object], entry: OwnerEntry) -> None:
        """An owner's models, added when the owner is first opened (10,000 leaves are slow)."""
        if node.children:
            return
        for model, role in entry.models:
            row = self._rows.get(model)
            label = Text()
            label.append(model, style="bold")
            label.append(f"  {role}", style="dim")
            if row is not None:
                if row.errors:
                    label.append(f"  {row.errors} error{'s' * (row.errors != 1)}", style="red")
                if row.warnings:
                    label.append(f"  {row.warnings} warning{'s' * (row.warnings != 1)}", style="yellow")
                if not row.total:
                    label.append("  ✔", style="green")
                label.append(f"  {row.stage}", style="dim")
            node.add_leaf(label, data=("model", model))

    @on(Tree.NodeExpanded, "#owners-tree")
    def _expanded(self, event: Tree.NodeExpanded[object]) -> None:
        data = event.node.data
        if isinstance(data, tuple) and data[0] == "owner" and data[1] in self._entries:
            self._add_models(event.node, self._entries[data[1]])

    def _focus_line(self, owner: str) -> None:
        tree = self.query_one("#owners-tree", Tree)
        for node in tree.root.children:
            if node.data == ("owner", owner):
                tree.move_cursor(node)
                tree.scroll_to_node(node)
                break

    @on(Tree.NodeHighlighted, "#owners-tree")
    def _highlighted(self, event: Tree.NodeHighlighted[object]) -> None:
        data = event.node.data
        detail = self.query_one("#owner-detail", Static)
        owner_id = None
        if isinstance(data, tuple) and data[0] == "owner":
            owner_id = data[1]
        elif event.node.parent is not None and isinstance(event.node.parent.data, tuple):
            owner_id = event.node.parent.data[1]
        entry = self._entries.get(owner_id) if owner_id else None
        detail.update(owner_detail(entry) if entry else Text(""))

    @on(Tree.NodeSelected, "#owners-tree")
    def _selected(self, event: Tree.NodeSelected[object]) -> None:
        data = event.node.data
        if isinstance(data, tuple) and data[0] == "model":
            self.registry_app.open_model(data[1], tab="owners")

    def action_back(self) -> None:
        self.app.pop_screen()
