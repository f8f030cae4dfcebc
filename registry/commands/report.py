"""``registry report``: the steering committee's report as Markdown or one HTML file."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, out
from registry.errors import EXIT_OK, UsageError

FORMATS = ("md", "html")


def report(path: str, *, today: date, fmt: str = "md", output: str | None = None) -> int:
    """Build the report as of ``today`` and print it, or write it to ``output`` in one step."""
    from registry.steering_sections import build_report
    from registry.textsafe import clean

    if fmt not in FORMATS:
        raise UsageError(f"format {fmt!r} is not available (use md or html)")
    root = locate_root(Path(path))
    target = Path(output) if output else None
    if target is not None and not target.parent.is_dir():
        raise UsageError(f"{clean(os.path.relpath(target.parent))}: no such folder")
    if target is not None and target.is_dir():
        raise UsageError(f"{clean(os.path.relpath(target))} is a folder; name a file")
    data = build_report(root, today)
    if fmt == "html":
        from registry.report.steering_html import render
    else:
        from registry.report.steering_md import render
    text = render(data)
    if target is None:
        out(text)
        return EXIT_OK
    from registry.atomic import replace

    try:
        replace(target, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {clean(os.path.relpath(target))}: {exc.strerror or exc}") from None
    return EXIT_OK
