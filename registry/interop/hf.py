"""Read one Hugging Face model card from a file, offline, the way the Hub reads it.

The metadata is what ``huggingface_hub``'s :class:`ModelCard` makes of the file (the
Hub's own front-matter pattern, PyYAML, :class:`ModelCardData`), so that "the same
metadata" means the same to us as to the Hub. Around that library call this module
adds what an import of untrusted files needs: a size limit, strict UTF-8, an alias
and size guard before the YAML is expanded, and a one-line reason with the file,
line and column for every card that cannot be read, never a traceback.
"""

from __future__ import annotations

import logging
import os
import stat
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, SequenceNode

from registry.interop import offline

offline()

from huggingface_hub import ModelCard  # noqa: E402  (after offline(): the library reads it once)
from huggingface_hub.repocard import REGEX_YAML_BLOCK  # noqa: E402

#: Largest card read. Real cards are a few to a few hundred kilobytes.
MAX_CARD_BYTES = 1024 * 1024
#: Most YAML nodes the metadata may expand to once aliases are followed.
MAX_METADATA_NODES = 50_000
MAX_DEPTH = 64

_SafeLoader: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class CardRefused(Exception):
    """A card that cannot be imported, and why, as ``path:line:column: reason``."""

    def __init__(self, path: str, reason: str, line: int = 1, column: int = 1) -> None:
        super().__init__(f"{path}:{line}:{column}: {reason}")
        self.path = path
        self.reason = reason
        self.line = line
        self.column = column


@dataclass(slots=True)
class HfCard:
    """A Hugging Face model card as read from disk."""

    path: Path
    shown: str  # the path as the user gave it, for messages
    raw: bytes  # the file, byte for byte (kept beside the imported card)
    metadata: dict[str, Any]  # as huggingface_hub parses it: ModelCard(text).data.to_dict()
    order: list[str]  # the metadata's keys in the order the card wrote them
    body: str  # the Markdown after the metadata block
    has_metadata: bool
    model_index: Any = None  # a model-index huggingface_hub could not read, kept as written
    notes: list[str] = field(default_factory=list)  # what the import should tell the user


def read_card(path: Path, shown: str | None = None) -> HfCard:
    """Read and parse the card at ``path``; :class:`CardRefused` says why it cannot be."""
    label = shown if shown is not None else str(path)
    raw = _read_bytes(path, label)
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        raise CardRefused(label, f"is not UTF-8 text (byte 0x{raw[exc.start]:02x})", line) from None
    if "\x00" in text:
        raise CardRefused(
            label, "contains NUL characters: not a text file", text[: text.index("\x00")].count("\n") + 1
        )
    match = REGEX_YAML_BLOCK.search(text)
    if match is None:
        if text.lstrip(" \t\r\n").startswith("---"):
            raise CardRefused(
                label,
                "opens a metadata block with '---' but no closing '---' line that huggingface_hub "
                "accepts follows; fix the block (or remove the opening line) and import again",
                _first_line(text),
            )
        return _parse(path, label, raw, text, block=None, block_line=1)
    block_line = match.group(1).count("\n") + match.group(1).count("\r") - match.group(1).count("\r\n") + 1
    data = _load_metadata(match.group(2), label, block_line)
    return _parse(path, label, raw, text, block=data, block_line=block_line)


def _read_bytes(path: Path, label: str) -> bytes:
    try:
        info = os.stat(path)
    except OSError as exc:
        raise CardRefused(label, f"cannot be read: {exc.strerror or exc}") from None
    if not stat.S_ISREG(info.st_mode):
        raise CardRefused(label, "is not a regular file")
    if info.st_size > MAX_CARD_BYTES:
        raise CardRefused(label, f"is {info.st_size:,} bytes, over the {MAX_CARD_BYTES:,}-byte limit")
    try:
        with open(path, "rb") as handle:
            raw = handle.read(MAX_CARD_BYTES + 1)
    except OSError as exc:
        raise CardRefused(label, f"cannot be read: {exc.strerror or exc}") from None
    if len(raw) > MAX_CARD_BYTES:
        raise CardRefused(label, f"is over the {MAX_CARD_BYTES:,}-byte limit")
    return raw


def _first_line(text: str) -> int:
    stripped = text.lstrip(" \t\r\n")
    return text[: len(text) - len(stripped)].count("\n") + 1


def _load_metadata(block: str, label: str, first_line: int) -> Any:
    """The metadata block as PyYAML reads it, after a guard on its expanded size.

    huggingface_hub calls ``yaml.safe_load``, which follows aliases without a limit:
    a few hundred bytes can expand to billions of values. Composing first and counting
    the expanded nodes keeps an import of hostile cards bounded in time and memory.
    """
    try:
        node = yaml.compose(block, Loader=_SafeLoader)
    except yaml.YAMLError as exc:
        raise _yaml_refusal(exc, label, first_line) from None
    if node is not None:
        _guard(node, label, first_line)
    try:
        return yaml.load(block, Loader=_SafeLoader)
    except (yaml.YAMLError, ValueError, TypeError) as exc:  # e.g. a date such as 2023-02-30
        if isinstance(exc, yaml.YAMLError):
            raise _yaml_refusal(exc, label, first_line) from None
        raise CardRefused(label, f"metadata cannot be read: {exc}", first_line) from None


def _yaml_refusal(exc: yaml.YAMLError, label: str, first_line: int) -> CardRefused:
    mark = getattr(exc, "problem_mark", None) or getattr(exc, "context_mark", None)
    problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    line = first_line + mark.line if mark is not None else first_line
    column = mark.column + 1 if mark is not None else 1
    return CardRefused(label, f"metadata is not valid YAML: {problem}", line, column)


def _guard(root: Node, label: str, first_line: int) -> None:
    count = 0
    stack: list[tuple[Node, int, frozenset[int]]] = [(root, 0, frozenset())]
    while stack:
        node, depth, ancestors = stack.pop()
        count += 1
        if count > MAX_METADATA_NODES:
            raise CardRefused(
                label,
                f"metadata expands to more than {MAX_METADATA_NODES:,} values (alias bomb?)",
                first_line + node.start_mark.line,
            )
        if depth > MAX_DEPTH:
            raise CardRefused(
                label, f"metadata nests deeper than {MAX_DEPTH} levels", first_line + node.start_mark.line
            )
        if isinstance(node, MappingNode | SequenceNode):
            if id(node) in ancestors:
                raise CardRefused(
                    label, "metadata contains a recursive alias", first_line + node.start_mark.line
                )
            inner = ancestors | {id(node)}
            children = (
                [c for pair in node.value for c in pair] if isinstance(node, MappingNode) else node.value
            )
            stack.extend((child, depth + 1, inner) for child in children)


@contextmanager
def _quiet() -> Iterator[None]:
    """huggingface_hub logs warnings (no metadata block, bad model-index) that we report ourselves."""
    hub = logging.getLogger("huggingface_hub")
    level = hub.level
    hub.setLevel(logging.ERROR)
    try:
        yield
    finally:
        hub.setLevel(level)


def _parse(path: Path, label: str, raw: bytes, text: str, *, block: Any, block_line: int) -> HfCard:
    if block is not None and not isinstance(block, dict):
        kind = "a list" if isinstance(block, list) else f"a single value ({type(block).__name__})"
        raise CardRefused(label, f"metadata must be a mapping of keys, not {kind}", block_line)
    if isinstance(block, dict):
        odd = [k for k in block if not isinstance(k, str)]
        if odd:
            raise CardRefused(
                label, f"metadata key {odd[0]!r} is not text; huggingface_hub cannot read it", block_line
            )
    notes: list[str] = []
    model_index = None
    with _quiet():
        try:
            card = ModelCard(text)
        except ValueError as exc:
            if not (isinstance(block, dict) and "model-index" in block and "model_index" in str(exc)):
                raise CardRefused(
                    label, f"huggingface_hub cannot read the metadata: {_one_line(exc)}", block_line
                ) from None
            model_index = block["model-index"]
            notes.append(
                "huggingface_hub cannot read its model-index (a result without a dataset?); kept as written"
            )
            card = ModelCard(text, ignore_metadata_errors=True)
        except yaml.YAMLError as exc:  # PyYAML's pure parser is stricter than libyaml (tabs)
            raise _yaml_refusal(exc, label, block_line) from None
        except Exception as exc:  # the library's own checks: report them, never a traceback
            raise CardRefused(
                label, f"huggingface_hub cannot read the metadata: {_one_line(exc)}", block_line
            ) from None
    metadata = card.data.to_dict()
    if isinstance(block, dict) and "model_index" in block:
        notes.append("uses the old `model_index` key (now `model-index`); kept as written")
    order = list(block) if isinstance(block, dict) else []
    return HfCard(
        path=path,
        shown=label,
        raw=raw,
        metadata=metadata,
        order=order,
        body=card.text,
        has_metadata=block is not None,
        model_index=model_index,
        notes=notes,
    )


def _one_line(exc: Exception) -> str:
    text = " ".join(str(exc).split())
    return text if len(text) <= 240 else text[:237] + "..."


def parse_metadata(text: str) -> dict[str, Any]:
    """What huggingface_hub makes of a card's metadata: the round trip's yardstick."""
    with _quiet():
        result: dict[str, Any] = ModelCard(text).data.to_dict()
    return result
