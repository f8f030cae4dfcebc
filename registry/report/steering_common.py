"""Wording shared by the Markdown and HTML steering reports, so both say the same thing.

Everything here returns plain text from the report's data; each renderer escapes it
for its format. Card text goes through :func:`plain` first: one line, control and
bidi characters shown as visible escapes.
"""

from __future__ import annotations

from datetime import date

from registry.status import whole_percent
from registry.steering import Action, PilotRow, SteeringReport, TeamRow
from registry.textsafe import clean
from registry.trend import Trend


def plain(value: object) -> str:
    """Card text on one line, inert: runs of whitespace become one space, controls escapes."""
    if value is None:
        return ""
    return clean(" ".join(str(value).split()))


def count(number: int, noun: str, plural: str | None = None) -> str:
    """``1 error``, ``2 errors``."""
    return f"{number} {noun if number == 1 else plural or noun + 's'}"


def percent(share: float | None) -> str:
    return "–" if share is None else f"{whole_percent(share)}%"


def day(value: date | None) -> str:
    return value.isoformat() if value is not None else "–"


def days_left(days: int) -> str:
    return "today" if days == 0 else "in 1 day" if days == 1 else f"in {days} days"


def title(report: SteeringReport) -> str:
    return f"Steering report: {plain(report.registry)}"


def subtitle(report: SteeringReport) -> str:
    commit = f"commit {report.revision[:12]}" if report.revision else "a folder outside git"
    return f"As of {report.today.isoformat()}, {commit}."


def policy_line(report: SteeringReport) -> str:
    p = report.policy
    return (
        f"Policy: audits fail on {p.fail_on}; pilots decide within {p.pilot_max_weeks} weeks; "
        f"expiries are flagged {p.expiry_warning_days} days ahead."
    )


def compliance_sentence(report: SteeringReport) -> str:
    t = report.headline.tally
    verb = "has" if t.compliant == 1 else "have"
    retired = t.models - t.in_scope
    scope = f"{t.compliant} of {count(t.in_scope, 'model')} in scope {verb} no open error"
    return f"{scope} ({retired} retired, not counted)."


def findings_sentence(report: SteeringReport) -> str:
    c = report.headline.tally.counts
    return (
        f"Findings: {count(c['error'], 'error')}, {count(c['warning'], 'warning')}, "
        f"{c['info']} for information."
    )


def trend_sentence(trend: Trend | None) -> str | None:
    """``Up from 64% to 72% over 26 weeks.``: the first audited point against the last."""
    if trend is None:
        return None
    shares = [p.tally.share for p in trend.audited() if p.tally is not None and p.tally.share is not None]
    if len(shares) < 2:
        return None
    first, last = whole_percent(shares[0]), whole_percent(shares[-1])
    span = len(trend.points)
    unit = "week" if trend.every == "week" else "month"
    where = f"over {span} {unit}s" if span != 1 else f"over one {unit}"
    if first == last:
        return f"Unchanged at {last}% {where}."
    return f"{'Up' if last > first else 'Down'} from {first}% to {last}% {where}."


def team_name(row: TeamRow) -> str:
    """``Payments Risk ML (payments-risk)``, marked when the record is inactive or missing."""
    same = row.owner is None or row.name == row.owner
    name = plain(row.name) if same else f"{plain(row.name)} ({plain(row.owner)})"
    if row.active is None:
        return f"{name}, no such owner"
    return name if row.active else f"{name}, inactive"


def owner_text(action: Action) -> str:
    c = action.contact
    if c.owner is None:
        return "no owner"
    who = f"{plain(c.owner_name)} ({plain(c.owner)})" if c.owner_name else plain(c.owner)
    return (
        who if c.status == "active" else f"{who}, {'inactive' if c.status == 'inactive' else 'no such owner'}"
    )


def reach_text(action: Action) -> str:
    c = action.contact
    return f"{plain(c.reach)} (via {plain(c.via)})" if c.via else plain(c.reach)


def since_text(action: Action) -> str:
    if action.open_since is None:
        return "new"
    return f"before {action.open_since.isoformat()}" if action.open_before else action.open_since.isoformat()


def detail_text(action: Action) -> str:
    """The finding's message, unless it only repeats the rule's title."""
    message = plain(action.finding.message)
    return "" if message.lower().rstrip(".") == action.title.lower().rstrip(".") else message


def where_text(action: Action) -> str:
    f = action.finding
    return f"{plain(f.path)}:{f.line}"


def weeks_text(row: PilotRow, limit: int) -> str:
    if row.weeks_elapsed is None:
        return f"– of {limit}"
    return f"{row.weeks_elapsed:g} of {limit}"


def planned_text(row: PilotRow) -> str:
    if row.planned_end is None:
        return "–"
    length = f" ({row.planned_weeks:g} weeks)" if row.planned_weeks is not None else ""
    return f"{row.planned_end.isoformat()}{length}"


def decision_text(row: PilotRow) -> str:
    decision = plain(row.decision) if row.decision else "none"
    return f"{decision} ({row.decided.isoformat()})" if row.decided and row.decision else decision


def score_text(value: float | None) -> str:
    return "–" if value is None else f"{value:.2f}"


def weights_text(report: SteeringReport) -> str:
    w = report.policy.priority_weights
    return ", ".join(f"{name} {w.get(name, 1):g}" for name in ("impact", "feasibility", "readiness"))


DEFINITIONS = (
    "A model is in scope unless it is retired; it is compliant when no finding at or above the policy's "
    "fail_on severity names it (error, unless registry.yaml says otherwise).",
    "Open since: the first weekly audit of the trend from which the error stayed open; "
    "\u201cbefore\u201d means it was already open when the trend starts, \u201cnew\u201d that the last "
    "commit does not have it yet.",
    "Each trend point is the registry at the week's last commit, audited as of the week's last day "
    "(the current week: as of the report's date), so a past week is judged by that week's calendar.",
)
