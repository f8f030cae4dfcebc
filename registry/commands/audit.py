"""``registry audit``: the whole registry, the models some files belong to, a revision, a base."""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, replace
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import open_base, open_index, open_revision, out, use_color
from registry.errors import EXIT_FINDINGS, EXIT_OK, UsageError

if TYPE_CHECKING:  # pragma: no cover
    from registry.audit import AuditResult, Comparison, Scope
    from registry.store import Source


@dataclass(frozen=True, slots=True)
class Request:
    """What the user asked of ``registry audit``, besides the paths."""

    today: date
    fmt: str = "text"
    fail_on: str | None = None
    quiet: bool = False
    cache: bool = True
    rev: str | None = None
    base: str | None = None
    jobs: int | None = None
    staged: bool = False


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

    Paths (as pre-commit passes them) are grouped by the registry that holds each, and
    every group is audited; a path that no registry holds stops the command (exit 2)
    rather than being skipped. ``staged`` audits the files as staged in git's index
    (what the commit being made will hold), not the working tree: the pre-commit hooks
    pass it, so untracked folders and unstaged edits are never judged.
    """
    from registry.report import writer

    if writer(fmt) is None:
        raise UsageError(f"format {fmt!r} is not available")
    if staged and rev:
        raise UsageError("--staged and --rev cannot be combined: --staged audits what the next commit holds")
    groups = _groups(paths)
    if len(groups) > 1 and fmt not in ("text", "github"):
        names = ", ".join(os.path.relpath(root) for root in groups)
        raise UsageError(
            f"the paths belong to {len(groups)} registries ({names}); --format {fmt} reports one "
            "registry: audit each on its own"
        )
    request = Request(today, fmt, fail_on, quiet, cache, rev, base, jobs, staged)
    failed = False
    for root, given in groups.items():
        failed = _audit_one(root, given, bool(paths), request) or failed
    return EXIT_FINDINGS if failed else EXIT_OK


def _groups(paths: Sequence[str]) -> dict[Path, list[Path]]:
    """Each registry with the paths given inside it (the current folder's without paths)."""
    from registry.audit import place
    from registry.commands.support import locate_root

    if not paths:
        cwd = Path.cwd()
        return {locate_root(cwd): [cwd]}
    given = [Path(p) for p in paths]
    for path in given:
        if not os.path.lexists(path):
            raise UsageError(f"{path}: no such file or folder")
    groups, lost = place(given)
    if lost and len(given) == 1:
        locate_root(given[0])  # its message: no registry.yaml in that folder or above
    if lost:
        shown = ", ".join(str(p) for p in lost)
        raise UsageError(f"{shown}: not inside a registry (no registry.yaml in its folder or above)")
    return groups


def _audit_one(root: Path, given: list[Path], with_paths: bool, req: Request) -> bool:
    """Audit one registry's share of the paths and print its report; True when it fails."""
    import sys

    from registry.audit import Scope, audit, select
    from registry.report import ReportContext, writer

    whole = not with_paths or any(os.path.realpath(p) == os.fspath(root) for p in given)
    source = open_revision(root, req.rev, "--rev") if req.rev else open_index(root) if req.staged else None
    scope = Scope()
    if not whole:
        chosen = select(root, given)
        if source is not None:  # only the models that exist there
            chosen.models = {m for m in chosen.models if source.is_dir(f"models/{m}")}
        scope = chosen.scope()
    done = audit(
        source or root,
        req.today,
        scope=scope,
        cache=req.cache and whole and source is None,
        jobs=req.jobs,
        need_owners=False,
    )
    result = done.result
    validated = any(done.summaries[m].validation_date for m in result.models)
    if done.history_note and validated:
        result.notes.append(done.history_note)
    if req.base:
        result.comparison = compare_with_base(root, result, req.base, req.rev, scope, req, source or root)
    threshold = req.fail_on or done.policy.fail_on
    ctx = ReportContext(cwd=Path.cwd(), color=use_color(sys.stdout), quiet=req.quiet, fail_on=threshold)
    render = writer(req.fmt)
    assert render is not None
    if result.comparison is not None and req.fmt == "text":
        from registry.report.text import render_comparison

        out(render_comparison(result, ctx))
    elif result.comparison is not None and req.fmt == "github":
        # A pull request is annotated for what it adds, matching the exit code; SARIF,
        # JUnit and JSON carry every finding, marked new or not.
        out(render(replace(result, findings=list(result.comparison.new)), ctx))
    else:
        out(render(result, ctx))
    if result.comparison is not None:
        return result.comparison.failed(threshold)
    return result.failed(threshold)


def compare_with_base(
    root: Path,
    result: AuditResult,
    ref: str,
    rev: str | None,
    scope: Scope,
    req: Request,
    now: Path | Source,
) -> Comparison:
    """Audit the merge base of ``ref`` and the audited commit the same way, and match findings.

    A registry that does not exist at the merge base (the branch creates it) or a
    repository with no commit yet gives an empty base: every finding is new. Each
    setting of registry.yaml (``now``) weaker than at the base is added to ``result``
    as a POL001 finding first, so it is new like any other.
    """
    from registry.audit import AuditResult, Scope, audit, compare
    from registry.rules.policy import weakened_policy
    from registry.store import REGISTRY_FILE, load_settings

    chosen = open_base(root, ref, rev)
    tree = chosen.tree
    if tree is None or not tree.is_file(REGISTRY_FILE):
        base_result = AuditResult(result.registry, result.root, req.today, chosen.sha, [], [])
    else:
        base_scope = scope
        if not scope.everything:  # the same models (those at the base), with the same context
            base_scope = Scope(
                read=tuple(sorted(m for m in result.models if tree.is_dir(f"models/{m}"))),
                judge=frozenset(result.models),
                owner_files=scope.owner_files,
            )
        base_result = audit(tree, req.today, scope=base_scope, jobs=req.jobs, need_owners=False).result
    if tree is not None and tree.is_file(REGISTRY_FILE):
        current = load_settings(now)
        result.add_new(weakened_policy(load_settings(tree).policy, current.policy, current.record, ref))
    return compare(result, base_result, chosen.sha, ref=ref, ref_revision=chosen.tip)
