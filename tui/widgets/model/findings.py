"""The Findings tab: each finding with why it matters and how to fix it; Enter jumps to it."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.message import Message
from textual.style import Style
from textual.widgets import ListItem, ListView, Static

from registry import Finding, load_catalog
from registry.textsafe import clean
from tui import severity
from tui.severity import ACCENT, GLYPH, MUTED, OK, Palette


def finding_content(palette: Palette, finding: Finding, waived: bool = False) -> tuple[Content, Content]:
    """A finding's title line, and its body: message, place, why it matters, how to fix it.

    A ``waived`` finding (a waiver silences it: it counts nowhere) is drawn muted.
    """
    rule = load_catalog().get(finding.rule)
    where = f"{clean(finding.path)}:{finding.line}:{finding.column}"
    if finding.field:
        where += f"  ({clean(finding.field)})"
    if waived:
        headline = f"○ {finding.rule} waived ({finding.severity.value})"
        style = palette.content(MUTED, bold=True)
    else:
        headline = f"{GLYPH[finding.severity]} {finding.rule} {finding.severity.value}"
        style = palette.severity(finding.severity)
    title = Content.assemble(
        (headline, style),
        "  ",
        (rule.title if rule else "", "bold"),
    )
    parts: list[str | tuple[str, str | Style]] = [
        clean(finding.message),
        "\n",
        ("at ", palette.content(MUTED)),
        (where, palette.content(ACCENT)),
    ]
    if rule:
        fix = palette.content(OK, bold=True)
        parts += ["\n", ("Why: ", "bold"), rule.rationale, "\n", ("Fix: ", fix), rule.fix]
    return title, Content.assemble(*parts)


class FindingItem(ListItem):
    """One finding; the body is indented as a block, so wrapped lines stay under it."""

    def __init__(self, finding: Finding, palette: Palette, *, waived: bool = False) -> None:
        title, body = finding_content(palette, finding, waived)
        super().__init__(Static(title), Static(body, classes="finding-body"))
        self.finding = finding


class FindingsPane(Vertical):
    """A model's findings, worst first; "no findings" when it meets every rule."""

    COMPONENT_CLASSES: ClassVar[set[str]] = set(severity.COMPONENT_CLASSES)

    @dataclass
    class Jump(Message):
        """Enter on a finding: show the place it points at."""

        finding: Finding

    def compose(self) -> ComposeResult:
        yield Static(id="findings-empty", classes="hidden")
        yield ListView(id="findings-list")

    def show_findings(
        self, findings: list[Finding], focus: Finding | None = None, waived: list[Finding] | None = None
    ) -> None:
        """List ``findings``, then the ``waived`` ones; the cursor goes to ``focus`` when listed."""
        palette = Palette.of(self)
        empty = self.query_one("#findings-empty", Static)
        listing = self.query_one("#findings-list", ListView)
        listing.clear()
        waived = waived or []
        if findings:
            empty.add_class("hidden")
        else:
            also = f" ({len(waived)} waived, below)" if waived else ""
            empty.update(
                Content.styled(
                    f"{GLYPH[None]} No findings: this model meets every rule{also}.", palette.content(OK)
                )
            )
            empty.remove_class("hidden")
        ordered = sorted(findings, key=lambda f: (-f.severity.rank, f.path, f.line, f.rule))
        listing.extend(FindingItem(f, palette) for f in ordered)
        listing.extend(FindingItem(f, palette, waived=True) for f in waived)
        if ordered or waived:
            index = ordered.index(focus) if focus is not None and focus in ordered else 0
            self.call_after_refresh(setattr, listing, "index", index)

    @on(ListView.Selected, "#findings-list")
    def _selected(self, event: ListView.Selected) -> None:
        event.stop()
        if isinstance(event.item, FindingItem):
            self.post_message(self.Jump(event.item.finding))
