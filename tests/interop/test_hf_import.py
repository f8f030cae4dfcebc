"""Importing cards into a registry: ids, never overwriting, whole folders, the audit afterwards."""

from __future__ import annotations

import os
import re
import stat
from pathlib import Path

import pytest
from huggingface_hub.utils import yaml_dump
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from interop_support import REAL, TODAY, empty_registry, import_paths

from registry.interop.hf import CardRefused, parse_metadata, read_card
from registry.interop.hf_import import (
    ORIGINAL,
    audit_imported,
    build_card,
    check_card,
    derive_id,
    find_cards,
    render_card,
    template_order,
)
from registry.interop.hf_map import hf_metadata
from registry.loader import parse_yaml
from registry.scaffold import CARD_TEMPLATE

CARD = "---\nlicense: mit\npipeline_tag: {tag}\n---\n\n# Demo model\n\nA demo model for the tests.\n"


def card(tmp_path: Path, name: str = "README.md", tag: str = "text-classification") -> Path:
    path = tmp_path / "cards" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(CARD.format(tag=tag), encoding="utf-8")
    return path


def read(root: Path, model: str) -> dict[str, object]:
    data = parse_yaml((root / "models" / model / "model_card.yaml").read_text(encoding="utf-8"), "c").data
    assert isinstance(data, dict)
    return data


@pytest.mark.parametrize(
    "path, model_id",
    [
        ("cards/bert-base-uncased/README.md", "bert-base-uncased"),
        ("cards/Org_Model-v2_README.md", "org-model-v2"),
        ("cards/distilbert.md", "distilbert"),
        ("cards/fraud_model_card.markdown", "fraud"),
        ("cards/my model.md", "my-model"),
        ("cards/" + "x" * 80 + ".md", "x" * 63),
        ("cards/фото.md", None),  # nothing left of the name: --id is needed
    ],
)
def test_ids_come_from_file_names(path: str, model_id: str | None) -> None:
    assert derive_id(Path(path)) == model_id


def test_template_order_is_the_order_registry_new_writes() -> None:
    written = re.findall(r"^(?:# )?([a-z_]+):(?:\s|$)", CARD_TEMPLATE, re.M)
    order = template_order()
    assert [k for k in order if k in written] == list(dict.fromkeys(written))
    assert order.index("limitations") < order.index("license") < order.index("training_data")


def test_folders_are_searched_for_markdown_files(tmp_path: Path) -> None:
    for rel in ("a/README.md", "b.md", "c.txt", ".hidden/d.md", "e/.f.md", "g/h/i.MD"):
        path = tmp_path / "cards" / rel
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("# x\n", encoding="utf-8")
    (tmp_path / "secret.txt").write_text("not a card\n", encoding="utf-8")
    (tmp_path / "cards" / "link.md").symlink_to(tmp_path / "secret.txt")  # not followed inside a folder
    found = [shown for _, shown in find_cards([tmp_path / "cards"])]
    prefix = str(tmp_path / "cards")
    assert found == [f"{prefix}/b.md", f"{prefix}/a/README.md", f"{prefix}/g/h/i.MD"]
    assert find_cards([tmp_path / "cards" / "c.txt"])[0][1].endswith("c.txt")  # named: taken as is


def test_one_card_makes_one_model_with_the_original_beside_it(tmp_path: Path) -> None:
    root = empty_registry(tmp_path, {"ml-team": "ML team"})
    source = card(tmp_path, tag="text-generation")
    report = import_paths(root, [source], model_id="demo", owner="ml-team", risk="high")
    assert [(i.model_id, i.name) for i in report.imported] == [("demo", "Demo model")]
    data = read(root, "demo")
    assert (data["owner"], data["risk_tier"], data["kind"], data["stage"]) == (
        "ml-team",
        "high",
        "generative",
        "proposed",
    )
    assert (root / "models" / "demo" / ORIGINAL).read_bytes() == source.read_bytes()
    assert sorted(os.listdir(root / "models")) == [".gitkeep", "demo"]  # no staging folder left


def test_files_are_readable_by_the_team(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    old = os.umask(0o022)
    try:
        import_paths(root, [card(tmp_path)])
    finally:
        os.umask(old)
    folder = root / "models" / "cards"
    assert stat.S_IMODE(folder.stat().st_mode) == 0o755
    assert stat.S_IMODE((folder / "model_card.yaml").stat().st_mode) == 0o644


def test_an_existing_model_is_never_overwritten(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    (root / "models" / "demo").mkdir()
    (root / "models" / "demo" / "model_card.yaml").write_text("id: demo\n", encoding="utf-8")
    report = import_paths(root, [card(tmp_path)], model_id="demo")
    assert report.imported == []
    assert "models/demo already exists; not overwritten" in report.refused[0].reason
    assert (root / "models" / "demo" / "model_card.yaml").read_text(encoding="utf-8") == "id: demo\n"


def test_two_cards_with_one_id_import_the_first_only(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    first, second = card(tmp_path, "a/demo.md"), card(tmp_path, "b/demo.md")
    report = import_paths(root, [first, second])
    assert [i.source for i in report.imported] == [str(first)]
    assert f"also derived from {first}" in report.refused[0].reason


def test_an_interrupted_import_leaves_no_model_and_no_staging(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    root = empty_registry(tmp_path)

    def interrupted() -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr(os, "sync", interrupted)
    with pytest.raises(KeyboardInterrupt):
        import_paths(root, [card(tmp_path, "first.md"), card(tmp_path, "second.md")])
    assert sorted(os.listdir(root / "models")) == [".gitkeep"]


def test_a_models_folder_linking_out_of_the_registry_stops_the_import(tmp_path: Path) -> None:
    from registry.store import RegistryError

    root = empty_registry(tmp_path)
    (root / "models" / ".gitkeep").unlink()
    (root / "models").rmdir()
    (tmp_path / "elsewhere").mkdir()
    (root / "models").symlink_to(tmp_path / "elsewhere")
    with pytest.raises(RegistryError, match="points outside the registry"):
        import_paths(root, [card(tmp_path)])
    assert os.listdir(tmp_path / "elsewhere") == []


def test_the_audit_says_what_the_new_models_still_need(tmp_path: Path) -> None:
    root = empty_registry(tmp_path)
    report = import_paths(root, sorted(REAL.glob("caukiel-*.md")) + sorted(REAL.glob("hfhub-simple.md")))
    needs = audit_imported(root, [i.model_id for i in report.imported], TODAY)
    rules = {model: sorted({f.rule for f in findings}) for model, findings in needs.items()}
    assert "OWN001" in rules["caukiel-javabert"] and "DOC001" not in rules["caukiel-javabert"]
    assert {"OWN001", "DOC001"} <= set(rules["hfhub-simple"])  # no limitations section in that card


PIECES = [
    "---\n", "---\r\n", "--- \n", "\n", "\r", "\r\n", "\t", "  ", "- ", ": ", "license: mit\n",
    "language: [en, fr]\n", "model-index:\n", "- name: m\n", "  results:\n", "  - task: {type: t}\n",
    "    dataset: {type: d, name: D}\n", "    metrics: [{type: acc, value: '73.8%'}]\n", "&a ", "*a",
    "!!set ", "!!python/object:os.system ", "{", "}", "[", "]", "'", '"', "# Title\n", "## Limitations\n",
    "- item\n", "<!-- c -->", "[More Information Needed]", "\x1b[31m", "\u202e", "é", "🦋", "\x00",
    "2023-02-30",
]  # fmt: skip


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.sampled_from(PIECES), max_size=30))
def test_any_card_is_imported_or_refused_never_a_crash(tmp_path: Path, pieces: list[str]) -> None:
    """Cards made of the pieces real cards break on: each is a model or a CardRefused, never a crash,
    and a model gives back the metadata huggingface_hub read, whenever the library could read it."""
    path = tmp_path / "fuzz-card.md"
    path.write_text("".join(pieces), encoding="utf-8", newline="")
    try:
        card = read_card(path, path.name)
        fields, _ = build_card(card, "fuzz-card", owner=None, risk="medium", today=TODAY)
        text = render_card(fields, TODAY)
        check_card(text, "fuzz-card", path.name)
    except CardRefused as refused:
        assert "\n" not in str(refused) and str(refused).startswith("fuzz-card.md:")
        return
    data = parse_yaml(text, "card").data
    assert isinstance(data, dict) and data["id"] == "fuzz-card"
    try:
        original = parse_metadata(path.read_text(encoding="utf-8"))
    except Exception:
        return  # huggingface_hub itself cannot read it: no round trip to hold it to
    metadata = hf_metadata(data)
    exported = f"---\n{yaml_dump(metadata, sort_keys=False)}---\n" if metadata else ""
    assert parse_metadata(exported) == original
