"""What every editing verb does after building its edit: show it, write it, commit and push it.

A person must see what a change does before it lands: the diff, then the findings it
fixes and introduces for the models it touches. Everything that could refuse the
commit (no git, no identity, a taken branch) is checked before the file is written,
so a refused ``--commit`` leaves the registry exactly as it was.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import locate_root, model_name, out
from registry.edit import Change, EditError, Operation, Request, apply, card_path, plan
from registry.errors import EXIT_OK, UsageError
from registry.findings import Finding
from registry.textsafe import clean

if TYPE_CHECKING:  # pragma: no cover
    from registry.review import Review


@dataclass(frozen=True, slots=True)
class Delivery:
    """What to do with a planned edit beyond showing it."""

    dry_run: bool = False
    commit: bool = False
    branch: str | None = None  # the review branch, when the user named one
    message: str | None = None
    push: str | None = None  # the remote to push the branch to (implies commit)


@dataclass(frozen=True, slots=True)
class EditOptions:
    """What every editing verb is given besides its own arguments."""

    registry_path: str
    today: date
    delivery: Delivery = Delivery()


def edit_model(
    model: str, operations: Sequence[Operation], options: EditOptions, *, what: str, subject: str
) -> int:
    """Plan ``operations`` on one model's card, show them, and deliver them.

    ``subject`` (the default commit message) may name the model as ``{model}``.
    """
    root = locate_root(Path(options.registry_path))
    name = model_name(model)
    try:
        request = Request({card_path(root, name): operations}, what, subject.format(model=name))
        change = plan(root, request, today=options.today)
    except EditError as exc:
        raise UsageError(str(exc)) from None
    return deliver(change, options.delivery)


def edit_files(root: Path, request: Request, options: EditOptions) -> int:
    """Plan edits of several files (a handover) or new files (an owner record), show and deliver them."""
    try:
        change = plan(root, request, today=options.today)
    except EditError as exc:
        raise UsageError(str(exc)) from None
    return deliver(change, options.delivery)


def deliver(change: Change, delivery: Delivery) -> int:
    """Print the diff and the findings, then write, commit and push as asked."""
    from registry.review import ReviewError, commit, preflight, push

    if not change.changed:
        out("Nothing to change: the files already say this.\n")
        return EXIT_OK
    out(clean(change.diff(), multiline=True))
    out(findings_text(change))
    if delivery.dry_run:
        out("Dry run: nothing written.\n")
        return EXIT_OK
    committing = delivery.commit or delivery.push is not None
    branch = delivery.branch or change.branch()
    target = None
    try:
        if committing:
            target = preflight(change.root, branch, explicit_branch=delivery.branch is not None)
        written = apply(change)
    except (EditError, ReviewError) as exc:
        raise UsageError(
            f"{exc}; nothing written" if "nothing written" not in str(exc) else str(exc)
        ) from None
    out(f"Wrote {', '.join(clean(p) for p in written)}\n")
    if not committing:
        return EXIT_OK
    try:
        review = commit(
            change.root,
            written,
            message=commit_message(change, delivery.message),
            branch=branch,
            explicit_branch=delivery.branch is not None,
            target=target,
        )
        if delivery.push is not None:
            review = push(change.root, review, delivery.push)
    except ReviewError as exc:
        raise UsageError(
            f"{exc} (the edit is written; commit it yourself or run the command again)"
        ) from None
    if _held_earlier_changes(change, review):
        out("The commit also holds earlier uncommitted changes to these files:\n")
        out(clean(review.patch(), multiline=True))
    action = "Committed" if review.created else "Added commit"
    out(f"{action} {review.commit[:12]} on branch {clean(review.branch)} (from {review.base[:12]})\n")
    if review.pushed_to is not None:
        out(f"Pushed {clean(review.branch)} to {clean(review.pushed_to)}\n")
        if review.url:
            out(f"Open the review: {clean(review.url)}\n")
    return EXIT_OK


def findings_text(change: Change) -> str:
    """The findings a change fixes and introduces, one per line."""
    lines = []
    for title, findings in (("Fixes", change.impact.fixed), ("Introduces", change.impact.introduced)):
        if findings:
            lines.append(f"{title} {len(findings)} finding{'' if len(findings) == 1 else 's'}:")
            lines.extend(f"  {_finding(f)}" for f in findings)
    if not lines:
        lines.append("Fixes no finding and introduces none.")
    return "".join(f"{line}\n" for line in lines)


def _finding(f: Finding) -> str:
    model = f" ({clean(f.model)})" if f.model else ""
    return f"{f.rule} {f.severity.value}: {clean(f.message)}{model}"


def commit_message(change: Change, message: str | None) -> str:
    """The user's message, or the change's subject with the findings it fixes as the body."""
    if message:
        return message if message.endswith("\n") else message + "\n"
    body = [
        f"Fixes {f.rule}: {f.message}" + (f" ({f.model})" if f.model else "") for f in change.impact.fixed
    ]
    body += [f"Introduces {f.rule}: {f.message}" for f in change.impact.introduced]
    return change.subject + "\n" + ("\n" + "\n".join(body) + "\n" if body else "")


def _held_earlier_changes(change: Change, review: Review) -> bool:
    """Whether a committed file differed from the base commit before this edit."""
    from registry.git import blob_sha

    for file in change.changed:
        base = review.base_blobs.get(file.rel)
        read = blob_sha(file.snapshot.raw, len(review.commit)) if file.snapshot.raw is not None else None
        if file.rel in review.base_blobs and base != read:
            return True
    return False
