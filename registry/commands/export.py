"""``registry export hf MODEL`` and ``registry export cyclonedx [PATH]``: cards for other tools.

Without ``-o`` the document goes to standard output (made inert when that is a
terminal); with ``-o FILE`` the file is replaced in one step, never half-written.
"""

from __future__ import annotations

import os
import sys
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, model_name, out
from registry.errors import EXIT_OK, UsageError
from registry.loader import FileProblem
from registry.textsafe import clean


def _require(feature: str) -> None:
    from registry.interop import InteropUnavailable, require

    try:
        require(feature)
    except InteropUnavailable as exc:
        raise UsageError(str(exc)) from None


def _emit(text: str, output: str | None, what: str) -> None:
    """Write ``text`` to ``output`` atomically, or to standard output."""
    if output is None or output == "-":
        out(clean(text, multiline=True) if sys.stdout.isatty() else text)
        return
    from registry.atomic import replace

    target = Path(output)
    shown = clean(os.path.relpath(target))
    if not target.parent.is_dir():
        raise UsageError(f"{clean(os.path.relpath(target.parent))}: no such folder")
    if target.is_dir():
        raise UsageError(f"{shown} is a folder; give a file name")
    try:
        replace(target, text.encode("utf-8"))
    except OSError as exc:
        raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
    sys.stderr.write(f"wrote {shown} ({what})\n")


def export_hf(model: str, *, registry_path: str, today: date, output: str | None = None) -> int:
    _require("hf")
    from registry.interop.hf_export import render
    from registry.interop.hf_map import MetadataError
    from registry.store import list_model_folders, load_registry

    root = locate_root(Path(registry_path))
    name = model_name(model)
    if name not in list_model_folders(root):
        raise UsageError(f"no model {name!r} in {root} (see `registry list`)")
    registry = load_registry(root, [name], referenced_owners_only=True)  # one card, its owners
    card = registry.models[name]
    if card.doc is None or card.broken:
        problem = card.error or FileProblem("cannot be read")
        message, line, column = problem.message, problem.line, problem.column
        raise UsageError(f"{card.path}:{line}:{column}: {message}; fix the card before exporting it")
    try:
        text = render(registry, name, today)
    except MetadataError as exc:
        raise UsageError(f"{card.path}: {exc}") from None
    _emit(text, output, f"Hugging Face model card of {name}")
    return EXIT_OK


def export_cyclonedx(path: str, *, output: str | None = None) -> int:
    _require("cyclonedx")
    from registry.interop.cyclonedx import build_bom
    from registry.store import load_registry

    root = locate_root(Path(path))
    result = build_bom(load_registry(root))
    for folder in result.skipped:
        sys.stderr.write(f"registry: models/{clean(folder)}/ cannot be read; left out of the BOM\n")
    _emit(result.text, output, f"CycloneDX 1.6 ML-BOM, {result.models} models")
    return EXIT_OK
