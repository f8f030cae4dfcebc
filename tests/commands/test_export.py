"""``registry export hf`` and ``registry export cyclonedx``: to a file atomically, or to stdout."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from cli_support import plain_env, run  # noqa: F401  (plain_env: autouse fixture)
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from huggingface_hub import ModelCard
from interop_support import REAL

from registry.interop.hf import parse_metadata

SAMPLE = Path(__file__).resolve().parents[2] / "sample_registry"
TODAY = "2026-11-24"


@pytest.fixture
def registry(tmp_path: Path) -> Path:
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    return root


def test_export_hf_to_stdout_and_to_a_file(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = run(
        capsys, "export", "hf", "claims-triage", "--registry", str(registry), "--today", TODAY
    )
    assert (code, err) == (0, "")
    assert ModelCard(out).data.to_dict() == parse_metadata(out)
    target = registry / "README.md"
    code, out, err = run(
        capsys,
        "export",
        "hf",
        "models/claims-triage/",
        "--registry",
        str(registry),
        "--today",
        TODAY,
        "-o",
        str(target),
    )
    assert (code, out) == (0, "")
    assert err.startswith("wrote ") and "Hugging Face model card of claims-triage" in err
    assert target.read_text(encoding="utf-8").startswith("---\n")
    assert [
        p.name for p in registry.iterdir() if p.name.startswith(".README")
    ] == []  # no temporary file left


def test_import_then_export_gives_the_same_metadata(
    registry: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    card = REAL / "harveenchadha-hindi-base-wav2vec2.md"
    assert run(capsys, "import", "hf", str(card), "--registry", str(registry), "--id", "hindi")[0] == 0
    code, out, _ = run(capsys, "export", "hf", "hindi", "--registry", str(registry))
    assert code == 0
    assert parse_metadata(out) == parse_metadata(card.read_text(encoding="utf-8"))


def test_export_cyclonedx_validates(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    target = registry / "bom.json"
    code, out, err = run(capsys, "export", "cyclonedx", str(registry), "-o", str(target))
    assert (code, out) == (0, "")
    models = len([p for p in (registry / "models").iterdir() if p.is_dir()])  # the sample's models
    assert models >= 14 and f"CycloneDX 1.6 ML-BOM, {models} models" in err
    text = target.read_text(encoding="utf-8")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    code, out, _ = run(capsys, "export", "cyclonedx", str(registry))
    assert code == 0 and len(json.loads(out)["components"]) == models


@pytest.mark.parametrize(
    "argv, message",
    [
        (["export", "hf", "no-such-model"], "no model 'no-such-model'"),
        (["export", "hf", "claims-triage", "-o", "missing/README.md"], "missing: no such folder"),
        (["export", "cyclonedx", "-o", "models"], "models is a folder; give a file name"),
    ],
)
def test_export_errors_are_one_line(
    registry: Path,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    argv: list[str],
    message: str,
) -> None:
    monkeypatch.chdir(registry)
    code, out, err = run(capsys, *argv)
    assert code == 2 and out == ""
    assert err.startswith("registry: error: ") and err.count("\n") == 1 and message in err


def test_a_broken_card_is_reported_not_exported(registry: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (registry / "models" / "claims-triage" / "model_card.yaml").write_text(
        "id: [unclosed\n", encoding="utf-8"
    )
    code, out, err = run(capsys, "export", "hf", "claims-triage", "--registry", str(registry))
    assert code == 2 and out == ""
    assert err.startswith("registry: error: models/claims-triage/model_card.yaml:") and err.count("\n") == 1
    code, out, err = run(capsys, "export", "cyclonedx", str(registry))
    assert code == 0
    assert err == "registry: models/claims-triage/ cannot be read; left out of the BOM\n"
    models = len([p for p in (registry / "models").iterdir() if p.is_dir()])
    assert len(json.loads(out)["components"]) == models - 1
