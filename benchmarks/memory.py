"""Peak memory of a full audit of a very large registry: cold, warm, and with a stale cache.

    python benchmarks/memory.py [--models 50000] [--out DIR] [--python PY ...]

A stale cache (written under another context: here another ``--today``) must not be
kept in memory for the rest of the run; this measures it. Each run is a fresh process
(``registry audit --today ...``), its peak resident size taken from ``wait4``; the
registry is generated once (benchmarks/generate.py, fixed seed, no git history) and
kept in ``--out`` for reruns. ``--python`` may name several interpreters (for instance
the one of a reference checkout) to compare them on the same registry, interleaved.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from run import Measure, run  # noqa: E402

TODAY = "2026-11-24"
OTHER_DAY = "2026-11-23"


def audit(python: str, root: Path, today: str, *extra: str) -> Measure:
    return run([python, "-m", "registry.cli", "audit", "--today", today, "-q", *extra, str(root)], cwd=root)


def measure(python: str, root: Path) -> dict[str, Measure]:
    shutil.rmtree(root / ".registry", ignore_errors=True)
    cold = audit(python, root, TODAY)  # no cache yet: parses everything, writes the cache
    warm = audit(python, root, TODAY)
    stale = audit(python, root, OTHER_DAY)  # the cache was written for another day
    no_cache = audit(python, root, TODAY, "--no-cache")
    return {"cold": cold, "warm": warm, "stale": stale, "no-cache": no_cache}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--models", type=int, default=50_000)
    parser.add_argument("--out", type=Path, default=HERE / "out" / "memory")
    parser.add_argument("--python", action="append", help="interpreter(s) to measure (default: this one)")
    parser.add_argument("--repeat", type=int, default=1, help="rounds, interleaved between interpreters")
    args = parser.parse_args()
    root = args.out / f"registry-{args.models}"
    if not (root / "registry.yaml").exists():
        # In a child process: a child's peak RSS starts at its parent's size (Linux keeps
        # the high-water mark across fork and exec), so this process must stay small.
        shutil.rmtree(root, ignore_errors=True)
        generator = [sys.executable, str(HERE / "generate.py"), str(root), "--models", str(args.models)]
        subprocess.run(generator, check=True, stdout=subprocess.DEVNULL)
    pythons = args.python or [sys.executable]
    best: dict[tuple[str, str], Measure] = {}
    for _ in range(args.repeat):
        for python in pythons:
            for kind, m in measure(python, root).items():
                key = (python, kind)
                if key not in best or m.peak_mb < best[key].peak_mb:
                    best[key] = m
    print(f"{args.models:,} models: peak resident memory of `registry audit` (seconds in brackets)")
    for python in pythons:
        cells = ", ".join(
            f"{kind} {best[(python, kind)].peak_mb:.0f} MB ({best[(python, kind)].seconds:.1f} s)"
            for kind in ("cold", "warm", "stale", "no-cache")
        )
        print(f"  {python}: {cells}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
