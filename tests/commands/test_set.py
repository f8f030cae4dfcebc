"""``registry set``, ``unset`` and ``add``: one value changes, the diff and the findings are shown."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import plain_env, run

__all__ = ["plain_env"]

CARD = "models/fraud-detector/model_card.yaml"


@pytest.fixture
def root(tmp_path: Path, h: Any) -> Path:
    return h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(owner=h.DROP)})


def edit(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, *argv, "--registry", str(root), "--today", "2026-11-24")


def changed(out: str) -> list[str]:
    return [ln for ln in out.splitlines() if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_set_prints_the_diff_and_the_finding_it_fixes(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, err = edit(capsys, root, "set", "fraud-detector", "owner", "payments-risk")
    assert (code, err) == (0, "")
    assert changed(out) == ["+owner: payments-risk"]
    assert "Fixes 1 finding:\n  OWN001 error: " in out
    assert out.endswith(f"Wrote {CARD}\n")
    assert "owner: payments-risk\n" in (root / CARD).read_text(encoding="utf-8")


def test_a_schema_invalid_value_writes_nothing_and_exits_2(
    capsys: pytest.CaptureFixture[str], root: Path
) -> None:
    before = (root / CARD).read_bytes()
    code, out, err = edit(capsys, root, "set", "fraud-detector", "risk_tier", "extreme")
    assert (code, out) == (2, "")
    assert err.startswith(f"registry: error: {CARD}:6:12: risk_tier: ") and "extreme" in err
    assert "critical" in err and err.rstrip().endswith("nothing written") and err.count("\n") == 1
    assert (root / CARD).read_bytes() == before


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (("set", "nope", "owner", "x"), "no model 'nope' in "),
        (
            ("set", "fraud-detector", "metrics.model[9].value", "1"),
            f"{CARD}: metrics.model[9] is out of range",
        ),
        (("set", "fraud-detector", "a..b", "1"), "'a..b' is not a path"),
        (("unset", "fraud-detector", "sponsr"), f"{CARD}: sponsr is not in the file"),
        (("add", "fraud-detector", "id", "x"), f"{CARD}: id is not a list"),
        (("set", "fraud-detector", "purpose", "[unclosed"), "'[unclosed' is not a YAML value"),
    ],
)
def test_unknown_models_and_paths_are_one_line_errors(
    capsys: pytest.CaptureFixture[str], root: Path, argv: tuple[str, ...], message: str
) -> None:
    before = (root / CARD).read_bytes()
    code, out, err = edit(capsys, root, *argv)
    assert (code, out) == (2, "")
    assert err.startswith("registry: error: " + message) and err.count("\n") == 1, err
    assert (root / CARD).read_bytes() == before


def test_values_are_yaml_unless_string(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    edit(capsys, root, "set", "fraud-detector", "fallback.confidence_threshold", "0.8")
    edit(capsys, root, "set", "fraud-detector", "sponsor", "yes", "--string")
    code, _out, _ = edit(
        capsys, root, "set", "fraud-detector", "purpose", "Flags: fraud # not a comment", "--string"
    )
    assert code == 0
    text = (root / CARD).read_text(encoding="utf-8")
    assert "confidence_threshold: 0.8\n" in text and "sponsor: yes\n" in text
    assert "purpose: 'Flags: fraud # not a comment'\n" in text


def test_unset_and_add(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, _ = edit(capsys, root, "unset", "fraud-detector", "incidents[0].review")
    assert code == 0 and changed(out) == ["-  review: https://example.com/pir/1"]
    assert "Introduces 1 finding:\n  INC001 warning: " in out
    code, out, _ = edit(capsys, root, "add", "fraud-detector", "limitations", "Not for card-present payments")
    assert code == 0 and changed(out) == ["+- Not for card-present payments"]


def test_dry_run_writes_nothing(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    before = (root / CARD).read_bytes()
    code, out, _ = edit(capsys, root, "set", "fraud-detector", "owner", "payments-risk", "--dry-run")
    assert (
        code == 0
        and changed(out) == ["+owner: payments-risk"]
        and out.endswith("Dry run: nothing written.\n")
    )
    assert (root / CARD).read_bytes() == before


def test_setting_what_is_already_there(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, _ = edit(capsys, root, "set", "fraud-detector", "stage", "production")
    assert (code, out) == (0, "Nothing to change: the files already say this.\n")


def test_card_text_in_the_output_is_inert(capsys: pytest.CaptureFixture[str], root: Path) -> None:
    code, out, _ = edit(capsys, root, "set", "fraud-detector", "sponsor", "\x1b]0;pwned\x07 CFO", "--string")
    assert code == 0 and "\x1b" not in out and "\x07" not in out


def test_docs_editing_shows_what_the_commands_print(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """docs/editing.md quotes two runs on the sample registry: they must print that."""
    import shutil

    repo = Path(__file__).resolve().parents[2]
    doc = (repo / "docs" / "editing.md").read_text(encoding="utf-8")
    shutil.copytree(repo / "sample_registry", tmp_path / "sample_registry")
    monkeypatch.chdir(tmp_path)
    blocks = [b.split("```", 1)[0] for b in doc.split("```console\n")[1:]]
    assert len(blocks) == 2
    for block in blocks:
        command, *expected = block.rstrip("\n").splitlines()
        argv = command.removeprefix("$ registry ").split()
        code, out, err = run(capsys, *argv, *([] if "--today" in argv else ["--today", "2026-11-24"]))
        printed = (out + err).rstrip("\n").splitlines()
        assert [ln.rstrip() for ln in printed] == [ln.rstrip() for ln in expected]
        assert code == (0 if out else 2)
