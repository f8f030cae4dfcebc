"""The Card tab: a model card as a governance lead reads it, grouped and labelled.

Each section is a small function of the card; :func:`card_summary` stacks them.
Sections that a card does not have (metrics, training data, pilot, incidents,
waivers) are left out rather than shown empty.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from registry.model import ModelCard
from registry.textsafe import clean
from tui import severity
from tui.severity import ERROR, MUTED, WARNING, Palette
from tui.widgets.model.format import Value, age, grid, heading, show

Section = Callable[[ModelCard, date, Palette], list[RenderableType]]


def _title(card: ModelCard) -> Text:
    title = Text()
    title.append(clean(card.name), style="bold")
    title.append(f"  {clean(card.folder)}", style="dim")
    if card.version:
        title.append(f"  v{clean(card.version)}")
    return title


def _top_level(card: ModelCard, labels: tuple[tuple[str, str], ...]) -> RenderableType:
    return grid([(label, card.get(key)) for label, key in labels])


def _identity(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    return [
        _top_level(
            card,
            (
                ("Stage", "stage"),
                ("Risk tier", "risk_tier"),
                ("Kind", "kind"),
                ("Owner", "owner"),
                ("Backup owner", "backup_owner"),
                ("Sponsor", "sponsor"),
                ("Tags", "tags"),
            ),
        )
    ]


def _purpose(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    uses = (
        ("Purpose", "purpose"),
        ("Intended use", "intended_use"),
        ("Out of scope", "out_of_scope"),
        ("Human oversight", "human_oversight"),
    )
    out: list[RenderableType] = [heading("Purpose and use"), _top_level(card, uses)]
    limitations = card.get_list("limitations")
    if limitations:
        out.append(Text("Limitations", style="bold"))
        out.extend(Text(f"  • {show(item)}") for item in limitations)
    return out


def _validation(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    validation = card.get_map("validation")
    if not validation:
        return [heading("Validation"), Text("No validation recorded.", style=palette.rich(WARNING))]
    when = Text(show(validation.get("date")) + age(card.get_date("validation", "date"), today))
    rows = [
        ("Date", when),
        ("Result", validation.get("result")),
        ("Validator", validation.get("validator")),
        ("Model version", validation.get("model_version")),
        ("Evidence", validation.get("evidence")),
    ]
    return [heading("Validation"), grid(rows)]


def _bias_tests(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    tests = [t for t in card.get_list("bias_tests") if isinstance(t, dict)]
    if not tests:
        return [heading("Bias tests"), Text("No bias test recorded.", style=palette.rich(MUTED))]
    table = Table(box=None, padding=(0, 1), show_edge=False, expand=False)
    for col in ("Date", "Result", "Method", "Attributes", "Mitigation"):
        table.add_column(col, overflow="fold")
    for test in sorted(tests, key=lambda t: show(t.get("date")), reverse=True):
        result = show(test.get("result"))
        table.add_row(
            Text(show(test.get("date"))),
            Text(result, style=palette.rich(ERROR) if result == "fail" else ""),
            Text(show(test.get("method"))),
            Text(show(test.get("attributes"))),
            Text(show(test.get("mitigation")) if test.get("mitigation") else ""),
        )
    return [heading("Bias tests"), table]


def _metrics(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    if not card.get_map("metrics"):
        return []
    table = Table(box=None, padding=(0, 1), show_edge=False)
    for col in ("Kind", "Metric", "Value", "Baseline", "Target / max", "Unit"):
        table.add_column(col, overflow="fold")
    for kind in ("model", "business", "guardrails"):
        for m in card.get_list("metrics", kind):
            if not isinstance(m, dict):
                continue
            bound = m.get("target", m.get("max"))
            table.add_row(
                *(Text(show(v)) for v in (kind, m.get("name"), m.get("value"), m.get("baseline"), bound)),
                Text(show(m.get("unit")) if m.get("unit") is not None else ""),
            )
    return [heading("Metrics"), table]


def _operations(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    monitoring = card.get_map("monitoring")
    fallback = card.get_map("fallback")
    rows = [
        ("Drift monitoring", monitoring.get("drift")),
        ("Alerts", monitoring.get("alerts")),
        ("Dashboard", monitoring.get("dashboard")),
        ("Fallback route", fallback.get("route")),
        ("Confidence floor", fallback.get("confidence_threshold")),
        ("Deployment", card.get("deployment")),
    ]
    return [heading("Operations"), grid(rows)]


def _mapping(title: str, key: str, labels: tuple[tuple[str, str], ...]) -> Section:
    """A section listing some keys of one mapping of the card; absent when the card has none."""

    def section(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
        values = card.get_map(key)
        if not values:
            return []
        return [heading(title), grid([(label, values.get(k)) for label, k in labels])]

    return section


_training = _mapping(
    "Training data",
    "training_data",
    (
        ("Sources", "sources"),
        ("Snapshot", "snapshot"),
        ("Contains PII", "contains_pii"),
        ("Privacy review", "privacy_review"),
    ),
)
_pilot = _mapping(
    "Pilot",
    "pilot",
    (
        ("Start", "start"),
        ("End", "end"),
        ("Exit criteria", "exit_criteria"),
        ("Decision", "decision"),
        ("Decided", "decided"),
    ),
)


def _listing(title: str, key: str, line: Callable[[dict[str, Value], Palette], Text]) -> Section:
    """A section with one line per entry of a list of the card; absent when it is empty."""

    def section(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
        entries = [entry for entry in card.get_list(key) if isinstance(entry, dict)]
        if not entries:
            return []
        return [heading(title), *(line(entry, palette) for entry in entries)]

    return section


def _incident(inc: dict[str, Value], palette: Palette) -> Text:
    line = Text(f"  {show(inc.get('date'))}  {show(inc.get('severity'))}  {show(inc.get('summary'))}")
    if not inc.get("review"):
        line.append("  (no review)", style=palette.rich(WARNING))
    return line


def _waiver(w: dict[str, Value], palette: Palette) -> Text:
    return Text(
        f"  {show(w.get('rule'))} until {show(w.get('expires'))}, approved by "
        f"{show(w.get('approved_by'))}: {show(w.get('reason'))}"
    )


_incidents = _listing("Incidents", "incidents", _incident)
_waivers = _listing("Waivers", "waivers", _waiver)


def _files(card: ModelCard, today: date, palette: Palette) -> list[RenderableType]:
    runbook = card.runbook.path if card.runbook else "none"
    return [heading("Files"), grid([("Card", card.path), ("Runbook", runbook)])]


SECTIONS: tuple[Section, ...] = (
    _identity,
    _purpose,
    _validation,
    _bias_tests,
    _metrics,
    _operations,
    _training,
    _pilot,
    _incidents,
    _waivers,
    _files,
)


def card_summary(card: ModelCard, today: date, palette: Palette) -> RenderableType:
    """The card grouped and labelled, never raw; a card that cannot be read says why."""
    parts: list[RenderableType] = [_title(card)]
    if card.broken and card.error:
        message = f"This card cannot be read: {clean(card.error.message)} (line {card.error.line})"
        return Group(*parts, Text(message, style=palette.rich(ERROR)))
    for section in SECTIONS:
        parts.extend(section(card, today, palette))
    return Group(*parts)


class CardSummary(Static):
    """The Card tab's body."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    def show_card(self, card: ModelCard, today: date) -> None:
        self.update(card_summary(card, today, Palette.of(self)))
