"""One model in detail: the card, its raw YAML, runbook, owners, findings and history.

The screen lays the tabs out and reads the card; each tab is a widget of
tui/widgets/model/ that draws what it is given.
"""

from __future__ import annotations

from pathlib import Path
from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.widgets import Footer, TabbedContent, TabPane
from textual.worker import get_current_worker

from registry import Finding
from registry.model import ModelCard
from registry.textsafe import clean
from tui.data.snapshot import Snapshot
from tui.forms.keys import EditKeys
from tui.loading import read_card
from tui.widgets.model.card_summary import CardSummary
from tui.widgets.model.findings import FindingsPane
from tui.widgets.model.header import ModelHeader
from tui.widgets.model.history import HistoryPane
from tui.widgets.model.owners_panel import OwnersPanel
from tui.widgets.model.raw import RawYaml
from tui.widgets.model.runbook import RunbookPane

TABS = {
    "card": "Card",
    "yaml": "Raw YAML",
    "runbook": "Runbook",
    "owners": "Owners",
    "findings": "Findings",
    "history": "History",
}
#: What gets the keyboard when a tab is shown.
TAB_FOCUS = {
    "card": "#card-scroll",
    "yaml": "#raw",
    "runbook": "#runbook-scroll",
    "owners": "#owners-scroll",
    "findings": "#findings-list",
    "history": "#history-table",
}


class ModelScreen(EditKeys):
    """The detail of one model; Escape goes back to where you came from."""

    HELP_TITLE = "Model"
    HELP_NOTES: ClassVar[dict[str, str]] = {
        "enter": "on a finding: show the line it points at; on a commit: its diff",
    }
    BINDINGS: ClassVar[list[BindingType]] = [
        *(
            Binding(str(i + 1), f"tab('{tab}')", title, show=False, tooltip=f"the {title} tab")
            for i, (tab, title) in enumerate(TABS.items())
        ),
    ]

    def __init__(self, model: str, tab: str = "card", finding: Finding | None = None) -> None:
        super().__init__(classes="model-screen")
        self.model = model
        self.initial_tab = tab
        self.focus_finding = finding
        self.card: ModelCard | None = None
        self.loaded = False  # the card is on screen (tests and the benchmark wait for it)

    def compose(self) -> ComposeResult:
        yield ModelHeader(id="model-header")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane("1 Card", id="card"), VerticalScroll(id="card-scroll"):
                yield CardSummary(id="card-body")
            with TabPane("2 Raw YAML", id="yaml"):
                yield RawYaml(id="raw")
            with TabPane("3 Runbook", id="runbook"):
                yield RunbookPane(id="runbook-scroll")
            with TabPane("4 Owners", id="owners"), VerticalScroll(id="owners-scroll"):
                yield OwnersPanel(id="owners-body")
            with TabPane(self._findings_label(), id="findings"):
                yield FindingsPane(id="findings-pane")
            with TabPane("6 History", id="history"):
                root, folder = self._location() or (self.registry_app.root, self.model)
                yield HistoryPane(root, folder, id="history-pane")
        yield Footer()

    def on_mount(self) -> None:
        if self.initial_tab == "history":
            self.query_one(HistoryPane).start()
        self.call_after_refresh(self._focus_tab_content, self.initial_tab)

    def _findings_label(self, count: int | None = None) -> str:
        if count is None:
            snapshot = self.snapshot
            count = len(snapshot.by_model.get(self.model, [])) if snapshot is not None else 0
        return f"5 Findings ({count})"

    # ------------------------------------------------------------------ content

    def _location(self) -> tuple[Path, str] | None:
        """Where the card is read from: the registry, or (over the index) its folder here, if any."""
        snapshot = self.snapshot
        return (
            (self.registry_app.root, self.model) if snapshot is None else snapshot.card_location(self.model)
        )

    def show_snapshot(self, snapshot: Snapshot) -> None:
        if self.model not in snapshot.summaries:
            self.query_one(ModelHeader).show_missing(self.model)
            return
        if snapshot.card_location(self.model) is None:
            findings = snapshot.by_model.get(self.model, [])
            self.query_one(ModelHeader).show_elsewhere(self.model, findings)
            self.show_findings(findings)
            self.loaded = True
            return
        self.load_card(snapshot)

    @work(thread=True, exclusive=True, group="card", name="read card")
    def load_card(self, snapshot: Snapshot) -> None:
        """Read this model's card (and its raw text) with the core, off the UI thread."""
        from registry.loader import LoadError, read_text  # the core's safe reader, never open()

        root, folder = snapshot.card_location(self.model) or (snapshot.root, self.model)
        card = read_card(root, folder)
        try:
            raw = clean(read_text(root, card.path), multiline=True)
        except LoadError as exc:
            raw = f"# {card.path} cannot be read: {clean(exc.message)}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_card, snapshot, card, raw)

    def _show_card(self, snapshot: Snapshot, card: ModelCard, raw: str) -> None:
        self.card = card
        findings = snapshot.by_model.get(self.model, [])
        self.query_one(ModelHeader).show_model(card, snapshot.owners, findings)
        self.query_one(CardSummary).show_card(card, snapshot.today)
        self.query_one(RawYaml).show_text(raw)
        self.query_one(RunbookPane).show_runbook(card)
        self.query_one(OwnersPanel).show_owners(card, snapshot.owners)
        self.show_findings(findings)
        self.loaded = True

    def show_findings(self, findings: list[Finding]) -> None:
        tab = self.query_one(TabbedContent).get_tab("findings")
        label = self._findings_label(len(findings))
        if tab.label.plain != label:  # relabelling moves the underline: only when it changed
            tab.label = Content(label)
        snapshot = self.snapshot
        waived = snapshot.waived.get(self.model, []) if snapshot is not None else []
        self.query_one(FindingsPane).show_findings(findings, self.focus_finding, waived)

    def show_finding(self, finding: Finding | None, tab: str) -> None:
        """Opened again (from the audit view or the palette): select ``finding``, show ``tab``."""
        if finding is not None:
            self.focus_finding = finding
            snapshot = self.snapshot
            if snapshot is not None:
                self.show_findings(snapshot.by_model.get(self.model, []))
        self.action_tab(tab)

    def edit_target(self) -> str | None:
        return self.model

    # ------------------------------------------------------------------ tabs and actions

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab_content(tab)

    def _focus_tab_content(self, tab: str) -> None:
        widget = self.query_one(TAB_FOCUS[tab])
        if widget.display and not widget.has_class("hidden"):
            widget.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "history":
            self.query_one(HistoryPane).start()

    @on(FindingsPane.Jump)
    def _jump(self, event: FindingsPane.Jump) -> None:
        """Enter on a finding: show the line it points at."""
        finding = event.finding
        card = self.card
        if card is not None and finding.path == card.path:
            self.action_tab("yaml")
            self.query_one(RawYaml).show_line(finding.line)
        elif card is not None and card.runbook is not None and finding.path == card.runbook.path:
            self.action_tab("runbook")
        else:
            self.notify(f"{clean(finding.path)}:{finding.line}", title="Finding is in", markup=False)
