"""``registry import hf``: one registry model per Hugging Face model card, nothing lost.

Each card becomes ``models/<id>/model_card.yaml`` (stage ``proposed``, keys in the order
``registry new`` writes them) with the original card kept byte for byte beside it as
``README.hf.md``. Metadata with no home in the registry format is kept under ``x-hf``;
Markdown sections map by name (intended use, out-of-scope use, "Bias, Risks, and
Limitations", training data). An import never overwrites a model: a folder that exists
refuses that card. Each folder appears whole or not at all (written in a hidden
temporary folder, then renamed), and the new models are audited with the registry's
own audit so the user sees what governance still needs.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

import yaml

from registry.findings import Finding
from registry.interop.hf import CardRefused, HfCard, read_card
from registry.interop.hf_map import Split, is_plain, kind_of, split_metadata
from registry.interop.markdown import Outline, blocks, first_paragraph, outline, prose
from registry.scaffold import CARD_TEMPLATE, ID

ORIGINAL = "README.hf.md"
CARD = "model_card.yaml"
VERSION = "0.1.0"  # the version `registry new` starts from: cards carry none

PURPOSE = re.compile(
    r"^(model description|model summary|summary|description|overview|model overview|model details|about)$"
)
INTENDED = re.compile(
    r"^(intended uses?|intended uses? and limitations|uses|direct uses?|downstream uses?|"
    r"intended use cases?|primary intended uses?|intended users?)$"
)
OUT_OF_SCOPE = re.compile(r"out-of-scope|out of scope|misuse")
LIMITATIONS = re.compile(r"limitation|risks|^bias(es)?$|^bias(es)? and ")  # not "bias tests": results
TRAINING = re.compile(r"^(pre-?)?training (and evaluation )?(data|dataset|datasets|corpus)$")

#: Keys the registry gives these fields, placed before training_data in the card.
_EXTRA_KEYS = ("license", "languages", "base_model", "tags")


def template_order() -> list[str]:
    """Top-level keys in the order ``registry new`` writes them (commented ones included)."""
    keys = re.findall(r"^(?:# )?([a-z_]+):(?:\s|$)", CARD_TEMPLATE, re.M)
    order = list(dict.fromkeys(keys))
    at = order.index("training_data")
    return [*order[:at], *_EXTRA_KEYS, *order[at:]]


@dataclass(frozen=True, slots=True)
class Imported:
    """One card imported as one model."""

    source: str  # the card as the user named it
    model_id: str
    folder: Path
    name: str
    metrics: int
    limitations: int
    notes: tuple[str, ...] = ()


@dataclass(slots=True)
class ImportReport:
    imported: list[Imported] = field(default_factory=list)
    refused: list[CardRefused] = field(default_factory=list)


def find_cards(paths: list[Path]) -> list[tuple[Path, str]]:
    """The card files to import: files as given, and the Markdown files inside folders.

    Folders are walked in name order, hidden ones skipped, and links inside them are not
    followed: a folder of cards from elsewhere cannot make the import copy a file from
    outside it (a link to ``/etc/passwd`` named ``README.md``). A file named on the
    command line is read wherever it is.
    """
    found: list[tuple[Path, str]] = []
    for path in paths:
        if path.is_dir():
            for folder, dirs, files in os.walk(path):
                dirs[:] = sorted(d for d in dirs if not d.startswith("."))
                for name in sorted(files):
                    full = Path(folder) / name
                    if (
                        name.lower().endswith((".md", ".markdown"))
                        and not name.startswith(".")
                        and not full.is_symlink()
                    ):
                        found.append((full, os.path.join(os.fspath(path), os.path.relpath(full, path))))
        else:
            found.append((path, os.fspath(path)))
    return found


def derive_id(path: Path) -> str | None:
    """A model id from a card's file name: ``bert-base/README.md`` and ``bert-base.md`` give bert-base."""
    stem = path.stem if path.suffix.lower() in (".md", ".markdown") else path.name
    base = re.sub(r"(^|[-_. ])(readme|model[-_ ]?card)$", "", stem, flags=re.I)
    if not base:
        base = Path(os.path.abspath(path)).parent.name
    slug = re.sub(r"[^a-z0-9]+", "-", base.lower()).strip("-")[:63].strip("-")
    return slug if ID.match(slug) else None


def import_cards(
    root: Path,
    cards: list[tuple[Path, str]],
    *,
    today: date,
    model_id: str | None = None,
    owner: str | None = None,
    risk: str = "medium",
) -> ImportReport:
    """Import ``cards`` (paths, and their names for messages: see :func:`find_cards`) into ``root``.

    Every model is first written to a hidden staging folder in models/; one ``sync``
    then makes them all durable, and each is renamed into place. A bulk import thus
    pays for one flush, not two per card, and a crash leaves only hidden folders
    (which the audit ignores), never a half-written model.
    """
    from registry.store import refuse_outside_folder

    refuse_outside_folder(root, "models")
    report = ImportReport()
    taken: dict[str, str] = {}
    staged: list[tuple[Path, Imported]] = []
    try:
        for path, shown in cards:
            try:
                new_id, imported, text, raw = _prepare(root, path, shown, taken, today, model_id, owner, risk)
                staged.append((stage_model(root, new_id, text, raw, shown), imported))
            except CardRefused as refused:
                report.refused.append(refused)
                continue
            taken[new_id] = shown
        if staged:
            os.sync()
        while staged:
            staging, imported = staged.pop(0)
            if os.path.lexists(imported.folder):  # appeared while we worked: still never overwrite
                shutil.rmtree(staging, ignore_errors=True)
                report.refused.append(
                    CardRefused(imported.source, f"models/{imported.model_id} appeared meanwhile")
                )
                continue
            os.rename(staging, imported.folder)
            report.imported.append(imported)
    finally:
        for staging, _ in staged:
            shutil.rmtree(staging, ignore_errors=True)
    return report


def _prepare(
    root: Path,
    path: Path,
    shown: str,
    taken: dict[str, str],
    today: date,
    model_id: str | None,
    owner: str | None,
    risk: str,
) -> tuple[str, Imported, str, bytes]:
    hf = read_card(path, shown)
    new_id = model_id or derive_id(path)
    if new_id is None:
        raise CardRefused(shown, "no model id can be made from the file name; pass --id")
    if new_id in taken:
        raise CardRefused(shown, f"model id {new_id!r} is also derived from {taken[new_id]}; pass --id")
    if os.path.lexists(root / "models" / new_id):
        raise CardRefused(shown, f"models/{new_id} already exists; not overwritten (pass --id)")
    fields, split = build_card(hf, new_id, owner=owner, risk=risk, today=today)
    text = render_card(fields, today)
    check_card(text, new_id, shown)
    imported = Imported(
        source=shown,
        model_id=new_id,
        folder=root / "models" / new_id,
        name=fields["name"],
        metrics=len(split.metrics),
        limitations=len(fields.get("limitations") or []),
        notes=tuple(hf.notes),
    )
    return new_id, imported, text, hf.raw


def audit_imported(root: Path, models: list[str], today: date) -> dict[str, list[Finding]]:
    """What the registry's audit says about the new models, by model: what governance still needs."""
    from registry.audit import run_audit
    from registry.store import load_registry

    registry = load_registry(root, sorted(models))
    result = run_audit(registry, today, models=models, owner_files=[])
    return result.by_model()


def _title(doc: Outline) -> str | None:
    if doc.title is None:
        return None
    title = re.sub(r"^model card (for|of)\s+", "", doc.title, flags=re.I).strip(" :")
    return title or None


def build_card(
    hf: HfCard, model_id: str, *, owner: str | None, risk: str, today: date
) -> tuple[dict[str, Any], Split]:
    """The registry card's fields for ``hf``, in the template's key order."""
    split = split_metadata(hf.metadata, hf.model_index)
    doc = outline(hf.body)
    name = " ".join((split.model_name or _title(doc) or "").split()) or model_id
    fields: dict[str, Any] = {
        "id": model_id,
        "name": name,
        "version": VERSION,
        "kind": kind_of(hf.metadata),
        "stage": "proposed",
        "risk_tier": risk,
    }
    if owner:
        fields["owner"] = owner
    purpose = first_paragraph(doc.lead)
    for section in doc.find(PURPOSE) if purpose is None else []:
        purpose = first_paragraph(section.own)
        if purpose:
            break
    intended = [s for s in doc.find(INTENDED)]
    texts = {
        "purpose": purpose,
        "intended_use": _joined(intended),
        "out_of_scope": _joined(s for s in doc.find(OUT_OF_SCOPE) if s not in intended),
    }
    fields.update({k: v for k, v in texts.items() if v})
    limits = [item for s in doc.find(LIMITATIONS) if not INTENDED.search(s.key) for item in blocks(s.own)]
    if limits:
        fields["limitations"] = limits
    fields.update({k: v for k, v in split.fields.items() if k != "sources"})
    training: dict[str, Any] = {}
    description = _joined(doc.find(TRAINING))
    if description:
        training["description"] = description
    if "sources" in split.fields:
        training["sources"] = split.fields["sources"]
    if training:
        fields["training_data"] = training
    if split.metrics:
        fields["metrics"] = {"model": split.metrics}
    fields["x-hf"] = _kept(hf, split, today)
    if split.model_name is not None and split.model_name != name:  # the exact text, for the export
        fields["x-hf"]["model_name"] = split.model_name
    order = {key: n for n, key in enumerate(template_order())}
    return dict(sorted(fields.items(), key=lambda kv: order.get(kv[0], len(order)))), split


def _joined(sections: Any) -> str | None:
    parts = [text for text in (prose(s.own) for s in sections) if text]
    return "\n\n".join(parts) or None


def _kept(hf: HfCard, split: Split, today: date) -> dict[str, Any]:
    """What the card had that the registry format has no field for, exactly as read."""
    kept: dict[str, Any] = {"card": ORIGINAL, "imported": today.isoformat()}
    if hf.order:
        kept["metadata_order"] = list(hf.order)
    if split.as_text:
        kept["as_text"] = list(split.as_text)
    plain = {k: v for k, v in split.leftover.items() if is_plain(v)}
    if plain:
        kept["metadata"] = plain
    other = {k: v for k, v in split.leftover.items() if k not in plain}
    if other:  # dates, sets, binary: YAML text, as PyYAML wrote it
        import yaml

        kept["metadata_yaml"] = yaml.safe_dump(other, sort_keys=False, allow_unicode=True)
    return kept


def render_card(fields: dict[str, Any], today: date) -> str:
    """The card as YAML: a header comment, block style, multi-line text as literal blocks.

    PyYAML's C emitter writes it (a bulk import renders thousands of cards); the key
    order is the template's, and the card is read back by the registry's own loader
    before it is written (:func:`check_card`).
    """
    header = (
        f"# Imported from a Hugging Face model card ({ORIGINAL}, kept beside this file) by\n"
        f"# `registry import hf` on {today.isoformat()}. What has no field in the registry format is\n"
        "# kept under x-hf, which `registry export hf` writes back. Format: `registry schema card`.\n"
    )
    body = yaml.dump(fields, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)
    return header + body


_SafeDumper: Any = getattr(yaml, "CSafeDumper", yaml.SafeDumper)


class _Dumper(_SafeDumper):
    """Safe dumper that writes multi-line text as a literal block where YAML allows one."""


def _text(dumper: Any, value: str) -> Any:
    if "\n" in value:
        return dumper.represent_scalar("tag:yaml.org,2002:str", value, style="|")
    return dumper.represent_scalar("tag:yaml.org,2002:str", value)


_Dumper.add_representer(str, _text)


def check_card(text: str, model_id: str, shown: str) -> None:
    """Refuse a card the registry could not read back or that breaks the card schema."""
    from registry.loader import LoadError, parse_yaml
    from registry.schema import validate

    rel = f"models/{model_id}/{CARD}"
    try:
        doc = parse_yaml(text, rel)
    except LoadError as exc:
        raise CardRefused(shown, f"would make a card the registry cannot read: {exc.message}") from None
    errors = validate("card", doc.data)
    if errors:
        first = errors[0]
        place = ".".join(str(p) for p in first.at) or "the card"
        raise CardRefused(shown, f"would make a card that breaks the card schema at {place}: {first.message}")


def stage_model(root: Path, model_id: str, card_text: str, original: bytes, shown: str) -> Path:
    """A hidden folder in models/ holding the card and the original, ready to be renamed."""
    models = root / "models"
    try:
        models.mkdir(exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=f".import-{model_id}-", dir=models))
    except OSError as exc:
        raise CardRefused(shown, f"cannot write in {models}: {exc.strerror or exc}") from None
    try:
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(staging, 0o777 & ~umask)  # mkdtemp's 0700 would hide the model from teammates
        for name, data in ((CARD, card_text.encode("utf-8")), (ORIGINAL, original)):
            fd = os.open(staging / name, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o666)
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
    except OSError as exc:
        shutil.rmtree(staging, ignore_errors=True)
        raise CardRefused(shown, f"cannot write models/{model_id}: {exc.strerror or exc}") from None
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    return staging
