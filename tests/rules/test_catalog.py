"""The catalog's own promises: each documented example fails its rule and its fix passes.

`registry explain`, docs/format.md and SARIF show a rule's failing example and the
compliant one next to it; a user copies the compliant one. Both are audited here on
the compliant baseline card (a card snippet replaces the top-level keys it names; a
runbook snippet, starting with ``## ``, replaces the sections it names).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry.rules import load_catalog

#: Rules added on 2026-11-30: each has a failing and a compliant example.
NEW_RULES = ("VAL006", "DAT001", "WAI003", "WAI004", "WAI005", "DOC004")
#: Rules judged on something other than one model (audited in their own tests).
NOT_ON_A_CARD = ("POL001",)


def _with_sections(h: Any, snippet: str) -> str:
    """The baseline runbook with the sections that ``snippet`` names replaced by it."""
    named = {m.casefold() for m in re.findall(r"^## (.+)$", snippet, re.M)}
    kept = tuple(s for s in ("Fallback", "Rollback", "Escalation") if s.casefold() not in named)
    return str(h.runbook_text(sections=kept)) + snippet.strip("\n") + "\n"


def _audit_snippet(tmp_path: Path, h: Any, snippet: str) -> list[str]:
    card = h.baseline_card()
    runbooks: dict[str, str] = {}
    if snippet.lstrip().startswith("## "):
        runbooks[h.MODEL] = _with_sections(h, snippet)
    else:
        card.update(yaml.safe_load(snippet))
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks=runbooks)
    return [f.rule for f in h.audit(root).findings]


EXAMPLED = [code for code, r in load_catalog().items() if r.compliant and code not in NOT_ON_A_CARD]


@pytest.mark.parametrize("code", EXAMPLED)
def test_the_failing_example_fails_and_the_compliant_one_passes(tmp_path: Path, h: Any, code: str) -> None:
    rule = load_catalog()[code]
    assert code in _audit_snippet(tmp_path / "fails", h, rule.example), rule.example
    assert code not in _audit_snippet(tmp_path / "passes", h, rule.compliant), rule.compliant


@pytest.mark.parametrize("code", NEW_RULES)
def test_new_rules_have_both_examples(code: str) -> None:
    rule = load_catalog()[code]
    assert rule.example and rule.compliant and rule.example != rule.compliant
    assert code in EXAMPLED or code in NOT_ON_A_CARD
