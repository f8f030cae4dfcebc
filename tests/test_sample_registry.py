"""The sample registry tells the story the README promises, finding for finding.

`sample_registry/EXPECTED.md` is the hand-written account of every intended defect;
this test parses its table, so the document and the tool cannot drift apart.
"""

from __future__ import annotations

import re
from pathlib import Path

from registry_support import SAMPLE, TODAY, copy_sample

from registry.audit import audit as audit_registry
from registry.audit import run_audit
from registry.store import load_registry

ROW = re.compile(r"^\| \d+ \| (\w+) \| ([\w-]+) \| (\w+) \| (\S+) \| (\d+):(\d+) \|")


def expected() -> list[tuple[str, str, str, str, int, int]]:
    rows = []
    for line in (SAMPLE / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        match = ROW.match(line)
        if match:
            rule, model, severity, path, ln, col = match.groups()
            rows.append((rule, model, severity, path, int(ln), int(col)))
    return rows


def test_expected_md_lists_twenty_one_findings() -> None:
    assert len(expected()) == 21


def test_audit_of_the_sample_matches_expected_md(tmp_path: Path) -> None:
    root = copy_sample(tmp_path / "sample")
    result = run_audit(load_registry(root), TODAY)
    got = [(f.rule, f.model, f.severity.value, f.path, f.line, f.column) for f in result.findings]
    assert got == expected()
    assert result.counts() == {"error": 11, "warning": 7, "info": 3}
    assert len(result.models) == 16
    assert result.failed("error")
    fast = audit_registry(root, TODAY, cache=False).result
    assert [f.to_dict() for f in fast.findings] == [f.to_dict() for f in result.findings]


def test_the_waived_finding_stays_silent() -> None:
    result = run_audit(load_registry(SAMPLE), TODAY)
    assert not [f for f in result.findings if f.model == "card-fraud-detector"]


RANK_ROW = re.compile(r"^\| ([\d-]+) \| ([\w-]+) \| ([\d-]) \| ([\d-]) \| ([\d-]) \| ([\d.]+|none)")


def test_use_case_ranking_matches_expected_md() -> None:
    """EXPECTED.md's ranking of the proposed use cases is what registry.portfolio computes."""
    from registry.portfolio import PriorityScores, UseCase, rank

    rows = []
    for line in (SAMPLE / "EXPECTED.md").read_text(encoding="utf-8").splitlines():
        match = RANK_ROW.match(line)
        if match:
            score = match.group(6)
            rows.append((match.group(2), None if score == "none" else float(score)))
    registry = load_registry(SAMPLE)
    weights = registry.policy.priority_weights
    cases = [
        UseCase.of(folder, PriorityScores.from_priority(card.get("priority")), weights)
        for folder, card in registry.models.items()
        if card.stage == "proposed"
    ]
    assert [(c.model, c.score) for c in rank(cases)] == rows
    assert len(rows) == 4
