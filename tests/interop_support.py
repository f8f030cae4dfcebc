"""Shared data for the interop tests: the card corpus, an empty registry, the importer.

The corpus (``cards/``, sources in ``cards/SOURCES.md``) is imported into a registry
built in ``tmp_path``; nothing is written into the checkout.
"""

from __future__ import annotations

from pathlib import Path

from registry_support import TODAY

from registry.interop.hf_import import ImportReport, find_cards, import_cards
from registry.scaffold import init_registry

CARDS = Path(__file__).resolve().parent / "interop" / "cards"


REAL = CARDS / "real"
HOSTILE = CARDS / "hostile"


def corpus() -> list[Path]:
    """Every card of the corpus, real and hostile, in name order."""
    return sorted([*REAL.glob("*.md"), *HOSTILE.glob("*.md")], key=lambda p: p.name)


def empty_registry(tmp_path: Path, owners: dict[str, str] | None = None) -> Path:
    """A registry made by ``registry init``, with optional owner records (id: name)."""
    root = tmp_path / "reg"
    root.mkdir()
    init_registry(root, name="Interop test registry")
    for owner_id, name in (owners or {}).items():
        (root / "owners" / f"{owner_id}.yaml").write_text(
            f"id: {owner_id}\nkind: team\nname: {name}\nemail: {owner_id}@example.com\n", encoding="utf-8"
        )
    return root


def import_paths(root: Path, paths: list[Path], **options: object) -> ImportReport:
    return import_cards(root, find_cards(paths), today=TODAY, **options)  # type: ignore[arg-type]
