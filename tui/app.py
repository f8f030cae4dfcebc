"""``registry tui``: the governance console.

The app owns the loaded registry (:attr:`RegistryApp.snapshot`, replaced as a whole
on every load) and the navigation between screens; screens watch ``snapshot`` and
redraw themselves. Loading, auditing and change detection run in thread workers so
the screen never freezes, and a large registry appears batch by batch.
"""

from __future__ import annotations

import asyncio
import statistics
import sys
import time
from datetime import date
from pathlib import Path
from typing import ClassVar

from textual import events, work
from textual.app import App
from textual.binding import Binding, BindingType
from textual.reactive import reactive
from textual.screen import Screen
from textual.worker import get_current_worker

from registry import Finding, RegistryError
from registry.textsafe import clean
from tui.data import Snapshot
from tui.loading import FIRST_BATCH, Fingerprint, fingerprint, stream_load
from tui.providers import RegistryCommands
from tui.screens.audit import AuditScreen
from tui.screens.help import HelpScreen
from tui.screens.model import ModelScreen
from tui.screens.overview import OverviewScreen
from tui.screens.owners import OwnersScreen

POLL_SECONDS = 2.0


class RegistryApp(App[int]):
    """Browse, audit and explain a registry from the keyboard."""

    CSS_PATH = "app.tcss"
    TITLE = "registry"
    COMMANDS: ClassVar = App.COMMANDS | {RegistryCommands}
    COMMAND_PALETTE_BINDING = "ctrl+p"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("q", "quit", "Quit"),
        Binding("question_mark", "help", "Help"),
        Binding("r", "reload", "Reload"),
        Binding("a", "audit", "Audit"),
        Binding("o", "owners", "Owners"),
        Binding("m", "models", "Models", show=False),
    ]

    snapshot: reactive[Snapshot | None] = reactive(None, always_update=True, init=False)
    status: reactive[str] = reactive("", always_update=True, init=False)

    def __init__(self, root: Path, today: date | None = None, *, watch: bool = True) -> None:
        super().__init__()
        self.root = Path(root)
        self.fixed_today = today
        self.watch_files = watch
        self.error = ""
        self.loading_now = False
        self._fingerprint: Fingerprint | None = None
        self._quiet_until = 0.0
        self.loads = 0  # completed loads, for tests and the benchmark

    @property
    def today(self) -> date:
        return self.fixed_today or date.today()

    def get_default_screen(self) -> Screen[None]:
        return OverviewScreen()

    def on_mount(self) -> None:
        self.title = f"registry: {clean(self.root.name)}"  # set as the terminal title: make it inert
        self.load_registry(initial=True)
        if self.watch_files:
            self.set_interval(POLL_SECONDS, self._poll, name="watch registry files")

    # ------------------------------------------------------------------ loading

    @work(thread=True, exclusive=True, group="load", name="load registry")
    def load_registry(self, initial: bool = False) -> None:
        """Read and audit in a thread; a large registry shows a first batch early."""
        worker = get_current_worker()
        self.loading_now = True
        started = time.perf_counter()
        stamps: list[Fingerprint] = []
        try:
            first = initial or self.snapshot is None

            def take_stamp() -> None:
                # Stat before the full read, so an edit made while loading is seen by the next poll.
                stamps.append(fingerprint(self.root))

            batch = FIRST_BATCH if first else sys.maxsize  # a reload keeps the old data until done
            for snap in stream_load(self.root, self.today, first_batch=batch, before_full=take_stamp):
                if worker.is_cancelled:
                    return
                if snap.complete or first:
                    self.call_from_thread(self._apply, snap, stamps[-1] if snap.complete else None, "")
            if not initial:
                took = time.perf_counter() - started
                self.call_from_thread(self._set_status, f"reloaded in {took:.1f}s")
        except RegistryError as exc:
            self.call_from_thread(self._fail, str(exc), stamps[-1] if stamps else fingerprint(self.root))
        except Exception as exc:  # a bug must not leave a blank screen: say what happened
            self.call_from_thread(self._fail, f"{type(exc).__name__}: {exc}", None)
        finally:
            self.loading_now = False

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
        newer = fingerprint(self.root)
        took = time.perf_counter() - started
        # A huge registry: poll less often, so that watching never costs more than ~10%.
        self._quiet_until = time.monotonic() + max(0.0, 10 * took - POLL_SECONDS)
        older = self._fingerprint
        if older is None or self.loading_now or not older.changed(newer):
            return
        self.call_from_thread(self._reload_all)

    def _reload_all(self) -> None:
        self.load_registry(initial=False)

    # ------------------------------------------------------------------ navigation

    def _go_to(self, kind: type[Screen[None]]) -> bool:
        """Pop back to a screen of ``kind`` if one is open; True when found."""
        if not any(isinstance(s, kind) for s in self.screen_stack):
            while len(self.screen_stack) > 1:
                self.pop_screen()
            return isinstance(self.screen, kind)
        while not isinstance(self.screen, kind):
            self.pop_screen()
        return True

    def open_model(self, model: str, tab: str | None = None, finding: Finding | None = None) -> None:
        """Open a model; by default on its findings when it has some (why it fails comes first)."""
        if tab is None:
            has_findings = self.snapshot is not None and bool(self.snapshot.by_model.get(model))
            tab = "findings" if has_findings else "card"
        screen = self.screen
        if isinstance(screen, ModelScreen) and screen.model == model:
            if finding is not None:
                screen.focus_finding = finding
                snap = self.snapshot
                if snap is not None:
                    screen.show_findings(snap.by_model.get(model, []))
            screen.action_tab(tab)
            return
        while isinstance(self.screen, ModelScreen | HelpScreen):
            self.pop_screen()
        self.push_screen(ModelScreen(model, tab=tab, finding=finding))

    def show_audit(self, by: str = "rule") -> None:
        if self._go_to(AuditScreen):
            screen = self.screen
            assert isinstance(screen, AuditScreen)
            if screen.by != by:
                screen.set_grouping(by)
        else:
            self.push_screen(AuditScreen(by))

    def show_owners(self, owner: str | None = None) -> None:
        if self._go_to(OwnersScreen):
            screen = self.screen
            assert isinstance(screen, OwnersScreen)
            if owner:
                screen._focus_line(owner)
        else:
            self.push_screen(OwnersScreen(focus_owner=owner))

    def filter_models(self, query: str) -> None:
        self.action_models()
        overview = self.screen_stack[0]
        if isinstance(overview, OverviewScreen):
            overview.set_filter(query)

    def action_audit(self) -> None:
        screen = self.screen
        self.show_audit(screen.by if isinstance(screen, AuditScreen) else "rule")

    def action_owners(self) -> None:
        self.show_owners()

    def action_models(self) -> None:
        while len(self.screen_stack) > 1:
            self.pop_screen()

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_reload(self) -> None:
        self.status = "reloading…"
        self.load_registry(initial=False)

    async def action_quit(self) -> None:
        self.exit(0)


def run(root: Path, today: date | None = None) -> int:
    """Open the console on ``root``; the exit code is 0 after a normal quit."""
    app = RegistryApp(root, today)
    app.run()
    return int(app.return_code or 0)


def measure(root: Path, today: date, keystrokes: str = "prod") -> dict[str, float]:
    """Time the console headlessly: first screen, full load and filter keystrokes.

    ``first_screen_s`` is from starting the app to the models table having rows;
    ``loaded_s`` to the complete audit; ``keystroke_ms`` the median time for a key
    typed into the filter to be handled and the screen updated; ``filter_ms`` the
    median time the filter itself took over all rows.
    """
    from tui.widgets.model_table import ModelTable

    async def go() -> dict[str, float]:
        app = RegistryApp(root, today, watch=False)
        started = time.perf_counter()
        async with app.run_test(size=(120, 40)) as pilot:
            table = app.screen.query_one(ModelTable)
            while not table.rows and not app.error:
                await asyncio.sleep(0.005)
            first = time.perf_counter() - started
            while (app.snapshot is None or not app.snapshot.complete) and not app.error:
                await asyncio.sleep(0.02)
            loaded = time.perf_counter() - started
            await pilot.pause()
            overview = app.screen
            assert isinstance(overview, OverviewScreen)
            await pilot.press("slash")
            await pilot.pause()
            driver = app._driver
            assert driver is not None
            presses: list[float] = []
            filters: list[float] = []
            original = overview.apply_filter

            def timed() -> None:
                t = time.perf_counter()
                original()
                filters.append(time.perf_counter() - t)

            overview.apply_filter = timed  # type: ignore[method-assign]

            async def keystroke(key: str, char: str | None) -> None:
                # From the key event to the table repainted with the filtered rows.
                before_rows, before_paints = table.rows, table.paints
                t = time.perf_counter()
                driver.send_message(events.Key(key, char))
                while table.rows is before_rows or table.paints == before_paints:
                    await asyncio.sleep(0.0005)
                presses.append(time.perf_counter() - t)

            for char in keystrokes:
                await keystroke(char, char)
            for _ in keystrokes:
                await keystroke("backspace", None)
            rows = len(app.snapshot.rows) if app.snapshot else 0
        return {
            "models": float(rows),
            "first_screen_s": round(first, 3),
            "loaded_s": round(loaded, 3),
            "keystroke_ms": round(1000 * statistics.median(presses), 2) if presses else 0.0,
            "filter_ms": round(1000 * statistics.median(filters), 2) if filters else 0.0,
        }

    return asyncio.run(go())
