"""What lists and tables show of a model, small enough to cache and to send between processes.

A summary is taken from the card while it is parsed, so a list of 50,000 models never
keeps 50,000 documents in memory. It travels as a plain list (in the audit cache and
from worker processes): :func:`summary_row` writes it, :func:`summary_from_row` reads it
back and refuses a row whose shape or types are not exactly those of a summary.
"""

from __future__ import annotations

import types
import typing
from dataclasses import dataclass, fields

from registry.model import ModelCard, text
from registry.model_basics import ModelBasics
from registry.portfolio import score_value

#: A summary as a JSON-compatible row, in field order.
SummaryRow = list[str | int | bool | None]


@dataclass(frozen=True, slots=True)
class ModelSummary(ModelBasics):
    """What lists and tables show of a model, without keeping its whole document."""

    version: str | None
    validation_date: str | None
    validator: str | None
    bias_date: str | None
    bias_result: str | None
    broken: bool
    id_line: int = 1
    id_column: int = 1
    sponsor: str | None = None
    validation_result: str | None = None
    validated_version: str | None = None  # validation.model_version
    impact: int | None = None  # priority scores, when they are integers
    feasibility: int | None = None
    readiness: int | None = None

    @classmethod
    def of(cls, card: ModelCard) -> ModelSummary:
        newest = card.newest_bias_test()
        raw_id = card.get("id")
        line, column = card.pos(("id",))
        result = newest.entry.get("result") if newest else None
        return cls(
            folder=card.folder,
            id=raw_id if isinstance(raw_id, str) else card.folder,
            name=card.name,
            stage=card.stage,
            risk_tier=card.risk_tier,
            kind=card.kind,
            owner=card.owner,
            backup_owner=card.backup_owner,
            version=card.version,
            validation_date=card.get_str("validation", "date"),
            validator=card.get_str("validation", "validator"),
            bias_date=newest.day.isoformat() if newest else None,
            bias_result=str(result) if result else None,
            broken=card.broken,
            id_line=line,
            id_column=column,
            sponsor=card.get_str("sponsor"),
            validation_result=card.get_str("validation", "result"),
            validated_version=text(card.get("validation", "model_version")),
            impact=score_value(card.get("priority", "impact")),
            feasibility=score_value(card.get("priority", "feasibility")),
            readiness=score_value(card.get("priority", "readiness")),
        )


def _allowed(hint: object) -> tuple[type, ...]:
    """The runtime types a field of the given type may hold."""
    args = typing.get_args(hint) if isinstance(hint, types.UnionType) else (hint,)
    return tuple(a for a in args if isinstance(a, type))


_FIELDS = tuple(f.name for f in fields(ModelSummary))
_HINTS = typing.get_type_hints(ModelSummary)
_TYPES = tuple(_allowed(_HINTS[name]) for name in _FIELDS)


def summary_row(summary: ModelSummary) -> SummaryRow:
    return [getattr(summary, name) for name in _FIELDS]


def summary_from_row(row: object, folder: str) -> ModelSummary | None:
    """The summary a row describes, or None when the row is not exactly a summary of ``folder``."""
    if not isinstance(row, list) or len(row) != len(_FIELDS) or row[0] != folder:
        return None
    for value, allowed in zip(row, _TYPES, strict=True):
        if type(value) not in allowed:  # exact types: True is not an int here
            return None
    return ModelSummary(*row)
