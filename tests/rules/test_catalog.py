"""The catalog's own promises: each documented example fails its rule and its fix passes.

`registry explain`, docs/format.md and SARIF show a rule's failing example and the
compliant one next to it; a user copies the compliant one. Both are audited here on
the compliant baseline card, and must give exactly that rule (failing) and no finding at
all (compliant), so the documentation cannot show a fix that does not work.

An example is written as a user would read it. Its text before any file header is a
card snippet: it replaces the baseline card's top-level keys it names, kept verbatim
(comments, duplicate keys and all). A line ``# owners/<id>.yaml``,
``# models/<model>/model_card.yaml`` or ``# models/<model>/runbook.md`` starts that
file's text; a snippet that starts with ``## `` replaces the runbook sections it names.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest

from registry.rules import load_catalog

#: Rules judged on git history or on a revision, not on the files alone (see below).
NOT_ON_FILES = ("POL001", "VAL005")

FILE_HEADER = re.compile(
    r"^# (owners/[\w.-]+\.yaml|models/[\w.-]+/(?:model_card\.yaml|runbook\.md))\s*$", re.M
)
TOP_KEY = re.compile(r"^([A-Za-z_][\w-]*)\s*:", re.M)


def _with_sections(h: Any, snippet: str) -> str:
    """The baseline runbook with the sections that ``snippet`` names replaced by it."""
    named = {m.casefold() for m in re.findall(r"^## (.+)$", snippet, re.M)}
    kept = tuple(s for s in ("Fallback", "Rollback", "Escalation") if s.casefold() not in named)
    return str(h.runbook_text(sections=kept)) + snippet.strip("\n") + "\n"


def _files(example: str, card_file: str) -> dict[str, str]:
    """The example split into files by its ``# path`` headers (the card's text first)."""
    parts = FILE_HEADER.split(example)
    files = {card_file: parts[0]} if parts[0].strip() else {}
    for name, text in zip(parts[1::2], parts[2::2], strict=True):
        files[name] = text.strip("\n") + "\n"
    return files


def audit_example(tmp_path: Path, h: Any, example: str) -> list[str]:
    """The rule codes the audit reports for ``example`` written over the baseline registry."""
    card_file = f"models/{h.MODEL}/model_card.yaml"
    runbook_file = f"models/{h.MODEL}/runbook.md"
    files = _files(example, card_file)
    snippet = files.pop(card_file, "")
    if snippet.lstrip().startswith("## "):
        files[runbook_file], snippet = _with_sections(h, snippet), ""
    named = set(TOP_KEY.findall(snippet))
    card = {k: v for k, v in h.baseline_card().items() if k not in named}
    card_text = h.dump(card).decode() + snippet.strip("\n") + "\n"
    owners: dict[str, Any] = dict(h.baseline_owners())
    for name, text in files.items():
        if name.startswith("owners/"):
            owners[Path(name).stem] = text
    runbook = files.get(runbook_file)
    root = h.make_registry(
        tmp_path,
        owners=owners,
        cards={h.MODEL: card_text},
        runbooks={h.MODEL: runbook} if runbook is not None else {},
    )
    return [f.rule for f in h.audit(root).findings]


EXAMPLED = [code for code in load_catalog() if code not in NOT_ON_FILES]


def test_the_baseline_is_compliant(tmp_path: Path, h: Any) -> None:
    assert audit_example(tmp_path, h, "") == []


@pytest.mark.parametrize("code", EXAMPLED)
def test_the_failing_example_gives_exactly_its_rule(tmp_path: Path, h: Any, code: str) -> None:
    rule = load_catalog()[code]
    found = audit_example(tmp_path, h, rule.example)
    assert found and set(found) == {code}, f"{found} for:\n{rule.example}"


@pytest.mark.parametrize("code", EXAMPLED)
def test_the_compliant_example_gives_nothing(tmp_path: Path, h: Any, code: str) -> None:
    rule = load_catalog()[code]
    assert audit_example(tmp_path, h, rule.compliant) == [], rule.compliant


@pytest.mark.parametrize("code", list(load_catalog()))
def test_every_rule_has_both_examples(code: str) -> None:
    rule = load_catalog()[code]
    assert rule.example and rule.compliant and rule.example != rule.compliant


def _commit(root: Path, when: str) -> None:
    import os
    import subprocess

    stamp = f"{when}T12:00:00+00:00"
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Ada",
        "GIT_AUTHOR_EMAIL": "ada@example.com",
        "GIT_COMMITTER_NAME": "Ada",
        "GIT_COMMITTER_EMAIL": "ada@example.com",
        "GIT_AUTHOR_DATE": stamp,
        "GIT_COMMITTER_DATE": stamp,
    }
    for args in (["add", "-A"], ["commit", "-q", "-m", f"change of {when}"]):
        subprocess.run(["git", "-C", str(root), *args], check=True, env=env)


@pytest.mark.parametrize("which", ["example", "compliant"])
def test_val005_examples_on_git_history(tmp_path: Path, h: Any, which: str, capsys: Any) -> None:
    """VAL005 reads history: the baseline is committed before its validation date, the
    example after it."""
    import json
    import subprocess

    from registry.cli import main

    root = h.make_registry(tmp_path)
    subprocess.run(["git", "init", "-q", "-b", "main", str(root)], check=True)
    _commit(root, h.days_ago(30))  # before the validation (10 days ago)
    rule = load_catalog()["VAL005"]
    audit_example(tmp_path, h, getattr(rule, which))  # rewrites the same registry
    _commit(root, h.days_ago(2))
    code = main(["audit", str(root), "--format", "json", "--no-cache", "--today", h.TODAY.isoformat()])
    found = [f["rule"] for f in json.loads(capsys.readouterr().out)["findings"]]
    assert found == (["VAL005"] if which == "example" else []), found
    assert code == 0  # VAL005 is a warning
