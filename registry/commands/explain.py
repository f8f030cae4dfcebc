"""``registry explain CODE``: why a rule exists, what it checks, how to fix its findings."""

from __future__ import annotations

from registry.commands.support import out
from registry.errors import EXIT_OK, UsageError


def explain(code: str) -> int:
    from registry.rules import load_catalog
    from registry.rules.explanation import Explanation

    rule = load_catalog().get(code.strip().upper())
    if rule is None:
        raise UsageError(f"unknown rule {code!r} (see `registry rules`)")
    out(Explanation.of(rule).text())
    return EXIT_OK
