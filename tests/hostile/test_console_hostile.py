"""The console (``registry tui``) on the hostile corpus and the poisoned registry.

Driven headlessly with Textual's Pilot: every screen and every tab of the hostile
models is opened, the command palette is searched, and everything rendered must be
inert (no escape, C1 or bidi character reaches a cell), markup must show as typed,
and the app must still be running: no crash, no action run by a card's text.
"""

from __future__ import annotations

import re
from datetime import date
from pathlib import Path
from typing import Any

from hostile_corpus import HEAVY, MARKER_NAME, NAME_PAYLOAD, Env, all_cases, build_poisoned, hostile_registry
from hostile_support import TODAY
from pilot_support import wait_until
from textual.widget import Widget

from tui.app import RegistryApp
from tui.messages import OpenModel
from tui.screens.model import TABS, ModelScreen

AUDIT_DAY = date.fromisoformat(TODAY)
SIZE = (140, 45)
#: Characters a terminal would act on, as they could appear in a rendered cell.
UNSAFE = re.compile(
    "[\x00-\x09\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028-\u202e\u2060-\u2069\ufeff\ud800-\udfff]"
)
#: Each step waits for the screen to settle (~0.3 s), so the tour takes the classes' representatives:
#: a card that cannot be parsed and a runbook that cannot.
CORPUS_MODELS = ["raw-escape-byte", "rb-raw-escape-byte"]
CORPUS_TABS = ("yaml", "findings")


def lines_of(widget: Widget) -> list[str]:
    """What a widget shows, as text lines; containers give their visible children's."""
    children = [child for child in widget.children if child.display]
    if children:
        return [line for child in children for line in lines_of(child)]
    return [strip.text for strip in widget.render_lines(widget.size.region)]


def screen_text(app: RegistryApp) -> str:
    return "\n".join(lines_of(app.screen))


def assert_inert_screen(app: RegistryApp, where: str) -> str:
    shown = screen_text(app)
    bad = sorted({hex(ord(c)) for c in UNSAFE.findall(shown)})
    assert not bad, f"{where}: the screen shows raw control characters {bad}"
    assert app.is_running, f"{where}: the console stopped"
    return shown


async def tour(
    app: RegistryApp, pilot: Any, models: list[str], tabs: tuple[str, ...] = tuple(TABS)
) -> list[str]:
    """Open the main screens, then ``tabs`` of each of ``models``; returns everything shown."""
    seen = []
    await wait_until(pilot, lambda: app.loads >= 1 or app.error)
    assert not app.error, app.error
    await pilot.pause()
    seen.append(assert_inert_screen(app, "overview"))
    for key, name in (("a", "audit"), ("o", "owners"), ("question_mark", "help")):
        await pilot.press(key)
        await pilot.pause()
        seen.append(assert_inert_screen(app, name))
    await pilot.press("escape")
    for model in models:
        app.post_message(OpenModel(model, tab=tabs[0]))
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        for tab in tabs:
            screen = app.screen
            assert isinstance(screen, ModelScreen)
            screen.action_tab(tab)
            await pilot.pause()
            seen.append(assert_inert_screen(app, f"{model} {tab}"))
    assert app.is_running
    return seen


async def test_console_tours_the_corpus(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    env = Env(outside=outside, marker=tmp_path / MARKER_NAME, big_file=None)
    cases = [c for c in all_cases() if c.name not in HEAVY]
    root = hostile_registry(tmp_path / "registry", env, cases)
    models = [m for m in CORPUS_MODELS if (root / "models" / m).exists()]

    app = RegistryApp(root, AUDIT_DAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        await tour(app, pilot, models, CORPUS_TABS)
    assert not env.marker.exists()


async def test_console_shows_the_poisoned_registry_as_text(tmp_path: Path) -> None:
    """Markup shows as typed, escapes as \\x1b, in a registry whose folder name is hostile too."""
    root = build_poisoned(tmp_path / f"reg-{NAME_PAYLOAD}")

    app = RegistryApp(root, AUDIT_DAY, watch=False)
    async with app.run_test(size=SIZE) as pilot:
        seen = "\n".join(await tour(app, pilot, ["poisoned", NAME_PAYLOAD], ("card", "runbook", "owners")))
        assert "\\x1b[2J" in seen and "\\u202e" in seen, "escapes are shown, not dropped"
        assert "[bold red]MARKUP" in seen, "markup is shown as typed"
        await pilot.press("ctrl+p")
        await pilot.press(*"pois")
        await pilot.pause(0.2)
        assert_inert_screen(app, "command palette")
        await pilot.press("escape")
        assert app.is_running
