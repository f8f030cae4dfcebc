"""The console over the index: every registry read-only, a registry column and facet, sparklines."""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from pathlib import Path
from typing import Any

from index_support import Backend, git, registry_cmd
from registry_support import TODAY
from textual.widgets import Input

from registry.index.db import open_index
from registry.index.read import contents
from tui.app import RegistryApp
from tui.data.indexed import index_snapshot, sparkline
from tui.data.query import filter_rows
from tui.screens.model import ModelScreen
from tui.widgets.health import HealthBar
from tui.widgets.model_table import ModelTable


async def wait_until(pilot: Any, condition: Callable[[], object], timeout: float = 30.0) -> None:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + timeout
    while not condition():
        assert loop.time() < deadline, "timed out waiting for the console"
        await pilot.pause(0.02)


def three_registries(backend: Backend, make_repo: Any) -> list[Path]:
    roots = [make_repo(name, models=3) for name in ("alpha", "beta", "gamma")]
    for root in roots:
        assert registry_cmd("index", "sync", str(root), "--db", backend.url).returncode == 0
    # A second sync of alpha at a new commit: its sparkline has two points.
    card = roots[0] / "models" / "alpha-m0" / "model_card.yaml"
    card.write_text(card.read_text().replace("name: Card Fraud Detector", "name: Renamed Detector"))
    git(roots[0], "commit", "-qam", "rename")
    assert registry_cmd("index", "sync", str(roots[0]), "--db", backend.url).returncode == 0
    return roots


def test_snapshot_over_the_index(backend: Backend, make_repo: Any) -> None:
    three_registries(backend, make_repo)
    index = open_index(backend.url)
    found = contents(index)
    label = index.url.shown
    index.close()
    snap = index_snapshot(found, TODAY, label)
    assert len(snap.rows) == 9 and {r.registry for r in snap.rows} == {
        "Registry alpha",
        "Registry beta",
        "Registry gamma",
    }
    assert snap.health.models == 9 and snap.health.errors == 3
    assert [r.id for r in filter_rows(snap.rows, "registry:beta")] == ["beta-m0", "beta-m1", "beta-m2"]
    assert [r.id for r in filter_rows(snap.rows, "reg:gam has:error")] == ["gamma-m0"]
    assert len(filter_rows(snap.rows, "-registry:alpha")) == 6
    assert [line.name for line in snap.registries] == ["Registry alpha", "Registry beta", "Registry gamma"]
    assert len(snap.registries[0].sparkline) == 2 and len(snap.registries[1].sparkline) == 1
    assert snap.card_location("beta-m1") is not None  # the registries are on this machine
    assert snap.source.startswith(backend.kind) and (
        backend.server is None or backend.server.password not in snap.source
    )


def test_sparkline_draws_shares() -> None:
    assert sparkline([0.0, 0.5, 1.0]) == "▁▅█"
    assert sparkline([1.0] * 40, width=5) == "█████"


def test_same_model_id_in_two_registries_gets_its_own_row(tmp_path: Path, h: Any) -> None:
    url = f"sqlite:///{tmp_path}/index.db"
    for folder in ("one", "two"):
        settings = {"registry": 1, "name": f"Team {folder}"}
        root = h.make_registry(tmp_path, folder=folder, settings=settings)
        assert registry_cmd("index", "sync", str(root), "--db", url).returncode == 0
    index = open_index(url)
    snap = index_snapshot(contents(index), TODAY, index.url.shown)
    index.close()
    assert sorted(r.id for r in snap.rows) == ["fraud-detector@Team one", "fraud-detector@Team two"]
    assert snap.card_location("fraud-detector@Team two") == (tmp_path / "two", "fraud-detector")


async def test_console_browses_three_registries_read_only(backend: Backend, make_repo: Any) -> None:
    roots = three_registries(backend, make_repo)
    before = registry_cmd("index", "status", "--db", backend.url, "--format", "json").stdout
    app = RegistryApp(Path.cwd(), TODAY, watch=False, index_url=backend.url)
    async with app.run_test(size=(140, 40)) as pilot:
        table = app.screen.query_one(ModelTable)
        await wait_until(pilot, lambda: len(table.rows) == 9 or app.error)
        assert not app.error
        header = app.screen.query_one(HealthBar).render()
        text = str(header)
        assert "3 registries in the index" in text and "Registry beta" in text
        assert any(bar in text for bar in "▁▂▃▄▅▆▇█")
        assert [c.key for c in table.columns][:3] == ["findings", "id", "registry"]
        await pilot.press("slash")
        for char in "registry:beta":
            await pilot.press(char)
        await wait_until(pilot, lambda: len(table.rows) == 3)
        assert {r.registry for r in table.rows} == {"Registry beta"}
        assert app.screen.query_one("#filter", Input).value == "registry:beta"
        await pilot.press("enter", "home", "enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        assert app.screen.model == "beta-m0"
        assert app.screen.card is not None and app.screen.card.folder == "beta-m0"  # read from its folder
    after = registry_cmd("index", "status", "--db", backend.url, "--format", "json").stdout
    assert before == after
    assert roots


async def test_console_over_a_registry_that_is_not_here(tmp_path: Path, h: Any) -> None:
    import shutil

    url = f"sqlite:///{tmp_path}/index.db"
    root = h.make_registry(tmp_path, cards={"m1": h.baseline_card("m1", bias_tests=[])})
    assert registry_cmd("index", "sync", str(root), "--db", url).returncode == 0
    shutil.rmtree(root)
    app = RegistryApp(Path.cwd(), TODAY, watch=False, index_url=url)
    async with app.run_test(size=(120, 30)) as pilot:
        table = app.screen.query_one(ModelTable)
        await wait_until(pilot, lambda: len(table.rows) == 1)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        assert app.screen.card is None
        assert "not on this machine" in str(app.screen.query_one("#model-header").render())


def test_tui_db_errors_before_the_screen(tmp_path: Path) -> None:
    ran = registry_cmd("tui", "--db", f"sqlite:///{tmp_path}/none.db")
    assert ran.returncode == 2 and "no index there yet" in ran.stderr and ran.stderr.count("\n") == 1
    ran = registry_cmd("tui", "--db", "oracle://x@y/z")
    assert ran.returncode == 2 and "unknown database scheme 'oracle'" in ran.stderr
