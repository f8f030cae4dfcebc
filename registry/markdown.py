"""Runbooks: Markdown with YAML front matter, read for their level-2 headings.

Headings inside fenced code blocks do not count; the front matter is parsed as YAML 1.2
with its lines shifted, so positions point into the Markdown file.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from registry.document import Document, LoadError
from registry.files import read_text
from registry.yaml12 import parse_yaml

_FENCE = re.compile(r"^\s{0,3}(```|~~~)")
_HEADING = re.compile(r"^\s{0,3}##(?!#)\s*(.*?)\s*#*\s*$")


@dataclass(slots=True)
class MarkdownFile:
    """A runbook: front matter (if any) and its level-2 headings with line numbers."""

    path: str
    front: Document | None
    headings: list[tuple[str, int]]
    body: str
    body_line: int = 1  # the file's line number of the body's first line

    def lines(self) -> list[tuple[int, str]]:
        """The body's lines with their line numbers in the file."""
        return list(enumerate(self.body.splitlines(), start=self.body_line))


def split_front_matter(text: str) -> tuple[str | None, int, str]:
    """Return (front matter text, line where it starts, body)."""
    lines = text.splitlines(keepends=True)
    if not lines or lines[0].rstrip("\r\n") != "---":
        return None, 0, text
    for i in range(1, len(lines)):
        if lines[i].rstrip("\r\n") in ("---", "..."):
            return "".join(lines[1:i]), 1, "".join(lines[i + 1 :])
    raise LoadError("front matter starts with '---' on line 1 but is never closed", 1, 1)


def parse_markdown(text: str, path: str) -> MarkdownFile:
    front_text, offset, body = split_front_matter(text)
    front = None
    if front_text is not None:
        if front_text.strip():
            front = parse_yaml(front_text, path, line_offset=offset)
        else:
            front = Document(path=path, data=None)
    body_start = text.count("\n", 0, len(text) - len(body)) if front_text is not None else 0
    return MarkdownFile(
        path=path,
        front=front,
        headings=list(_headings(body, body_start)),
        body=body,
        body_line=body_start + 1,
    )


def _headings(body: str, first_line: int) -> Iterator[tuple[str, int]]:
    in_fence = None
    for number, line in enumerate(body.splitlines(), start=first_line + 1):
        fence = _FENCE.match(line)
        if fence:
            marker = fence.group(1)
            if in_fence is None:
                in_fence = marker
            elif in_fence == marker:
                in_fence = None
            continue
        if in_fence is None:
            heading = _HEADING.match(line)
            if heading:
                yield heading.group(1), number


def load_markdown_file(root: Path, relpath: str) -> MarkdownFile:
    return parse_markdown(read_text(root, relpath), relpath)
