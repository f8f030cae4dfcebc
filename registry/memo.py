"""Reuse a rule's findings on an unchanged card across audits on different dates.

``registry trend`` audits the same cards at hundreds of dates. Most rules never look
at the date (a missing owner is missing whatever the day), and a card whose folder
did not change between two commits is the same parsed object at both, so their
findings can be computed once. Which rules look at the date, and how, is not declared
anywhere: it is observed. Each rule runs with a :class:`WatchedDay` as ``today``, a
date that notes every use of its value:

* a rule that did not use the date at all: its findings stand for every date;
* a rule that only compared the date with other dates (``when > today``): each
  comparison and its answer are kept, and the findings stand for any date that gives
  the same answers, which a later audit checks by asking the comparisons again;
* a rule that did anything else with it (an age in days, the date as text): it runs
  again on every date.

A rule's code sees the date only through what it asks of it, so equal answers mean an
equal run and equal findings. A rule added later is handled correctly without anyone
declaring anything. What a rule can read besides the date is the memo's key: the card
object (kept alive by the memo, so its identity is stable), the owner records, the
policy and the card's git history (ids shared by several cards are judged after the
rules, on summaries).
"""

from __future__ import annotations

import dataclasses
import operator
from collections.abc import Callable, Iterable, Iterator, Sequence
from datetime import date
from typing import Any

from registry.findings import Finding
from registry.rules import Check, Hit, Rule

Comparison = tuple[str, date, bool]  # operator name, the other date, the answer
_OPS: dict[str, Callable[[date, date], bool]] = {
    "lt": operator.lt,
    "le": operator.le,
    "gt": operator.gt,
    "ge": operator.ge,
    "eq": operator.eq,
    "ne": operator.ne,
}


#: WatchedDay's own bookkeeping, whose lookup is not a use of the date.
_OWN = frozenset({"seen", "compared", "_compare", "_plain"})


def _noted(op: str) -> Callable[[WatchedDay, Any], Any]:
    """The operator ``op`` for WatchedDay: operators are looked up on the type, so
    each one must be a method of the class to be noted."""

    def compare(self: WatchedDay, other: Any) -> Any:
        return self._compare(op, other)

    compare.__name__ = f"__{op}__"
    return compare


class WatchedDay(date):
    """A date that notes how it was used: ``compared`` (the comparisons) or ``seen``."""

    seen: bool
    compared: list[Comparison]

    def __new__(cls, day: date) -> WatchedDay:
        made = date.__new__(cls, day.year, day.month, day.day)
        object.__setattr__(made, "seen", False)
        object.__setattr__(made, "compared", [])
        return made

    def __getattribute__(self, name: str) -> Any:
        if name not in _OWN:
            object.__setattr__(self, "seen", True)
        return date.__getattribute__(self, name)

    def _plain(self) -> date:
        object.__setattr__(self, "seen", True)
        return date.fromordinal(date.toordinal(self))

    def _compare(self, op: str, other: object) -> Any:
        if type(other) is not date:  # a datetime, another watched day, anything odd: a plain use
            return _OPS[op](self._plain(), other)  # type: ignore[arg-type]
        answer = _OPS[op](date.fromordinal(date.toordinal(self)), other)
        object.__getattribute__(self, "compared").append((op, other, answer))
        return answer

    # Operators are looked up on the type, not through __getattribute__: each is noted.
    def __add__(self, other: Any) -> Any:
        return self._plain().__add__(other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self._plain().__sub__(other)

    def __rsub__(self, other: Any) -> Any:
        return other - self._plain() if isinstance(other, date) else NotImplemented

    __lt__ = _noted("lt")
    __le__ = _noted("le")
    __gt__ = _noted("gt")
    __ge__ = _noted("ge")
    __eq__ = _noted("eq")
    __ne__ = _noted("ne")

    def __hash__(self) -> int:
        return hash(self._plain())

    def __str__(self) -> str:
        return str(self._plain())

    def __repr__(self) -> str:
        return repr(self._plain())

    def __format__(self, spec: str) -> str:
        return format(self._plain(), spec)

    def __reduce__(self) -> Any:
        return self._plain().__reduce__()


def same_answers(compared: Sequence[Comparison], day: date) -> bool:
    """Whether ``day`` answers every comparison as the day that was watched did."""
    return all(_OPS[op](day, other) is answer for op, other, answer in compared)


@dataclasses.dataclass(slots=True)
class _Entry:
    """One rule's run in one context: its findings, and when they stand."""

    rule: Rule
    findings: list[Finding]
    compared: list[Comparison] | None  # None: the date played no part
    dated: bool = False  # the date was used beyond comparisons: run every time


Finish = Callable[[Rule, Iterable[Hit]], list[Finding]]


class RuleMemo:
    """Findings of rules whose run does not depend on the date, by model and context.

    For each model and context it keeps a plan in catalog order: the rules whose
    findings can stand, with the conditions under which they do, and the rules to run
    again. Rules that found nothing and ignored the date are left out of the plan.
    """

    def __init__(self) -> None:
        self._plans: dict[tuple[int, tuple[str, ...]], list[_Entry]] = {}
        self._alive: dict[int, Any] = {}  # what the keys' ids refer to, kept alive
        self._owners: dict[int, int] = {}
        self._contexts: dict[tuple[Any, ...], int] = {}
        self.reused = 0
        self.computed = 0

    def _keep(self, thing: Any) -> int:
        self._alive[id(thing)] = thing  # an id stays unique while its object lives
        return id(thing)

    def _context(self, check: Check) -> int:
        """A small number for the card, owners, policy, duplicate ids and history of ``check``.

        Objects count by identity (equal but distinct objects are merely new contexts),
        except the owners mapping, which callers rebuild for every audit.
        """
        owners = self._owners.get(id(check.owners))
        if owners is None:
            records = tuple(sorted((k, self._keep(v)) for k, v in check.owners.items()))
            owners = self._contexts.setdefault(("owners", records), len(self._contexts))
            self._owners[self._keep(check.owners)] = owners
        context = (
            self._keep(check.card),
            owners,
            self._keep(check.policy),
            self._keep(check.history),
        )
        return self._contexts.setdefault(context, len(self._contexts))

    def run(
        self, rules: Sequence[Rule], check: Check, finish: Finish
    ) -> Iterator[tuple[Rule, list[Finding]]]:
        """Each rule's findings on ``check``: reused where the date cannot change them."""
        key = (self._context(check), tuple(r.code for r in rules))
        plan = self._plans.get(key)
        if plan is None:
            self.computed += 1
            plan = []
            for rule in rules:
                entry = self._watch(rule, check, finish)
                if entry.findings or entry.compared or entry.dated:
                    plan.append(entry)
                yield rule, entry.findings
            self._plans[key] = plan
            return
        self.reused += 1
        for entry in plan:
            if entry.dated:
                yield entry.rule, finish(entry.rule, entry.rule.run(check))
            elif entry.compared and not same_answers(entry.compared, check.today):
                fresh = self._watch(entry.rule, check, finish)
                entry.findings, entry.compared, entry.dated = fresh.findings, fresh.compared, fresh.dated
                yield entry.rule, entry.findings
            else:
                yield entry.rule, entry.findings

    @staticmethod
    def _watch(rule: Rule, check: Check, finish: Finish) -> _Entry:
        watched = WatchedDay(check.today)
        findings = finish(rule, list(rule.run(dataclasses.replace(check, today=watched))))
        if object.__getattribute__(watched, "seen"):
            return _Entry(rule, findings, None, dated=True)
        compared = list(object.__getattribute__(watched, "compared"))
        return _Entry(rule, findings, compared or None)
