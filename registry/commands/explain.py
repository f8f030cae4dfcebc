"""``registry explain CODE``: why a rule exists, what it checks, how to fix its findings."""

from __future__ import annotations

import textwrap

from registry.commands.support import out
from registry.errors import EXIT_OK, UsageError


def explain(code: str) -> int:
    from registry.rules import load_catalog

    rule = load_catalog().get(code.strip().upper())
    if rule is None:
        raise UsageError(f"unknown rule {code!r} (see `registry rules`)")
    lines = [
        f"{rule.code}: {rule.title}",
        "",
        f"Default severity: {rule.severity.value}. Applies to: {rule.applies_to}."
        + ("" if rule.waivable else " Cannot be waived."),
        "",
        "Why it matters",
        f"  {rule.rationale}",
    ]
    if rule.details:
        lines += ["", "What it checks", f"  {rule.details}"]
    lines += ["", "How to fix", f"  {rule.fix}"]
    if rule.example:
        title = "Fails" if rule.compliant else "Example"
        lines += ["", title, *(f"  {ln}" for ln in rule.example.splitlines())]
    if rule.compliant:
        lines += ["", "Passes", *(f"  {ln}" for ln in rule.compliant.splitlines())]
    lines += [
        "",
        "Configure",
        f"  registry.yaml: rules: {{{rule.code}: warning}}   # error | warning | info | off",
    ]
    if rule.waivable:
        lines.append(
            f"  Waive for one model: waivers: [{{rule: {rule.code}, reason: ..., approved_by: ...,"
            " expires: YYYY-MM-DD}]"
        )
    wrapped = []
    for ln in lines:
        if ln.startswith("  ") and len(ln) > 88:
            wrapped.extend(textwrap.wrap(ln.strip(), 88, initial_indent="  ", subsequent_indent="  "))
        else:
            wrapped.append(ln)
    out("\n".join(wrapped) + "\n")
    return EXIT_OK
