"""Measure `registry` the way users feel it, beside the tools they would otherwise run.

    python benchmarks/run.py [--sizes 100,1000,10000] [--out DIR] [--write-docs]

For each size it generates a registry (benchmarks/generate.py, fixed seed, with git
history), then times in fresh processes, one after the other on this machine:

- a cold full audit (no cache) and a warm one (cache written by a previous run);
- the pre-commit case: `registry audit` on one card, process start included;
- an edit: `registry set MODEL sponsor ... --commit` (findings before and after, a
  commit on a review branch from a temporary index), process start included;
- `registry audit --base main` on a branch that edits 10 cards;
- the console: time to the first filled screen and the median filter keystroke;
- the anchors: PyYAML's C loader composing every card (the parse floor) and
  `check-jsonschema` validating every card against our own card schema;
- then the index (benchmarks/index.py, skip with --no-index): `registry index sync` of
  a 10,000-model registry and `list --db` and the console over 50,000 models in five
  registries, on SQLite and on a throwaway PostgreSQL.

Wall time and peak RSS (of the measured process) are printed as one table, with our
times as ratios to the anchors. Every audit variant must report the same findings:
the run stops with an error if they differ. Nothing here is a test: figures vary with
the machine, and docs/benchmarks.md records the latest run and the machine.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = date(2026, 11, 24)
#: ``registry trend`` is measured up to this size (benchmarks/trend.py).
TREND_MAX_MODELS = 1000
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(ROOT))

from generate import generate  # noqa: E402


@dataclass
class Measure:
    seconds: float
    peak_mb: float
    stdout: str = ""
    returncode: int = 0
    cpu: float = 0.0  # user + system seconds of the measured process (steadier than wall time)


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None) -> Measure:
    """Run a command and measure its wall time and its own peak RSS (wait4 rusage)."""
    start = time.perf_counter()
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        full_env = {**os.environ, **(env or {})}
        full_env.pop("PYTHONDONTWRITEBYTECODE", None)  # measure what an installed tool does
        proc = subprocess.Popen(cmd, cwd=cwd, stdout=out, stderr=err, env=full_env)
        _, status, usage = os.wait4(proc.pid, 0)
        elapsed = time.perf_counter() - start
        proc.returncode = os.waitstatus_to_exitcode(status)
        out.seek(0)
        err.seek(0)
        stdout = out.read().decode("utf-8", "replace")
        stderr = err.read().decode("utf-8", "replace")
    if proc.returncode not in (0, 1):
        raise SystemExit(f"benchmark command failed ({proc.returncode}): {' '.join(cmd)}\n{stderr[-2000:]}")
    return Measure(elapsed, usage.ru_maxrss / 1024, stdout, proc.returncode, usage.ru_utime + usage.ru_stime)


def best(times: int, fn: object) -> Measure:
    """The fastest of ``times`` runs: the figure least disturbed by the rest of the machine."""
    results = [fn() for _ in range(times)]  # type: ignore[operator]
    return min(results, key=lambda m: m.seconds)


def registry_cmd() -> list[str]:
    """The installed `registry` script when there is one: what a hook really runs."""
    script = Path(sys.executable).with_name("registry")
    return [str(script)] if script.exists() else [sys.executable, "-m", "registry"]


def findings_of(m: Measure) -> list[tuple[object, ...]]:
    data = json.loads(m.stdout)
    return sorted(
        (f["rule"], f["model"], f["path"], f["line"], f["column"], f["severity"], f["message"])
        for f in data["findings"]
    )


def make_branch(root: Path, n: int = 10) -> None:
    """A branch `bench-pr` that edits `n` cards (one defect each), committed with fixed dates."""
    env = {
        **os.environ,
        "GIT_AUTHOR_DATE": "2026-11-20T12:00:00+00:00",
        "GIT_COMMITTER_DATE": "2026-11-20T12:00:00+00:00",
    }
    git = [
        "git",
        "-c",
        "user.name=bench",
        "-c",
        "user.email=bench@example.invalid",
        "-c",
        "commit.gpgsign=false",
    ]
    subprocess.run([*git, "checkout", "-q", "-b", "bench-pr"], cwd=root, check=True, env=env)
    cards = sorted((root / "models").glob("*/model_card.yaml"))[:n]
    for card in cards:
        text = card.read_text(encoding="utf-8")
        card.write_text(text.replace("\nrunbook:", "\nrunbook_typo:", 1), encoding="utf-8")
    subprocess.run([*git, "commit", "-qam", "edit 10 cards"], cwd=root, check=True, env=env)


def edit_commit(root: Path, card: Path, repeat: int) -> Measure:
    """`registry set MODEL sponsor ... --commit`: the edit, its findings before and after, the review commit.

    Each run starts from the committed card and no review branch, so every run does
    the whole work: read, edit, schema check, two audits of the model with its git
    history, atomic write, and a commit built from a temporary index.
    """
    model = card.parent.name
    original = card.read_bytes()
    branch = f"registry/{model}/sponsor"
    env = {
        "NO_COLOR": "1",
        **{f"GIT_{who}_NAME": "bench" for who in ("AUTHOR", "COMMITTER")},
        **{f"GIT_{who}_EMAIL": "bench@example.invalid" for who in ("AUTHOR", "COMMITTER")},
    }
    command = [*registry_cmd(), "set", model, "sponsor", "Chief Risk Officer", "--string", "--commit"]

    def once() -> Measure:
        card.write_bytes(original)
        subprocess.run(["git", "branch", "-q", "-D", branch], cwd=root, capture_output=True, check=False)
        measured = run([*command, "--today", TODAY.isoformat()], cwd=root, env=env)
        if f"on branch {branch}" not in measured.stdout:
            raise SystemExit(f"the edit with --commit did not commit on {branch}:\n{measured.stdout[-2000:]}")
        return measured

    result = best(repeat, once)
    card.write_bytes(original)
    subprocess.run(["git", "branch", "-q", "-D", branch], cwd=root, capture_output=True, check=False)
    return result


def compose_anchor(root: Path) -> Measure:
    script = (
        "import sys, yaml, glob\n"
        "for p in sorted(glob.glob(sys.argv[1] + '/models/*/model_card.yaml')):\n"
        "    yaml.compose(open(p, encoding='utf-8').read(), Loader=yaml.CSafeLoader)\n"
    )
    return run([sys.executable, "-c", script, str(root)], cwd=root)


def check_jsonschema_anchor(root: Path) -> Measure | None:
    exe = shutil.which("check-jsonschema") or str(Path(sys.executable).with_name("check-jsonschema"))
    if not Path(exe).exists():
        return None
    cards = sorted(str(p) for p in (root / "models").glob("*/model_card.yaml"))
    schema = ROOT / "schemas" / "card.schema.json"
    start = time.perf_counter()
    peak = 0.0
    for i in range(0, len(cards), 2000):  # stay under the argument-length limit
        m = run([exe, "--schemafile", str(schema), *cards[i : i + 2000]], cwd=root)
        peak = max(peak, m.peak_mb)
    return Measure(time.perf_counter() - start, peak)


def tui_measure(root: Path) -> dict[str, float] | None:
    """benchmarks/measure_console.py in a fresh process (so its peak RSS is the console's)."""
    try:
        script = str(HERE / "measure_console.py")
        m = run([sys.executable, script, "--today", TODAY.isoformat(), str(root)], cwd=ROOT)
    except SystemExit as exc:
        print(f"  console measurement unavailable: {str(exc).splitlines()[0]}", file=sys.stderr)
        return None
    data: dict[str, float] = json.loads(m.stdout.strip().splitlines()[-1])
    data["peak_mb"] = m.peak_mb
    return data


def bench_size(n: int, out: Path, repeat: int) -> dict[str, object]:
    root = out / f"registry-{n}"
    if root.exists():
        shutil.rmtree(root)
    t = time.perf_counter()
    generate(root, models=n, seed=7, git=True, today=TODAY)
    gen_s = time.perf_counter() - t
    print(f"[{n} models] generated in {gen_s:.1f}s", file=sys.stderr)
    audit = [*registry_cmd(), "audit", "--today", TODAY.isoformat(), "--format", "json"]
    env = {"NO_COLOR": "1"}

    cold = best(repeat, lambda: run([*audit, "--no-cache", str(root)], cwd=root, env=env))
    single = run([*audit, "--no-cache", "--jobs", "1", str(root)], cwd=root, env=env)
    run([*audit, str(root)], cwd=root, env=env)  # writes the cache
    warm = best(repeat, lambda: run([*audit, str(root)], cwd=root, env=env))
    reference = findings_of(cold)
    if findings_of(warm) != reference or findings_of(single) != reference:
        raise SystemExit(f"[{n}] cold, single-process and warm audits disagree: refusing to report speed")

    card = sorted((root / "models").glob("*/model_card.yaml"))[n // 2]
    precommit = best(repeat, lambda: run([*audit, str(card.relative_to(root))], cwd=root, env=env))
    model = card.parent.name
    if findings_of(precommit) != [f for f in reference if f[1] == model]:
        raise SystemExit(f"[{n}] the pre-commit audit of {model} disagrees with the full audit")

    edit = edit_commit(root, card, repeat)

    make_branch(root)
    base = best(repeat, lambda: run([*audit, "--no-cache", "--base", "main", str(root)], cwd=root, env=env))
    new = json.loads(base.stdout).get("comparison", {}).get("new")
    base_new = len(new) if isinstance(new, list) else None

    compose = compose_anchor(root)
    cjs = check_jsonschema_anchor(root)
    console = tui_measure(root)
    trend = None
    if n <= TREND_MAX_MODELS:  # 200 weeks of history at 10,000 models take minutes to generate
        from trend import trend_figure

        trend = trend_figure(n, out, repeat)[0]
    return {
        "models": n,
        "findings": len(reference),
        "cold": cold,
        "single": single,
        "warm": warm,
        "precommit": precommit,
        "edit": edit,
        "base": base,
        "base_new": base_new,
        "compose": compose,
        "check_jsonschema": cjs,
        "console": console,
        "trend": trend,
    }


def fmt_s(m: Measure | None) -> str:
    return "n/a" if m is None else f"{m.seconds:.2f} s"


def table(rows: list[dict[str, object]]) -> str:
    head = "| figure | " + " | ".join(f"{r['models']:,} models" for r in rows) + " |"
    sep = "|---|" + "---|" * len(rows)
    lines = [head, sep]

    def line(label: str, cell: object) -> None:
        lines.append(f"| {label} | " + " | ".join(cell(r) for r in rows) + " |")  # type: ignore[operator]

    def m(key: str) -> object:
        return lambda r: fmt_s(r[key])

    def mem(key: str) -> object:
        return lambda r: "n/a" if r[key] is None else f"{r[key].peak_mb:.0f} MB"

    line("findings reported", lambda r: f"{r['findings']:,}")
    line("cold full audit (2 cores)", m("cold"))
    line("cold full audit (1 core)", m("single"))
    line("warm full audit (cache)", m("warm"))
    line("cold / warm", lambda r: f"{r['cold'].seconds / r['warm'].seconds:.1f}x")
    line("peak memory, cold audit", mem("cold"))
    line("pre-commit: one card, process start included", m("precommit"))
    line("edit with `--commit`: one card, review branch (wall)", m("edit"))
    line("  the same, CPU time (process and git)", lambda r: f"{r['edit'].cpu:.2f} s")
    line("`audit --base main`, branch editing 10 cards", m("base"))
    line("  new findings reported by --base", lambda r: str(r["base_new"]))
    line(
        "console: first screen",
        lambda r: "n/a" if not r["console"] else f"{r['console']['first_screen_s']:.2f} s",
    )
    line(
        "console: filter keystroke (median)",
        lambda r: "n/a" if not r["console"] else f"{r['console']['keystroke_ms']:.0f} ms",
    )
    line("`trend`, 200 weekly periods of 200 weeks of history (2 cores)", m("trend"))
    line("anchor: PyYAML C `compose` of every card (1 core)", m("compose"))
    line("anchor: `check-jsonschema`, card schema only", m("check_jsonschema"))
    line("cold audit / PyYAML compose", lambda r: f"{r['cold'].seconds / r['compose'].seconds:.2f}x")
    line(
        "cold audit / check-jsonschema",
        lambda r: (
            "n/a"
            if r["check_jsonschema"] is None
            else f"{r['cold'].seconds / r['check_jsonschema'].seconds:.3f}x"
        ),
    )
    return "\n".join(lines)


def growth(rows: list[dict[str, object]]) -> str:
    if len(rows) < 2:
        return ""
    first, last = rows[0], rows[-1]
    scale = last["models"] / first["models"]  # type: ignore[operator]
    out = [f"Growth from {first['models']:,} to {last['models']:,} models ({scale:.0f}x more):"]
    for key, label in (
        ("cold", "cold audit"),
        ("warm", "warm audit"),
        ("precommit", "pre-commit"),
        ("base", "--base"),
        ("compose", "PyYAML compose"),
    ):
        ratio = last[key].seconds / first[key].seconds  # type: ignore[union-attr]
        verdict = "linear or better" if ratio <= scale * 1.15 else "WORSE than linear"
        out.append(f"- {label}: {ratio:.1f}x ({verdict})")
    return "\n".join(out)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    system = f"{platform.system()} {platform.release()}"
    return f"{cpu}, {cores} cores{mem}, Python {platform.python_version()}, {system}"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="100,1000,10000")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "out")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure; the fastest is reported")
    parser.add_argument("--write-docs", action="store_true", help="update docs/benchmarks.md")
    parser.add_argument(
        "--no-index", action="store_true", help="skip the index (benchmarks/index.py: SQLite and PostgreSQL)"
    )
    parser.add_argument("--index-models", type=int, default=10000, help="models per registry for the index")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",") if s.strip()]
    # `pip install` byte-compiles the package; do the same so that start-up is measured
    # as users see it, not with every module compiled from source on each run.
    import compileall

    for package in ("registry", "tui"):
        compileall.compile_dir(ROOT / package, quiet=1)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = [bench_size(n, args.out, args.repeat) for n in sizes]
    report = f"Machine: {machine()}\n\n{table(rows)}\n\n{growth(rows)}\n"
    print(report)
    index_report = ""
    if not args.no_index:
        import index

        figures = index.bench_index(args.out, args.index_models, 4, args.repeat)
        index_report = f"Machine: {machine()}\n\n{index.table(figures)}\n"
        print(index_report)
    if args.write_docs:
        doc = ROOT / "docs" / "benchmarks.md"
        text = doc.read_text(encoding="utf-8") if doc.exists() else ""
        start, end = "<!-- table:start -->", "<!-- table:end -->"
        if start in text and end in text:
            text = text[: text.index(start) + len(start)] + "\n" + report + text[text.index(end) :]
            doc.write_text(text, encoding="utf-8")
        else:
            print("docs/benchmarks.md has no table markers; not updated", file=sys.stderr)
        start, end = "<!-- index:start -->", "<!-- index:end -->"
        if index_report and start in text and end in text:
            text = text[: text.index(start) + len(start)] + "\n" + index_report + text[text.index(end) :]
            doc.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
