"""An imported Hugging Face card in the console: its text shows as written, never as markup."""

from __future__ import annotations

import re
from pathlib import Path

from console_fixtures import TODAY, text_of, wait_until
from interop_support import HOSTILE, empty_registry, import_paths

from tui.app import RegistryApp
from tui.messages import OpenModel
from tui.screens.model import ModelScreen

UNSAFE = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u200b-\u200f\u202a-\u202e\u2066-\u2069]")


async def test_imported_card_text_is_shown_literally(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    report = import_paths(root, [HOSTILE / "hostile-markup.md"], model_id="markup")
    assert [i.model_id for i in report.imported] == ["markup"]
    app = RegistryApp(root, TODAY, watch=False)
    async with app.run_test(size=(160, 60)) as pilot:
        await wait_until(pilot, lambda: app.loads >= 1 or app.error)
        app.post_message(OpenModel("markup", tab="card"))
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        await pilot.pause()
        shown = text_of(app.screen)
        assert "[bold magenta]Rich markup[/] must show literally" in shown
        assert "<script>alert('html')</script>" in shown
        assert "[bold red]Alert[/]" in shown and "\\x1b]0;pwned\\x07" in shown  # the name, from the metadata
        assert "\\x1b[2J" in shown and "\\u202e" in shown  # escapes shown, not acted on
        assert not UNSAFE.search(shown)
        assert app.is_running
