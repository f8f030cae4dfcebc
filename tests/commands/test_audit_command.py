"""`registry audit` as a command: path mode over several registries, --base, sparse checkouts,
and SARIF's suppressions quoted from the one read of each card."""

from __future__ import annotations

import json
import shutil
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from git_support import AFTER, BEFORE, Repo

from registry import audit as audit_module
from registry.audit import audit
from registry.cli import main
from registry.engine import RegistryAudit
from registry.store import DiskSource

SAMPLE = Path(__file__).resolve().parents[2] / "sample_registry"
TODAY = "2026-11-24"


def _run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(["audit", "--today", TODAY, *args])
    got = capsys.readouterr()
    return code, got.out, got.err


@pytest.fixture
def two(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A repository holding two registries, the second nested in a folder of the first."""
    shutil.copytree(SAMPLE, tmp_path / "reg1", ignore=shutil.ignore_patterns(".registry"))
    shutil.copytree(SAMPLE, tmp_path / "reg1" / "docs" / "reg2", ignore=shutil.ignore_patterns(".registry"))
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_path_mode_audits_the_registry_of_every_path(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = "reg1/models/card-fraud-detector/model_card.yaml"
    second = "reg1/docs/reg2/models/churn-predictor/model_card.yaml"
    code, out, _ = _run(capsys, first, second)
    assert code == 1  # reg2's card has errors
    assert "docs/reg2/models/churn-predictor/model_card.yaml" in out
    again, out_reversed, _ = _run(capsys, second, first)
    assert again == 1
    assert sorted(out.splitlines()) == sorted(out_reversed.splitlines())


def test_a_path_in_no_registry_is_refused_by_name(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (two / "stray.yaml").write_text("x: 1\n")
    code, out, err = _run(capsys, "reg1/models/card-fraud-detector/model_card.yaml", "stray.yaml")
    assert code == 2 and out == ""
    assert "stray.yaml" in err and "not inside a registry" in err


def test_one_report_format_refuses_several_registries(two: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = _run(
        capsys,
        "--format",
        "json",
        "reg1/models/card-fraud-detector/model_card.yaml",
        "reg1/docs/reg2/models/churn-predictor/model_card.yaml",
    )
    assert code == 2 and "2 registries" in err


@pytest.fixture
def committed(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".registry"))
    card = root / "models" / "credit-limit-increase" / "model_card.yaml"
    repo = Repo(root)
    repo.commit("import", BEFORE)
    card.write_text(card.read_text().replace("purpose:", "purpose: Reworded.\nx-old-purpose:", 1))
    repo.commit("reword", AFTER)
    monkeypatch.chdir(root)
    return root


@pytest.mark.parametrize("paths", [(), ("models/credit-limit-increase/model_card.yaml",), ("owners",)])
def test_base_head_with_nothing_changed_reports_nothing_new_or_fixed(
    committed: Path, capsys: pytest.CaptureFixture[str], paths: tuple[str, ...]
) -> None:
    for _ in range(2):  # cold, then warm
        code, out, _ = _run(capsys, "--base", "HEAD", "--format", "json", *paths)
        comparison = json.loads(out)["comparison"]
        assert (len(comparison["new"]), len(comparison["fixed"])) == (0, 0)
        assert comparison["remaining"] or paths
        assert code == 0


def test_a_sparse_checkout_without_models_says_so(
    committed: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    cards = len(list((committed / "models").glob("*/model_card.yaml")))
    Repo(committed, init=False)("sparse-checkout", "set", "--no-cone", "/registry.yaml", "/owners/")
    assert not (committed / "models").exists()
    _code, out, _ = _run(capsys, "--format", "json")
    notes = json.loads(out)["notes"]
    assert any(f"{cards} model cards are outside this sparse checkout" in n for n in notes), notes


def test_list_and_audit_share_one_cache(committed: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["list", "--today", TODAY, "--format", "json"]) == 0
    listed = json.loads(capsys.readouterr().out)
    from datetime import date

    warm = audit(committed, date.fromisoformat(TODAY), need_owners=False)
    assert warm.cache_misses == 0 and warm.cache_hits == len(warm.result.models)
    counts = {row["id"]: row["findings"] for row in listed}
    per_model = warm.result.by_model()
    for folder, found in per_model.items():
        assert sum(counts[folder].values()) == len(found)


WAIVED_CARD = "models/card-fraud-detector/model_card.yaml"  # its BIA002 waiver silences a finding


@pytest.fixture
def sample(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    root = tmp_path / "reg"
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".registry"))
    monkeypatch.chdir(root)
    return root


def _justifications(out: str) -> dict[tuple[str, str], list[str]]:
    results = json.loads(out)["runs"][0]["results"]
    return {
        (r["properties"]["model"], r["ruleId"]): [s.get("justification", "") for s in r["suppressions"]]
        for r in results
        if "suppressions" in r
    }


def test_sarif_reads_each_file_once_cold_and_no_card_warm(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """The waiver quoted in a suppression comes from the read the findings came from (issue 12)."""
    reads: Counter[str] = Counter()
    read = DiskSource.read_bytes

    def counted(self: DiskSource, rel: str) -> bytes:
        reads[rel] += 1
        return read(self, rel)

    monkeypatch.setattr(DiskSource, "read_bytes", counted)
    cards = {f"models/{p.parent.name}/model_card.yaml" for p in (sample / "models").glob("*/model_card.yaml")}
    quoted = []
    for run in ("cold", "warm"):
        reads.clear()
        code, out, err = _run(capsys, "--format", "sarif", "--jobs", "1")
        assert code == 1, err
        quoted.append(_justifications(out))
        if run == "cold":
            assert {rel for rel in reads if rel.endswith("model_card.yaml")} == cards
            assert [rel for rel, n in reads.items() if n > 1] == []
        else:  # every entry reused: no card is read (owner records just copied are, being racy)
            assert [rel for rel in reads if rel.startswith("models/")] == []
            assert [rel for rel, n in reads.items() if n > 1] == []
    cold, warm = quoted
    assert cold[("card-fraud-detector", "BIA002")] == [
        "waived: Bias re-test rescheduled to run on 3.3.0, due 2026-12-15; the April test covers "
        "3.2.0, whose features and thresholds have not changed since. "
        "(approved by model-risk-office, expires 2027-01-31)"
    ]
    assert warm == cold


def test_sarif_quotes_the_waiver_the_audit_judged_not_one_saved_since(
    sample: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    """A card saved between the audit and the report changes nothing in the report."""
    card = sample / WAIVED_CARD
    original = card.read_text(encoding="utf-8")
    reworded = original.replace("Bias re-test rescheduled", "Reworded after the audit")
    judge = audit_module.audit

    def audit_then_save(*args: Any, **kw: Any) -> RegistryAudit:
        done = judge(*args, **kw)
        card.write_text(reworded, encoding="utf-8")
        return done

    monkeypatch.setattr(audit_module, "audit", audit_then_save)
    for args in (("--no-cache",), (WAIVED_CARD,), (), ("--jobs", "2")):
        card.write_text(original, encoding="utf-8")
        code, out, err = _run(capsys, "--format", "sarif", *args)
        assert code in (0, 1) and err == "", err
        [quote] = _justifications(out)[("card-fraud-detector", "BIA002")]
        assert quote.startswith("waived: Bias re-test rescheduled to run on 3.3.0"), args
        assert "Reworded after the audit" in card.read_text(encoding="utf-8")
