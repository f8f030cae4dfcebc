"""A loaded and audited registry as the console shows it, and its health numbers."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.findings import Finding, Severity
from registry.status import Counts
from tui.data.rows import ModelRow, build_row

if TYPE_CHECKING:
    from registry.model import Owner, Policy
    from registry.summary import ModelSummary
    from tui.data.indexed import RegistryLine


@dataclass(slots=True)
class Health(Counts):
    """The numbers in the header: how the registry is doing at a glance."""

    overdue_validations: int = 0
    overdue_bias_tests: int = 0
    registry_findings: int = 0  # findings not tied to a model (owner files)


def compute_health(rows: Iterable[ModelRow], findings: Iterable[Finding], fail_on: str) -> Health:
    health = Health()
    threshold = None if fail_on == "never" else Severity(fail_on).rank
    for row in rows:
        health.models += 1
        if row.stage == "retired":
            continue
        health.active += 1
        worst = row.worst
        if threshold is None or worst is None or worst.rank < threshold:
            health.compliant += 1
    for f in findings:
        if f.severity is Severity.ERROR:
            health.errors += 1
        elif f.severity is Severity.WARNING:
            health.warnings += 1
        else:
            health.infos += 1
        if f.rule == "VAL002" and f.severity is Severity.ERROR:
            health.overdue_validations += 1
        elif f.rule == "BIA002":
            health.overdue_bias_tests += 1
        if f.model is None:
            health.registry_findings += 1
    return health


@dataclass(slots=True, eq=False)
class Snapshot:
    """A loaded and audited registry, as the console shows it. Replaced, never mutated.

    It keeps per-model summaries, not whole cards, so that a 10,000-model registry
    stays small in memory; the model screen reads its one card when it opens.
    """

    name: str
    root: Path
    today: date
    policy: Policy
    owners: dict[str, Owner]
    summaries: dict[str, ModelSummary]  # by folder, sorted
    findings: list[Finding]
    rows: list[ModelRow]
    by_model: dict[str, list[Finding]]
    complete: bool = True  # False while a large registry is still loading
    total: int = 0  # model folders found (rows may be fewer while loading)
    health: Health = field(default_factory=Health)
    notes: list[str] = field(default_factory=list)
    # Over the index: each registry's line in the header, and where each model's
    # registry is on this machine (its folder there); empty for one local registry.
    registries: list[RegistryLine] = field(default_factory=list)
    locations: dict[str, tuple[Path, str]] = field(default_factory=dict)
    source: str = ""  # over the index: the database's URL, password masked
    waived: dict[str, list[Finding]] = field(default_factory=dict)  # by model: what waivers silenced

    def __repr__(self) -> str:
        # Short on purpose: Textual names workers after their arguments' reprs.
        return f"Snapshot({self.name!r}, {len(self.rows)} models, {len(self.findings)} findings)"

    @property
    def row_index(self) -> dict[str, ModelRow]:
        return {r.id: r for r in self.rows}

    @property
    def fail_on(self) -> str:
        return self.policy.fail_on

    def card_location(self, model: str) -> tuple[Path, str] | None:
        """The registry folder and model folder to read ``model``'s card from, if on this machine."""
        if not self.locations:
            return self.root, model
        found = self.locations.get(model)
        return found if found is not None and found[0].is_dir() else None


def _by_model(findings: list[Finding]) -> dict[str, list[Finding]]:
    out: dict[str, list[Finding]] = defaultdict(list)
    for f in findings:
        if f.model is not None:
            out[f.model].append(f)
    return dict(out)


def build_snapshot(
    *,
    name: str,
    root: Path,
    today: date,
    policy: Policy,
    owners: dict[str, Owner],
    summaries: dict[str, ModelSummary],
    findings: list[Finding],
    complete: bool = True,
    total: int | None = None,
    notes: list[str] | None = None,
    waived: list[Finding] | None = None,
) -> Snapshot:
    by_model = _by_model(findings)
    waived_by_model = _by_model(waived or [])
    rows = [
        build_row(summary, by_model.get(folder, []), today, policy, waived_by_model.get(folder, []))
        for folder, summary in summaries.items()
    ]
    snap = Snapshot(
        name=name,
        root=root,
        today=today,
        policy=policy,
        owners=owners,
        summaries=summaries,
        findings=findings,
        rows=rows,
        by_model=by_model,
        complete=complete,
        total=total if total is not None else len(rows),
        notes=list(notes or []),
        waived=waived_by_model,
    )
    snap.health = compute_health(rows, findings, policy.fail_on)
    return snap
