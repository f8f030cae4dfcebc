"""What every console screen shares: following the app's snapshot, and going back.

The app replaces its :class:`~tui.data.snapshot.Snapshot` as a whole on every load
(a first batch, the complete audit, a reload after a file changed). A screen built
on :class:`SnapshotScreen` draws itself in :meth:`SnapshotScreen.show_snapshot`,
which runs when the screen mounts and again after every load and every theme change
(its severity colours come from the theme).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar, cast

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.screen import Screen
from textual.widget import Widget

from tui import severity

if TYPE_CHECKING:
    from tui.app import RegistryApp
    from tui.data.snapshot import Snapshot


def screen_title(title: str, detail: str) -> Text:
    """The first line of a view: its name, then what it holds (muted)."""
    out = Text()
    out.append(title, style="bold")
    out.append(f"  {detail}", style="dim")
    return out


class SnapshotScreen(Screen[None]):
    """A screen drawn from the registry snapshot; Escape goes back."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "back", "Back", tooltip="go back to the screen before"),
    ]
    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)
    #: ``?`` help lists this screen's bindings under this heading, with those of
    #: ``HELP_WIDGETS``; ``HELP_NOTES`` (by key) says what a widget's own key does here.
    HELP_TITLE: ClassVar[str] = ""
    HELP_WIDGETS: ClassVar[tuple[type[Widget], ...]] = ()
    HELP_NOTES: ClassVar[dict[str, str]] = {}

    @property
    def registry_app(self) -> RegistryApp:
        return cast("RegistryApp", self.app)

    @property
    def snapshot(self) -> Snapshot | None:
        return self.registry_app.snapshot

    def on_mount(self) -> None:
        self.watch(self.app, "snapshot", self._snapshot_changed)
        self.watch(self.app, "theme", self._theme_changed, init=False)

    def _snapshot_changed(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None:
            self.show_snapshot(snapshot)

    def _theme_changed(self) -> None:
        # Colours are read from the stylesheet, which the new theme updates first.
        self.call_after_refresh(self._snapshot_changed, self.snapshot)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Draw this screen from ``snapshot`` (called after every load)."""

    def action_back(self) -> None:
        self.app.pop_screen()


class ViewScreen(SnapshotScreen):
    """A view a key opens from anywhere (tui/views.py); at most one of each is open.

    ``focus`` is what the view shows first (the audit's grouping, an owner's id):
    given to the constructor, or to :meth:`refocus` when the view is shown again.
    """

    def __init__(self, focus: str | None = None) -> None:
        super().__init__()
        self.focus_on = focus

    def refocus(self, focus: str | None) -> None:
        """Shown again from elsewhere; ``focus`` None keeps what the view shows."""
