"""``registry trend`` as text (a table with bars and a sparkline), JSON or CSV.

Pure functions of a :class:`registry.trend.Trend`: the table a lead reads in a
terminal, and the rows a spreadsheet or a dashboard imports.
"""

from __future__ import annotations

import csv
import io
from typing import TYPE_CHECKING

from registry.report.json_report import dumps
from registry.status import whole_percent
from registry.textsafe import clean
from registry.trend import SEVERITIES, Trend, TrendPoint

if TYPE_CHECKING:  # pragma: no cover
    from rich.text import Text

SPARKS = "▁▂▃▄▅▆▇█"
_EIGHTHS = " ▏▎▍▌▋▊▉"
BAR_WIDTH = 20


def sparkline(shares: list[float | None], min_span: float = 0.10) -> str:
    """One character per point, ▁ for the lowest share and █ for the highest; a gap where
    there is no audit. The scale spans at least ``min_span`` (ten points) so that a flat
    curve looks flat rather than jagged."""
    known = [s for s in shares if s is not None]
    if not known:
        return " " * len(shares)
    high = max(known)
    low = min(min(known), max(0.0, high - min_span))
    span = max(high - low, min_span)
    out = []
    for share in shares:
        if share is None:
            out.append(" ")
        else:
            out.append(SPARKS[min(len(SPARKS) - 1, int((share - low) / span * len(SPARKS)))])
    return "".join(out)


def bar(share: float, width: int = BAR_WIDTH) -> str:
    """A horizontal bar of ``width`` cells, in eighths of a cell."""
    eighths = round(share * width * 8)
    full, rest = divmod(eighths, 8)
    text = "█" * full + (_EIGHTHS[rest] if rest else "")
    return text.ljust(width)


def percent(share: float | None) -> str:
    return "-" if share is None else f"{whole_percent(share)}%"


def headline(trend: Trend) -> str:
    """``64% → 78% (+14 points)`` from the first audited point to the last."""
    audited = [p.tally.share for p in trend.audited() if p.tally is not None and p.tally.share is not None]
    if not audited:
        return "no audited point"
    first, last = audited[0], audited[-1]
    delta = whole_percent(last) - whole_percent(first)
    return f"{percent(first)} → {percent(last)} ({delta:+d} points)"


def render_text(trend: Trend, color: bool = False, width: int | None = None) -> str:
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    unit = "Week" if trend.every == "week" else "Month"
    table = Table(box=None, pad_edge=False, header_style="bold")
    for name in (unit, "Audited on", "Commit", "Compliant", "", "Errors", "Warnings", "Info"):
        table.add_column(name, justify="right" if name in ("Errors", "Warnings", "Info", "") else "left")
    for point in trend.points:
        table.add_row(*_row(point, Text))
    console = Console(
        file=io.StringIO(),
        no_color=not color,
        force_terminal=color,
        highlight=False,
        markup=False,
        width=width or 200,
    )
    every = "weekly" if trend.every == "week" else "monthly"
    console.print(
        Text(
            f"Compliance of {clean(trend.registry)}, {every} from {trend.since.isoformat()} "
            f"to {trend.until.isoformat()}",
            style="bold",
        )
    )
    console.print(
        f"Each point: the registry at the period's last commit on the first-parent line of "
        f"{trend.tip[:12]}, audited as of the period's last day. Compliant: models not retired "
        "with no finding at or above fail_on."
    )
    console.print()
    console.print(table)
    console.print()
    shares = [p.tally.share if p.tally is not None else None for p in trend.points]
    console.print(
        Text.assemble(("Compliant share  ", "bold"), (sparkline(shares), "green"), f"  {headline(trend)}")
    )
    assert isinstance(console.file, io.StringIO)
    return console.file.getvalue()


def _row(point: TrendPoint, text: type[Text]) -> list[Text | str]:
    t = point.tally
    sha = point.revision[:12] if point.revision else "-"
    if t is None:
        note = clean(point.note or "no audit")
        return [point.period.label, point.today.isoformat(), sha, text(note, style="dim"), "", "", "", ""]
    share = t.share
    style = "green" if share is not None and share >= 0.8 else "yellow" if share and share >= 0.5 else "red"
    counts = t.counts
    return [
        point.period.label,
        point.today.isoformat(),
        sha,
        text(bar(share or 0.0), style=style),
        f"{t.compliant}/{t.in_scope} {percent(share)}",
        text(str(counts["error"]), style="bold red" if counts["error"] else ""),
        text(str(counts["warning"]), style="yellow" if counts["warning"] else ""),
        str(counts["info"]),
    ]


def render_json(trend: Trend) -> str:
    return dumps(trend.to_dict()) + "\n"


CSV_COLUMNS = (
    "period",
    "start",
    "end",
    "today",
    "revision",
    "committed",
    "models",
    "in_scope",
    "compliant",
    "compliant_share",
    *SEVERITIES,
    "note",
)


def _cell(value: object) -> str:
    """A CSV cell that a spreadsheet shows as text, never runs as a formula."""
    if value is None:
        return ""
    text = clean(value)
    return "'" + text if text[:1] in ("=", "+", "-", "@") else text


def render_csv(trend: Trend) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(CSV_COLUMNS)
    for point in trend.points:
        row = point.to_dict()
        summary = row.pop("summary") or {}
        writer.writerow(
            [_cell(row[c]) for c in CSV_COLUMNS[:10]]
            + [_cell(summary.get(s)) for s in SEVERITIES]
            + [_cell(row["note"])]
        )
    return buffer.getvalue()
