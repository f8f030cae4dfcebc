"""Write a generated registry to disk, with its git history when asked.

Why the checks come first: the generator refuses a non-empty folder and bad sizes
before drawing anything, so it never mixes its files with someone else's or leaves a
partial registry behind.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from pathlib import Path

from .build import build, render_files
from .gitimport import import_history
from .history import HISTORY_COMMITS, plan_history

#: The ``--today`` of every benchmark and test unless they say otherwise.
DEFAULT_TODAY = date(2026, 11, 24)


@dataclass(frozen=True, slots=True)
class Written:
    """What :func:`write_registry` wrote, for the command's summary line."""

    models: int
    owners: int


def _write(out: Path, rel: str, text: str, made: dict[Path, None]) -> None:
    """Write one file, creating each folder once (``made``: folders known to exist)."""
    path = out / rel
    parent = path.parent
    if parent not in made:
        parent.mkdir(parents=True, exist_ok=True)
        made[parent] = None
    path.write_bytes(text.encode("utf-8"))


def _check_out(out: Path) -> None:
    """Refuse a file or a non-empty folder: the generator never mixes its files with others'."""
    if out.exists() and (not out.is_dir() or any(out.iterdir())):
        raise FileExistsError(f"{out} exists and is not an empty folder")


def generate(
    out: Path,
    models: int,
    seed: int = 0,
    git: bool = False,
    today: date = DEFAULT_TODAY,
    weeks: int | None = None,
) -> None:
    """Write a registry of ``models`` cards to the empty or missing folder ``out``.

    ``weeks`` spreads the git history over that many weeks, one commit a week, instead
    of :data:`HISTORY_COMMITS` commits over the year before ``today`` (``registry
    trend`` is measured over 200 weeks). Raises FileExistsError if ``out`` is a file
    or a non-empty folder, and ValueError for fewer than 1 model or 2 weeks.
    """
    write_registry(Path(out), models, seed, git, today, weeks)


def write_registry(
    out: Path, models: int, seed: int, git: bool, today: date, weeks: int | None = None
) -> Written:
    """:func:`generate`, returning what it wrote for the summary line."""
    if models < 1:
        raise ValueError("--models must be at least 1")
    if weeks is not None and weeks < 2:
        raise ValueError("--weeks must be at least 2")
    _check_out(out)
    reg = build(models, seed, today)
    files = render_files(reg)
    out.mkdir(parents=True, exist_ok=True)
    made: dict[Path, None] = {}
    for rel, text in files.items():
        _write(out, rel, text, made)
    if git:
        commits, span = (HISTORY_COMMITS, 363) if weeks is None else (weeks, (weeks - 1) * 7)
        import_history(out, plan_history(reg, files, seed, commits, span), files)
    return Written(len(reg.cards), len(reg.owners))
