"""One line of the models table per model, and the orders it sorts in.

Filtering a 10,000-model registry happens on every keystroke, which is why each row
carries its search text and facet values precomputed (lowercased) instead of asking
the card again.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import TYPE_CHECKING, Any, Protocol

from registry.findings import Finding, Severity
from registry.status import BIAS_STATES, VALIDATION_STATES, ModelStatus, model_status
from registry.textsafe import clean

if TYPE_CHECKING:
    from registry.model import Policy
    from registry.summary import ModelSummary

STAGE_ORDER = {"production": 0, "pilot": 1, "proposed": 2, "retired": 3}
RISK_ORDER = {"critical": 0, "high": 1, "medium": 2, "low": 3}
SEVERITY_ORDER = {Severity.ERROR: 0, Severity.WARNING: 1, Severity.INFO: 2}


@dataclass(slots=True)
class ModelRow:
    """One line of the models table, with everything filtering and sorting need."""

    id: str
    name: str
    stage: str
    risk: str
    kind: str
    owner: str
    backup: str
    status: ModelStatus  # validation and bias test: dates, ages and state words
    errors: int
    warnings: int
    infos: int
    rules: frozenset[str]
    search: str  # lowercased haystack for free text
    registry: str = ""  # the registry's name, in the console over the index

    @property
    def worst(self) -> Severity | None:
        if self.errors:
            return Severity.ERROR
        if self.warnings:
            return Severity.WARNING
        if self.infos:
            return Severity.INFO
        return None

    @property
    def total(self) -> int:
        return self.errors + self.warnings + self.infos


def build_row(
    summary: ModelSummary, findings: list[Finding], today: date, policy: Policy, waived: list[Finding]
) -> ModelRow:
    """Precompute one table row; all card text goes through :func:`clean` here, once.

    ``waived`` are the model's findings a waiver silenced (they make "waived" in the
    validation and bias columns).
    """
    rules: Counter[str] = Counter(f.rule for f in findings)
    sev = Counter(f.severity for f in findings)
    silenced = {f.rule for f in waived}
    status = model_status(summary, findings, today, policy, rules, waived=silenced)
    return make_row(
        summary,
        summary.folder,
        status,
        (sev.get(Severity.ERROR, 0), sev.get(Severity.WARNING, 0), sev.get(Severity.INFO, 0)),
        frozenset(rules),
    )


class Described(Protocol):
    """What a row shows of a model: a summary from the audit, or a model from the index."""

    @property
    def name(self) -> str: ...
    @property
    def owner(self) -> str | None: ...
    @property
    def backup_owner(self) -> str | None: ...
    @property
    def stage(self) -> str | None: ...
    @property
    def risk_tier(self) -> str | None: ...
    @property
    def kind(self) -> str | None: ...
    @property
    def broken(self) -> bool: ...


def make_row(
    model: Described,
    key: str,
    status: ModelStatus,
    counts: tuple[int, int, int],
    rules: frozenset[str],
    registry: str = "",
) -> ModelRow:
    """A row from what is known of a model; all card text goes through :func:`clean` here, once.

    ``counts`` are its errors, warnings and infos; ``registry`` names its registry in
    the console over the index (and is searched too).
    """
    row_id = clean(key)
    name = clean(model.name)
    owner = clean(model.owner or "")
    backup = clean(model.backup_owner or "")
    stage = model.stage or ("broken" if model.broken else "?")
    risk = model.risk_tier or "?"
    kind = model.kind or ""
    words = (row_id, name, owner, backup, stage, risk, kind, *((registry,) if registry else ()), *rules)
    errors, warnings, infos = counts
    return ModelRow(
        id=row_id,
        name=name,
        stage=stage,
        risk=risk,
        kind=kind,
        owner=owner,
        backup=backup,
        status=status,
        errors=errors,
        warnings=warnings,
        infos=infos,
        rules=rules,
        search=" ".join(words).lower(),
        registry=registry,
    )


def _rank(states: tuple[str, ...], state: str) -> int:
    """Where a state word sorts: worst first, unknown words last."""
    return states.index(state) if state in states else 9


SORT_KEYS: dict[str, Callable[[ModelRow], Any]] = {
    "id": lambda r: r.id,
    "name": lambda r: r.name.lower(),
    "stage": lambda r: (STAGE_ORDER.get(r.stage, 9), r.id),
    "risk": lambda r: (RISK_ORDER.get(r.risk, 9), r.id),
    "owner": lambda r: (r.owner == "", r.owner, r.id),
    "validation": lambda r: (
        _rank(VALIDATION_STATES, r.status.validation_state),
        -(r.status.validation_age or 0),
        r.id,
    ),
    "bias": lambda r: (_rank(BIAS_STATES, r.status.bias_state), -(r.status.bias_age or 0), r.id),
    "findings": lambda r: (-r.errors, -r.warnings, -r.infos, r.id),
    "registry": lambda r: (r.registry, r.id),
}


def sort_rows(rows: list[ModelRow], column: str, reverse: bool = False) -> list[ModelRow]:
    """Sort by a column; "worst first" is the natural order of the status columns."""
    return sorted(rows, key=SORT_KEYS[column], reverse=reverse)
