"""Typed records over parsed documents: what rules and the console read.

A card that breaks its schema is still judged on what could be read, so every
accessor here is defensive: a value of the wrong type reads as absent, never as an
exception. The schema check reports the wrong type; the rules see "missing".
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Any

from registry.loader import Document, FieldPath, FileProblem, MarkdownFile, PathProblem, SchemaViolation

STAGES = ("proposed", "pilot", "production", "retired")
RISK_TIERS = ("low", "medium", "high", "critical")
KINDS = ("predictive", "generative", "decision")

DEFAULT_POLICY: dict[str, Any] = {
    "validation_max_age_days": {"low": 365, "medium": 180, "high": 90, "critical": 90},
    "bias_test_required_for": ["medium", "high", "critical"],
    "bias_test_max_age_days": 180,
    "pilot_max_weeks": 12,
    "expiry_warning_days": 30,
    "runbook_sections": ["Fallback", "Rollback", "Escalation"],
    "fail_on": "error",
    "waiver_max_days": 365,
    "priority_weights": {"impact": 1, "feasibility": 1, "readiness": 1},
}
#: The three use-case scores of ``priority``, in the order reports show them.
PRIORITY_SCORES = ("impact", "feasibility", "readiness")


def parse_date(value: Any) -> date | None:
    """A ``YYYY-MM-DD`` string as a date; anything else (the schema says why) is None."""
    if isinstance(value, date):
        return value
    if isinstance(value, str) and len(value) == 10:
        try:
            return date.fromisoformat(value)
        except ValueError:
            return None
    return None


def is_empty(value: Any) -> bool:
    """Missing, null, blank text or an empty list/mapping all count as 'not there'."""
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    if isinstance(value, list | dict):
        return not value
    return False


def text(value: Any) -> str | None:
    """Scalars as text (``version: 1.0`` reads as ``"1.0"``); containers as None."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, str | int | float):
        return str(value)
    return None


@dataclass(frozen=True, slots=True)
class Policy:
    validation_max_age_days: dict[str, int]
    bias_test_required_for: tuple[str, ...]
    bias_test_max_age_days: int
    pilot_max_weeks: int
    expiry_warning_days: int
    runbook_sections: tuple[str, ...]
    fail_on: str
    overrides: dict[str, str] = field(default_factory=dict)
    waiver_max_days: int = DEFAULT_POLICY["waiver_max_days"]
    priority_weights: dict[str, float] = field(
        default_factory=lambda: dict(DEFAULT_POLICY["priority_weights"])
    )
    governance_reviewers: tuple[str, ...] = ()  # top-level in registry.yaml, judged like policy

    @classmethod
    def from_data(
        cls,
        policy: dict[str, Any] | None,
        rules: dict[str, Any] | None,
        governance_reviewers: list[Any] | None = None,
    ) -> Policy:
        merged = {**DEFAULT_POLICY, **(policy or {})}
        ages = {**DEFAULT_POLICY["validation_max_age_days"], **(merged["validation_max_age_days"] or {})}
        weights = {**DEFAULT_POLICY["priority_weights"], **(merged["priority_weights"] or {})}
        return cls(
            # only the tiers: `x-` keys are allowed in the map and carry no limit
            validation_max_age_days={k: int(v) for k, v in ages.items() if k in RISK_TIERS},
            bias_test_required_for=tuple(merged["bias_test_required_for"] or ()),
            bias_test_max_age_days=int(merged["bias_test_max_age_days"]),
            pilot_max_weeks=int(merged["pilot_max_weeks"]),
            expiry_warning_days=int(merged["expiry_warning_days"]),
            runbook_sections=tuple(merged["runbook_sections"] or ()),
            fail_on=str(merged["fail_on"]),
            overrides={str(k): str(v) for k, v in (rules or {}).items()},
            waiver_max_days=int(merged["waiver_max_days"]),
            priority_weights={k: _number(v) for k, v in weights.items() if k in PRIORITY_SCORES},
            governance_reviewers=tuple(
                h.strip() for h in governance_reviewers or () if isinstance(h, str) and h.strip()
            ),
        )

    def to_dict(self) -> dict[str, Any]:
        return {
            "validation_max_age_days": dict(self.validation_max_age_days),
            "bias_test_required_for": list(self.bias_test_required_for),
            "bias_test_max_age_days": self.bias_test_max_age_days,
            "pilot_max_weeks": self.pilot_max_weeks,
            "expiry_warning_days": self.expiry_warning_days,
            "runbook_sections": list(self.runbook_sections),
            "fail_on": self.fail_on,
            "waiver_max_days": self.waiver_max_days,
            "priority_weights": dict(self.priority_weights),
        }


def _number(value: Any) -> float:
    """A weight as written (``2`` stays 2, ``0.5`` stays 0.5); the schema rejects the rest."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0
    return value


@dataclass(slots=True)
class Record:
    """A parsed YAML file (or the error that stopped it from parsing)."""

    path: str
    doc: Document | None = None
    error: FileProblem | None = None

    @property
    def data(self) -> dict[str, Any]:
        if self.doc is not None and isinstance(self.doc.data, dict):
            return self.doc.data
        return {}

    def get(self, *path: str | int) -> Any:
        """The value at ``path``, or None when any step is missing or of the wrong type."""
        node: Any = self.data
        for step in path:
            if isinstance(step, int):
                if not isinstance(node, list) or step >= len(node):
                    return None
            elif not isinstance(node, dict) or step not in node:
                return None
            node = node[step]
        return node

    def get_str(self, *path: str | int) -> str | None:
        value = self.get(*path)
        return value.strip() if isinstance(value, str) and value.strip() else None

    def get_list(self, *path: str | int) -> list[Any]:
        value = self.get(*path)
        return value if isinstance(value, list) else []

    def get_map(self, *path: str | int) -> dict[str, Any]:
        value = self.get(*path)
        return value if isinstance(value, dict) else {}

    def get_date(self, *path: str | int) -> date | None:
        return parse_date(self.get(*path))

    def pos(self, path: FieldPath = ()) -> tuple[int, int]:
        if self.doc is None:
            return (self.error.line, self.error.column) if self.error else (1, 1)
        return self.doc.pos(path)

    def value_pos(self, path: FieldPath) -> tuple[int, int]:
        """Where the value at ``path`` starts (``2027-01-31`` rather than ``expires:``)."""
        return self.doc.value_pos(path) if self.doc is not None else self.pos(path)


@dataclass(slots=True)
class Owner(Record):
    """An owner record, looked up by its file stem."""

    id: str = ""

    @property
    def active(self) -> bool:
        return self.get("active") is not False

    @property
    def people(self) -> set[str]:
        """Who counts as 'the owner' for independence checks: id, lead and members."""
        people = {self.id}
        lead = self.get_str("lead")
        if lead:
            people.add(lead)
        people.update(m.strip() for m in self.get_list("members") if isinstance(m, str) and m.strip())
        return people


@dataclass(slots=True)
class Runbook:
    """The runbook a card resolves to, whether or not it could be read."""

    path: str  # relative to the registry root
    markdown: MarkdownFile | None = None
    error: FileProblem | None = None
    front_schema_errors: list[SchemaViolation] = field(default_factory=list)

    @property
    def headings(self) -> list[tuple[str, int]]:
        return self.markdown.headings if self.markdown else []


@dataclass(slots=True)
class ModelCard(Record):
    """A model card with its folder name, runbook and schema problems."""

    folder: str = ""
    raw: bytes = b""  # the bytes parsed: what VAL005 compares with git, never read twice
    runbook: Runbook | None = None
    runbook_error: PathProblem | None = None  # a `runbook` path that is unsafe
    schema_errors: list[SchemaViolation] = field(default_factory=list)

    @property
    def id(self) -> str:
        """The card's id when it is a valid string, else its folder's name."""
        value = self.get("id")
        return value if isinstance(value, str) and value else self.folder

    @property
    def stage(self) -> str | None:
        value = self.get("stage")
        return value if value in STAGES else None

    @property
    def risk_tier(self) -> str | None:
        value = self.get("risk_tier")
        return value if value in RISK_TIERS else None

    @property
    def kind(self) -> str | None:
        value = self.get("kind")
        return value if value in KINDS else None

    @property
    def name(self) -> str:
        return self.get_str("name") or self.folder

    @property
    def owner(self) -> str | None:
        return self.get_str("owner")

    @property
    def backup_owner(self) -> str | None:
        return self.get_str("backup_owner")

    @property
    def version(self) -> str | None:
        return text(self.get("version"))

    @property
    def broken(self) -> bool:
        return self.error is not None

    def newest_bias_test(self) -> DatedEntry | None:
        """The bias test with the latest valid date (the later entry wins a tie)."""
        best: DatedEntry | None = None
        for index, test in enumerate(self.get_list("bias_tests")):
            if not isinstance(test, dict):
                continue
            when = parse_date(test.get("date"))
            if when is not None and (best is None or when >= best.day):
                best = DatedEntry(index, test, when)
        return best


@dataclass(frozen=True, slots=True)
class DatedEntry:
    """One dated item of a card's list (a bias test): where it is, what it says, its date."""

    index: int
    entry: dict[str, Any]
    day: date


@dataclass(frozen=True, slots=True)
class Settings:
    """``registry.yaml`` read and checked: the parsed file (for positions and the
    cache key), the policy the rules apply and the registry's name.

    Named rather than a ``(record, policy, name)`` tuple: comparing the policy at two
    revisions used to read ``load_settings(tree)[1]``.
    """

    record: Record
    policy: Policy
    name: str


@dataclass(slots=True)
class Registry:
    """Everything the audit judges, read from one registry root."""

    root: str  # absolute path of the registry folder (or a label for a git revision)
    name: str
    policy: Policy
    settings: Record
    owners: dict[str, Owner]
    models: dict[str, ModelCard]  # by folder name, sorted
    owner_files: list[Owner] = field(default_factory=list)  # every owners/*.yaml, sorted
    revision: str | None = None
    stray: list[tuple[str, str]] = field(default_factory=list)  # (path, why) of unusable entries
