"""``registry waive MODEL RULE``: record a waiver of one rule for one model."""

from __future__ import annotations

from datetime import date

from registry.commands.editing import EditOptions, edit_model
from registry.edit import RecordWaiver
from registry.errors import UsageError
from registry.textsafe import clean


def waive(
    model: str, rule: str, options: EditOptions, *, reason: str, approved_by: str, expires: date
) -> int:
    from registry.rules import load_catalog

    code = rule.strip().upper()
    catalog = load_catalog()
    if code not in catalog:
        raise UsageError(f"unknown rule {clean(rule)!r} (see `registry rules`)")
    if not catalog[code].waivable:
        raise UsageError(f"{code} cannot be waived (SCH, WAI and DAT rules never can): fix the card instead")
    waiver = RecordWaiver(code, reason, approved_by, expires.isoformat())
    subject = f"registry: waive {code} for {{model}} until {expires.isoformat()}"
    return edit_model(model, [waiver], options, what=f"waive-{code.lower()}", subject=subject)
