"""Read a registry tree into typed records: discovery, cards, runbooks, owners, settings.

Everything that can go wrong with one file is recorded on that file's record and
becomes a finding; only a missing or invalid ``registry.yaml`` stops the audit,
because without it there is no policy to judge by (exit code 2).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath
from typing import Protocol

from registry.loader import (
    Document,
    FileProblem,
    LoadError,
    PathProblem,
    SchemaViolation,
    decode,
    parse_markdown,
    parse_yaml,
    read_bytes,
)
from registry.model import ModelCard, Owner, Policy, Record, Registry, Runbook, Settings
from registry.schema import validate

REGISTRY_FILE = "registry.yaml"
CARD_FILE = "model_card.yaml"
DEFAULT_RUNBOOK = "runbook.md"
RULE_CODE = re.compile(r"^[A-Z]{3}[0-9]{3}$")


class RegistryError(Exception):
    """The registry as a whole cannot be audited (exit code 2)."""


class Source(Protocol):
    """Where registry files come from: the folder on disk, or a commit's tree in git.

    Paths are POSIX and relative to the registry root. Only :meth:`read_bytes` raises
    (:class:`LoadError`); the queries answer False or ``[]`` when in doubt. A git tree
    source (``registry.git``) lets ``audit --rev`` read a past revision without a checkout.
    """

    root: Path  # the registry folder on disk (where findings' paths are shown from)
    revision: str | None  # the commit read, or None for the working tree

    def read_bytes(self, rel: str) -> bytes: ...
    def names(self, rel: str) -> list[str]: ...
    def is_dir(self, rel: str) -> bool: ...
    def is_file(self, rel: str) -> bool: ...
    def lexists(self, rel: str) -> bool: ...
    def is_link(self, rel: str) -> bool: ...
    def show(self, rel: str) -> str: ...


class DiskSource:
    """Files as they are in the working tree (links followed only inside the registry)."""

    revision: str | None = None

    def __init__(self, root: Path) -> None:
        self.root = root

    def read_bytes(self, rel: str) -> bytes:
        return read_bytes(self.root, rel)

    def names(self, rel: str) -> list[str]:
        refuse_outside_folder(self.root, rel)
        try:
            return sorted(os.listdir(self.root / rel))
        except OSError:
            return []

    def is_dir(self, rel: str) -> bool:
        try:
            return (self.root / rel).is_dir()
        except OSError:
            return False

    def is_file(self, rel: str) -> bool:
        try:
            return (self.root / rel).is_file()
        except OSError:
            return False

    def lexists(self, rel: str) -> bool:
        return os.path.lexists(self.root / rel)

    def is_link(self, rel: str) -> bool:
        return (self.root / rel).is_symlink()

    def show(self, rel: str) -> str:
        return _show(self.root, rel)


def refuse_outside_folder(root: Path, rel: str) -> None:
    """Stop when a registry folder (models/, owners/) is a link out of the registry.

    Listing it would read, and print, names from elsewhere on the machine; there is no
    file inside the registry to pin a finding on, so the audit cannot run (exit 2).
    """
    real = os.path.realpath(root / rel)
    inside = os.path.realpath(root)
    if real != inside and not real.startswith(inside.rstrip(os.sep) + os.sep):
        raise RegistryError(f"{_show(root, rel)}/ is a link that points outside the registry; it is not read")


def as_source(root: Path | Source) -> Source:
    """Public functions take a folder (the usual case) or any :class:`Source`."""
    return DiskSource(root) if isinstance(root, Path) else root


def as_given(path: Path | str) -> Path:
    """``path`` made absolute with links resolved in its folders but not in its last step.

    A card that is a link to a file outside the registry, or to a device, still sits in
    the registry: the registry is found from where the link is, and the link itself is
    judged (SCH002), as the whole-registry audit judges it. (``os.path.realpath``, unlike
    ``Path.resolve``, never raises on a link loop.)
    """
    full = Path(os.path.abspath(path))
    if not full.name:  # the file system's root
        return full
    return Path(os.path.realpath(full.parent)) / full.name


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` (as given: see :func:`as_given`) that holds
    ``registry.yaml``, like git; returned with every link resolved."""
    here = as_given(start)
    if here.is_file() or not here.is_dir():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / REGISTRY_FILE).is_file():
            return Path(os.path.realpath(folder))
    return None


def load_settings(root: Path | Source) -> Settings:
    """Parse and validate registry.yaml; any problem is a :class:`RegistryError`."""
    src = as_source(root)
    shown = src.show(REGISTRY_FILE)
    record = Record(path=REGISTRY_FILE)
    try:
        record.doc = _load_yaml(src, REGISTRY_FILE)
    except LoadError as exc:
        raise RegistryError(f"{shown}:{exc.line}:{exc.column}: {exc.message}") from None
    if not isinstance(record.doc.data, dict):
        raise RegistryError(f"{shown}:1:1: expected a mapping of settings")
    errors = validate("registry", record.doc.data)
    if errors:
        first = errors[0]
        line, column = record.doc.pos(first.at)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RegistryError(f"{shown}:{line}:{column}: {first.message}{more}")
    from registry.rules import load_catalog

    catalog = load_catalog()
    for code in record.get_map("rules"):
        if code not in catalog and RULE_CODE.match(code):
            line, column = record.doc.pos(("rules", code))
            raise RegistryError(
                f"{shown}:{line}:{column}: unknown rule {code!r} in rules (see `registry rules`)"
            )
    policy = Policy.from_data(
        record.get_map("policy"), record.get_map("rules"), record.get_list("governance_reviewers")
    )
    name = record.get_str("name") or src.root.name
    return Settings(record, policy, name)


def _load_yaml(src: Source, rel: str) -> Document:
    return parse_yaml(decode(src.read_bytes(rel)), rel)


def _show(root: Path, rel: str) -> str:
    try:
        return os.path.relpath(root / rel)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(root / rel)


def list_owner_files(root: Path | Source) -> list[str]:
    names = as_source(root).names("owners")
    return [f"owners/{n}" for n in names if n.endswith(".yaml") and not n.startswith(".")]


def list_model_folders(root: Path | Source) -> list[str]:
    if isinstance(root, DiskSource):
        root = root.root
    if not isinstance(root, Path):
        src = root
        return [n for n in src.names("models") if not n.startswith(".") and src.is_dir(f"models/{n}")]
    folder = root / "models"
    refuse_outside_folder(root, "models")
    try:
        entries = sorted(os.scandir(folder), key=lambda e: e.name)
    except OSError:
        return []
    out = []
    for entry in entries:
        if entry.name.startswith("."):
            continue
        try:
            if entry.is_dir():  # follows links; the card read refuses ones that leave the registry
                out.append(entry.name)
        except OSError:
            continue
    return out


def load_owner(root: Path | Source, rel: str) -> Owner:
    owner = Owner(path=rel, id=PurePosixPath(rel).stem)
    try:
        owner.doc = _load_yaml(as_source(root), rel)
    except LoadError as exc:
        owner.error = FileProblem.of(exc)
        return owner
    _keep_mapping(owner, "file")
    return owner


def load_card(root: Path | Source, folder: str) -> ModelCard:
    """Read one model folder: the card, its schema errors and its runbook."""
    src = as_source(root)
    rel = f"models/{folder}/{CARD_FILE}"
    card = ModelCard(path=rel, folder=folder)
    try:
        card.raw = src.read_bytes(rel)
        card.doc = parse_yaml(decode(card.raw), rel)
    except LoadError as exc:
        message = f"{CARD_FILE} does not exist" if exc.message == "file does not exist" else exc.message
        card.error = FileProblem(message, exc.line, exc.column)
        return card
    if not _keep_mapping(card, "card"):
        return card
    card.schema_errors = validate("card", card.doc.data)
    _attach_runbook(src, card)
    return card


def _keep_mapping(record: Record, what: str) -> bool:
    """Whether the parsed document is a mapping of keys; if not, it is dropped for an error."""
    data = record.doc.data if record.doc is not None else None
    if isinstance(data, dict):
        return True
    record.error = FileProblem(f"expected a mapping of keys at the top of the {what}, found {_kind(data)}")
    record.doc = None
    return False


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"a single value ({type(value).__name__})"


def _attach_runbook(root: Source, card: ModelCard) -> None:
    folder_rel = f"models/{card.folder}"
    declared = card.get("runbook")
    if isinstance(declared, str) and declared.strip():
        name = declared.strip()
        problem = unsafe_runbook_path(root, folder_rel, name)
        if problem:
            card.runbook_error = PathProblem(f"runbook path {name!r} {problem}; it is not read", ("runbook",))
            return
        rel = str(PurePosixPath(folder_rel) / PurePosixPath(name))
    else:
        rel = f"{folder_rel}/{DEFAULT_RUNBOOK}"
        if not root.lexists(rel):
            return
        problem = unsafe_runbook_path(root, folder_rel, DEFAULT_RUNBOOK)
        if problem:
            card.runbook = Runbook(
                path=rel, error=FileProblem(f"{DEFAULT_RUNBOOK} {problem}; it is not read")
            )
            return
    card.runbook = load_runbook(root, rel)


def unsafe_runbook_path(root: Path | Source, folder_rel: str, name: str) -> str | None:
    """Why a runbook path may not be followed, or None when it stays in the model's folder."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("~") or "\\" in name:
        return "is absolute"
    if ".." in pure.parts:
        return "leaves the model's folder"
    if "\x00" in name:
        return "contains a NUL character"
    src = as_source(root)
    probe = PurePosixPath(folder_rel)
    for part in pure.parts:
        probe = probe / part
        try:
            if src.is_link(str(probe)):
                return "is a symbolic link"
        except OSError as exc:  # e.g. a name longer than the file system allows
            return f"is not a usable path ({exc.strerror or exc})"
    return None


def load_runbook(root: Path | Source, rel: str) -> Runbook:
    runbook = Runbook(path=rel)
    try:
        runbook.markdown = parse_markdown(decode(as_source(root).read_bytes(rel)), rel)
    except LoadError as exc:
        runbook.error = FileProblem.of(exc)
        return runbook
    front = runbook.markdown.front
    if front is None:
        runbook.front_schema_errors = [
            SchemaViolation(
                "has no front matter (start the file with '---', model, owner, last_reviewed, '---')",
                (),
                "front-matter",
            )
        ]
    elif not isinstance(front.data, dict):
        runbook.front_schema_errors = [
            SchemaViolation("front matter must be a mapping of keys", (), "front-matter")
        ]
    else:
        runbook.front_schema_errors = validate("runbook", front.data)
    return runbook


def load_registry(
    root: Path | Source, folders: list[str] | None = None, *, referenced_owners_only: bool = False
) -> Registry:
    """Read the registry at ``root`` (a folder, or a git revision's tree).

    ``folders`` limits which cards are parsed. With ``referenced_owners_only`` only the
    owner records those cards name are parsed: the pre-commit hook audits one card of
    a registry that may have hundreds of owners, and the rules look owners up by id.
    """
    src = DiskSource(root.resolve()) if isinstance(root, Path) else root
    if not src.is_file(REGISTRY_FILE):
        if src.revision:
            raise RegistryError(f"{src.show(REGISTRY_FILE)} does not exist: no registry at that revision")
        raise RegistryError(f"no {REGISTRY_FILE} in {src.root}")
    loaded = load_settings(src)
    wanted = list_model_folders(src) if folders is None else folders
    models = {folder: load_card(src, folder) for folder in wanted}
    owner_paths = list_owner_files(src)
    if referenced_owners_only:
        named = {c.get(key) for c in models.values() for key in ("owner", "backup_owner")}
        owner_paths = [rel for rel in owner_paths if PurePosixPath(rel).stem in named]
    owner_files = [load_owner(src, rel) for rel in owner_paths]
    return Registry(
        root=str(src.root),
        name=loaded.name,
        policy=loaded.policy,
        settings=loaded.record,
        owners={o.id: o for o in owner_files},
        models=models,
        owner_files=owner_files,
        revision=src.revision,
    )
