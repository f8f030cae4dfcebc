"""Every view of findings gives the same findings for the same registry and day.

`registry audit` (each output format), `registry list`, `registry show` and the
console's data are compared on every model of a generated registry with a git history
(so the history rule VAL005 is in play), as a governance lead would cross-check them.
"""

from __future__ import annotations

import json
import subprocess
import sys
import xml.etree.ElementTree as ET
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from registry.cli import main

PROJECT = Path(__file__).resolve().parents[2]
TODAY = "2026-11-24"
Key = tuple[str, str, str, int, int, str]  # rule, severity, path, line, column, message


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("views") / "registry"
    subprocess.run(
        [
            sys.executable,
            str(PROJECT / "benchmarks/generate.py"),
            str(root),
            "--models",
            "200",
            "--git",
            "--today",
            TODAY,
        ],
        check=True,
        capture_output=True,
    )
    return root


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> str:
    code = main(list(argv))
    captured = capsys.readouterr()
    assert code in (0, 1), captured.err
    return captured.out


def key(f: dict[str, object]) -> Key:
    return (
        str(f["rule"]),
        str(f["severity"]),
        str(f["path"]),
        int(str(f["line"])),
        int(str(f["column"])),
        str(f["message"]),
    )


def test_audit_list_show_console_and_reports_agree_on_every_model(
    generated: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(generated)
    monkeypatch.setenv("REGISTRY_TODAY", TODAY)
    monkeypatch.setenv("NO_COLOR", "1")
    report = json.loads(run(capsys, "audit", "--format", "json", "--no-cache"))
    audit: dict[str, list[Key]] = {}
    for f in report["findings"]:
        if f["model"] is not None:
            audit.setdefault(f["model"], []).append(key(f))
    assert "VAL005" in {k[0] for keys in audit.values() for k in keys}, "the history rule must be in play"
    models = [row["id"] for row in json.loads(run(capsys, "list", "--format", "json"))]
    assert len(models) == report["summary"]["models"] == 200

    # list: the counts per severity
    for row in json.loads(run(capsys, "list", "--format", "json")):
        counts = Counter(k[1] for k in audit.get(row["id"], []))
        assert row["findings"] == {s: counts.get(s, 0) for s in ("error", "warning", "info")}, row["id"]

    # show: the findings themselves, for every model
    for model in models:
        shown = json.loads(run(capsys, "show", model, "--format", "json"))
        assert sorted(key(f) for f in shown["findings"]) == sorted(audit.get(model, [])), model
    text = run(capsys, "show", next(m for m in models if len(audit.get(m, [])) == 1))
    assert "\n1 finding\n" in text

    # the console's data: the snapshot the tables and the model screen read
    from tui.loading import full_load

    snapshot = full_load(generated, date.fromisoformat(TODAY), cache=False)
    for model in models:
        got = sorted(key(f.to_dict()) for f in snapshot.by_model.get(model, []))
        assert got == sorted(audit.get(model, [])), model

    # the report formats: SARIF results and JUnit cases per model
    sarif = json.loads(run(capsys, "audit", "--format", "sarif", "--no-cache"))
    per_model = Counter(
        r["properties"]["model"] for r in sarif["runs"][0]["results"] if "suppressions" not in r
    )
    assert {m: n for m, n in per_model.items() if m} == {m: len(k) for m, k in audit.items() if k}
    junit = ET.fromstring(run(capsys, "audit", "--format", "junit", "--no-cache"))
    for case in junit.iter("testcase"):
        if not case.get("classname", "").startswith("registry.") or case.get("classname") in (
            "registry.owners",
            "registry.settings",
        ):
            continue
        listed = [
            line
            for part in (case.find("failure"), case.find("system-out"))
            if part is not None
            for line in (part.text or "").splitlines()
        ]
        assert len(listed) == len(audit.get(case.get("name", ""), [])), case.get("name")
    lines = [line for line in run(capsys, "audit", "--no-cache", "-q").splitlines() if line.endswith(")")]
    assert len(lines) == len(report["findings"]) - sum(1 for f in report["findings"] if f["model"] is None)
