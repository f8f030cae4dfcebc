"""Reports of ``audit --base``: every format tells new, unchanged and fixed findings apart.

SARIF gives each result a ``baselineState`` and shows the fixed findings as ``absent``
results and waived ones as suppressions; JUnit still fails a model that has errors;
the text report keeps its section headers under ``-q``.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from git_support import AFTER, TODAY, cli, forked_registry, isolate_git

HERE = Path(__file__).resolve().parent
WAIVER = {
    "rule": "MET003",
    "reason": "Guardrails are set by the shared fraud platform.",
    "approved_by": "cro-office",
    "expires": "2027-01-31",
}


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    return jsonschema.Draft4Validator(schema)


@pytest.fixture
def branch(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """main: DOC001 (no limitations) and MET002 (recall without baseline), and a waived
    MET003 (no guardrail metric). The branch fixes MET002 and drops human_oversight (HUM001)."""
    metrics = {k: v for k, v in h.baseline_card()["metrics"].items() if k != "guardrails"}
    root, repo, card, _ = forked_registry(tmp_path, h, waivers=[WAIVER], metrics=metrics)
    changed = {
        k: v for k, v in h.edit(card, "metrics.model.1.baseline", 0.7).items() if k != "human_oversight"
    }
    (root / h.CARD_PATH).write_bytes(h.dump(changed))
    repo.commit("Add the recall baseline, drop the oversight note", AFTER)
    monkeypatch.chdir(root)
    return root


def audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, out, err = cli(capsys, "audit", "--today", TODAY, "--no-cache", *args)
    assert code in (0, 1), err
    return code, out


def states(log: dict[str, Any]) -> list[tuple[str, str | None, str]]:
    return sorted(
        (r["ruleId"], r.get("baselineState"), r.get("kind", "fail")) for r in log["runs"][0]["results"]
    )


def test_sarif_marks_new_unchanged_and_absent_results(
    branch: Path, capsys: pytest.CaptureFixture[str], sarif_validator: jsonschema.Draft4Validator
) -> None:
    plain = audit(capsys, "--format", "sarif")[1]
    code, text = audit(capsys, "--format", "sarif", "--base", "main")
    assert code == 1 and text != plain
    log = json.loads(text)
    assert [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)] == []
    live = [r for r in log["runs"][0]["results"] if "suppressions" not in r]
    assert sorted((r["ruleId"], r["baselineState"], r.get("kind", "fail")) for r in live) == [
        ("DOC001", "unchanged", "fail"),
        ("HUM001", "new", "fail"),
        ("MET002", "absent", "pass"),
    ]
    absent = next(r for r in live if r["baselineState"] == "absent")
    assert absent["level"] == "none"
    comparison = log["runs"][0]["properties"]["comparison"]
    assert comparison["ref"] == "main" and (comparison["new"], comparison["fixed"]) == (1, 1)


def test_sarif_shows_waived_findings_as_suppressed_with_the_waivers_reason(
    branch: Path, capsys: pytest.CaptureFixture[str], sarif_validator: jsonschema.Draft4Validator, h: Any
) -> None:
    for args in ((), ("--base", "main"), ("--rev", "HEAD"), (h.CARD_PATH,), ("--staged",)):
        log = json.loads(audit(capsys, "--format", "sarif", *args)[1])
        assert list(sarif_validator.iter_errors(log)) == []
        [waived] = [r for r in log["runs"][0]["results"] if "suppressions" in r]
        assert waived["ruleId"] == "MET003" and waived["level"] == "warning"
        assert waived["suppressions"] == [
            {
                "kind": "inSource",
                "status": "accepted",
                "justification": "waived: Guardrails are set by the shared fraud platform. "
                "(approved by cro-office, expires 2027-01-31)",
            }
        ]
        assert log["runs"][0]["properties"]["summary"]["warning"] == 0  # a waived finding counts nowhere


def test_sarif_names_where_the_tool_is_documented(branch: Path, capsys: pytest.CaptureFixture[str]) -> None:
    driver = json.loads(audit(capsys, "--format", "sarif")[1])["runs"][0]["tool"]["driver"]
    assert driver["informationUri"].startswith("https://")


def test_junit_with_base_fails_models_that_still_have_errors(
    branch: Path, capsys: pytest.CaptureFixture[str], h: Any
) -> None:
    code, text = audit(capsys, "--format", "junit", "--base", "main")
    assert code == 1
    suite = ET.fromstring(text).find("testsuite")
    assert suite is not None
    [case] = suite.findall("testcase")
    failure = case.find("failure")
    assert failure is not None and failure.text is not None
    assert failure.get("message") == "2 findings at or above 'error' (1 new): DOC001, HUM001"
    lines = failure.text.splitlines()
    assert [line.split()[1] for line in lines] == ["DOC001", "HUM001"]
    assert lines[1].endswith("(new)") and not lines[0].endswith("(new)")
    fixed = suite.find("system-out")
    assert fixed is not None and "Fixed since main:" in (fixed.text or "")
    assert "MET002" in (fixed.text or "")
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["ref"] == "main" and props["new"] == "1" and props["fixed"] == "1"


def test_quiet_keeps_the_new_fixed_remaining_headers(
    branch: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out = audit(capsys, "--base", "main", "-q")
    assert code == 1
    headers = [line for line in out.splitlines() if not line.startswith("models/")]
    assert [line.split(" since ")[0].split(":")[0] for line in headers] == ["New", "Fixed", "Remaining"]
    fixed_at = out.splitlines().index(headers[1])
    assert "MET002" in out.splitlines()[fixed_at + 1]
    assert "Compared with" not in out
