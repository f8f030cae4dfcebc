"""``registry owner new ID``: create an owner record."""

from __future__ import annotations

from pathlib import Path

from registry.commands.editing import EditOptions, edit_files
from registry.commands.support import locate_root
from registry.edit import NewOwner, Request
from registry.edit.change import ID
from registry.errors import UsageError
from registry.scaffold import modeline
from registry.textsafe import clean


def owner_new(owner: NewOwner, options: EditOptions) -> int:
    root = locate_root(Path(options.registry_path))
    owner_id = owner.owner_id
    if not ID.match(owner_id):
        raise UsageError(f"{clean(owner_id)!r} is not a valid owner id (lowercase letters, digits and '-')")
    subject = f"registry: new owner {owner_id}"
    new_files = {f"owners/{owner_id}.yaml": modeline("owner", 1) + owner.text()}
    request = Request({}, "new", subject, new_files=new_files, topic=f"owners/{owner_id}")
    return edit_files(root, request, options)
