"""Findings and severities: the shared vocabulary of rules, audit and reports."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any


class Severity(StrEnum):
    """How much a finding matters; ordered info < warning < error."""

    INFO = "info"
    WARNING = "warning"
    ERROR = "error"

    @property
    def rank(self) -> int:
        return _RANK[self]

    @classmethod
    def parse(cls, text: str) -> Severity:
        try:
            return cls(text)
        except ValueError:
            raise ValueError(f"unknown severity {text!r} (use error, warning or info)") from None


_RANK = {Severity.INFO: 0, Severity.WARNING: 1, Severity.ERROR: 2}


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem at one place. ``path`` is relative to the registry root, POSIX style.

    ``field`` is the dotted location inside the file (``validation.date``,
    ``metrics.model[0]``); it identifies a finding across revisions where line numbers
    move, which is how ``registry audit --base`` tells new findings from old ones.
    """

    rule: str
    severity: Severity
    model: str | None
    path: str
    line: int
    column: int
    message: str
    field: str = ""

    def sort_key(self) -> tuple[str, int, int, str, str]:
        return (self.path, self.line, self.column, self.rule, self.message)

    def identity(self) -> tuple[str, str | None, str, str]:
        """What stays the same when a block moves: rule, model, file kind and field."""
        return (self.rule, self.model, self.path.rsplit("/", 1)[-1], self.field or self.message)

    def to_dict(self) -> dict[str, Any]:
        return {
            "rule": self.rule,
            "severity": self.severity.value,
            "model": self.model,
            "path": self.path,
            "line": self.line,
            "column": self.column,
            "message": self.message,
            "field": self.field,
        }


def dotted(path: tuple[str | int, ...]) -> str:
    """``("metrics", "model", 0, "baseline")`` -> ``metrics.model[0].baseline``."""
    out = ""
    for part in path:
        if isinstance(part, int):
            out += f"[{part}]"
        else:
            out += f".{part}" if out else str(part)
    return out


@dataclass(slots=True)
class Summary:
    models: int = 0
    counts: dict[str, int] = field(default_factory=lambda: {"error": 0, "warning": 0, "info": 0})
