"""The CycloneDX ML-BOM: validated whole by cyclonedx-python-lib, one model card per model."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from interop_support import corpus, empty_registry, import_paths

from registry.interop.cyclonedx import BomInvalid, build_bom, validate
from registry.store import load_registry

SAMPLE = Path(__file__).resolve().parents[2] / "sample_registry"


def whole_document_errors(text: str) -> Any:
    """The library's own validator on the whole document (uniqueness of components included)."""
    return JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)


@pytest.fixture(scope="module")
def sample_bom() -> dict[str, Any]:
    result = build_bom(load_registry(SAMPLE))
    assert whole_document_errors(result.text) is None
    document: dict[str, Any] = json.loads(result.text)
    return document


def component(document: dict[str, Any], model: str) -> dict[str, Any]:
    return next(c for c in document["components"] if c["bom-ref"] == f"model:{model}")


def test_one_machine_learning_model_component_per_model(sample_bom: dict[str, Any]) -> None:
    registry = load_registry(SAMPLE)
    assert (sample_bom["bomFormat"], sample_bom["specVersion"]) == ("CycloneDX", "1.6")
    assert sorted(c["bom-ref"] for c in sample_bom["components"]) == sorted(
        f"model:{m}" for m in registry.models
    )
    assert {c["type"] for c in sample_bom["components"]} == {"machine-learning-model"}
    assert sample_bom["metadata"]["tools"]["components"][0]["name"] == "registry"


def test_the_model_card_carries_the_governance_record(sample_bom: dict[str, Any]) -> None:
    card = load_registry(SAMPLE).models["card-fraud-detector"].data
    found = component(sample_bom, "card-fraud-detector")
    assert (found["name"], found["version"], found["description"]) == (
        card["name"],
        card["version"],
        card["purpose"],
    )
    properties = {p["name"]: p["value"] for p in found["properties"]}
    assert properties["registry:risk_tier"] == card["risk_tier"]
    assert properties["registry:validation:date"] == str(card["validation"]["date"])
    model_card = found["modelCard"]
    considerations = model_card["considerations"]
    assert considerations["technicalLimitations"] == card["limitations"]
    assert considerations["useCases"] == [card["intended_use"]]
    oversight = [e for e in considerations["ethicalConsiderations"] if e.get("mitigationStrategy")]
    assert oversight == [
        {"name": "Decisions made without human review", "mitigationStrategy": card["human_oversight"]}
    ]
    assert len(considerations["fairnessAssessments"]) == len(card["bias_tests"])
    for assessment, test in zip(considerations["fairnessAssessments"], card["bias_tests"], strict=True):
        assert assessment["groupAtRisk"] == ", ".join(test["attributes"])
        assert str(test["date"]) in assessment["harms"] and test["result"] in assessment["harms"]
    metrics = model_card["quantitativeAnalysis"]["performanceMetrics"]
    assert [m["type"] for m in metrics] == [m["name"] for m in card["metrics"]["model"] if "value" in m]
    datasets = model_card["modelParameters"]["datasets"]
    assert [d["name"] for d in datasets] == card["training_data"]["sources"]
    assert (
        all(d["sensitiveData"] == ["personal data"] for d in datasets)
        == card["training_data"]["contains_pii"]
    )


def test_imported_hugging_face_cards_make_a_valid_bom(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    import_paths(root, corpus())
    result = build_bom(load_registry(root))
    assert whole_document_errors(result.text) is None
    document = json.loads(result.text)
    welsh = component(document, "dewibrynjones-wav2vec2-large-xlsr-welsh")
    assert welsh["licenses"] == [{"license": {"id": "Apache-2.0"}}]
    assert welsh["modelCard"]["quantitativeAnalysis"]["performanceMetrics"] == [
        {"type": "Test WER", "value": "25.59%", "slice": "Common Voice cy"}
    ]
    vinilm = component(document, "vmware-vinilm-2021-qa-evaluator")
    assert vinilm["modelCard"]["modelParameters"]["datasets"] == [
        {"type": "dataset", "name": "iarfmoose/qa_evaluator"}
    ]


def test_a_broken_card_is_left_out_and_said(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    (root / "models" / "claims-triage" / "model_card.yaml").write_text("id: [unclosed\n", encoding="utf-8")
    result = build_bom(load_registry(root))
    assert result.skipped == ["claims-triage"]
    assert "model:claims-triage" not in result.text


def test_an_invalid_document_is_never_written() -> None:
    document = json.loads(build_bom(load_registry(SAMPLE)).text)
    document["components"][0]["modelCard"]["unknown"] = True
    with pytest.raises(BomInvalid, match=r"fails the 1\.6 schema"):
        validate(document)


def test_an_owner_email_the_schema_would_refuse_is_left_out(tmp_path: Path) -> None:
    root = tmp_path / "registry"
    shutil.copytree(SAMPLE, root)
    card = load_registry(root).models["claims-triage"].data
    owner = root / "owners" / f"{card['owner']}.yaml"
    owner.write_text(
        owner.read_text(encoding="utf-8").replace("email:", "email: not an address #"), encoding="utf-8"
    )
    result = build_bom(load_registry(root))
    found = component(json.loads(result.text), "claims-triage")
    assert "email" not in found["authors"][0]
    assert whole_document_errors(result.text) is None
