"""What parsing produces: data that remembers where each key and value came from.

Every rule must point at a file, line and column, so a :class:`Document` keeps the
position of every key and value, and every problem with a file is a :class:`LoadError`
with a one-line message and a position (an SCH002 finding). The limits keep time and
memory bounded whatever a file contains.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

#: Largest file the audit will read. Real cards are a few kilobytes.
MAX_FILE_BYTES = 1024 * 1024
#: Deepest nesting of mappings and sequences a card may use.
MAX_DEPTH = 64
#: Most nodes a document may expand to once aliases are followed.
MAX_NODES = 20_000
#: Longest integer literal accepted (Python refuses to convert huge ones anyway).
MAX_INT_DIGITS = 64

Key = str | int
FieldPath = tuple[Key, ...]
Position = tuple[int, int]


class LoadError(Exception):
    """A file could not be read or parsed; carries the position to report."""

    def __init__(self, message: str, line: int = 1, column: int = 1) -> None:
        super().__init__(message)
        self.message = message
        self.line = max(1, line)
        self.column = max(1, column)


@dataclass(slots=True)
class Document:
    """Parsed data plus the position of every key and value in the source file.

    ``keys`` maps the path of a mapping entry to the position of its key; ``values``
    maps the path of any node (the root is ``()``) to where the node starts. Rules
    ask :meth:`pos` for a path and get the closest thing that is really there, which
    is what FORMAT.md asks a finding to point at when a key is absent.
    """

    path: str
    data: Any
    keys: dict[FieldPath, Position] = field(default_factory=dict)
    values: dict[FieldPath, Position] = field(default_factory=dict)
    line_offset: int = 0

    def pos(self, path: FieldPath = ()) -> Position:
        """Position of ``path``'s key (or item), else of its closest present ancestor."""
        probe = tuple(path)
        while probe:
            found = self.keys.get(probe) or self.values.get(probe)
            if found is not None:
                return found
            probe = probe[:-1]
        return (1, 1)

    def value_pos(self, path: FieldPath) -> Position:
        """Where the value at ``path`` starts (falls back like :meth:`pos`)."""
        found = self.values.get(tuple(path))
        return found if found is not None else self.pos(path)

    def has(self, path: FieldPath) -> bool:
        return tuple(path) in self.values


@dataclass(frozen=True, slots=True)
class FileProblem:
    """Why a file could not be read or parsed, and where: what an SCH002 finding says."""

    message: str
    line: int = 1
    column: int = 1

    @classmethod
    def of(cls, error: LoadError) -> FileProblem:
        return cls(error.message, error.line, error.column)


@dataclass(frozen=True, slots=True)
class PathProblem:
    """Why a path named in a card (its ``runbook``) is not followed, and the key naming it."""

    message: str
    at: FieldPath


@dataclass(frozen=True, slots=True)
class SchemaViolation:
    """One way a file breaks its JSON Schema, as an SCH001 finding reports it.

    Named fields rather than a ``(message, path, key)`` tuple: the path is where the
    finding points, the key is what it names (and what an edit compares before and
    after), and the two differ when a key is missing or unknown.
    """

    message: str
    at: FieldPath  # the path to point at: the key itself, or the mapping that lacks it
    field: str  # the dotted key the message is about (``owners.technical``)
