"""``registry import hf PATH...``: models from Hugging Face model cards, then what they still need.

(The module is ``import_`` because ``import`` is a Python keyword.)
"""

from __future__ import annotations

import os
import sys
from collections import defaultdict
from datetime import date
from pathlib import Path

from registry.commands.support import locate_root, out
from registry.errors import EXIT_ERROR, EXIT_OK, UsageError
from registry.findings import Finding
from registry.textsafe import clean


def import_hf(
    paths: list[str],
    *,
    registry_path: str,
    today: date,
    model_id: str | None = None,
    owner: str | None = None,
    risk: str = "medium",
) -> int:
    """Import the cards, print what was created and what the audit still asks for.

    Exit 0 when every card was imported, 2 when any was refused (each refusal is one
    line on stderr naming the file; the other cards are imported all the same).
    """
    from registry.interop import InteropUnavailable, require

    try:
        require("hf")
    except InteropUnavailable as exc:
        raise UsageError(str(exc)) from None
    from registry.interop.hf_import import audit_imported, find_cards, import_cards
    from registry.scaffold import ID

    root = locate_root(Path(registry_path))
    for path in paths:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or folder")
    if model_id is not None and not ID.match(model_id):
        raise UsageError(
            f"--id {model_id!r} is not a model id: lowercase letters, digits and '-', 2 to 63 long"
        )
    if owner is not None:
        if not ID.match(owner):
            raise UsageError(f"--owner {owner!r} is not an owner id")
        if not (root / "owners" / f"{owner}.yaml").is_file():
            raise UsageError(f"owner {owner!r} has no record: create owners/{owner}.yaml first")
    cards = find_cards([Path(p) for p in paths])
    if not cards:
        raise UsageError(f"no card (.md file) in {', '.join(paths)}")
    if model_id is not None and len(cards) > 1:
        raise UsageError(f"--id names one model, but {len(cards)} cards were given")
    report = import_cards(root, cards, today=today, model_id=model_id, owner=owner, risk=risk)
    for refused in report.refused:
        sys.stderr.write(f"registry: not imported: {clean(str(refused))}\n")
    needs = audit_imported(root, [m.model_id for m in report.imported], today) if report.imported else {}
    for imported in report.imported:
        where = os.path.relpath(imported.folder)
        out(
            f"imported {clean(imported.source)} as {clean(where)}/ ({clean(repr(imported.name))}: "
            f"{imported.metrics} metrics, {imported.limitations} limitations; "
            "original kept as README.hf.md)\n"
        )
        for note in imported.notes:
            out(f"  note: {clean(note)}\n")
        out(_still_needed(needs.get(imported.model_id, [])))
    out(
        f"Imported {len(report.imported)} of {len(cards)} cards (stage proposed, risk tier {risk}"
        f"{'' if risk != 'medium' else ' by default: --risk sets it'}).\n"
    )
    if report.refused:
        out(
            f"{len(report.refused)} refused: see the messages above; fix those cards and import them again.\n"
        )
        return EXIT_ERROR
    return EXIT_OK


def _still_needed(findings: list[Finding]) -> str:
    """The audit's findings for one new model; a rule that repeats (a baseline per metric) counts once."""
    if not findings:
        return "  the audit finds nothing missing\n"
    by_rule: dict[str, list[Finding]] = defaultdict(list)
    for finding in findings:
        by_rule[finding.rule].append(finding)
    lines = ["  still needed (registry audit):\n"]
    for rule, group in by_rule.items():
        shown = group if len(group) <= 2 else group[:1]
        for finding in shown:
            lines.append(f"    {rule} {finding.severity.value}: {clean(finding.message)}")
            lines.append(f" (and {len(group) - 1} more like it)\n" if len(shown) < len(group) else "\n")
    return "".join(lines)
