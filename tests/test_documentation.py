"""Documentation that users read must match what the tool does."""

from __future__ import annotations

from pathlib import Path

from registry.commands.rules import rules_markdown
from registry.rules import load_catalog

DOCS = Path(__file__).resolve().parents[1] / "docs"


def test_format_md_rule_reference_is_generated_from_the_catalog() -> None:
    text = (DOCS / "format.md").read_text(encoding="utf-8")
    start = text.index("<!-- rules:start -->\n") + len("<!-- rules:start -->\n")
    end = text.index("<!-- rules:end -->")
    assert text[start:end].strip() == rules_markdown().strip(), (
        "regenerate: registry rules --format markdown, between the markers in docs/format.md"
    )


def test_every_rule_is_documented_with_rationale_and_fix() -> None:
    for rule in load_catalog().values():
        assert rule.title and rule.rationale and rule.fix, rule.code
        assert len(rule.rationale) > 60, rule.code
