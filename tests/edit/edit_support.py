"""Shared helpers of the editing tests: corpora of real cards and git repositories in tmp_path.

The corpora are the cards people and the benchmark generator really write (the sample
registry, 200 generated cards, the ``registry new`` template) plus hand-made files
that exercise spellings ruamel.yaml would normalise, so lossless writing is checked
on what users have, not on what the writer produces itself.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SAMPLE = ROOT / "sample_registry"
GENERATOR = ROOT / "benchmarks" / "generate.py"

#: Files whose spelling ruamel.yaml changes when it dumps them as loaded.
ODD_FILES: dict[str, str] = {
    "nulls": "id: odd\nname: ~\nsponsor: null\npurpose: Null\nowner:\n",
    "booleans": "id: odd\ntraining_data:\n  contains_pii: True\n",
    "document-markers": "---\nid: odd\nname: x\n...\n",
    "no-final-newline": "id: odd\nname: x",
    "crlf": "id: odd\r\nname: x\r\nlimitations:\r\n  - a\r\n",
    "trailing-spaces": "id: odd   \nname: x\t\n",
    "folded-plain": "id: odd\npurpose: this is a long\n  plain scalar over two lines\nname: x\n",
    "unindented-list": "id: odd\nlimitations:\n- a\n- b\ntags:\n  - c\n",
    "four-spaces": "id: odd\ntraining_data:\n    sources:\n        - x\n    contains_pii: false\n",
    "comment-spacing": "id: odd    # the id\nname:    x   # spaced\n",
    "flow-spacing": "id: odd\ntags: [ a,  b ]\nmonitoring: {drift: {features: true,  predictions: false}}\n",
    "escapes": "id: odd\nname: \"caf\\u00e9\"\npurpose: 'it''s'\n",
    "bom": "\ufeffid: odd\nname: x\n",
    "numbers": "id: odd\nversion: 1.0\nx-count: +3\nx-hex: 0x1F\nx-inf: -.Inf\n",
    "head-blank-lines": "\n\n# head\n\nid: odd\n",
    "explicit-key": "id: odd\n? name\n: x\n",
}


def card_texts() -> dict[str, str]:
    """Every sample card and the template, by a readable name."""
    from registry.scaffold import CARD_TEMPLATE, modeline

    texts = {
        f"sample/{p.parent.name}": p.read_text(encoding="utf-8")
        for p in sorted((SAMPLE / "models").glob("*/model_card.yaml"))
    }
    texts.update(
        {f"sample-owner/{p.stem}": p.read_text(encoding="utf-8") for p in (SAMPLE / "owners").glob("*.yaml")}
    )
    texts["template"] = CARD_TEMPLATE.format(
        modeline=modeline("card", 2),
        id="new-model",
        name="New Model",
        kind="predictive",
        stage="pilot",
        risk="high",
        owner="",
        today="2026-11-24",
    )
    return texts


def generate(out: Path, models: int, *, git: bool = False) -> Path:
    """A registry written by benchmarks/generate.py (deterministic for a given size)."""
    args = [sys.executable, str(GENERATOR), str(out), "--models", str(models)]
    subprocess.run([*args, *(["--git"] if git else [])], check=True, capture_output=True)
    return out
