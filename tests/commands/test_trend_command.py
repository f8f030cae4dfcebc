"""``registry trend``: text with bars and a sparkline, JSON, CSV; one-line errors."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from git_support import Repo, cli, isolate_git


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def history(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """One model without a purpose in September, fixed in October (nothing dated after September 1)."""

    def card(**changes: Any) -> dict[str, Any]:
        made = h.baseline_card(risk_tier="low", **changes)
        made["validation"]["date"] = made["bias_tests"][0]["date"] = "2026-09-01"
        return made

    runbook = h.runbook_text().replace(f"last_reviewed: {h.days_ago(30)}", "last_reviewed: 2026-08-01")
    root = h.make_registry(tmp_path, cards={h.MODEL: card(purpose=h.DROP)}, runbooks={h.MODEL: runbook})
    repo = Repo(root)
    repo.commit("Import", "2026-09-02T12:00:00+00:00")
    (root / h.CARD_PATH).write_bytes(h.dump(card()))
    repo.commit("Give it a purpose", "2026-10-06T12:00:00+00:00")
    monkeypatch.chdir(root)
    return root


def test_text(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = cli(capsys, "trend", "--today", "2026-11-24")
    assert (code, err) == (0, "")
    lines = out.splitlines()
    assert lines[0] == "Compliance of Test registry, monthly from 2026-09-02 to 2026-11-24"
    rows = [ln.split() for ln in lines if ln[:4] == "2026"]
    assert [r[0] for r in rows] == ["2026-09", "2026-10", "2026-11"]
    assert [r[-5:] for r in rows] == [
        ["0/1", "0%", "1", "0", "0"],
        ["1/1", "100%", "0", "0", "0"],
        ["1/1", "100%", "0", "0", "0"],
    ]
    assert "█" * 20 in lines[lines.index(next(ln for ln in lines if ln.startswith("2026-10")))]
    assert lines[-1] == "Compliant share  ▁██  0% → 100% (+100 points)"
    assert "\x1b" not in out  # no colour when not on a terminal


def test_json_and_csv(history: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = cli(capsys, "trend", "--today", "2026-10-10", "--every", "week", "--format", "json")
    data = json.loads(out)
    assert code == 0 and data["every"] == "week" and data["until"] == "2026-10-10"
    assert [p["period"] for p in data["points"]] == [
        "2026-W36",
        "2026-W37",
        "2026-W38",
        "2026-W39",
        "2026-W40",
        "2026-W41",
    ]
    last = data["points"][-1]
    assert (last["today"], last["compliant_share"], last["summary"]) == (
        "2026-10-10",
        1.0,
        {"error": 0, "warning": 0, "info": 0},
    )
    code, out, _ = cli(capsys, "trend", "--today", "2026-10-10", "--since", "2026-08-01", "--format", "csv")
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["period"], r["compliant"], r["error"], r["note"]) for r in rows] == [
        ("2026-08", "", "", "no commit yet"),
        ("2026-09", "0", "1", ""),
        ("2026-10", "1", "0", ""),
    ]


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (("--since", "2026-13-01"), "--since must be a date"),
        (("--since", "2027-01-01"), "is after 2026-11-24"),
        (("--every", "day"), "invalid choice"),
    ],
)
def test_bad_arguments(
    history: Path, capsys: pytest.CaptureFixture[str], args: tuple[str, ...], needle: str
) -> None:
    try:
        code, _, err = cli(capsys, "trend", "--today", "2026-11-24", *args)
    except SystemExit as exc:  # argparse's own refusal
        code, err = int(str(exc.code)), capsys.readouterr().err
    assert code == 2 and needle in err and "Traceback" not in err


def test_outside_git_is_one_line_and_exit_2(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = h.make_registry(tmp_path)
    code, out, err = cli(capsys, "trend", str(root), "--today", "2026-11-24")
    assert code == 2 and out == ""
    assert err.startswith("registry: error: trend needs git history: ") and err.count("\n") == 1
