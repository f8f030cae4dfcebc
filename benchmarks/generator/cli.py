"""The command line of ``benchmarks/generate.py``: parse, generate, print one summary line.

Why the program is still called ``generate.py`` in messages: benchmarks, tests and
docs invoke ``python benchmarks/generate.py OUT --models N``; that script is now a
thin entry point to this package and its messages must not change.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date
from pathlib import Path

from .writer import DEFAULT_TODAY, write_registry


def _today(text: str) -> date:
    """``--today``: an ISO date, or argparse's one-line usage error."""
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a YYYY-MM-DD date: {text!r}") from None


def main(argv: Sequence[str] | None = None) -> int:
    """Parse arguments, generate, and print one summary line (exit 2 on bad input)."""
    parser = argparse.ArgumentParser(
        prog="generate.py", description="Write a realistic, deterministic model registry."
    )
    parser.add_argument("out", type=Path, metavar="OUT", help="empty or missing folder")
    parser.add_argument("--models", type=int, required=True, metavar="N")
    parser.add_argument("--seed", type=int, default=0, metavar="S")
    parser.add_argument("--git", action="store_true", help="also build a git history")
    parser.add_argument("--today", type=_today, default=DEFAULT_TODAY, metavar="YYYY-MM-DD")
    parser.add_argument(
        "--weeks",
        type=int,
        metavar="W",
        help="with --git: one commit a week over W weeks (default: 40 over a year)",
    )
    args = parser.parse_args(argv)
    started = time.perf_counter()
    try:
        written = write_registry(args.out, args.models, args.seed, args.git, args.today, args.weeks)
    except (FileExistsError, ValueError) as exc:
        print(f"generate.py: error: {exc}", file=sys.stderr)
        return 2
    except subprocess.CalledProcessError as exc:
        print(f"generate.py: error: git failed: {exc}", file=sys.stderr)
        return 1
    print(f"wrote {written.models} models, {written.owners} owners in {time.perf_counter() - started:.1f}s")
    return 0
