"""The filter language of the models table: ``stage:production -owner:x has:error fraud``."""

from __future__ import annotations

import shlex
from collections.abc import Callable
from dataclasses import dataclass

from tui.data.rows import ModelRow

FACETS = ("stage", "risk", "owner", "rule", "has", "kind", "validation", "bias", "registry")
FACET_ALIASES = {
    "tier": "risk",
    "risk_tier": "risk",
    "code": "rule",
    "is": "has",
    "val": "validation",
    "reg": "registry",
}
HAS_VALUES = ("error", "warning", "info", "findings", "clean", "overdue")


@dataclass(frozen=True, slots=True)
class Term:
    facet: str | None  # None for free text
    value: str
    negate: bool = False


@dataclass(frozen=True, slots=True)
class Query:
    terms: tuple[Term, ...] = ()
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not self.terms


def parse_query(text: str) -> Query:
    """``stage:production risk:high,critical -owner:x has:error fraud`` -> terms.

    Several values after one facet (comma separated) are alternatives; a leading ``-``
    negates a term. A word with an unknown facet name is free text, and noted so that
    the console can say "unknown facet" instead of silently matching nothing.
    """
    try:
        words = shlex.split(text)
    except ValueError:  # an unbalanced quote while typing
        words = text.replace('"', " ").replace("'", " ").split()
    terms: list[Term] = []
    problems: list[str] = []
    for word in words:
        negate = word.startswith("-") and len(word) > 1
        body = word[1:] if negate else word
        name, sep, value = body.partition(":")
        facet = FACET_ALIASES.get(name.lower(), name.lower()) if sep else None
        if sep and facet in FACETS:
            if value:
                terms.append(Term(facet, value.lower(), negate))
            continue
        if sep and name.isalpha():
            problems.append(f"unknown facet {name!r} (use {', '.join(FACETS)})")
        terms.append(Term(None, word.lower() if not negate else body.lower(), negate))
    return Query(tuple(terms), tuple(problems))


def _facet_matcher(term: Term) -> Callable[[ModelRow], bool]:
    values = [v for v in term.value.split(",") if v]
    facet = term.facet
    if facet == "stage":
        return lambda r: any(r.stage.startswith(v) for v in values)
    if facet == "risk":
        return lambda r: any(r.risk.startswith(v) for v in values)
    if facet == "kind":
        return lambda r: any(r.kind.startswith(v) for v in values)
    if facet == "owner":
        return lambda r: any(v in r.owner.lower() or v in r.backup.lower() for v in values)
    if facet == "rule":
        upper = [v.upper() for v in values]
        return lambda r: any(code.startswith(v) for v in upper for code in r.rules)
    if facet == "validation":
        return lambda r: any(r.status.validation_state.startswith(v) for v in values)
    if facet == "bias":
        return lambda r: any(r.status.bias_state.startswith(v) for v in values)
    if facet == "registry":  # the console over the index: part of the registry's name
        return lambda r: any(v in r.registry.lower() for v in values)
    # has:
    checks: list[Callable[[ModelRow], bool]] = []
    for v in values:
        if "error".startswith(v):
            checks.append(lambda r: r.errors > 0)
        elif "warning".startswith(v):
            checks.append(lambda r: r.warnings > 0)
        elif "info".startswith(v):
            checks.append(lambda r: r.infos > 0)
        elif "findings".startswith(v):
            checks.append(lambda r: r.total > 0)
        elif "clean".startswith(v) or v == "none":
            checks.append(lambda r: r.total == 0)
        elif "overdue".startswith(v):
            checks.append(lambda r: "overdue" in (r.status.validation_state, r.status.bias_state))
        else:
            checks.append(lambda r: False)
    return lambda r: any(c(r) for c in checks)


def _text_matcher(needle: str) -> Callable[[ModelRow], bool]:
    return lambda r: needle in r.search


def _negate(pred: Callable[[ModelRow], bool]) -> Callable[[ModelRow], bool]:
    return lambda r: not pred(r)


def compile_query(query: Query) -> Callable[[ModelRow], bool]:
    """One predicate for the whole query: every term must hold."""
    preds: list[Callable[[ModelRow], bool]] = []
    for term in query.terms:
        pred = _text_matcher(term.value) if term.facet is None else _facet_matcher(term)
        preds.append(_negate(pred) if term.negate else pred)
    if not preds:
        return lambda r: True
    if len(preds) == 1:
        return preds[0]
    return lambda r: all(p(r) for p in preds)


def filter_rows(rows: list[ModelRow], text: str) -> list[ModelRow]:
    query = parse_query(text)
    if query.empty:
        return list(rows)
    pred = compile_query(query)
    return [r for r in rows if pred(r)]
