"""``--format text``: one line per finding, ``path:line:col: CODE severity message (model)``.

Written with plain strings and a handful of SGR codes rather than Rich: this is the
pre-commit hook's output, and importing a rendering library would cost more than the
audit of one card.
"""

from __future__ import annotations

from registry.audit import AuditResult
from registry.report import ReportContext
from registry.textsafe import clean

_SGR = {"error": "1;31", "warning": "33", "info": "36", "bold": "1", "dim": "2", "green": "32"}


def _style(text: str, style: str, color: bool) -> str:
    return f"\x1b[{_SGR[style]}m{text}\x1b[0m" if color else text


def render(result: AuditResult, ctx: ReportContext) -> str:
    color = ctx.color
    lines = []
    for f in result.findings:
        where = _style(clean(ctx.display_path(result.root, f.path)), "bold", color)
        code = _style(f.rule, f.severity.value, color)
        model = "" if f.model is None else " " + _style(f"({clean(f.model)})", "dim", color)
        lines.append(f"{where}:{f.line}:{f.column}: {code} {f.severity.value} {clean(f.message)}{model}")
    if not ctx.quiet:
        lines.extend(_style(clean(note), "dim", color) for note in result.notes)
        lines.append(summary(result, ctx))
    return "".join(line + "\n" for line in lines)


def summary(result: AuditResult, ctx: ReportContext) -> str:
    counts = result.counts()
    models = len(result.models)
    noun = "model" if models == 1 else "models"
    if not result.findings:
        return _style(f"All checks passed: {models} {noun}, no findings.", "green", ctx.color)
    parts = [f"{counts[s]} {s}{'' if counts[s] == 1 else 's'}" for s in ("error", "warning")]
    parts.append(f"{counts['info']} info")
    total = len(result.findings)
    text = f"Found {total} finding{'' if total == 1 else 's'} in {models} {noun}: {', '.join(parts)}."
    if result.failed(ctx.fail_on):
        text += _style(f" Failing at '{ctx.fail_on}'.", "error", ctx.color)
    hint = "`registry explain CODE` says why a rule exists and how to fix it."
    return text + "\n" + _style(hint, "dim", ctx.color)
