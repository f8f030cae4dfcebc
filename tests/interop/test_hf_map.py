"""The metadata mapping both ways: what goes where, and registry edits flowing into the export."""

from __future__ import annotations

import math
from datetime import date
from typing import Any

import pytest
from huggingface_hub import ModelCardData

from registry.interop.hf_map import (
    MetadataError,
    eval_results,
    hf_metadata,
    is_plain,
    kind_of,
    number,
    split_metadata,
)


@pytest.mark.parametrize(
    "raw, expected",
    [
        (0.9, (0.9, None)),
        (7, (7, None)),
        ("73.8%", (73.8, "%")),
        (" 25.59 % ", (25.59, "%")),
        ("0.5", (0.5, None)),
        ("1e-3", (0.001, None)),
        ("81.2 ± 0.4", (None, None)),
        ("200.50 +/- 20.3", (None, None)),
        (True, (None, None)),
        (math.inf, (None, None)),
        (10**70, (None, None)),
        (None, (None, None)),
    ],
)
def test_metric_values_as_numbers(raw: Any, expected: tuple[Any, Any]) -> None:
    assert number(raw) == expected


@pytest.mark.parametrize(
    "value, plain",
    [
        ({"a": [1, 2.5, "x", None, True]}, True),
        (date(2023, 2, 14), False),
        ({1: "one"}, False),
        ({"s": {1, 2}}, False),
        (math.nan, False),
        (b"bytes", False),
        (10**70, False),
    ],
)
def test_plain_values_are_those_a_registry_card_holds_exactly(value: Any, plain: bool) -> None:
    assert is_plain(value) is plain


INDEX = [
    {
        "name": "demo",
        "results": [
            {
                "task": {"type": "text-classification"},
                "dataset": {"type": "glue", "name": "GLUE", "split": "test"},
                "metrics": [
                    {"type": "accuracy", "value": "73.8%"},
                    {"type": "f1", "value": 0.5, "name": "F1 macro"},
                ],
            }
        ],
    }
]


def imported_card(metadata: dict[str, Any]) -> dict[str, Any]:
    """A registry card as the importer lays out these fields (what the export reads)."""
    split = split_metadata(ModelCardData(**metadata).to_dict())
    card: dict[str, Any] = {"id": "demo", "name": split.model_name or "demo", **split.fields}
    card.pop("sources", None)
    if "sources" in split.fields:
        card["training_data"] = {"sources": split.fields["sources"]}
    card["metrics"] = {"model": split.metrics}
    card["x-hf"] = {"metadata": split.leftover, "as_text": split.as_text, "metadata_order": list(metadata)}
    return card


def test_split_puts_each_known_key_in_its_field() -> None:
    metadata = {
        "license": "apache-2.0",
        "language": "en",
        "datasets": ["glue", "squad"],
        "base_model": "google-bert/bert-base-uncased",
        "tags": ["nlp"],
        "library_name": "transformers",
        "model-index": INDEX,
    }
    split = split_metadata(ModelCardData(**metadata).to_dict())
    assert split.fields == {
        "license": "apache-2.0",
        "languages": ["en"],
        "sources": ["glue", "squad"],
        "base_model": "google-bert/bert-base-uncased",
        "tags": ["nlp"],
    }
    assert split.as_text == ["language"]
    assert split.leftover == {"library_name": "transformers"}
    assert split.model_name == "demo"
    assert [(m["name"], m.get("value"), m.get("unit")) for m in split.metrics] == [
        ("accuracy", 73.8, "%"),
        ("F1 macro", 0.5, None),
    ]
    assert split.metrics[0]["x-hf"]["value"] == "73.8%"  # the text, to be written back
    assert "value" not in split.metrics[1]["x-hf"]  # a number needs no copy


def test_values_without_a_registry_field_stay_as_they_were() -> None:
    split = split_metadata({"language": [False], "tags": ["a", 1], "license": ["mit", "apache-2.0"]})
    assert split.fields == {}
    assert split.leftover == {"language": [False], "tags": ["a", 1], "license": ["mit", "apache-2.0"]}


def test_the_export_writes_back_what_was_imported() -> None:
    metadata = {"language": "en", "datasets": "glue", "model-index": INDEX, "library_name": "x"}
    assert hf_metadata(imported_card(metadata)) == ModelCardData(**metadata).to_dict()
    assert list(hf_metadata(imported_card(metadata))) == [
        "language",
        "datasets",
        "model-index",
        "library_name",
    ]


def test_registry_edits_flow_into_the_export() -> None:
    card = imported_card({"model-index": INDEX})
    card["metrics"]["model"][0]["value"] = 75.0  # corrected in the registry: the number wins over "73.8%"
    card["metrics"]["model"][1]["name"] = "Macro F1"  # renamed in the registry
    card["license"] = "mit"
    results = eval_results(card["metrics"]["model"])
    assert [(r.metric_value, r.metric_name) for r in results] == [(75.0, None), (0.5, "Macro F1")]
    assert hf_metadata(card)["license"] == "mit"


def test_metrics_without_evaluation_data_or_a_value_are_not_exported() -> None:
    card = imported_card({"model-index": INDEX})
    del card["metrics"]["model"][1]["value"]
    card["metrics"]["model"].append({"name": "fraud caught", "value": 0.8})  # a registry metric
    assert [r.metric_type for r in eval_results(card["metrics"]["model"])] == ["accuracy"]


def test_a_native_registry_card_exports_valid_metadata() -> None:
    card = {
        "name": "Card Fraud Detector",
        "license": "proprietary",
        "languages": ["en", "fr"],
        "base_model": ["a/b", "c/d"],
        "tags": ["fraud"],
        "training_data": {"sources": ["transactions-2024"]},
        "metrics": {"model": [{"name": "precision", "value": 0.94}]},
    }
    metadata = hf_metadata(card)
    assert metadata == {
        "license": "proprietary",
        "language": ["en", "fr"],
        "datasets": ["transactions-2024"],
        "base_model": ["a/b", "c/d"],
        "tags": ["fraud"],
    }
    ModelCardData(**metadata)


def test_broken_x_hf_data_is_an_error_not_a_crash() -> None:
    with pytest.raises(MetadataError, match=r"x-hf\.metadata must be a mapping"):
        hf_metadata({"name": "x", "x-hf": {"metadata": ["not", "a", "mapping"]}})
    with pytest.raises(MetadataError, match="not an evaluation result"):
        link = {
            "task_type": "t",
            "dataset_type": "d",
            "dataset_name": "D",
            "metric_type": "m",
            "source_name": "s",
        }
        hf_metadata({"name": "x", "metrics": {"model": [{"name": "m", "value": 1, "x-hf": link}]}})


@pytest.mark.parametrize(
    "tag, kind", [("text-generation", "generative"), ("text-classification", "predictive")]
)
def test_kind_follows_the_pipeline_tag(tag: str, kind: str) -> None:
    assert kind_of({"pipeline_tag": tag}) == kind
    assert kind_of({}) == "predictive"
