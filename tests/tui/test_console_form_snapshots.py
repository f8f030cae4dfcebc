"""Snapshots of the edit form at 80x24 and 120x40 (pytest-textual-snapshot).

The form is opened on the ownerless model of console_fixtures.py with an owner picked,
so the picture shows the fields, the schema's verdict and the findings preview.
Update with ``pytest tests/tui --snapshot-update`` and look at the SVGs first.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_fixtures import TODAY, loaded, wait_until
from textual.pilot import Pilot
from textual.widgets import Select

from tui.app import RegistryApp
from tui.forms.card import CardForm
from tui.messages import OpenModel
from tui.screens.model import ModelScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


async def edit_form_with_an_owner(pilot: Pilot[Any]) -> None:
    await loaded(pilot)
    app: Any = pilot.app
    app.post_message(OpenModel("doc-summary"))
    await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
    await pilot.press("e")
    await wait_until(pilot, lambda: isinstance(app.screen, CardForm) and app.screen.checks >= 1)
    form = app.screen
    form.query_one("#owner", Select).value = "payments-risk"
    await wait_until(pilot, lambda: form.settled and form.change is not None and form.change.changed)
    await pilot.pause()


@pytest.mark.parametrize("size", SIZES)
def test_edit_form(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    app = RegistryApp(registry_root, TODAY, watch=False)
    assert snap_compare(app, terminal_size=size, run_before=edit_form_with_an_owner)
