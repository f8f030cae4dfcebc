"""The rule catalog: every audit rule registers itself here with its documentation.

A rule is one small function that receives a :class:`Check` (one model and its
context) and yields :class:`Hit` objects. Severity overrides, waivers, stage scoping
and positions are the audit's business, so a rule states only what is wrong and where.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date
from typing import TYPE_CHECKING

from registry.findings import Severity
from registry.loader import FieldPath
from registry.model import ModelCard, Owner, Policy, Runbook, is_empty

if TYPE_CHECKING:  # pragma: no cover
    from registry.git import CardHistory

ACTIVE_STAGES = frozenset({"proposed", "pilot", "production"})
LIVE_STAGES = frozenset({"pilot", "production"})
HIGH_TIERS = frozenset({"high", "critical"})


@dataclass(frozen=True, slots=True)
class Hit:
    """What a rule found. ``at`` is a path in the card (or ``file``'s document)."""

    message: str
    at: FieldPath = ()
    severity: Severity | None = None  # a rule's milder variant (e.g. "expires soon")
    file: str | None = None  # another file than the card (the runbook)
    position: tuple[int, int] | None = None  # explicit position in ``file``
    field: str | None = None  # identity across revisions; defaults to dotted ``at``


@dataclass(slots=True)
class Check:
    """One model as a rule sees it: the card, its runbook, owners, policy and today."""

    card: ModelCard
    owners: dict[str, Owner]
    policy: Policy
    today: date
    history: CardHistory | None = None  # git facts for history rules (VAL005)

    @property
    def runbook(self) -> Runbook | None:
        return self.card.runbook

    def owner_record(self, owner_id: str | None) -> Owner | None:
        return self.owners.get(owner_id) if owner_id else None


def missing(check: Check, path: tuple[str, ...], message: str) -> Iterator[Hit]:
    """The one finding of a rule that only asks for a value: at ``path``, when it is left out or empty."""
    if is_empty(check.card.get(*path)):
        yield Hit(message, at=path, field=".".join(path))


@dataclass(frozen=True, slots=True)
class FileCheck:
    """A registry file that is not a card (an owner record) as a rule sees it.

    Its findings have ``model`` null and point into the file itself.
    """

    record: Owner
    policy: Policy


RuleFunc = Callable[[Check], Iterable[Hit]]
FileRuleFunc = Callable[[FileCheck], Iterable[Hit]]


@dataclass(frozen=True, slots=True)
class Rule:
    code: str
    severity: Severity
    title: str
    rationale: str
    fix: str
    family: str
    func: RuleFunc
    stages: frozenset[str] = ACTIVE_STAGES
    waivable: bool = True
    example: str = ""
    details: str = ""
    compliant: str = ""  # the example put right: what the fix looks like
    scope: str = ""  # what it looks at, when that is not a model's stage (POL001)
    file_func: FileRuleFunc | None = None  # the same rule on owner files (SCH rules)

    def run(self, check: Check) -> Iterator[Hit]:
        yield from self.func(check)

    def run_file(self, check: FileCheck) -> Iterator[Hit]:
        if self.file_func is not None:
            yield from self.file_func(check)

    @property
    def applies_to(self) -> str:
        """The stages in lifecycle order, as `rules` and `explain` print them."""
        if self.scope:
            return self.scope
        if len(self.stages) >= 4:
            return "every stage"
        if self.stages == ACTIVE_STAGES:
            return "proposed, pilot and production models (not retired)"
        order = ("proposed", "pilot", "production", "retired")
        return " and ".join(s for s in order if s in self.stages) + " models"


CATALOG: dict[str, Rule] = {}

FAMILIES = (
    "schema",
    "owners",
    "docs",
    "validation",
    "history",
    "bias",
    "pilot",
    "metrics",
    "operations",
    "waivers",
    "dates",
    "portfolio",
    "policy",
)


def rule(
    code: str,
    severity: str,
    *,
    title: str,
    rationale: str,
    fix: str,
    stages: Iterable[str] = ACTIVE_STAGES,
    waivable: bool = True,
    example: str = "",
    compliant: str = "",
    scope: str = "",
) -> Callable[[RuleFunc], RuleFunc]:
    """Register a rule function in :data:`CATALOG` under ``code``.

    ``example`` is a snippet that breaks the rule and ``compliant`` the same snippet put
    right; a test audits both, so the documentation cannot show a fix that does not work.
    """

    def register(func: RuleFunc) -> RuleFunc:
        if code in CATALOG:
            raise RuntimeError(f"rule {code} registered twice")
        module = func.__module__.rsplit(".", 1)[-1]
        CATALOG[code] = Rule(
            code=code,
            severity=Severity(severity),
            title=title,
            rationale=" ".join(rationale.split()),
            fix=" ".join(fix.split()),
            family=module,
            func=func,
            stages=frozenset(stages),
            waivable=waivable,
            example=example.strip("\n"),
            details=" ".join((func.__doc__ or "").split()),
            compliant=compliant.strip("\n"),
            scope=scope,
        )
        return func

    return register


def file_rule(code: str) -> Callable[[FileRuleFunc], FileRuleFunc]:
    """Teach the already registered rule ``code`` to judge owner files too."""

    def register(func: FileRuleFunc) -> FileRuleFunc:
        CATALOG[code] = replace(CATALOG[code], file_func=func)
        return func

    return register


def load_catalog() -> dict[str, Rule]:
    """Import every rule family once; returns the catalog sorted by code."""
    if not _STATE.loaded:
        for family in FAMILIES:
            importlib.import_module(f"registry.rules.{family}")
        _STATE.loaded = True
        ordered = dict(sorted(CATALOG.items()))
        CATALOG.clear()
        CATALOG.update(ordered)
    return CATALOG


@dataclass(slots=True)
class _CatalogState:
    loaded: bool = False


_STATE = _CatalogState()
