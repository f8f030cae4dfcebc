"""DAT001: a recorded event cannot be dated after today; plans may be."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

TOMORROW = -1  # days ago


def _set_date(path: str, days_ago: int) -> Any:
    """A change that sets the dotted ``path`` of the baseline card to ``days_ago`` days ago."""

    def change(card: dict[str, Any], h: Any) -> None:
        *parents, last = path.split(".")
        node: Any = card
        for step in parents:
            node = node[int(step)] if isinstance(node, list) else node[step]
        node[last] = h.days_ago(days_ago)

    return change


# (dotted path in the baseline card, anchors of its key in the written card)
CARD_DATES = [
    ("validation.date", ("validation:", "date:")),
    ("bias_tests.0.date", ("bias_tests:", "date:")),
    ("incidents.0.date", ("incidents:", "date:")),
    ("training_data.privacy_review.date", ("training_data:", "privacy_review:", "date:")),
    ("pilot.decided", ("pilot:", "decided:")),
]


def _findings(tmp_path: Path, h: Any, card: dict[str, Any], runbook: Any = None) -> Any:
    runbooks = {} if runbook is None else {h.MODEL: runbook}
    root = h.make_registry(tmp_path, cards={h.MODEL: card}, runbooks=runbooks)
    return root, h.audit(root).findings


@pytest.mark.parametrize(("path", "anchors"), CARD_DATES, ids=[p for p, _ in CARD_DATES])
def test_a_future_date_is_one_finding_at_the_date_value(
    tmp_path: Path, h: Any, path: str, anchors: tuple[str, ...]
) -> None:
    card = h.baseline_card()
    _set_date(path, TOMORROW)(card, h)
    root, findings = _findings(tmp_path, h, card)
    text = (root / h.CARD_PATH).read_text()
    line, column = h.value_where(text, *anchors)
    assert h.summary(findings) == [("DAT001", "error", h.MODEL, h.CARD_PATH, line, column)]
    assert text.splitlines()[line - 1][column - 1 :].strip("'") == h.days_ago(TOMORROW)
    assert h.days_ago(TOMORROW) in findings[0].message


@pytest.mark.parametrize(("path", "anchors"), CARD_DATES, ids=[p for p, _ in CARD_DATES])
def test_a_date_equal_to_today_is_not_in_the_future(
    tmp_path: Path, h: Any, path: str, anchors: tuple[str, ...]
) -> None:
    card = h.baseline_card()
    _set_date(path, 0)(card, h)
    assert _findings(tmp_path, h, card)[1] == []


def _runbook(h: Any, reviewed: str) -> str:
    return str(h.runbook_text()).replace(f"last_reviewed: {h.days_ago(30)}", f"last_reviewed: {reviewed}")


def test_runbook_reviewed_in_the_future_points_at_its_last_reviewed_line(tmp_path: Path, h: Any) -> None:
    text = _runbook(h, h.days_ago(TOMORROW))
    root, findings = _findings(tmp_path, h, h.baseline_card(), text)
    line, column = h.where((root / h.RUNBOOK_PATH).read_text(), "last_reviewed:")
    assert h.summary(findings) == [("DAT001", "error", h.MODEL, h.RUNBOOK_PATH, line, column)]
    assert (root / h.RUNBOOK_PATH).read_text() == text


def test_runbook_reviewed_today_is_fine(tmp_path: Path, h: Any) -> None:
    assert _findings(tmp_path, h, h.baseline_card(), _runbook(h, h.days_ago(0)))[1] == []


def test_a_validation_dated_next_year_no_longer_passes(tmp_path: Path, h: Any) -> None:
    """Issue 13: "a validation dated next year passes". It counts as the validation (no
    VAL001) and its negative age trips no VAL002, but DAT001 says what is wrong."""
    card = h.baseline_card()
    card["validation"]["date"] = h.TODAY.replace(year=h.TODAY.year + 1).isoformat()
    root, findings = _findings(tmp_path, h, card)
    assert h.codes(findings) == ["DAT001"]
    assert h.audit(root).failed("error")


def test_a_future_bias_test_still_counts_as_the_bias_test(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    card["bias_tests"][0]["date"] = h.days_ago(-30)
    assert h.codes(_findings(tmp_path, h, card)[1]) == ["DAT001"]  # no BIA001, no BIA002


def test_one_finding_per_future_date(tmp_path: Path, h: Any) -> None:
    card = h.baseline_card()
    second = dict(card["bias_tests"][0], date=h.days_ago(-2))
    card["bias_tests"] = [dict(card["bias_tests"][0], date=h.days_ago(-1)), second]
    card["incidents"][0]["date"] = h.days_ago(-3)
    root, findings = _findings(tmp_path, h, card)
    text = (root / h.CARD_PATH).read_text()
    assert [(f.line, f.column) for f in findings] == [
        h.value_where(text, "bias_tests:", "date:"),
        h.value_where(text, "bias_tests:", "date:", "date:"),
        h.value_where(text, "incidents:", "date:"),
    ]
    assert h.codes(findings) == ["DAT001"] * 3


@pytest.mark.parametrize("path", ["pilot.start", "pilot.end"])
def test_plans_may_be_in_the_future(tmp_path: Path, h: Any, path: str) -> None:
    card = h.baseline_card(stage="proposed")
    card["pilot"] = {"start": h.days_ago(-30), "end": h.days_ago(-100)}
    assert _findings(tmp_path, h, card)[1] == []
    card = h.baseline_card()
    _set_date(path, -30)(card, h)
    assert "DAT001" not in h.codes(_findings(tmp_path / "b", h, card)[1])


def test_a_waiver_expiring_in_the_future_is_a_plan(tmp_path: Path, h: Any) -> None:
    waiver = {"rule": "MET002", "reason": "r", "approved_by": "cro-office", "expires": h.days_ago(-100)}
    assert _findings(tmp_path, h, h.baseline_card(waivers=[waiver]))[1] == []


def test_flow_style_dates_point_at_the_value(tmp_path: Path, h: Any) -> None:
    text = h.dump(h.baseline_card()).decode()
    text = text.replace("incidents:\n", f"incidents:\n- {{date: {h.days_ago(-1)}, summary: x, review: y}}\n")
    root = h.make_registry(tmp_path, cards={h.MODEL: text})
    (finding,) = h.audit(root).findings
    line, column = h.where(text, "incidents:", "{date:")
    assert (finding.rule, finding.line, finding.column) == ("DAT001", line, column + len("{date: "))


def test_dat001_cannot_be_waived(tmp_path: Path, h: Any) -> None:
    waiver = {"rule": "DAT001", "reason": "r", "approved_by": "cro-office", "expires": h.days_ago(-100)}
    card = h.baseline_card(waivers=[waiver])
    card["validation"]["date"] = h.days_ago(-1)
    assert sorted(h.codes(_findings(tmp_path, h, card)[1])) == ["DAT001", "WAI003"]


@pytest.mark.parametrize(("stage", "fires"), [("proposed", True), ("pilot", True), ("retired", False)])
def test_dat001_stages(tmp_path: Path, h: Any, stage: str, fires: bool) -> None:
    card = h.baseline_card(stage=stage)
    card["validation"]["date"] = h.days_ago(-1)
    assert h.codes(_findings(tmp_path, h, card)[1]) == (["DAT001"] if fires else [])
