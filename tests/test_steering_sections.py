"""registry.steering_sections: each section of the steering report, on small registries.

Every test starts from the compliant baseline card (conftest) and changes what the
section is about, so the expected rows are known exactly.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from git_support import Repo, isolate_git
from registry_support import TODAY

from registry.audit import run_audit
from registry.steering import safe_url
from registry.steering_sections import (
    actions,
    assemble,
    build_report,
    expiring,
    incidents,
    pilots,
    teams,
    use_cases,
)
from registry.store import load_registry


def pilot_card(h: Any, model: str, **pilot: Any) -> dict[str, Any]:
    card = h.baseline_card(model, stage="pilot")
    card["pilot"] = {"exit_criteria": ["precision >= 0.9"], **pilot}
    return card


def test_pilots_against_their_time_box_most_urgent_first(tmp_path: Path, h: Any) -> None:
    cards = {
        "running": pilot_card(h, "running", start="2026-10-01", end="2026-12-20"),
        "overdue": pilot_card(h, "overdue", start="2026-06-01", end="2026-08-24", decision="pending"),
        "long": pilot_card(h, "long", start="2026-08-03", end="2027-03-01"),
        "decided": pilot_card(
            h, "decided", start="2026-01-05", end="2026-03-30", decision="go", decided="2026-04-02"
        ),
        "undated": pilot_card(h, "undated"),
        "live": h.baseline_card("live"),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards))
    rows = pilots(registry, TODAY)
    assert [(r.model, r.status) for r in rows] == [
        ("overdue", "past planned end"),
        ("long", "over time box"),  # 16.1 weeks in, planned end still ahead
        ("undated", "no start date"),
        ("running", "running"),
        ("decided", "decided"),
    ]
    long = rows[1]
    assert (long.weeks_elapsed, long.planned_weeks, long.planned_end) == (16.1, 30.0, date(2027, 3, 1))
    assert rows[0].exit_criteria == ["precision >= 0.9"] and rows[0].decision == "pending"
    assert rows[-1].decided == date(2026, 4, 2)
    assert rows[0].dashboard == "https://example.com/dash"


def test_expiring_validations_and_waivers_within_the_window(tmp_path: Path, h: Any) -> None:
    def validated(model: str, days_ago: int, **changes: Any) -> dict[str, Any]:
        card = h.baseline_card(model, **changes)
        card["validation"]["date"] = (TODAY - timedelta(days=days_ago)).isoformat()
        return card

    waived = h.baseline_card("waived")
    waived["waivers"] = [
        {"rule": "OWN004", "reason": "r", "approved_by": "model-risk-office", "expires": "2026-12-10"},
        {"rule": "MET002", "reason": "r", "approved_by": "model-risk-office", "expires": "2027-03-01"},
    ]
    cards = {
        "due-today": validated("due-today", 90),  # high risk: 90 days
        "due-in-30": validated("due-in-30", 60),
        "due-in-31": validated("due-in-31", 59),
        "overdue": validated("overdue", 91),  # an open error, not an expiry
        "retired": validated("retired", 80, stage="retired"),
        "waived": waived,
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards))
    rows = expiring(registry, TODAY)
    assert [(e.kind, e.model, e.subject, e.days_left) for e in rows] == [
        ("validation", "due-today", "high risk: every 90 days", 0),
        ("waiver", "waived", "OWN004", 16),
        ("validation", "due-in-30", "high risk: every 90 days", 30),
    ]
    assert rows[0].evidence == "https://example.com/validation/fraud-detector"


def test_incidents_without_review_oldest_first(tmp_path: Path, h: Any) -> None:
    open_one = {"date": "2026-10-02", "severity": "high", "summary": "Outage"}
    older = {"date": "2026-04-01", "severity": "low", "summary": "Slow"}
    reviewed = {"date": "2026-05-01", "severity": "low", "summary": "Fine", "review": "https://x.example/r"}
    cards = {
        "a-model": h.baseline_card("a-model", incidents=[open_one, reviewed]),
        "b-model": h.baseline_card("b-model", incidents=[older]),
        "gone": h.baseline_card("gone", stage="retired", incidents=[older]),
    }
    rows = incidents(load_registry(h.make_registry(tmp_path, cards=cards)))
    assert [(i.model, i.day, i.severity, i.summary) for i in rows] == [
        ("b-model", date(2026, 4, 1), "low", "Slow"),
        ("a-model", date(2026, 10, 2), "high", "Outage"),
    ]


def test_teams_worst_first_with_inactive_and_missing_owners(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["gone-team"] = {
        "id": "gone-team",
        "kind": "team",
        "name": "Gone",
        "email": "g@x.example",
        "active": False,
    }
    cards = {
        "clean": h.baseline_card("clean"),
        "broken": h.baseline_card("broken", purpose=h.DROP),
        "orphan": h.baseline_card("orphan", owner=h.DROP),
        "left": h.baseline_card("left", owner="gone-team"),
        "ghost": h.baseline_card("ghost", owner="nobody"),
        "old": h.baseline_card("old", stage="retired", owner="gone-team"),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards, owners=owners))
    rows = teams(registry, run_audit(registry, TODAY))
    assert [(r.owner, r.name, r.active, r.models, r.compliant) for r in rows] == [
        (None, "(no owner)", True, 1, 0),  # worst share first, then most errors, then by name
        ("gone-team", "Gone", False, 1, 0),  # the retired model is not counted
        ("nobody", "nobody", None, 1, 0),
        ("payments-risk", "Payments Risk ML", True, 2, 1),
    ]
    assert rows[-1].contact == "#payments-risk-oncall"


def test_actions_name_who_acts_and_how(tmp_path: Path, h: Any) -> None:
    owners = h.baseline_owners()
    owners["payments-risk"]["active"] = False
    settings = {"registry": 1, "name": "T", "governance_reviewers": ["@acme/model-risk"]}
    cards = {
        h.MODEL: h.baseline_card(),  # owner inactive: its backup owner answers
        "orphan": h.baseline_card("orphan", owner=h.DROP, backup_owner=h.DROP),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards, owners=owners, settings=settings))
    result = run_audit(registry, TODAY)
    rows = actions(registry, result, None)
    assert [(a.finding.rule, a.finding.model) for a in rows] == [("OWN003", h.MODEL), ("OWN001", "orphan")]
    by_model = {a.finding.model: a for a in rows}
    inactive = by_model[h.MODEL].contact
    assert (inactive.owner, inactive.status, inactive.reach, inactive.via) == (
        "payments-risk",
        "inactive",
        "fraud-platform@example.com",
        "backup owner fraud-platform",
    )
    orphan = by_model["orphan"].contact
    assert (orphan.owner, orphan.status, orphan.reach, orphan.via) == (
        None,
        "none",
        "@acme/model-risk",
        "governance reviewers",
    )
    assert (
        by_model["orphan"].fix.startswith("Set `owner:`") and by_model["orphan"].title == "Model has no owner"
    )
    assert all(a.finding.severity.value == "error" for a in rows) and all(a.open_since is None for a in rows)


def test_actions_are_ordered_by_how_long_they_have_been_open(
    tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An error open since the first week comes before one that appeared later."""
    isolate_git(monkeypatch)
    runbook = h.runbook_text().replace(f"last_reviewed: {h.days_ago(30)}", "last_reviewed: 2026-08-01")
    card = h.baseline_card(purpose=h.DROP, risk_tier="low")
    card["validation"]["date"] = card["bias_tests"][0]["date"] = "2026-08-20"
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks={h.MODEL: runbook})
    repo = Repo(root)
    repo.commit("Import", "2026-09-01T12:00:00+00:00")
    card["limitations"] = []
    (root / h.CARD_PATH).write_bytes(h.dump(card))
    repo.commit("Drop the limitations", "2026-10-14T12:00:00+00:00")
    report = build_report(root, TODAY, trend_weeks=10)
    assert report.trend is not None and report.trend.points[0].period.label == "2026-W38"
    assert [(a.finding.rule, a.finding.field, a.open_since, a.open_before) for a in report.actions] == [
        ("DOC001", "purpose", date(2026, 9, 20), True),  # already open at the first point
        ("DOC001", "limitations", date(2026, 10, 18), False),
    ]


def test_a_registry_outside_git_has_no_trend(tmp_path: Path, h: Any) -> None:
    report = build_report(h.make_registry(tmp_path), TODAY)
    assert (
        report.trend is None
        and report.trend_note is not None
        and "not in a git repository" in report.trend_note
    )
    assert report.revision is None and report.headline.tally.compliant == 1


def test_use_cases_ranked_by_combined_score(tmp_path: Path, h: Any) -> None:
    def proposal(model: str, **scores: int) -> dict[str, Any]:
        return h.baseline_card(model, stage="proposed", priority=scores, sponsor="COO")

    settings = {"registry": 1, "name": "T", "policy": {"priority_weights": {"impact": 2}}}
    cards = {
        "alpha": proposal("alpha", impact=3, feasibility=5, readiness=5),  # (6+5+5)/4 = 4.00
        "bravo": proposal("bravo", impact=5, feasibility=3, readiness=3),  # (10+3+3)/4 = 4.00, more impact
        "charlie": proposal("charlie", impact=5, feasibility=5),  # no readiness: not ranked
        "delta": proposal("delta", impact=1, feasibility=2, readiness=2),  # 1.50
        "live": h.baseline_card("live"),
    }
    registry = load_registry(h.make_registry(tmp_path, cards=cards, settings=settings))
    rows = use_cases(registry)
    assert [(u.rank, u.model, u.score) for u in rows] == [
        (1, "bravo", 4.0),
        (2, "alpha", 4.0),
        (3, "delta", 1.5),
        (None, "charlie", None),
    ]
    assert (rows[0].impact, rows[0].feasibility, rows[0].readiness, rows[0].sponsor) == (5, 3, 3, "COO")


@pytest.mark.parametrize(
    ("url", "kept"),
    [
        ("https://wiki.example.com/x?y=1#z", True),
        ("http://grafana.example/d/a", True),
        ("javascript:alert(1)", False),
        ("JAVASCRIPT:alert(1)", False),
        ("data:text/html,<script>", False),
        ("ftp://files.example/x", False),
        ("//evil.example/x", False),
        ("/relative/path", False),
        ("https://", False),
        ("https://ok.example/a b", False),
        ('https://ok.example/"onmouseover="x', False),
        ("https://ok.example/\u202e", False),
        (None, False),
        (42, False),
    ],
)
def test_only_http_links_are_kept(url: Any, kept: bool) -> None:
    assert safe_url(url) == (url if kept else None)


def test_assemble_without_a_trend(tmp_path: Path, h: Any) -> None:
    registry = load_registry(h.make_registry(tmp_path))
    report = assemble(registry, run_audit(registry, TODAY), None)
    assert (
        report.trend is None and report.actions == [] and report.headline.grid == {"production": {"high": 1}}
    )
