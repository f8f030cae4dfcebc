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
        from registry.rules.explanation import explanations

        out(dumps([e.to_dict() for e in explanations()]) + "\n")
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
    from registry.rules.explanation import explanations

    return "\n".join(e.markdown() for e in explanations())
