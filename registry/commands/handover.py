"""``registry handover OLD NEW``: every model owned or backed up by OLD moves to NEW, in one change."""

from __future__ import annotations

from pathlib import Path

from registry.commands.editing import EditOptions, edit_files
from registry.commands.support import locate_root
from registry.edit import Handover, Request, card_path
from registry.errors import UsageError
from registry.loader import LoadError, parse_yaml, read_text
from registry.store import list_model_folders
from registry.textsafe import clean


def models_of(root: Path, owner: str) -> list[str]:
    """Models whose card names ``owner`` as owner or backup owner (cards that cannot be read are skipped)."""
    found = []
    for folder in list_model_folders(root):
        rel = f"models/{folder}/model_card.yaml"
        try:
            text = read_text(root, rel)
            if owner not in text:  # most cards do not mention the owner at all: skip parsing them
                continue
            data = parse_yaml(text, rel).data
        except LoadError:
            continue
        if isinstance(data, dict) and owner in (data.get("owner"), data.get("backup_owner")):
            found.append(folder)
    return found


def handover(old: str, new: str, options: EditOptions, *, keep_as_backup: bool = False) -> int:
    root = locate_root(Path(options.registry_path))
    if old == new:
        raise UsageError("OLD and NEW are the same owner")
    if not (root / "owners" / f"{new}.yaml").is_file():
        raise UsageError(
            f"{clean(new)!r} has no owner record: create owners/{clean(new)}.yaml first "
            f"(`registry owner new {clean(new)} --kind team --name ... --email ...`)"
        )
    models = models_of(root, old)
    if not models:
        raise UsageError(f"no model names {clean(old)!r} as owner or backup owner")
    step = Handover(old, new, keep_as_backup)
    subject = f"registry: hand over {old}'s models to {new} ({len(models)} models)"
    edits = {card_path(root, m): [step] for m in models}
    return edit_files(root, Request(edits, "handover", subject, topic=f"{old}-to-{new}"), options)
