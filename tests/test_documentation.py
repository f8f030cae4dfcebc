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


def test_readme_tour_shows_what_the_sample_audit_prints(tmp_path: Path) -> None:
    """The README's tour quotes the sample's audit: every quoted line and the summary."""
    import shutil
    from datetime import date

    from registry.audit import audit as audit_registry
    from registry.report import ReportContext
    from registry.report.text import render

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    tour = readme[readme.index("$ registry audit sample_registry") :].split("$ echo", 1)[0].splitlines()[1:]
    root = tmp_path / "sample_registry"
    shutil.copytree(DOCS.parent / "sample_registry", root)
    result = audit_registry(root, date(2026, 11, 24), cache=False).result
    printed = render(result, ReportContext(cwd=tmp_path, fail_on="error")).splitlines()
    quoted = [line for line in tour if line != "..."]
    assert len(quoted) >= 3 and quoted[-1].startswith("Found ")
    assert [line for line in quoted if line not in printed] == []
