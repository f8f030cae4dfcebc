"""``registry codeowners``: keep CODEOWNERS routing each model's changes to its owners."""

from __future__ import annotations

import os
import sys
from pathlib import Path

from registry import atomic
from registry.commands.support import locate_root, out
from registry.errors import EXIT_FINDINGS, EXIT_OK, UsageError


def codeowners(path: str, *, output: str | None = None, check: bool = False) -> int:
    from registry import codeowners as co
    from registry.store import load_registry
    from registry.textsafe import clean

    root = locate_root(Path(path))
    registry = load_registry(root)
    target = Path(output) if output else co.default_output(root)
    shown = clean(os.path.relpath(target))
    try:
        current = co.read_existing(target)
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"{shown}: cannot read: {clean(str(detail))}") from None
    plan = co.plan(registry, root)
    try:
        wanted = co.merge(current, co.block(plan))
    except co.BlockError as exc:
        raise UsageError(f"{shown}: {exc}; fix it by hand") from None
    if check:
        if current == wanted:
            out(f"{shown} is up to date\n")
            return EXIT_OK
        out(clean(co.diff(target, current, wanted, shown), multiline=True))
        sys.stderr.write(f"registry: {shown} is out of date; run `registry codeowners` to update it\n")
        return EXIT_FINDINGS
    counts = f"{len(plan.rules)} models with reviewers, {len(plan.unowned)} without a review handle"
    if current == wanted:
        out(f"{shown} is up to date ({counts})\n")
        return EXIT_OK
    if not target.parent.is_dir():
        raise UsageError(f"{clean(os.path.relpath(target.parent))}: no such folder")
    try:
        atomic.replace(target, wanted.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
    out(f"wrote {shown} ({counts})\n")
    return EXIT_OK
