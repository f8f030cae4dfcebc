"""``registry tui``: the governance console.

The app owns the loaded registry (:attr:`RegistryApp.snapshot`, replaced as a whole
on every load) and the navigation between screens; screens watch ``snapshot`` and
redraw themselves. Loading, auditing and change detection run in thread workers so
the screen never freezes, and a large registry appears batch by batch.
"""

from __future__ import annotations

import sys
import time
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from registry import RegistryError
from registry.errors import Cancelled
from registry.index.url import IndexFailure
from registry.textsafe import clean
from tui.data.snapshot import Snapshot
from tui.forms.session import EditSession
from tui.loading import FIRST_BATCH, Fingerprint, fingerprint, stream_index, stream_load
from tui.messages import FilterModels, OpenModel, ShowView
from tui.providers import RegistryCommands
from tui.screens.base import SnapshotScreen, ViewScreen
from tui.screens.help import HelpScreen, HelpSection, declared_bindings, key_rows
from tui.screens.model import ModelScreen
from tui.screens.overview import OverviewScreen
from tui.views import BY_NAME, MODELS, VIEWS

POLL_SECONDS = 2.0
#: Screens ``?`` help lists besides the views (tui/views.py lists those).
HELP_SCREENS: tuple[type[SnapshotScreen], ...] = (OverviewScreen, ModelScreen)


class RegistryApp(App[int]):
    """Browse, audit and explain a registry from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "registry"
    COMMANDS: ClassVar = App.COMMANDS | {RegistryCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit", tooltip="quit, at any moment (a load in progress is stopped)"),
        Binding("question_mark", "help", "Help", tooltip="this help: every key and the filter language"),
        Binding("r", "reload", "Reload", tooltip="read every file again (they are also watched)"),
        *(
            Binding(view.key, f"view('{view.name}')", view.title, tooltip=f"{view.title}: {view.about}")
            for view in VIEWS
        ),
        Binding("m", f"view('{MODELS}')", "Models", show=False, tooltip="back to the models table"),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, always_update=True, init=False)
    status: reactive[str] = reactive("", always_update=True, init=False)

    def __init__(
        self, root: Path, today: date | None = None, *, watch: bool = True, index_url: str | None = None
    ) -> None:
        super().__init__()
        self.root = Path(root)
        self.index_url = index_url  # browse the index (read-only) instead of the registry at root
        self.fixed_today = today
        self.watch_files = watch
        self.error = ""
        self._fingerprint: Fingerprint | None = None
        self._quiet_until = 0.0
        self.loads = 0  # completed loads, for tests and the benchmark
        self.edit_session = EditSession()  # files saved from the forms and not yet committed

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    def get_default_screen(self) -> Screen[None]:
        return OverviewScreen()

    @property
    def source_label(self) -> str:
        """What the header names: the registry's folder, or the index (its URL, password masked)."""
        if self.index_url is None:
            return self.root.name
        snapshot = self.snapshot
        return snapshot.source if snapshot is not None else "the index"

    def on_mount(self) -> None:
        label = "index" if self.index_url is not None else clean(self.root.name)
        self.title = f"registry: {label}"  # set as the terminal title: make it inert
        self.load_registry(initial=True)
        if self.watch_files and self.index_url is None:
            self.set_interval(POLL_SECONDS, self._poll, name="watch registry files")

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load", name="load registry")
    def load_registry(self, initial: bool = False) -> None:
        """Read and audit in a thread; a large registry shows a first batch early.

        The worker's cancel event goes down to the audit: quitting, or a reload that
        replaces this worker, stops it within a card or two, worker processes included.
        """
        cancel = get_current_worker().cancelled_event
        started = time.perf_counter()
        stamps: list[Fingerprint] = []
        if self.index_url is not None:
            self._load_index(initial)
            return
        try:
            first = initial or self.snapshot is None

            def take_stamp() -> None:
                # Stat before the full read, so an edit made while loading is seen by the next poll.
                stamps.append(fingerprint(self.root, cancel))

            batch = FIRST_BATCH if first else sys.maxsize  # a reload keeps the old data until done
            loads = stream_load(
                self.root, self.today, first_batch=batch, before_full=take_stamp, cancel=cancel
            )
            for snap in loads:
                if snap.complete or first:
                    self._from_worker(self._apply, snap, stamps[-1] if snap.complete else None, "")
            if not initial:
                self._from_worker(self._set_status, f"reloaded in {time.perf_counter() - started:.1f}s")
        except Cancelled:
            return
        except RegistryError as exc:
            stamp = stamps[-1] if stamps else fingerprint(self.root)
            self._from_worker(self._fail, str(exc), stamp)
        except Exception as exc:  # a bug must not leave a blank screen: say what happened
            self._from_worker(self._fail, f"{type(exc).__name__}: {exc}", None)

    def _load_index(self, initial: bool) -> None:
        """Every registry in the index, read in one read-only transaction."""
        started = time.perf_counter()
        try:
            assert self.index_url is not None
            first = FIRST_BATCH if initial or self.snapshot is None else 0  # a reload keeps the old rows
            for snap in stream_index(self.index_url, self.today, first_batch=first):
                self._from_worker(self._apply, snap, None, "")
        except IndexFailure as exc:
            self._from_worker(self._fail, str(exc), None)
            return
        except Exception as exc:  # a bug must not leave a blank screen: say what happened
            self._from_worker(self._fail, f"{type(exc).__name__}: {exc}", None)
            return
        if not initial:
            self._from_worker(self._set_status, f"reloaded in {time.perf_counter() - started:.1f}s")

    @property
    def loading_now(self) -> bool:
        return any(w.group == "load" and not w.is_finished for w in self.workers)

    def _from_worker(self, callback: Callable[..., None], *args: object) -> None:
        """Run ``callback`` on the UI thread, unless the worker was cancelled (quit, reload)."""
        if not get_current_worker().is_cancelled and self.is_running:
            self.call_from_thread(callback, *args)

    def _apply(self, snap: Snapshot, stamp: Fingerprint | None, status: str) -> None:
        if stamp is not None:
            self._fingerprint = stamp
        self.error = ""
        self.snapshot = snap
        if snap.complete:
            self.loads += 1
        self.status = status

    def _set_status(self, status: str) -> None:
        self.status = status

    def _fail(self, message: str, stamp: Fingerprint | None) -> None:
        if stamp is not None:
            self._fingerprint = stamp  # a fix to the broken file reloads by itself
        self.error = clean(message)
        self.status = "cannot load"

    # ------------------------------------------------------------------ watching

    def _poll(self) -> None:
        if self.loading_now or self._fingerprint is None or time.monotonic() < self._quiet_until:
            return
        self.check_for_changes()

    @work(thread=True, exclusive=True, group="watch", name="watch registry files")
    def check_for_changes(self) -> None:
        """Stat every registry file; reload when any changed (the audit cache keeps it cheap)."""
        started = time.perf_counter()
        try:
            newer = fingerprint(self.root, get_current_worker().cancelled_event)
        except Cancelled:
            return
        took = time.perf_counter() - started
        # A huge registry: poll less often, so that watching never costs more than ~10%.
        self._quiet_until = time.monotonic() + max(0.0, 10 * took - POLL_SECONDS)
        older = self._fingerprint
        if older is None or self.loading_now or not older.changed(newer):
            return
        self._from_worker(self._reload_all)

    def _reload_all(self) -> None:
        self.load_registry(initial=False)

    # ------------------------------------------------------------------ navigation

    def _go_to(self, kind: type[ViewScreen]) -> bool:
        """Pop back to a screen of ``kind`` if one is open; True when found."""
        if not any(isinstance(s, kind) for s in self.screen_stack):
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return isinstance(self.screen, kind)
        while not isinstance(self.screen, kind):
            self.pop_screen()
        return True

    def on_open_model(self, message: OpenModel) -> None:
        """Open a model; by default on its findings when it has some (why it fails comes first)."""
        tab = message.tab
        if tab is None:
            has_findings = self.snapshot is not None and bool(self.snapshot.by_model.get(message.model))
            tab = "findings" if has_findings else "card"
        screen = self.screen
        if isinstance(screen, ModelScreen) and screen.model == message.model:
            screen.show_finding(message.finding, tab)
            return
        while isinstance(self.screen, ModelScreen | HelpScreen):
            self.pop_screen()
        self.push_screen(ModelScreen(message.model, tab=tab, finding=message.finding))

    def on_show_view(self, message: ShowView) -> None:
        self.action_view(message.view, message.focus)

    def on_filter_models(self, message: FilterModels) -> None:
        self.action_view(MODELS)
        overview = self.screen_stack[0]
        if isinstance(overview, OverviewScreen):
            overview.set_filter(message.query)

    def action_view(self, name: str, focus: str | None = None) -> None:
        """Show a view (tui/views.py), reusing it when it is open; ``models`` is the first screen."""
        if name == MODELS:
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return
        kind = BY_NAME[name].screen
        if self._go_to(kind):
            screen = self.screen
            assert isinstance(screen, ViewScreen)
            screen.refocus(focus)
        else:
            self.push_screen(kind(focus))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.help_sections()))

    def help_sections(self) -> list[HelpSection]:
        """``?`` help, from the bindings of the app and of every screen in HELP_SCREENS and VIEWS."""
        palette = "command palette: models, owners, rules, views, quick filters"
        everywhere = [*declared_bindings(type(self)), *declared_bindings(SnapshotScreen)]
        sections = [
            HelpSection("Everywhere", key_rows(self, everywhere, {self.COMMAND_PALETTE_BINDING: palette}))
        ]
        for screen in (*HELP_SCREENS, *(view.screen for view in VIEWS)):
            bindings = declared_bindings(screen, skip=(SnapshotScreen,))
            bindings += [b for widget in screen.HELP_WIDGETS for b in declared_bindings(widget)]
            sections.append(HelpSection(screen.HELP_TITLE, key_rows(self, bindings, screen.HELP_NOTES)))
        return sections

    def action_reload(self) -> None:
        self.status = "reloading…"
        self.load_registry(initial=False)

    async def action_quit(self) -> None:
        """Quit now: loading stops where it is (the audit's worker processes too)."""
        self.workers.cancel_all()
        self.exit(0)


def run(root: Path, today: date | None = None, index_url: str | None = None) -> int:
    """Open the console on ``root`` (or on the index at ``index_url``); 0 after a normal quit."""
    app = RegistryApp(root, today, index_url=index_url)
    app.run()
    return int(app.return_code or 0)
