"""POL001: a pull request that weakens registry.yaml is named by the gate (`audit --base`).

The comparison itself is tested on policies; the gate with real git repositories, in
every output format, with the exit code.
"""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from git_support import AFTER, BEFORE, TODAY, Repo, cli

from registry.model import Policy
from registry.rules.policy import weakenings


def _policy(text: str) -> Policy:
    """registry.yaml as PyYAML (YAML 1.1) reads it: quote `"off"` in these texts."""
    data = yaml.safe_load(text) or {}
    return Policy.from_data(data.get("policy"), data.get("rules"), data.get("governance_reviewers"))


def _changes(before: str, now: str) -> list[tuple[str, str, str]]:
    return [(w.name, w.old, w.new) for w in weakenings(_policy(before), _policy(now))]


@pytest.mark.parametrize(
    ("before", "now", "expected"),
    [
        ("", 'rules: {MON001: "off"}', [("rules.MON001", "error", "off")]),  # a new entry
        ("", "rules: {MET001: info}", [("rules.MET001", "warning", "info")]),
        ("rules: {MET002: error}", "", [("rules.MET002", "error", "warning")]),  # entry removed
        ("rules: {MET002: info}", 'rules: {MET002: "off"}', [("rules.MET002", "info", "off")]),
        (
            "",
            "policy: {validation_max_age_days: {high: 120}}",
            [("policy.validation_max_age_days.high", "90", "120")],
        ),
        (
            "policy: {validation_max_age_days: {critical: 60}}",
            "",
            [("policy.validation_max_age_days.critical", "60", "90")],
        ),
        ("", "policy: {bias_test_max_age_days: 365}", [("policy.bias_test_max_age_days", "180", "365")]),
        ("", "policy: {pilot_max_weeks: 13}", [("policy.pilot_max_weeks", "12", "13")]),
        ("", "policy: {waiver_max_days: 366}", [("policy.waiver_max_days", "365", "366")]),
        ("", "policy: {expiry_warning_days: 29}", [("policy.expiry_warning_days", "30", "29")]),
        (
            "",
            "policy: {bias_test_required_for: [high, critical]}",
            [("policy.bias_test_required_for", "[medium, high, critical]", "[high, critical]")],
        ),
        (
            "",
            "policy: {runbook_sections: [Fallback, Escalation]}",
            [("policy.runbook_sections", "[Fallback, Rollback, Escalation]", "[Fallback, Escalation]")],
        ),
        ("policy: {fail_on: info}", "policy: {fail_on: warning}", [("policy.fail_on", "info", "warning")]),
        ("", "policy: {fail_on: warning}", []),  # stricter
        (
            'governance_reviewers: ["@a/risk", "@a/cro"]',
            'governance_reviewers: ["@a/risk"]',
            [("governance_reviewers", "[@a/risk, @a/cro]", "[@a/risk]")],
        ),
    ],
)
def test_each_kind_of_weakening(before: str, now: str, expected: list[tuple[str, str, str]]) -> None:
    assert _changes(before, now) == expected


@pytest.mark.parametrize(
    ("before", "now"),
    [
        ("", ""),
        ("", "rules: {MET002: error}"),  # raised
        ("rules: {MET002: info}", "rules: {MET002: info}"),
        ("", "policy: {validation_max_age_days: {high: 60}, pilot_max_weeks: 8, waiver_max_days: 90}"),
        ("", "policy: {expiry_warning_days: 60, bias_test_required_for: [low, medium, high, critical]}"),
        ("", "policy: {runbook_sections: [fallback, ROLLBACK, Escalation, Contacts]}"),  # case, addition
        ("policy: {fail_on: error}", "policy: {fail_on: info}"),
        ('governance_reviewers: ["@a/risk"]', 'governance_reviewers: ["@a/risk", "@a/cro"]'),
        ("", "policy: {priority_weights: {impact: 5}}"),  # not a control
        ("", "policy: {validation_max_age_days: {x-note: later}}"),
    ],
)
def test_what_is_not_weaker(before: str, now: str) -> None:
    assert _changes(before, now) == []


# --------------------------------------------------------------------------- the gate, in git

BASE_SETTINGS = """\
registry: 1
name: Test registry
policy:
  pilot_max_weeks: 12
governance_reviewers: ["@acme/model-risk"]
rules:
  VAL005: "off"
  MET002: error
"""


@pytest.fixture
def gate(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Any:
    """main: a compliant registry; the branch `feature` changes only registry.yaml."""
    root = h.make_registry(tmp_path, settings=BASE_SETTINGS)
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    repo("checkout", "-q", "-b", "feature")
    monkeypatch.chdir(root)

    def weaken(settings: str) -> str:
        (root / "registry.yaml").write_text(settings, encoding="utf-8")
        repo.commit("Change the policy", AFTER)
        return settings

    return root, repo, weaken


def _audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    code, out, err = cli(capsys, "audit", "--today", TODAY, "--no-cache", "--base", "main", *args)
    assert code in (0, 1), err
    return code, out


def _where(text: str, needle: str) -> tuple[int, int]:
    for number, line in enumerate(text.splitlines(), start=1):
        if needle in line:
            return number, line.index(needle) + 1
    raise AssertionError(needle)


def test_switching_a_rule_off_is_reported_in_every_format(
    gate: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """Issue 13: "a pull request can set `rules: {MON001: off}` ... and the gate reports nothing"."""
    _, _, weaken = gate
    settings = weaken(BASE_SETTINGS.replace("  MET002: error\n", '  MET002: error\n  MON001: "off"\n'))
    line, column = _where(settings, "MON001")
    message = "policy weakened: rules.MON001 was error at main, now off"

    code, out = _audit(capsys)
    assert code == 0  # a warning, and fail_on is error
    assert out.splitlines()[:2] == [
        "New since main (" + out.split("(")[1].split(")")[0] + "): 1",
        f"registry.yaml:{line}:{column}: POL001 warning {message}",
    ]
    assert "1 new, 0 fixed, 0 remaining" in out

    code, out = _audit(capsys, "--format", "json")
    report = json.loads(out)
    expected = {
        "rule": "POL001",
        "severity": "warning",
        "model": None,
        "path": "registry.yaml",
        "line": line,
        "column": column,
        "message": message,
        "field": "rules.MON001",
    }
    assert report["comparison"]["new"] == [expected] and report["findings"] == [expected]
    assert report["summary"]["warning"] == 1

    code, out = _audit(capsys, "--format", "github")
    assert out.splitlines()[0] == (
        f"::warning file=registry.yaml,line={line},col={column},title=POL001::POL001: {message}"
    )

    code, out = _audit(capsys, "--format", "sarif")
    (result,) = json.loads(out)["runs"][0]["results"]
    assert result["ruleId"] == "POL001" and result["level"] == "warning"
    location = result["locations"][0]["physicalLocation"]
    assert location["artifactLocation"]["uri"] == "registry.yaml"
    assert location["region"] == {"startLine": line, "startColumn": column}

    code, out = _audit(capsys, "--format", "junit", "--fail-on", "warning")
    assert code == 1
    case = next(c for c in ET.fromstring(out).iter("testcase") if c.get("name") == "registry.yaml")
    failure = case.find("failure")
    assert failure is not None and failure.get("type") == "POL001" and message in (failure.text or "")


def test_the_gate_fails_on_it_when_the_policy_says_so(gate: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """`rules: {POL001: error}` at the base makes a weakening fail the gate (exit 1)."""
    root, repo, weaken = gate
    strict = BASE_SETTINGS + "  POL001: error\n"
    (root / "registry.yaml").write_text(strict, encoding="utf-8")
    repo.commit("POL001 blocks merges", AFTER)
    repo("checkout", "-q", "main")
    repo("merge", "-q", "--ff-only", "feature")
    repo("checkout", "-q", "-b", "weaker")
    weaken(strict.replace("pilot_max_weeks: 12", "pilot_max_weeks: 26"))
    code, out = _audit(capsys, "--format", "github")
    assert code == 1
    assert out.splitlines()[0].startswith("::error file=registry.yaml,line=4,col=3,title=POL001::")
    assert "policy.pilot_max_weeks was 12 at main, now 26" in out


def test_a_pull_request_cannot_switch_pol001_off_with_it(
    gate: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    """POL001's severity comes from the policy at the base, not from the one under review."""
    _, _, weaken = gate
    weaken(BASE_SETTINGS.replace("  MET002: error\n", '  MET002: error\n  POL001: "off"\n  MON001: "off"\n'))
    _, out = _audit(capsys, "--format", "json")
    new = json.loads(out)["comparison"]["new"]
    assert [(f["field"], f["severity"]) for f in new] == [
        ("rules.POL001", "warning"),
        ("rules.MON001", "warning"),
    ]


def test_positions_of_removed_keys(gate: Any, capsys: pytest.CaptureFixture[str]) -> None:
    """A removed key: the finding points at its enclosing `policy` or `rules` key, else at 1:1."""
    _, _, weaken = gate
    settings = weaken(
        'registry: 1\nname: Test registry\npolicy:\n  pilot_max_weeks: 13\nrules:\n  VAL005: "off"\n'
    )
    _, out = _audit(capsys, "--format", "json")
    new = {f["field"]: (f["line"], f["column"]) for f in json.loads(out)["comparison"]["new"]}
    assert new == {
        "policy.pilot_max_weeks": _where(settings, "pilot_max_weeks"),  # the changed key
        "rules.MET002": _where(settings, "rules:"),  # removed: back to warning
        "governance_reviewers": (1, 1),  # removed, nothing encloses it
    }
    weaken("registry: 1\nname: Test registry\n")
    _, out = _audit(capsys, "--format", "json")
    new = {f["field"]: (f["line"], f["column"]) for f in json.loads(out)["comparison"]["new"]}
    assert new == {"rules.MET002": (1, 1), "governance_reviewers": (1, 1)}


def test_no_pol001_without_base_or_when_nothing_is_weaker(
    gate: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    _, _, weaken = gate
    weaken(BASE_SETTINGS.replace("pilot_max_weeks: 12", "pilot_max_weeks: 26"))
    code, out, _ = cli(capsys, "audit", "--today", TODAY, "--no-cache", "--format", "json")
    assert code == 0 and json.loads(out)["findings"] == []
    _, _, weaken2 = gate
    weaken2(BASE_SETTINGS.replace("pilot_max_weeks: 12", "pilot_max_weeks: 6"))
    _, out = _audit(capsys, "--format", "json")
    assert json.loads(out)["comparison"]["new"] == []


def test_pre_commit_path_mode_reports_it_too(gate: Any, h: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root, _, weaken = gate
    weaken(BASE_SETTINGS.replace("pilot_max_weeks: 12", "pilot_max_weeks: 26"))
    _, out = _audit(capsys, "--format", "json", str(root / h.CARD_PATH))
    assert [f["field"] for f in json.loads(out)["comparison"]["new"]] == ["policy.pilot_max_weeks"]


def test_the_documented_examples() -> None:
    """POL001's failing example weakens the default policy; its compliant one does not."""
    from registry.loader import parse_yaml
    from registry.rules import load_catalog

    rule = load_catalog()["POL001"]
    default = Policy.from_data(None, None)

    def now(text: str) -> Policy:
        data = parse_yaml(text, "registry.yaml").data  # YAML 1.2, as registry reads it
        return Policy.from_data(data.get("policy"), data.get("rules"), data.get("governance_reviewers"))

    assert [w.name for w in weakenings(default, now(rule.example))] == ["rules.MON001"]
    assert weakenings(_policy("rules: {MET002: info}"), now(rule.compliant)) == []
