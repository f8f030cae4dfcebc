"""WAI rules: an exception to policy is explicit, justified, approved and temporary."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from typing import Any

from registry.findings import Severity
from registry.model import is_empty, parse_date
from registry.rules import Check, Hit, rule


@dataclass(frozen=True, slots=True)
class Waiver:
    index: int
    rule: str
    expires: date | None
    complete: bool  # has reason and approved_by

    def silences(self, today: date) -> bool:
        """Valid waivers silence their rule: complete and not expired (counts on its day)."""
        return self.complete and self.expires is not None and self.expires >= today


def waivers_of(items: list[Any]) -> list[Waiver]:
    out = []
    for index, item in enumerate(items):
        if not isinstance(item, dict) or not isinstance(item.get("rule"), str):
            continue
        complete = not is_empty(item.get("reason")) and not is_empty(item.get("approved_by"))
        out.append(Waiver(index, item["rule"].strip(), parse_date(item.get("expires")), complete))
    return out


@rule(
    "WAI001",
    "error",
    title="Waiver expired or expiring",
    rationale="""Waivers are temporary by design: an expired waiver is a policy exception
    nobody re-approved. The finding it covered comes back too, and the audit warns
    `expiry_warning_days` ahead so renewal can be planned.""",
    fix="""Fix what the waiver covered and remove it, or have it re-approved with a new
    `expires:` date.""",
    waivable=False,
)
def wai001(check: Check) -> Iterator[Hit]:
    """Error once `expires` is before today; warning within the warning window."""
    window = check.policy.expiry_warning_days
    for waiver in waivers_of(check.card.get_list("waivers")):
        if waiver.expires is None:
            continue
        at = ("waivers", waiver.index, "expires")
        days = (waiver.expires - check.today).days
        if days < 0:
            yield Hit(
                f"waiver for {waiver.rule} expired on {waiver.expires.isoformat()}",
                at=at,
                field=f"waivers.{waiver.rule}",
            )
        elif days <= window:
            yield Hit(
                f"waiver for {waiver.rule} expires in {days} days ({waiver.expires.isoformat()})",
                at=at,
                severity=Severity.WARNING,
                field=f"waivers.{waiver.rule}",
            )


@rule(
    "WAI002",
    "error",
    title="Waiver lacks reason or approver",
    rationale="""An exception to policy must say why and who accepted the risk; otherwise
    anyone can switch a rule off. Incomplete waivers silence nothing.""",
    fix="""Add `reason:` and `approved_by:` (an accountable role or owner id) to the waiver.""",
    waivable=False,
)
def wai002(check: Check) -> Iterator[Hit]:
    """One finding per incomplete waiver, naming what it lacks."""
    for index, item in enumerate(check.card.get_list("waivers")):
        if not isinstance(item, dict):
            continue
        missing = [key for key in ("reason", "approved_by") if is_empty(item.get(key))]
        if missing:
            name = item.get("rule") if isinstance(item.get("rule"), str) else f"#{index + 1}"
            yield Hit(
                f"waiver for {name} has no {' and no '.join(missing)}; it silences nothing",
                at=("waivers", index),
                field=f"waivers.{name}",
            )
