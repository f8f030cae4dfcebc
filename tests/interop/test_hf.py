"""Reading one Hugging Face card: offline, bounded, and a one-line reason for every refusal."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from registry.interop.hf import MAX_CARD_BYTES, CardRefused, parse_metadata, read_card


def write(tmp_path: Path, text: str | bytes, name: str = "README.md") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return path


def refusal(path: Path) -> CardRefused:
    with pytest.raises(CardRefused) as caught:
        read_card(path, path.name)
    assert "\n" not in str(caught.value)
    assert str(caught.value).startswith(f"{path.name}:{caught.value.line}:{caught.value.column}: ")
    return caught.value


def test_huggingface_hub_is_kept_offline() -> None:
    import huggingface_hub.constants

    assert os.environ["HF_HUB_OFFLINE"] == "1"
    assert huggingface_hub.constants.HF_HUB_OFFLINE is True


def test_metadata_is_what_huggingface_hub_reads(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, "---\nlicense: mit\nlanguage: en\ntags: [a, a, b]\n---\n\n# Title\n"))
    assert card.metadata == {"license": "mit", "language": "en", "tags": ["a", "b"]}  # tags made unique
    assert card.order == ["license", "language", "tags"]
    assert card.body == "\n# Title\n"
    assert card.has_metadata


def test_a_byte_order_mark_and_crlf_are_read(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, "\ufeff---\r\nlicense: mit\r\n---\r\n\r\n# T\r\n"))
    assert card.metadata == {"license": "mit"}
    assert card.body == "\r\n# T\r\n"


def test_a_card_without_metadata_has_an_empty_mapping(tmp_path: Path) -> None:
    card = read_card(write(tmp_path, "# Only text\n"))
    assert (card.metadata, card.order, card.has_metadata) == ({}, [], False)


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("---\nlicense: mit\n# never closed\n", 1, "no closing '---' line"),
        ("\n\n---\nlicense: mit\n", 3, "no closing '---' line"),
        ("---\n- a\n- b\n---\n", 2, "not a list"),
        ("---\nlicense: [mit\n---\n", 3, "metadata is not valid YAML"),
        ("---\nlicense: mit\nreleased: 2023-02-30\n---\n", 2, "metadata cannot be read"),
        ("---\na: &a [*a]\n---\n", 2, "recursive alias"),
        ("---\na: " + "[" * 70 + "]" * 70 + "\n---\n", 2, "nests deeper than 64 levels"),
        ("---\nlicense: mit\n---\nfine\x00then NUL\n", 4, "contains NUL characters"),
        ("---\nmodel-index:\n- name: x\n  results:\n  - task: {type: t}\n    source: {name: n}\n"
         "    dataset: {type: d, name: D}\n    metrics: [{type: m, value: 1}]\n---\n", 2,
         "huggingface_hub cannot read the metadata"),
    ],
)  # fmt: skip
def test_unreadable_cards_are_refused_with_the_line(
    tmp_path: Path, text: str, line: int, reason: str
) -> None:
    refused = refusal(write(tmp_path, text))
    assert reason in refused.reason
    assert refused.line == line


def test_not_a_file_too_big_or_missing(tmp_path: Path) -> None:
    assert "not a regular file" in refusal(tmp_path).reason
    big = write(tmp_path, b"# x\n" + b"a" * MAX_CARD_BYTES, "big.md")
    assert "over the 1,048,576-byte limit" in refusal(big).reason
    assert "cannot be read" in refusal(tmp_path / "missing.md").reason
    fifo = tmp_path / "fifo.md"
    os.mkfifo(fifo)
    assert "not a regular file" in refusal(fifo).reason  # refused without opening it: no hang


def test_a_model_index_huggingface_hub_cannot_read_is_kept(tmp_path: Path) -> None:
    text = (
        "---\nlicense: mit\nmodel-index:\n- name: m\n  results:\n  - metrics: [{type: acc, value: 1}]\n---\n"
    )
    card = read_card(write(tmp_path, text))
    assert card.metadata == {"license": "mit"}  # what huggingface_hub keeps, leniently
    assert card.model_index == [{"name": "m", "results": [{"metrics": [{"type": "acc", "value": 1}]}]}]
    assert card.notes and "model-index" in card.notes[0]


def test_parse_metadata_is_the_library_reading() -> None:
    from huggingface_hub import ModelCard

    text = "---\nlanguage: en\nmodel-index:\n- name: m\n  results:\n  - task: {type: t}\n    dataset: {type: d, name: D}\n    metrics: [{type: acc, value: 0.5}]\n---\n"  # noqa: E501
    assert parse_metadata(text) == ModelCard(text).data.to_dict()
