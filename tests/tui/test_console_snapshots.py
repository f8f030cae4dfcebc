"""Snapshots of the main screens at 80x24 and 120x40 (pytest-textual-snapshot).

The registry is written from console_fixtures.py and audited on a fixed day, so the
pictures change only when the console does. Update them with
``pytest tests/tui --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest
from console_fixtures import TODAY, loaded, wait_until
from textual.pilot import Pilot

from tui.app import RegistryApp
from tui.messages import OpenModel
from tui.screens.model import ModelScreen

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]


def then(*keys: str, model: str | None = None) -> Callable[[Pilot[Any]], Awaitable[None]]:
    """A ``run_before`` that waits for the audit, opens ``model`` and presses ``keys``."""

    async def before(pilot: Pilot[Any]) -> None:
        await loaded(pilot)
        app: Any = pilot.app
        if model is not None:
            app.post_message(OpenModel(model))
            await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        await pilot.press(*keys)
        await pilot.pause()

    return before


def console(root: Path) -> RegistryApp:
    return RegistryApp(root, TODAY, watch=False)


@pytest.mark.parametrize("size", SIZES)
def test_overview(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then())


@pytest.mark.parametrize("size", SIZES)
def test_overview_filtered(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    keys = ["slash", *"has:error", "enter"]
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then(*keys))


@pytest.mark.parametrize("size", SIZES)
def test_model_findings(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then(model="credit-scorer"))


@pytest.mark.parametrize("size", SIZES)
def test_model_card(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then("1", model="churn-model"))


@pytest.mark.parametrize("size", SIZES)
def test_audit_view(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then("a"))


@pytest.mark.parametrize("size", SIZES)
def test_owners_view(snap_compare: Any, registry_root: Path, size: tuple[int, int]) -> None:
    assert snap_compare(console(registry_root), terminal_size=size, run_before=then("o"))


def test_help(snap_compare: Any, registry_root: Path) -> None:
    assert snap_compare(console(registry_root), terminal_size=(80, 24), run_before=then("question_mark"))
