"""Read registry files safely and parse them into data that remembers where it came from.

One import for the three pieces: :mod:`registry.document` (what parsing produces, the
limits, :class:`LoadError`), :mod:`registry.yaml12` (YAML 1.2 with positions),
:mod:`registry.files` (safe reading) and :mod:`registry.markdown` (runbooks).
Untrusted input never raises out of them except as :class:`LoadError`.
"""

from __future__ import annotations

from registry.document import (
    MAX_DEPTH,
    MAX_FILE_BYTES,
    MAX_INT_DIGITS,
    MAX_NODES,
    Document,
    FieldPath,
    FileProblem,
    Key,
    LoadError,
    PathProblem,
    Position,
    SchemaViolation,
)
from registry.files import decode, load_yaml_file, read_bytes, read_text
from registry.markdown import MarkdownFile, load_markdown_file, parse_markdown, split_front_matter
from registry.yaml12 import _plain_tag, parse_yaml

__all__ = [
    "MAX_DEPTH",
    "MAX_FILE_BYTES",
    "MAX_INT_DIGITS",
    "MAX_NODES",
    "Document",
    "FieldPath",
    "FileProblem",
    "Key",
    "LoadError",
    "MarkdownFile",
    "PathProblem",
    "Position",
    "SchemaViolation",
    "_plain_tag",
    "decode",
    "load_markdown_file",
    "load_yaml_file",
    "parse_markdown",
    "parse_yaml",
    "read_bytes",
    "read_text",
    "split_front_matter",
]
