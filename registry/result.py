"""What an audit produced: the findings of one run, and a run compared with a base revision.

Pure data with no reading or checking in it, so reports, the console and the index can
take an :class:`AuditResult` without importing the engine.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from registry.findings import Finding, Severity
from registry.waived import Suppression

SEVERITIES = ("error", "warning", "info")


@dataclass(slots=True)
class AuditResult:
    """Findings of one audit run, sorted by path, line, column and rule."""

    registry: str
    root: str
    today: date
    revision: str | None
    models: list[str]
    findings: list[Finding]
    notes: list[str] = field(default_factory=list)  # info lines, e.g. skipped history rules
    comparison: Comparison | None = None  # set by ``audit --base``
    waived: list[Finding] = field(default_factory=list)  # what valid waivers silenced: never counted
    suppressions: list[Suppression] = field(default_factory=list)  # their waivers (for SARIF)

    def counts(self) -> dict[str, int]:
        tally = Counter(f.severity.value for f in self.findings)
        return {s: tally.get(s, 0) for s in SEVERITIES}

    def by_model(self) -> dict[str, list[Finding]]:
        out: dict[str, list[Finding]] = {m: [] for m in self.models}
        for finding in self.findings:
            if finding.model is not None:
                out.setdefault(finding.model, []).append(finding)
        return out

    def add_new(self, findings: Iterable[Finding]) -> None:
        """Add findings that are new by nature (POL001): to the findings and, with a
        comparison, to its new ones, keeping both sorted."""
        extra = list(findings)
        if not extra:
            return
        self.findings = sorted([*self.findings, *extra], key=Finding.sort_key)
        if self.comparison is not None:
            self.comparison.new = sorted([*self.comparison.new, *extra], key=Finding.sort_key)

    def failed(self, fail_on: str) -> bool:
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(f.severity.rank >= threshold for f in self.findings)

    def to_dict(self, root_label: str | None = None) -> dict[str, Any]:
        return {
            "registry": self.registry,
            "root": root_label if root_label is not None else self.root,
            "today": self.today.isoformat(),
            "revision": self.revision,
            "summary": {"models": len(self.models), **self.counts()},
            "findings": [f.to_dict() for f in self.findings],
            "notes": list(self.notes),
            **({"comparison": self.comparison.to_dict()} if self.comparison is not None else {}),
        }


@dataclass(slots=True)
class Comparison:
    """Findings of an audit matched against those of a base revision (``audit --base``).

    Findings are matched by :meth:`Finding.identity` (rule, model, file and field), not
    by line, so moving a block or reordering keys changes nothing. When one identity
    occurs several times, the surplus on one side is new (or fixed).
    """

    base: str | None  # the commit compared with (the merge base); None: nothing to compare with
    new: list[Finding]
    fixed: list[Finding]
    remaining: list[Finding]
    ref: str = ""  # the revision as the user named it (``main``, ``origin/main``, ``HEAD``)
    ref_revision: str | None = None  # the commit ``ref`` names, which may be past the merge base

    def failed(self, fail_on: str) -> bool:
        """The pull-request gate: only new findings at or above ``fail_on`` fail it."""
        if fail_on == "never":
            return False
        threshold = Severity(fail_on).rank
        return any(f.severity.rank >= threshold for f in self.new)

    def to_dict(self) -> dict[str, Any]:
        return {
            "base": self.base,
            "ref": self.ref,
            "ref_revision": self.ref_revision,
            "new": [f.to_dict() for f in self.new],
            "fixed": [f.to_dict() for f in self.fixed],
            "remaining": [f.to_dict() for f in self.remaining],
        }


def compare(
    current: AuditResult,
    base: AuditResult,
    base_revision: str | None,
    *,
    ref: str = "",
    ref_revision: str | None = None,
) -> Comparison:
    """Which of ``current``'s findings are new since ``base``, which remain, which were fixed."""
    pending: dict[tuple[str, str | None, str, str], list[Finding]] = {}
    for finding in base.findings:
        pending.setdefault(finding.identity(), []).append(finding)
    new: list[Finding] = []
    remaining: list[Finding] = []
    for finding in current.findings:
        olds = pending.get(finding.identity())
        if olds:
            olds.pop(0)
            remaining.append(finding)
        else:
            new.append(finding)
    fixed = sorted((f for olds in pending.values() for f in olds), key=Finding.sort_key)
    return Comparison(base_revision, new, fixed, remaining, ref, ref_revision)
