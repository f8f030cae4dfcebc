"""``registry audit``: the whole registry, the models some files belong to, a revision, a base."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import open_base, open_index, open_revision, out, use_color
from registry.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from registry.audit import AuditResult, Comparison
    from registry.model import Registry
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
    staged: bool = False,
) -> int:
    """Audit, print the report in ``fmt`` and return the exit code FORMAT.md gives.

    ``staged`` audits the files as staged in git's index (what the commit being made
    will hold), not the working tree: the pre-commit hooks pass it, so untracked
    folders and unstaged edits are never judged.
    """
    import sys

    from registry.audit import dependants, gather_history, run_audit, select
    from registry.commands.support import locate_root
    from registry.git import head_revision
    from registry.report import ReportContext, writer
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
    if staged and rev:
        raise UsageError("--staged and --rev cannot be combined: --staged audits what the next commit holds")
    source = open_revision(root, rev, "--rev") if rev else open_index(root) if staged else None
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
        if chosen is not None and source is not None:  # only the models that exist there
            chosen.models = {m for m in chosen.models if source.is_dir(f"models/{m}")}
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
        result.comparison = compare_with_base(
            root,
            result,
            base,
            rev,
            today=today,
            jobs=jobs,
            models=models,
            owner_files=owner_files,
            now=source or root,
        )
    threshold = fail_on or policy.fail_on
    ctx = ReportContext(cwd=cwd, color=use_color(sys.stdout), quiet=quiet, fail_on=threshold)
    if result.comparison is not None and fmt == "text":
        from registry.report.text import render_comparison

        out(render_comparison(result, ctx))
    elif result.comparison is not None and fmt == "github":
        # A pull request is annotated for what it adds, matching the exit code; SARIF,
        # JUnit and JSON carry every finding, marked new or not.
        out(render(replace(result, findings=list(result.comparison.new)), ctx))
    else:
        if fmt == "sarif" and result.waived:
            from registry.waived import suppressions

            result.suppressions = suppressions(source or root, result.waived, today)
        out(render(result, ctx))
    failed = (
        result.comparison.failed(threshold) if result.comparison is not None else result.failed(threshold)
    )
    return EXIT_FINDINGS if failed else EXIT_OK


def compare_with_base(
    root: Path,
    result: AuditResult,
    ref: str,
    rev: str | None,
    *,
    today: date,
    jobs: int | None,
    models: set[str] | None,
    owner_files: set[str] | None,
    now: Path | Source,
) -> Comparison:
    """Audit the merge base of ``ref`` and the audited commit the same way, and match findings.

    A registry that does not exist at the merge base (the branch creates it) or a
    repository with no commit yet gives an empty base: every finding is new. Each
    setting of registry.yaml (``now``) weaker than at the base is added to ``result``
    as a POL001 finding first, so it is new like any other.
    """
    from registry.audit import AuditResult, compare, gather_history, run_audit
    from registry.rules.policy import weakened_policy
    from registry.runner import audit_registry
    from registry.store import REGISTRY_FILE, load_registry, load_settings

    chosen = open_base(root, ref, rev)
    tree = chosen.tree
    empty = AuditResult(result.registry, result.root, today, chosen.sha, [], [])
    if tree is None or not tree.is_file(REGISTRY_FILE):
        base_result = empty
    elif models is None:  # the whole registry at the base: read in parallel from git objects
        base_policy = load_registry(tree, []).policy
        base_result = audit_registry(
            root,
            today,
            jobs=jobs,
            cache=False,
            source=tree,
            history=lambda: gather_history(root, base_policy, tree=tree),
            revision=tree.revision,
        ).result
    else:  # the same models as above (those that exist at the base), with the same context
        base_folders = sorted(m for m in models if tree.is_dir(f"models/{m}"))
        base_registry = load_registry(tree, base_folders)
        base_history = gather_history(root, base_registry.policy, tree=tree, models=models)
        base_cards = base_history.cards if base_history is not None else None
        base_result = run_audit(
            base_registry, today, models=models, owner_files=owner_files, history=base_cards
        )
    if tree is not None and tree.is_file(REGISTRY_FILE):
        settings, policy, _ = load_settings(now)
        result.add_new(weakened_policy(load_settings(tree)[1], policy, settings, ref))
    return compare(result, base_result, chosen.sha, ref=ref, ref_revision=chosen.tip)


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
