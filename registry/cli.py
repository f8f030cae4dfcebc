"""The ``registry`` command: argument parsing and exit codes; the library does the work.

Exit codes (FORMAT.md): 0 nothing at or above ``fail_on``, 1 findings at or above it,
2 the command could not run. Errors are one line on stderr, never a traceback
(set ``REGISTRY_DEBUG=1`` to see one).
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence
from datetime import date
from pathlib import Path
from typing import Any

from registry import __version__

EXIT_OK, EXIT_FINDINGS, EXIT_ERROR = 0, 1, 2


class UsageError(Exception):
    """A problem with what the user asked for (exit code 2)."""


# --------------------------------------------------------------------------- helpers


def resolve_today(value: str | None) -> date:
    """``--today`` wins, then ``REGISTRY_TODAY``, then the local date."""
    raw = value if value else os.environ.get("REGISTRY_TODAY")
    if not raw:
        return date.today()
    try:
        return date.fromisoformat(raw.strip())
    except ValueError:
        source = "--today" if value else "REGISTRY_TODAY"
        raise UsageError(f"{source} must be a date as YYYY-MM-DD, not {raw!r}") from None


def use_color(stream: object) -> bool:
    """Colour only on a terminal, never with NO_COLOR; FORCE_COLOR forces it."""
    if os.environ.get("NO_COLOR"):
        return False
    if os.environ.get("FORCE_COLOR"):
        return True
    isatty = getattr(stream, "isatty", None)
    return bool(isatty and isatty()) and os.environ.get("TERM") != "dumb"


def locate_root(start: Path) -> Path:
    from registry.store import find_root

    if not os.path.lexists(start):  # a broken link is still a path git tracks (pre-commit passes it)
        raise UsageError(f"{start}: no such file or folder")
    root = find_root(start)
    if root is None:
        raise UsageError(
            f"no registry.yaml found in {start.resolve()} or any parent folder "
            "(run `registry init` to create a registry)"
        )
    return root


def load(root: Any, folders: list[str] | None = None, *, narrow: bool = False) -> Any:
    from registry.store import RegistryError, load_registry

    try:
        return load_registry(root, folders, referenced_owners_only=narrow)
    except RegistryError as exc:
        raise UsageError(str(exc)) from None


def out(text: str) -> None:
    sys.stdout.write(text)


# --------------------------------------------------------------------------- commands


def open_revision(root: Path, ref: str, option: str):  # type: ignore[no-untyped-def]
    """The registry's files at ``ref``, read from git objects (no checkout)."""
    from registry.git import BadRevision, GitUnavailable, tree_source

    try:
        return tree_source(root, ref)
    except GitUnavailable as exc:
        raise UsageError(f"{option} needs git: {exc.reason}") from None
    except BadRevision as exc:
        raise UsageError(f"{option}: {exc}") from None


def cmd_audit(args: argparse.Namespace) -> int:
    from registry.audit import compare, dependants, gather_history, run_audit, select
    from registry.git import head_revision
    from registry.report import ReportContext, writer

    today = resolve_today(args.today)
    for option, ref in (("--rev", args.rev), ("--base", args.base)):
        if ref is not None and not isinstance(ref, str):  # argparse turns `--rev=--` into []
            raise UsageError(f"{option} needs a revision")
    cwd = Path.cwd()
    paths = [Path(p) for p in args.paths] or [cwd]
    root = locate_root(paths[0])
    for extra in paths[1:]:
        if not os.path.lexists(extra):
            raise UsageError(f"{extra}: no such file or folder")
    render = writer(args.format)
    if render is None:
        raise UsageError(f"format {args.format!r} is not available")
    whole = any(os.path.realpath(p) == os.fspath(root) for p in paths) or not args.paths
    source = open_revision(root, args.rev, "--rev") if args.rev else None
    models: set[str] | None = None  # None: every model
    owner_files: set[str] | None = None  # None: every owner file
    if whole and source is None:
        from registry.store import RegistryError, load_settings

        try:
            policy = load_settings(root)[1]
        except RegistryError as exc:
            raise UsageError(str(exc)) from None
        from registry.git import history_state

        revision, state = history_state(root)
        full = full_audit(
            root,
            today,
            jobs=args.jobs,
            cache=not args.no_cache,
            history=lambda: gather_history(root, policy),
            history_key=state,
            revision=revision,
            need_owners=False,
        )
        result, policy = full.result, full.policy
        history_note = full.history_note
        validated = any(s.validation_date for s in full.summaries.values())
    else:
        chosen = None if whole else select(root, paths)
        narrow = chosen is not None and not (chosen.everything or chosen.owners)
        registry = load(
            source or root, sorted(chosen.models) if chosen is not None and narrow else None, narrow=narrow
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
    if args.base:
        base = open_revision(root, args.base, "--base")
        if models is None:  # the whole registry at the base: read in parallel from git objects
            base_policy = load(base, []).policy
            base_result = full_audit(
                root,
                today,
                jobs=args.jobs,
                cache=False,
                source=base,
                history=lambda: gather_history(root, base_policy, tree=base),
                revision=base.revision,
            ).result
        else:  # the same models as above (those that exist at the base), with the same context
            base_folders = sorted(m for m in models if base.is_dir(f"models/{m}"))
            base_registry = load(base, base_folders)
            base_history = gather_history(root, base_registry.policy, tree=base, models=models)
            base_cards = base_history.cards if base_history is not None else None
            base_result = run_audit(
                base_registry, today, models=models, owner_files=owner_files, history=base_cards
            )
        result.comparison = compare(result, base_result, str(base.revision))
    fail_on = args.fail_on or policy.fail_on
    ctx = ReportContext(cwd=cwd, color=use_color(sys.stdout), quiet=args.quiet, fail_on=fail_on)
    if result.comparison is not None and args.format == "text":
        out(render_comparison(result, ctx, args.base))
    elif result.comparison is not None and args.format in ("github", "junit"):
        # A pull request is annotated (and its test report fails) for what it adds,
        # matching the exit code; SARIF and JSON carry everything, with fingerprints.
        from dataclasses import replace

        out(render(replace(result, findings=list(result.comparison.new)), ctx))
    else:
        out(render(result, ctx))
    failed = result.comparison.failed(fail_on) if result.comparison is not None else result.failed(fail_on)
    return EXIT_FINDINGS if failed else EXIT_OK


def add_id_holders(registry: Any, root: Any) -> None:
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


def render_comparison(result: Any, ctx: Any, ref: str) -> str:
    """Text for ``audit --base``: new findings first, then fixed and remaining ones."""
    from dataclasses import replace

    from registry.report.text import render
    from registry.textsafe import clean

    comparison = result.comparison
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


def cmd_rules(args: argparse.Namespace) -> int:
    from registry.rules import load_catalog

    catalog = load_catalog()
    if args.format == "markdown":
        out(rules_markdown())
        return EXIT_OK
    if args.format == "json":
        from registry.report.json_report import dumps

        out(
            dumps(
                [
                    {
                        "code": r.code,
                        "severity": r.severity.value,
                        "title": r.title,
                        "family": r.family,
                        "stages": sorted(r.stages),
                        "rationale": r.rationale,
                        "fix": r.fix,
                    }
                    for r in catalog.values()
                ]
            )
            + "\n"
        )
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table

    table = Table(box=None, pad_edge=False, header_style="bold")
    table.add_column("Code")
    table.add_column("Severity")
    table.add_column("Applies to")
    table.add_column("Title")
    short = {"every stage": "all", "proposed, pilot and production models (not retired)": "not retired"}
    for r in catalog.values():
        stages = short.get(r.applies_to, r.applies_to.removesuffix(" models"))
        table.add_row(r.code, r.severity.value, stages, r.title)
    console = Console(
        no_color=not use_color(sys.stdout),
        highlight=False,
        markup=False,
        force_terminal=use_color(sys.stdout) or None,
        width=None if sys.stdout.isatty() else 200,
    )
    console.print(table)
    return EXIT_OK


def rules_markdown() -> str:
    """The rule reference in docs/format.md is this text (a test keeps them in sync)."""
    from registry.rules import load_catalog

    parts = []
    for r in load_catalog().values():
        stages = r.applies_to
        parts.append(f"### {r.code}: {r.title}\n")
        waivable = "" if r.waivable else " Cannot be waived."
        parts.append(f"Default severity **{r.severity.value}**; applies to {stages}.{waivable}\n")
        parts.append(f"**Why it matters.** {r.rationale}\n")
        if r.details:
            parts.append(f"**What it checks.** {r.details}\n")
        parts.append(f"**How to fix.** {r.fix}\n")
        if r.example:
            parts.append(f"```yaml\n{r.example}\n```\n")
    return "\n".join(parts)


def cmd_explain(args: argparse.Namespace) -> int:
    from registry.rules import load_catalog

    code = args.code.strip().upper()
    catalog = load_catalog()
    rule = catalog.get(code)
    if rule is None:
        raise UsageError(f"unknown rule {args.code!r} (see `registry rules`)")
    stages = rule.applies_to
    lines = [
        f"{rule.code}: {rule.title}",
        "",
        f"Default severity: {rule.severity.value}. Applies to: {stages}."
        + ("" if rule.waivable else " Cannot be waived."),
        "",
        "Why it matters",
        f"  {rule.rationale}",
    ]
    if rule.details:
        lines += ["", "What it checks", f"  {rule.details}"]
    lines += ["", "How to fix", f"  {rule.fix}"]
    if rule.example:
        lines += ["", "Example", *(f"  {ln}" for ln in rule.example.splitlines())]
    lines += [
        "",
        "Configure",
        f"  registry.yaml: rules: {{{rule.code}: warning}}   # error | warning | info | off",
        f"  Waive for one model: waivers: [{{rule: {rule.code}, reason: ..., approved_by: ...,"
        " expires: YYYY-MM-DD}]",
    ]
    import textwrap

    wrapped = []
    for ln in lines:
        if ln.startswith("  ") and len(ln) > 88:
            wrapped.extend(textwrap.wrap(ln.strip(), 88, initial_indent="  ", subsequent_indent="  "))
        else:
            wrapped.append(ln)
    out("\n".join(wrapped) + "\n")
    return EXIT_OK


def full_audit(root: Path, today: date, **options: Any) -> Any:
    """The whole registry through the parallel, cached runner (same findings as run_audit)."""
    from registry.runner import audit_registry
    from registry.store import RegistryError

    try:
        return audit_registry(root, today, **options)
    except RegistryError as exc:
        raise UsageError(str(exc)) from None


def cmd_list(args: argparse.Namespace) -> int:
    from registry.report.json_report import dumps
    from registry.textsafe import clean

    today = resolve_today(args.today)
    root = locate_root(Path(args.path))
    audit = full_audit(root, today, need_owners=False)
    by_model = audit.result.by_model()
    rows = []
    for folder, card in audit.summaries.items():
        if args.stage and card.stage != args.stage:
            continue
        if args.owner and card.owner != args.owner:
            continue
        if args.risk and card.risk_tier != args.risk:
            continue
        counts = {"error": 0, "warning": 0, "info": 0}
        for f in by_model.get(folder, []):
            counts[f.severity.value] += 1
        rows.append(
            {
                "id": folder,
                "name": card.name,
                "stage": card.stage,
                "risk_tier": card.risk_tier,
                "owner": card.owner,
                "findings": counts,
            }
        )
    if args.format == "json":
        out(dumps(rows) + "\n")
        return EXIT_OK
    from rich.console import Console
    from rich.table import Table
    from rich.text import Text

    color = use_color(sys.stdout)
    table = Table(box=None, pad_edge=False, header_style="bold")
    for col in ("Model", "Stage", "Risk", "Owner", "Errors", "Warnings", "Info"):
        table.add_column(col, justify="right" if col in ("Errors", "Warnings", "Info") else "left")
    for row in rows:
        c = row["findings"]
        table.add_row(
            Text(clean(row["id"])),
            Text(clean(row["stage"] or "?")),
            Text(clean(row["risk_tier"] or "?")),
            Text(clean(row["owner"] or "-")),
            Text(str(c["error"]), style="bold red" if c["error"] else ""),
            Text(str(c["warning"]), style="yellow" if c["warning"] else ""),
            Text(str(c["info"])),
        )
    console = Console(
        no_color=not color,
        highlight=False,
        markup=False,
        force_terminal=color or None,
        width=None if sys.stdout.isatty() else 200,
    )
    console.print(table)
    if not rows:
        console.print("No models match.")
    return EXIT_OK


def cmd_show(args: argparse.Namespace) -> int:
    from registry.show import render_model

    today = resolve_today(args.today)
    root = locate_root(Path(args.registry))
    registry = load(root)
    model = args.model.strip().rstrip("/").rsplit("/", 1)[-1]
    if model not in registry.models:
        raise UsageError(f"no model {model!r} in {root} (see `registry list`)")
    out(render_model(registry, model, today, fmt=args.format, color=use_color(sys.stdout)))
    return EXIT_OK


def cmd_history(args: argparse.Namespace) -> int:
    from registry.git import BadRevision, GitUnavailable, model_diff, model_history
    from registry.report.json_report import dumps
    from registry.store import list_model_folders
    from registry.textsafe import clean

    root = locate_root(Path(args.registry))
    model = args.model.strip().rstrip("/").rsplit("/", 1)[-1]
    if args.limit < 1:
        raise UsageError("--limit must be at least 1")
    try:
        commits = model_history(root, model, limit=args.limit)
        diffs = [model_diff(root, model, c.sha) for c in commits] if args.diff else []
    except GitUnavailable as exc:
        raise UsageError(f"history needs git: {exc.reason}") from None
    except (ValueError, BadRevision) as exc:
        raise UsageError(str(exc)) from None
    if not commits and model not in list_model_folders(root):
        raise UsageError(f"no model {model!r} in {root} and no commit touches models/{model}/")
    if args.format == "json":
        rows = [
            {
                "sha": c.sha,
                "date": c.date.isoformat(),
                "author": c.author,
                "subject": c.subject,
                **({"diff": diffs[i]} if args.diff else {}),
            }
            for i, c in enumerate(commits)
        ]
        out(dumps(rows) + "\n")
        return EXIT_OK
    if not commits:
        out(f"No commit touches models/{clean(model)}/ yet.\n")
        return EXIT_OK
    for i, c in enumerate(commits):
        when = c.date.strftime("%Y-%m-%d %H:%M %z")
        out(f"{c.short}  {when}  {clean(c.author)}  {clean(c.subject)}\n")
        if args.diff:
            patch = clean(diffs[i], multiline=True)
            out(patch if patch.endswith("\n") or not patch else patch + "\n")
            out("\n")
    return EXIT_OK


def cmd_new(args: argparse.Namespace) -> int:
    from registry.scaffold import ScaffoldError, new_model

    root = locate_root(Path(args.registry))
    try:
        written = new_model(
            root,
            args.model,
            owner=args.owner,
            name=args.name,
            kind=args.kind,
            risk_tier=args.risk,
            stage=args.stage,
            today=resolve_today(args.today),
        )
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"created {os.path.relpath(path)}\n")
    return EXIT_OK


def cmd_init(args: argparse.Namespace) -> int:
    from registry.scaffold import ScaffoldError, init_registry

    try:
        written, snippet = init_registry(Path(args.dir), name=args.name)
    except ScaffoldError as exc:
        raise UsageError(str(exc)) from None
    for path in written:
        out(f"created {os.path.relpath(path)}\n")
    out("\nAdd this to your .pre-commit-config.yaml to audit every commit:\n\n" + snippet)
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from registry.schema import schema_text

    out(schema_text(args.name))
    return EXIT_OK


def cmd_codeowners(args: argparse.Namespace) -> int:
    from registry import codeowners
    from registry.textsafe import clean

    root = locate_root(Path(args.path))
    registry = load(root)
    target = Path(args.output) if args.output else codeowners.default_output(root)
    shown = clean(os.path.relpath(target))
    try:
        current = codeowners.read_existing(target)
    except (OSError, UnicodeDecodeError) as exc:
        detail = exc.strerror if isinstance(exc, OSError) and exc.strerror else exc
        raise UsageError(f"{shown}: cannot read: {clean(str(detail))}") from None
    plan = codeowners.plan(registry, root)
    try:
        wanted = codeowners.merge(current, codeowners.block(plan))
    except codeowners.BlockError as exc:
        raise UsageError(f"{shown}: {exc}; fix it by hand") from None
    if args.check:
        if current == wanted:
            out(f"{shown} is up to date\n")
            return EXIT_OK
        out(clean(codeowners.diff(target, current, wanted, shown), multiline=True))
        sys.stderr.write(f"registry: {shown} is out of date; run `registry codeowners` to update it\n")
        return EXIT_FINDINGS
    counts = f"{len(plan.rules)} models with reviewers, {len(plan.unowned)} without a review handle"
    if current == wanted:
        out(f"{shown} is up to date ({counts})\n")
        return EXIT_OK
    if not target.parent.is_dir():
        raise UsageError(f"{clean(os.path.relpath(target.parent))}: no such folder")
    try:
        codeowners.write_atomic(target, wanted)
    except OSError as exc:
        raise UsageError(f"cannot write {shown}: {exc.strerror or exc}") from None
    out(f"wrote {shown} ({counts})\n")
    return EXIT_OK


def cmd_tui(args: argparse.Namespace) -> int:
    root = locate_root(Path(args.path))
    today = resolve_today(args.today) if (args.today or os.environ.get("REGISTRY_TODAY")) else None
    try:
        from tui.app import run
    except ImportError as exc:  # pragma: no cover - textual is a dependency
        raise UsageError(f"the console needs textual: {exc}") from None
    return run(root, today=today)


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="registry",
        description="Audit and browse a git-native governance registry of AI models.",
    )
    parser.add_argument("--version", action="version", version=f"registry {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    p = sub.add_parser("audit", help="check cards against the schemas and the governance policy")
    p.add_argument(
        "paths",
        nargs="*",
        metavar="PATH",
        help="registry folder, or files whose models to audit (as pre-commit passes)",
    )
    p.add_argument("--format", default="text", choices=("text", "json", "github", "sarif", "junit"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help="judge ages as of this date")
    p.add_argument(
        "--fail-on",
        choices=("error", "warning", "info", "never"),
        help="lowest severity that makes the exit code 1 (default: policy.fail_on)",
    )
    p.add_argument("-q", "--quiet", action="store_true", help="print findings only, no summary")
    p.add_argument("--no-cache", action="store_true", help="ignore and do not write .registry/ cache")
    p.add_argument("--rev", metavar="REF", help="audit the registry as it was at this commit, branch or tag")
    p.add_argument(
        "--base",
        metavar="REF",
        help="compare with this revision: report new, fixed and remaining findings; fail only on new ones",
    )
    p.add_argument("--jobs", type=int, metavar="N", help="worker processes (default: one per core)")
    p.set_defaults(func=cmd_audit)

    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", default="text", choices=("text", "json", "markdown"))
    p.set_defaults(func=cmd_rules)

    p = sub.add_parser("explain", help="why a rule exists and how to fix its findings")
    p.add_argument("code", metavar="CODE")
    p.set_defaults(func=cmd_explain)

    p = sub.add_parser("list", help="models with stage, risk, owner and finding counts")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--stage", choices=("proposed", "pilot", "production", "retired"))
    p.add_argument("--owner")
    p.add_argument("--risk", choices=("low", "medium", "high", "critical"))
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.add_argument("--today", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_list)

    p = sub.add_parser("show", help="one model: card summary, owners, runbook and findings")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.add_argument("--today", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_show)

    p = sub.add_parser(
        "history", help="the commits that changed a model's files, with --diff for what changed"
    )
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--diff", action="store_true", help="show each commit's patch to the model's files")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="newest N commits (default 20)")
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.set_defaults(func=cmd_history)

    p = sub.add_parser("new", help="scaffold a model card and runbook")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--owner", required=True)
    p.add_argument("--name")
    p.add_argument("--kind", default="predictive", choices=("predictive", "generative", "decision"))
    p.add_argument("--risk", default="medium", choices=("low", "medium", "high", "critical"))
    p.add_argument("--stage", default="proposed", choices=("proposed", "pilot", "production"))
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--today", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_new)

    p = sub.add_parser("init", help="create a new registry")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR")
    p.add_argument("--name")
    p.set_defaults(func=cmd_init)

    p = sub.add_parser("schema", help="print a JSON Schema (for editors and check-jsonschema)")
    p.add_argument("name", choices=("card", "owner", "registry", "runbook"))
    p.set_defaults(func=cmd_schema)

    p = sub.add_parser(
        "codeowners",
        help="write a CODEOWNERS block mapping each model's folder to its owners' review_handle",
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="the registry (default: here)")
    p.add_argument(
        "--output",
        metavar="FILE",
        help="file to write (default: .github/CODEOWNERS if the repository has .github/, else CODEOWNERS "
        "at the repository root, or at the registry root outside git)",
    )
    p.add_argument("--check", action="store_true", help="exit 1 with a diff when the file is out of date")
    p.set_defaults(func=cmd_codeowners)

    p = sub.add_parser("tui", help="open the governance console")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--today", metavar="YYYY-MM-DD")
    p.set_defaults(func=cmd_tui)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        code: int = args.func(args)
        sys.stdout.flush()
        return code
    except UsageError as exc:
        from registry.textsafe import clean  # messages quote card text (schema errors echo values)

        sys.stderr.write(f"registry: error: {clean(str(exc))}\n")
        return EXIT_ERROR
    except KeyboardInterrupt:
        sys.stderr.write("registry: interrupted\n")
        return 130
    except BrokenPipeError:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_ERROR
    except Exception as exc:  # never a traceback for users; REGISTRY_DEBUG shows it
        if os.environ.get("REGISTRY_DEBUG"):
            raise
        from registry.textsafe import clean

        sys.stderr.write(
            f"registry: internal error: {type(exc).__name__}: {clean(str(exc))} "
            "(set REGISTRY_DEBUG=1 for details)\n"
        )
        return EXIT_ERROR


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
