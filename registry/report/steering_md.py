"""``registry report --format md``: the steering report as GitHub-flavoured Markdown.

Card text is data: every value from a card or owner file goes through :func:`md`,
which makes it literal text for GitHub's renderer (cmark-gfm): HTML is written as
entities, Markdown punctuation is backslash-escaped, table pipes are escaped, and
text that GitHub would turn into a link on its own (a bare URL, ``www.``, an e-mail
address) is set as code, where nothing is linked. The only links are evidence and
dashboard URLs that :func:`registry.steering.safe_url` accepted.
"""

from __future__ import annotations

import re

from registry.report import steering_common as say
from registry.steering import SteeringReport
from registry.trend import SEVERITIES

_INLINE = re.compile(r"([\\`*_\[\]|~])")
_LINKISH = re.compile(r"@|:/|www\.", re.IGNORECASE)
_BLOCK_START = re.compile(r"^([+=-])")
_NUMBERED = re.compile(r"^(\d+)([.)])")


def md(value: object, cell: bool = True) -> str:
    """``value`` as literal Markdown text (``cell``: inside a table, where ``|`` ends a cell)."""
    text = say.plain(value)
    if not text:
        return ""
    if _LINKISH.search(text):
        return code(text, cell)
    text = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    text = _INLINE.sub(r"\\\1", text)
    if cell:  # a table cell is inline text: no list, heading or quote can start there
        return text
    text = _BLOCK_START.sub(r"\\\1", text).replace("#", "\\#")
    return _NUMBERED.sub(r"\1\\\2", text)


def fix_md(text: str) -> str:
    """Catalog fix text (ours, not a card's): its `code` spans stay code, the rest is escaped."""
    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: all of it as text
        return md(text)
    return "".join(_spaced(p) if i % 2 == 0 else code(p) for i, p in enumerate(parts) if p)


def _spaced(part: str) -> str:
    """``md`` of a fragment, keeping the spaces that separate it from its neighbours."""
    lead = " " if part[:1].isspace() else ""
    trail = " " if part[-1:].isspace() and part.strip() else ""
    return lead + md(part) + trail


def code(text: str, cell: bool = True) -> str:
    """A code span holding ``text`` literally (GitHub links nothing inside one)."""
    longest = max((len(run) for run in re.findall(r"`+", text)), default=0)
    fence = "`" * (longest + 1)
    if cell:
        text = text.replace("|", "\\|")
    pad = " " if text.startswith(("`", " ")) or text.endswith(("`", " ")) else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def link(label: str, url: str | None) -> str:
    """A link to a URL that passed ``safe_url`` (no spaces, quotes or angle brackets)."""
    return f"[{label}](<{url}>)" if url else ""


def table(head: list[str], rows: list[list[str]], right: frozenset[int] = frozenset()) -> list[str]:
    lines = ["| " + " | ".join(head) + " |"]
    lines.append("|" + "|".join("---:" if i in right else "---" for i in range(len(head))) + "|")
    lines += ["| " + " | ".join(cell or " " for cell in row) + " |" for row in rows]
    return [*lines, ""]


def render(report: SteeringReport) -> str:
    lines = [
        f"# {md(say.title(report), cell=False)}",
        "",
        say.subtitle(report) + " " + say.policy_line(report),
        "",
    ]
    for section in (_headline, _teams, _actions, _pilots, _use_cases, _expiring, _incidents, _trend):
        lines += section(report)
    lines += ["## How to read this report", "", *(f"- {d}" for d in say.DEFINITIONS), ""]
    lines += [f"- Note: {md(n, cell=False)}" for n in report.notes]
    return "\n".join(lines).rstrip("\n") + "\n"


def _headline(report: SteeringReport) -> list[str]:
    h = report.headline
    out = ["## Headline", ""]
    out.append(f"**{say.percent(h.tally.share)} compliant.** {say.compliance_sentence(report)}")
    out.append(say.findings_sentence(report))
    trend = say.trend_sentence(report.trend)
    out += [trend, ""] if trend else [""]
    tiers = list(h.by_risk)
    rows = [[s, *(str(h.grid[s].get(r, 0)) for r in tiers), str(h.by_stage[s])] for s in h.grid]
    rows.append(["**all**", *(str(h.by_risk[r]) for r in tiers), f"**{h.tally.models}**"])
    right = frozenset(range(1, len(tiers) + 2))
    return out + table(["Stage \\ risk", *tiers, "all"], rows, right)


def _teams(report: SteeringReport) -> list[str]:
    rows = [
        [
            md(say.team_name(r)),
            str(r.models),
            f"{r.compliant} ({say.percent(r.share)})",
            str(r.errors),
            str(r.warnings),
            md(r.contact),
        ]
        for r in report.teams
    ]
    head = ["Owner", "Models", "Compliant", "Errors", "Warnings", "Escalation"]
    return ["## Compliance by owner team", "", *table(head, rows, frozenset({1, 2, 3, 4}))]


def _actions(report: SteeringReport) -> list[str]:
    out = [f"## Actions: open errors, oldest first ({len(report.actions)})", ""]
    if not report.actions:
        return [*out, "No open error.", ""]
    rows = []
    for number, a in enumerate(report.actions, 1):
        f = a.finding
        model = md(a.model_name or f.model or "registry")
        detail = say.detail_text(a)
        problem = f"**{f.rule}** {md(a.title)}" + (f": {md(detail)}" if detail else "")
        problem += f" ({code(say.where_text(a))})"
        who = md(say.owner_text(a)) + (f"<br>{md(say.reach_text(a))}" if a.contact.reach else "")
        rows.append([str(number), say.since_text(a), model, problem, who, fix_md(a.fix)])
    return out + table(
        ["#", "Open since", "Model", "Problem", "Owner and contact", "Fix"], rows, frozenset({0})
    )


def _pilots(report: SteeringReport) -> list[str]:
    limit = report.policy.pilot_max_weeks
    out = [f"## Pilots ({len(report.pilots)}): time box {limit} weeks", ""]
    if not report.pilots:
        return [*out, "No model is in pilot.", ""]
    rows = []
    for p in report.pilots:
        criteria = "<br>".join(f"• {md(c)}" for c in p.exit_criteria) or "*none recorded*"
        name = f"**{md(p.name)}**" + (f" {link('dashboard', p.dashboard)}" if p.dashboard else "")
        name += f"<br>{md(p.purpose)}" if p.purpose else ""
        rows.append(
            [
                name,
                md(p.owner),
                say.day(p.start),
                say.weeks_text(p, limit),
                say.planned_text(p),
                criteria,
                md(say.decision_text(p)),
                f"**{p.status}**",
            ]
        )
    head = [
        "Pilot",
        "Owner",
        "Started",
        "Weeks elapsed",
        "Planned end",
        "Exit criteria",
        "Decision",
        "Status",
    ]
    return out + table(head, rows)


def _use_cases(report: SteeringReport) -> list[str]:
    out = ["## Proposed use cases by combined score", "", f"Weights: {say.weights_text(report)}.", ""]
    if not report.use_cases:
        return [*out, "No proposed use case.", ""]
    rows = [
        [
            str(u.rank) if u.rank is not None else "–",
            f"**{md(u.name)}**" + (f"<br>{md(u.purpose)}" if u.purpose else ""),
            md(u.owner),
            md(u.sponsor),
            *(str(v) if v is not None else "–" for v in (u.impact, u.feasibility, u.readiness)),
            f"**{say.score_text(u.score)}**",
            md(u.notes),
        ]
        for u in report.use_cases
    ]
    head = ["Rank", "Use case", "Owner", "Sponsor", "Impact", "Feasibility", "Readiness", "Score", "Notes"]
    return out + table(head, rows, frozenset({0, 4, 5, 6, 7}))


def _expiring(report: SteeringReport) -> list[str]:
    window = report.policy.expiry_warning_days
    out = [f"## Expiring within {window} days", ""]
    if not report.expiring:
        return [*out, "Nothing expires in that window.", ""]
    rows = [
        [
            say.day(e.due),
            say.days_left(e.days_left),
            e.kind,
            md(e.subject),
            md(e.name),
            md(e.owner),
            link("evidence", e.evidence),
        ]
        for e in report.expiring
    ]
    return out + table(["Due", "When", "What", "Limit or rule", "Model", "Owner", "Evidence"], rows)


def _incidents(report: SteeringReport) -> list[str]:
    out = [f"## Incidents without a review ({len(report.incidents)})", ""]
    if not report.incidents:
        return [*out, "Every recorded incident has a review.", ""]
    rows = [
        [say.day(i.day), md(i.name), md(i.severity), md(i.summary), md(i.owner)] for i in report.incidents
    ]
    return out + table(["Date", "Model", "Severity", "Summary", "Owner"], rows)


def _trend(report: SteeringReport) -> list[str]:
    out = ["## Compliance trend", ""]
    trend = report.trend
    if trend is None:
        return [*out, md(report.trend_note or "No trend.", cell=False) + ".", ""]
    from registry.report.trend import sparkline

    shares = [p.tally.share if p.tally is not None else None for p in trend.points]
    span = f"Weekly, {trend.since.isoformat()} to {trend.until.isoformat()}"
    out += [f"{span}: `{sparkline(shares)}` {say.trend_sentence(trend) or ''}".rstrip(), ""]
    rows = []
    for p in trend.points:
        t = p.tally
        sha = f"`{p.revision[:12]}`" if p.revision else "–"
        if t is None:
            rows.append([p.period.label, say.day(p.today), sha, md(p.note or "no audit"), "", "", ""])
            continue
        rows.append(
            [
                p.period.label,
                say.day(p.today),
                sha,
                f"{t.compliant}/{t.in_scope} ({say.percent(t.share)})",
                *(str(t.counts[s]) for s in SEVERITIES),
            ]
        )
    return out + table(
        ["Week", "Audited as of", "Commit", "Compliant", "Errors", "Warnings", "Info"],
        rows,
        frozenset({4, 5, 6}),
    )
