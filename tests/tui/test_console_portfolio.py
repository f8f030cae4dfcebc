"""The Portfolio screen and the compliance sparkline, under Pilot.

The expected ranking is worked out by hand from the scores and the policy's weights
(FORMAT.md: weighted mean rounded to two decimals; ties by impact, then id).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml
from console_fixtures import (
    TODAY,
    compliant_card,
    console,
    days_ago,
    loaded,
    text_of,
    wait_until,
    write_registry,
)
from git_support import Repo, isolate_git
from textual.command import CommandPalette
from textual.widgets import DataTable

from tui.app import RegistryApp
from tui.screens.model import ModelScreen
from tui.screens.portfolio import PortfolioScreen
from tui.widgets.trend import ComplianceTrend

HOSTILE = "[bold red]Markup[/] \x1b[2J<b>x</b>"


def proposal(model: str, name: str, **scores: int) -> dict[str, Any]:
    return compliant_card(model, name, stage="proposed", sponsor="COO", priority=dict(scores))


def portfolio_cards() -> dict[str, dict[str, Any]]:
    pilot = {"exit_criteria": ["precision >= 0.9"]}
    return {
        # weights impact 2: (2i + f + r) / 4
        "alpha": proposal("alpha", "Alpha", impact=3, feasibility=5, readiness=5),  # 4.00
        "bravo": proposal("bravo", HOSTILE, impact=5, feasibility=3, readiness=3),  # 4.00, more impact
        "charlie": proposal("charlie", "Charlie", impact=5, feasibility=5),  # no readiness: unranked
        "delta": proposal("delta", "Delta", impact=1, feasibility=2, readiness=2),  # 1.50
        "echo": proposal("echo", "Echo", impact=4, feasibility=4, readiness=5),  # 4.25
        "late": compliant_card(
            "late", "Late pilot", stage="pilot", pilot={**pilot, "start": days_ago(120), "end": days_ago(20)}
        ),
        "fresh": compliant_card(
            "fresh",
            "Fresh pilot",
            stage="pilot",
            pilot={**pilot, "start": days_ago(14), "end": days_ago(-60)},
        ),
        "live": compliant_card("live", "Live model"),
    }


@pytest.fixture
def portfolio_root(tmp_path: Path) -> Path:
    root = write_registry(tmp_path / "registry", portfolio_cards())
    settings = {"registry": 1, "name": "Portfolio test", "policy": {"priority_weights": {"impact": 2}}}
    (root / "registry.yaml").write_text(yaml.safe_dump(settings), encoding="utf-8")
    return root


def rows(table: DataTable[Any]) -> list[list[str]]:
    return [[str(cell) for cell in table.get_row_at(i)] for i in range(table.row_count)]


async def open_portfolio(pilot: Any) -> PortfolioScreen:
    app: RegistryApp = pilot.app
    await pilot.press("p")
    await wait_until(pilot, lambda: isinstance(app.screen, PortfolioScreen) and app.screen.pilots is not None)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, PortfolioScreen)
    return screen


async def test_use_cases_are_ranked_by_combined_score(portfolio_root: Path) -> None:
    async with console(portfolio_root) as (_, pilot):
        screen = await open_portfolio(pilot)
        table = screen.query_one("#use-cases", DataTable)
        assert [r[:3] + r[3:6] for r in rows(table)] == [
            ["1", "4.25", "Echo", "4", "4", "5"],
            ["2", "4.00", HOSTILE.replace("\x1b", "\\x1b"), "5", "3", "3"],  # card text shown as text
            ["3", "4.00", "Alpha", "3", "5", "5"],
            ["4", "1.50", "Delta", "1", "2", "2"],
            ["–", "–", "Charlie", "5", "5", "–"],
        ]
        assert "weights: impact 2, feasibility 1, readiness 1" in text_of(
            screen.query_one("#use-cases-title")
        )


async def test_pilots_show_weeks_planned_end_and_decision(portfolio_root: Path) -> None:
    async with console(portfolio_root) as (_, pilot):
        screen = await open_portfolio(pilot)
        assert rows(screen.query_one("#pilots", DataTable)) == [
            [
                "past planned end",
                "Late pilot",
                "payments-risk",
                days_ago(120),
                "17.1/12",
                days_ago(20),
                "none",
            ],
            ["running", "Fresh pilot", "payments-risk", days_ago(14), "2/12", days_ago(-60), "none"],
        ]
        assert "1 owe a decision" in text_of(screen.query_one("#portfolio-title"))


async def test_tables_sort_by_key_and_by_header(portfolio_root: Path) -> None:
    async with console(portfolio_root) as (_, pilot):
        screen = await open_portfolio(pilot)
        table = screen.query_one("#use-cases", DataTable)

        def names() -> list[str]:
            return [r[2] for r in rows(table)]

        await pilot.press("s")  # rank -> score: the same order, highest first
        assert names()[:2] == ["Echo", HOSTILE.replace("\x1b", "\\x1b")]
        await pilot.press("s")  # -> name
        assert names() == sorted(names(), key=str.lower)
        await pilot.press("S")  # reversed
        assert names() == sorted(names(), key=str.lower, reverse=True)
        screen.sort_by("use-cases", "feasibility")
        await pilot.pause()
        assert [r[4] for r in rows(table)] == ["5", "5", "4", "3", "2"]
        await pilot.click("#use-cases", offset=(2, 0))  # the Rank header: back to the ranking
        await pilot.pause()
        assert [r[0] for r in rows(table)] == ["1", "2", "3", "4", "–"]
        await pilot.press("tab")
        assert screen.focused is screen.query_one("#pilots", DataTable)
        await pilot.press("s")  # pilots: status -> name
        assert [r[1] for r in rows(screen.query_one("#pilots", DataTable))] == ["Fresh pilot", "Late pilot"]


async def test_enter_opens_the_model(portfolio_root: Path) -> None:
    async with console(portfolio_root) as (app, pilot):
        await open_portfolio(pilot)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen))
        assert isinstance(app.screen, ModelScreen) and app.screen.model == "echo"
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, PortfolioScreen))


async def test_the_palette_opens_the_portfolio(portfolio_root: Path) -> None:
    async with console(portfolio_root) as (app, pilot):
        await pilot.press("ctrl+p")
        await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
        await pilot.press(*"portfolio")
        await wait_until(pilot, lambda: "View: portfolio" in text_of(app.screen))
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, PortfolioScreen))


async def test_the_sparkline_follows_git_history(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """In git: the share at the end of each week since the first commit; outside git: hidden."""
    isolate_git(monkeypatch)
    cards = {"good": compliant_card("good", "Good"), "bad": compliant_card("bad", "Bad", purpose=None)}
    root = write_registry(tmp_path / "registry", cards)
    async with console(root) as (app, pilot):
        widget = app.screen.query_one(ComplianceTrend)
        await wait_until(
            pilot, lambda: not any(w.group == "trend" and not w.is_finished for w in app.workers)
        )
        assert not widget.display  # not in git yet
    repo = Repo(root)
    repo.commit("Import", f"{days_ago(15)}T12:00:00+00:00")
    (root / "models/bad/model_card.yaml").write_text(
        yaml.safe_dump(compliant_card("bad", "Bad"), sort_keys=False), encoding="utf-8"
    )
    repo.commit("Fix the purpose", f"{days_ago(1)}T12:00:00+00:00")
    async with console(root) as (app, pilot):
        widget = app.screen.query_one(ComplianceTrend)
        await wait_until(pilot, lambda: widget.curve is not None, timeout=60)
        await pilot.pause()
        assert widget.display and widget.curve is not None
        assert widget.curve.known[0] == 0.5 and widget.curve.known[-1] == 1.0
        assert "50% → 100% (+50 points)" in text_of(widget)


@pytest.mark.parametrize("size", [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")])
def test_portfolio_snapshot(snap_compare: Any, portfolio_root: Path, size: tuple[int, int]) -> None:
    async def before(pilot: Any) -> None:
        await loaded(pilot)
        await open_portfolio(pilot)

    assert snap_compare(
        RegistryApp(portfolio_root, TODAY, watch=False), terminal_size=size, run_before=before
    )
