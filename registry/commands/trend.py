"""``registry trend``: compliant share and findings by severity, period by period, from git."""

from __future__ import annotations

import sys
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, out, use_color
from registry.errors import EXIT_OK, UsageError


def trend(
    path: str, *, today: date, since: str | None = None, every: str = "month", fmt: str = "text"
) -> int:
    """Print the trend up to ``today`` (the last, running period is judged on it)."""
    from registry.git import BadRevision, GitUnavailable
    from registry.report import trend as render
    from registry.trend import compute_trend

    root = locate_root(Path(path))
    start = parse_since(since)
    try:
        result = compute_trend(root, today, since=start, every=every)
    except GitUnavailable as exc:
        raise UsageError(f"trend needs git history: {exc.reason}") from None
    except BadRevision as exc:
        raise UsageError(str(exc)) from None
    except ValueError as exc:
        raise UsageError(str(exc)) from None
    if fmt == "json":
        out(render.render_json(result))
    elif fmt == "csv":
        out(render.render_csv(result))
    else:
        out(render.render_text(result, color=use_color(sys.stdout)))
    return EXIT_OK


def parse_since(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise UsageError(f"--since must be a date as YYYY-MM-DD, not {text!r}") from None
