"""registry.memo: a rule's hits are reused across dates only when the rule never read the date."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest

from registry.audit import run_audit
from registry.findings import Finding, Severity
from registry.memo import RuleMemo, WatchedDay, same_answers
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
def test_any_use_of_the_date_is_noted(read: Any) -> None:
    watched = WatchedDay(DAY)
    assert not object.__getattribute__(watched, "seen")
    plain = read(DAY)
    assert read(watched) == plain  # the same answers as a plain date
    noted = object.__getattribute__(watched, "seen") or object.__getattribute__(watched, "compared")
    assert noted


def test_passing_the_date_around_is_not_a_read() -> None:
    watched = WatchedDay(DAY)
    kept = [watched, {"today": watched}]
    assert kept[0] is watched and bool(watched) and isinstance(watched, date)
    assert not object.__getattribute__(watched, "seen")


def _rule(code: str, func: Any) -> Rule:
    return Rule(code, Severity.ERROR, "t", "r", "f", "test", func)


def _messages(runs: Any) -> list[tuple[str, list[str]]]:
    return [(rule.code, [f.message for f in found]) for rule, found in runs]


def _finish(card: Any) -> Any:
    def finish(rule: Rule, hits: Any) -> list[Finding]:
        return [Finding(rule.code, Severity.ERROR, card.folder, card.path, 1, 1, hit.message) for hit in hits]

    return finish


def test_findings_are_reused_when_the_date_cannot_change_them(tmp_path: Path, h: Any) -> None:
    registry = load_registry(h.make_registry(tmp_path))
    card = registry.models[h.MODEL]
    calls: list[str] = []

    def blind(check: Check) -> Iterator[Hit]:
        calls.append("blind")
        yield Hit("no date here", at=("purpose",))

    def compares(check: Check) -> Iterator[Hit]:
        calls.append("compares")
        if check.today > date(2026, 6, 1):
            yield Hit("after June", at=("validation",))

    def ages(check: Check) -> Iterator[Hit]:
        calls.append("ages")
        yield Hit(f"{(check.today - date(2026, 1, 1)).days} days into the year")

    rules = [_rule("TST001", blind), _rule("TST002", compares), _rule("TST003", ages)]
    memo = RuleMemo()
    finish = _finish(card)

    def audit(day: date) -> list[tuple[str, list[str]]]:
        return _messages(memo.run(rules, Check(card, {}, registry.policy, day), finish))

    assert audit(date(2026, 3, 1)) == [
        ("TST001", ["no date here"]),
        ("TST002", []),
        ("TST003", ["59 days into the year"]),
    ]
    assert calls == ["blind", "compares", "ages"]
    assert audit(date(2026, 4, 1)) == [
        ("TST001", ["no date here"]),
        ("TST002", []),
        ("TST003", ["90 days into the year"]),
    ]
    assert calls[3:] == ["ages"]  # the comparison answers the same in April: not run again
    assert audit(date(2026, 7, 1))[1] == ("TST002", ["after June"])
    assert calls[4:] == ["compares", "ages"]  # in July it does not: run again
    # Another card object is another context: nothing is reused for it.
    other = load_registry(h.make_registry(tmp_path, folder="other")).models[h.MODEL]
    list(memo.run(rules, Check(other, {}, registry.policy, date(2026, 7, 1)), _finish(other)))
    assert calls[6:] == ["blind", "compares", "ages"]


def test_comparisons_are_recorded_with_their_answers() -> None:
    watched = WatchedDay(DAY)
    assert watched > OTHER and OTHER < watched and not watched == OTHER  # noqa: SIM300, SIM201
    assert object.__getattribute__(watched, "compared") == [
        ("gt", OTHER, True),
        ("gt", OTHER, True),
        ("eq", OTHER, False),
    ]
    assert not object.__getattribute__(watched, "seen")
    assert same_answers(object.__getattribute__(watched, "compared"), date(2026, 5, 1))
    assert not same_answers(object.__getattribute__(watched, "compared"), date(2026, 3, 1))


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
