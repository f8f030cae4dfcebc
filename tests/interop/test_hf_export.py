"""Exporting a model as a Hugging Face card: valid metadata, the governance sections, inert text."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
import yaml
from huggingface_hub import ModelCard, ModelCardData
from interop_support import HOSTILE, REAL, TODAY, empty_registry, import_paths

from registry.interop.hf import parse_metadata
from registry.interop.hf_export import render
from registry.store import load_registry

SAMPLE = Path(__file__).resolve().parents[2] / "sample_registry"
SECTIONS = [
    "## Model details",
    "## Intended use",
    "### Out-of-scope use",
    "## Bias, Risks, and Limitations",
    "## Bias tests",
    "## Training data",
    "## Evaluation",
    "## Governance",
]


def metadata_block(text: str) -> dict[str, object]:
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    assert match, "the card starts with a metadata block"
    data = yaml.safe_load(match.group(1))
    assert isinstance(data, dict)
    return data


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("sample") / "registry"
    shutil.copytree(SAMPLE, root)
    return root


def test_every_sample_model_exports_metadata_model_card_data_accepts(sample: Path) -> None:
    registry = load_registry(sample)
    for model in registry.models:
        text = render(registry, model, TODAY)
        ModelCardData(**metadata_block(text))  # strict: raises on anything it cannot read
        positions = [text.index(f"\n{s}\n") for s in SECTIONS]
        assert positions == sorted(positions), model


def test_the_governance_view_shows_what_the_registry_knows(sample: Path) -> None:
    registry = load_registry(sample)
    card = registry.models["card-fraud-detector"]
    text = render(registry, "card-fraud-detector", TODAY)
    owner = registry.owners[card.data["owner"]]
    assert f"- **Owner:** {card.data['owner']} ({owner.get('name')}, {owner.get('email')})" in text
    assert f"- **Risk tier:** {card.data['risk_tier']}" in text
    validation = card.data["validation"]
    assert (
        f"- **Validation:** {validation['date']} by {validation['validator']}: {validation['result']}" in text
    )
    for test in card.data["bias_tests"]:
        assert str(test["date"]) in text.split("## Bias tests")[1].split("## Training data")[0]
    for limitation in card.data["limitations"]:
        assert f"- {limitation}" in text.replace("\\", "")
    assert re.search(r"- \*\*Registry audit:\*\* \d+ errors, \d+ warnings, \d+ notes on 2026-11-24", text)


def test_a_registry_edit_reaches_the_exported_metadata(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    import_paths(root, [REAL / "dewibrynjones-wav2vec2-large-xlsr-welsh.md"], model_id="welsh")
    path = root / "models" / "welsh" / "model_card.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("value: 25.59\n", "value: 24.1\n"), encoding="utf-8"
    )
    text = render(load_registry(root), "welsh", TODAY)
    (result,) = ModelCard(text).data.eval_results
    assert result.metric_value == 24.1  # the corrected number, not the original "25.59%"


def test_card_text_is_inert_in_the_export(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    import_paths(root, [HOSTILE / "hostile-markup.md"], model_id="markup")
    text = render(load_registry(root), "markup", TODAY)
    body = text.split("\n---\n", 1)[1]
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e]", body), "no control or bidi character"
    assert "<script" not in body and "&lt;script>" in body
    assert "\n- \\# a heading inside a list item" in body
    assert "\\x1b[2J" in body and "\\u202e" in body  # shown, not dropped
    assert "\\[bold magenta\\]Rich markup\\[/\\]" in body
    table = [line for line in body.splitlines() if "GLUE" in line or "Demo" in line]
    assert all(line.count(" | ") == 6 for line in table)  # a `|` in a dataset name stays in its cell
    assert parse_metadata(text) == parse_metadata((HOSTILE / "hostile-markup.md").read_text(encoding="utf-8"))


def test_an_exported_card_imports_back_to_the_same_governance_text(sample: Path, tmp_path: Path) -> None:
    from interop_support import import_paths

    registry = load_registry(sample)
    original = registry.models["card-fraud-detector"].data
    exported = tmp_path / "fraud.md"
    exported.write_text(render(registry, "card-fraud-detector", TODAY), encoding="utf-8")
    root = empty_registry(tmp_path)
    import_paths(root, [exported], model_id="fraud-detector")
    back = load_registry(root).models["fraud-detector"].data
    for key in ("name", "purpose", "intended_use", "out_of_scope", "limitations", "tags"):
        assert back[key] == original[key], key
    assert back["training_data"]["sources"] == original["training_data"]["sources"]
