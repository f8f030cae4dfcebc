"""``registry rules``: the whole catalog as a table, JSON or the Markdown of docs/format.md."""

from __future__ import annotations

from registry.commands.support import console, out
from registry.errors import EXIT_OK


def rules(fmt: str = "text") -> int:
    from registry.rules import load_catalog

    catalog = load_catalog()
    if fmt == "markdown":
        out(rules_markdown())
        return EXIT_OK
    if fmt == "json":
        from registry.report.json_report import dumps

        out(
            dumps(
                [
                    {
                        "code": r.code,
                        "severity": r.severity.value,
                        "title": r.title,
                        "family": r.family,
                        "stages": sorted(r.stages),
                        "rationale": r.rationale,
                        "fix": r.fix,
                    }
                    for r in catalog.values()
                ]
            )
            + "\n"
        )
        return EXIT_OK
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Code")
    table.add_column("Severity")
    table.add_column("Applies to")
    table.add_column("Title")
    short = {"every stage": "all", "proposed, pilot and production models (not retired)": "not retired"}
    for r in catalog.values():
        stages = short.get(r.applies_to, r.applies_to.removesuffix(" models"))
        table.add_row(r.code, r.severity.value, stages, r.title)
    console().print(table)
    return EXIT_OK


def rules_markdown() -> str:
    """The rule reference in docs/format.md is this text (a test keeps them in sync)."""
    from registry.rules import load_catalog

    parts = []
    for r in load_catalog().values():
        stages = r.applies_to
        parts.append(f"### {r.code}: {r.title}\n")
        waivable = "" if r.waivable else " Cannot be waived."
        parts.append(f"Default severity **{r.severity.value}**; applies to {stages}.{waivable}\n")
        parts.append(f"**Why it matters.** {r.rationale}\n")
        if r.details:
            parts.append(f"**What it checks.** {r.details}\n")
        parts.append(f"**How to fix.** {r.fix}\n")
        if r.example and r.compliant:
            parts.append(f"Fails:\n\n```{_lang(r.example)}\n{r.example}\n```\n")
            parts.append(f"Passes:\n\n```{_lang(r.compliant)}\n{r.compliant}\n```\n")
        elif r.example:
            parts.append(f"```{_lang(r.example)}\n{r.example}\n```\n")
    return "\n".join(parts)


def _lang(example: str) -> str:
    """Examples are card YAML, except runbook sections (Markdown)."""
    return "markdown" if example.startswith("## ") else "yaml"
