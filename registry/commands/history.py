"""``registry history MODEL``: the commits that changed a model's files."""

from __future__ import annotations

from pathlib import Path

from registry.commands.support import locate_root, model_name, out
from registry.errors import EXIT_OK, UsageError


def history(model: str, *, registry_path: str, diff: bool = False, limit: int = 20, fmt: str = "text") -> int:
    from registry.git import BadRevision, GitUnavailable, model_diff, model_history
    from registry.report.json_report import dumps
    from registry.store import list_model_folders
    from registry.textsafe import clean

    root = locate_root(Path(registry_path))
    name = model_name(model)
    if limit < 1:
        raise UsageError("--limit must be at least 1")
    try:
        commits = model_history(root, name, limit=limit)
        diffs = [model_diff(root, name, c.sha) for c in commits] if diff else []
    except GitUnavailable as exc:
        raise UsageError(f"history needs git: {exc.reason}") from None
    except (ValueError, BadRevision) as exc:
        raise UsageError(str(exc)) from None
    if not commits and name not in list_model_folders(root):
        raise UsageError(f"no model {name!r} in {root} and no commit touches models/{name}/")
    if fmt == "json":
        rows = [
            {
                "sha": c.sha,
                "date": c.date.isoformat(),
                "author": c.author,
                "subject": c.subject,
                **({"diff": diffs[i]} if diff else {}),
            }
            for i, c in enumerate(commits)
        ]
        out(dumps(rows) + "\n")
        return EXIT_OK
    if not commits:
        out(f"No commit touches models/{clean(name)}/ yet.\n")
        return EXIT_OK
    for i, c in enumerate(commits):
        when = c.date.strftime("%Y-%m-%d %H:%M %z")
        out(f"{c.short}  {when}  {clean(c.author)}  {clean(c.subject)}\n")
        if diff:
            patch = clean(diffs[i], multiline=True)
            out(patch if patch.endswith("\n") or not patch else patch + "\n")
            out("\n")
    return EXIT_OK
