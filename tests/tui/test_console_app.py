"""Pilot tests of the console: every view and key binding, on a registry built in tmp_path.

Expected values come from the core's own audit of the same files (``audit_of``), so
these tests check that the console shows what ``registry audit`` finds, not a copy
of today's numbers.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest
import yaml
from console_fixtures import TODAY, audit_of, console, days_ago, loaded, text_of, wait_until, write_registry
from rich.text import Text
from textual.command import CommandPalette
from textual.widgets import ListView, Markdown, Static, TabbedContent, TextArea, Tree

from registry import Finding, Severity, load_catalog
from registry.scaffold import init_registry
from tui import app as app_module
from tui.app import HELP_SCREENS, RegistryApp
from tui.data.views import OwnerEntry
from tui.messages import OpenModel
from tui.screens.audit import AuditScreen
from tui.screens.help import HelpScreen, declared_bindings
from tui.screens.model import ModelScreen
from tui.screens.overview import OverviewScreen
from tui.screens.owners import ModelNode, OwnersScreen
from tui.views import VIEWS
from tui.widgets.health import HealthBar
from tui.widgets.model.findings import FindingItem
from tui.widgets.model_table import COLUMNS, ModelTable, layout

SIZE = (120, 40)


def table(app: RegistryApp) -> ModelTable:
    return app.screen_stack[0].query_one(ModelTable)


def ids(app: RegistryApp) -> list[str]:
    return [row.id for row in table(app).rows]


async def open_model(pilot: Any, model: str) -> ModelScreen:
    app: RegistryApp = pilot.app
    app.post_message(OpenModel(model))
    await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
    await pilot.pause()
    screen = app.screen
    assert isinstance(screen, ModelScreen)
    return screen


# --------------------------------------------------------------------------- overview


async def test_overview_shows_every_model_and_the_audits_numbers(registry_root: Path) -> None:
    expected = audit_of(registry_root)
    errors = sum(1 for f in expected.findings if f.severity is Severity.ERROR)

    async with console(registry_root) as (app, _pilot):
        assert sorted(ids(app)) == sorted(expected.models)
        header = text_of(app.screen.query_one(HealthBar))
        assert "Console test registry" in header
        assert f"{errors} errors" in header
        # Worst first: every model with an error comes before every clean model.
        worst = [row.errors > 0 for row in table(app).rows]
        assert worst == sorted(worst, reverse=True)
        shown = "\n".join(text_of(table(app)).splitlines())
        assert "overdue 150d old" in shown  # the state, then the validation's age
        assert "ok 30d old" in shown
        # The header says what its counts are: overdue validations (VAL002 errors), bias tests (BIA002).
        assert "overdue: 1 validation, 0 bias tests" in " ".join(header.split())


async def test_an_empty_registry_is_not_called_100_percent_compliant(tmp_path: Path) -> None:
    init_registry(tmp_path / "new")
    async with console(tmp_path / "new") as (app, _pilot):
        header = " ".join(text_of(app.screen.query_one(HealthBar)).split())
        assert "0 models – compliant (0/0)" in header


async def test_filter_matches_text_and_facets_as_you_type(registry_root: Path) -> None:
    result = audit_of(registry_root)
    with_errors = {f.model for f in result.findings if f.severity is Severity.ERROR}

    async with console(registry_root) as (app, pilot):
        await pilot.press("slash")
        assert app.focused is not None and app.focused.id == "filter"
        await pilot.press(*"scor")  # updates on every keystroke
        assert ids(app) == ["credit-scorer", "old-scorecard"]
        overview = app.screen
        assert isinstance(overview, OverviewScreen)
        overview.set_filter("stage:production validation:overdue")
        assert ids(app) == ["credit-scorer"]
        overview.set_filter("has:error")
        assert set(ids(app)) == with_errors
        overview.set_filter("owner:payments -stage:retired")
        assert set(ids(app)) == {"fraud-detector", "credit-scorer", "chat-assistant"}
        overview.set_filter("rule:OWN")
        assert set(ids(app)) == {"churn-model", "doc-summary"}
        overview.set_filter("chat")
        assert ids(app) == ["chat-assistant"]
        overview.set_filter("nosuchthing")
        assert ids(app) == []
        assert "No model matches" in text_of(table(app))
        # Escape leaves the field and keeps the filter; a second escape clears it.
        await pilot.press("escape")
        assert app.focused is table(app)
        assert ids(app) == []
        await pilot.press("escape")
        assert len(ids(app)) == len(result.models)


async def test_sort_by_key_and_by_clicking_a_header(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("s")  # findings -> id
        assert ids(app) == sorted(ids(app))
        await pilot.press("S")
        assert ids(app) == sorted(ids(app), reverse=True)
        width = table(app).scrollable_content_region.width
        owner_x = next(x for col, x, _ in layout(COLUMNS, width) if col.key == "owner")
        await pilot.click(ModelTable, offset=(owner_x + 1, 0))
        owners = [row.owner for row in table(app).rows]
        assert owners[: owners.count("")] != [""] * len(owners)
        known = [o for o in owners if o]
        assert known == sorted(known) and owners[-1] == ""  # models without owner last
        await pilot.click(ModelTable, offset=(owner_x + 1, 0))
        assert [row.owner for row in table(app).rows] != owners  # a second click reverses


async def test_cursor_keys_and_enter_open_the_highlighted_model(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("end")
        last = ids(app)[-1]
        await pilot.press("home", "down", "up", "pagedown", "end")
        current = table(app).current
        assert current is not None and current.id == last
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen))
        assert isinstance(app.screen, ModelScreen) and app.screen.model == last
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


# --------------------------------------------------------------------------- model detail


async def test_model_screen_tabs_show_card_yaml_runbook_owners_and_findings(registry_root: Path) -> None:
    finding = next(f for f in audit_of(registry_root).findings if f.model == "credit-scorer")
    rule = load_catalog()[finding.rule]

    async with console(registry_root) as (app, pilot):
        screen = await open_model(pilot, "credit-scorer")
        tabs = screen.query_one(TabbedContent)
        header = text_of(screen.query_one("#model-header"))
        assert "Retail Credit Scorer" in header and "#payments-risk-oncall" in header

        assert tabs.active == "findings"  # a model with findings opens on them
        await pilot.press("1")
        assert tabs.active == "card"
        card = text_of(screen.query_one("#card-body"))
        assert "Validation" in card and "150 days ago" in card

        await pilot.press("2")
        assert tabs.active == "yaml"
        assert "id: credit-scorer" in screen.query_one("#raw", TextArea).text

        await pilot.press("3")
        assert tabs.active == "runbook"
        markdown = screen.query_one(Markdown)
        await wait_until(pilot, lambda: "Rollback" in text_of(markdown))

        await pilot.press("4")
        owners = text_of(screen.query_one("#owners-body"))
        assert "payments-risk" in owners and "#payments-risk-oncall" in owners
        assert "credit-risk" in owners and "payments-risk@example.com" in owners

        await pilot.press("5")
        assert tabs.active == "findings"
        items = list(screen.query(FindingItem))
        assert [i.finding for i in items] == [finding]
        shown = text_of(items[0])
        assert rule.title in shown and "Fix:" in shown and "Why:" in shown
        assert f"{finding.path}:{finding.line}:{finding.column}" in shown

        # Enter on a finding shows the line it points at in the raw YAML.
        await pilot.press("enter")
        assert tabs.active == "yaml"
        assert screen.query_one("#raw", TextArea).cursor_location[0] == finding.line - 1

        await pilot.press("6")
        assert tabs.active == "history"
        await wait_until(pilot, lambda: "No git history" in text_of(screen.query_one("#history-status")))

        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_owners_tab_flags_an_inactive_owner_and_a_missing_backup(registry_root: Path) -> None:
    async with console(registry_root) as (_app, pilot):
        screen = await open_model(pilot, "churn-model")
        await pilot.press("4")
        owners = text_of(screen.query_one("#owners-body"))
        assert "INACTIVE" in owners and "sam-okafor" in owners
        assert "none" in owners  # no backup owner
        assert "INACTIVE" in text_of(screen.query_one("#model-header"))


async def test_runbook_links_only_notify(registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []

    app = RegistryApp(registry_root, TODAY, watch=False)
    monkeypatch.setattr(app, "open_url", lambda url, **kw: opened.append(url))
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        screen = await open_model(pilot, "fraud-detector")
        await pilot.press("3")
        markdown = screen.query_one(Markdown)
        markdown.post_message(Markdown.LinkClicked(markdown, "https://example.com/queue"))
        await pilot.pause()
        notes = [str(n.message) for n in app._notifications]
        assert any("https://example.com/queue" in n for n in notes)
        assert opened == []
        assert app.is_running


async def test_history_tab_lists_commits_and_shows_a_diff(registry_root: Path) -> None:
    def git(*args: str) -> None:
        subprocess.run(
            ["git", "-c", "user.name=T", "-c", "user.email=t@example.com", *args],
            cwd=registry_root,
            check=True,
            capture_output=True,
        )

    git("init", "-q")
    git("add", ".")
    git("commit", "-q", "-m", "Add the registry")
    card = registry_root / "models/fraud-detector/model_card.yaml"
    card.write_text(card.read_text(encoding="utf-8").replace("2.0.0", "2.0.1"), encoding="utf-8")
    git("commit", "-q", "-am", "Bump fraud-detector to 2.0.1")

    async with console(registry_root) as (_app, pilot):
        screen = await open_model(pilot, "fraud-detector")
        await pilot.press("6")
        history = screen.query_one("#history-table")
        await wait_until(pilot, lambda: "Bump fraud-detector to 2.0.1" in text_of(history))
        assert "Add the registry" in text_of(history)
        await pilot.press("enter")
        diff = screen.query_one("#diff")
        await wait_until(pilot, lambda: "+version: 2.0.1" in text_of(diff))


# --------------------------------------------------------------------------- audit and owners views


async def test_audit_view_groups_findings_and_enter_opens_the_finding(registry_root: Path) -> None:
    result = audit_of(registry_root)

    async with console(registry_root) as (app, pilot):
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        tree = screen.query_one(Tree)
        groups = tree.root.children
        assert sorted(str(g.label).split()[1] for g in groups) == sorted({f.rule for f in result.findings})
        leaves = [leaf.data for g in groups for leaf in g.children]
        assert sorted(map(str, leaves)) == sorted(map(str, result.findings))

        await pilot.press("g")
        assert screen.by == "severity"
        labels = [str(g.label) for g in tree.root.children]
        assert "error" in labels[0] and "warning" in labels[1]
        await pilot.press("g")
        assert screen.by == "owner"
        assert any("(no owner)" in str(g.label) for g in tree.root.children)
        await pilot.press("g")
        assert screen.by == "rule"

        # Enter on a finding opens its model on the Findings tab with that finding selected.
        group = tree.root.children[0]
        target = group.children[0]
        tree.move_cursor(target)
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)
        await pilot.pause()
        model_screen = app.screen
        assert isinstance(model_screen, ModelScreen)
        assert isinstance(target.data, Finding) and model_screen.model == target.data.model
        assert model_screen.query_one(TabbedContent).active == "findings"
        listing = model_screen.query_one(ListView)
        await wait_until(pilot, lambda: listing.index is not None)
        selected = listing.children[listing.index or 0]
        assert isinstance(selected, FindingItem) and selected.finding == target.data

        await pilot.press("escape")
        assert isinstance(app.screen, AuditScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_owners_view_puts_ownership_problems_first(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("o")
        screen = app.screen
        assert isinstance(screen, OwnersScreen)
        tree: Tree[Any] = screen.query_one(Tree)
        first = tree.root.children[0]
        assert "Needs attention" in str(first.label)
        problems = {
            leaf.data.model: str(leaf.label) for leaf in first.children if isinstance(leaf.data, ModelNode)
        }
        assert set(problems) == {"churn-model", "doc-summary"}
        assert "inactive" in problems["churn-model"] and "no owner" in problems["doc-summary"]
        payments = next(
            n for n in tree.root.children if isinstance(n.data, OwnerEntry) and n.data.id == "payments-risk"
        )
        assert {leaf.data.model for leaf in payments.children if isinstance(leaf.data, ModelNode)} == {
            "fraud-detector",
            "credit-scorer",
            "chat-assistant",
            "old-scorecard",
        }
        tree.move_cursor(first.children[0])
        await pilot.pause()
        await pilot.press("enter")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen))
        assert app.screen.query_one(TabbedContent).active == "owners"
        await pilot.press("escape")
        assert isinstance(app.screen, OwnersScreen)
        await pilot.press("a")  # another view from here replaces this one
        assert isinstance(app.screen, AuditScreen) and len(app.screen_stack) == 2
        await pilot.press("m")
        assert isinstance(app.screen, OverviewScreen)


# --------------------------------------------------------------------------- everywhere


async def test_help_opens_with_question_mark_and_escape_closes_it(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "stage:production" in text_of(app.screen.query_one("#help"))
        await pilot.press("escape")
        assert isinstance(app.screen, OverviewScreen)


async def test_help_lists_every_binding_of_every_screen(registry_root: Path) -> None:
    async with console(registry_root, (120, 200)) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        lines = [" ".join(line.split()) for line in text_of(app.screen.query_one("#help")).splitlines()]
        keys = {word for line in lines for word in line.split()[:3]}
        # The keys the issue found missing, and the rest of each screen's own.
        for key in ("e", "j", "k", "g", "G", "s", "S", "/", "1", "6", "a", "o", "m", "r", "q", "?", "esc"):
            assert key in keys, f"{key!r} is not in ? help"
        screens = [*HELP_SCREENS, *(view.screen for view in VIEWS)]
        widgets = [widget for screen in screens for widget in screen.HELP_WIDGETS]
        for holder in [type(app), *screens, *widgets]:
            for binding in declared_bindings(holder):
                shown = app.get_key_display(binding)
                assert binding.system or shown in keys, f"{binding.key} ({binding.action}) is not in ? help"
        titles = {line for line in lines if line in ("Everywhere", "Models", "Model", "Audit", "Owners")}
        assert titles == {"Everywhere", "Models", "Model", "Audit", "Owners"}
        assert any(line.startswith("e open every group") for line in lines)


async def test_footer_shows_the_main_bindings_even_at_80_columns(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.resize_terminal(80, 24)
        footer = text_of(app.screen.query_one("Footer"))
        for words in ("Open", "Filter", "Quit", "Help", "Reload", "Audit", "Owners"):
            assert words in footer


async def test_r_reloads_after_a_file_changed(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        assert "VAL002" in app.snapshot.row_index["credit-scorer"].rules  # type: ignore[union-attr]
        card_path = registry_root / "models/credit-scorer/model_card.yaml"
        card = yaml.safe_load(card_path.read_text(encoding="utf-8"))
        card["validation"]["date"] = days_ago(3)
        card_path.write_text(yaml.safe_dump(card, sort_keys=False), encoding="utf-8")
        await pilot.press("r")
        await loaded(pilot, 2)
        row = app.snapshot.row_index["credit-scorer"]  # type: ignore[union-attr]
        assert "VAL002" not in row.rules and row.status.validation_state == "ok"


async def test_files_are_watched_and_reloaded(registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(app_module, "POLL_SECONDS", 0.05)

    app = RegistryApp(registry_root, TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await loaded(pilot)
        (registry_root / "owners/sam-okafor.yaml").write_text(
            yaml.safe_dump({**yaml.safe_load((registry_root / "owners/sam-okafor.yaml").read_text()),
                            "active": True}),
            encoding="utf-8",
        )  # fmt: skip
        await loaded(pilot, 2)
        assert "OWN003" not in app.snapshot.row_index["churn-model"].rules  # type: ignore[union-attr]


async def palette(pilot: Any, typed: str, expect: str) -> None:
    """Open the command palette, type, wait for ``expect`` among the hits and choose the first."""
    app = pilot.app
    await pilot.press("ctrl+p")
    await wait_until(pilot, lambda: isinstance(app.screen, CommandPalette))
    await pilot.press(*typed)
    await wait_until(pilot, lambda: expect in text_of(app.screen))
    await pilot.press("enter")


async def test_command_palette_opens_models_and_views(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await palette(pilot, "scorer", "Model: credit-scorer")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen))
        assert isinstance(app.screen, ModelScreen) and app.screen.model == "credit-scorer"

        await palette(pilot, "stale", "Production models with stale")
        await wait_until(pilot, lambda: isinstance(app.screen, OverviewScreen))
        await pilot.pause()
        assert ids(app) == ["credit-scorer"]


async def test_q_quits_with_exit_code_zero(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("a", "q")
    assert app.return_code == 0
    assert not app.is_running


async def test_a_broken_registry_yaml_is_reported_not_raised(tmp_path: Path) -> None:
    root = write_registry(tmp_path / "registry")
    (root / "registry.yaml").write_text("registry: 1\nname: [unclosed\n", encoding="utf-8")

    async with console(root) as (app, pilot):
        assert app.error and "registry.yaml" in app.error
        assert "Cannot load the registry" in text_of(app.screen.query_one("#problem"))
        (root / "registry.yaml").write_text("registry: 1\nname: Fixed\n", encoding="utf-8")
        await pilot.press("r")
        await loaded(pilot)
        assert not app.error and len(ids(app)) == 6


async def test_no_color_is_respected(registry_root: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("NO_COLOR", "1")

    async with console(registry_root, (80, 24)) as (app, _pilot):
        assert app.no_color
        # Without colour, severity still shows: a glyph and counts on every row.
        rows = text_of(table(app)).splitlines()[1:]
        assert any(line.startswith("✖") for line in rows)
        assert any(line.startswith("✔") for line in rows)


async def test_at_80_columns_the_table_keeps_the_columns_that_matter(registry_root: Path) -> None:
    async with console(registry_root, (80, 24)) as (app, _pilot):
        header = text_of(table(app)).splitlines()[0]
        for title in ("Model", "Stage", "Risk", "Validation", "Bias test", "Findings"):
            assert title in header
        assert all(len(line) <= 80 for line in text_of(app.screen).splitlines())


# --------------------------------------------------------------------------- card text is data

HOSTILE = "[bold]Bold[/bold]\x1b]0;pwned\x07\x1b[2J [@click=app.quit]quit[/] [link=https://x.example]l[/link]"


async def test_markup_and_escape_sequences_in_a_card_render_inertly(
    tmp_path: Path, cards: dict[str, Any]
) -> None:
    evil = cards["fraud-detector"]
    evil.update(
        name=HOSTILE,
        purpose=HOSTILE,
        sponsor="[@click=app.quit]sponsor[/]",
        limitations=[HOSTILE],
        tags=["[red]tag[/red]"],
    )
    root = write_registry(tmp_path / "registry", cards={"fraud-detector": evil})
    runbook = root / "models/fraud-detector/runbook.md"
    runbook.write_text(runbook.read_text() + f"\n{HOSTILE}\n\n[go](app.quit)\n", encoding="utf-8")

    async with console(root, (160, 40)) as (app, pilot):
        row_text = text_of(table(app))
        assert "[bold]Bold[/bold]\\x1b]0;pwned" in row_text
        name_x = next(x for col, x, _ in layout(COLUMNS, 160) if col.key == "name")
        for x in range(name_x, name_x + 32, 8):  # click along the name: nothing in it is an action
            await pilot.click(ModelTable, offset=(x, 1))
        assert app.is_running
        screen = await open_model(pilot, "fraud-detector")
        body = text_of(screen.query_one("#card-body"))
        assert "[@click=app.quit]quit[/]" in body and "\\x1b[2J" in body
        assert "[@click=app.quit]sponsor[/]" in body
        header_line = text_of(screen.query_one("#model-header")).splitlines()[0]
        start = header_line.index("[@click")
        for x in range(start, start + 20, 5):
            await pilot.click("#model-header", offset=(x + 1, 0))
        await pilot.press("3")
        markdown = screen.query_one(Markdown)
        await wait_until(pilot, lambda: "pwned" in text_of(markdown))
        assert "\\x1b]0;pwned" in text_of(markdown)
        for block in markdown.query("MarkdownParagraph"):
            if "pwned" in text_of(block) or text_of(block).strip() == "go":
                for x in range(0, 40, 10):
                    await pilot.click(block, offset=(x, 0))
        assert app.is_running
        assert isinstance(app.screen, ModelScreen)


async def test_a_card_that_cannot_be_parsed_is_listed_and_explained(registry_root: Path) -> None:
    (registry_root / "models/fraud-detector/model_card.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    finding = next(f for f in audit_of(registry_root).findings if f.model == "fraud-detector")
    assert finding.rule == "SCH002"

    async with console(registry_root) as (app, pilot):
        row = app.snapshot.row_index["fraud-detector"]  # type: ignore[union-attr]
        assert row.stage == "broken" and row.rules == {"SCH002"}
        screen = await open_model(pilot, "fraud-detector")
        assert screen.query_one(TabbedContent).active == "findings"
        await pilot.press("1")
        assert "cannot be read" in text_of(screen.query_one("#card-body"))
        await pilot.press("2")
        assert "id: [unclosed" in screen.query_one("#raw", TextArea).text


async def test_severity_colours_come_from_the_theme_and_follow_it(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("a")
        screen = app.screen
        assert isinstance(screen, AuditScreen)
        tree = screen.query_one(Tree)

        def glyph_colour() -> str:
            label = tree.root.children[0].label
            assert isinstance(label, Text)
            style = label.get_style_at_offset(app.console, 0)
            return str(style.color.triplet.hex) if style.color and style.color.triplet else ""

        dark = glyph_colour()
        assert dark == app.theme_variables["error"].lower()
        app.theme = "dracula"
        await wait_until(pilot, lambda: glyph_colour() != dark)
        assert glyph_colour() == app.theme_variables["error"].lower()


async def test_jumping_to_a_finding_on_a_long_line_keeps_the_key_in_view(
    tmp_path: Path, cards: dict[str, Any]
) -> None:
    """The finding's line is selected and centred; the view does not scroll sideways."""
    card = cards["credit-scorer"]
    validation = card.pop("validation")
    evidence = "https://example.com/validations/" + "very-long-report-name-" * 12
    text = yaml.safe_dump(card, sort_keys=False) + (
        f"validation: {{date: {days_ago(150)}, validator: {validation['validator']}, model_version: "
        f"{validation['model_version']}, result: pass, evidence: {evidence}}}\n"
    )
    root = write_registry(tmp_path / "registry", cards={"credit-scorer": card})
    (root / "models/credit-scorer/model_card.yaml").write_text(text, encoding="utf-8")
    (finding,) = audit_of(root).findings
    line = text.splitlines()[finding.line - 1]
    assert line.startswith("validation:") and len(line) > 200

    async with console(root) as (_app, pilot):
        screen = await open_model(pilot, "credit-scorer")
        await pilot.press("enter")
        await pilot.pause()
        area = screen.query_one("#raw", TextArea)
        assert screen.query_one(TabbedContent).active == "yaml"
        assert area.selected_text == line
        assert area.cursor_location == (finding.line - 1, 0)
        assert area.scroll_offset.x == 0


async def test_a_screenshot_shows_what_a_user_sees(registry_root: Path, tmp_path: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(pilot, "credit-scorer")
        path = Path(app.save_screenshot("model.svg", str(tmp_path)))
        svg = path.read_text(encoding="utf-8")
        assert svg.startswith("<svg") and "Retail&#160;Credit&#160;Scorer" in svg
        assert "Validation&#160;is&#160;stale" in svg


async def test_a_waived_finding_is_listed_as_waived_not_counted(
    tmp_path: Path, cards: dict[str, Any]
) -> None:
    card = cards["fraud-detector"]
    card["bias_tests"][0]["date"] = days_ago(200)
    card["waivers"] = [
        {"rule": "BIA002", "reason": "re-test", "approved_by": "cro", "expires": days_ago(-90)}
    ]
    root = write_registry(tmp_path / "registry", cards={"fraud-detector": card})
    async with console(root) as (app, pilot):
        assert "waived 200d old" in text_of(table(app))
        screen = await open_model(pilot, "fraud-detector")
        await pilot.press("5")
        await pilot.pause()
        assert "compliant" in text_of(screen.query_one("#model-header"))
        empty = str(screen.query_one("#findings-empty", Static).render())
        assert "No findings: this model meets every rule (1 waived, below)" in empty
        (item,) = screen.query(FindingItem)
        assert item.finding.rule == "BIA002" and "BIA002 waived" in text_of(item)
