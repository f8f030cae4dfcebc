"""Every finding, grouped by rule, severity or owner; Enter opens the model at it."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widgets import Footer, Static, Tab, Tabs, Tree

from registry import Finding, Severity, load_catalog
from registry.textsafe import clean
from tui.data import Snapshot, group_findings

if TYPE_CHECKING:
    from tui.app import RegistryApp

GROUPINGS = ("rule", "severity", "owner")
STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "cyan"}
GLYPH = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}
EXPAND_ALL_UP_TO = 300  # findings; beyond that groups open on demand


def group_label(by: str, key: str, items: list[Finding]) -> Text:
    worst = max((f.severity for f in items), key=lambda s: s.rank)
    label = Text()
    label.append(f"{GLYPH[worst]} ", style=STYLE[worst])
    if by == "rule":
        rule = load_catalog().get(key)
        label.append(key, style="bold")
        if rule is not None:
            label.append(f"  {rule.title}")
    else:
        label.append(clean(key), style="bold")
    label.append(f"  ({len(items)})", style="dim")
    return label


def finding_label(by: str, finding: Finding) -> Text:
    label = Text()
    label.append(f"{GLYPH[finding.severity]} ", style=STYLE[finding.severity])
    if by != "rule":
        label.append(f"{finding.rule} ", style="bold")
    label.append(clean(finding.model or finding.path), style="bold" if finding.model else "")
    label.append("  " + clean(finding.message))
    label.append(f"  {clean(finding.path)}:{finding.line}", style="dim")
    return label


class AuditScreen(Screen[None]):
    """The audit as a tree: groups first, the worst on top."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        Binding("g", "next_grouping", "Group by"),
        Binding("e", "expand_all", "Expand all", show=False),
    ]

    def __init__(self, by: str = "rule") -> None:
        super().__init__(classes="audit-screen")
        self.by = by

    @property
    def registry_app(self) -> RegistryApp:
        return cast("RegistryApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="audit-title", classes="screen-title")
        yield Tabs(
            Tab("By rule", id="rule"),
            Tab("By severity", id="severity"),
            Tab("By owner", id="owner"),
            active=self.by,
        )
        tree: Tree[object] = Tree(Text("findings"), id="audit-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self._on_snapshot)
        self.query_one(Tree).focus()

    def _on_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.fill(snapshot)

    def fill(self, snapshot: Snapshot) -> None:
        tree = self.query_one("#audit-tree", Tree)
        tree.clear()
        total = len(snapshot.findings)
        counts = {s: 0 for s in Severity}
        for f in snapshot.findings:
            counts[f.severity] += 1
        title = Text()
        title.append("Audit", style="bold")
        title.append(
            f"  {total} findings: {counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
            f"{counts[Severity.INFO]} info · by {self.by} · Enter opens the model",
            style="dim",
        )
        for note in snapshot.notes:
            # Notes name the registry by its absolute path; its folder name is enough here.
            short = note.replace(str(snapshot.root), snapshot.root.name)
            title.append(f"\n{clean(short)}", style="dim italic")
        self.query_one("#audit-title", Static).update(title)
        if not total:
            tree.root.add_leaf(Text("✔ No findings: every model meets every rule.", style="green"))
            return
        expand = total <= EXPAND_ALL_UP_TO
        for key, items in group_findings(snapshot, self.by):
            node = tree.root.add(group_label(self.by, key, items), data=items, expand=expand)
            if expand:
                self._add_leaves(node, items)
        tree.cursor_line = 0

    def _add_leaves(self, node: object, items: list[Finding]) -> None:
        from textual.widgets.tree import TreeNode

        assert isinstance(node, TreeNode)
        for f in items:
            node.add_leaf(finding_label(self.by, f), data=f)
        node.data = None  # leaves are there now

    @on(Tree.NodeExpanded, "#audit-tree")
    def _expanded(self, event: Tree.NodeExpanded[object]) -> None:
        if isinstance(event.node.data, list):
            self._add_leaves(event.node, event.node.data)

    @on(Tree.NodeSelected, "#audit-tree")
    def _selected(self, event: Tree.NodeSelected[object]) -> None:
        finding = event.node.data
        if isinstance(finding, Finding):
            if finding.model is not None:
                self.registry_app.open_model(finding.model, tab="findings", finding=finding)
            else:
                self.notify(
                    f"{clean(finding.path)}:{finding.line}: {clean(finding.message)}",
                    title=finding.rule,
                    markup=False,
                )

    @on(Tabs.TabActivated)
    def _tab(self, event: Tabs.TabActivated) -> None:
        if event.tab.id and event.tab.id != self.by:
            self.set_grouping(event.tab.id)

    def set_grouping(self, by: str) -> None:
        self.by = by
        self.query_one(Tabs).active = by
        snapshot = self.registry_app.snapshot
        if snapshot is not None:
            self.fill(snapshot)
        self.query_one(Tree).focus()

    def action_next_grouping(self) -> None:
        self.set_grouping(GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)])

    def action_expand_all(self) -> None:
        tree = self.query_one("#audit-tree", Tree)
        for node in tree.root.children:
            node.expand()

    def action_back(self) -> None:
        self.app.pop_screen()
