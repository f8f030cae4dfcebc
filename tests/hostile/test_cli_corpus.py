"""Every command that reads the registry, run as users run it, on the whole hostile corpus.

Each run is a subprocess with a deadline and its peak memory measured, so a hang or a
blow-up fails the test instead of the CI job. Every run must end with exit 0/1 (findings)
or a one-line error with exit 2, never a traceback, with inert output; and the tree,
inside and outside the registry, must be exactly as it was.
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hostile_corpus import (
    MARKER_NAME,
    SECRET,
    Case,
    Env,
    all_cases,
    hostile_registry,
    make_big_file,
)
from hostile_support import (
    TODAY,
    Run,
    assert_inert,
    assert_well_behaved,
    diff_snapshots,
    run_cli,
    snapshot,
)

from registry.report import writers

CASES = all_cases()
AUDIT_DAY = date.fromisoformat(TODAY)
FORMATS = sorted(writers())


@dataclass
class Tree:
    root: Path
    env: Env
    base: Path
    runs: dict[tuple[str, ...], Run]

    def run(self, *args: str, codes: tuple[int, ...] = (0, 1), again: bool = False) -> Run:
        """Run once per argument list (the corpus takes a second to audit); ``again`` reruns."""
        if args in self.runs and not again:
            return self.runs[args]
        ran = run_cli(*args, cwd=self.root)
        assert_well_behaved(ran, codes=codes)
        assert SECRET.encode() not in ran.stdout + ran.stderr, ran.describe()
        self.runs[args] = ran
        return ran


@pytest.fixture(scope="module")
def tree(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Tree]:
    """The corpus registry; on teardown, proves that no command wrote or ran anything."""
    base = tmp_path_factory.mktemp("cli")
    outside = base / "outside"
    outside.mkdir()
    env = Env(outside=outside, marker=base / MARKER_NAME, big_file=make_big_file(outside))
    root = hostile_registry(base / "registry", env, CASES)
    before = snapshot(base, skip=("registry/.registry",))
    state = Tree(root, env, base, {})
    yield state
    assert diff_snapshots(before, snapshot(base, skip=("registry/.registry",))) == []
    assert not env.marker.exists()
    assert not list(base.rglob(MARKER_NAME))


def _card_cases() -> list[Case]:
    return [c for c in CASES if "card" in c.slots]


@pytest.mark.parametrize("fmt", FORMATS)
def test_audit_every_format(tree: Tree, fmt: str) -> None:
    """As users run it: the first run fills the .registry/ cache, the others reuse it."""
    ran = tree.run("audit", "--today", TODAY, "--format", fmt)
    assert ran.code == 1, ran.describe()  # the corpus is full of errors
    assert ran.seconds < 20, ran.describe()
    out = ran.out
    if fmt in ("json", "sarif"):
        json.loads(out)
    if fmt == "junit":
        ET.fromstring(ran.stdout)
    if fmt == "github":
        for line in out.splitlines():
            # one workflow command per line: nothing in a card can start another command
            assert re.match(r"^::(error|warning|notice)( [^:]*)?::", line) or not line.startswith("::"), line
    for case in _card_cases():
        assert f"models/{case.name}/model_card.yaml" in out, f"{case.name} is missing from the {fmt} report"
    assert "models/witness/model_card.yaml" in out


def test_json_report_has_one_entry_per_broken_card(tree: Tree) -> None:
    report = json.loads(tree.run("audit", "--today", TODAY, "--format", "json").out)
    by_model: dict[str, list[dict[str, object]]] = {}
    for finding in report["findings"]:
        by_model.setdefault(str(finding["model"]), []).append(finding)
    for case in _card_cases():
        if case.expect.rule == "SCH002":
            assert [f["rule"] for f in by_model[case.name]] == ["SCH002"], case.name
    assert report["summary"]["models"] == len(list((tree.root / "models").iterdir()))


def test_cache_is_written_and_reused_with_the_same_result(tree: Tree) -> None:
    """The runner's cache lives in .registry/ and never changes what is reported."""
    cold = tree.run("audit", "--today", TODAY, "--format", "json")
    warm = tree.run("audit", "--today", TODAY, "--format", "json", again=True)
    assert warm.stdout == cold.stdout
    assert (tree.root / ".registry").is_dir()
    before = snapshot(tree.base)  # .registry/ included: --no-cache writes nothing at all
    nocache = tree.run("audit", "--today", TODAY, "--format", "json", "--no-cache", again=True)
    assert diff_snapshots(before, snapshot(tree.base)) == []
    assert nocache.stdout == cold.stdout


def test_list(tree: Tree) -> None:
    text = tree.run("list", "--today", TODAY)
    rows = json.loads(tree.run("list", "--today", TODAY, "--format", "json").out)
    folders = sorted(p.name for p in (tree.root / "models").iterdir())
    assert sorted(r["id"] for r in rows) == folders
    for folder in folders:
        assert folder in text.out


def test_paths_mode_as_pre_commit_calls_it(tree: Tree) -> None:
    """pre-commit passes the changed files; every hostile one is judged, nothing is lost."""
    paths = [f"models/{c.name}/model_card.yaml" for c in _card_cases()]
    paths += ["owners/team-a.yaml", "models/witness/runbook.md"]
    ran = tree.run("audit", "--today", TODAY, "--format", "json", *paths)
    report = json.loads(ran.out)
    judged = {f["model"] for f in report["findings"]}
    assert {c.name for c in _card_cases()} <= judged


def test_show_every_model(tree: Tree) -> None:
    """`show` renders every hostile card and runbook host: inert, and its own findings.

    The registry is loaded once and each model rendered (re-reading the corpus for each
    of ~200 models would take minutes); the CLI wiring is run for a few below.
    """
    from registry.audit import audit
    from registry.show import ModelView, render_model
    from registry.store import load_registry

    registry = load_registry(tree.root)
    findings = audit(tree.root, AUDIT_DAY, cache=False).result.findings
    for index, folder in enumerate(sorted(registry.models)):
        view = ModelView(registry.models[folder], registry.owners, [f for f in findings if f.model == folder])
        for fmt in ("text", "json") if index % 4 == 0 else ("text",):
            shown = render_model(view, fmt=fmt, color=False)
            assert_inert(shown.encode("utf-8"), f"show {folder} --format {fmt}")
            assert SECRET not in shown
            if fmt == "json":
                data = json.loads(shown)
                assert data["id"] == folder
                assert {f["model"] for f in data["findings"]} <= {folder}


def test_show_command(tree: Tree) -> None:
    ran = tree.run("show", "billion-laughs", "--today", TODAY, codes=(0,))
    assert "billion-laughs" in ran.out


def test_peak_memory_and_time_are_bounded(tree: Tree) -> None:
    """Recorded across every subprocess run of this module (each is also checked on its own)."""
    tree.run("audit", "--today", TODAY, "--no-cache")
    worst = max(tree.runs.values(), key=lambda r: r.max_rss_mb)
    slowest = max(tree.runs.values(), key=lambda r: r.seconds)
    assert worst.max_rss_mb < 300, worst.describe()
    assert slowest.seconds < 20, slowest.describe()


# --------------------------------------------------------------------------- runner regressions


def _blocker_registry(tmp_path: Path, name: str) -> Path:
    outside = tmp_path / "outside"
    outside.mkdir()
    env = Env(outside=outside, marker=tmp_path / MARKER_NAME)
    case = next(c for c in CASES if c.name == name)
    return hostile_registry(tmp_path / "registry", env, [case], skip=lambda c, slot: slot != "owner")


def test_fifo_owner_file_does_not_hang_the_full_audit(tmp_path: Path) -> None:
    root = _blocker_registry(tmp_path, "fifo")
    assert_well_behaved(run_cli("audit", "--today", TODAY, cwd=root, timeout=3))


def test_device_owner_file_does_not_exhaust_memory(tmp_path: Path) -> None:
    root = _blocker_registry(tmp_path, "symlink-dev-zero")
    assert_well_behaved(run_cli("audit", "--today", TODAY, cwd=root, timeout=10, address_space=1024**3))
