"""The measured traps of parsing untrusted YAML, and the limits that close them.

Each trap is shown on PyYAML's own safe loader first (so the test documents why the
loader exists), then on ``registry.loader``. Limits are tested on both sides of the
boundary with the constants docs/security.md quotes.
"""

from __future__ import annotations

import time
from datetime import date
from pathlib import Path

import pytest
import yaml
from hostile_corpus import MIB

from registry import loader
from registry.loader import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_NODES,
    LoadError,
    decode,
    parse_yaml,
)

#: A hang guard, not a speed target: expanded without the cap, the bomb never ends.
HANG = 10.0


def _error(text: str) -> LoadError:
    with pytest.raises(LoadError) as caught:
        parse_yaml(text, "card.yaml")
    return caught.value


def test_duplicate_keys_pyyaml_keeps_the_last_silently() -> None:
    text = "owner: team-a\nrisk_tier: high\nowner: team-b\n"
    assert yaml.safe_load(text)["owner"] == "team-b"  # the trap: no error, first value lost
    error = _error(text)
    assert (error.line, error.column) == (3, 1)
    assert "duplicate key 'owner'" in error.message and "line 1" in error.message


def test_impossible_date_pyyaml_raises_a_plain_value_error() -> None:
    text = "validation:\n  date: 2026-13-45\n"
    with pytest.raises(ValueError) as caught:
        yaml.safe_load(text)
    assert not isinstance(caught.value, yaml.YAMLError)  # the trap: not a YAML error
    with pytest.raises(ValueError):
        date.fromisoformat("2026-13-45")
    # here: dates stay text, and the schema reports the bad one as SCH001 at its place
    assert parse_yaml(text, "card.yaml").data == {"validation": {"date": "2026-13-45"}}


def test_huge_integer_pyyaml_raises_a_plain_value_error() -> None:
    text = "version: " + "9" * 5_000 + "\n"
    with pytest.raises(ValueError) as caught:
        yaml.safe_load(text)
    assert not isinstance(caught.value, yaml.YAMLError)
    error = _error(text)
    assert (error.line, error.column) == (1, 10)
    assert f"more than {MAX_INT_DIGITS} digits" in error.message


def _bomb(levels: int) -> str:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 9)}]" for i in range(1, levels + 1)]
    return "\n".join(lines) + "\n"


def test_alias_bomb_parses_quickly_and_is_refused_before_it_is_walked() -> None:
    text = _bomb(9)  # 9**10 strings once expanded: walking it would never finish
    start = time.perf_counter()
    composed = yaml.compose(text)  # the trap: composing is instant, the graph is tiny...
    assert composed is not None and time.perf_counter() - start < HANG
    start = time.perf_counter()
    error = _error(text)  # ...and the loader stops while expanding, at the cap
    assert time.perf_counter() - start < HANG
    assert f"{MAX_NODES:,}" in error.message


def test_recursive_alias_is_refused() -> None:
    assert "recursive" in _error("a: &x [*x]\n").message


@pytest.mark.parametrize(
    "text",
    [
        "".join(f"k{i}: v\n" for i in range(200_000))[:MIB],  # keys
        "".join(f"- {i}\n" for i in range(300_000))[:MIB],  # list items
        "a: [" + ",".join(["1"] * 400_000) + "]\n",  # flow sequence
    ],
    ids=["keys", "items", "flow"],
)
def test_a_megabyte_of_tiny_values_is_refused_fast(text: str) -> None:
    """Composition is capped too: a 1 MiB file is refused, not composed into 300,000 nodes.

    It takes about 0.1 s (docs/benchmarks.md); the bound here only catches a hang, with
    room for a loaded CI machine: speed figures live in the benchmarks, not in tests.
    """
    start = time.perf_counter()
    error = _error(text)
    assert time.perf_counter() - start < 20
    assert f"{MAX_NODES:,}" in error.message


def test_node_limit_boundary() -> None:
    # root mapping + one list + its items: exactly MAX_NODES values is fine, one more is not
    at_limit = "a: [" + ",".join(["1"] * (MAX_NODES - 2)) + "]\n"
    assert len(parse_yaml(at_limit, "card.yaml").data["a"]) == MAX_NODES - 2
    over = "a: [" + ",".join(["1"] * (MAX_NODES - 1)) + "]\n"
    assert f"{MAX_NODES:,}" in _error(over).message


def test_depth_limit_boundary() -> None:
    def nested(depth: int) -> str:
        return "a: " + "[" * depth + "]" * depth + "\n"

    parse_yaml(nested(MAX_DEPTH - 1), "card.yaml")
    assert f"{MAX_DEPTH}" in _error(nested(MAX_DEPTH)).message
    assert "nest" in _error(nested(100_000)).message  # libyaml's own stack guard, not a crash


def test_integer_digits_boundary() -> None:
    assert parse_yaml("v: " + "9" * MAX_INT_DIGITS + "\n", "card.yaml").data["v"] == int("9" * MAX_INT_DIGITS)
    assert f"{MAX_INT_DIGITS} digits" in _error("v: " + "9" * (MAX_INT_DIGITS + 1) + "\n").message


def test_size_limit_boundary(tmp_path: Path) -> None:
    root = tmp_path
    (root / "exact.yaml").write_bytes(b"a: 1\n" + b"#" * (MAX_FILE_BYTES - 6) + b"\n")
    (root / "over.yaml").write_bytes(b"a: 1\n" + b"#" * (MAX_FILE_BYTES - 5) + b"\n")
    assert loader.load_yaml_file(root, "exact.yaml").data == {"a": 1}
    with pytest.raises(LoadError, match="limit"):
        loader.load_yaml_file(root, "over.yaml")


def test_decode_points_at_the_first_bad_byte() -> None:
    with pytest.raises(LoadError) as caught:
        decode(b"a: 1\nb: ok \xff\n")
    assert (caught.value.line, caught.value.column) == (2, 7)


def test_security_doc_quotes_the_limits_in_force() -> None:
    """docs/security.md tells users the limits; it must say the ones the loader applies."""
    doc = (Path(__file__).resolve().parents[2] / "docs" / "security.md").read_text(encoding="utf-8")
    assert f"{MAX_FILE_BYTES:,} bytes" in doc and MAX_FILE_BYTES == MIB
    assert f"{MAX_DEPTH} levels" in doc
    assert f"{MAX_NODES:,} values" in doc
    assert f"{MAX_INT_DIGITS} digits" in doc
