"""Read rendered HTML the way a browser's parser would: elements, attributes, links, text."""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from html.parser import HTMLParser


@dataclass(slots=True)
class Page:
    tags: Counter[str] = field(default_factory=Counter)
    handlers: list[tuple[str, str]] = field(default_factory=list)  # (tag, on* attribute)
    links: list[str] = field(default_factory=list)  # every href and src
    text: str = ""
    rows: list[list[str]] = field(default_factory=list)  # the text of each table row's cells


class _Reader(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.page = Page()
        self.chunks: list[str] = []
        self.cell: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.page.tags[tag] += 1
        for name, value in attrs:
            if name.startswith("on"):
                self.page.handlers.append((tag, name))
            if name in ("href", "src", "xlink:href", "action", "formaction") and value is not None:
                self.page.links.append(value)
        if tag == "tr":
            self.page.rows.append([])
        elif tag in ("td", "th"):
            self.cell = []

    def handle_endtag(self, tag: str) -> None:
        if tag in ("td", "th") and self.cell is not None and self.page.rows:
            self.page.rows[-1].append("".join(self.cell).strip())
            self.cell = None

    def handle_data(self, data: str) -> None:
        self.chunks.append(data)
        if self.cell is not None:
            self.cell.append(data)


def read(html: str) -> Page:
    reader = _Reader()
    reader.feed(html)
    reader.close()
    reader.page.text = " ".join("".join(reader.chunks).split())
    return reader.page
