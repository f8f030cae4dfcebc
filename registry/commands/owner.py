"""``registry owner new ID``: create an owner record."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from registry.commands.editing import EditOptions, edit_files
from registry.commands.support import locate_root
from registry.edit import owner_text
from registry.edit.change import ID
from registry.errors import UsageError
from registry.textsafe import clean


def owner_new(
    owner_id: str,
    *,
    kind: str,
    name: str,
    email: str,
    lead: str | None,
    members: Sequence[str],
    escalation: str | None,
    options: EditOptions,
) -> int:
    root = locate_root(Path(options.registry_path))
    if not ID.match(owner_id):
        raise UsageError(f"{clean(owner_id)!r} is not a valid owner id (lowercase letters, digits and '-')")
    text = owner_text(
        owner_id, kind=kind, name=name, email=email, lead=lead, members=members, escalation=escalation
    )
    return edit_files(
        root,
        {},
        options,
        what="new",
        subject=f"registry: new owner {owner_id}",
        new_files={f"owners/{owner_id}.yaml": text},
        topic=f"owners/{owner_id}",
    )
