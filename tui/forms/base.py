"""The frame every edit form shares: fields, the schema's verdict, the findings preview, review.

A form subclass lays out its fields and turns their values into a :class:`~registry.edit.Request`
(which files change, and how). The frame plans that request with the core each time a
field changes (after a short pause, in a worker), and shows what the core says: the
schema's message next to the field it names, or the findings the change would fix and
add. "Review" plans once more, synchronously, and shows the diff before anything is
written (:class:`~tui.forms.review.DiffScreen`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import ClassVar, TypeVar

from rich.text import Text
from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen
from textual.timer import Timer
from textual.widget import Widget
from textual.widgets import Button, Checkbox, Footer, Input, Label, Select, Static, TextArea
from textual.worker import get_current_worker

from registry.edit import Change, EditError, Request, SchemaRefused, plan
from registry.textsafe import clean
from tui import severity
from tui.severity import ERROR, MUTED, OK, WARNING, Palette

#: Pause after the last keystroke before the edit is planned again.
RECHECK_SECONDS = 0.25


class FormProblem(Exception):
    """A field the form itself refuses (empty where a value is needed); ``field`` is its id."""

    def __init__(self, message: str, field: str = "") -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True, slots=True)
class Outcome:
    """How a form ended: the change to write, and whether to commit it next."""

    change: Change
    commit: bool


def field_row(label: str, widget: Widget, *, hint: str = "") -> Horizontal:
    """A labelled field; ``hint`` is a dim line under it."""
    column = [widget, Static(Text(hint, style="dim"), classes="form-hint")] if hint else [widget]
    return Horizontal(
        Label(label, classes="form-label"), Vertical(*column, classes="form-input"), classes="form-row"
    )


ResultType = TypeVar("ResultType")


class FormScreen(ModalScreen[ResultType]):
    """A dialog over the console, styled by forms.tcss and coloured like every view."""

    CSS_PATH = "forms.tcss"
    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def __init__(self) -> None:
        super().__init__(classes="edit-form")

    def compose(self) -> ComposeResult:
        yield from self.body()
        yield Footer()  # the form's keys, not those of the screen beneath it

    def body(self) -> ComposeResult:
        """The dialog itself."""
        yield from ()


class EditForm(FormScreen[Outcome | None]):
    """A form over one or more registry files. Subclasses give :meth:`fields` and :meth:`request`."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "review", "Review changes"),
    ]
    TITLE: ClassVar[str] = "Edit"
    #: The field ids whose schema path is known: ``validation.date`` -> ``#date``.
    FIELDS: ClassVar[dict[str, str]] = {}

    def __init__(self, root: Path, today: date, heading: str) -> None:
        super().__init__()
        self.root = root
        self.today = today
        self.heading = heading
        self.change: Change | None = None  # the latest plan of the current values
        self.problem = ""  # why the current values cannot be saved ("" when they can)
        self.checks = 0  # plans finished (tests wait on it)
        self.checking = False  # a plan of the current values is running
        self._timer: Timer | None = None

    # ------------------------------------------------------------------ layout

    def body(self) -> ComposeResult:
        with Vertical(id="form"):
            yield Static(Text(clean(self.heading), style="bold"), id="form-title")
            with VerticalScroll(id="form-fields", can_focus=False):
                yield from self.fields()
            yield Static("", id="form-check")
            yield Static("", id="form-preview")
            with Horizontal(id="form-buttons"):
                yield Button("Review changes (ctrl+s)", id="form-review", variant="primary", compact=True)
                yield Button("Cancel (esc)", id="form-cancel", compact=True)

    @property
    def settled(self) -> bool:
        """No keystroke waiting to be checked and no check running: the verdict is current."""
        return self._timer is None and not self.checking

    def fields(self) -> ComposeResult:
        """The form's own fields."""
        yield from ()

    def request(self) -> Request:
        """The edit the current values ask for; :class:`FormProblem` when they cannot be saved."""
        raise NotImplementedError

    def on_mount(self) -> None:
        self.recheck()

    # ------------------------------------------------------------------ live checking

    @on(Input.Changed)
    @on(Select.Changed)
    @on(TextArea.Changed)
    @on(Checkbox.Changed)
    def _changed(self) -> None:
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(RECHECK_SECONDS, self.recheck)

    def recheck(self) -> None:
        """Plan the current values again (in a worker); the verdict replaces the last one."""
        self._timer = None
        try:
            request = self.request()
        except FormProblem as exc:
            self._show_verdict(None, str(exc), exc.field)
            return
        self._show_pending()
        self._plan(request)

    @work(thread=True, exclusive=True, group="form-check", name="plan the edit")
    def _plan(self, request: Request) -> None:
        change, problem, where = self._plan_now(request)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show_late_verdict, change, problem, where)

    def _show_late_verdict(self, change: Change | None, problem: str, where: str) -> None:
        """A verdict from the worker, which may land after the form was closed."""
        if self.is_attached:
            self._show_verdict(change, problem, where)

    def _plan_now(self, request: Request) -> tuple[Change | None, str, str]:
        try:
            change = plan(self.root, request, today=self.today)
        except SchemaRefused as exc:
            return None, f"{exc.detail}", exc.field
        except EditError as exc:
            return None, str(exc).removesuffix("; nothing written"), ""
        return change, "", ""

    def _show_pending(self) -> None:
        self.checking = True
        self.query_one("#form-check", Static).update(Text("checking…", style="dim"))

    def _show_verdict(self, change: Change | None, problem: str, where: str) -> None:
        self.change, self.problem = change, problem
        self.checks += 1
        self.checking = False
        palette = Palette.of(self)
        for widget in self.query(".-invalid"):
            widget.remove_class("-invalid")
        target = self._field_id(where)
        if target:
            self.query_one(f"#{target}").add_class("-invalid")
        check = Text()
        preview = Text()
        if problem:
            check.append("✖ ", palette.rich(ERROR, bold=True))
            check.append(clean(problem), palette.rich(ERROR))
        elif change is None or not change.changed:
            check.append("No change yet.", palette.rich(MUTED))
        else:
            files = ", ".join(clean(p) for p in change.paths)
            check.append("✔ ", palette.rich(OK, bold=True))
            check.append(f"valid; saving writes {files}")
            preview = findings_preview(palette, change)
        self.query_one("#form-check", Static).update(check)
        self.query_one("#form-preview", Static).update(preview)
        self.query_one("#form-review", Button).disabled = (
            bool(problem) or change is None or not change.changed
        )

    def _field_id(self, where: str) -> str:
        """The widget a problem is about: a form field's id, or the schema path's last key."""
        if not where:
            return ""
        if where in self.FIELDS:
            return self.FIELDS[where]
        last = re.split(r"[.\[\]]+", where.strip("]"))[-1]
        return last if re.fullmatch(r"[A-Za-z_][\w-]*", last) and self.query(f"#{last}") else ""

    # ------------------------------------------------------------------ actions

    @on(Button.Pressed, "#form-review")
    def action_review(self) -> None:
        """Plan the values as they are now and show the diff; saving happens there."""
        try:
            request = self.request()
        except FormProblem as exc:
            self._show_verdict(None, str(exc), exc.field)
            return
        change, problem, where = self._plan_now(request)
        self._show_verdict(change, problem, where)
        if change is None or problem or not change.changed:
            return
        from tui.forms.review import DiffScreen

        def decided(choice: str | None) -> None:
            if choice in ("save", "commit"):
                self.dismiss(Outcome(change, commit=choice == "commit"))

        self.app.push_screen(DiffScreen(change), decided)

    @on(Button.Pressed, "#form-cancel")
    def action_cancel(self) -> None:
        self.dismiss(None)


def findings_preview(palette: Palette, change: Change) -> Text:
    """The findings a change fixes and adds, one per line, in their colours."""
    out = Text()
    impact = change.impact
    for finding in impact.fixed:
        out.append("✔ fixes ", palette.rich(OK, bold=True))
        out.append(f"{finding.rule} ", style="bold")
        out.append(clean(finding.message) + "\n")
    for finding in impact.introduced:
        component = ERROR if finding.severity.value == "error" else WARNING
        out.append("✖ adds ", palette.rich(component, bold=True))
        out.append(f"{finding.rule} ", style="bold")
        out.append(clean(finding.message) + "\n")
    if not impact.fixed and not impact.introduced:
        out.append("Fixes no finding and adds none.", palette.rich(MUTED))
    out.rstrip()
    return out
