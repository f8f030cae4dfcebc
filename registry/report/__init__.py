"""Output formats for audit results: pure functions of an :class:`AuditResult`.

A format knows nothing about rules; a rule knows nothing about formats. Each writer
takes the result and a :class:`ReportContext` and returns the text to print.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from registry.audit import AuditResult


@dataclass(frozen=True, slots=True)
class ReportContext:
    cwd: Path
    color: bool = False
    quiet: bool = False
    fail_on: str = "error"

    def display_path(self, root: str, rel: str) -> str:
        """Paths relative to the current folder, as editors and terminals link them."""
        full = os.path.join(root, rel)
        try:
            shown = os.path.relpath(full, self.cwd)
        except ValueError:  # pragma: no cover - other drive on Windows
            return full
        return shown


Writer = Callable[[AuditResult, ReportContext], str]


def writers() -> dict[str, Writer]:
    from registry.report import json_report, text

    found: dict[str, Writer] = {"text": text.render, "json": json_report.render}
    for name in ("github", "sarif", "junit"):
        try:
            module = __import__(f"registry.report.{name}", fromlist=["render"])
        except ImportError:
            continue
        found[name] = module.render
    return found


FORMATS = ("text", "json", "github", "sarif", "junit")
