"""Editing from the console (tui/forms/): live checks, the findings preview, the diff, saving.

Each test drives the real app with Pilot on the registry of console_fixtures.py,
presses the keys a person would, and checks the file on disk with the core's loader.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from console_fixtures import TODAY, console, text_of, wait_until
from git_support import Repo, init_repo, isolate_identity
from textual.pilot import Pilot
from textual.widgets import Checkbox, Input, Select

from registry.store import load_registry
from tui.app import RegistryApp
from tui.forms.base import EditForm
from tui.forms.card import CardForm
from tui.forms.events import BiasTestForm, ValidationForm, WaiverForm
from tui.forms.handover import HandoverForm
from tui.forms.review import CommitScreen, DiffScreen
from tui.messages import OpenModel
from tui.screens.model import ModelScreen
from tui.screens.owners import OwnersScreen


def card(root: Path, model: str) -> dict[str, Any]:
    """The card as the audit reads it."""
    data: dict[str, Any] = load_registry(root, [model]).models[model].data
    return data


async def open_model(app: RegistryApp, pilot: Pilot[Any], model: str) -> None:
    app.post_message(OpenModel(model))
    await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen) and app.screen.loaded)


async def open_form(app: RegistryApp, pilot: Pilot[Any], key: str, kind: type[EditForm]) -> Any:
    await pilot.press(key)
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and app.screen.checks >= 1)
    return app.screen


async def verdict(pilot: Pilot[Any], form: EditForm, *expected: str) -> str:
    """Wait until the form's check and preview say all of ``expected``; return them."""

    def shown() -> str:
        return text_of(form.query_one("#form-check")) + "\n" + text_of(form.query_one("#form-preview"))

    await wait_until(pilot, lambda: form.settled and all(e in shown() for e in expected))
    return shown()


async def type_into(pilot: Pilot[Any], form: EditForm, field: str, text: str) -> None:
    """Focus a field, clear it and type ``text`` key by key, as a person does."""
    widget = form.query_one(f"#{field}", Input)
    widget.focus()
    widget.value = ""
    await pilot.press(*(text or []))


async def save(app: RegistryApp, pilot: Pilot[Any], choice: str = "s") -> str:
    """Review (ctrl+s), read the diff shown, then save (``s``) or save and commit (``c``)."""
    await pilot.press("ctrl+s")
    await wait_until(pilot, lambda: isinstance(app.screen, DiffScreen))
    await pilot.pause()
    shown = text_of(app.screen.query_one("#diff-text"))
    await pilot.press(choice)
    await wait_until(pilot, lambda: not isinstance(app.screen, DiffScreen | EditForm))
    await wait_until(pilot, lambda: not _busy(app) and not app.loading_now)
    return shown


def _busy(app: RegistryApp) -> bool:
    return any(w.group == "edit" and not w.is_finished for w in app.workers)


async def test_edit_form_gives_an_ownerless_model_an_owner(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "doc-summary")
        form = await open_form(app, pilot, "e", CardForm)
        assert "No change yet." in await verdict(pilot, form, "No change yet.")
        assert form.query_one("#form-review").disabled
        form.query_one("#owner", Select).value = "payments-risk"
        shown = await verdict(pilot, form, "fixes OWN001")
        assert "✔ valid" in shown and "adds" not in shown
        assert "+owner: payments-risk" in await save(app, pilot)
        assert card(registry_root, "doc-summary")["owner"] == "payments-risk"
        assert app.edit_session.paths == ["models/doc-summary/model_card.yaml"]
        await wait_until(pilot, lambda: not app.snapshot.by_model.get("doc-summary"))  # re-audited


async def test_edit_form_previews_a_finding_it_would_add(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "fraud-detector")
        form = await open_form(app, pilot, "e", CardForm)
        form.query_one("#owner", Select).value = "sam-okafor"
        await verdict(pilot, form, "adds OWN003")
        form.query_one("#limitations").text = ""
        await verdict(pilot, form, "adds OWN003", "adds DOC001")
        await pilot.press("escape")
        await wait_until(pilot, lambda: isinstance(app.screen, ModelScreen))
        assert card(registry_root, "fraud-detector")["owner"] == "payments-risk"  # cancelled: nothing written


async def test_validation_form_checks_the_date_against_the_schema_as_you_type(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "credit-scorer")
        form = await open_form(app, pilot, "v", ValidationForm)
        assert "validator: who validated the model?" in await verdict(pilot, form, "validator")
        await type_into(pilot, form, "validator", "model-risk-office")
        await verdict(pilot, form, "fixes VAL002")
        await type_into(pilot, form, "date", "2026-13-45")
        shown = await verdict(pilot, form, "✖")
        assert "2026-13-45" in shown and form.query_one("#date").has_class("-invalid")
        assert form.query_one("#form-review").disabled
        await type_into(pilot, form, "date", TODAY.isoformat())
        await verdict(pilot, form, "fixes VAL002")
        assert not form.query_one("#date").has_class("-invalid")
        await save(app, pilot)
        validation = card(registry_root, "credit-scorer")["validation"]
        assert validation["date"] == TODAY.isoformat() and validation["validator"] == "model-risk-office"


async def test_bias_test_form(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "chat-assistant")
        form = await open_form(app, pilot, "b", BiasTestForm)
        await verdict(pilot, form, "method: how was the model tested?")
        await type_into(pilot, form, "method", "refusal rate by language")
        await type_into(pilot, form, "attributes", "language, region")
        await verdict(pilot, form, "fixes BIA001")
        form.query_one("#result", Select).value = "fail"
        await verdict(pilot, form, "fixes BIA001", "adds BIA003")
        await type_into(pilot, form, "mitigation", "human review of refusals")
        shown = await verdict(pilot, form, "fixes BIA001")
        assert "BIA003" not in shown
        await save(app, pilot)
        assert card(registry_root, "chat-assistant")["bias_tests"] == [
            {
                "date": TODAY.isoformat(),
                "method": "refusal rate by language",
                "attributes": ["language", "region"],
                "result": "fail",
                "mitigation": "human review of refusals",
            }
        ]


async def test_waiver_form(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "credit-scorer")
        form = await open_form(app, pilot, "w", WaiverForm)
        await type_into(pilot, form, "rule", "val002")
        await type_into(pilot, form, "reason", "revalidation booked for December")
        await type_into(pilot, form, "approved_by", "payments-risk")  # the owner: not independent
        await verdict(pilot, form, "adds WAI004")
        await type_into(pilot, form, "approved_by", "model-risk-office")
        await verdict(pilot, form, "fixes VAL002")
        await type_into(pilot, form, "expires", "someday")
        assert "someday" in await verdict(pilot, form, "✖")
        assert form.query_one("#expires").has_class("-invalid")


async def test_handover_from_the_owners_view(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        await pilot.press("o")
        await wait_until(pilot, lambda: isinstance(app.screen, OwnersScreen))
        app.screen.select_owner("sam-okafor")
        await pilot.pause()
        form = await open_form(app, pilot, "h", HandoverForm)
        assert "1 model(s): churn-model" in text_of(form.query_one("#handover-models"))
        await verdict(pilot, form, "new owner: choose")
        form.query_one("#new_owner", Select).value = "credit-risk"
        await verdict(pilot, form, "fixes OWN003")
        form.query_one("#keep", Checkbox).value = True
        await verdict(pilot, form, "adds OWN003")  # the inactive owner would stay on as backup
        form.query_one("#keep", Checkbox).value = False
        await verdict(pilot, form, "fixes OWN003")
        await save(app, pilot)
        assert card(registry_root, "churn-model")["owner"] == "credit-risk"


async def test_editor_key_opens_the_card_and_reaudits(
    registry_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    editor = tmp_path / "editor.py"
    editor.write_text(
        "import sys, pathlib\np = pathlib.Path(sys.argv[1])\n"
        "p.write_text(p.read_text().replace('owner: sam-okafor', 'owner: credit-risk'))\n",
        encoding="utf-8",
    )
    monkeypatch.setenv("EDITOR", f"python3 {editor}")
    monkeypatch.delenv("VISUAL", raising=False)
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "churn-model")
        loads = app.loads
        await pilot.press("E")
        await wait_until(pilot, lambda: app.loads > loads)
        assert card(registry_root, "churn-model")["owner"] == "credit-risk"
        assert app.edit_session.paths == ["models/churn-model/model_card.yaml"]
        assert not any(f.rule == "OWN003" for f in app.snapshot.by_model.get("churn-model", []))


async def test_editing_keys_work_from_the_models_table(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        target = app.screen.edit_target()
        form = await open_form(app, pilot, "e", CardForm)
        assert form.model == target


@pytest.mark.parametrize(
    ("key", "kind", "first"),
    [("e", CardForm, "#owner"), ("v", ValidationForm, "#validator"), ("b", BiasTestForm, "#method")],
)
async def test_a_form_opens_with_its_first_field_focused(
    registry_root: Path, key: str, kind: type[EditForm], first: str
) -> None:
    """Typing right after opening a form fills its first field (the field list itself takes no focus)."""
    async with console(registry_root) as (app, pilot):
        form = await open_form(app, pilot, key, kind)
        assert app.focused is form.query_one(first)
        await pilot.press("tab")
        assert app.focused is not None and form.query_one("#form-fields") is not app.focused


async def test_a_verdict_that_lands_after_the_form_closed_is_dropped(registry_root: Path) -> None:
    """The check runs in a worker; closing the form while it runs must not crash the console."""
    async with console(registry_root) as (app, pilot):
        form = await open_form(app, pilot, "e", CardForm)
        checks = form.checks
        await pilot.press("escape")
        await wait_until(pilot, lambda: not isinstance(app.screen, CardForm))
        form._show_late_verdict(None, "a late problem", "owner")  # what the worker posts
        await pilot.pause()
        assert form.checks == checks
        assert app.is_running


# --------------------------------------------------------------------------- committing


@pytest.fixture
def repo(registry_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Repo:
    isolate_identity(monkeypatch, tmp_path / "home")
    (registry_root / ".gitignore").write_text(".registry/\n", encoding="utf-8")  # as `registry init` writes
    return init_repo(registry_root)


def users_work(repo: Repo) -> dict[str, Any]:
    return {
        "index": (repo.path / ".git" / "index").read_bytes(),
        "head": (repo.path / ".git" / "HEAD").read_text(),
        "staged": repo("diff", "--cached"),
        "unstaged": repo("diff", "--", ".", ":!models/doc-summary"),
        "untracked": repo("ls-files", "--others", "--exclude-standard"),
    }


async def test_done_when_owner_validation_and_bias_test_end_in_one_review_commit(repo: Repo) -> None:
    """From the console: owner, validation, bias test, one commit; the user's own work untouched."""
    (repo.path / "registry.yaml").write_text("registry: 1\nname: Staged rename\n", encoding="utf-8")
    repo("add", "registry.yaml")
    (repo.path / "models" / "fraud-detector" / "runbook.md").write_text("# unstaged\n", encoding="utf-8")
    (repo.path / "notes.txt").write_text("mine\n", encoding="utf-8")
    before = users_work(repo)
    head = repo("rev-parse", "HEAD")
    async with console(repo.path) as (app, pilot):
        await open_model(app, pilot, "doc-summary")
        form = await open_form(app, pilot, "e", CardForm)
        form.query_one("#owner", Select).value = "payments-risk"
        await verdict(pilot, form, "fixes OWN001")
        await save(app, pilot)
        form = await open_form(app, pilot, "v", ValidationForm)
        await type_into(pilot, form, "validator", "model-risk-office")
        await verdict(pilot, form, "✔ valid")
        await save(app, pilot)
        form = await open_form(app, pilot, "b", BiasTestForm)
        await type_into(pilot, form, "method", "parity by age band")
        await type_into(pilot, form, "attributes", "age_band")
        await verdict(pilot, form, "✔ valid")
        await save(app, pilot, "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitScreen))
        commit_screen = app.screen
        assert commit_screen.query_one("#commit-branch", Input).value == "registry/doc-summary/edits"
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: not app.edit_session.pending)
    assert users_work(repo) == before
    branch = "registry/doc-summary/edits"
    assert repo("rev-parse", f"{branch}^") == head
    assert repo("diff", "--name-only", head, branch) == "models/doc-summary/model_card.yaml"
    lines = repo("diff", head, branch).splitlines()
    removed = [ln for ln in lines if ln.startswith("-") and not ln.startswith("---")]
    added = [ln[1:] for ln in lines if ln.startswith("+") and not ln.startswith("+++")]
    # The validation replaces the one on record (its date; the old evidence link goes with it).
    assert removed == ["-  date: '2026-11-04'", "-  evidence: https://example.com/validation"]
    assert added == [
        "owner: payments-risk",
        "  date: 2026-11-24",
        "- date: 2026-11-24",
        "  method: parity by age band",
        "  attributes: [age_band]",
        "  result: pass",
    ]
    message = repo("log", "-1", "--format=%B", branch)
    assert "owner of doc-summary" in message and "validation" in message and "bias test" in message


async def test_a_refused_commit_keeps_the_saved_files_and_says_why(
    registry_root: Path, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    isolate_identity(monkeypatch, tmp_path / "home")
    init_repo(registry_root, identity=False)
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "doc-summary")
        form = await open_form(app, pilot, "e", CardForm)
        form.query_one("#owner", Select).value = "payments-risk"
        await verdict(pilot, form, "fixes OWN001")
        await save(app, pilot, "c")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitScreen))
        await pilot.press("ctrl+s")
        await wait_until(pilot, lambda: any("no identity" in n.message for n in app._notifications))
        assert app.edit_session.pending  # still there to commit once git knows who you are
    assert card(registry_root, "doc-summary")["owner"] == "payments-risk"


async def test_commit_screen_needs_a_branch_and_a_message(registry_root: Path) -> None:
    async with console(registry_root) as (app, pilot):
        app.edit_session.saved_file(
            "models/doc-summary/model_card.yaml", "registry: x", "registry/doc-summary/x"
        )
        await pilot.press("C")
        await wait_until(pilot, lambda: isinstance(app.screen, CommitScreen))
        app.screen.query_one("#commit-message", Input).value = ""
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, CommitScreen)
        assert "A branch and a message are needed." in text_of(app.screen.query_one("#form-check"))


async def test_card_text_in_a_form_is_inert(registry_root: Path, cards: dict[str, Any]) -> None:
    path = registry_root / "models" / "fraud-detector" / "model_card.yaml"
    text = path.read_text(encoding="utf-8").replace(
        "human_oversight: Analysts confirm every block.", 'human_oversight: "\\e]0;pwned\\a Analysts"'
    )
    path.write_text(text, encoding="utf-8")
    async with console(registry_root) as (app, pilot):
        await open_model(app, pilot, "fraud-detector")
        form = await open_form(app, pilot, "e", CardForm)
        shown = form.query_one("#human_oversight", Input).value
        assert "\x1b" not in shown and "\x07" not in shown and "\\x1b]0;pwned" in shown
        assert "No change yet." in await verdict(pilot, form, "No change yet.")  # showing it changes nothing
