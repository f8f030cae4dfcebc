"""Prove a refactoring changed no output: every format, before and after, byte for byte.

    python benchmarks/compare_outputs.py [--ref REV | --ref-python PY] [--work DIR]
                                         [--models 1000] [--exclude-rules CODES]

It builds two inputs once: a copy of ``sample_registry/`` (outside git) and a
generated registry with git history (``benchmarks/generate.py OUT --models N --git``).
Then it runs the same commands with the code of this checkout and with the code of a
reference revision, and diffs what each printed (stdout and exit code):

- ``audit`` in every format (text, json, github, sarif, junit), cold and warm (a second
  run reads the cache), with ``--no-cache``, with ``--jobs 1``, in path mode (one card,
  an owner file), with ``--rev`` and with ``--base``;
- ``list`` (text and json), ``show MODEL`` (text and json) for a sample of models;
- ``rules`` (text, json, markdown) and ``explain CODE`` for every rule.

The reference is a git worktree of ``REV`` (default 7c1fd8e, the code before the engine
refactoring) in a temporary folder with its own virtual environment, or an existing
interpreter whose ``registry`` package is the reference (``--ref-python``). "Ours" is
the interpreter running this script; set ``PYTHONPATH`` to a snapshot of the tree to
compare a commit while editing (the reference never sees ``PYTHONPATH``).

Rules added after the reference (other issues) legitimately add findings; compare at
equal rule catalogs with ``--exclude-rules VAL006,DAT001,...``: findings of those codes
are removed from both sides before the diff (JSON structurally, text line by line), and
``rules``/``explain`` outputs are compared for the shared codes only. Exits 1 when
anything differs, printing a unified diff of the first lines of each difference.
"""

from __future__ import annotations

import argparse
import difflib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
TODAY = "2026-11-24"
FORMATS = ("text", "json", "github", "sarif", "junit")


@dataclass(frozen=True, slots=True)
class Output:
    """What one command printed, as compared."""

    code: int
    stdout: str


def run(python: str, args: list[str], cwd: Path, env: dict[str, str]) -> Output:
    proc = subprocess.run(
        [python, "-m", "registry.cli", *args],
        cwd=cwd,
        capture_output=True,
        env=env,
        timeout=600,
        check=False,
    )
    return Output(proc.returncode, proc.stdout.decode("utf-8", "replace"))


def make_reference(rev: str, work: Path) -> str:
    """A worktree of ``rev`` with its own virtual environment; returns its python."""
    tree = work / "ref"
    if not tree.exists():
        subprocess.run(["git", "-C", str(ROOT), "worktree", "add", "--detach", str(tree), rev], check=True)
    python = tree / ".venv" / "bin" / "python"
    if not python.exists():
        subprocess.run([sys.executable, "-m", "venv", str(tree / ".venv")], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "-q", "-e", str(tree)], check=True)
    return str(python)


def inputs(work: Path, models: int) -> tuple[Path, Path]:
    sample = work / "sample"
    if not sample.exists():
        shutil.copytree(ROOT / "sample_registry", sample, ignore=shutil.ignore_patterns(".registry"))
    generated = work / f"gen{models}"
    if not generated.exists():
        subprocess.run(
            [sys.executable, str(HERE / "generate.py"), str(generated), "--models", str(models), "--git"],
            check=True,
            stdout=subprocess.DEVNULL,
        )
    return sample, generated


def commands(sample: Path, generated: Path) -> list[tuple[str, Path, list[str]]]:
    """(label, cwd, arguments) of every command compared; caches are cleared before each."""
    out: list[tuple[str, Path, list[str]]] = []
    day = ["--today", TODAY]
    for name, root in (("sample", sample), ("generated", generated)):
        for fmt in FORMATS:
            out.append((f"{name}: audit --format {fmt} (cold)", root, ["audit", "--format", fmt, *day]))
            out.append((f"{name}: audit --format {fmt} (warm)", root, ["audit", "--format", fmt, *day]))
            out.append(
                (
                    f"{name}: audit --no-cache --format {fmt}",
                    root,
                    ["audit", "--no-cache", "--format", fmt, *day],
                )
            )
        out.append(
            (
                f"{name}: audit --jobs 1",
                root,
                ["audit", "--jobs", "1", "--no-cache", "--format", "json", *day],
            )
        )
        out.append((f"{name}: audit -q", root, ["audit", "-q", *day]))
        out.append((f"{name}: list", root, ["list", *day]))
        out.append((f"{name}: list --format json", root, ["list", "--format", "json", *day]))
        folders = sorted(p.name for p in (root / "models").iterdir() if p.is_dir())
        for folder in folders[:: max(1, len(folders) // 12)]:
            card = f"models/{folder}/model_card.yaml"
            for fmt in ("text", "json"):
                out.append((f"{name}: show {folder} ({fmt})", root, ["show", folder, "--format", fmt, *day]))
            out.append((f"{name}: audit {card} (json)", root, ["audit", card, "--format", "json", *day]))
        owners = sorted(p.name for p in (root / "owners").glob("*.yaml"))
        if owners:
            owner = f"owners/{owners[0]}"
            out.append((f"{name}: audit {owner} (json)", root, ["audit", owner, "--format", "json", *day]))
    for ref in ("HEAD~3", "HEAD~12"):
        for fmt in FORMATS:
            out.append(
                (
                    f"generated: audit --rev {ref} ({fmt})",
                    generated,
                    ["audit", "--rev", ref, "--format", fmt, *day],
                )
            )
            out.append(
                (
                    f"generated: audit --base {ref} ({fmt})",
                    generated,
                    ["audit", "--base", ref, "--format", fmt, *day],
                )
            )
    for fmt in ("text", "json", "markdown"):
        out.append((f"rules --format {fmt}", sample, ["rules", "--format", fmt]))
    return out


# --------------------------------------------------------------------------- excluding new rules


def _drop_findings(node: object, excluded: set[str]) -> object:
    """Remove findings (and SARIF results and rule descriptors) of excluded codes, recount summaries."""
    if isinstance(node, list):
        kept = []
        for item in node:
            if isinstance(item, dict) and (item.get("rule") in excluded or item.get("ruleId") in excluded):
                continue
            if isinstance(item, dict) and item.get("code") in excluded and "title" in item:
                continue  # `rules --format json`
            if isinstance(item, dict) and item.get("id") in excluded and "shortDescription" in item:
                continue  # SARIF rule descriptor
            kept.append(_drop_findings(item, excluded))
        return kept
    if isinstance(node, dict):
        out = {k: _drop_findings(v, excluded) for k, v in node.items()}
        findings = out.get("findings")
        if isinstance(out.get("summary"), dict) and isinstance(findings, list):
            counts = {s: 0 for s in ("error", "warning", "info")}
            for f in findings:
                if isinstance(f, dict) and f.get("severity") in counts:
                    counts[f["severity"]] += 1
            out["summary"] = {**out["summary"], **counts}
        if isinstance(findings, dict):  # list/show counts cannot be recomputed: keep as is
            pass
        if "ruleIndex" in out:
            out.pop("ruleIndex")  # indexes shift when descriptors are dropped
        return out
    return node


def normalise(label: str, text: str, excluded: set[str]) -> str:
    if not excluded:
        return text
    stripped = text.strip()
    if stripped.startswith(("{", "[")):
        try:
            data = json.loads(stripped)
        except ValueError:
            pass
        else:
            return json.dumps(_drop_findings(data, excluded), indent=1, sort_keys=True)
    pattern = re.compile(r"\b(" + "|".join(sorted(excluded)) + r")\b")
    lines = [ln for ln in text.splitlines() if not pattern.search(ln)]
    if "--format text" in label or "(cold)" in label or "(warm)" in label or "-q" in label:
        lines = [ln for ln in lines if not re.match(r"^\d+ models?, ", ln)]  # summary counts move
    return "\n".join(lines)


# --------------------------------------------------------------------------- main


def compare(
    ours: str, theirs: str, cmds: Iterable[tuple[str, Path, list[str]]], excluded: set[str]
) -> list[str]:
    env = {k: v for k, v in os.environ.items() if k not in ("REGISTRY_TODAY", "FORCE_COLOR")}
    env["NO_COLOR"] = "1"
    their_env = {k: v for k, v in env.items() if k != "PYTHONPATH"}  # its own checkout only
    problems: list[str] = []
    count = 0
    for label, cwd, args in cmds:
        results = []
        for python in (theirs, ours):
            side_env = env if python == ours else their_env
            if "(warm)" not in label:
                shutil.rmtree(cwd / ".registry", ignore_errors=True)
            elif python == ours:  # warm: each side reads the cache its own cold run wrote
                shutil.rmtree(cwd / ".registry", ignore_errors=True)
                run(python, args, cwd, side_env)
            results.append(run(python, args, cwd, side_env))
        count += 1
        before, after = results
        a, b = normalise(label, before.stdout, excluded), normalise(label, after.stdout, excluded)
        if before.code != after.code or a != b:
            diff = difflib.unified_diff(a.splitlines(), b.splitlines(), "before", "after", lineterm="", n=1)
            shown = "\n".join(list(diff)[:40])
            problems.append(f"DIFFERS: {label} (exit {before.code} -> {after.code})\n{shown}")
    print(f"compared {count} commands")
    return problems


def rule_codes(python: str, cwd: Path, env: dict[str, str]) -> list[str]:
    out = run(python, ["rules", "--format", "json"], cwd, env)
    return [r["code"] for r in json.loads(out.stdout)]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--ref", default="7c1fd8e", help="reference revision (default 7c1fd8e)")
    parser.add_argument("--ref-python", help="an interpreter whose `registry` package is the reference")
    parser.add_argument(
        "--work", type=Path, help="folder for the inputs and the reference (default: a temp dir)"
    )
    parser.add_argument("--models", type=int, default=1000)
    parser.add_argument("--exclude-rules", default="", help="comma-separated codes added since the reference")
    args = parser.parse_args()
    work = args.work or Path(tempfile.mkdtemp(prefix="compare-outputs."))
    work.mkdir(parents=True, exist_ok=True)
    theirs = args.ref_python or make_reference(args.ref, work)
    ours = sys.executable
    sample, generated = inputs(work, args.models)
    excluded = {c.strip() for c in args.exclude_rules.split(",") if c.strip()}
    cmds = commands(sample, generated)
    their_env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    shared = sorted(
        set(rule_codes(theirs, sample, their_env)) & set(rule_codes(ours, sample, dict(os.environ)))
    )
    shared = [c for c in shared if c not in excluded]
    cmds += [(f"explain {code}", sample, ["explain", code]) for code in shared]
    problems = compare(ours, theirs, cmds, excluded)
    for problem in problems:
        print(problem)
    print(f"{len(problems)} differences (reference: {args.ref_python or args.ref}; work: {work})")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
