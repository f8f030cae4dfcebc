"""The steering committee's report as data: what ``registry report`` renders.

A governance lead is asked the same questions every month: how compliant are we, is
it getting better, which pilots are overdue for a decision, which use cases should go
next, who has to act. :func:`build_report` answers them from one audit of the
registry and its git history, as a typed :class:`SteeringReport`; the Markdown and
HTML renderers in :mod:`registry.report` only lay it out, so both say the same thing.

Card text stays raw here (renderers escape it for their format), except URLs: only
evidence and dashboard URLs with an http(s) scheme become :class:`Link` targets, so
no renderer can be talked into linking anything else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from registry.findings import Finding
from registry.model import Policy, is_empty
from registry.textsafe import has_unsafe
from registry.trend import Tally, Trend

_URL_UNSAFE = re.compile(r"[\s\x00-\x1f\x7f-\x9f<>\"'`\\]")


def safe_url(value: Any) -> str | None:
    """``value`` when it is an absolute http(s) URL with a host and nothing odd in it."""
    if not isinstance(value, str) or len(value) > 2000 or _URL_UNSAFE.search(value) or has_unsafe(value):
        return None
    try:
        parts = urlsplit(value)
    except ValueError:
        return None
    return value if parts.scheme in ("http", "https") and parts.hostname else None


@dataclass(frozen=True, slots=True)
class Headline:
    """Models by stage and risk tier, how many are compliant, findings by severity."""

    tally: Tally
    grid: dict[str, dict[str, int]]  # stage -> risk tier -> models ("unknown" for unreadable values)
    by_stage: dict[str, int]
    by_risk: dict[str, int]


@dataclass(frozen=True, slots=True)
class TeamRow:
    owner: str | None  # the owner id the cards name; None for models without one
    name: str
    active: bool | None  # None: no owner record of that id (or no owner at all)
    models: int  # models in scope (not retired)
    compliant: int
    errors: int
    warnings: int
    contact: str | None

    @property
    def share(self) -> float | None:
        return self.compliant / self.models if self.models else None


@dataclass(frozen=True, slots=True)
class Contact:
    """Who answers for a model: its owner, or the backup owner when the owner cannot."""

    owner: str | None
    owner_name: str | None
    status: str  # active | inactive | unknown (no such record) | none (no owner named)
    reach: str | None  # escalation channel, else e-mail
    via: str | None = None  # whose channel ``reach`` is when not the owner's


@dataclass(frozen=True, slots=True)
class Action:
    """One open error: what is wrong, who fixes it and how, and since when it is open."""

    finding: Finding
    title: str
    fix: str
    model_name: str | None
    contact: Contact
    open_since: date | None  # the first trend point from which it was open without a break
    open_before: bool = False  # already open at the first point the trend looked at


@dataclass(frozen=True, slots=True)
class PilotRow:
    model: str
    name: str
    purpose: str | None
    owner: str | None
    start: date | None
    weeks_elapsed: float | None
    planned_end: date | None
    planned_weeks: float | None
    exit_criteria: list[str]
    decision: str | None
    decided: date | None
    status: str  # decided | running | past planned end | over time box | no start date
    dashboard: str | None


@dataclass(frozen=True, slots=True)
class UseCaseRow:
    rank: int | None  # None: not every score is given, so it cannot be ranked
    model: str
    name: str
    purpose: str | None
    owner: str | None
    sponsor: str | None
    impact: int | None
    feasibility: int | None
    readiness: int | None
    score: float | None
    notes: str | None


@dataclass(frozen=True, slots=True)
class Expiry:
    kind: str  # validation | waiver
    model: str
    name: str
    owner: str | None
    subject: str  # the risk tier's limit, or the rule the waiver covers
    due: date
    days_left: int
    evidence: str | None


@dataclass(frozen=True, slots=True)
class OpenIncident:
    model: str
    name: str
    owner: str | None
    day: date | None
    severity: str | None
    summary: str | None


@dataclass(frozen=True, slots=True)
class SteeringReport:
    registry: str
    today: date
    revision: str | None
    policy: Policy
    headline: Headline
    teams: list[TeamRow]
    actions: list[Action]
    pilots: list[PilotRow]
    use_cases: list[UseCaseRow]
    expiring: list[Expiry]
    incidents: list[OpenIncident]
    trend: Trend | None
    trend_note: str | None = None  # why there is no trend
    notes: list[str] = field(default_factory=list)


def texts(values: Any) -> list[str]:
    """A list of scalars as text (exit criteria, say); anything else is left out."""
    if not isinstance(values, list):
        return [] if is_empty(values) or isinstance(values, dict) else [str(values)]
    return [str(v) for v in values if isinstance(v, str | int | float) and not isinstance(v, bool)]
