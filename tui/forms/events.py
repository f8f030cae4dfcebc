"""``v``, ``b``, ``w``: record a validation, a bias test or a waiver on the model shown.

Dates are typed as ``YYYY-MM-DD`` and judged by the card schema as the user types;
people and teams are suggested from the owner records, rule codes from the model's
own findings first.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from pathlib import Path
from typing import ClassVar

from textual.app import ComposeResult
from textual.suggester import SuggestFromList
from textual.widgets import Input, Select, TextArea

from registry.edit import (
    BIAS_RESULTS,
    VALIDATION_RESULTS,
    RecordBiasTest,
    RecordValidation,
    RecordWaiver,
    Request,
    card_path,
)
from registry.model import Owner
from tui.forms.base import EditForm, FormProblem, field_row


class EventForm(EditForm):
    """A governance event on one model."""

    def __init__(
        self, root: Path, today: date, model: str, owners: Mapping[str, Owner], heading: str
    ) -> None:
        super().__init__(root, today, heading)
        self.model = model
        self.people = SuggestFromList(sorted(owners), case_sensitive=False)

    def text(self, fid: str, *, required: str = "") -> str:
        """A field's value; ``required`` is the message when it is empty."""
        widget = self.query_one(f"#{fid}")
        value = (
            widget.text if isinstance(widget, TextArea) else widget.value if isinstance(widget, Input) else ""
        )
        if isinstance(widget, Select):
            value = widget.value if isinstance(widget.value, str) else ""
        if required and not value.strip():
            raise FormProblem(required, fid)
        return value.strip()

    def lines(self, fid: str) -> tuple[str, ...]:
        return tuple(line.strip() for line in self.text(fid).splitlines() if line.strip())

    def event_request(
        self, operation: RecordValidation | RecordBiasTest | RecordWaiver, what: str, subject: str
    ) -> Request:
        return Request({card_path(self.root, self.model): [operation]}, what=what, subject=subject)


class ValidationForm(EventForm):
    FIELDS: ClassVar[dict[str, str]] = {"validation.date": "date", "validation.evidence": "evidence"}

    def __init__(self, root: Path, today: date, model: str, owners: Mapping[str, Owner]) -> None:
        super().__init__(root, today, model, owners, f"Record a validation of {model} (its current version)")

    def fields(self) -> ComposeResult:
        yield field_row(
            "Validator",
            Input(placeholder="owner id or person", suggester=self.people, compact=True, id="validator"),
            hint="independent of the model's owner",
        )
        yield field_row(
            "Result",
            Select(
                [(r, r) for r in VALIDATION_RESULTS],
                value="pass",
                allow_blank=False,
                compact=True,
                id="result",
            ),
        )
        yield field_row(
            "Date", Input(self.today.isoformat(), placeholder="YYYY-MM-DD", compact=True, id="date")
        )
        yield field_row(
            "Evidence", Input(placeholder="https://… link to the report", compact=True, id="evidence")
        )
        yield field_row("Conditions", TextArea(id="conditions"), hint="for a conditional pass: one per line")

    def request(self) -> Request:
        event = RecordValidation(
            self.text("validator", required="validator: who validated the model?"),
            self.text("result"),
            self.text("date", required="date: when was it validated (YYYY-MM-DD)?"),
            self.text("evidence") or None,
            self.lines("conditions"),
        )
        return self.event_request(
            event, "validation", f"registry: record the validation of {self.model} ({event.result})"
        )


class BiasTestForm(EventForm):
    FIELDS: ClassVar[dict[str, str]] = {"bias_tests[-1].date": "date"}

    def __init__(self, root: Path, today: date, model: str, owners: Mapping[str, Owner]) -> None:
        super().__init__(root, today, model, owners, f"Record a bias test of {model}")

    def fields(self) -> ComposeResult:
        yield field_row(
            "Method", Input(placeholder="e.g. demographic parity by age band", compact=True, id="method")
        )
        yield field_row(
            "Result",
            Select(
                [(r, r) for r in BIAS_RESULTS], value="pass", allow_blank=False, compact=True, id="result"
            ),
        )
        yield field_row(
            "Attributes",
            Input(placeholder="age_band, region", compact=True, id="attributes"),
            hint="comma-separated",
        )
        yield field_row(
            "Mitigation", Input(placeholder="what is done about a failed test", compact=True, id="mitigation")
        )
        yield field_row("Evidence", Input(placeholder="https://…", compact=True, id="evidence"))
        yield field_row(
            "Date", Input(self.today.isoformat(), placeholder="YYYY-MM-DD", compact=True, id="date")
        )

    def request(self) -> Request:
        attributes: Sequence[str] = [a.strip() for a in self.text("attributes").split(",") if a.strip()]
        event = RecordBiasTest(
            self.text("method", required="method: how was the model tested?"),
            self.text("result"),
            self.text("date", required="date: when was it tested (YYYY-MM-DD)?"),
            tuple(attributes),
            self.text("mitigation") or None,
            self.text("evidence") or None,
        )
        return self.event_request(
            event, "bias-test", f"registry: record a bias test of {self.model} ({event.result})"
        )


class WaiverForm(EventForm):
    FIELDS: ClassVar[dict[str, str]] = {}

    def __init__(
        self, root: Path, today: date, model: str, owners: Mapping[str, Owner], rules: Sequence[str]
    ) -> None:
        super().__init__(root, today, model, owners, f"Record a waiver for {model}")
        self.rules = SuggestFromList(list(rules), case_sensitive=False)

    def fields(self) -> ComposeResult:
        yield field_row(
            "Rule", Input(placeholder="e.g. MON001", suggester=self.rules, compact=True, id="rule")
        )
        yield field_row(
            "Reason", Input(placeholder="why the rule does not apply, for now", compact=True, id="reason")
        )
        yield field_row(
            "Approved by",
            Input(placeholder="owner id or person", suggester=self.people, compact=True, id="approved_by"),
            hint="independent of the model's owner",
        )
        expires = (self.today + timedelta(days=90)).isoformat()
        yield field_row("Expires", Input(expires, placeholder="YYYY-MM-DD", compact=True, id="expires"))

    def request(self) -> Request:
        waiver = RecordWaiver(
            self.text("rule", required="rule: which rule is waived?").upper(),
            self.text("reason", required="reason: why is it waived?"),
            self.text("approved_by", required="approved by: who approved the waiver?"),
            self.text("expires", required="expires: until when (YYYY-MM-DD)?"),
        )
        return self.event_request(
            waiver, f"waive-{waiver.rule.lower()}", f"registry: waive {waiver.rule} for {self.model}"
        )
