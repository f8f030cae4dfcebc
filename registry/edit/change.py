"""An edit as a value: which files change, how, what the audit then says, and the diff.

:func:`plan` reads the files, applies the operations to round-trip documents, checks
the result against the JSON Schema and the audit, and touches nothing; :func:`apply`
writes what was planned, atomically, only if the files still hold what was read. The
console plans on every keystroke and applies once; the CLI does both in one go.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from registry.edit import files, yamlio
from registry.edit.impact import Impact, assess, unified_diff
from registry.edit.tree import Document, PathError
from registry.edit.tree import Path as FieldPath
from registry.loader import LoadError, parse_yaml
from registry.schema import validate

ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
CARD_FILE = "model_card.yaml"


class EditError(Exception):
    """The edit cannot be made; one line naming the file (and line when there is one)."""


class SchemaRefused(EditError):
    """The edited file would break its JSON Schema; nothing is written.

    ``field`` is the dotted path the schema names (``validation.date``) and ``detail``
    its message, so that a form can show the problem beside the field.
    """

    def __init__(self, message: str, *, field: str = "", detail: str = "") -> None:
        super().__init__(message)
        self.field = field
        self.detail = detail or message


class Operation(Protocol):
    """One change to a document (set a value, append a bias test, hand over an owner...)."""

    def apply(self, doc: Document) -> None: ...


@dataclass(frozen=True, slots=True)
class Set:
    path: FieldPath
    value: Any

    def apply(self, doc: Document) -> None:
        doc.set(self.path, self.value)


@dataclass(frozen=True, slots=True)
class Unset:
    path: FieldPath

    def apply(self, doc: Document) -> None:
        doc.unset(self.path)


@dataclass(frozen=True, slots=True)
class Append:
    path: FieldPath
    value: Any

    def apply(self, doc: Document) -> None:
        doc.append(self.path, self.value)


@dataclass(frozen=True, slots=True)
class FileChange:
    """One file before and after: the snapshot read and the text to write."""

    snapshot: files.Snapshot
    after: str

    @property
    def rel(self) -> str:
        return self.snapshot.rel

    @property
    def before(self) -> str:
        return self.snapshot.text

    @property
    def created(self) -> bool:
        return self.snapshot.raw is None

    @property
    def changed(self) -> bool:
        return self.created or self.after != self.before

    def diff(self) -> str:
        return unified_diff(self.rel, self.before, self.after, created=self.created)


@dataclass(slots=True)
class Change:
    """A planned edit of one or more files of the registry at ``root``."""

    root: Path
    what: str  # short slug for the review branch: owner, validation, bias-test...
    subject: str  # the default commit message
    models: list[str]
    files: list[FileChange]
    impact: Impact = field(default_factory=Impact)
    topic: str = ""  # what the branch is about (default: the model, or "models")

    @property
    def changed(self) -> list[FileChange]:
        return [f for f in self.files if f.changed]

    @property
    def paths(self) -> list[str]:
        return [f.rel for f in self.changed]

    def diff(self) -> str:
        return "".join(f.diff() for f in self.changed)

    def branch(self) -> str:
        """The default review branch: ``registry/<model>/<what>``."""
        topic = self.topic or (self.models[0] if len(self.models) == 1 else "models")
        return f"registry/{topic}/{self.what}"


def card_path(root: Path, model: str) -> str:
    """The card of ``model``, relative to the registry root; :class:`EditError` if there is none."""
    if not ID.match(model):
        raise EditError(f"{model!r} is not a model id (lowercase letters, digits and '-')")
    rel = f"models/{model}/{CARD_FILE}"
    if not (root / "models" / model).is_dir():
        raise EditError(f"no model {model!r} in {root} (see `registry list`)")
    return rel


@dataclass(frozen=True, slots=True)
class Request:
    """What to plan: operations on existing files (file -> operations), new files, and names.

    ``new_files`` maps files that must not exist yet to their text; ``models`` are the
    models whose findings to compare (default: those of the edited cards); ``what``,
    ``subject`` and ``topic`` become the :class:`Change`'s.
    """

    edits: Mapping[str, Sequence[Operation]]
    what: str
    subject: str
    models: Sequence[str] | None = None
    new_files: Mapping[str, str] = field(default_factory=dict)
    topic: str = ""


def plan(root: Path, request: Request, *, today: date) -> Change:
    """Apply the request's edits in memory, check them, and say what they would do.

    Raises :class:`EditError` (:class:`SchemaRefused` for schema violations) before
    anything could be written.
    """
    edits, models = request.edits, request.models
    changes: list[FileChange] = []
    for rel, operations in edits.items():
        changes.append(_edit_file(root, rel, operations))
    for rel, text in request.new_files.items():
        snapshot = _read(root, rel, must_exist=False)
        if snapshot.raw is not None:
            raise EditError(f"{rel} already exists; not overwritten")
        _check_schema(_schema_of(rel), rel, None, text)
        changes.append(FileChange(snapshot, text))
    chosen = list(models) if models is not None else [_model_of(rel) for rel in edits if _model_of(rel)]
    change = Change(
        root, request.what, request.subject, [m for m in chosen if m], changes, topic=request.topic
    )
    texts = {f.rel: f.after for f in change.changed}
    if texts:
        change.impact = assess(root, change.models, texts, today)
    return change


def apply(change: Change) -> list[str]:
    """Write the planned files; :class:`EditError` if any changed on disk since :func:`plan`."""
    todo = [(f.snapshot, f.after.encode("utf-8")) for f in change.changed]
    try:
        files.write(todo)
    except files.WriteError as exc:
        raise EditError(str(exc)) from None
    return [f.rel for f in change.changed]


def _read(root: Path, rel: str, *, must_exist: bool = True) -> files.Snapshot:
    try:
        snapshot = files.read(root, rel, must_exist=must_exist)
        files.check_writable(snapshot)
    except files.WriteError as exc:
        raise EditError(str(exc)) from None
    return snapshot


def _edit_file(root: Path, rel: str, operations: Sequence[Operation]) -> FileChange:
    snapshot = _read(root, rel)
    try:
        text = snapshot.text
        loaded = yamlio.load(text)
    except (files.WriteError, yamlio.YamlError) as exc:
        message = str(exc)
        raise EditError(
            message
            if message.startswith(rel)
            else f"{rel}:{message}"
            if message[:1].isdigit()
            else f"{rel}: {message}"
        ) from None
    if not isinstance(loaded.data, dict):
        raise EditError(f"{rel}:1:1: the file is not a mapping of keys; fix it by hand first")
    doc = Document(loaded.data, _schema_of(rel))
    for operation in operations:
        try:
            operation.apply(doc)
        except PathError as exc:
            raise EditError(f"{rel}: {exc}") from None
    try:
        after = loaded.render()
    except yamlio.YamlError as exc:
        raise EditError(f"{rel}: {exc}") from None
    _check_schema(doc.schema, rel, text, after)
    return FileChange(snapshot, after)


def _check_schema(schema: str, rel: str, before: str | None, after: str) -> None:
    """Refuse text the audit cannot read, or schema violations the edit would introduce."""
    try:
        doc = parse_yaml(after, rel)
    except LoadError as exc:  # pragma: no cover - the renderer re-reads what it writes
        raise EditError(
            f"{rel}:{exc.line}:{exc.column}: the edit would not be valid YAML: {exc.message}"
        ) from None
    old: set[tuple[str, str]] = set()
    if before is not None:
        try:
            old = {(v.message, v.field) for v in validate(schema, parse_yaml(before, rel).data)}
        except LoadError:
            old = set()
    for violation in validate(schema, doc.data):
        if (violation.message, violation.field) not in old:
            line, column = doc.value_pos(violation.at)
            raise SchemaRefused(
                f"{rel}:{line}:{column}: {violation.message}; nothing written",
                field=violation.field,
                detail=violation.message,
            )


def _schema_of(rel: str) -> str:
    return "owner" if rel.startswith("owners/") else "card"


def _model_of(rel: str) -> str | None:
    parts = rel.split("/")
    return parts[1] if len(parts) == 3 and parts[0] == "models" and parts[2] == CARD_FILE else None


def value(text: str, *, literal: bool = False) -> Any:
    """A value typed by a person: YAML 1.2 (``2026-01-01`` stays a date string), or text as is."""
    if literal:
        return text
    try:
        return yamlio.parse_value(text)
    except yamlio.YamlError as exc:
        raise EditError(str(exc)) from None
