"""Every finding, grouped by rule, severity or owner; Enter opens the model at it."""

from __future__ import annotations

from typing import ClassVar

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.widgets import Footer, Static, Tab, Tabs, Tree
from textual.widgets.tree import TreeNode

from registry import Finding, Severity, load_catalog
from registry.textsafe import clean
from tui.data.snapshot import Snapshot
from tui.data.views import FindingGroup, group_findings
from tui.messages import OpenModel
from tui.screens.base import ViewScreen, screen_title
from tui.severity import OK, Palette

GROUPINGS = ("rule", "severity", "owner")
EXPAND_ALL_UP_TO = 300  # findings; beyond that groups open on demand

#: A tree node's data: a finding, or the findings of a group not yet added as leaves.
NodeData = Finding | FindingGroup | None


def group_label(palette: Palette, by: str, group: FindingGroup) -> Text:
    label = Text()
    label.append(*palette.glyph(group.worst))
    if by == "rule":
        rule = load_catalog().get(group.key)
        label.append(group.key, style="bold")
        if rule is not None:
            label.append(f"  {rule.title}")
    else:
        label.append(clean(group.key), style="bold")
    label.append(f"  ({len(group.findings)})", style="dim")
    return label


def finding_label(palette: Palette, by: str, finding: Finding) -> Text:
    label = Text()
    label.append(*palette.glyph(finding.severity))
    if by != "rule":
        label.append(f"{finding.rule} ", style="bold")
    label.append(clean(finding.model or finding.path), style="bold" if finding.model else "")
    label.append("  " + clean(finding.message))
    label.append(f"  {clean(finding.path)}:{finding.line}", style="dim")
    return label


class AuditScreen(ViewScreen):
    """The audit as a tree: groups first, the worst on top."""

    HELP_TITLE = "Audit"
    HELP_WIDGETS = (Tree,)
    HELP_NOTES: ClassVar[dict[str, str]] = {"enter": "open the model at that finding"}
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("g", "next_grouping", "Group by", tooltip="group by rule, severity or owner, in turn"),
        Binding("e", "expand_all", "Expand all", show=False, tooltip="open every group"),
    ]

    def __init__(self, focus: str | None = None) -> None:
        super().__init__(focus)
        self.by = focus if focus in GROUPINGS else "rule"

    def compose(self) -> ComposeResult:
        yield Static(id="audit-title", classes="screen-title")
        yield Tabs(
            Tab("By rule", id="rule"),
            Tab("By severity", id="severity"),
            Tab("By owner", id="owner"),
            active=self.by,
        )
        tree: Tree[NodeData] = Tree(Text("findings"), id="audit-tree")
        tree.show_root = False
        tree.guide_depth = 2
        yield tree
        yield Footer()

    def on_mount(self) -> None:
        self.query_one(Tree).focus()

    def refocus(self, focus: str | None) -> None:
        if focus in GROUPINGS and focus != self.by:
            self.set_grouping(focus)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        palette = Palette.of(self)
        tree: Tree[NodeData] = self.query_one("#audit-tree", Tree)
        tree.clear()
        total = len(snapshot.findings)
        counts = {s: 0 for s in Severity}
        for f in snapshot.findings:
            counts[f.severity] += 1
        title = screen_title(
            "Audit",
            f"{total} findings: {counts[Severity.ERROR]} errors, {counts[Severity.WARNING]} warnings, "
            f"{counts[Severity.INFO]} info · by {self.by} · Enter opens the model",
        )
        for note in snapshot.notes:
            # Notes name the registry by its absolute path; its folder name is enough here.
            short = note.replace(str(snapshot.root), snapshot.root.name)
            title.append(f"\n{clean(short)}", style="dim italic")
        self.query_one("#audit-title", Static).update(title)
        if not total:
            tree.root.add_leaf(Text("✔ No findings: every model meets every rule.", style=palette.rich(OK)))
            return
        expand = total <= EXPAND_ALL_UP_TO
        for group in group_findings(snapshot, self.by):
            node = tree.root.add(group_label(palette, self.by, group), data=group, expand=expand)
            if expand:
                self._add_leaves(node, group)
        tree.cursor_line = 0

    def _add_leaves(self, node: TreeNode[NodeData], group: FindingGroup) -> None:
        palette = Palette.of(self)
        for f in group.findings:
            node.add_leaf(finding_label(palette, self.by, f), data=f)
        node.data = None  # leaves are there now

    @on(Tree.NodeExpanded, "#audit-tree")
    def _expanded(self, event: Tree.NodeExpanded[NodeData]) -> None:
        if isinstance(event.node.data, FindingGroup):
            self._add_leaves(event.node, event.node.data)

    @on(Tree.NodeSelected, "#audit-tree")
    def _selected(self, event: Tree.NodeSelected[NodeData]) -> None:
        finding = event.node.data
        if not isinstance(finding, Finding):
            return
        if finding.model is not None:
            self.post_message(OpenModel(finding.model, tab="findings", finding=finding))
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
        snapshot = self.snapshot
        if snapshot is not None:
            self.show_snapshot(snapshot)
        self.query_one(Tree).focus()

    def action_next_grouping(self) -> None:
        self.set_grouping(GROUPINGS[(GROUPINGS.index(self.by) + 1) % len(GROUPINGS)])

    def action_expand_all(self) -> None:
        tree: Tree[NodeData] = self.query_one("#audit-tree", Tree)
        for node in tree.root.children:
            node.expand()
