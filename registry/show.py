"""``registry show MODEL``: one model as a governance lead reads it."""

from __future__ import annotations

import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from registry.audit import run_audit
from registry.model import Registry
from registry.textsafe import clean


def model_summary(
    registry: Registry, model: str, today: date, history: Mapping[str, object] | None = None
) -> dict[str, Any]:
    """Everything `show` prints, as data (also the JSON output). ``history`` (the git
    history of the model's card, see :func:`registry.audit.gather_history`) lets the
    history rules judge it, as ``registry audit`` does."""
    card = registry.models[model]
    result = run_audit(registry, today, models=[model], owner_files=set(), history=history)

    def owner_info(owner_id: str | None) -> dict[str, Any] | None:
        if owner_id is None:
            return None
        record = registry.owners.get(owner_id)
        if record is None:
            return {"id": owner_id, "known": False}
        return {
            "id": owner_id,
            "known": True,
            "name": record.get_str("name"),
            "email": record.get_str("email"),
            "lead": record.get_str("lead"),
            "escalation": record.get_str("escalation"),
            "active": record.active,
        }

    return {
        "id": model,
        "name": card.name,
        "version": card.version,
        "kind": card.kind,
        "stage": card.stage,
        "risk_tier": card.risk_tier,
        "purpose": card.get_str("purpose"),
        "owner": owner_info(card.owner),
        "backup_owner": owner_info(card.backup_owner),
        "validation": {
            "date": card.get_str("validation", "date"),
            "validator": card.get_str("validation", "validator"),
            "result": card.get_str("validation", "result"),
        },
        "card": card.path,
        "runbook": card.runbook.path if card.runbook else None,
        "findings": [f.to_dict() for f in result.findings],
    }


def render_model(
    registry: Registry,
    model: str,
    today: date,
    *,
    fmt: str = "text",
    color: bool = False,
    history: Mapping[str, object] | None = None,
) -> str:
    data = model_summary(registry, model, today, history)
    if fmt == "json":
        from registry.report.json_report import dumps

        return dumps(data) + "\n"
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=color,
        no_color=not color,
        highlight=False,
        markup=False,
        emoji=False,
        width=100,
    )
    console.print(Text(f"{clean(data['name'])} ({clean(model)})", style="bold"))
    grid = Table.grid(padding=(0, 2))
    grid.add_column(style="dim")
    grid.add_column()

    def row(label: str, value: Any) -> None:
        grid.add_row(label, Text(clean(value if value is not None else "-")))

    row("Version", data["version"])
    row("Kind", data["kind"])
    row("Stage", data["stage"])
    row("Risk tier", data["risk_tier"])
    row("Purpose", data["purpose"])
    for key, label in (("owner", "Owner"), ("backup_owner", "Backup owner")):
        info = data[key]
        if info is None:
            row(label, "none")
        elif not info["known"]:
            row(label, f"{info['id']} (no record in owners/)")
        else:
            state = "" if info["active"] else " [INACTIVE]"
            contact = ", ".join(x for x in (info["email"], info["escalation"]) if x)
            row(label, f"{info['id']} - {info['name'] or ''}{state} {contact}".strip())
    v = data["validation"]
    row(
        "Validation",
        " ".join(x for x in (v["date"], v["result"], v["validator"] and f"by {v['validator']}") if x)
        or "none",
    )
    row("Card", data["card"])
    row("Runbook", data["runbook"] or "none")
    console.print(grid)
    console.print()
    findings = data["findings"]
    if not findings:
        console.print(Text("No findings.", style="green"))
    else:
        noun = "finding" if len(findings) == 1 else "findings"
        console.print(Text(f"{len(findings)} {noun}", style="bold"))
        styles = {"error": "bold red", "warning": "yellow", "info": "cyan"}
        for f in findings:
            line = Text("  ")
            line.append(f["rule"], style=styles[f["severity"]])
            line.append(f" {f['severity']:<7} ")
            line.append(clean(f["message"]))
            console.print(line)
            console.print(Text(f"      at {clean(f['path'])}:{f['line']}:{f['column']}", style="dim"))
    return "".join(ln.rstrip() + "\n" for ln in buffer.getvalue().splitlines())
