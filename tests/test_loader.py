"""The loader: hostile or broken files become one SCH002 finding each, never a crash or a read
outside the registry, and the other cards are still audited."""

from __future__ import annotations

import os
import time
from pathlib import Path
from typing import Any

import pytest

from registry.loader import MAX_FILE_BYTES, LoadError, parse_markdown, parse_yaml

BROKEN = "broken-model"
BROKEN_CARD = f"models/{BROKEN}/model_card.yaml"

ALIAS_BOMB = "a: &a [x, x, x, x, x, x, x, x, x, x]\n" + "".join(
    f"{c}: &{c} [{', '.join([f'*{p}'] * 10)}]\n" for p, c in zip("abcdefgh", "bcdefghi", strict=True)
)


@pytest.mark.parametrize(
    ("content", "line", "column", "needle"),
    [
        pytest.param(
            "id: broken-model\nname: [unclosed\nstage: pilot\n", 3, None, "invalid YAML", id="bad-yaml"
        ),
        pytest.param(
            "id: broken-model\nname: a\nname: b\n", 3, 1, "duplicate key 'name'", id="duplicate-key"
        ),
        pytest.param(
            "id: broken-model\ntraining_data:\n\tsources: []\n", 3, 1, "invalid YAML", id="tab-indentation"
        ),
        pytest.param(
            "id: broken-model\n---\nid: other\n", 2, 1, "more than one YAML document", id="two-documents"
        ),
        pytest.param("", 1, 1, "empty", id="empty-file"),
        pytest.param("# nothing but a comment\n", 1, 1, "empty", id="only-a-comment"),
        pytest.param("- id: broken-model\n- name: x\n", 1, 1, "a list", id="top-level-list"),
        pytest.param("just some text\n", 1, 1, "mapping", id="top-level-scalar"),
        pytest.param(b"id: broken-model\nname: caf\xe9\n", 2, 10, "UTF-8", id="invalid-utf8"),
        pytest.param(b"id: broken-model\x00\n", 1, 17, "binary", id="nul-byte"),
        pytest.param("id: broken-model\nname: a\x1b[2Jb\n", 2, 8, "U+001B", id="control-character"),
        pytest.param(
            "id: broken-model\nname: !!binary aGVsbG8=\n", 2, 7, "!!binary", id="non-json-standard-tag"
        ),
        pytest.param("id: broken-model\nname: !custom x\n", 2, 7, "!custom", id="custom-tag"),
        pytest.param("id: broken-model\n? [a, b]\n: c\n", 2, 3, "key", id="complex-key"),
        pytest.param("x: 1\na: &a\n  b: *a\n", 2, 4, "recursive", id="recursive-alias"),  # at the anchor
    ],
)
def test_broken_card_is_one_sch002_and_others_are_audited(
    tmp_path: Path, h: Any, content: str | bytes, line: int, column: int | None, needle: str
) -> None:
    root = h.make_registry(tmp_path, cards={BROKEN: content, h.MODEL: h.baseline_card(purpose=h.DROP)})
    findings = h.audit(root).findings
    assert [(f.rule, f.severity.value, f.model, f.path, f.line) for f in findings] == [
        ("SCH002", "error", BROKEN, BROKEN_CARD, line),
        ("DOC001", "error", h.MODEL, h.CARD_PATH, 1),  # the good card is still judged
    ]
    if column is not None:
        assert findings[0].column == column
    assert needle in findings[0].message
    assert "\n" not in findings[0].message


def test_python_tags_are_never_executed(tmp_path: Path, h: Any) -> None:
    marker = tmp_path / "pwned"
    payloads = [
        f'id: broken-model\nname: !!python/object/apply:os.system ["touch {marker}"]\n',
        f"!!python/object/apply:os.system\n- touch {marker}\n",
        f'id: !!python/object/new:os.system ["touch {marker}"]\n',
        f"id: !!python/name:os.system\nname: !!python/module:os\nx: touch {marker}\n",
    ]
    for number, payload in enumerate(payloads):
        root = h.make_registry(tmp_path / str(number), cards={BROKEN: payload})
        findings = h.audit(root).findings
        broken = [f for f in findings if f.model == BROKEN]
        assert [f.rule for f in broken] == ["SCH002"], payload
        assert "!!python/" in broken[0].message
        assert broken[0].line == (1 if payload.startswith(("!!", "id: !!")) else 2)
    assert not marker.exists()


def test_alias_bomb_is_a_finding_in_bounded_time(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={BROKEN: ALIAS_BOMB, h.MODEL: h.baseline_card()})
    started = time.perf_counter()
    findings = h.audit(root).findings
    elapsed = time.perf_counter() - started
    assert [(f.rule, f.model) for f in findings] == [("SCH002", BROKEN)]
    assert "alias" in findings[0].message
    assert elapsed < 20.0  # a hang guard: expanded, the bomb would never end


def test_model_card_that_is_a_folder(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={BROKEN: None, h.MODEL: h.baseline_card()})
    (root / BROKEN_CARD).mkdir()
    findings = h.audit(root).findings
    assert h.summary(findings) == [("SCH002", "error", BROKEN, BROKEN_CARD, 1, 1)]
    assert "folder" in findings[0].message


def test_model_folder_without_a_card(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(
        tmp_path, cards={BROKEN: None, h.MODEL: h.baseline_card()}, runbooks={BROKEN: None}
    )
    findings = h.audit(root).findings
    assert h.summary(findings) == [("SCH002", "error", BROKEN, BROKEN_CARD, 1, 1)]
    assert "model_card.yaml does not exist" in findings[0].message


def test_card_linking_outside_the_registry_is_not_read(tmp_path: Path, h: Any) -> None:
    secret = tmp_path / "secret.yaml"
    secret.write_text(h.dump(h.baseline_card(BROKEN)).decode())
    root = h.make_registry(tmp_path, cards={BROKEN: None})
    os.symlink(secret, root / BROKEN_CARD)
    findings = h.audit(root).findings
    assert [(f.rule, f.model) for f in findings] == [("SCH002", BROKEN)]
    assert "outside the registry" in findings[0].message


def test_card_linking_inside_the_registry_is_read(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={BROKEN: None})
    shared = root / "models" / "shared.yaml"
    shared.write_text(h.dump(h.baseline_card(BROKEN)).decode())
    os.symlink(shared, root / BROKEN_CARD)
    assert h.audit(root).findings == []


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="needs FIFOs")
def test_fifo_card_is_refused_without_blocking(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={BROKEN: None})
    os.mkfifo(root / BROKEN_CARD)
    findings = h.audit(root).findings
    assert [(f.rule, f.model) for f in findings] == [("SCH002", BROKEN)]
    assert "FIFO" in findings[0].message


def test_oversized_card(tmp_path: Path, h: Any) -> None:
    big = "id: broken-model\n" + "# padding\n" * (MAX_FILE_BYTES // 10 + 1)
    root = h.make_registry(tmp_path, cards={BROKEN: big})
    findings = h.audit(root).findings
    assert [(f.rule, f.model) for f in findings] == [("SCH002", BROKEN)]
    assert "limit" in findings[0].message


def test_utf8_bom_is_accepted(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: b"\xef\xbb\xbf" + h.dump(h.baseline_card())})
    assert h.audit(root).findings == []


# --------------------------------------------------------------------------- parse_yaml


def test_yaml_1_2_core_schema() -> None:
    doc = parse_yaml(
        "a: yes\nb: no\nc: on\nd: off\ne: 2026-01-31\nf: '2026-01-31'\ng: true\nh: ~\ni: 010\nj: 0x1f\n"
        "k: 1.5\nl: 3.2.0\nm: 12:30\n",
        "x.yaml",
    )
    assert doc.data == {
        "a": "yes",
        "b": "no",
        "c": "on",
        "d": "off",
        "e": "2026-01-31",
        "f": "2026-01-31",
        "g": True,
        "h": None,
        "i": 10,
        "j": 31,
        "k": 1.5,
        "l": "3.2.0",
        "m": "12:30",  # no sexagesimal numbers
    }


def test_positions_of_keys_and_items() -> None:
    doc = parse_yaml("id: x\nmetrics:\n  model:\n    - name: a\n    - name: b\n      value: 1\n", "x.yaml")
    assert doc.pos(("id",)) == (1, 1)
    assert doc.pos(("metrics", "model")) == (3, 3)
    assert doc.pos(("metrics", "model", 1)) == (5, 7)
    assert doc.pos(("metrics", "model", 1, "value")) == (6, 7)
    # absent keys fall back to the closest enclosing thing that is present
    assert doc.pos(("metrics", "model", 1, "baseline")) == (5, 7)
    assert doc.pos(("metrics", "business")) == (2, 1)
    assert doc.pos(("purpose",)) == (1, 1)


def test_aliases_within_limits_are_expanded() -> None:
    doc = parse_yaml("base: &b {x: 1}\nother: *b\n", "x.yaml")
    assert doc.data == {"base": {"x": 1}, "other": {"x": 1}}


def test_huge_integers_are_refused() -> None:
    with pytest.raises(LoadError, match="digits"):
        parse_yaml("a: " + "9" * 5000 + "\n", "x.yaml")


def test_deep_nesting_is_refused() -> None:
    with pytest.raises(LoadError, match=r"nest|deep"):
        parse_yaml("a: " + "[" * 200 + "]" * 200 + "\n", "x.yaml")


def test_front_matter_error_line_is_a_file_line() -> None:
    with pytest.raises(LoadError) as caught:
        parse_markdown("---\nmodel: x\nowner: y\nowner: z\n---\n## Fallback\n", "runbook.md")
    assert caught.value.line == 4


def test_runbook_headings_and_front_matter() -> None:
    md = parse_markdown(
        "---\nmodel: x\nowner: y\nlast_reviewed: 2026-01-01\n---\n\n# T\n\n## Fallback\n\n```\n## Not\n```\n"
        "## Rollback ##\n",
        "runbook.md",
    )
    assert md.front is not None and md.front.data["model"] == "x"
    assert md.front.pos(("owner",)) == (3, 1)
    assert md.headings == [("Fallback", 9), ("Rollback", 14)]


def test_unclosed_front_matter() -> None:
    with pytest.raises(LoadError, match="never closed"):
        parse_markdown("---\nmodel: x\n\n## Fallback\n", "runbook.md")


def test_control_character_position_counts_characters_not_bytes() -> None:
    """libyaml reports a byte offset; after non-ASCII text the column must still be right."""
    with pytest.raises(LoadError, match=r"U\+0007") as caught:
        parse_yaml("id: x\nname: Zoë Ødegård\x07\n", "x.yaml")
    assert (caught.value.line, caught.value.column) == (2, 18)
