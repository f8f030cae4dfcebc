"""The ``registry`` command: exit codes, output formats, path mode and the other subcommands.

Commands run in-process through ``registry.cli.main`` (fast, with capsys); one test runs the
installed ``registry`` executable and one checks what ``python -m registry audit`` imports.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from cli_support import plain_env, run  # noqa: F401  (plain_env: autouse fixture)

from registry.cli import main

TODAY = "2026-11-24"
LINE = re.compile(
    r"^(?P<path>[^:]+):(?P<line>\d+):(?P<col>\d+): (?P<rule>[A-Z]{3}\d{3}) (?P<sev>error|warning|info) "
    r"(?P<message>.*) \((?P<model>[^()]+)\)$"
)


def audit(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    return run(capsys, "audit", "--today", TODAY, *argv)


def _one_line_error(err: str) -> str:
    assert err.count("\n") == 1 and err.startswith("registry: error: "), err
    assert "Traceback" not in err
    return err


# --------------------------------------------------------------------------- audit: exit codes


def test_clean_registry_exits_0(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path))
    code, out, err = audit(capsys)
    assert (code, err) == (0, "")
    assert "All checks passed: 1 model, no findings." in out.splitlines()
    assert not any(LINE.match(line) for line in out.splitlines())


def test_findings_exit_1_with_one_line_each(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(purpose=h.DROP, backup_owner=h.DROP)})
    monkeypatch.chdir(root)
    code, out, _ = audit(capsys)
    assert code == 1
    lines = out.splitlines()
    assert lines[:2] == [
        f"{h.CARD_PATH}:1:1: DOC001 error purpose is missing or empty ({h.MODEL})",
        f"{h.CARD_PATH}:1:1: OWN004 warning high-risk model has no backup_owner ({h.MODEL})",
    ]
    assert not any(LINE.match(line) for line in lines[2:])  # then notes and the summary
    assert any("1 error" in line and "1 warning" in line for line in lines[2:])


def test_paths_are_relative_to_the_current_folder(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(purpose=h.DROP)})
    monkeypatch.chdir(root / "models")
    _, out, _ = audit(capsys)
    assert out.splitlines()[0].startswith(f"{h.MODEL}/model_card.yaml:1:1: DOC001 ")
    monkeypatch.chdir(tmp_path)
    _, out, _ = audit(capsys, "reg")
    assert out.splitlines()[0].startswith(f"reg/{h.CARD_PATH}:1:1: DOC001 ")
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _, out, _ = audit(capsys, str(root))
    assert out.splitlines()[0].startswith(f"../reg/{h.CARD_PATH}:1:1: DOC001 ")


def test_owner_findings_have_no_model_suffix(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    owners = h.baseline_owners()
    owners["fraud-platform"]["kind"] = "squad"
    root = h.make_registry(tmp_path, owners=owners)
    monkeypatch.chdir(root)
    code, out, _ = audit(capsys, "--quiet")
    assert code == 1
    (line,) = out.splitlines()
    line_no, col = h.where((root / "owners/fraud-platform.yaml").read_text(), "kind:")
    assert line.startswith(f"owners/fraud-platform.yaml:{line_no}:{col}: SCH001 error ")
    assert not line.endswith(")")


def test_no_registry_found_exits_2(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = audit(capsys)
    assert (code, out) == (2, "")
    assert "no registry.yaml found" in _one_line_error(err)


def test_missing_path_exits_2(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path))
    code, _, err = audit(capsys, "models/nope/model_card.yaml")
    assert code == 2
    assert "no such file" in _one_line_error(err)


@pytest.mark.parametrize(
    ("settings", "where", "needle"),
    [
        ("registry: 1\nname: x\npolicy:\n  pilot_max_weeks: many\n", "registry.yaml:4:", "pilot_max_weeks"),
        ("registry: 1\nname: [x\n", "registry.yaml:", "invalid YAML"),
        ("registry: 1\nname: x\nrules:\n  MET002: info\n  XYZ999: off\n", "registry.yaml:5:", "XYZ999"),
        ("name: x\n", "registry.yaml:1:1:", "registry"),
    ],
)
def test_invalid_registry_yaml_exits_2_with_file_and_line(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any, settings: str, where: str, needle: str
) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path, settings=settings))
    code, out, err = audit(capsys)
    assert (code, out) == (2, "")
    message = _one_line_error(err)
    assert where in message and needle in message


@pytest.mark.parametrize("value", ["2026-13-01", "tomorrow", "24/11/2026"])
def test_bad_today_exits_2(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any, value: str) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path))
    code, _, err = run(capsys, "audit", "--today", value)
    assert code == 2
    assert "--today" in _one_line_error(err)


def test_registry_today_environment(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    card = h.baseline_card()
    card["validation"]["date"] = h.days_ago(80)  # expires soon on TODAY, stale 20 days later
    monkeypatch.chdir(h.make_registry(tmp_path, cards={h.MODEL: card}))
    monkeypatch.setenv("REGISTRY_TODAY", "2026-12-14")
    code, out, _ = run(capsys, "audit", "--quiet")
    assert code == 1 and " VAL002 error " in out
    code, out, _ = run(capsys, "audit", "--quiet", "--today", TODAY)  # --today wins
    assert code == 0 and " VAL002 warning " in out
    monkeypatch.setenv("REGISTRY_TODAY", "soon")
    code, _, err = run(capsys, "audit")
    assert code == 2 and "REGISTRY_TODAY" in _one_line_error(err)


# --------------------------------------------------------------------------- audit: fail-on, quiet


def _warning_only(tmp_path: Path, h: Any, settings: Any = None) -> Path:
    kwargs = {} if settings is None else {"settings": settings}
    return h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(backup_owner=h.DROP)}, **kwargs)


def test_fail_on(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_warning_only(tmp_path, h))
    assert audit(capsys)[0] == 0  # default fail_on: error
    assert audit(capsys, "--fail-on", "warning")[0] == 1
    assert audit(capsys, "--fail-on", "info")[0] == 1
    errors = h.make_registry(tmp_path, folder="errors", cards={h.MODEL: h.baseline_card(purpose=h.DROP)})
    monkeypatch.chdir(errors)
    assert audit(capsys)[0] == 1
    assert audit(capsys, "--fail-on", "never")[0] == 0


def test_fail_on_from_policy(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    settings = {"registry": 1, "name": "x", "policy": {"fail_on": "warning"}}
    monkeypatch.chdir(_warning_only(tmp_path, h, settings))
    assert audit(capsys)[0] == 1
    assert audit(capsys, "--fail-on", "error")[0] == 0  # the flag wins


def test_quiet_prints_findings_only(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_warning_only(tmp_path, h))
    _, out, _ = audit(capsys, "--quiet")
    assert [bool(LINE.match(line)) for line in out.splitlines()] == [True]
    monkeypatch.chdir(h.make_registry(tmp_path, folder="clean"))
    code, out, _ = audit(capsys, "-q")
    assert (code, out) == (0, "")


# --------------------------------------------------------------------------- audit: JSON


def test_json_report_shape(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    cards = {
        h.MODEL: h.baseline_card(backup_owner=h.DROP, purpose=h.DROP),
        "b-model": h.baseline_card("b-model"),
    }
    owners = h.baseline_owners()
    owners["fraud-platform"]["kind"] = "squad"
    h.make_registry(tmp_path, cards=cards, owners=owners)
    monkeypatch.chdir(tmp_path)
    code, out, _ = audit(capsys, "reg", "--format", "json")
    assert code == 1
    report = json.loads(out)
    # FORMAT.md's keys, plus the optional additions the project made (none renamed)
    assert {"registry", "root", "today", "revision", "summary", "findings"} <= set(report)
    assert set(report) <= {"registry", "root", "today", "revision", "summary", "findings", "notes"}
    assert report["registry"] == "Test registry"
    assert report["root"] == "reg"
    assert report["today"] == TODAY
    assert report["revision"] is None  # not in git
    assert report["summary"] == {"models": 2, "error": 2, "warning": 1, "info": 0}
    required = {"rule": str, "severity": str, "path": str, "line": int, "column": int, "message": str}
    for finding in report["findings"]:
        assert set(required) | {"model"} <= set(finding) <= set(required) | {"model", "field"}
        for key, kind in required.items():
            assert type(finding[key]) is kind, (key, finding)
        assert finding["model"] is None or isinstance(finding["model"], str)
        assert finding["line"] >= 1 and finding["column"] >= 1
    assert [(f["rule"], f["model"], f["path"]) for f in report["findings"]] == [
        ("DOC001", h.MODEL, h.CARD_PATH),
        ("OWN004", h.MODEL, h.CARD_PATH),
        ("SCH001", None, "owners/fraud-platform.yaml"),
    ]


def test_json_paths_are_relative_to_the_root_whatever_the_cwd(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(purpose=h.DROP)})
    monkeypatch.chdir(root / "models" / h.MODEL)
    _, out, _ = audit(capsys, "--format", "json")
    report = json.loads(out)
    assert report["findings"][0]["path"] == h.CARD_PATH
    assert report["root"] == "../.."


# --------------------------------------------------------------------------- audit: path mode


def _three_models(tmp_path: Path, h: Any) -> Path:
    cards = {
        "a-model": h.baseline_card("a-model", purpose=h.DROP),
        "b-model": h.baseline_card("b-model", owner="model-risk-office", backup_owner=h.DROP, purpose=h.DROP),
        "c-model": h.baseline_card(
            "c-model", owner="model-risk-office", backup_owner="payments-risk", purpose=h.DROP
        ),
    }
    owners = h.baseline_owners()
    owners["fraud-platform"]["kind"] = "squad"
    return h.make_registry(tmp_path, cards=cards, owners=owners)


def _models_and_files(out: str) -> tuple[set[str], set[str]]:
    report = json.loads(out)
    return {f["model"] for f in report["findings"] if f["model"]}, {f["path"] for f in report["findings"]}


def test_card_path_audits_only_that_model(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_three_models(tmp_path, h))
    code, out, _ = audit(capsys, "models/b-model/model_card.yaml", "--format", "json")
    assert code == 1
    assert json.loads(out)["summary"]["models"] == 1
    assert _models_and_files(out) == ({"b-model"}, {"models/b-model/model_card.yaml"})
    _, out, _ = audit(capsys, "models/a-model/runbook.md", "models/c-model", "--format", "json")
    assert _models_and_files(out)[0] == {"a-model", "c-model"}


def test_owner_path_audits_its_dependants(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_three_models(tmp_path, h))
    _, out, _ = audit(capsys, "owners/payments-risk.yaml", "--format", "json")
    assert _models_and_files(out)[0] == {"a-model", "c-model"}  # owner of a, backup owner of c
    _, out, _ = audit(capsys, "owners/fraud-platform.yaml", "--format", "json")
    models, files = _models_and_files(out)
    assert models == {"a-model"}
    assert "owners/fraud-platform.yaml" in files  # and the owner file's own findings


def test_registry_yaml_path_audits_everything(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_three_models(tmp_path, h))
    _, out, _ = audit(capsys, "registry.yaml", "--format", "json")
    models, files = _models_and_files(out)
    assert models == {"a-model", "b-model", "c-model"}
    assert "owners/fraud-platform.yaml" in files


def test_path_mode_agrees_with_the_full_audit(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_three_models(tmp_path, h))
    _, full, _ = audit(capsys, "--format", "json")
    _, one, _ = audit(capsys, "models/c-model/model_card.yaml", "--format", "json")
    expected = [f for f in json.loads(full)["findings"] if f["model"] == "c-model"]
    assert json.loads(one)["findings"] == expected


def test_path_mode_sees_duplicate_ids(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    cards = {h.MODEL: h.baseline_card(), "fraud-detector-v2": h.baseline_card()}
    monkeypatch.chdir(h.make_registry(tmp_path, cards=cards))
    _, out, _ = audit(capsys, "models/fraud-detector-v2/model_card.yaml", "--quiet")
    assert "also used by another model" in out
    assert f"({h.MODEL})" not in out, "the other holder is context, not audited"


def test_owners_folder_in_path_mode_audits_every_model(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    cards = {
        h.MODEL: h.baseline_card(purpose=None),
        "second-model": h.baseline_card(id="second-model", purpose=None),
    }
    monkeypatch.chdir(h.make_registry(tmp_path, cards=cards))
    code, out, _ = audit(capsys, "owners", "--quiet")
    assert code == 1
    assert {line.rsplit("(", 1)[-1] for line in out.splitlines()} == {f"{h.MODEL})", "second-model)"}


def test_broken_card_in_path_mode_is_a_finding(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path, cards={h.MODEL: "id: [\n"}))
    code, out, err = audit(capsys, h.CARD_PATH, "--quiet")
    assert (code, err) == (1, "")
    assert re.match(rf"^{re.escape(h.CARD_PATH)}:2:1: SCH002 error ", out)


# --------------------------------------------------------------------------- card text is inert


HOSTILE = "\x1b]0;pwned\x07[bold]red[/bold]\x1b[2J"


def _hostile_registry(tmp_path: Path, h: Any) -> Path:
    card = h.baseline_card(name=HOSTILE, purpose=HOSTILE)
    card["incidents"] = [{"date": HOSTILE, "summary": HOSTILE}]
    card["waivers"] = [{"rule": HOSTILE, "expires": "2027-01-01"}]
    card["metrics"]["model"][0] = {"name": HOSTILE}
    return h.make_registry(tmp_path, cards={h.MODEL: card})


@pytest.mark.parametrize(
    "argv",
    [
        ["audit", "--today", TODAY],
        ["audit", "--today", TODAY, "--format", "json"],
        ["audit", "--today", TODAY, "--format", "github"],
        ["audit", "--today", TODAY, "--format", "sarif"],
        ["list", "--today", TODAY],
        ["show", "fraud-detector", "--today", TODAY],
        ["show", "fraud-detector", "--today", TODAY, "--format", "json"],
    ],
)
def test_card_text_is_printed_inert(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any, argv: list[str]
) -> None:
    monkeypatch.chdir(_hostile_registry(tmp_path, h))
    code, out, err = run(capsys, *argv)
    assert code in (0, 1), err
    assert "\x1b" not in out and "\x07" not in out
    assert "\x1b" not in err
    if argv[0] == "audit" and "--format" not in argv:
        assert "incident of \\x1b]0;pwned\\x07[bold]red[/bold]\\x1b[2J has no review" in out
        assert all(LINE.match(line) for line in out.splitlines() if line.startswith("models/"))


def test_markup_in_card_text_is_not_interpreted(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    card = h.baseline_card(name="[bold red]Fraud[/] model")
    card["incidents"][0].pop("review")
    card["incidents"][0]["date"] = "2026-02-03"
    monkeypatch.chdir(h.make_registry(tmp_path, cards={h.MODEL: card}))
    monkeypatch.setenv("FORCE_COLOR", "1")
    monkeypatch.delenv("NO_COLOR")
    _, out, _ = run(capsys, "show", h.MODEL, "--today", TODAY)
    assert "[bold red]Fraud[/] model" in out


# --------------------------------------------------------------------------- rules, explain


def test_rules_lists_every_code(capsys: Any) -> None:
    code, out, _ = run(capsys, "rules")
    assert code == 0
    listed = set(re.findall(r"^([A-Z]{3}\d{3})\s", out, re.M))
    assert {
        "SCH001",
        "SCH002",
        "SCH003",
        "OWN001",
        "DOC003",
        "VAL004",
        "BIA003",
        "PIL002",
        "MET003",
        "MON001",
        "RES001",
        "HUM001",
        "PRV001",
        "INC001",
        "WAI001",
        "WAI002",
    } <= listed
    code, out, _ = run(capsys, "rules", "--format", "json")
    rows = json.loads(out)
    assert {r["code"] for r in rows} == listed
    assert {r["code"]: r["severity"] for r in rows}["OWN004"] == "warning"


def test_explain_prints_title_rationale_and_fix(capsys: Any) -> None:
    from registry.rules import load_catalog

    rule = load_catalog()["VAL004"]
    code, out, _ = run(capsys, "explain", "VAL004")
    assert code == 0
    flat = " ".join(out.split())
    assert out.startswith(f"VAL004: {rule.title}")
    assert rule.rationale in flat
    assert rule.fix in flat
    assert run(capsys, "explain", "val004")[1] == out  # case-insensitive


def test_explain_unknown_rule_exits_2(capsys: Any) -> None:
    code, out, err = run(capsys, "explain", "XYZ999")
    assert (code, out) == (2, "")
    assert "XYZ999" in _one_line_error(err)


# --------------------------------------------------------------------------- list, show


def _list_registry(tmp_path: Path, h: Any) -> Path:
    cards = {
        "a-model": h.baseline_card("a-model", purpose=h.DROP),
        "b-model": h.baseline_card("b-model", stage="pilot", risk_tier="low", owner="model-risk-office"),
        "c-model": h.baseline_card("c-model", stage="proposed", backup_owner=h.DROP),
    }
    return h.make_registry(tmp_path, cards=cards)


def _list_ids(capsys: Any, *argv: str) -> list[str]:
    code, out, _ = run(capsys, "list", "--today", TODAY, "--format", "json", *argv)
    assert code == 0
    return [row["id"] for row in json.loads(out)]


def test_list_filters_and_json(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_list_registry(tmp_path, h))
    code, out, _ = run(capsys, "list", "--today", TODAY, "--format", "json")
    assert code == 0  # findings do not change list's exit code
    rows = {row["id"]: row for row in json.loads(out)}
    assert list(rows) == ["a-model", "b-model", "c-model"]
    assert rows["a-model"] == {
        "id": "a-model",
        "name": "Card Fraud Detector",
        "stage": "production",
        "risk_tier": "high",
        "owner": "payments-risk",
        "findings": {"error": 1, "warning": 0, "info": 0},
    }
    assert rows["c-model"]["findings"] == {"error": 0, "warning": 1, "info": 0}
    assert _list_ids(capsys, "--stage", "pilot") == ["b-model"]
    assert _list_ids(capsys, "--owner", "payments-risk") == ["a-model", "c-model"]
    assert _list_ids(capsys, "--risk", "high") == ["a-model", "c-model"]
    assert _list_ids(capsys, "--risk", "high", "--stage", "proposed") == ["c-model"]
    assert _list_ids(capsys, "--owner", "nobody") == []


def test_list_text(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_list_registry(tmp_path, h))
    code, out, _ = run(capsys, "list", "--today", TODAY, "--stage", "production")
    assert code == 0
    assert "a-model" in out and "b-model" not in out
    assert re.search(r"a-model\s+production\s+high\s+payments-risk\s+1\s+0\s+0", out)


def test_show_model(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(_list_registry(tmp_path, h))
    code, out, _ = run(capsys, "show", "a-model", "--today", TODAY)
    assert code == 0
    assert "Card Fraud Detector (a-model)" in out
    assert "payments-risk" in out and "DOC001" in out
    code, out, _ = run(capsys, "show", "models/a-model/", "--today", TODAY, "--format", "json")
    data = json.loads(out)
    assert data["id"] == "a-model" and [f["rule"] for f in data["findings"]] == ["DOC001"]


def test_show_unknown_model_exits_2(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path))
    code, out, err = run(capsys, "show", "no-such-model")
    assert (code, out) == (2, "")
    assert "no-such-model" in _one_line_error(err)


# --------------------------------------------------------------------------- new, init, schema


def test_new_then_audit(tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any) -> None:
    root = h.make_registry(tmp_path, cards={})
    monkeypatch.chdir(root)
    code, out, _ = run(capsys, "new", "churn-model", "--owner", "payments-risk", "--today", TODAY)
    assert code == 0
    assert "models/churn-model/model_card.yaml" in out and "models/churn-model/runbook.md" in out
    code, out, _ = audit(capsys, "--format", "json")
    findings = json.loads(out)["findings"]
    # the card parses and follows the schema: what is left is what the owner must fill in,
    # the card's purpose and limitations, the use case's scores, and the runbook's
    # required sections (still TODO)
    assert [(f["rule"], f["model"]) for f in findings] == [
        ("DOC001", "churn-model"),
        ("DOC001", "churn-model"),
        *[("POR001", "churn-model")] * 3,
        *[("DOC004", "churn-model")] * 3,
    ]
    assert ["purpose" in findings[0]["message"], "limitations" in findings[1]["message"]] == [True, True]


def test_new_production_model_lists_what_to_fill_in(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    monkeypatch.chdir(h.make_registry(tmp_path, cards={}))
    argv = ["new", "risk-model", "--owner", "payments-risk", "--stage", "production", "--risk", "high"]
    assert run(capsys, *argv, "--name", "Risk: model #1")[0] == 0
    _, out, _ = audit(capsys, "--format", "json")
    rules = {f["rule"] for f in json.loads(out)["findings"]}
    assert not any(r.startswith("SCH") for r in rules)  # the template follows the format
    assert {"DOC001", "VAL001", "BIA001", "MON001", "RES001", "HUM001", "OWN004"} <= rules
    assert "DOC002" not in rules and "DOC003" not in rules  # the runbook is scaffolded complete


def test_new_refuses_existing_model_and_unknown_owner(
    tmp_path: Path, h: Any, capsys: Any, monkeypatch: Any
) -> None:
    root = h.make_registry(tmp_path)
    monkeypatch.chdir(root)
    before = (root / h.CARD_PATH).read_bytes()
    code, out, err = run(capsys, "new", h.MODEL, "--owner", "payments-risk")
    assert (code, out) == (2, "")
    assert "already exists" in _one_line_error(err)
    assert (root / h.CARD_PATH).read_bytes() == before
    code, _, err = run(capsys, "new", "other-model", "--owner", "nobody")
    assert code == 2 and "nobody" in _one_line_error(err)
    assert not (root / "models" / "other-model").exists()
    code, _, err = run(capsys, "new", "Bad_Id", "--owner", "payments-risk")
    assert code == 2 and "Bad_Id" in _one_line_error(err)


def test_init_creates_a_registry_that_passes(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    target = tmp_path / "acme"
    target.mkdir()
    monkeypatch.chdir(target)
    code, out, _ = run(capsys, "init")
    assert code == 0
    assert "registry.yaml" in out
    assert "repos:" in out and "registry-audit" in out  # the pre-commit snippet
    assert ".registry/" in (target / ".gitignore").read_text().split()
    assert (target / "owners").is_dir() and (target / "models").is_dir()
    code, out, _ = audit(capsys)
    assert code == 0 and out.startswith("All checks passed: 0 models")


def test_init_keeps_an_existing_gitignore(tmp_path: Path, capsys: Any, monkeypatch: Any) -> None:
    (tmp_path / ".gitignore").write_text("*.pyc")
    code, _, _ = run(capsys, "init", str(tmp_path), "--name", "Acme: AI #1")
    assert code == 0
    assert (tmp_path / ".gitignore").read_text().splitlines()[0] == "*.pyc"
    assert ".registry/" in (tmp_path / ".gitignore").read_text().split()
    monkeypatch.chdir(tmp_path)
    code, out, _ = audit(capsys, "--format", "json")
    assert code == 0 and json.loads(out)["registry"] == "Acme: AI #1"


def test_init_refuses_to_overwrite(tmp_path: Path, h: Any, capsys: Any) -> None:
    root = h.make_registry(tmp_path)
    before = (root / "registry.yaml").read_bytes()
    code, out, err = run(capsys, "init", str(root))
    assert (code, out) == (2, "")
    assert "already exists" in _one_line_error(err)
    assert (root / "registry.yaml").read_bytes() == before


@pytest.mark.parametrize("name", ["card", "owner", "registry", "runbook"])
def test_schema_prints_valid_json(capsys: Any, name: str) -> None:
    code, out, _ = run(capsys, "schema", name)
    assert code == 0
    schema = json.loads(out)
    assert schema["$schema"].startswith("https://json-schema.org/")
    if name == "card":
        assert {"id", "name", "version", "kind", "stage", "risk_tier"} == set(schema["required"])


def test_unknown_command_exits_2(capsys: Any) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["frobnicate"])
    assert caught.value.code == 2
    assert "Traceback" not in capsys.readouterr().err


# --------------------------------------------------------------------------- real processes


def _registry_exe() -> str:
    exe = Path(sys.executable).with_name("registry")
    found = str(exe) if exe.is_file() else shutil.which("registry")
    assert found, "the registry command is not installed (pip install -e '.[test]' installs it)"
    return found


def test_installed_command(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(purpose=h.DROP)})
    env = {k: v for k, v in os.environ.items() if k not in ("FORCE_COLOR", "REGISTRY_TODAY")}
    done = subprocess.run(
        [_registry_exe(), "audit", "--today", TODAY, "--format", "json", "--no-cache"],
        cwd=root,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 1, done.stderr
    report = json.loads(done.stdout)
    assert [(f["rule"], f["path"]) for f in report["findings"]] == [("DOC001", h.CARD_PATH)]
    missing = subprocess.run(
        [_registry_exe(), "audit"],
        cwd=tmp_path,
        env=env,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert missing.returncode == 2
    assert missing.stderr.startswith("registry: error: ") and missing.stderr.count("\n") == 1


def test_audit_imports_neither_textual_nor_sqlmodel(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "registry", "audit", "--today", TODAY, str(root)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    imported = {
        line.rsplit("|", 1)[-1].strip()
        for line in done.stderr.splitlines()
        if line.startswith("import time:")
    }
    assert "registry.cli" in imported  # the parse works
    top = {name.split(".")[0] for name in imported}
    assert "textual" not in top
    assert "sqlmodel" not in top and "sqlalchemy" not in top
