"""registry.memo: a rule's hits are reused across dates only when the rule never read the date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from registry.audit import run_audit
from registry.findings import Severity
from registry.memo import RuleMemo, WatchedDay
from registry.rules import Check, Hit, Rule
from registry.store import load_registry

DAY = date(2026, 11, 24)
OTHER = date(2026, 3, 1)

READS = {
    "subtract": lambda d: d - OTHER,
    "subtracted from": lambda d: OTHER - d,
    "add": lambda d: d + timedelta(days=1),
    "added to": lambda d: timedelta(days=1) + d,
    "less than": lambda d: d < OTHER,
    "greater than (reflected)": lambda d: OTHER > d,  # noqa: SIM300 - the date on the right
    "at most (reflected)": lambda d: OTHER <= d,  # noqa: SIM300
    "equal": lambda d: d == OTHER,
    "equal (reflected)": lambda d: OTHER == d,  # noqa: SIM300
    "not equal": lambda d: d != OTHER,
    "hash": hash,
    "in a set": lambda d: d in {OTHER},
    "str": str,
    "repr": repr,
    "format": lambda d: f"{d:%Y}",
    "isoformat": lambda d: d.isoformat(),
    "year": lambda d: d.year,
    "weekday": lambda d: d.weekday(),
    "toordinal": lambda d: d.toordinal(),
    "max": lambda d: max(d, OTHER),
    "sorted": lambda d: sorted([OTHER, d]),
}


@pytest.mark.parametrize("read", READS.values(), ids=list(READS))
def test_any_read_of_the_date_is_seen(read: Any) -> None:
    watched = WatchedDay(DAY)
    assert not object.__getattribute__(watched, "seen")
    plain = read(DAY)
    assert read(watched) == plain  # the same answers as a plain date
    assert object.__getattribute__(watched, "seen")


def test_passing_the_date_around_is_not_a_read() -> None:
    watched = WatchedDay(DAY)
    kept = [watched, {"today": watched}]
    assert kept[0] is watched and bool(watched) and isinstance(watched, date)
    assert not object.__getattribute__(watched, "seen")


def _rule(code: str, func: Any) -> Rule:
    return Rule(code, Severity.ERROR, "t", "r", "f", "test", func)


def test_hits_of_date_blind_rules_are_computed_once(tmp_path: Path, h: Any) -> None:
    registry = load_registry(h.make_registry(tmp_path))
    card = registry.models[h.MODEL]
    calls: list[str] = []

    def blind(check: Check) -> Iterator[Hit]:
        calls.append("blind")
        yield Hit("no date here", at=("purpose",))

    def dated(check: Check) -> Iterator[Hit]:
        calls.append("dated")
        if check.today > date(2026, 6, 1):
            yield Hit("late", at=("validation",))

    rules = [_rule("TST001", blind), _rule("TST002", dated)]
    memo = RuleMemo()
    first = [
        (r.code, [x.message for x in hits])
        for r, hits in memo.run(rules, Check(card, {}, registry.policy, OTHER))
    ]
    second = [
        (r.code, [x.message for x in hits])
        for r, hits in memo.run(rules, Check(card, {}, registry.policy, DAY))
    ]
    assert first == [("TST001", ["no date here"]), ("TST002", [])]
    assert second == [("TST001", ["no date here"]), ("TST002", ["late"])]
    assert calls == ["blind", "dated", "dated"]
    # Another card object is another context: nothing is reused for it.
    other = load_registry(h.make_registry(tmp_path, folder="other")).models[h.MODEL]
    list(memo.run(rules, Check(other, {}, registry.policy, DAY)))
    assert calls[-2:] == ["blind", "dated"]


def test_an_audit_with_the_memo_equals_one_without(tmp_path: Path, h: Any) -> None:
    """Across dates on both sides of the validation's expiry and a waiver's."""
    card = h.baseline_card(backup_owner=h.DROP)
    card["waivers"] = [
        {
            "rule": "OWN004",
            "reason": "team of one",
            "approved_by": "model-risk-office",
            "expires": "2027-01-15",
        }
    ]
    registry = load_registry(
        h.make_registry(tmp_path, cards={h.MODEL: card, "other-model": h.baseline_card("other-model")})
    )
    memo = RuleMemo()
    for offset in range(0, 400, 17):
        day = DAY + timedelta(days=offset)
        plain = run_audit(registry, day)
        remembered = run_audit(registry, day, memo=memo)
        assert remembered.findings == plain.findings, day
    assert memo.reused > 0
