"""The governance events as verbs: validate, bias-test, waive, decide, stage, handover, owner new."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from cli_support import plain_env, run

from registry.store import load_registry

__all__ = ["plain_env"]

MODEL = "fraud-detector"
CARD = f"models/{MODEL}/model_card.yaml"


def edit(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> tuple[int, str, str]:
    return run(capsys, *argv, "--registry", str(root), "--today", "2026-11-24")


def refused(capsys: pytest.CaptureFixture[str], root: Path, *argv: str) -> bool:
    """argparse refuses the arguments: exit code 2 before anything runs."""
    with pytest.raises(SystemExit) as caught:
        edit(capsys, root, *argv)
    return caught.value.code == 2


def card(root: Path, model: str = MODEL) -> dict[str, Any]:
    """The card as the audit reads it (dates stay text)."""
    data: dict[str, Any] = load_registry(root, [model]).models[model].data
    return data


def test_validate_records_the_current_version(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any
) -> None:
    root = h.make_registry(tmp_path, cards={MODEL: h.baseline_card(version="4.0.0")})
    code, out, _ = edit(
        capsys, root, "validate", MODEL, "--validator", "model-risk-office", "--result", "conditional",
        "--condition", "monthly drift review", "--evidence", "https://x/v", "--date", "2026-11-20",
    )  # fmt: skip
    assert code == 0 and "Fixes 1 finding:\n  VAL003 error: " in out
    assert card(root)["validation"] == {
        "date": "2026-11-20",
        "validator": "model-risk-office",
        "model_version": "4.0.0",
        "result": "conditional",
        "conditions": ["monthly drift review"],
        "evidence": "https://x/v",
    }


def test_bias_test_with_a_failure_and_its_mitigation(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any
) -> None:
    root = h.make_registry(tmp_path)
    code, out, _ = edit(
        capsys, root, "bias-test", MODEL, "--method", "FPR parity by region", "--result", "fail",
        "--attribute", "region", "--attribute", "age_band", "--mitigation", "threshold per region",
    )  # fmt: skip
    assert code == 0 and "Fixes no finding and introduces none." in out
    assert card(root)["bias_tests"][-1] == {
        "date": "2026-11-24",
        "method": "FPR parity by region",
        "attributes": ["region", "age_band"],
        "result": "fail",
        "mitigation": "threshold per region",
    }


def test_waive_checks_the_rule_code(capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={MODEL: h.baseline_card(monitoring=h.DROP)})
    code, out, _ = edit(
        capsys, root, "waive", MODEL, "mon001", "--reason", "drift jobs migrate in December",
        "--approved-by", "model-risk-office", "--expires", "2027-01-31",
    )  # fmt: skip
    assert code == 0 and "Fixes 1 finding:\n  MON001 error: " in out
    assert card(root)["waivers"] == [
        {
            "rule": "MON001",
            "reason": "drift jobs migrate in December",
            "approved_by": "model-risk-office",
            "expires": "2027-01-31",
        }
    ]
    waiver = ("--reason", "r", "--approved-by", "a", "--expires", "2027-01-31")
    for rule, message in (("XYZ999", "unknown rule 'XYZ999'"), ("SCH001", "SCH001 cannot be waived")):
        code, _, err = edit(capsys, root, "waive", MODEL, rule, *waiver)
        assert code == 2 and message in err
    assert refused(
        capsys, root, "waive", MODEL, "MON001", "--reason", "r", "--approved-by", "a", "--expires", "x"
    )
    assert "expected a date as YYYY-MM-DD, not 'x'" in capsys.readouterr().err


def test_decide_and_stage(capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any) -> None:
    pilot = h.baseline_card(
        stage="pilot", pilot={"start": "2026-01-05", "exit_criteria": ["x"], "decision": "pending"}
    )
    root = h.make_registry(tmp_path, cards={MODEL: pilot})
    code, out, _ = edit(capsys, root, "decide", MODEL, "go")
    assert code == 0 and "PIL002" in out.split("Fixes", 1)[1]
    assert card(root)["pilot"]["decision"] == "go" and card(root)["pilot"]["decided"] == "2026-11-24"
    code, out, _ = edit(capsys, root, "stage", MODEL, "production")
    assert code == 0 and card(root)["stage"] == "production"
    assert refused(capsys, root, "stage", MODEL, "prod")
    assert "invalid choice: 'prod'" in capsys.readouterr().err


def test_handover_moves_every_model_in_one_change(
    capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any
) -> None:
    owners = {
        **h.baseline_owners(),
        "new-team": {"id": "new-team", "kind": "team", "name": "N", "email": "n@x.io"},
    }
    cards = {
        "a-model": h.baseline_card("a-model", owner="payments-risk"),
        "b-model": h.baseline_card("b-model", owner="fraud-platform", backup_owner="payments-risk"),
        "c-model": h.baseline_card("c-model", owner="fraud-platform", backup_owner="model-risk-office"),
    }
    root = h.make_registry(tmp_path, owners=owners, cards=cards)
    untouched = (root / "models" / "c-model" / "model_card.yaml").read_bytes()
    code, out, err = edit(capsys, root, "handover", "payments-risk", "new-team")
    assert (code, err) == (0, "")
    assert out.count("+++ b/models/") == 2
    assert (
        card(root, "a-model")["owner"] == "new-team" and card(root, "b-model")["backup_owner"] == "new-team"
    )
    assert (root / "models" / "c-model" / "model_card.yaml").read_bytes() == untouched
    code, _, err = edit(capsys, root, "handover", "payments-risk", "new-team")
    assert code == 2 and "no model names 'payments-risk'" in err
    code, _, err = edit(capsys, root, "handover", "new-team", "nobody")
    assert code == 2 and "'nobody' has no owner record: create owners/nobody.yaml first" in err


def test_owner_new(capsys: pytest.CaptureFixture[str], tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    code, _out, err = edit(
        capsys, root, "owner", "new", "credit-risk", "--kind", "team", "--name", "Credit Risk",
        "--email", "credit@example.com", "--lead", "kim.lee", "--member", "kim.lee", "--member", "ola.n",
    )  # fmt: skip
    assert (code, err) == (0, "")
    text = (root / "owners" / "credit-risk.yaml").read_text(encoding="utf-8")
    assert text == (
        "# yaml-language-server: $schema=../.registry-schemas/owner.schema.json\n"
        "id: credit-risk\nkind: team\nname: Credit Risk\nemail: credit@example.com\nlead: kim.lee\n"
        "members: [kim.lee, ola.n]\n"
    )
    code, _, err = edit(
        capsys, root, "owner", "new", "credit-risk", "--kind", "team", "--name", "C", "--email", "c@x.io"
    )
    assert code == 2 and "owners/credit-risk.yaml already exists" in err
    code, _, err = edit(
        capsys, root, "owner", "new", "Bad_Id", "--kind", "team", "--name", "C", "--email", "c@x.io"
    )
    assert code == 2 and "'Bad_Id' is not a valid owner id" in err
