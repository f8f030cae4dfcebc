"""One model in detail: the card, its raw YAML, runbook, owners, findings and history.

Every value shown here comes from a card, a runbook or an owner file, so it goes
through :func:`registry.textsafe.clean` and into ``rich.text.Text`` or Textual
``Content`` objects built from plain strings: nothing a card says is ever parsed as
markup, and escape sequences show as ``\\x1b``.
"""

from __future__ import annotations

from datetime import date
from typing import TYPE_CHECKING, Any, ClassVar, cast

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.content import Content
from textual.screen import Screen
from textual.widgets import DataTable, Footer, ListItem, ListView, Static, TabbedContent, TabPane, TextArea
from textual.worker import get_current_worker

from registry import Finding, Severity, load_catalog
from registry.model import text as scalar_text
from registry.textsafe import clean
from tui.loading import read_card
from tui.widgets.safe_markdown import SafeMarkdown

if TYPE_CHECKING:
    from registry.model import ModelCard, Owner
    from tui.app import RegistryApp
    from tui.data import Snapshot

SEVERITY_STYLE = {Severity.ERROR: "bold red", Severity.WARNING: "bold yellow", Severity.INFO: "cyan"}
GLYPH = {Severity.ERROR: "✖", Severity.WARNING: "▲", Severity.INFO: "●"}
TABS = ("card", "yaml", "runbook", "owners", "findings", "history")
NO_GIT = "No git history (not a git repository)"


# --------------------------------------------------------------------------- formatting


def show(value: Any) -> str:
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


def grid(rows: list[tuple[str, Any]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True, width=16)
    table.add_column(overflow="fold")
    for label, value in rows:
        table.add_row(label, value if isinstance(value, Text) else Text(show(value)))
    return table


def heading(title: str) -> Text:
    return Text(f"\n{title}", style="bold underline")


def age(when: date | None, today: date) -> str:
    if when is None:
        return ""
    days = (today - when).days
    return f" ({days} days ago)" if days >= 0 else f" (in {-days} days)"


def card_summary(card: ModelCard, today: date) -> RenderableType:
    """The card as a governance lead reads it: grouped, labelled, never raw."""
    parts: list[RenderableType] = []
    title = Text()
    title.append(clean(card.name), style="bold")
    title.append(f"  {clean(card.folder)}", style="dim")
    if card.version:
        title.append(f"  v{clean(card.version)}")
    parts.append(title)
    if card.broken and card.error:
        parts.append(
            Text(f"This card cannot be read: {clean(card.error[0])} (line {card.error[1]})", style="red")
        )
        return Group(*parts)
    parts.append(
        grid(
            [
                ("Stage", card.get("stage")),
                ("Risk tier", card.get("risk_tier")),
                ("Kind", card.get("kind")),
                ("Owner", card.get("owner")),
                ("Backup owner", card.get("backup_owner")),
                ("Sponsor", card.get("sponsor")),
                ("Tags", card.get("tags")),
            ]
        )
    )
    parts.append(heading("Purpose and use"))
    parts.append(
        grid(
            [
                ("Purpose", card.get("purpose")),
                ("Intended use", card.get("intended_use")),
                ("Out of scope", card.get("out_of_scope")),
                ("Human oversight", card.get("human_oversight")),
            ]
        )
    )
    limitations = card.get_list("limitations")
    if limitations:
        parts.append(Text("Limitations", style="bold"))
        for item in limitations:
            parts.append(Text(f"  • {show(item)}"))
    validation = card.get_map("validation")
    parts.append(heading("Validation"))
    if validation:
        vdate = card.get_date("validation", "date")
        parts.append(
            grid(
                [
                    ("Date", Text(show(validation.get("date")) + age(vdate, today))),
                    ("Result", validation.get("result")),
                    ("Validator", validation.get("validator")),
                    ("Model version", validation.get("model_version")),
                    ("Evidence", validation.get("evidence")),
                ]
            )
        )
    else:
        parts.append(Text("No validation recorded.", style="yellow"))
    parts.append(heading("Bias tests"))
    tests = [t for t in card.get_list("bias_tests") if isinstance(t, dict)]
    if tests:
        table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
        for col in ("Date", "Result", "Method", "Attributes", "Mitigation"):
            table.add_column(col, overflow="fold")
        for test in sorted(tests, key=lambda t: show(t.get("date")), reverse=True):
            result = show(test.get("result"))
            table.add_row(
                Text(show(test.get("date"))),
                Text(result, style="red" if result == "fail" else ""),
                Text(show(test.get("method"))),
                Text(show(test.get("attributes"))),
                Text(show(test.get("mitigation")) if test.get("mitigation") else ""),
            )
        parts.append(table)
    else:
        parts.append(Text("No bias test recorded.", style="dim"))
    metrics = card.get_map("metrics")
    if metrics:
        parts.append(heading("Metrics"))
        table = Table(box=None, padding=(0, 1), show_edge=False)
        for col in ("Kind", "Metric", "Value", "Baseline", "Target / max", "Unit"):
            table.add_column(col, overflow="fold")
        for kind in ("model", "business", "guardrails"):
            for m in card.get_list("metrics", kind):
                if not isinstance(m, dict):
                    continue
                bound = m.get("target", m.get("max"))
                table.add_row(
                    *(Text(show(v)) for v in (kind, m.get("name"), m.get("value"), m.get("baseline"), bound)),
                    Text(show(m.get("unit")) if m.get("unit") is not None else ""),
                )
        parts.append(table)
    parts.append(heading("Operations"))
    monitoring = card.get_map("monitoring")
    fallback = card.get_map("fallback")
    parts.append(
        grid(
            [
                ("Drift monitoring", monitoring.get("drift")),
                ("Alerts", monitoring.get("alerts")),
                ("Dashboard", monitoring.get("dashboard")),
                ("Fallback route", fallback.get("route")),
                ("Confidence floor", fallback.get("confidence_threshold")),
                ("Deployment", card.get("deployment")),
            ]
        )
    )
    training = card.get_map("training_data")
    if training:
        parts.append(heading("Training data"))
        parts.append(
            grid(
                [
                    ("Sources", training.get("sources")),
                    ("Snapshot", training.get("snapshot")),
                    ("Contains PII", training.get("contains_pii")),
                    ("Privacy review", training.get("privacy_review")),
                ]
            )
        )
    pilot = card.get_map("pilot")
    if pilot:
        parts.append(heading("Pilot"))
        parts.append(
            grid(
                [
                    ("Start", pilot.get("start")),
                    ("End", pilot.get("end")),
                    ("Exit criteria", pilot.get("exit_criteria")),
                    ("Decision", pilot.get("decision")),
                    ("Decided", pilot.get("decided")),
                ]
            )
        )
    incidents = [i for i in card.get_list("incidents") if isinstance(i, dict)]
    if incidents:
        parts.append(heading("Incidents"))
        for inc in incidents:
            line = Text(f"  {show(inc.get('date'))}  {show(inc.get('severity'))}  {show(inc.get('summary'))}")
            if not inc.get("review"):
                line.append("  (no review)", style="yellow")
            parts.append(line)
    waivers = [w for w in card.get_list("waivers") if isinstance(w, dict)]
    if waivers:
        parts.append(heading("Waivers"))
        for w in waivers:
            parts.append(
                Text(
                    f"  {show(w.get('rule'))} until {show(w.get('expires'))}, approved by "
                    f"{show(w.get('approved_by'))}: {show(w.get('reason'))}"
                )
            )
    parts.append(heading("Files"))
    parts.append(grid([("Card", card.path), ("Runbook", card.runbook.path if card.runbook else "none")]))
    return Group(*parts)


def owner_panel(role: str, owner_id: str | None, record: Owner | None) -> RenderableType:
    """One owner record: who they are and, first, how to reach them."""
    title = Text()
    title.append(f"{role:<18}", style="bold")
    if owner_id is None:
        title.append("none", style="bold red")
        return Group(title, Text("  No one is named. Add it to the card.", style="red"))
    title.append(clean(owner_id), style="bold")
    if record is None:
        title.append("  NO RECORD in owners/", style="bold red")
        return Group(title, Text(f"  owners/{clean(owner_id)}.yaml does not exist.", style="red"))
    if not record.active:
        title.append("  INACTIVE (departed or disbanded)", style="bold red")
    else:
        title.append("  active", style="green")
    rows: list[tuple[str, Any]] = [
        ("Name", record.get("name")),
        ("Kind", record.get("kind")),
        ("Escalation", Text(show(record.get("escalation")), style="bold")),
        ("Email", record.get("email")),
        ("Lead", record.get("lead")),
        ("Members", record.get("members")),
    ]
    return Group(title, grid(rows))


def finding_content(finding: Finding) -> tuple[Content, Content]:
    """A finding's title line, and its body: message, place, why it matters, how to fix it."""
    rule = load_catalog().get(finding.rule)
    style = {"error": "bold $error", "warning": "bold $text-warning"}.get(
        finding.severity.value, "$text-primary"
    )
    where = f"{clean(finding.path)}:{finding.line}:{finding.column}"
    if finding.field:
        where += f"  ({clean(finding.field)})"
    title = Content.assemble(
        (f"{GLYPH[finding.severity]} {finding.rule} {finding.severity.value}", style),
        "  ",
        (rule.title if rule else "", "bold"),
    )
    parts: list[str | tuple[str, str]] = [
        clean(finding.message),
        "\n",
        ("at ", "$text-muted"),
        (where, "$text-accent"),
    ]
    if rule:
        parts += ["\n", ("Why: ", "bold"), rule.rationale, "\n", ("Fix: ", "bold $success"), rule.fix]
    return title, Content.assemble(*parts)


class FindingItem(ListItem):
    """One finding; the body is indented as a block, so wrapped lines stay under it."""

    def __init__(self, finding: Finding) -> None:
        title, body = finding_content(finding)
        super().__init__(Static(title), Static(body, classes="finding-body"))
        self.finding = finding


class ModelScreen(Screen[None]):
    """The detail of one model; Escape goes back to where you came from."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back"),
        *(Binding(str(i + 1), f"tab('{tab}')", tab.title(), show=False) for i, tab in enumerate(TABS)),
    ]

    def __init__(self, model: str, tab: str = "card", finding: Finding | None = None) -> None:
        super().__init__(classes="model-screen")
        self.model = model
        self.initial_tab = tab
        self.focus_finding = finding
        self.card: ModelCard | None = None
        self.loaded = False  # the card is on screen (tests and the benchmark wait for it)
        self._history_loaded = False

    @property
    def registry_app(self) -> RegistryApp:
        return cast("RegistryApp", self.app)

    def compose(self) -> ComposeResult:
        yield Static(id="model-header")
        with TabbedContent(initial=self.initial_tab, id="tabs"):
            with TabPane("1 Card", id="card"), VerticalScroll(id="card-scroll"):
                yield Static(id="card-body")
            with TabPane("2 Raw YAML", id="yaml"):
                yield TextArea(id="raw", read_only=True, show_line_numbers=True, soft_wrap=False)
            with TabPane("3 Runbook", id="runbook"), VerticalScroll(id="runbook-scroll"):
                yield Static(id="runbook-meta")
                yield SafeMarkdown(id="runbook-body")
            with TabPane("4 Owners", id="owners"), VerticalScroll(id="owners-scroll"):
                yield Static(id="owners-body")
            with TabPane(self._findings_label(), id="findings"):
                yield Static(id="findings-empty", classes="hidden")
                yield ListView(id="findings-list")
            with TabPane("6 History", id="history"):
                yield Static("Loading history…", id="history-status")
                yield DataTable(id="history-table", cursor_type="row", classes="hidden")
                with VerticalScroll(id="diff-scroll", classes="hidden"):
                    yield Static(id="diff")
        yield Footer()

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self._on_snapshot)
        if self.initial_tab == "history":
            self._start_history()
        self.call_after_refresh(self._focus_tab_content, self.initial_tab)

    def _findings_label(self, count: int | None = None) -> str:
        if count is None:
            snapshot = self.registry_app.snapshot
            count = len(snapshot.by_model.get(self.model, [])) if snapshot is not None else 0
        return f"5 Findings ({count})"

    # ------------------------------------------------------------------ content

    def _on_snapshot(self, snapshot: Snapshot | None) -> None:
        if snapshot is None:
            return
        if self.model not in snapshot.summaries:
            header = self.query_one("#model-header", Static)
            header.update(
                Content.assemble(
                    (clean(self.model), "bold"), ("  is not in the registry (any more)", "$error")
                )
            )
            return
        self.load_card(snapshot)

    @work(thread=True, exclusive=True, group="card", name="read card")
    def load_card(self, snapshot: Snapshot) -> None:
        """Read this model's card (and its raw text) with the core, off the UI thread."""
        from registry.loader import LoadError, read_text  # the core's safe reader, never open()

        card = read_card(snapshot.root, self.model)
        try:
            raw = clean(read_text(snapshot.root, card.path), multiline=True)
        except LoadError as exc:
            raw = f"# {card.path} cannot be read: {clean(exc.message)}"
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_card, snapshot, card, raw)

    def _show_card(self, snapshot: Snapshot, card: ModelCard, raw: str) -> None:
        self.card = card
        findings = snapshot.by_model.get(self.model, [])
        self.query_one("#model-header", Static).update(self._header(snapshot, card, findings))
        self.query_one("#card-body", Static).update(card_summary(card, snapshot.today))
        area = self.query_one("#raw", TextArea)
        if area.text != raw:
            area.load_text(raw)
        self._show_runbook(card)
        owners = snapshot.owners
        self.query_one("#owners-body", Static).update(
            Group(
                owner_panel("Owner", card.owner, owners.get(card.owner) if card.owner else None),
                Text(""),
                owner_panel(
                    "Backup owner",
                    card.backup_owner,
                    owners.get(card.backup_owner) if card.backup_owner else None,
                ),
                Text(""),
                grid([("Sponsor", card.get("sponsor")), ("Validator", card.get("validation", "validator"))]),
            )
        )
        self.show_findings(findings)
        self.loaded = True

    def _header(self, snapshot: Snapshot, card: ModelCard, findings: list[Finding]) -> Content:
        errors = sum(1 for f in findings if f.severity is Severity.ERROR)
        warnings = sum(1 for f in findings if f.severity is Severity.WARNING)
        if errors:
            status: tuple[str, str] = (f"✖ {errors} error{'s' * (errors != 1)}", "bold $error")
        elif warnings:
            status = (f"▲ {warnings} warning{'s' * (warnings != 1)}", "bold $text-warning")
        else:
            status = ("✔ compliant", "bold $success")
        owner_id = card.owner
        record = snapshot.owners.get(owner_id) if owner_id else None
        if owner_id is None:
            call: tuple[str, str] = ("no owner", "bold $error")
        elif record is None:
            call = (f"{clean(owner_id)} (no record)", "bold $error")
        else:
            how = record.get_str("escalation") or record.get_str("email") or ""
            call = (f"{clean(owner_id)} {clean(how)}".strip(), "" if record.active else "bold $error")
        backup: list[str | tuple[str, str]] = []
        if record is None or not record.active:
            backup_id = card.backup_owner
            backup_record = snapshot.owners.get(backup_id) if backup_id else None
            if backup_id is None:
                backup = ["  · backup: ", ("none", "bold $error")]
            elif backup_record is None or not backup_record.active:
                backup = ["  · backup: ", (f"{clean(backup_id)} (not reachable)", "bold $error")]
            else:
                how = backup_record.get_str("escalation") or backup_record.get_str("email") or ""
                backup = ["  · backup: ", (f"{clean(backup_id)} {clean(how)}".strip(), "bold")]
        facts = " · ".join(
            clean(x)
            for x in (
                card.version and f"v{card.version}",
                card.stage,
                card.risk_tier and f"{card.risk_tier} risk",
            )
            if x
        )
        return Content.assemble(
            status,
            "  ",
            (clean(card.name), "bold"),
            ("  " + clean(card.folder), "$text-muted"),
            "  ",
            facts,
            "\n",
            ("Call: ", "$text-muted"),
            call,
            (f"{'' if record is None or record.active else ' INACTIVE'}", "bold $error"),
            *backup,
        )

    def _show_runbook(self, card: ModelCard) -> None:
        meta = self.query_one("#runbook-meta", Static)
        body = self.query_one("#runbook-body", SafeMarkdown)
        runbook = card.runbook
        if runbook is None:
            if card.runbook_error:
                meta.update(Content.assemble(("No runbook: ", "bold $error"), clean(card.runbook_error[0])))
            else:
                meta.update(Content("No runbook. Pilot and production models need one (DOC002)."))
            body.update("")
            return
        if runbook.markdown is None:
            message = clean(runbook.error[0]) if runbook.error else "cannot be read"
            meta.update(Content.assemble((clean(runbook.path), "bold"), ("  " + message, "$error")))
            body.update("")
            return
        front = runbook.markdown.front
        reviewed = ""
        if front is not None and isinstance(front.data, dict):
            reviewed = show(front.data.get("last_reviewed"))
        meta.update(
            Content.assemble(
                (clean(runbook.path), "$text-muted"),
                ("  last reviewed " + reviewed, "$text-muted") if reviewed and reviewed != "-" else "",
            )
        )
        body.update(runbook.markdown.body)

    def show_findings(self, findings: list[Finding]) -> None:
        tabs = self.query_one(TabbedContent)
        label = self._findings_label(len(findings))
        tab = tabs.get_tab("findings")
        if tab.label.plain != label:  # relabelling moves the underline: only when it changed
            tab.label = Content(label)
        empty = self.query_one("#findings-empty", Static)
        listing = self.query_one("#findings-list", ListView)
        listing.clear()
        if not findings:
            empty.update(Content.styled("✔ No findings: this model meets every rule.", "$success"))
            empty.remove_class("hidden")
            return
        empty.add_class("hidden")
        ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.path, f.line, f.rule))
        listing.extend(FindingItem(f) for f in ordered)
        target = self.focus_finding
        if target is not None and target in ordered:
            self.call_after_refresh(setattr, listing, "index", ordered.index(target))
        else:
            self.call_after_refresh(setattr, listing, "index", 0)

    # ------------------------------------------------------------------ tabs and actions

    def action_back(self) -> None:
        self.app.pop_screen()

    def action_tab(self, tab: str) -> None:
        self.query_one(TabbedContent).active = tab
        self._focus_tab_content(tab)

    def _focus_tab_content(self, tab: str) -> None:
        target = {
            "card": "#card-scroll",
            "yaml": "#raw",
            "runbook": "#runbook-scroll",
            "owners": "#owners-scroll",
            "findings": "#findings-list",
            "history": "#history-table",
        }[tab]
        widget = self.query_one(target)
        if widget.display and not widget.has_class("hidden"):
            widget.focus()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "history":
            self._start_history()

    @on(ListView.Selected, "#findings-list")
    def _finding_selected(self, event: ListView.Selected) -> None:
        """Enter on a finding: show the line it points at."""
        item = event.item
        if not isinstance(item, FindingItem):
            return
        finding = item.finding
        card = self.card
        if card is not None and finding.path == card.path:
            self.action_tab("yaml")
            area = self.query_one("#raw", TextArea)
            area.move_cursor((max(0, finding.line - 1), max(0, finding.column - 1)), center=True)
            area.select_line(max(0, finding.line - 1))
        elif card is not None and card.runbook is not None and finding.path == card.runbook.path:
            self.action_tab("runbook")
        else:
            self.notify(f"{clean(finding.path)}:{finding.line}", title="Finding is in", markup=False)

    # ------------------------------------------------------------------ history

    def _start_history(self) -> None:
        if not self._history_loaded:
            self._history_loaded = True
            self.load_history()

    @work(thread=True, exclusive=True, group="history", name="git history")
    def load_history(self) -> None:
        root = self.registry_app.root
        try:
            from registry import git
        except ImportError:  # an install without git support
            self.app.call_from_thread(self._show_history, None, NO_GIT)
            return
        unavailable = getattr(git, "GitUnavailable", ())
        try:
            commits = git.model_history(root, self.model)
        except unavailable:
            self.app.call_from_thread(self._show_history, None, NO_GIT)
            return
        except Exception as exc:  # git missing, broken repository: say so, never crash
            self.app.call_from_thread(self._show_history, None, f"No git history ({clean(exc)})")
            return
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_history, commits, "")

    def _show_history(self, commits: list[Any] | None, message: str) -> None:
        status = self.query_one("#history-status", Static)
        table = self.query_one("#history-table", DataTable)
        if not commits:
            status.update(Content(message or "No git history: no commit touches this model yet."))
            return
        status.update(Content(f"{len(commits)} commits touch this model. Enter shows a commit's diff."))
        table.clear(columns=True)
        table.add_column("Date", key="date")
        table.add_column("Commit", key="sha")
        table.add_column("Author", key="author")
        table.add_column("Subject", key="subject")
        for c in commits:
            when = c.date.strftime("%Y-%m-%d %H:%M") if hasattr(c.date, "strftime") else str(c.date)
            table.add_row(
                Text(when), Text(clean(c.short)), Text(clean(c.author)), Text(clean(c.subject)), key=c.sha
            )
        table.remove_class("hidden")
        if self.query_one(TabbedContent).active == "history":
            table.focus()

    @on(DataTable.RowSelected, "#history-table")
    def _commit_selected(self, event: DataTable.RowSelected) -> None:
        if event.row_key.value:
            self.load_diff(event.row_key.value)

    @work(thread=True, exclusive=True, group="diff", name="git diff")
    def load_diff(self, sha: str) -> None:
        try:
            from registry.git import model_diff

            diff = model_diff(self.registry_app.root, self.model, sha)
        except Exception as exc:
            diff = f"cannot show the diff: {exc}"
        self.app.call_from_thread(self._show_diff, diff)

    def _show_diff(self, diff: str) -> None:
        out = Text()
        for number, line in enumerate(diff.splitlines()):
            if number >= 3000:
                out.append("… (diff cut at 3000 lines)\n", style="dim")
                break
            style = ""
            if line.startswith("+") and not line.startswith("+++"):
                style = "green"
            elif line.startswith("-") and not line.startswith("---"):
                style = "red"
            elif line.startswith("@@"):
                style = "cyan"
            out.append(clean(line) + "\n", style=style)
        self.query_one("#diff", Static).update(out)
        scroll = self.query_one("#diff-scroll")
        scroll.remove_class("hidden")
