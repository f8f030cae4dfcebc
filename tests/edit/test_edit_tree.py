"""registry/edit/tree.py: dotted paths, and edits that leave comments and blank lines in place."""

from __future__ import annotations

import copy
import difflib
import os
from typing import Any

import pytest
from edit_support import ODD_FILES, card_texts
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.edit.tree import Document, PathError, parse_path
from registry.edit.yamlio import load
from registry.loader import parse_yaml
from registry.rules.history import same

CORPUS = card_texts()
#: Examples per property; raise it (EDIT_EXAMPLES=2000) for a longer search before a release.
EXAMPLES = int(os.environ.get("EDIT_EXAMPLES", "150"))
TEMPLATE = CORPUS["template"]


def edited(text: str, *ops: tuple[str, str, Any]) -> str:
    loaded = load(text)
    doc = Document(loaded.data)
    for op, path, *args in ops:
        getattr(doc, op)(parse_path(path), *args)
    return loaded.render()


def diff(before: str, after: str) -> list[str]:
    """The changed lines of a unified diff, without headers and context."""
    lines = difflib.unified_diff(before.splitlines(), after.splitlines(), lineterm="", n=0)
    return [ln for ln in lines if ln[:1] in "+-" and not ln.startswith(("+++", "---"))]


def test_paths() -> None:
    assert parse_path("metrics.business[0].baseline") == ("metrics", "business", 0, "baseline")
    assert parse_path("bias_tests[-1]") == ("bias_tests", -1)
    assert parse_path("x-custom.a_b") == ("x-custom", "a_b")
    for bad in ("", "[0]", "a..b", "a.", ".a", "a[x]", "a b", "a[0"):
        with pytest.raises(PathError):
            parse_path(bad)


def test_a_set_keeps_the_comment_on_its_line() -> None:
    after = edited(TEMPLATE, ("set", "owner", "payments-risk"))
    assert diff(TEMPLATE, after) == [
        "-owner:                 # an id from owners/",
        "+owner: payments-risk   # an id from owners/",
    ]


def test_a_new_key_lands_under_the_key_the_template_puts_before_it() -> None:
    text = "id: m\nname: M\nowner: a     # the owner\n\n# What it is for\npurpose: p\n"
    after = edited(text, ("set", "backup_owner", "b"))
    assert (
        after == "id: m\nname: M\nowner: a     # the owner\nbackup_owner: b\n\n# What it is for\npurpose: p\n"
    )


def test_a_new_block_gets_blank_lines_like_its_neighbours() -> None:
    text = "id: m\nmetrics:\n  model: []\n\n# later\nbias_tests: []\n"
    after = edited(text, ("set", "validation", {"date": "2026-11-24", "result": "pass"}))
    assert after == (
        "id: m\nmetrics:\n  model: []\n\n"
        "validation:\n  date: 2026-11-24\n  result: pass\n\n# later\nbias_tests: []\n"
    )


def test_appending_to_an_empty_list_writes_a_block_list_under_the_comment() -> None:
    text = "id: m\nbias_tests: []   # - {date: ...}\n\nmonitoring: {}\n"
    after = edited(text, ("append", "bias_tests", {"date": "2026-11-24", "result": "pass"}))
    assert after == (
        "id: m\nbias_tests:      # - {date: ...}\n  - date: 2026-11-24\n    result: pass\n\nmonitoring: {}\n"
    )


def test_appending_follows_the_style_of_the_items_before() -> None:
    text = "metrics:\n  business:\n    - {name: a, baseline: 1}   # first\n\nnext: 1\n"
    after = edited(text, ("append", "metrics.business", {"name": "b", "baseline": 2}))
    assert after == (
        "metrics:\n  business:\n    - {name: a, baseline: 1}   # first\n"
        "    - {name: b, baseline: 2}\n\nnext: 1\n"
    )


def test_unset_removes_the_entry_and_one_of_two_meeting_blank_lines() -> None:
    text = "a: 1\n\nmonitoring:\n  drift: x\n  dashboard:\n\nfallback: 2\n"
    assert edited(text, ("unset", "monitoring")) == "a: 1\n\nfallback: 2\n"
    text = "a: 1    # keep\n# about b\nb: 2   # b\n\n# about c\nc: 3\n"
    assert edited(text, ("unset", "b")) == "a: 1    # keep\n# about b\n\n# about c\nc: 3\n"


def test_unset_of_the_first_key_keeps_the_comments_before_the_next() -> None:
    text = "a: 1\n\n# about b\nb: 2\n"
    assert edited(text, ("unset", "a")) == "\n# about b\nb: 2\n"


def test_replacing_a_block_keeps_what_follows_it() -> None:
    text = "validation:\n  # old notes\n  date: 2025-01-01\n  result: fail\n\n# next\nbias_tests: []\n"
    after = edited(text, ("set", "validation", {"date": "2026-11-24", "result": "pass"}))
    assert after == "validation:\n  date: 2026-11-24\n  result: pass\n\n# next\nbias_tests: []\n"


def test_a_missing_parent_is_created_whole() -> None:
    after = edited(TEMPLATE, ("set", "pilot.decision", "go"))
    assert "\npilot:\n  decision: go\n" in after
    assert parse_yaml(after, "x").data["pilot"] == {"decision": "go"}


def test_quoting_of_the_old_value_is_kept() -> None:
    assert edited("name: 'Old'\n", ("set", "name", "New")) == "name: 'New'\n"


@pytest.mark.parametrize(
    ("op", "path", "message"),
    [
        ("unset", "sponsor_x", "sponsor_x is not in the file"),
        ("set", "metrics.model[5]", "metrics.model[5] is out of range: metrics.model has 0 items"),
        ("set", "id.x", "id is a value, not a mapping or a list"),
        ("set", "metrics.model.x", "metrics.model is a list: use an index such as [0], not .x"),
        ("append", "id", "id is not a list"),
    ],
)
def test_unknown_paths_are_one_line_errors(op: str, path: str, message: str) -> None:
    with pytest.raises(PathError, match=r"^" + message.replace("[", r"\[").replace("]", r"\]") + "$"):
        edited(TEMPLATE, (op, path, *(["v"] if op != "unset" else [])))


# --------------------------------------------------------------------------- properties

_LINE_TEXT = st.text(
    st.characters(blacklist_categories=("Cs", "Cc", "Zl", "Zp"), blacklist_characters="\x85\ufeff"),
    max_size=40,
)
SCALARS = st.one_of(
    _LINE_TEXT,
    st.sampled_from(
        ["yes", "no", "null", "~", "2026-01-01", "1.0", "#x", "a: b", "- x", "'q'", '"d"', " lead"]
    ),
    st.integers(min_value=-(10**12), max_value=10**12),
    st.floats(allow_nan=False, allow_infinity=False, width=32),
    st.booleans(),
    st.dates().map(lambda d: d.isoformat()),
)


def _one_line_leaves(text: str) -> list[tuple[tuple[str, ...], int]]:
    """Mapping entries whose scalar value sits wholly on its key's line (path, line index)."""
    doc = parse_yaml(text.removeprefix("\ufeff"), "x")
    lines = text.removeprefix("\ufeff").split("\n")
    out = []

    def walk(node: Any, path: tuple[str, ...]) -> None:
        if isinstance(node, dict):
            for key, val in node.items():
                if isinstance(val, dict):
                    walk(val, (*path, key))
                elif not isinstance(val, list):
                    line = doc.keys[(*path, key)][0] - 1
                    alone = lines[line].strip(" \t\r")
                    try:
                        if same(parse_yaml(alone, "x").data, {key: val}):
                            out.append(((*path, key), line))
                    except Exception:
                        continue

    walk(doc.data, ())
    return out


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted(CORPUS)), value=SCALARS)
def test_property_one_set_changes_only_its_line(data: st.DataObject, name: str, value: Any) -> None:
    text = CORPUS[name]
    leaves = _one_line_leaves(text)
    path, line = data.draw(st.sampled_from(leaves))
    loaded = load(text)
    Document(loaded.data).set(path, value)
    after = loaded.render()
    before_lines, after_lines = text.split("\n"), after.split("\n")
    assert len(after_lines) == len(before_lines)
    changed = [i for i, (a, b) in enumerate(zip(before_lines, after_lines, strict=True)) if a != b]
    assert changed in ([], [line])
    key_prefix = before_lines[line][: before_lines[line].index(path[-1]) + len(path[-1]) + 1]
    assert after_lines[line].startswith(key_prefix)
    assert same(parse_yaml(after_lines[line].strip(" \t\r"), "x").data, {path[-1]: value})


KEYS = st.sampled_from(["x-a", "x-b", "owner", "backup_owner", "purpose", "limitations", "validation", "x-c"])
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=3) | st.dictionaries(KEYS, inner, max_size=3),
    max_leaves=6,
)


def _paths(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    out = [path] if path else []
    if isinstance(node, dict):
        for key, val in node.items():
            out += _paths(val, (*path, key))
    elif isinstance(node, list):
        for i, val in enumerate(node):
            out += _paths(val, (*path, i))
    return out


def _mirror(data: Any, op: str, path: tuple[Any, ...], value: Any = None) -> None:
    """The plain-data meaning of one edit, as the audit's loader should read it back."""
    node = data
    for step in path[:-1]:
        if isinstance(node, dict) and node.get(step) is None:
            node[step] = {}
        node = node[step]
    last = path[-1]
    if op == "set":
        node[last] = value
    elif op == "unset":
        del node[last]
    elif isinstance(node, dict) and not node.get(last):
        node[last] = [value]
    else:
        node[last].append(value)


@settings(max_examples=EXAMPLES, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=st.data(), name=st.sampled_from(sorted({**CORPUS, **ODD_FILES})))
def test_property_random_edits_always_leave_a_file_the_audit_reads(data: st.DataObject, name: str) -> None:
    text = {**CORPUS, **ODD_FILES}[name]
    loaded = load(text)
    doc = Document(loaded.data)
    mirror = copy.deepcopy(parse_yaml(text.removeprefix("\ufeff").replace("\r\n", "\n"), "x").data)
    for _ in range(data.draw(st.integers(min_value=1, max_value=6))):
        existing = _paths(mirror)
        maps = [p for p in existing if isinstance(_at(mirror, p), dict)]
        lists = [p for p in existing if isinstance(_at(mirror, p), list)]
        op = data.draw(st.sampled_from(["set", "set", "unset", "append"]))
        if op == "unset" and not existing:
            op = "set"
        if op == "unset":
            path = data.draw(st.sampled_from(existing))
            doc.unset(path)
            _mirror(mirror, "unset", path)
            continue
        if op == "append" and lists:
            path = data.draw(st.sampled_from(lists))
        else:
            parent = data.draw(st.sampled_from([(), *maps]))
            path = (*parent, data.draw(KEYS))
            if op == "append" and _at(mirror, path) not in (None, [], "missing"):
                op = "set"
        value = data.draw(VALUES)
        getattr(doc, op)(path, value)
        _mirror(mirror, op, path, copy.deepcopy(value))
    after = loaded.render()
    assert same(parse_yaml(after.removeprefix("\ufeff"), "x").data, mirror)


def _at(data: Any, path: tuple[Any, ...]) -> Any:
    node = data
    for step in path:
        if (isinstance(node, dict) and step in node) or (
            isinstance(node, list) and isinstance(step, int) and step < len(node)
        ):
            node = node[step]
        else:
            return "missing"
    return node


def test_unset_of_the_last_item_leaves_an_empty_list_and_the_blank_line_after_it() -> None:
    text = "waivers:\n  # about the waiver\n  - rule: MON001\n    reason: r\n\nnext: 1\n"
    assert edited(text, ("unset", "waivers[0]")) == "waivers: []\n\nnext: 1\n"
