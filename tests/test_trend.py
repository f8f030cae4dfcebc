"""registry.trend: each point is the audit ``audit --rev SHA --today DAY`` gives, parsed once.

The history below is built in ``tmp_path`` with fixed commit dates: a validation that
ages past its limit with no commit at all, fixes, a card edited after its validation
(VAL005), a registry.yaml broken for a while, and a commit dated after "today".
"""

from __future__ import annotations

import json
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from git_support import Repo, cli, isolate_git
from registry_support import TODAY

import registry.revisions as revisions_module
from registry.git import tree_source
from registry.store import load_registry
from registry.trend import compute_trend, periods


@pytest.fixture(autouse=True)
def _isolated_git(monkeypatch: pytest.MonkeyPatch) -> None:
    isolate_git(monkeypatch)


def early_card(h: Any, model: str | None = None, **changes: Any) -> dict[str, Any]:
    """The baseline card validated on 2026-05-20 (high risk: 90 days, so overdue from August)."""
    card = h.baseline_card(model or h.MODEL, **changes)
    card["validation"]["date"] = "2026-05-20"
    card["bias_tests"][0]["date"] = "2026-05-25"
    return card


def early_runbook(h: Any, model: str) -> str:
    """A runbook reviewed before the history starts (a later date would be DAT001 early on)."""
    return h.runbook_text(model).replace(f"last_reviewed: {h.days_ago(30)}", "last_reviewed: 2026-05-01")


@pytest.fixture
def story(tmp_path: Path, h: Any) -> tuple[Path, Repo, dict[str, str]]:
    """A registry inside a larger repository, with six months of history."""
    top = tmp_path / "repo"
    top.mkdir()
    repo = Repo(top)
    (top / "README.md").write_text("Platform docs\n")
    shas = {"readme": repo.commit("Start the platform repository", "2026-05-02T09:00:00+00:00")}
    churn = early_card(h, "churn-model", stage="proposed", purpose=h.DROP)
    runbooks = {m: early_runbook(h, m) for m in (h.MODEL, "churn-model")}
    cards = {h.MODEL: early_card(h), "churn-model": churn}
    root = h.make_registry(top, folder="governance", cards=cards, runbooks=runbooks)
    shas["import"] = repo.commit("Import the registry", "2026-06-03T10:00:00+02:00")
    (root / "models/churn-model/model_card.yaml").write_bytes(
        h.dump(early_card(h, "churn-model", stage="proposed"))
    )
    retired = root / "models/old-scorecard"
    retired.mkdir()
    (retired / "model_card.yaml").write_bytes(h.dump(early_card(h, "old-scorecard", stage="retired")))
    shas["fix"] = repo.commit(
        "Give churn-model a purpose; record the retired scorecard", "2026-07-15T16:00:00+00:00"
    )
    revalidated = early_card(h)
    revalidated["validation"]["date"] = "2026-09-05"
    (root / h.CARD_PATH).write_bytes(h.dump(revalidated))
    shas["revalidate"] = repo.commit("Revalidate fraud-detector", "2026-09-10T12:00:00+00:00")
    revalidated["purpose"] = "Scores every card transaction."
    (root / h.CARD_PATH).write_bytes(h.dump(revalidated))
    shas["reword"] = repo.commit("Reword the purpose", "2026-10-02T12:00:00+00:00")
    (root / "registry.yaml").write_text("registry: 1\nname: [unclosed\n")
    shas["break"] = repo.commit("Break registry.yaml", "2026-10-20T12:00:00+00:00")
    (root / "registry.yaml").write_bytes(h.dump({"registry": 1, "name": "Test registry"}))
    shas["repair"] = repo.commit("Repair registry.yaml", "2026-11-05T12:00:00+00:00")
    (root / "models/churn-model/model_card.yaml").write_bytes(h.dump(churn))
    shas["future"] = repo.commit("A commit dated after today", "2026-11-28T12:00:00+00:00")
    return root, repo, shas


def audit_rev(capsys: pytest.CaptureFixture[str], root: Path, sha: str, day: date) -> tuple[int, Any]:
    code, out, err = cli(
        capsys, "audit", str(root), "--rev", sha, "--today", day.isoformat(), "--format", "json", "--no-cache"
    )
    return code, json.loads(out) if code in (0, 1) else err


@pytest.mark.parametrize("every", ["week", "month"])
def test_every_point_is_the_audit_of_its_commit_on_its_day(
    story: Any, capsys: pytest.CaptureFixture[str], every: str
) -> None:
    root, _, shas = story
    trend = compute_trend(root, TODAY, every=every, keep_findings=True)
    assert trend.points, "no point"
    audited = 0
    for point in trend.points:
        assert point.revision is not None  # the trend starts with the registry
        code, report = audit_rev(capsys, root, point.revision, point.today)
        if point.tally is None:
            assert point.revision == shas["break"] and code == 2
            assert point.note is not None and "registry.yaml" in point.note
            continue
        audited += 1
        assert [f.to_dict() for f in point.findings] == report["findings"], point.period.label
        summary = report["summary"]
        assert point.tally.models == summary["models"]
        assert point.tally.counts == {k: summary[k] for k in ("error", "warning", "info")}
        stages = {f: c.stage for f, c in load_registry(tree_source(root, point.revision)).models.items()}
        scope = [m for m, stage in stages.items() if stage != "retired"]
        failing = {f["model"] for f in report["findings"] if f["severity"] == "error"}
        assert point.tally.in_scope == len(scope)
        assert point.tally.compliant == len([m for m in scope if m not in failing])
    assert audited >= (18 if every == "week" else 5)


def test_points_are_judged_on_the_period_end_and_cut_at_today(story: Any) -> None:
    root, _, shas = story
    trend = compute_trend(root, TODAY, every="month", keep_findings=True)
    labels = [p.period.label for p in trend.points]
    assert labels == ["2026-06", "2026-07", "2026-08", "2026-09", "2026-10", "2026-11"]
    assert trend.since == date(2026, 6, 3)  # the commit that added registry.yaml, not the repository's first
    assert [p.today for p in trend.points] == [
        date(2026, 6, 30),
        date(2026, 7, 31),
        date(2026, 8, 31),
        date(2026, 9, 30),
        date(2026, 10, 31),
        TODAY,  # the running month stops at today
    ]
    by_label = {p.period.label: p for p in trend.points}
    assert by_label["2026-07"].revision == by_label["2026-08"].revision == shas["fix"]
    assert by_label["2026-11"].revision == shas["repair"]  # the commit of 2026-11-28 is after today
    # No commit in August, yet both validations of 2026-05-20 expired (90 days): judged on the day.
    july, august = by_label["2026-07"].tally, by_label["2026-08"].tally
    assert july is not None and august is not None
    assert (july.counts["error"], august.counts["error"]) == (0, 2)
    errors = [(f.rule, f.model) for f in by_label["2026-08"].findings if f.severity.value == "error"]
    assert sorted(errors) == [("VAL002", "churn-model"), ("VAL002", "fraud-detector")]
    assert by_label["2026-10"].tally is None and by_label["2026-10"].revision == shas["break"]


def test_periods_before_the_first_commit_have_no_audit(story: Any) -> None:
    root, _, shas = story
    trend = compute_trend(root, date(2026, 6, 20), since=date(2026, 4, 20), every="week")
    first = trend.points[0]
    assert first.period.label == "2026-W17" and first.period.start == date(2026, 4, 20)
    assert first.revision is None and first.tally is None and first.note == "no commit yet"
    readme_only = [p for p in trend.points if p.revision == shas["readme"]]
    assert readme_only and all(p.tally is None and "no registry.yaml" in (p.note or "") for p in readme_only)
    assert trend.points[-1].today == date(2026, 6, 20)


def test_each_card_folder_and_owner_file_is_parsed_once(story: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    root, _, _ = story
    cards: Counter[tuple[str, str | None]] = Counter()
    owners: Counter[tuple[str, str | None]] = Counter()
    real_card, real_owner = revisions_module.load_card, revisions_module.load_owner

    def load_card(tree: Any, folder: str) -> Any:
        cards[(folder, tree.content_key(f"models/{folder}"))] += 1
        return real_card(tree, folder)

    def load_owner(tree: Any, rel: str) -> Any:
        owners[(rel, tree.content_key(rel))] += 1
        return real_owner(tree, rel)

    monkeypatch.setattr(revisions_module, "load_card", load_card)
    monkeypatch.setattr(revisions_module, "load_owner", load_owner)
    trend = compute_trend(root, TODAY, every="week")
    assert len(trend.points) >= 20
    assert cards and max(cards.values()) == 1
    assert owners and max(owners.values()) == 1
    # fraud-detector has three versions, churn-model two, old-scorecard one
    assert sorted(Counter(folder for folder, _ in cards).values()) == [1, 2, 3]


def test_periods() -> None:
    weeks = periods(date(2026, 11, 1), date(2026, 11, 24), "week")  # a Sunday, a Tuesday
    assert [(p.label, p.start, p.end) for p in weeks] == [
        ("2026-W44", date(2026, 10, 26), date(2026, 11, 1)),
        ("2026-W45", date(2026, 11, 2), date(2026, 11, 8)),
        ("2026-W46", date(2026, 11, 9), date(2026, 11, 15)),
        ("2026-W47", date(2026, 11, 16), date(2026, 11, 22)),
        ("2026-W48", date(2026, 11, 23), date(2026, 11, 29)),
    ]
    months = periods(date(2024, 1, 31), date(2024, 3, 1), "month")
    assert [(p.label, p.start, p.end) for p in months] == [
        ("2024-01", date(2024, 1, 1), date(2024, 1, 31)),
        ("2024-02", date(2024, 2, 1), date(2024, 2, 29)),
        ("2024-03", date(2024, 3, 1), date(2024, 3, 31)),
    ]
    with pytest.raises(ValueError):
        periods(date(2024, 1, 1), date(2024, 2, 1), "day")


def test_history_rules_see_the_history_up_to_each_point(story: Any) -> None:
    """VAL005 fires from the rewording on, as ``audit --rev`` at those commits says."""
    root, _, shas = story
    trend = compute_trend(root, TODAY, every="week", keep_findings=True)
    flagged = [p.revision for p in trend.points if any(f.rule == "VAL005" for f in p.findings)]
    assert flagged and set(flagged) == {shas["reword"], shas["repair"]}


def test_compliance_follows_fail_on(tmp_path: Path, h: Any) -> None:
    """Compliant means no finding at or above fail_on, as the audit's exit code and the console say."""
    from registry.audit import run_audit
    from registry.trend import tally

    cards = {
        "warned": h.baseline_card("warned", backup_owner=h.DROP),  # OWN004 warning
        "failing": h.baseline_card("failing", purpose=h.DROP),  # DOC001 error
        "clean": h.baseline_card("clean"),
        "old": h.baseline_card("old", stage="retired", purpose=h.DROP),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards))
    result = run_audit(registry, TODAY)
    stages = {f: c.stage for f, c in registry.models.items()}
    assert [
        (t.in_scope, t.compliant) for t in (tally(result, stages, level) for level in ("error", "warning"))
    ] == [
        (3, 2),
        (3, 1),
    ]
    assert tally(result, stages, "never").compliant == 3 and tally(result, stages).share == 2 / 3


def test_worker_processes_give_the_same_points(story: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    import registry.trend as trend_module

    root, _, _ = story
    alone = compute_trend(root, TODAY, every="week", keep_findings=True, jobs=1)
    monkeypatch.setattr(trend_module, "PARALLEL_THRESHOLD", 0)
    together = compute_trend(root, TODAY, every="week", keep_findings=True, jobs=2)
    assert together == alone and len(together.points) > 20
