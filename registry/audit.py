"""Run the rule catalog over a registry: stage scoping, waivers, overrides, ordering.

This is the one place that turns rule hits into findings, so every report, the
console and the index agree on what a finding is.
"""

from __future__ import annotations

import os
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath
from typing import TYPE_CHECKING, Any, Protocol

from registry.findings import Finding, Severity, dotted
from registry.model import ModelCard, Owner, Policy, Registry
from registry.rules import ACTIVE_STAGES, CATALOG, Check, Hit, Rule, load_catalog
from registry.rules.schema import ID_PATTERN
from registry.rules.waivers import silenced_rules
from registry.store import REGISTRY_FILE, as_given, owner_schema_errors
from registry.waived import Suppression

if TYPE_CHECKING:  # pragma: no cover
    from registry.git import GitTreeSource, History

SEVERITIES = ("error", "warning", "info")


class HitMemo(Protocol):
    """Answers for a rule on a model, e.g. from an earlier audit (:class:`registry.memo.RuleMemo`)."""

    def run(
        self, rules: Sequence[Rule], check: Check, finish: Callable[[Rule, Iterable[Hit]], list[Finding]]
    ) -> Iterable[tuple[Rule, list[Finding]]]: ...


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


def final_severity(rule: Rule, hit: Hit, policy: Policy) -> Severity | None:
    """The override in registry.yaml wins, except that it never raises a milder variant."""
    override = policy.overrides.get(rule.code)
    if override == "off":
        return None
    base = hit.severity or rule.severity
    if override is None:
        return base
    chosen = Severity(override)
    if hit.severity is not None and hit.severity.rank < chosen.rank:
        return hit.severity
    return chosen


def applicable(rule: Rule, card: ModelCard) -> bool:
    if card.broken:
        return rule.code == "SCH002"
    stage = card.stage
    if stage == "retired":
        return rule.code.startswith("SCH")
    if stage is None:  # unknown stage: only rules that hold for every active stage
        return rule.stages >= ACTIVE_STAGES
    return stage in rule.stages


_APPLICABLE: dict[tuple[bool, str | None, int], tuple[Rule, ...]] = {}


def applicable_rules(card: ModelCard) -> tuple[Rule, ...]:
    """The rules that judge ``card``, in catalog order (they depend only on its stage)."""
    catalog = load_catalog()
    key = (card.broken, card.stage, len(catalog))
    found = _APPLICABLE.get(key)
    if found is None:
        found = _APPLICABLE[key] = tuple(r for r in catalog.values() if applicable(r, card))
    return found


def check_model(
    card: ModelCard,
    owners: dict[str, Owner],
    policy: Policy,
    today: date,
    duplicate_ids: frozenset[str] = frozenset(),
    history: object | None = None,
    waived: list[Finding] | None = None,
    memo: HitMemo | None = None,
) -> list[Finding]:
    """Every finding for one model, after waivers and overrides (not yet sorted).

    With a ``waived`` list, the rules a waiver silences still run and their findings
    go there instead: the index records what a waiver hides, the audit never shows it.
    ``memo`` may answer for a rule instead of running it (``registry trend`` reuses the
    hits of rules that do not depend on the date).
    """
    check = Check(card, owners, policy, today, duplicate_ids, history)
    silenced = silenced_rules(card, owners, today)
    keep_waived = waived is not None
    rules = [r for r in applicable_rules(card) if keep_waived or not (r.waivable and r.code in silenced)]

    def finish(rule: Rule, hits: Iterable[Hit]) -> list[Finding]:
        found = []
        for hit in hits:
            severity = final_severity(rule, hit, policy)
            if severity is not None:
                found.append(_finding(rule.code, severity, card, hit))
        return found

    runs = (
        memo.run(rules, check, finish) if memo is not None else ((r, finish(r, r.run(check))) for r in rules)
    )
    findings: list[Finding] = []
    for rule, found in runs:
        hidden = rule.waivable and rule.code in silenced
        (waived if hidden and waived is not None else findings).extend(found)
    return findings


def _finding(code: str, severity: Severity, card: ModelCard, hit: Hit) -> Finding:
    if hit.position is not None:
        line, column = hit.position
    else:
        line, column = card.pos(hit.at) if hit.file is None else (1, 1)
    return Finding(
        rule=code,
        severity=severity,
        model=card.folder,
        path=hit.file or card.path,
        line=line,
        column=column,
        message=hit.message,
        field=hit.field if hit.field is not None else dotted(hit.at),
    )


def check_owner(owner: Owner, policy: Policy) -> list[Finding]:
    """SCH findings of an owner record itself (``model`` is null)."""
    catalog = load_catalog()
    out: list[Finding] = []

    def add(code: str, message: str, line: int, column: int, fld: str) -> None:
        rule = catalog[code]
        severity = final_severity(rule, Hit(message), policy)
        if severity is not None:
            out.append(Finding(code, severity, None, owner.path, line, column, message, fld))

    if owner.error is not None:
        message, line, column = owner.error
        add("SCH002", message, line, column, "file")
        return out
    for message, path, fld in owner_schema_errors(owner):
        line, column = owner.pos(path)
        add("SCH001", message, line, column, fld)
    value = owner.get("id")
    if isinstance(value, str) and value != owner.id:
        line, column = owner.pos(("id",))
        add("SCH003", f"id {value!r} differs from its file name {owner.id!r}", line, column, "id")
    if not ID_PATTERN.match(owner.id):
        add("SCH003", f"file name {owner.id!r} is not a valid id", 1, 1, "file")
    return out


def duplicate_ids(cards: Iterable[ModelCard]) -> frozenset[str]:
    counts = Counter(c.get("id") for c in cards if isinstance(c.get("id"), str))
    return frozenset(k for k, n in counts.items() if n > 1)


def run_audit(
    registry: Registry,
    today: date,
    models: Iterable[str] | None = None,
    owner_files: Iterable[str] | None = None,
    history: Mapping[str, object] | None = None,
    memo: HitMemo | None = None,
) -> AuditResult:
    """Audit ``models`` (folder names; default all) and the given owner files (default all)."""
    load_catalog()
    selected = sorted(registry.models) if models is None else sorted(set(models) & set(registry.models))
    dupes = duplicate_ids(registry.models.values())
    findings: list[Finding] = []
    waived: list[Finding] = []
    for folder in selected:
        card = registry.models[folder]
        hist = history.get(folder) if history else None
        findings.extend(
            check_model(card, registry.owners, registry.policy, today, dupes, hist, waived, memo=memo)
        )
    wanted_owners = None if owner_files is None else set(owner_files)
    for owner in registry.owner_files:
        if wanted_owners is None or owner.path in wanted_owners:
            findings.extend(check_owner(owner, registry.policy))
    findings.sort(key=Finding.sort_key)
    return AuditResult(
        registry=registry.name,
        root=registry.root,
        today=today,
        revision=registry.revision,
        models=selected,
        findings=findings,
        waived=sorted(waived, key=Finding.sort_key),
    )


def gather_history(
    root: Path,
    policy: Policy,
    tree: GitTreeSource | None = None,
    models: Iterable[str] | None = None,
) -> History | None:
    """Git history for the history rules (VAL005), or None when the policy turns them off.

    The result's ``cards`` go to :func:`run_audit` as ``history``; its ``note`` (why
    history is missing) belongs in the result's notes when a model has a validation.
    ``models`` (default all) narrows the history to the models being audited.
    """
    if policy.overrides.get("VAL005") == "off":
        return None
    from registry.git import registry_history

    return registry_history(root, tree=tree, folders=models)


# --------------------------------------------------------------------------- path mode


@dataclass(slots=True)
class Selection:
    """What a list of paths (as pre-commit passes them) asks the audit to judge."""

    everything: bool = False
    models: set[str] = field(default_factory=set)
    owner_files: set[str] = field(default_factory=set)
    owners: set[str] = field(default_factory=set)  # owner ids whose dependants are judged


def select(root: Path, paths: Iterable[Path]) -> Selection:
    """Map file paths to the models they belong to; owner files bring their dependants."""
    chosen = Selection()
    root = root.resolve()
    for raw in paths:
        full = Path(os.path.abspath(raw))
        try:
            rel = PurePosixPath(full.relative_to(root).as_posix())
        except ValueError:
            try:  # reached through a linked folder: the last step (a linked card) stays as given
                rel = PurePosixPath(as_given(full).relative_to(root).as_posix())
            except ValueError:
                continue
        parts = rel.parts
        if not parts or parts == (REGISTRY_FILE,):
            chosen.everything = True
        elif parts[0] == "models" and len(parts) >= 2:
            chosen.models.add(parts[1])
        elif parts[0] == "models":
            chosen.everything = True
        elif parts[0] == "owners" and len(parts) == 2 and parts[1].endswith(".yaml"):
            chosen.owner_files.add(str(rel))
            chosen.owners.add(PurePosixPath(parts[1]).stem)
        elif parts[0] == "owners" and len(parts) == 1:
            chosen.everything = True  # the owners folder: every model depends on it
    return chosen


def dependants(registry: Registry, owner_ids: set[str]) -> set[str]:
    """Models whose owner or backup owner is one of ``owner_ids``."""
    return {
        folder
        for folder, card in registry.models.items()
        if card.owner in owner_ids or card.backup_owner in owner_ids
    }


__all__ = [
    "CATALOG",
    "AuditResult",
    "Comparison",
    "Selection",
    "check_model",
    "check_owner",
    "compare",
    "dependants",
    "run_audit",
    "select",
]
