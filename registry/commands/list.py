"""``registry list``: models with stage, risk, owner and finding counts."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import console, locate_root, out
from registry.errors import EXIT_OK
from registry.model_basics import ModelFilter

if TYPE_CHECKING:  # pragma: no cover
    pass


def list_models(path: str, only: ModelFilter, *, today: date, fmt: str = "text") -> int:
    from registry.audit import audit as run_audit
    from registry.report.json_report import dumps
    from registry.textsafe import clean

    root = locate_root(Path(path))
    audit = run_audit(root, today, need_owners=False)  # the same engine and cache as `audit`
    by_model = audit.result.by_model()
    rows = []
    for folder, card in audit.summaries.items():
        if not only.matches(card):
            continue
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in by_model.get(folder, []):
            counts[f.severity.value] += 1
        rows.append(
            {
                "id": folder,
                "name": card.name,
                "stage": card.stage,
                "risk_tier": card.risk_tier,
                "owner": card.owner,
                "findings": counts,
            }
        )
    if fmt == "json":
        out(dumps(rows) + "\n")
        return EXIT_OK
    from rich.table import Table
    from rich.text import Text

    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("Model", "Stage", "Risk", "Owner", "Errors", "Warnings", "Info"):
        table.add_column(col, justify="right" if col in ("Errors", "Warnings", "Info") else "left")
    for row in rows:
        c = row["findings"]
        assert isinstance(c, dict)
        table.add_row(
            Text(clean(str(row["id"]))),
            Text(clean(str(row["stage"] or "?"))),
            Text(clean(str(row["risk_tier"] or "?"))),
            Text(clean(str(row["owner"] or "-"))),
            Text(str(c["error"]), style="bold red" if c["error"] else ""),
            Text(str(c["warning"]), style="yellow" if c["warning"] else ""),
            Text(str(c["info"])),
        )
    shown = console()
    shown.print(table)
    if not rows:
        shown.print("No models match.")
    return EXIT_OK
