"""How long a parallel audit takes to stop after SIGTERM (CI, ``timeout``) or SIGINT (Ctrl-C).

    python benchmarks/signals.py [--models 10000] [--rounds 5] [--out DIR]

The test suite only checks that the audit and its workers end by themselves; how fast
is measured here. Each round starts a cold ``registry audit --jobs 2 --no-cache`` in its
own process group, waits a fixed delay (spread over the rounds), signals the audit's
process only (as a CI runner does), and times until the whole group is gone. The
registry is generated once (benchmarks/generate.py, fixed seed) and kept in ``--out``.
"""

from __future__ import annotations

import argparse
import os
import shutil
import signal
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
TODAY = "2026-11-24"


def group_alive(pgid: int) -> bool:
    try:
        os.killpg(pgid, 0)
    except ProcessLookupError:
        return False
    return True


def stop_time(root: Path, signum: signal.Signals, delay: float) -> float | None:
    """Seconds from the signal until no process of the audit is left; None if it ended first."""
    proc = subprocess.Popen(
        [sys.executable, "-m", "registry.cli", "audit", "--today", TODAY, "--jobs", "2", "--no-cache", "-q"],
        cwd=root,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    time.sleep(delay)
    if proc.poll() is not None:
        return None
    os.kill(proc.pid, signum)
    sent = time.monotonic()
    proc.wait(timeout=120)
    while group_alive(proc.pid):
        time.sleep(0.002)
    return time.monotonic() - sent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=10_000)
    parser.add_argument("--rounds", type=int, default=5, help="signals of each kind")
    parser.add_argument("--out", type=Path, default=HERE / "out" / "signals")
    args = parser.parse_args()
    root = args.out / f"registry-{args.models}"
    if not (root / "registry.yaml").exists():
        shutil.rmtree(root, ignore_errors=True)
        generator = [sys.executable, str(HERE / "generate.py"), str(root), "--models", str(args.models)]
        subprocess.run(generator, check=True, stdout=subprocess.DEVNULL)
    print(f"{args.models:,} models, cold parallel audit (--jobs 2 --no-cache), {os.cpu_count()} cores")
    for signum in (signal.SIGTERM, signal.SIGINT):
        times: list[float] = []
        for n in range(args.rounds):
            delay = 0.5 + 2.5 * n / max(args.rounds - 1, 1)
            took = stop_time(root, signum, delay)
            if took is not None:
                times.append(took)
        if times:
            print(
                f"{signum.name}: stopped in median {statistics.median(times):.3f} s, "
                f"max {max(times):.3f} s ({len(times)} signals during the audit)"
            )
        else:
            print(f"{signum.name}: the audit always ended before the signal")
    return 0


if __name__ == "__main__":
    sys.exit(main())
