"""``--format text``: one line per finding, ``path:line:col: CODE severity message (model)``."""

from __future__ import annotations

import io

from rich.console import Console
from rich.text import Text

from registry.audit import AuditResult
from registry.report import ReportContext
from registry.textsafe import clean

STYLES = {"error": "bold red", "warning": "yellow", "info": "cyan"}


def render(result: AuditResult, ctx: ReportContext) -> str:
    buffer = io.StringIO()
    console = Console(
        file=buffer,
        force_terminal=ctx.color,
        no_color=not ctx.color,
        color_system="standard" if ctx.color else None,
        highlight=False,
        markup=False,
        emoji=False,
        width=100_000,
        soft_wrap=True,
    )
    for f in result.findings:
        line = Text()
        line.append(clean(ctx.display_path(result.root, f.path)), style="bold")
        line.append(f":{f.line}:{f.column}: ")
        line.append(f.rule, style=STYLES[f.severity.value])
        line.append(f" {f.severity.value} ")
        line.append(clean(f.message))
        if f.model is not None:
            line.append(f" ({clean(f.model)})", style="dim")
        console.print(line)
    if not ctx.quiet:
        for note in result.notes:
            console.print(Text(clean(note), style="dim"))
        console.print(summary(result, ctx))
    return buffer.getvalue()


def summary(result: AuditResult, ctx: ReportContext) -> Text:
    counts = result.counts()
    models = len(result.models)
    noun = "model" if models == 1 else "models"
    if not result.findings:
        return Text(f"All checks passed: {models} {noun}, no findings.", style="green")
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning")]
    parts.append(f"{counts['info']} info")
    failing = result.failed(ctx.fail_on)
    text = Text(f"Found {len(result.findings)} findings in {models} {noun}: {', '.join(parts)}.")
    if failing:
        text.append(f" Failing: findings at or above '{ctx.fail_on}'.", style="bold red")
    text.append(" Run `registry explain CODE` for why a rule exists and how to fix it.", style="dim")
    return text
