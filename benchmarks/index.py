"""Measure the index: syncing a big registry, and reading 50,000 models across registries.

    python benchmarks/index.py [--models 10000] [--registries 5] [--repeat 3] [--out DIR] [--write-docs]

On SQLite (a file, as the default index) and on a throwaway PostgreSQL started from
Debian's packages (tests/index/pg_server.py, the server the tests use), it times:

- ``registry index sync`` of a generated registry (benchmarks/generate.py, with git
  history) in a fresh process, its audit cache warm, as a nightly job runs it; and
  the database part alone (one transaction of bulk inserts), in process;
- ``registry list --db`` over ``registries`` copies of that registry's rows (50,000
  models for 10,000 x 5), text and JSON, output to a file, process start included;
- the console over the index (benchmarks/measure_console.py --db): the first screen
  and the median filter keystroke at those 50,000 models.

benchmarks/run.py calls :func:`bench_index` and puts the rows in docs/benchmarks.md.
Nothing here is a test: the figures vary with the machine.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import shutil
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
for extra in (HERE, ROOT, ROOT / "tests" / "index"):
    if str(extra) not in sys.path:
        sys.path.insert(0, str(extra))

from generate import generate  # noqa: E402
from run import TODAY, Measure, best, registry_cmd, run  # noqa: E402


def _push_seconds(url: str, batch: object, copies: int) -> float:
    """Push ``batch`` ``copies`` times under different identities; the slowest single push."""
    from registry.index.db import open_index
    from registry.index.sync import Batch, push

    assert isinstance(batch, Batch)
    index = open_index(url, write=True)
    slowest = 0.0
    try:
        for i in range(copies):
            ident = dataclasses.replace(
                batch.identity, key=f"{batch.identity.key}#copy-{i + 1}", name=f"Registry {i + 1}"
            )
            start = time.perf_counter()
            push(index, dataclasses.replace(batch, identity=ident))
            slowest = max(slowest, time.perf_counter() - start)
    finally:
        index.close()
    return slowest


def _console(url: str) -> dict[str, float] | None:
    script = HERE / "measure_console.py"
    try:
        m = run([sys.executable, str(script), "--today", TODAY.isoformat(), "--db", url], cwd=ROOT)
    except SystemExit as exc:
        print(f"  console over the index unavailable: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None
    data: dict[str, float] = json.loads(m.stdout.strip().splitlines()[-1])
    return data


def bench_backend(url: str, root: Path, batch: object, copies: int, repeat: int) -> dict[str, object]:
    cmd = registry_cmd()
    sync = best(repeat, lambda: run([*cmd, "index", "sync", "--db", url, str(root)], cwd=root))
    push = _push_seconds(url, batch, copies)
    text = best(repeat, lambda: run([*cmd, "list", "--db", url], cwd=ROOT, env={"NO_COLOR": "1"}))
    as_json = best(repeat, lambda: run([*cmd, "list", "--db", url, "--format", "json"], cwd=ROOT))
    listed = len(json.loads(as_json.stdout))
    high = best(repeat, lambda: run([*cmd, "list", "--db", url, "--risk", "high"], cwd=ROOT))
    return {
        "sync": sync,
        "push": push,
        "list": text,
        "list_json": as_json,
        "list_filtered": high,
        "listed": listed,
        "console": _console(url),
    }


def bench_index(out: Path, models: int = 10000, copies: int = 4, repeat: int = 3) -> dict[str, object]:
    """Both backends; returns the figures for :func:`table`."""
    import pg_server

    from registry.index.sync import collect

    root = out / f"index-registry-{models}"
    if not (root / "registry.yaml").exists():
        if root.exists():
            shutil.rmtree(root)
        generate(root, models=models, seed=11, git=True, today=TODAY)
    run([*registry_cmd(), "audit", "--today", TODAY.isoformat(), str(root)], cwd=root)  # warm the cache
    batch = collect(root, TODAY)
    figures: dict[str, object] = {"models": models, "copies": copies}
    folder = Path(tempfile.mkdtemp(prefix="registry-index-bench-"))
    try:
        print(f"[index] SQLite, {models} models x {copies + 1}", file=sys.stderr)
        figures["sqlite"] = bench_backend(f"sqlite:///{folder}/index.db", root, batch, copies, repeat)
        print(f"[index] PostgreSQL, {models} models x {copies + 1}", file=sys.stderr)
        server = pg_server.start()
        try:
            url = server.create_database("bench")
            figures["postgresql"] = bench_backend(url, root, batch, copies, repeat)
        finally:
            server.stop()
    finally:
        shutil.rmtree(folder, ignore_errors=True)
    return figures


def table(figures: dict[str, object]) -> str:
    """The index rows of docs/benchmarks.md."""
    n = figures["models"]
    backends = [b for b in ("sqlite", "postgresql") if b in figures]
    data = {b: figures[b] for b in backends}
    lines = ["| figure | SQLite (file) | PostgreSQL 15 (loopback) |", "|---|---|---|"]

    def row(label: str, cell: object) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(data[b]) for b in backends) + " |")  # type: ignore[operator]

    def secs(key: str) -> object:
        def cell(d: dict[str, object]) -> str:
            m = d[key]
            if isinstance(m, Measure):
                return f"{m.seconds:.2f} s ({m.cpu:.2f} s CPU)"
            return f"{m:.2f} s"

        return cell

    row(f"`index sync`, {n:,} models, process start and warm audit included", secs("sync"))
    row(f"  of which the database transaction (bulk inserts, {n:,} models)", secs("push"))
    total = next(iter(data.values()))["listed"]  # type: ignore[index]
    row(f"`list --db`, {total:,} models in {figures['copies'] + 1} registries, text", secs("list"))  # type: ignore[operator]
    row(f"`list --db --format json`, {total:,} models", secs("list_json"))
    row("`list --db --risk high`", secs("list_filtered"))
    row(
        f"console over the index, {total:,} models: first screen",
        lambda d: "n/a" if not d["console"] else f"{d['console']['first_screen_s']:.2f} s",
    )

    def keystroke(d: dict[str, object]) -> str:
        c = d["console"]
        if not isinstance(c, dict):
            return "n/a"
        return f"{c['keystroke_ms']:.0f} ms ({c.get('keystroke_cpu_ms', 0):.0f} ms CPU)"

    row("console over the index: filter keystroke (median; CPU per keystroke)", keystroke)
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--models", type=int, default=10000)
    parser.add_argument("--registries", type=int, default=5, help="registries listed together (>= 2)")
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument(
        "--write-docs", action="store_true", help="update the index table in docs/benchmarks.md"
    )
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    figures = bench_index(args.out, args.models, max(1, args.registries - 1), args.repeat)
    from run import machine

    report = f"Machine: {machine()}\n\n{table(figures)}\n"
    print(report)
    if args.write_docs:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text(encoding="utf-8")
        start, end = "<!-- index:start -->", "<!-- index:end -->"
        if start in text and end in text:
            text = text[: text.index(start) + len(start)] + "\n" + report + text[text.index(end) :]
            doc.write_text(text, encoding="utf-8")
        else:
            print("docs/benchmarks.md has no index markers; not updated", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
