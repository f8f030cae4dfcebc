"""The compliance sparkline under the health bar: the last weeks, when the registry is in git.

The numbers are ``registry trend``'s, computed in a separate process (``registry trend
--format json``) by a thread worker: a trend audits the registry at every week, which
would hold the interpreter's lock for seconds on a large registry and stall the keys.
The worker only waits for the process, and kills it when the console quits or a newer
load replaces it. It runs again when HEAD or the day changes, not on every reload.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual import work
from textual.content import Content
from textual.widgets import Static
from textual.worker import get_current_worker

from registry.git import git_state
from registry.report.trend import percent, sparkline
from registry.status import whole_percent
from tui import severity
from tui.data.snapshot import Snapshot
from tui.severity import ERROR, MUTED, OK, WARNING, Palette

WEEKS = 26


@dataclass(frozen=True, slots=True)
class Curve:
    """The compliant share at the end of each week (None where there was no audit)."""

    shares: list[float | None]
    since: date

    @property
    def known(self) -> list[float]:
        return [s for s in self.shares if s is not None]


def read_curve(root: Path, today: date, cancelled: object = None) -> Curve | None:
    """``registry trend`` of the last :data:`WEEKS` weeks; None outside git or on failure."""
    since = today - timedelta(weeks=WEEKS)
    args = [sys.executable, "-m", "registry", "trend", str(root), "--every", "week"]
    args += ["--since", since.isoformat(), "--today", today.isoformat(), "--format", "json"]
    env = {**os.environ, "NO_COLOR": "1", "REGISTRY_TODAY": today.isoformat()}
    with subprocess.Popen(
        args, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, env=env
    ) as proc:
        while True:
            try:
                out, _ = proc.communicate(timeout=0.2)
                break
            except subprocess.TimeoutExpired:
                if getattr(cancelled, "is_set", lambda: False)():
                    proc.kill()
                    proc.communicate()
                    return None
    if proc.returncode != 0:
        return None
    try:
        points = json.loads(out)["points"]
        shares = [p["compliant_share"] for p in points]
    except (ValueError, KeyError, TypeError):
        return None
    first = next((i for i, s in enumerate(shares) if s is not None), None)
    if first is None:
        return None
    return Curve(shares[first:], date.fromisoformat(points[first]["start"]))


class ComplianceTrend(Static):
    """``compliant, 26 weeks ▁▃▅▆▇ 64% → 78%``; hidden outside git."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)
    DEFAULT_CSS = "ComplianceTrend { height: auto; padding: 0 1; background: $panel; }"

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.curve: Curve | None = None
        self._key: tuple[str | None, date] | None = None

    def on_mount(self) -> None:
        self.display = False
        self.watch(self.app, "snapshot", self._snapshot_changed)

    def _snapshot_changed(self, snapshot: Snapshot | None) -> None:
        if snapshot is not None and snapshot.complete:
            self.refresh_curve(snapshot.root, snapshot.today)

    @work(thread=True, exclusive=True, group="trend", name="compliance trend")
    def refresh_curve(self, root: Path, today: date) -> None:
        head = git_state(root).revision
        if head is None:  # not in git, or no commit yet: nothing to draw
            self.app.call_from_thread(self._show, None, (head, today))
            return
        if (head, today) == self._key:
            return
        curve = read_curve(root, today, get_current_worker().cancelled_event)
        if not get_current_worker().is_cancelled:
            self.app.call_from_thread(self._show, curve, (head, today))

    def _show(self, curve: Curve | None, key: tuple[str | None, date]) -> None:
        self._key = key
        self.curve = curve
        self.display = curve is not None and bool(curve.known)
        if curve is None or not curve.known:
            return
        palette = Palette.of(self)
        last = curve.known[-1]
        tone = OK if last >= 0.8 else WARNING if last >= 0.5 else ERROR
        first = curve.known[0]
        change = whole_percent(last) - whole_percent(first)
        self.update(
            Content.assemble(
                ("compliant, weekly since ", palette.content(MUTED)),
                (curve.since.isoformat(), palette.content(MUTED)),
                "  ",
                (sparkline(curve.shares), palette.content(tone, bold=True)),
                "  ",
                (f"{percent(first)} → {percent(last)}", "bold"),
                (f" ({change:+d} points)", palette.content(MUTED)),
            )
        )
