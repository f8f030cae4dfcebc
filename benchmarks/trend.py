#!/usr/bin/env python3
"""Time ``registry trend`` over 200 weekly periods of a registry with 200 weeks of history.

    python benchmarks/trend.py [--models 1000] [--repeat 3] [--out DIR]

Why 200 weeks: a steering committee looks at years of weekly compliance, and the trend
must stay a matter of seconds there. The registry comes from ``generate.py --git
--weeks 200`` (one commit a week). Before printing a figure the benchmark checks that
three of the trend's points (the first, the middle and the last) have the numbers
``registry audit --rev SHA --today DAY`` gives at the same commit and date: a fast
trend that said something else would not be a result. ``run.py`` includes this figure
in its table; run alone it prints one line.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from datetime import timedelta
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from generate import generate  # noqa: E402
from run import TODAY, Measure, best, registry_cmd, run  # noqa: E402

WEEKS = 200


def trend_figure(n: int, out: Path, repeat: int) -> tuple[Measure, int]:
    """The fastest of ``repeat`` runs, and the number of weekly points it reported."""
    root = out / f"trend-{n}"
    if not root.exists():
        started = time.perf_counter()
        generate(root, models=n, seed=7, git=True, today=TODAY, weeks=WEEKS)
        print(
            f"[{n} models] {WEEKS} weeks of history generated in {time.perf_counter() - started:.1f}s",
            file=sys.stderr,
        )
    since = TODAY - timedelta(weeks=WEEKS - 1)
    cmd = [*registry_cmd(), "trend", str(root), "--every", "week", "--format", "json"]
    cmd += ["--since", since.isoformat(), "--today", TODAY.isoformat()]
    measured = best(repeat, lambda: run(cmd, cwd=root, env={"NO_COLOR": "1"}))
    points = json.loads(measured.stdout)["points"]
    audited = [p for p in points if p["summary"] is not None]
    for point in (audited[0], audited[len(audited) // 2], audited[-1]):
        rev, day = point["revision"], point["today"]
        audit = run(
            [
                *registry_cmd(),
                "audit",
                str(root),
                "--rev",
                rev,
                "--today",
                day,
                "--format",
                "json",
                "--no-cache",
            ],
            cwd=root,
        )
        summary = json.loads(audit.stdout)["summary"]
        if {k: summary[k] for k in ("error", "warning", "info")} != point["summary"]:
            raise SystemExit(
                f"[{n}] the trend's {point['period']} disagrees with audit --rev: refusing to report"
            )
    return measured, len(points)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path)
    args = parser.parse_args()
    out = args.out or Path(tempfile.mkdtemp(prefix="registry-trend-bench-"))
    measured, points = trend_figure(args.models, out, args.repeat)
    print(
        f"trend of {args.models:,} models, {points} weekly periods: {measured.seconds:.2f} s, "
        f"peak {measured.peak_mb:.0f} MB (checked against audit --rev at three points)"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
