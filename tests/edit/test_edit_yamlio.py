"""registry/edit/yamlio.py: writing a file back changes nothing that was not edited."""

from __future__ import annotations

import difflib
from pathlib import Path

import pytest
from edit_support import ODD_FILES, card_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.edit.tree import Document
from registry.edit.yamlio import Layout, detect_layout, load, merge, parse_value, plain
from registry.loader import parse_yaml

CORPUS = card_texts()


def _generated_texts(root: Path) -> dict[str, str]:
    files = sorted((root / "models").glob("*/model_card.yaml")) + sorted((root / "owners").glob("*.yaml"))
    return {p.relative_to(root).as_posix(): p.read_text(encoding="utf-8") for p in files}


@pytest.mark.parametrize("name", sorted(CORPUS))
def test_ruamel_alone_writes_every_sample_card_back_unchanged(name: str) -> None:
    """The indentation detected matches the file: ruamel's own dump is the original."""
    loaded = load(CORPUS[name])
    assert loaded.base == CORPUS[name]
    assert loaded.render() == CORPUS[name]


def test_every_generated_card_and_owner_round_trips_byte_for_byte(generated: Path) -> None:
    texts = _generated_texts(generated)
    assert len(texts) > 200
    for rel, text in texts.items():
        loaded = load(text)
        assert loaded.render() == text, rel
        assert loaded.base == text, rel


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_spellings_ruamel_normalises_survive_a_write_without_edit(name: str) -> None:
    text = ODD_FILES[name]
    assert load(text).render() == text


@pytest.mark.parametrize("name", sorted(ODD_FILES))
def test_an_edit_elsewhere_keeps_odd_spellings(name: str) -> None:
    """Setting a new top-level key changes only the lines of that key."""
    text = ODD_FILES[name]
    loaded = load(text)
    Document(loaded.data).set(("x-note",), "added")
    after = loaded.render()
    newline = "\r\n" if "\r\n" in text else "\n"
    removed, added = _changed_lines(text, after)
    assert added == ["x-note: added"] and removed in ([], [text.rsplit(newline, 1)[-1]])
    assert parse_yaml(after.removeprefix("\ufeff"), "x").data["x-note"] == "added"


def _changed_lines(before: str, after: str) -> tuple[list[str], list[str]]:
    diff = list(difflib.ndiff(before.splitlines(), after.splitlines()))
    removed = [ln[2:] for ln in diff if ln.startswith("- ")]
    added = [ln[2:] for ln in diff if ln.startswith("+ ")]
    if removed and added and removed[-1] == added[0]:  # a last line that gained its newline
        return removed[:-1], added[1:]
    return removed, added


def test_layout_follows_the_file() -> None:
    assert detect_layout("a:\n- x\n") == Layout(mapping=2, sequence=2, offset=0)
    assert detect_layout("a:\n    b:\n        - x\n").mapping == 4
    assert detect_layout("a:\n    b:\n        - x\n").offset == 4
    assert detect_layout("a: 1\r\nb: 2\r\n").newline == "\r\n"
    assert detect_layout("a: 1").final_newline is False


def test_new_list_items_follow_the_files_indentation() -> None:
    loaded = load("id: x\nlimitations:\n- a\n")
    Document(loaded.data).append(("limitations",), "b")
    assert loaded.render() == "id: x\nlimitations:\n- a\n- b\n"


def test_values_read_as_yaml_12_with_dates_as_text() -> None:
    assert plain(parse_value("2026-11-24")) == "2026-11-24"
    assert plain(parse_value("yes")) == "yes"
    assert plain(parse_value("0.5")) == 0.5
    assert plain(parse_value("[a, b]")) == ["a", "b"]
    assert plain(parse_value("{date: 2026-01-01, result: pass}")) == {"date": "2026-01-01", "result": "pass"}
    assert plain(parse_value("")) is None


def test_merge_falls_back_to_the_edited_text_when_lines_do_not_correspond() -> None:
    original = "a:\n- x\n- y\n"
    base = "a:\n  - x\n  - y\n"
    edited = "a:\n  - x\n  - y\n  - z\n"
    merged = merge(original, base, edited, {"a": ["x", "y", "z"]})
    assert merged is not None
    assert parse_yaml(merged, "x").data == {"a": ["x", "y", "z"]}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(name=st.sampled_from(sorted({**CORPUS, **ODD_FILES})))
def test_property_load_and_write_back_is_identity(name: str) -> None:
    text = {**CORPUS, **ODD_FILES}[name]
    assert load(text).render() == text


def test_a_comment_ruamel_misplaces_costs_the_edited_line_its_comment_not_the_meaning() -> None:
    """ruamel.yaml writes ``- A   -`` / ``''`` for this list after a key comment (found by
    hypothesis): the text must still read as the edit, with every other comment kept."""
    loaded = load("a: 1  # keep\nbackup_owner: x   # moved\nz: 2 # z\n")
    Document(loaded.data).set(("backup_owner",), [{}, "A", ""])
    after = loaded.render()
    assert parse_yaml(after, "x").data == {"a": 1, "backup_owner": [{}, "A", ""], "z": 2}
    assert after == "a: 1  # keep\nbackup_owner:\n  - {}\n  - A\n  - ''\nz: 2 # z\n"
