"""Reuse a rule's hits on an unchanged card across audits on different dates.

``registry trend`` audits the same cards at hundreds of dates. Most rules never look
at the date (a missing owner is missing whatever the day), and a card whose folder
did not change between two commits is the same parsed object at both, so their hits
can be computed once. Which rules look at the date is not declared anywhere: it is
observed. Each rule runs once with a :class:`WatchedDay` as ``today``, a date that
notes any read of its value (attributes, arithmetic, comparisons, hashing, text);
hits of a run that read nothing of the date are kept for that card and context, the
others are recomputed on every date. A rule added later is therefore handled
correctly without anyone declaring anything.

What a rule can read besides the date is the key: the card object itself (kept alive
by the memo, so its identity is stable), the owner records, the policy, the duplicate
ids and the card's git history.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterator, Sequence
from datetime import date
from typing import Any

from registry.rules import Check, Hit, Rule


class WatchedDay(date):
    """A date that remembers whether anything read it (``seen``)."""

    seen: bool

    def __new__(cls, day: date) -> WatchedDay:
        made = date.__new__(cls, day.year, day.month, day.day)
        object.__setattr__(made, "seen", False)
        return made

    def __getattribute__(self, name: str) -> Any:
        if name != "seen":
            object.__setattr__(self, "seen", True)
        return date.__getattribute__(self, name)

    def _plain(self) -> date:
        object.__setattr__(self, "seen", True)
        return date.fromordinal(date.toordinal(self))

    # Operators are looked up on the type, not through __getattribute__: each is noted.
    def __add__(self, other: Any) -> Any:
        return self._plain().__add__(other)

    __radd__ = __add__

    def __sub__(self, other: Any) -> Any:
        return self._plain().__sub__(other)

    def __rsub__(self, other: Any) -> Any:
        return other - self._plain() if isinstance(other, date) else NotImplemented

    def __lt__(self, other: Any) -> bool:
        return self._plain() < other

    def __le__(self, other: Any) -> bool:
        return self._plain() <= other

    def __gt__(self, other: Any) -> bool:
        return self._plain() > other

    def __ge__(self, other: Any) -> bool:
        return self._plain() >= other

    def __eq__(self, other: object) -> bool:
        return self._plain() == other

    def __ne__(self, other: object) -> bool:
        return self._plain() != other

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


class RuleMemo:
    """Hits of date-blind rules, by model and everything else a rule could read.

    For each model and context it keeps a plan, in catalog order: the hits of every
    rule that did not read the date (only the non-empty ones), and the rules that did,
    to run again. A later audit on another date then runs only the latter.
    """

    def __init__(self) -> None:
        self._plans: dict[tuple[int, tuple[str, ...]], list[tuple[Rule, list[Hit] | None]]] = {}
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
            check.duplicate_ids,
            self._keep(check.history),
        )
        return self._contexts.setdefault(context, len(self._contexts))

    def run(self, rules: Sequence[Rule], check: Check) -> Iterator[tuple[Rule, list[Hit]]]:
        """Each rule's hits on ``check``, computed once per context when the date plays no part."""
        key = (self._context(check), tuple(r.code for r in rules))
        plan = self._plans.get(key)
        if plan is not None:
            self.reused += 1
            for rule, hits in plan:
                yield rule, hits if hits is not None else list(rule.run(check))
            return
        self.computed += 1
        plan = []
        watched_check = dataclasses.replace(check)
        for rule in rules:
            watched = WatchedDay(check.today)
            watched_check.today = watched
            hits = list(rule.run(watched_check))
            dated = object.__getattribute__(watched, "seen")
            if dated or hits:
                plan.append((rule, None if dated else hits))
            yield rule, hits
        self._plans[key] = plan
