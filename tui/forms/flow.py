"""What happens after a form: write the change, re-audit, commit the session's files.

Writing and committing run in thread workers (git can take a moment on a large
repository); their outcome comes back as a notification, and the registry is read
again so that every view shows the findings as they now are.
"""

from __future__ import annotations

import os
import shlex
import subprocess
from typing import TYPE_CHECKING, cast

from textual.app import App, SuspendNotSupported

from registry.edit import EditError, apply
from registry.textsafe import clean
from tui.forms.base import EditForm, Outcome
from tui.forms.review import CommitRequest, CommitScreen
from tui.forms.session import EditSession

if TYPE_CHECKING:  # pragma: no cover
    from tui.app import RegistryApp


def session_of(app: App[int]) -> EditSession:
    return cast("RegistryApp", app).edit_session


def open_form(app: App[int], form: EditForm) -> None:
    """Show ``form``; save (and maybe commit) what it returns."""
    if cast("RegistryApp", app).index_url is not None:
        app.notify(
            "Editing needs the registry's folder: open `registry tui PATH`, not the index.",
            severity="warning",
        )
        return

    def done(outcome: Outcome | None) -> None:
        if outcome is not None:
            app.run_worker(lambda: _save(app, outcome), thread=True, group="edit", name="write the change")

    app.push_screen(form, done)


def _save(app: App[int], outcome: Outcome) -> None:
    try:
        written = apply(outcome.change)
    except EditError as exc:
        app.call_from_thread(app.notify, clean(str(exc)), title="Not saved", severity="error", markup=False)
        return
    session_of(app).saved(outcome.change, written)
    app.call_from_thread(_saved, app, written, outcome.commit)


def _saved(app: App[int], written: list[str], commit: bool) -> None:
    app.notify(f"Saved {', '.join(clean(p) for p in written)}", markup=False)
    cast("RegistryApp", app).load_registry(initial=False)
    if commit:
        ask_commit(app)


def ask_commit(app: App[int]) -> None:
    """Ask for branch and message, then commit every file saved in this session."""
    session = session_of(app)
    if not session.pending:
        app.notify("Nothing saved to commit yet.", severity="warning")
        return
    paths = list(session.paths)

    def chosen(request: CommitRequest | None) -> None:
        if request is not None:
            app.run_worker(lambda: _commit(app, paths, request), thread=True, group="edit", name="commit")

    app.push_screen(CommitScreen(paths, session.branch(), session.message()), chosen)


def _commit(app: App[int], paths: list[str], request: CommitRequest) -> None:
    from registry.review import ReviewError, commit, push

    root = cast("RegistryApp", app).root
    try:
        review = commit(
            root,
            paths,
            message=request.message,
            branch=request.branch,
            explicit_branch=request.explicit_branch,
        )
        if request.push is not None:
            review = push(root, review, request.push)
    except ReviewError as exc:
        app.call_from_thread(
            app.notify, clean(str(exc)), title="Not committed", severity="error", markup=False
        )
        return
    session_of(app).clear()
    lines = [f"Committed {review.commit[:12]} on {clean(review.branch)}"]
    if review.pushed_to is not None:
        lines.append(f"pushed to {clean(review.pushed_to)}")
    if review.url:
        lines.append(f"open the review: {clean(review.url)}")
    app.call_from_thread(app.notify, "\n".join(lines), title="Committed", timeout=30, markup=False)


def open_in_editor(app: App[int], model: str) -> None:
    """Edit the card in $VISUAL / $EDITOR, then re-audit and say what the edit fixed or added."""
    from registry.edit import card_path, files
    from registry.edit.impact import assess

    registry_app = cast("RegistryApp", app)
    root = registry_app.root
    try:
        rel = card_path(root, model)
        before = files.read(root, rel)  # the core's reader: a regular file of the registry, not a link
    except (EditError, files.WriteError) as exc:
        app.notify(clean(str(exc)), severity="error", markup=False)
        return
    path = root / rel
    command = [*shlex.split(os.environ.get("VISUAL") or os.environ.get("EDITOR") or "vi"), str(path)]
    try:
        if app.is_headless:  # no terminal to hand over (tests): the editor runs on its own
            subprocess.run(command, check=False, stdin=subprocess.DEVNULL, capture_output=True)
        else:
            with app.suspend():
                subprocess.run(command, check=False)
    except (OSError, SuspendNotSupported) as exc:
        app.notify(f"Cannot open the editor: {clean(str(exc))}", severity="error", markup=False)
        return
    try:
        after = files.read(root, rel).raw
    except files.WriteError as exc:
        app.notify(clean(str(exc)), severity="error", markup=False)
        registry_app.load_registry(initial=False)
        return
    if after == before.raw:
        app.notify("The card is unchanged.")
        return
    old_text = (before.raw or b"").decode("utf-8", "replace")
    impact = assess(root, [model], {rel: old_text}, registry_app.today)
    # The "after" here is the old text: what it would add back is what the edit fixed.
    fixed, added = impact.introduced, impact.fixed
    registry_app.edit_session.saved_file(rel, f"registry: edit the card of {model}", f"registry/{model}/edit")
    registry_app.load_registry(initial=False)
    app.notify(f"{model}: fixed {len(fixed)} finding(s), added {len(added)}. Re-audited.", markup=False)
