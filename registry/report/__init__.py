"""Output formats for audit results: pure functions of an :class:`AuditResult`.

A format knows nothing about rules; a rule knows nothing about formats. Each writer
takes the result and a :class:`ReportContext` and returns the text to print.
"""

from __future__ import annotations

import importlib
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


FORMATS = ("text", "json", "github", "sarif", "junit")
_MODULES = {"text": "text", "json": "json_report", "github": "github", "sarif": "sarif", "junit": "junit"}


def writer(name: str) -> Writer | None:
    """The renderer for one format, importing only that format's module.

    The pre-commit hook prints text; importing the XML and SARIF writers too would
    cost it more than auditing a card.
    """
    module = _MODULES.get(name)
    if module is None:
        return None
    imported = importlib.import_module(f"registry.report.{module}")
    render: Writer = imported.render
    return render


def writers() -> dict[str, Writer]:
    """Every format's renderer (for tests and documentation)."""
    found = {name: writer(name) for name in FORMATS}
    return {name: render for name, render in found.items() if render is not None}
