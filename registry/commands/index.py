"""``registry index sync|status|forget`` and ``registry list --db``: the index across registries.

Every database problem (unknown scheme, unreachable host, wrong password, a server
that went away, a newer schema) arrives here as an ``IndexFailure`` with one
password-free line, and leaves as a :class:`UsageError` (exit code 2).
"""

from __future__ import annotations

import contextlib
import sys
from collections.abc import Iterator
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

from registry.commands.support import locate_root, out, use_color
from registry.errors import EXIT_OK, UsageError
from registry.status import whole_percent

if TYPE_CHECKING:  # pragma: no cover
    from registry.index.db import Index
    from registry.index.read import ListedModel
    from registry.model_basics import ModelFilter


@contextlib.contextmanager
def opened(db: str | None, *, write: bool = False) -> Iterator[Index]:
    """The index at ``db`` (default: ``$REGISTRY_DB`` or the SQLite file), closed afterwards."""
    from registry.index.db import open_index
    from registry.index.url import IndexFailure

    try:
        index = open_index(db, write=write)
    except IndexFailure as exc:
        raise UsageError(str(exc)) from None
    try:
        yield index
    except IndexFailure as exc:
        raise UsageError(str(exc)) from None
    finally:
        index.close()


def sync(path: str, *, db: str | None, today: date, jobs: int | None = None, cache: bool = True) -> int:
    """Audit the registry at ``path`` as ``registry audit`` does and replace its rows in the index."""
    from registry.index import sync as syncing
    from registry.index.url import IndexFailure, parse_url
    from registry.textsafe import clean

    try:
        parse_url(db)  # a bad URL fails before the audit, not after
    except IndexFailure as exc:
        raise UsageError(str(exc)) from None
    root = locate_root(Path(path))
    batch = syncing.collect(root, today, jobs=jobs, cache=cache)
    with opened(db, write=True) as index:
        done = syncing.push(index, batch)
        shown = index.url.shown
    c = done.counts
    verb = "added" if done.created else "synced"
    revision = f" at {done.revision[:12]}" if done.revision else ""
    out(
        f"{verb} {clean(done.name)}{revision} into {clean(shown)}: {c.models} models, "
        f"{c.errors} errors, {c.warnings} warnings, {c.infos} info, {c.waived} waived; "
        f"{whole_percent(syncing.stored_share(c))}% of active models compliant\n"
    )
    return EXIT_OK


def status(*, db: str | None, fmt: str = "text") -> int:
    """The registries in the index with their last sync, commit and counts."""
    from registry.commands.table import RED, YELLOW, Column, count_style, render
    from registry.index.read import registries
    from registry.textsafe import clean

    with opened(db) as index:
        found = registries(index)
        shown = index.url.shown
    if fmt == "json":
        from registry.report.json_report import dumps

        out(
            dumps(
                [
                    {
                        "name": r.name,
                        "key": r.key,
                        "origin": r.origin,
                        "folder": r.folder,
                        "location": r.location,
                        "revision": r.revision,
                        "synced_at": r.synced_at.isoformat(),
                        "today": r.audit_date.isoformat(),
                        "summary": {
                            "models": r.counts.models,
                            "error": r.counts.errors,
                            "warning": r.counts.warnings,
                            "info": r.counts.infos,
                        },
                        "waived": r.counts.waived,
                        "compliant_share": round(r.counts.compliant_share, 4),
                    }
                    for r in found
                ]
            )
            + "\n"
        )
        return EXIT_OK
    if not found:
        out(f"No registry in {clean(shown)} yet: run `registry index sync` in one.\n")
        return EXIT_OK
    columns = [
        Column("Registry"),
        Column("Synced (UTC)"),
        Column("Commit"),
        Column("Models", right=True),
        Column("Errors", right=True, style=count_style(RED)),
        Column("Warnings", right=True, style=count_style(YELLOW)),
        Column("Info", right=True),
        Column("Compliant", right=True),
        Column("Where"),
    ]
    rows = [
        [
            clean(r.name),
            r.synced_at.strftime("%Y-%m-%d %H:%M"),
            (r.revision or "-")[:12],
            str(r.counts.models),
            str(r.counts.errors),
            str(r.counts.warnings),
            str(r.counts.infos),
            f"{whole_percent(r.counts.compliant_share)}%",
            clean(r.key),
        ]
        for r in found
    ]
    out(render(columns, rows, color=use_color(sys.stdout)))
    return EXIT_OK


def forget(name: str, *, db: str | None) -> int:
    from registry.index.sync import AmbiguousName
    from registry.index.sync import forget as remove
    from registry.textsafe import clean

    with opened(db, write=True) as index:
        try:
            removed = remove(index, name)
        except AmbiguousName as exc:
            raise UsageError(str(exc)) from None
        shown = index.url.shown
    if not removed:
        raise UsageError(f"no registry named {name!r} in {shown} (see `registry index status`)")
    out(f"forgot {clean(name)} ({clean(removed[0])}) in {clean(shown)}\n")
    return EXIT_OK


def list_indexed(only: ModelFilter, *, db: str | None, registry: str | None = None, fmt: str = "text") -> int:
    """``registry list --db``: the models of every registry in the index, registry first."""
    from registry.index.read import listed

    with opened(db) as index:
        rows = listed(index, only, registry=registry)
    if fmt == "json":
        from registry.report.json_report import dumps

        out(dumps([_json_row(m) for m in rows]) + "\n")
        return EXIT_OK
    out(_text(rows))
    return EXIT_OK


def _json_row(m: ListedModel) -> dict[str, object]:
    return {
        "registry": m.registry,
        "id": m.folder,
        "name": m.name,
        "stage": m.stage,
        "risk_tier": m.risk_tier,
        "owner": m.owner,
        "findings": {"error": m.errors, "warning": m.warnings, "info": m.infos},
    }


def _text(rows: list[ListedModel]) -> str:
    from registry.commands.table import RED, YELLOW, Column, count_style, render
    from registry.textsafe import clean

    if not rows:
        return "No models match.\n"
    columns = [
        Column("Registry"),
        Column("Model"),
        Column("Stage"),
        Column("Risk"),
        Column("Owner"),
        Column("Errors", right=True, style=count_style(RED)),
        Column("Warnings", right=True, style=count_style(YELLOW)),
        Column("Info", right=True),
    ]
    shown: dict[str, str] = {}  # registry and owner names repeat: clean each once

    def text(value: str) -> str:
        found = shown.get(value)
        return found if found is not None else shown.setdefault(value, clean(value))

    cells = [
        [
            text(m.registry),
            clean(m.folder),
            m.stage or "?",
            m.risk_tier or "?",
            text(m.owner) if m.owner else "-",
            str(m.errors),
            str(m.warnings),
            str(m.infos),
        ]
        for m in rows
    ]
    return render(columns, cells, color=use_color(sys.stdout))
