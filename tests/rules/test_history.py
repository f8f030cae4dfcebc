"""VAL005: the card changed after its validation date, as git history shows.

Each test builds a real repository in ``tmp_path`` with fixed commit dates around the
baseline card's validation date (``TODAY - 10`` = 2026-11-14), then audits it with
the history that :func:`registry.git.registry_history` gathers, as the CLI does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from git_support import AFTER, BEFORE, Repo, isolate_git
from registry_support import TODAY, baseline_card

from registry.audit import run_audit
from registry.git import registry_history
from registry.store import load_registry

VALIDATED: str = baseline_card()["validation"]["date"]


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


@pytest.fixture
def setup(tmp_path: Path, h: Any) -> Any:
    """A committed compliant registry (dated before the validation) and a card writer."""
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    repo.commit("Import the registry", BEFORE)

    def write(card: dict[str, Any] | str) -> Path:
        path = root / h.CARD_PATH
        path.write_bytes(h.dump(card))
        return path

    return root, repo, write


def audit_git(root: Path) -> Any:
    """Audit as the CLI does inside git: the cards' history from one pass over ``git log``."""
    registry = load_registry(root)
    history = registry_history(root)
    return run_audit(registry, TODAY, history=history.cards)


def val005(result: Any) -> list[Any]:
    return [f for f in result.findings if f.rule == "VAL005"]


def test_purpose_edited_after_validation_fires_and_names_the_commit(setup: Any, h: Any) -> None:
    root, repo, write = setup
    path = write(h.baseline_card(purpose="Flags every card transaction, present or not."))
    sha = repo.commit("Widen the purpose to card-present traffic", AFTER)
    result = audit_git(root)
    assert h.summary(result.findings) == [
        ("VAL005", "warning", h.MODEL, h.CARD_PATH, *h.where(path.read_text(), "purpose:"))
    ]
    message = result.findings[0].message
    assert f"on {VALIDATED} in purpose," in message
    assert sha[:10] in message and "Widen the purpose to card-present traffic" in message
    assert "2026-11-20" in message


def test_paperwork_fields_do_not_make_the_validation_stale(setup: Any, h: Any) -> None:
    root, repo, write = setup
    card = h.baseline_card()
    card["incidents"].append(
        {"date": "2026-11-18", "severity": "low", "summary": "Late scores.", "review": "https://x/pir/2"}
    )
    card["bias_tests"][0]["evidence"] = "https://example.com/bias/v2"
    card["validation"]["evidence"] = "https://example.com/validation/v2"
    card["waivers"] = [
        {"rule": "MET003", "reason": "Guardrail in design.", "approved_by": "cro", "expires": "2027-06-30"}
    ]
    write(card)
    repo.commit("Record an incident and refresh the evidence links", AFTER)
    assert val005(audit_git(root)) == []


def test_uncommitted_working_tree_edit_counts(setup: Any, h: Any) -> None:
    root, _repo, write = setup
    path = write(h.baseline_card(limitations=["Trained on EU and UK traffic"]))
    [finding] = val005(audit_git(root))
    assert (finding.line, finding.column) == h.where(path.read_text(), "limitations:")
    assert "in limitations (uncommitted change in the working tree)" in finding.message


def test_formatting_comments_and_key_order_do_not_count(setup: Any, h: Any) -> None:
    root, repo, write = setup
    card = h.baseline_card()
    reordered = dict(reversed(list(card.items())))
    text = "# Reviewed and reformatted.\n" + h.dump(reordered).decode().replace(
        "purpose: Flags", "purpose: 'Flags"
    ).replace("for review.\n", "for review.'  # unchanged\n")
    write(text)
    repo.commit("Reformat the card", AFTER)
    assert "'Flags card-not-present" in (root / h.CARD_PATH).read_text()
    assert val005(audit_git(root)) == []


@pytest.mark.parametrize(
    ("when", "fires"),
    [
        ("2026-11-14T23:30:00-05:00", False),  # 2026-11-15 in UTC, but the 14th where it was made
        ("2026-11-15T00:30:00+01:00", True),  # 2026-11-14 in UTC, but the 15th where it was made
    ],
)
def test_the_commit_date_counts_in_the_committers_time_zone(
    setup: Any, h: Any, when: str, fires: bool
) -> None:
    root, repo, write = setup
    write(h.baseline_card(purpose="Scores card-not-present transactions."))
    repo.commit("Reword the purpose", when)
    assert len(val005(audit_git(root))) == int(fires)


def test_card_that_did_not_exist_on_the_validation_date_is_skipped(tmp_path: Path, h: Any) -> None:
    root = h.make_registry(tmp_path)
    repo = Repo(root)
    repo.commit("Import the registry after the validation", AFTER)
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(purpose="Something else entirely.")))
    assert val005(audit_git(root)) == []


def test_every_changed_field_is_named_and_the_first_commit_blamed(setup: Any, h: Any) -> None:
    root, repo, write = setup
    write(h.baseline_card(purpose="Scores card-not-present transactions."))
    first = repo.commit("Reword the purpose", "2026-11-16T09:00:00+00:00")
    path = write(h.baseline_card(purpose="Scores card-not-present transactions.", sponsor="CFO"))
    repo.commit("Change the sponsor", "2026-11-18T09:00:00+00:00")
    [finding] = val005(audit_git(root))
    assert "in sponsor, purpose, first by commit " + first[:10] in finding.message
    assert '"Reword the purpose"' in finding.message
    assert (finding.line, finding.column) == h.where(path.read_text(), "sponsor:")


def test_a_change_reverted_since_is_not_stale(setup: Any, h: Any) -> None:
    root, repo, write = setup
    write(h.baseline_card(purpose="Scores card-not-present transactions."))
    repo.commit("Reword the purpose", "2026-11-16T09:00:00+00:00")
    write(h.baseline_card())
    repo.commit("Revert the purpose", "2026-11-18T09:00:00+00:00")
    assert val005(audit_git(root)) == []


def test_a_branch_counts_from_the_day_it_was_merged(setup: Any, h: Any) -> None:
    """Written on a branch before the validation, merged after it: the validated card lacked it."""
    root, repo, write = setup
    repo("checkout", "-q", "-b", "reword")
    write(h.baseline_card(purpose="Scores card-not-present transactions."))
    repo.commit("Reword the purpose", "2026-11-10T09:00:00+00:00")
    repo("checkout", "-q", "main")
    repo("merge", "-q", "--no-ff", "-m", "Merge the rewording", "reword", when=AFTER)
    [finding] = val005(audit_git(root))
    assert '"Merge the rewording"' in finding.message


def test_a_waiver_silences_it(tmp_path: Path, h: Any) -> None:
    waiver = {"rule": "VAL005", "reason": "Typo fix only.", "approved_by": "mro", "expires": "2027-06-30"}
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(waivers=[waiver])})
    repo = Repo(root)
    repo.commit("Import", BEFORE)
    (root / h.CARD_PATH).write_bytes(h.dump(h.baseline_card(waivers=[waiver], purpose="Typo fixed.")))
    repo.commit("Fix a typo", AFTER)
    assert val005(audit_git(root)) == []


def test_without_history_facts_the_rule_says_nothing(setup: Any, h: Any) -> None:
    root, repo, write = setup
    write(h.baseline_card(purpose="Scores card-not-present transactions."))
    repo.commit("Reword the purpose", AFTER)
    assert val005(h.audit(root)) == []  # run_audit without history=...
    assert len(val005(audit_git(root))) == 1


def test_retired_models_are_not_judged(setup: Any, h: Any) -> None:
    root, repo, write = setup
    write(h.baseline_card(stage="retired", purpose="Replaced by fraud-detector-v2."))
    repo.commit("Retire the model", AFTER)
    assert val005(audit_git(root)) == []
