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


def test_readme_tour_shows_the_sample_audits_summary_line(tmp_path: Path) -> None:
    """The README's tour prints the sample's summary; it must be what the audit says."""
    import shutil
    from datetime import date

    from registry.report import ReportContext
    from registry.report.text import summary
    from registry.runner import audit_registry

    readme = (DOCS.parent / "README.md").read_text(encoding="utf-8")
    shown = [line for line in readme.splitlines() if line.startswith("Found ") and " findings in " in line]
    root = tmp_path / "sample_registry"
    shutil.copytree(DOCS.parent / "sample_registry", root)
    result = audit_registry(root, date(2026, 11, 24), cache=False).result
    actual = summary(result, ReportContext(cwd=tmp_path, fail_on="error")).splitlines()[0]
    assert shown == [actual]
