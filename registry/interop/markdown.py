"""Read the Markdown body of a model card: its title, lead paragraph and sections.

Hugging Face cards put what a governance record needs (intended use, limitations,
training data) in Markdown sections whose names vary from card to card; this module
finds them by name and returns their prose without the template's guidance comments
and "More information needed" placeholders, so that an unfilled template maps to
nothing (and the audit says what is missing) rather than to boilerplate.

It reads ATX headings (``## Title``) outside fenced code blocks; setext headings and
HTML headings are rare in cards and are left as text. Nothing here depends on
``huggingface_hub``: the body arrives as a string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_HEADING = re.compile(r"^ {0,3}(#{1,6})(?:[ \t]+(.*?))??(?:[ \t]+#+)?[ \t]*$")
_FENCE = re.compile(r"^ {0,3}(`{3,}|~{3,})")
_COMMENT = re.compile(r"<!--.*?(?:-->|$)", re.S)
_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_PLACEHOLDER = re.compile(r"more information needed|needs more information|\{\{.*?\}\}", re.I)
_LIST_ITEM = re.compile(r"^\s{0,12}(?:[-*+]|\d{1,9}[.)])[ \t]+(.*)$")
_NOT_PROSE = re.compile(r"^\s*(?:\||<|!\[|\[!\[|```|~~~|>|-{3,}\s*$|={3,}\s*$|\*{3,}\s*$)")


@dataclass(frozen=True, slots=True)
class Section:
    """One heading and the text under it."""

    title: str  # the heading as a reader sees it (links and emphasis removed)
    key: str  # ``title`` normalised for matching: lowercase, "&" as "and", no "[optional]"
    level: int
    line: int  # 1-based line of the heading in the body
    own: str  # text up to the next heading of any level


@dataclass(frozen=True, slots=True)
class Outline:
    """A card body as sections, with the title and the text before the first section."""

    title: str | None  # the first level-1 heading, if it comes before any other heading
    lead: str  # text before the first heading other than that title
    sections: list[Section] = field(default_factory=list)

    def find(self, wanted: re.Pattern[str]) -> list[Section]:
        """Sections whose key matches ``wanted``, in document order."""
        return [s for s in self.sections if wanted.search(s.key)]


def split_lines(text: str) -> list[str]:
    """Lines as Markdown sees them: CR, LF and CRLF all end a line (mixed endings too)."""
    return _LINE_BREAK.split(text)


def inline_text(text: str) -> str:
    """Heading or title text without Markdown links, emphasis and code marks."""
    text = _LINK.sub(r"\1", text)
    text = re.sub(r"[*_`]+", "", text)
    return " ".join(text.split())


def heading_key(title: str) -> str:
    key = inline_text(title).lower().replace("&", " and ")
    key = re.sub(r"\[optional\]|\(optional\)", " ", key)
    key = re.sub(r"^[^a-z0-9]+|[^a-z0-9)]+$", "", " ".join(key.split()))
    key = re.sub(r"^\d+(\.\d+)*\.?\s+", "", key)  # "3. Bias, risks and limitations"
    return " ".join(key.split())


def outline(body: str) -> Outline:
    """The sections of ``body`` (a card's Markdown after its metadata block)."""
    lines = split_lines(body)
    fence: str | None = None
    headings: list[tuple[int, int, str]] = []  # (line index, level, title)
    for index, line in enumerate(lines):
        opener = _FENCE.match(line)
        if fence is not None:
            if opener and opener.group(1)[0] == fence[0] and len(opener.group(1)) >= len(fence):
                fence = None
            continue
        if opener:
            fence = opener.group(1)
            continue
        match = _HEADING.match(line)
        if match:
            headings.append((index, len(match.group(1)), inline_text(match.group(2) or "")))
    title: str | None = None
    start = 0
    if headings and headings[0][1] == 1:
        title = headings[0][2] or None
        start = 1
    first = headings[start][0] if len(headings) > start else len(lines)
    lead_from = headings[0][0] + 1 if title is not None else 0
    sections = []
    for n, (index, level, text) in enumerate(headings[start:], start):
        end = headings[n + 1][0] if n + 1 < len(headings) else len(lines)
        own = "\n".join(lines[index + 1 : end])
        sections.append(Section(text, heading_key(text), level, index + 1, own))
    return Outline(title, "\n".join(lines[lead_from:first]), sections)


def prose(text: str) -> str:
    """Section text a person wrote: no HTML comments, no placeholder lines, trimmed.

    Returns "" for a section that holds only the template's guidance.
    """
    text = _COMMENT.sub("", text)
    kept = [line.rstrip() for line in split_lines(text) if not _PLACEHOLDER.search(line)]
    while kept and not kept[0].strip():
        kept.pop(0)
    while kept and not kept[-1].strip():
        kept.pop()
    result: list[str] = []
    for line in kept:  # at most one blank line in a row
        if line.strip() or (result and result[-1].strip()):
            result.append(line)
    return "\n".join(result)


def blocks(text: str) -> list[str]:
    """Paragraphs and list items of ``text`` as single lines, in order.

    Soft-wrapped lines are joined with a space, as Markdown renders them; a fenced code
    block stays one block, as written.
    """
    items: list[list[str]] = []
    current: list[str] | None = None
    fence: str | None = None
    for line in split_lines(prose(text)):
        opener = _FENCE.match(line)
        if fence is not None:
            assert current is not None
            current.append(line)
            if opener and opener.group(1)[0] == fence[0]:
                fence, current = None, None
            continue
        if opener:
            fence = opener.group(1)
            current = [line]
            items.append(current)
            continue
        if not line.strip():
            current = None
            continue
        bullet = _LIST_ITEM.match(line)
        if bullet:
            current = [bullet.group(1).strip()]
            items.append(current)
        elif current is None:
            current = [line.strip()]
            items.append(current)
        else:
            current.append(line.strip())
    out = []
    for parts in items:
        joined = "\n".join(parts) if _FENCE.match(parts[0]) else " ".join(p for p in parts if p)
        if joined.strip():
            out.append(joined)
    return out


def first_paragraph(text: str) -> str | None:
    """The first plain paragraph of ``text``: a sentence or more, not a list, table or image."""
    for block in split_paragraphs(prose(text)):
        first = block[0]
        if _NOT_PROSE.match(first) or _LIST_ITEM.match(first) or _HEADING.match(first):
            continue
        lines = []
        for line in block:  # a list or table right under the sentence is not part of it
            if _LIST_ITEM.match(line) or _NOT_PROSE.match(line) or _HEADING.match(line):
                break
            lines.append(line.strip())
        joined = " ".join(lines)
        if len(joined.split()) >= 3:
            return joined
    return None


def split_paragraphs(text: str) -> list[list[str]]:
    paragraphs: list[list[str]] = []
    current: list[str] = []
    for line in split_lines(text):
        if line.strip():
            current.append(line)
        elif current:
            paragraphs.append(current)
            current = []
    if current:
        paragraphs.append(current)
    return paragraphs
