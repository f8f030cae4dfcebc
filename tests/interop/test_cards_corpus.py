"""The card corpus end to end: each card is imported with the right fields, or refused in one line.

Every file in ``cards/real`` and ``cards/hostile`` must have an entry in :data:`EXPECTED`,
so a card added to the corpus without saying what should happen fails here. Then every
imported card goes back out through ``registry export hf`` and huggingface_hub must read
the same metadata from both files (the round trip the issue asks for).
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest
from interop_support import TODAY, corpus, empty_registry, import_paths

from registry.interop.hf import parse_metadata
from registry.interop.hf_export import render
from registry.interop.hf_import import ORIGINAL, template_order
from registry.loader import parse_yaml
from registry.schema import validate
from registry.store import load_registry


def refused(line: int, reason: str) -> dict[str, Any]:
    return {"refused": (line, reason)}


EXPECTED: dict[str, dict[str, Any]] = {
    # real cards
    "adelzakirov-sd-class-butterflies-42.md": {
        "name": "Unit 1 of the Diffusion Models Class 🧨",
        "purpose": "This model is a diffusion model for unconditional image generation of cute 🦋.",
        "license": "mit",
        "tags": ["pytorch", "diffusers", "unconditional-image-generation", "diffusion-models-class"],
    },
    "alireza1044-albert-base-v2-mrpc.md": {
        "name": "mrpc",
        "languages": ["en"],
        "training_data.sources": ["glue"],
        "metrics": [("F1", 0.901060070671378, None)],
        "kept": ["model_index", "metrics"],
        "note": "old `model_index` key",
        "absent": ["intended_use", "limitations"],  # "More information needed" is not a use
    },
    "allenai-primera.md": refused(1, "opens a metadata block with '---' but no closing '---' line"),
    "asimokby-fakebert.md": {
        "name": "fakeBert",
        "license": "mit",
        "training_data.description": "Training & Validation: [Fake and real news dataset]",
    },
    "camel-lab-bert-base-arabic-camelbert-msa-sentiment.md": {
        "name": "CAMeLBERT MSA SA Model",
        "languages": ["ar"],
        "intended_use": "You can use the CAMeLBERT MSA SA model directly",
        "kept": ["widget"],
    },
    "caukiel-javabert.md": {
        "name": "JavaBERT",
        "purpose": "A BERT-like model pretrained on Java software code.",
        "out_of_scope": "The model should not be used to intentionally create hostile",
        "limitations": 1,
        "training_data.description": "The model was trained on 2,998,345 Java files",
        "languages": ["code"],
    },
    "dewibrynjones-wav2vec2-large-xlsr-welsh.md": {
        "metrics": [("Test WER", 25.59, "%")],
        "languages": ["cy"],
        "as_text": ["language"],
    },
    "harveenchadha-hindi-base-wav2vec2.md": {
        "name": "Hindi Large",
        "metrics": [
            ("Test WER", 22.62, None),
            ("Test CER", 7.42, None),
            ("Test WER", 19.47, None),
            ("Test CER", 8.05, None),
            ("Test WER", 20.87, None),
            ("Test CER", 9.47, None),
        ],
    },
    "helsinki-nlp-opus-mt-tc-big-he-en.md": {
        "name": "opus-mt-tc-big-he-en",
        "license": "cc-by-4.0",
        "languages": ["en", "he"],
        "purpose": "Neural machine translation model for translating from Hebrew (he) to English (en).",
    },
    "hfhub-invalid-card-data.md": refused(2, "metadata must be a mapping of keys, not a list"),
    "hfhub-invalid-model-index.md": {
        "name": "my-cool-model",
        "metrics": [("acc", 0.9, None)],
        "kept": ["model-index", "library_name", "metrics"],
        "note": "cannot read its model-index",
    },
    "hfhub-no-metadata.md": {
        "name": "MyCoolModel",
        "purpose": "In this example, we don't have any metadata at the top of the file.",
        "absent": ["license", "languages"],
    },
    "hfhub-simple-model-index.md": {
        "name": "my-cool-model",
        "metrics": [("accuracy", 0.9, None), ("f1", 0.66, None)],
        "training_data.sources": ["beans"],
    },
    "hfhub-simple.md": {"name": "my-cool-model", "kept": ["library_name", "metrics"]},
    "hfhub-windows-line-breaks.md": {
        "name": "Hello old Windows line breaks",
        "languages": ["eo"],
        "kept": ["thumbnail", "widget"],
    },
    "hooshvarelab-albert-fa-zwnj-base-v2.md": {
        "name": "ALBERT-Persian",
        "purpose": "A Lite BERT for Self-supervised Learning of Language Representations",
    },
    "huertas97-en-roberta-base-leetspeak-ner.md": {
        "metrics": [
            ("NER Precision", 0.7966001851, None),
            ("NER Recall", 0.8619559279, None),
            ("NER F Score", 0.8279903783, None),
        ],
        "kept": ["model-index", "widget"],
        "note": "cannot read its model-index",
    },
    "imessam-orientationclassifier.md": {"name": "Orientation Classifier", "absent": ["license"]},
    "nateraw-new-modelcard-template-test.md": {
        "name": "Model ID",
        "absent": ["purpose", "intended_use", "out_of_scope", "limitations"],  # an unfilled template
    },
    "nbailab-whisper-large-v2-nob.md": refused(24, "metadata is not valid YAML"),
    "thomassimonini-stable-baselines3-ppo-lunarlander-v2.md": {"name": "ARCHIVED MODEL, DO NOT USE IT"},
    "vmware-vinilm-2021-qa-evaluator.md": {
        "name": "viniLM-2021-qa-evaluator",
        "intended_use": "The QA evaluator was originally designed",
        "limitations": 1,
        "training_data.sources": ["iarfmoose/qa_evaluator"],
        "as_text": ["datasets"],
    },
    # hostile variants
    "hostile-alias-bomb.md": refused(3, "expands to more than"),
    "hostile-empty.md": {"name": "hostile-empty", "absent": ["purpose", "license"]},
    "hostile-markup.md": {"name": "[bold red]Alert[/] \x1b]0;pwned\x07", "limitations": 4},
    "hostile-metadata-scalar.md": refused(2, "metadata must be a mapping of keys, not a single value"),
    "hostile-non-text-key.md": refused(2, "metadata key 1 is not text"),
    "hostile-not-utf8.md": refused(5, "is not UTF-8 text"),
    "hostile-odd-values.md": {
        "metrics": [
            ("exact_match", 73.8, "%"),
            ("f1", None, None),  # "81.2 ± 0.4" is no number: kept as text under x-hf
            ("loss", 1, None),
            ("Word error rate", 0.25, None),
        ],
        "languages": ["en", "fr"],
        "as_text": ["datasets"],
        "yaml": ["released", "labels"],
    },
    "hostile-tab-indented.md": refused(4, "metadata is not valid YAML"),
}


def test_every_card_has_an_expectation() -> None:
    assert sorted(p.name for p in corpus()) == sorted(EXPECTED)


@pytest.fixture(scope="module")
def imported(tmp_path_factory: pytest.TempPathFactory) -> Any:
    """The whole corpus imported once: (root, model id by card, refusal by card, notes by card)."""
    root = empty_registry(tmp_path_factory.mktemp("corpus"))
    report = import_paths(root, corpus())
    ids = {Path(i.source).name: i.model_id for i in report.imported}
    refusals = {Path(r.path).name: r for r in report.refused}
    notes = {Path(i.source).name: i.notes for i in report.imported}
    return root, ids, refusals, notes


def get(data: dict[str, Any], dotted: str) -> Any:
    for part in dotted.split("."):
        data = data.get(part) if isinstance(data, dict) else None  # type: ignore[assignment]
    return data


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_card_is_imported_or_refused_as_expected(name: str, imported: Any) -> None:
    root, ids, refusals, notes = imported
    expected = EXPECTED[name]
    if "refused" in expected:
        line, reason = expected["refused"]
        refusal = refusals[name]
        assert refusal.line == line and reason in refusal.reason
        assert "\n" not in str(refusal) and name in str(refusal)
        return
    assert name not in refusals, refusals.get(name)
    folder = root / "models" / ids[name]
    card = parse_yaml((folder / "model_card.yaml").read_text(encoding="utf-8"), "card").data
    assert (folder / ORIGINAL).read_bytes() == next(p for p in corpus() if p.name == name).read_bytes()
    for key, value in expected.items():
        if key == "metrics":
            got = [(m["name"], m.get("value"), m.get("unit")) for m in get(card, "metrics.model") or []]
            assert got == value
        elif key == "limitations":
            assert len(card["limitations"]) == value
        elif key == "absent":
            assert not [k for k in value if k in card]
        elif key == "kept":
            assert sorted(card["x-hf"]["metadata"]) == sorted(value)
        elif key == "as_text":
            assert card["x-hf"]["as_text"] == value
        elif key == "yaml":
            assert all(k in card["x-hf"]["metadata_yaml"] for k in value)
        elif key == "note":
            assert any(value in note for note in notes[name])
        elif isinstance(value, str) and key not in ("name", "license"):
            assert value in get(card, key), key
        else:
            assert get(card, key) == value, key


def test_imported_cards_follow_the_template_and_the_schema(imported: Any) -> None:
    root, ids, _, _ = imported
    order = template_order()
    for model_id in ids.values():
        text = (root / "models" / model_id / "model_card.yaml").read_text(encoding="utf-8")
        data = parse_yaml(text, "card").data
        assert validate("card", data) == []
        keys = [k for k in data if k != "x-hf"]
        assert keys == sorted(keys, key=order.index)
        assert list(data)[-1] == "x-hf"
        assert (data["stage"], data["risk_tier"], data["version"]) == ("proposed", "medium", "0.1.0")


def test_the_registry_audits_every_imported_model(imported: Any) -> None:
    root, ids, _, _ = imported
    registry = load_registry(root)
    assert sorted(registry.models) == sorted(ids.values())
    assert all(card.error is None and card.schema_errors == [] for card in registry.models.values())


def readable(path: Path) -> bool:
    try:
        parse_metadata(path.read_bytes().decode("utf-8-sig"))
    except Exception:
        return False
    return True


ROUND_TRIP = [p.name for p in corpus() if "refused" not in EXPECTED[p.name] and readable(p)]


def test_the_round_trip_covers_most_of_the_corpus() -> None:
    # every imported card but the two whose model-index huggingface_hub itself refuses
    assert len(ROUND_TRIP) == sum("refused" not in e for e in EXPECTED.values()) - 2


@pytest.mark.parametrize("name", ROUND_TRIP)
def test_export_gives_back_the_metadata_huggingface_hub_read(name: str, imported: Any) -> None:
    root, ids, _, _ = imported
    original = next(p for p in corpus() if p.name == name).read_bytes().decode("utf-8-sig")
    exported = render(load_registry(root), ids[name], TODAY)
    assert parse_metadata(exported) == parse_metadata(original)


UNREADABLE_INDEX = ["hfhub-invalid-model-index.md", "huertas97-en-roberta-base-leetspeak-ner.md"]


@pytest.mark.parametrize("name", UNREADABLE_INDEX)
def test_an_index_huggingface_hub_cannot_read_goes_back_out_as_written(name: str, imported: Any) -> None:
    import yaml
    from huggingface_hub import ModelCard

    root, ids, _, _ = imported
    original = next(p for p in corpus() if p.name == name).read_bytes().decode("utf-8-sig")
    exported = render(load_registry(root), ids[name], date(2026, 11, 24))
    block = exported.split("---\n")[1]
    source = original.split("---\n")[1]
    assert yaml.safe_load(block)["model-index"] == yaml.safe_load(source)["model-index"]
    lenient = ModelCard(exported, ignore_metadata_errors=True).data.to_dict()
    assert lenient == ModelCard(original, ignore_metadata_errors=True).data.to_dict()
