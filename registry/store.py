"""Read a registry tree into typed records: discovery, cards, runbooks, owners, settings.

Everything that can go wrong with one file is recorded on that file's record and
becomes a finding; only a missing or invalid ``registry.yaml`` stops the audit,
because without it there is no policy to judge by (exit code 2).
"""

from __future__ import annotations

import os
import re
from pathlib import Path, PurePosixPath

from registry.loader import LoadError, load_markdown_file, load_yaml_file
from registry.model import ModelCard, Owner, Policy, Record, Registry, Runbook
from registry.schema import validate

REGISTRY_FILE = "registry.yaml"
CARD_FILE = "model_card.yaml"
DEFAULT_RUNBOOK = "runbook.md"
RULE_CODE = re.compile(r"^[A-Z]{3}[0-9]{3}$")


class RegistryError(Exception):
    """The registry as a whole cannot be audited (exit code 2)."""


def find_root(start: Path) -> Path | None:
    """The nearest folder at or above ``start`` that holds ``registry.yaml``, like git."""
    here = start.resolve()
    if here.is_file() or not here.exists():
        here = here.parent
    for folder in (here, *here.parents):
        if (folder / REGISTRY_FILE).is_file():
            return folder
    return None


def load_settings(root: Path) -> tuple[Record, Policy, str]:
    """Parse and validate registry.yaml; any problem is a :class:`RegistryError`."""
    record = Record(path=REGISTRY_FILE)
    try:
        record.doc = load_yaml_file(root, REGISTRY_FILE)
    except LoadError as exc:
        raise RegistryError(f"{_show(root, REGISTRY_FILE)}:{exc.line}:{exc.column}: {exc.message}") from None
    if not isinstance(record.doc.data, dict):
        raise RegistryError(f"{_show(root, REGISTRY_FILE)}:1:1: expected a mapping of settings")
    errors = validate("registry", record.doc.data)
    if errors:
        message, path, _ = errors[0]
        line, column = record.doc.pos(path)
        more = f" (and {len(errors) - 1} more)" if len(errors) > 1 else ""
        raise RegistryError(f"{_show(root, REGISTRY_FILE)}:{line}:{column}: {message}{more}")
    from registry.rules import load_catalog

    catalog = load_catalog()
    for code in record.get_map("rules"):
        if code not in catalog and RULE_CODE.match(code):
            line, column = record.doc.pos(("rules", code))
            raise RegistryError(
                f"{_show(root, REGISTRY_FILE)}:{line}:{column}: unknown rule {code!r} in rules "
                "(see `registry rules`)"
            )
    policy = Policy.from_data(record.get_map("policy"), record.get_map("rules"))
    name = record.get_str("name") or root.name
    return record, policy, name


def _show(root: Path, rel: str) -> str:
    try:
        return os.path.relpath(root / rel)
    except ValueError:  # pragma: no cover - other drive on Windows
        return str(root / rel)


def list_owner_files(root: Path) -> list[str]:
    folder = root / "owners"
    try:
        names = sorted(os.listdir(folder))
    except OSError:
        return []
    return [f"owners/{n}" for n in names if n.endswith(".yaml") and not n.startswith(".")]


def list_model_folders(root: Path) -> list[str]:
    folder = root / "models"
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


def load_owner(root: Path, rel: str) -> Owner:
    owner = Owner(path=rel, id=PurePosixPath(rel).stem)
    try:
        owner.doc = load_yaml_file(root, rel)
    except LoadError as exc:
        owner.error = (exc.message, exc.line, exc.column)
        return owner
    if not isinstance(owner.doc.data, dict):
        owner.error = (
            f"expected a mapping of keys at the top of the file, found {_kind(owner.doc.data)}",
            1,
            1,
        )
        owner.doc = None
    return owner


def owner_schema_errors(owner: Owner) -> list[tuple[str, tuple[str | int, ...], str]]:
    return validate("owner", owner.data) if owner.doc is not None else []


def load_card(root: Path, folder: str) -> ModelCard:
    """Read one model folder: the card, its schema errors and its runbook."""
    rel = f"models/{folder}/{CARD_FILE}"
    card = ModelCard(path=rel, folder=folder)
    try:
        card.doc = load_yaml_file(root, rel)
    except LoadError as exc:
        message = f"{CARD_FILE} does not exist" if exc.message == "file does not exist" else exc.message
        card.error = (message, exc.line, exc.column)
        return card
    if not isinstance(card.doc.data, dict):
        card.error = (
            f"expected a mapping of keys at the top of the card, found {_kind(card.doc.data)}",
            1,
            1,
        )
        card.doc = None
        return card
    card.schema_errors = validate("card", card.doc.data)
    _attach_runbook(root, card)
    return card


def _kind(value: object) -> str:
    if isinstance(value, list):
        return "a list"
    if value is None:
        return "nothing"
    return f"a single value ({type(value).__name__})"


def _attach_runbook(root: Path, card: ModelCard) -> None:
    folder_rel = f"models/{card.folder}"
    declared = card.get("runbook")
    if isinstance(declared, str) and declared.strip():
        name = declared.strip()
        problem = unsafe_runbook_path(root, folder_rel, name)
        if problem:
            card.runbook_error = (f"runbook path {name!r} {problem}; it is not read", ("runbook",))
            return
        rel = str(PurePosixPath(folder_rel) / PurePosixPath(name))
    else:
        rel = f"{folder_rel}/{DEFAULT_RUNBOOK}"
        if not os.path.lexists(root / rel):
            return
        problem = unsafe_runbook_path(root, folder_rel, DEFAULT_RUNBOOK)
        if problem:
            card.runbook = Runbook(path=rel, error=(f"{DEFAULT_RUNBOOK} {problem}; it is not read", 1, 1))
            return
    card.runbook = load_runbook(root, rel)


def unsafe_runbook_path(root: Path, folder_rel: str, name: str) -> str | None:
    """Why a runbook path may not be followed, or None when it stays in the model's folder."""
    pure = PurePosixPath(name)
    if pure.is_absolute() or name.startswith("~") or "\\" in name:
        return "is absolute"
    if ".." in pure.parts:
        return "leaves the model's folder"
    folder = root / folder_rel
    probe = folder
    for part in pure.parts:
        probe = probe / part
        if probe.is_symlink():
            return "is a symbolic link"
    return None


def load_runbook(root: Path, rel: str) -> Runbook:
    runbook = Runbook(path=rel)
    try:
        runbook.markdown = load_markdown_file(root, rel)
    except LoadError as exc:
        runbook.error = (exc.message, exc.line, exc.column)
        return runbook
    front = runbook.markdown.front
    if front is None:
        runbook.front_schema_errors = [
            (
                "has no front matter (start the file with '---', model, owner, last_reviewed, '---')",
                (),
                "front-matter",
            )
        ]
    elif not isinstance(front.data, dict):
        runbook.front_schema_errors = [("front matter must be a mapping of keys", (), "front-matter")]
    else:
        runbook.front_schema_errors = validate("runbook", front.data)
    return runbook


def load_registry(root: Path, folders: list[str] | None = None) -> Registry:
    """Read the registry at ``root``. ``folders`` limits which cards are parsed."""
    root = root.resolve()
    if not (root / REGISTRY_FILE).is_file():
        raise RegistryError(f"no {REGISTRY_FILE} in {root}")
    settings, policy, name = load_settings(root)
    owner_files = [load_owner(root, rel) for rel in list_owner_files(root)]
    owners = {o.id: o for o in owner_files}
    wanted = list_model_folders(root) if folders is None else folders
    models = {folder: load_card(root, folder) for folder in wanted}
    return Registry(
        root=str(root),
        name=name,
        policy=policy,
        settings=settings,
        owners=owners,
        models=models,
        owner_files=owner_files,
    )
