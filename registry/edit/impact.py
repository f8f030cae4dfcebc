"""What an edit does to the audit: the findings it fixes and those it introduces.

The same engine that audits the registry judges the affected models twice, once as
the files are on disk and once as they would be after the edit (the edited text laid
over the disk through a :class:`~registry.store.Source`), with the same owners,
policy, date and git history; :func:`registry.audit.compare` pairs the findings.
"""

from __future__ import annotations

import dataclasses
import difflib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path, PurePosixPath

from registry.audit import compare, gather_history, run_audit
from registry.findings import Finding
from registry.model import Registry
from registry.rules.schema import ID_PATTERN
from registry.store import DiskSource, load_card, load_owner, load_registry


@dataclass(slots=True)
class Impact:
    """Findings of the affected models and files: fixed, introduced, and still there."""

    fixed: list[Finding] = field(default_factory=list)
    introduced: list[Finding] = field(default_factory=list)
    remaining: list[Finding] = field(default_factory=list)


class OverlaySource(DiskSource):
    """The registry on disk with some files replaced (or added) by edited text."""

    def __init__(self, root: Path, texts: Mapping[str, str]) -> None:
        super().__init__(root)
        self.texts = dict(texts)

    def read_bytes(self, rel: str) -> bytes:
        text = self.texts.get(rel)
        return super().read_bytes(rel) if text is None else text.encode("utf-8")

    def names(self, rel: str) -> list[str]:
        extra = {PurePosixPath(p).name for p in self.texts if str(PurePosixPath(p).parent) == rel}
        return sorted(set(super().names(rel)) | extra)

    def is_file(self, rel: str) -> bool:
        return rel in self.texts or super().is_file(rel)

    def lexists(self, rel: str) -> bool:
        return rel in self.texts or super().lexists(rel)


def assess(root: Path, models: list[str], texts: Mapping[str, str], today: date) -> Impact:
    """Audit ``models`` (and edited owner files) before and after ``texts`` replace their files.

    Only the owner records the two versions name are read (owner, backup owner,
    validator, waivers' approvers): a registry may have hundreds, and the rules look
    owners up by id.
    """
    before_registry = load_registry(root, models, referenced_owners_only=True)
    after_registry = _overlay(before_registry, root, texts, models)
    owners = dict(before_registry.owners)
    for owner_id in sorted(_named(before_registry) | _named(after_registry)):
        if (
            owner_id not in owners
            and ID_PATTERN.match(owner_id)
            and (root / "owners" / f"{owner_id}.yaml").is_file()
        ):
            owners[owner_id] = load_owner(root, f"owners/{owner_id}.yaml")
    before_registry.owners = owners
    after_registry.owners = {**owners, **{o.id: o for o in after_registry.owner_files if o.path in texts}}
    owner_files = [rel for rel in texts if rel.startswith("owners/")]
    history = gather_history(root, before_registry.policy, models=models) if models else None
    cards = history.cards if history is not None else None
    before = run_audit(before_registry, today, models=models, owner_files=owner_files, history=cards)
    # The same history: "the card now" is the bytes each side read (the edited text after).
    after = run_audit(after_registry, today, models=models, owner_files=owner_files, history=cards)
    comparison = compare(after, before, "")
    return Impact(fixed=comparison.fixed, introduced=comparison.new, remaining=comparison.remaining)


def _named(registry: Registry) -> set[str]:
    """Owner ids the registry's cards name where rules look owner records up."""
    names: set[str] = set()
    for card in registry.models.values():
        names.update(v for v in (card.owner, card.backup_owner, card.get_str("validation", "validator")) if v)
        names.update(
            w["approved_by"]
            for w in card.get_list("waivers")
            if isinstance(w, dict) and isinstance(w.get("approved_by"), str)
        )
    return names


def _overlay(registry: Registry, root: Path, texts: Mapping[str, str], models: list[str]) -> Registry:
    source = OverlaySource(root, texts)
    owner_files = list(registry.owner_files)
    for rel in sorted(texts):
        if rel.startswith("owners/") and rel.endswith(".yaml"):
            owner = load_owner(source, rel)
            owner_files = [o for o in owner_files if o.path != rel] + [owner]
    cards = dict(registry.models)
    for folder in models:
        cards[folder] = load_card(source, folder)
    return dataclasses.replace(registry, models=cards, owners=dict(registry.owners), owner_files=owner_files)


def unified_diff(rel: str, before: str, after: str, *, created: bool = False) -> str:
    """A ``git diff``-style patch of one file."""
    lines = difflib.unified_diff(
        before.splitlines(keepends=True),
        after.splitlines(keepends=True),
        fromfile="/dev/null" if created else f"a/{rel}",
        tofile=f"b/{rel}",
    )
    out = []
    for line in lines:
        out.append(line if line.endswith("\n") else line + "\n\\ No newline at end of file\n")
    return "".join(out)
