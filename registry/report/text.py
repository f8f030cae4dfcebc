"""``--format text``: one line per finding, ``path:line:col: CODE severity message (model)``.

Written with plain strings and a handful of SGR codes rather than Rich: this is the
pre-commit hook's output, and importing a rendering library would cost more than the
audit of one card.
"""

from __future__ import annotations

from dataclasses import replace

from registry.audit import AuditResult, Comparison
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


def base_label(comparison: Comparison) -> str:
    """Which commit a comparison used, as a reader checks it: ``main (1a2b3c4d5e6f)``.

    When the ref moved on after the branch forked, the commit compared with is the
    merge base, not the ref's tip, and the label says so.
    """
    ref = clean(comparison.ref) or "the base"
    if comparison.base is None:
        return f"{ref} (no commit yet)"
    if comparison.ref_revision in (None, comparison.base):
        return f"{ref} ({comparison.base[:12]})"
    return f"the merge base with {ref} ({comparison.base[:12]})"


def render_comparison(result: AuditResult, ctx: ReportContext) -> str:
    """Text for ``audit --base``: new findings first, then fixed and remaining ones.

    The section headers stay under ``-q``: without them a fixed finding would read
    as a live one. ``-q`` drops only the notes and the closing summary.
    """
    comparison = result.comparison
    assert comparison is not None
    quiet = replace(ctx, quiet=True)
    label = base_label(comparison)
    parts: list[str] = []
    for title, findings in (
        (f"New since {label}", comparison.new),
        (f"Fixed since {label}", comparison.fixed),
        ("Remaining", comparison.remaining),
    ):
        parts.append(_style(f"{title}: {len(findings)}", "bold", ctx.color) + "\n")
        parts.append(render(replace(result, findings=findings, notes=[], comparison=None), quiet))
    if ctx.quiet:
        return "".join(parts)
    parts.extend(_style(clean(note), "dim", ctx.color) + "\n" for note in result.notes)
    verdict = (
        f" Failing: new findings at or above '{ctx.fail_on}'."
        if comparison.failed(ctx.fail_on)
        else f" No new finding at or above '{ctx.fail_on}'."
    )
    moved = ""
    if comparison.base is not None and comparison.ref_revision not in (None, comparison.base):
        assert comparison.ref_revision is not None
        moved = (
            f" {clean(comparison.ref)} is now at {comparison.ref_revision[:12]}; what its later commits"
            " changed is not counted."
        )
    parts.append(
        f"Compared with {label}: {len(comparison.new)} new, {len(comparison.fixed)} fixed, "
        f"{len(comparison.remaining)} remaining.{verdict}{moved}\n"
    )
    return "".join(parts)
