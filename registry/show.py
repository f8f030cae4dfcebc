"""``registry show MODEL``: one model as a governance lead reads it."""

from __future__ import annotations

import io
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from registry.findings import Finding
from registry.model import ModelCard, Owner
from registry.textsafe import clean


@dataclass(frozen=True, slots=True)
class ModelView:
    """What `show` prints of one model: its card, its owners' records and its findings."""

    card: ModelCard
    owners: dict[str, Owner]  # the records of its owner and backup owner that exist
    findings: list[Finding]


def view_model(root: Path, model: str, today: date) -> ModelView | None:
    """The model judged as ``registry audit models/<model>/`` judges it (git history included).

    Only its card, the owner records it names and a card that may share its id are
    read, once: the engine keeps the cards it read for display.
    """
    from registry.audit import Scope, audit
    from registry.store import list_model_folders

    if model not in list_model_folders(root):
        return None
    scope = Scope(
        read=(model,),
        judge=frozenset({model}),
        owner_files=frozenset(),
        named_owners_only=True,
        id_holders=True,
    )
    done = audit(root, today, scope=scope, cache=False)
    card = done.cards[model]
    return ModelView(card, done.owners, [f for f in done.result.findings if f.model == model])


def model_summary(view: ModelView) -> dict[str, Any]:
    """Everything `show` prints, as data (also the JSON output)."""
    card = view.card
    model = card.folder

    def owner_info(owner_id: str | None) -> dict[str, Any] | None:
        if owner_id is None:
            return None
        record = view.owners.get(owner_id)
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
        "findings": [f.to_dict() for f in view.findings],
    }


def render_model(view: ModelView, *, fmt: str = "text", color: bool = False) -> str:
    data = model_summary(view)
    model = view.card.folder
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
