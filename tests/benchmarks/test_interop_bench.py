"""benchmarks/interop.py: the folders it times hold only cards the importer takes, with unique ids.

A benchmark that imported a different mix than it says, or that lost cards to id
collisions, would report the speed of something else.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

from interop_support import REAL

from registry.interop.hf import CardRefused, read_card
from registry.interop.hf_import import derive_id

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "interop.py"


def load_bench() -> object:
    spec = importlib.util.spec_from_file_location("interop_bench", BENCH)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_benchmark_folder_holds_importable_cards_with_unique_ids(tmp_path: Path) -> None:
    bench = load_bench()
    made = bench.make_cards(tmp_path / "cards", 45)  # type: ignore[attr-defined]
    assert len(made) == 45
    ids = [derive_id(p) for p in made]
    assert None not in ids and len(set(ids)) == 45
    sources = {p.name for p in REAL.glob("*.md")}
    refused = set()
    for name in sources:
        try:
            read_card(REAL / name)
        except CardRefused:
            refused.add(name)
    assert refused == bench.REFUSED  # type: ignore[attr-defined]
    assert all(p.read_bytes() in {(REAL / s).read_bytes() for s in sources - refused} for p in made)
