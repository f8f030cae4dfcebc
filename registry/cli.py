"""The ``registry`` command: build the parser, dispatch to ``registry.commands``, map errors.

Exit codes (FORMAT.md): 0 nothing at or above ``fail_on``, 1 findings at or above it,
2 the command could not run. Errors are one line on stderr, never a traceback (set
``REGISTRY_DEBUG=1`` to see one). This module only parses and dispatches: each command
is a typed function in ``registry/commands/<command>.py`` (pre-commit's ``main.py`` is
the model), and :mod:`registry.error_handler` is the one place that maps exceptions
to exit codes.
"""

from __future__ import annotations

import argparse
import os
import sys
from collections.abc import Sequence

from registry import __version__, cli_edit
from registry.errors import UsageError
from registry.findings import Severity
from registry.model import KINDS, RISK_TIERS, STAGES
from registry.report import FORMATS
from registry.schema import SCHEMA_FILES

TODAY_HELP = "judge ages as of this date (default: REGISTRY_TODAY, else the local date)"
DB_HELP = (
    "the index: sqlite:///PATH or postgresql://USER@HOST:PORT/DATABASE "
    "(default: $REGISTRY_DB, else an SQLite file in the user's data folder)"
)
#: ``--db`` given without a URL: the default index (argparse's ``const``).
DEFAULT_DB = ""


def _db_option(p: argparse.ArgumentParser, *, optional_value: bool) -> None:
    if optional_value:
        p.add_argument("--db", nargs="?", const=DEFAULT_DB, default=None, metavar="URL", help=DB_HELP)
    else:
        p.add_argument("--db", default=DEFAULT_DB, metavar="URL", help=DB_HELP)


def _positive(text: str) -> int:
    """``--jobs`` takes a whole number of worker processes, at least one."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, not {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError(f"must be at least 1, not {value}")
    return value


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
    p.add_argument("--format", default="text", choices=FORMATS)
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    p.add_argument(
        "--fail-on",
        choices=(*(s.value for s in sorted(Severity, key=lambda s: -s.rank)), "never"),
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
    p.add_argument(
        "--staged",
        action="store_true",
        help="audit the files as staged in git's index (what the next commit holds), as the hooks do",
    )
    p.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes, at least 1 (default: one per core)"
    )

    p = sub.add_parser("rules", help="list every rule")
    p.add_argument("--format", default="text", choices=("text", "json", "markdown"))

    p = sub.add_parser("explain", help="why a rule exists and how to fix its findings")
    p.add_argument("code", metavar="CODE")

    p = sub.add_parser("list", help="models with stage, risk, owner and finding counts")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--stage", choices=STAGES)
    p.add_argument("--owner")
    p.add_argument("--risk", choices=RISK_TIERS)
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    _db_option(p, optional_value=True)
    p.add_argument("--registry", metavar="NAME", help="with --db: only the registry of this name (or key)")

    p = sub.add_parser("index", help="the index across registries: sync one, list them, forget one")
    index_sub = p.add_subparsers(dest="index_command", metavar="ACTION", required=True)
    q = index_sub.add_parser("sync", help="audit the registry here and replace its rows in the index")
    q.add_argument("path", nargs="?", default=".", metavar="PATH")
    _db_option(q, optional_value=False)
    q.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    q.add_argument("--no-cache", action="store_true", help="ignore and do not write .registry/ cache")
    q.add_argument(
        "--jobs", type=_positive, metavar="N", help="worker processes, at least 1 (default: one per core)"
    )
    q = index_sub.add_parser("status", help="the registries in the index, their last sync and counts")
    _db_option(q, optional_value=False)
    q.add_argument("--format", default="text", choices=("text", "json"))
    q = index_sub.add_parser("forget", help="remove a registry and its history from the index")
    q.add_argument("name", metavar="NAME", help="the registry's name (or its key, see `index status`)")
    _db_option(q, optional_value=False)

    p = sub.add_parser("show", help="one model: card summary, owners, runbook and findings")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--format", default="text", choices=("text", "json"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)

    p = sub.add_parser(
        "history", help="the commits that changed a model's files, with --diff for what changed"
    )
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--diff", action="store_true", help="show each commit's patch to the model's files")
    p.add_argument("--limit", type=int, default=20, metavar="N", help="newest N commits (default 20)")
    p.add_argument("--format", default="text", choices=("text", "json"))

    p = sub.add_parser("new", help="scaffold a model card and runbook")
    p.add_argument("model", metavar="MODEL")
    p.add_argument("--owner", required=True)
    p.add_argument("--name")
    p.add_argument("--kind", default="predictive", choices=KINDS)
    p.add_argument("--risk", default="medium", choices=RISK_TIERS)
    p.add_argument("--stage", default="proposed", choices=tuple(s for s in STAGES if s != "retired"))
    p.add_argument("--registry", default=".", metavar="PATH")
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)

    p = sub.add_parser("init", help="create a new registry")
    p.add_argument("dir", nargs="?", default=".", metavar="DIR")
    p.add_argument("--name")

    p = sub.add_parser("schema", help="print a JSON Schema (for editors and check-jsonschema)")
    p.add_argument("name", nargs="?", choices=tuple(SCHEMA_FILES))
    p.add_argument(
        "--write",
        action="store_true",
        help="write (or refresh) the registry's copies in .registry-schemas/, which cards' modelines name",
    )
    p.add_argument("--registry", default=".", metavar="PATH")

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

    p = sub.add_parser(
        "report", help="the steering committee's report: health, actions, pilots, use cases, trend"
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="the registry (default: here)")
    p.add_argument("--format", default="md", choices=("md", "html"))
    p.add_argument(
        "-o", "--output", metavar="FILE", help="write the report to FILE (default: standard output)"
    )
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)

    p = sub.add_parser(
        "trend", help="compliant share and findings by severity at the end of each week or month, from git"
    )
    p.add_argument("path", nargs="?", default=".", metavar="PATH", help="the registry (default: here)")
    p.add_argument(
        "--since", metavar="YYYY-MM-DD", help="first period (default: the commit that added the registry)"
    )
    p.add_argument("--every", default="month", choices=("week", "month"))
    p.add_argument("--format", default="text", choices=("text", "json", "csv"))
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP + "; the last period ends on it")

    p = sub.add_parser("import", help="create models from cards written for other tools (Hugging Face)")
    formats = p.add_subparsers(dest="source", metavar="FORMAT", required=True)
    q = formats.add_parser("hf", help="Hugging Face model cards: README.md files, or folders of them")
    q.add_argument("paths", nargs="+", metavar="PATH", help="card files, or folders holding them")
    q.add_argument(
        "--id", dest="model_id", metavar="ID", help="model id for a single card (default: from the file name)"
    )
    q.add_argument("--owner", help="owner id to set on every new model (a record in owners/)")
    q.add_argument(
        "--risk", default="medium", choices=RISK_TIERS, help="risk tier of the new models (default medium)"
    )
    q.add_argument("--registry", default=".", metavar="PATH")
    q.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)

    p = sub.add_parser("export", help="write models as cards for other tools (Hugging Face, CycloneDX)")
    formats = p.add_subparsers(dest="target", metavar="FORMAT", required=True)
    q = formats.add_parser("hf", help="one model as a Hugging Face model card (README.md)")
    q.add_argument("model", metavar="MODEL")
    q.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")
    q.add_argument("--registry", default=".", metavar="PATH")
    q.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    q = formats.add_parser("cyclonedx", help="every model as a CycloneDX 1.6 ML-BOM (JSON)")
    q.add_argument("path", nargs="?", default=".", metavar="PATH", help="the registry (default: here)")
    q.add_argument("-o", "--output", metavar="FILE", help="file to write (default: standard output)")

    p = sub.add_parser("tui", help="open the governance console")
    p.add_argument("path", nargs="?", default=".", metavar="PATH")
    p.add_argument("--today", metavar="YYYY-MM-DD", help=TODAY_HELP)
    _db_option(p, optional_value=True)
    cli_edit.add_parsers(sub)
    return parser


def dispatch(args: argparse.Namespace) -> int:
    """Call the command's typed function with what the parser read."""
    from registry.commands.support import resolve_today

    command: str = args.command
    if command == "audit":
        from registry.commands.audit import audit

        for option, ref in (("--rev", args.rev), ("--base", args.base)):
            if ref is not None and not isinstance(ref, str):  # argparse turns `--rev=--` into []
                raise UsageError(f"{option} needs a revision")
        return audit(
            args.paths,
            today=resolve_today(args.today),
            fmt=args.format,
            fail_on=args.fail_on,
            quiet=args.quiet,
            cache=not args.no_cache,
            rev=args.rev,
            base=args.base,
            jobs=args.jobs,
            staged=args.staged,
        )
    if command == "rules":
        from registry.commands.rules import rules

        return rules(args.format)
    if command == "explain":
        from registry.commands.explain import explain

        return explain(args.code)
    if command == "list":
        from registry.commands.list import list_models
        from registry.model_basics import ModelFilter

        only = ModelFilter(stage=args.stage, owner=args.owner, risk=args.risk)
        if args.db is not None:
            from registry.commands.index import list_indexed

            return list_indexed(only, db=args.db, registry=args.registry, fmt=args.format)
        if args.registry is not None:
            raise UsageError("--registry needs --db (it picks one registry of the index)")
        return list_models(args.path, only, today=resolve_today(args.today), fmt=args.format)
    if command == "show":
        from registry.commands.show import show

        return show(args.model, registry_path=args.registry, today=resolve_today(args.today), fmt=args.format)
    if command == "history":
        from registry.commands.history import history

        return history(
            args.model, registry_path=args.registry, diff=args.diff, limit=args.limit, fmt=args.format
        )
    if command == "new":
        from registry.commands.new import new
        from registry.scaffold import NewCard

        card = NewCard(args.owner, name=args.name, kind=args.kind, risk_tier=args.risk, stage=args.stage)
        return new(args.model, card, registry_path=args.registry, today=resolve_today(args.today))
    if command == "init":
        from registry.commands.init import init

        return init(args.dir, name=args.name)
    if command == "schema":
        from registry.commands.schema import schema

        return schema(args.name, write=args.write, registry_path=args.registry)
    if command == "codeowners":
        from registry.commands.codeowners import codeowners

        return codeowners(args.path, output=args.output, check=args.check)
    if command == "report":
        from registry.commands.report import report

        return report(args.path, today=resolve_today(args.today), fmt=args.format, output=args.output)
    if command == "trend":
        from registry.commands.trend import trend

        return trend(
            args.path, today=resolve_today(args.today), since=args.since, every=args.every, fmt=args.format
        )

    if command == "import":
        from registry.commands.import_ import import_hf

        return import_hf(
            args.paths,
            registry_path=args.registry,
            today=resolve_today(args.today),
            model_id=args.model_id,
            owner=args.owner,
            risk=args.risk,
        )
    if command == "export":
        from registry.commands.export import export_cyclonedx, export_hf

        if args.target == "hf":
            return export_hf(
                args.model, registry_path=args.registry, today=resolve_today(args.today), output=args.output
            )
        return export_cyclonedx(args.path, output=args.output)
    if command == "tui":
        from registry.commands.tui import tui

        pinned = args.today or os.environ.get("REGISTRY_TODAY")
        return tui(args.path, today=resolve_today(args.today) if pinned else None, db=args.db)
    if command == "index":
        return _index(args)
    if command in cli_edit.EDIT_VERBS:
        return cli_edit.dispatch(args)
    raise UsageError(f"unknown command {command!r}")  # pragma: no cover - argparse refuses it first


def _index(args: argparse.Namespace) -> int:
    from registry.commands import index
    from registry.commands.support import resolve_today

    if args.index_command == "sync":
        return index.sync(
            args.path, db=args.db, today=resolve_today(args.today), jobs=args.jobs, cache=not args.no_cache
        )
    if args.index_command == "status":
        return index.status(db=args.db, fmt=args.format)
    return index.forget(args.name, db=args.db)


def main(argv: Sequence[str] | None = None) -> int:
    from registry.error_handler import run

    args = build_parser().parse_args(argv)
    return run(lambda: dispatch(args))


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
