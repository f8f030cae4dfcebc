"""A model's validation and bias-test state in one word, and a registry's compliance counts.

The console shows these words and numbers (its table, its header) and filters on the
words; the index stores both so that a lead filters every registry the same way. Both
take them from here, so that "overdue" and "compliant" mean one thing wherever read.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, fields
from datetime import date
from typing import TYPE_CHECKING

from registry.findings import Finding, Severity

if TYPE_CHECKING:
    from registry.model import Policy
    from registry.summary import ModelSummary


def whole_percent(share: float) -> int:
    """A share as a whole percent, as coverage.py shows coverage: rounded, except that
    only everything is 100% and only nothing is 0%. 249 of 250 models compliant is 99%;
    rounded it would read as the clean bill of health it is not."""
    exact = share * 100
    if 0 < exact < 1:
        return 1
    if 99 < exact < 100:
        return 99
    return round(exact)


# Status words for the validation and bias columns, worst first (also their sort order).
VALIDATION_STATES = ("overdue", "missing", "outdated", "due", "waived", "ok", "-")
BIAS_STATES = ("missing", "overdue", "failed", "waived", "ok", "-")


@dataclass(frozen=True, slots=True)
class ModelStatus:
    """Dates, ages in days on the audit's date, and the state words of one model."""

    validation_date: date | None
    validation_age: int | None
    validation_state: str
    bias_date: date | None
    bias_age: int | None
    bias_state: str

    @classmethod
    def aged(
        cls, today: date, vdate: date | None, vstate: str, bdate: date | None, bstate: str
    ) -> ModelStatus:
        """The status with the ages of its validation and bias-test dates in days on ``today``."""
        return cls(vdate, _age(today, vdate), vstate, bdate, _age(today, bdate), bstate)


def _age(today: date, day: date | None) -> int | None:
    return (today - day).days if day else None


@dataclass(slots=True)
class Counts:
    """A registry's numbers at one audit: its models, how many comply, its open findings.

    The index keeps them for the registry's last sync and for every snapshot (one
    column per field), and the console's header shows them.
    """

    models: int = 0
    active: int = 0  # not retired
    compliant: int = 0  # active models without a finding at or above fail_on
    errors: int = 0
    warnings: int = 0
    infos: int = 0
    waived: int = 0

    @property
    def compliant_share(self) -> float:
        return self.compliant / self.active if self.active else 1.0

    @classmethod
    def total(cls, parts: Sequence[Counts]) -> Counts:
        """Several registries' counts added up (the console's header over the index)."""
        return cls(**{f.name: sum(getattr(p, f.name) for p in parts) for f in fields(cls)})


def parse_day(text: str | None) -> date | None:
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        return None


def _validation_state(summary: ModelSummary, findings: Iterable[Finding], rules: Counter[str]) -> str:
    for f in findings:
        if f.rule == "VAL002":
            return "overdue" if f.severity is Severity.ERROR else "due"
    if rules.get("VAL001"):
        return "missing"
    if rules.get("VAL003"):
        return "outdated"
    return "ok" if summary.validation_date else "-"


def _bias_state(summary: ModelSummary, rules: Counter[str]) -> str:
    if rules.get("BIA001"):
        return "missing"
    if rules.get("BIA002"):
        return "overdue"
    if rules.get("BIA003"):
        return "failed"
    if summary.bias_date is None:
        return "-"
    return "failed" if summary.bias_result == "fail" else "ok"


def _waived(state: str, age: int | None, limit: int | None, code: str, policy: Policy | None) -> str:
    """An "ok" that is only ok because a waiver (or an override) silenced the rule."""
    if state != "ok" or age is None or limit is None or policy is None or age <= limit:
        return state
    return "ok" if policy.overrides.get(code) == "off" else "waived"


def model_status(
    summary: ModelSummary,
    findings: list[Finding],
    today: date,
    policy: Policy | None = None,
    rules: Counter[str] | None = None,
    waived: Iterable[str] | None = None,
) -> ModelStatus:
    """The state words for one model from its summary and its (unwaived) findings.

    ``waived`` names the rules whose findings a waiver silenced, when the caller knows
    them (the index and the console do): a missing bias test that is waived reads
    "waived", not "-". Without it, an "ok" older than the policy allows is taken for
    a waived one; with it, only a waiver makes "waived" (a retired model's old
    validation is not waived: no rule asks for it).
    """
    rules = rules if rules is not None else Counter(f.rule for f in findings)
    guess = waived is None
    silenced = set(waived or ())
    vdate = parse_day(summary.validation_date)
    bdate = parse_day(summary.bias_date)
    vage = _age(today, vdate)
    bage = _age(today, bdate)
    risk = summary.risk_tier or "?"
    live = summary.stage in ("pilot", "production")
    vlimit = policy.validation_max_age_days.get(risk) if policy is not None else None
    blimit = (
        policy.bias_test_max_age_days
        if policy is not None and live and risk in policy.bias_test_required_for
        else None
    )
    validation = _validation_state(summary, findings, rules)
    bias = _bias_state(summary, rules)
    if guess:
        validation = _waived(validation, vage, vlimit, "VAL002", policy)
        bias = _waived(bias, bage, blimit, "BIA002", policy)
    if validation in ("ok", "-") and silenced & {"VAL001", "VAL002", "VAL003"}:
        validation = "waived"
    if bias in ("ok", "-") and silenced & {"BIA001", "BIA002", "BIA003"}:
        bias = "waived"
    return ModelStatus.aged(today, vdate, validation, bdate, bias)
