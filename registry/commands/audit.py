"""``registry audit``: the whole registry, the models some files belong to, a revision, a base."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import open_revision, out, use_color
from registry.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from registry.audit import AuditResult
    from registry.model import Registry
    from registry.report import ReportContext
    from registry.store import Source


def audit(
    paths: Sequence[str],
    *,
    today: date,
    fmt: str = "text",
    fail_on: str | None = None,
    quiet: bool = False,
    cache: bool = True,
    rev: str | None = None,
    base: str | None = None,
    jobs: int | None = None,
) -> int:
    """Audit, print the report in ``fmt`` and return the exit code FORMAT.md gives."""
    import sys

    from registry.audit import compare, dependants, gather_history, run_audit, select
    from registry.commands.support import locate_root
    from registry.git import head_revision
    from registry.report import ReportContext, writer
    from registry.runner import audit_registry
    from registry.store import load_registry

    cwd = Path.cwd()
    given = [Path(p) for p in paths] or [cwd]
    root = locate_root(given[0])
    for extra in given[1:]:
        if not os.path.lexists(extra):
            raise UsageError(f"{extra}: no such file or folder")
    render = writer(fmt)
    if render is None:
        raise UsageError(f"format {fmt!r} is not available")
    whole = any(os.path.realpath(p) == os.fspath(root) for p in given) or not paths
    source = open_revision(root, rev, "--rev") if rev else None
    models: set[str] | None = None  # None: every model
    owner_files: set[str] | None = None  # None: every owner file
    if whole and source is None:
        from registry.runner import audit_working_tree

        full = audit_working_tree(root, today, jobs=jobs, cache=cache, need_owners=False)
        result, policy = full.result, full.policy
        history_note = full.history_note
        validated = any(s.validation_date for s in full.summaries.values())
    else:
        chosen = None if whole else select(root, given)
        narrow = chosen is not None and not (chosen.everything or chosen.owners)
        registry = load_registry(
            source or root,
            sorted(chosen.models) if chosen is not None and narrow else None,
            referenced_owners_only=narrow,
        )
        if narrow:
            add_id_holders(registry, source or root)
        if chosen is None or chosen.everything:
            pass
        elif chosen.owners:
            models = dependants(registry, chosen.owners) | chosen.models
            owner_files = chosen.owner_files
        else:
            models, owner_files = set(chosen.models), set()
        history = gather_history(root, registry.policy, tree=source, models=models)
        if source is None:
            registry.revision = history.revision if history is not None else head_revision(root)
        cards = history.cards if history is not None else None
        history_note = history.note if history is not None else None
        result = run_audit(registry, today, models=models, owner_files=owner_files, history=cards)
        policy = registry.policy
        validated = any(registry.models[m].get_date("validation", "date") for m in result.models)
    if history_note and validated:
        result.notes.append(history_note)
    if base:
        base_tree = open_revision(root, base, "--base")
        if models is None:  # the whole registry at the base: read in parallel from git objects
            base_policy = load_registry(base_tree, []).policy
            base_result = audit_registry(
                root,
                today,
                jobs=jobs,
                cache=False,
                source=base_tree,
                history=lambda: gather_history(root, base_policy, tree=base_tree),
                revision=base_tree.revision,
            ).result
        else:  # the same models as above (those that exist at the base), with the same context
            base_folders = sorted(m for m in models if base_tree.is_dir(f"models/{m}"))
            base_registry = load_registry(base_tree, base_folders)
            base_history = gather_history(root, base_registry.policy, tree=base_tree, models=models)
            base_cards = base_history.cards if base_history is not None else None
            base_result = run_audit(
                base_registry, today, models=models, owner_files=owner_files, history=base_cards
            )
        result.comparison = compare(result, base_result, str(base_tree.revision))
    threshold = fail_on or policy.fail_on
    ctx = ReportContext(cwd=cwd, color=use_color(sys.stdout), quiet=quiet, fail_on=threshold)
    if result.comparison is not None and fmt == "text":
        out(render_comparison(result, ctx, base or ""))
    elif result.comparison is not None and fmt in ("github", "junit"):
        # A pull request is annotated (and its test report fails) for what it adds,
        # matching the exit code; SARIF and JSON carry everything, with fingerprints.
        out(render(replace(result, findings=list(result.comparison.new)), ctx))
    else:
        out(render(result, ctx))
    failed = (
        result.comparison.failed(threshold) if result.comparison is not None else result.failed(threshold)
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def add_id_holders(registry: Registry, root: Path | Source) -> None:
    """Path mode parses only the chosen cards; load the cards that could share their ids.

    An id used twice always involves a card whose id differs from its folder, and the
    other holder is usually the folder of that name: loading it (one more card, not the
    whole registry) lets SCH003 say "also used by another model" as a full audit does.
    """
    from registry.rules.schema import ID_PATTERN
    from registry.store import load_card

    for card in list(registry.models.values()):
        other = card.get("id")
        if isinstance(other, str) and other != card.folder and other not in registry.models:
            holder = load_card(root, other) if ID_PATTERN.match(other) else None
            if holder is not None and holder.error is None:
                registry.models[other] = holder


def render_comparison(result: AuditResult, ctx: ReportContext, ref: str) -> str:
    """Text for ``audit --base``: new findings first, then fixed and remaining ones."""
    from registry.report.text import render
    from registry.textsafe import clean

    comparison = result.comparison
    assert comparison is not None
    quiet = replace(ctx, quiet=True)
    label = f"{clean(ref)} ({comparison.base[:12]})"
    parts: list[str] = []
    for title, findings in (
        (f"New since {label}", comparison.new),
        (f"Fixed since {label}", comparison.fixed),
        ("Remaining", comparison.remaining),
    ):
        if not findings and ctx.quiet:
            continue
        if not ctx.quiet:
            parts.append(f"{title}: {len(findings)}\n")
        parts.append(render(replace(result, findings=findings, notes=[], comparison=None), quiet))
    if not ctx.quiet:
        parts.extend(f"{clean(note)}\n" for note in result.notes)
        verdict = (
            f" Failing: new findings at or above '{ctx.fail_on}'."
            if comparison.failed(ctx.fail_on)
            else f" No new finding at or above '{ctx.fail_on}'."
        )
        parts.append(
            f"Compared with {label}: {len(comparison.new)} new, {len(comparison.fixed)} fixed, "
            f"{len(comparison.remaining)} remaining.{verdict}\n"
        )
    return "".join(parts)
