"""``registry report --format html``: one self-contained page for a risk committee.

Built with Jinja2 and autoescaping (``templates/steering.html.j2``): card text is
escaped by the engine, never concatenated into markup. The page loads nothing: styles
are inline, charts are inline SVG whose geometry is computed here, and a Content
Security Policy forbids every fetch, so it reads the same offline, in a mail client's
viewer and printed on A4.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from typing import TYPE_CHECKING

from registry.report import steering_common as say
from registry.steering import PilotRow, SteeringReport
from registry.trend import Trend

if TYPE_CHECKING:  # pragma: no cover
    from jinja2 import Environment
    from markupsafe import Markup

#: Shares at or above this look healthy (green), below ``WEAK`` poor (red), amber between.
GOOD, WEAK = 0.8, 0.5


def tone(share: float | None) -> str:
    """The CSS class for a compliance share."""
    if share is None:
        return "none"
    return "good" if share >= GOOD else "warn" if share >= WEAK else "bad"


@dataclass(frozen=True, slots=True)
class ChartPoint:
    x: float
    y: float | None  # None: no audit at this point
    label: str  # the period, as the axis shows it
    caption: str  # the hover text


@dataclass(frozen=True, slots=True)
class Bar:
    x: float
    width: float
    errors: float  # heights in chart units
    warnings: float
    caption: str


@dataclass(frozen=True, slots=True)
class TrendChart:
    """A line of the compliant share and bars of open findings, in a 640 by 230 box."""

    width: int
    height: int
    top: int
    bottom: int  # y of the 0 % line
    left: int
    right: int
    points: list[ChartPoint]
    bars: list[Bar]
    bars_top: int
    bars_bottom: int
    most: int  # the largest finding count (the bars' scale)
    ticks: list[ChartPoint]  # x-axis labels

    @property
    def line(self) -> str:
        """SVG path data through the audited points (a gap where a point has none)."""
        parts, pen = [], "M"
        for p in self.points:
            if p.y is None:
                pen = "M"
                continue
            parts.append(f"{pen}{p.x:.1f},{p.y:.1f}")
            pen = "L"
        return " ".join(parts)

    def y_of(self, share: float) -> float:
        return self.bottom - share * (self.bottom - self.top)


def trend_chart(trend: Trend) -> TrendChart:
    width, left, right = 640, 44, 16
    top, bottom, bars_top, bars_bottom = 12, 132, 150, 206
    count = len(trend.points)
    step = (width - left - right) / max(count, 1)
    most = max(
        (p.tally.counts["error"] + p.tally.counts["warning"] for p in trend.audited() if p.tally), default=0
    )
    points, bars, ticks = [], [], []
    every = max(1, round(count / 8))
    for index, point in enumerate(trend.points):
        x = left + step * (index + 0.5)
        t = point.tally
        short = point.period.label.split("-")[-1] if trend.every == "week" else point.period.label
        share = t.share if t is not None else None
        y = bottom - share * (bottom - top) if share is not None else None
        caption = f"{point.period.label}, as of {point.today.isoformat()}: " + (
            f"{say.percent(share)} compliant ({t.compliant}/{t.in_scope}), {t.counts['error']} errors, "
            f"{t.counts['warning']} warnings"
            if t is not None
            else say.plain(point.note or "no audit")
        )
        points.append(ChartPoint(x, y, short, caption))
        if t is not None and most:
            scale = (bars_bottom - bars_top) / most
            bars.append(
                Bar(
                    x - step * 0.35,
                    step * 0.7,
                    t.counts["error"] * scale,
                    t.counts["warning"] * scale,
                    caption,
                )
            )
        if index % every == 0 or (index == count - 1 and index % every > every // 2):
            ticks.append(ChartPoint(x, None, short, point.today.isoformat()))
    return TrendChart(width, 230, top, bottom, left, right, points, bars, bars_top, bars_bottom, most, ticks)


@dataclass(frozen=True, slots=True)
class PilotBar:
    """A pilot's weeks against its time box, in percent of the bar's width."""

    elapsed: float
    limit: float  # where the time box ends
    planned: float | None  # where the planned end falls
    over: bool


def pilot_bar(row: PilotRow, limit_weeks: int) -> PilotBar:
    span = max(limit_weeks, row.weeks_elapsed or 0, row.planned_weeks or 0, 1) * 1.05
    elapsed = min(row.weeks_elapsed or 0, span) / span * 100
    planned = (row.planned_weeks / span * 100) if row.planned_weeks is not None else None
    over = (row.weeks_elapsed or 0) > limit_weeks and row.status != "decided"
    return PilotBar(elapsed, limit_weeks / span * 100, planned, over)


def fix_markup(text: str) -> Markup:
    """Catalog fix text (ours, not a card's) with its `code` spans set as code, escaped."""
    from markupsafe import Markup, escape

    parts = text.split("`")
    if len(parts) % 2 == 0:  # an unmatched backtick: show the text as it is
        return Markup(escape(text))
    return Markup("").join(
        escape(p) if i % 2 == 0 else Markup("<code>%s</code>") % p for i, p in enumerate(parts)
    )


@cache
def environment() -> Environment:
    from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape

    env = Environment(
        loader=PackageLoader("registry.report", "templates"),
        autoescape=select_autoescape(default=True, default_for_string=True),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    env.globals.update(say=say, tone=tone, pilot_bar=pilot_bar, fix_markup=fix_markup)
    return env


def render(report: SteeringReport) -> str:
    chart = trend_chart(report.trend) if report.trend is not None else None
    decisions_due = [p for p in report.pilots if p.status in ("past planned end", "over time box")]
    return (
        environment()
        .get_template("steering.html.j2")
        .render(r=report, chart=chart, decisions_due=decisions_due)
    )
