"""Where ruamel.yaml keeps the comment lines around an entry, and how an edit moves them.

ruamel.yaml hangs comments on entries (``ca.items[key]``): slot 1 holds the lines
*before* a key (when the entry above has no value to carry them), slot 2 (slot 0 in a
list) the comment at the end of the value's line *and every line after it* up to the
next entry, slot 3 the comments between a block's key and its first item. So the
blank line and ``# What the model is for`` above ``purpose`` belong, for ruamel, to
``sponsor``: an entry inserted under ``sponsor`` would land below them. The helpers
here split such a comment into the part on the entry's own line and the lines after
it, so that an edit can hand those lines to whatever now precedes the next entry. (A
block whose last item is written ``{...}`` keeps the lines after it as its ``end``.)
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.error import CommentMark
from ruamel.yaml.scalarstring import FoldedScalarString, LiteralScalarString
from ruamel.yaml.tokens import CommentToken

Key = str | int


def is_block(value: Any) -> bool:
    """A mapping or list written as indented lines (an empty one is always written ``{}``/``[]``)."""
    return isinstance(value, CommentedMap | CommentedSeq) and len(value) > 0 and not value.fa.flow_style()


def keys(container: Any) -> list[Key]:
    return list(container.keys()) if isinstance(container, CommentedMap) else list(range(len(container)))


@dataclass(slots=True)
class Slot:
    """The comment after one entry's value. ``bare``: a ``|``/``>`` block scalar ends its own line."""

    entry: list[Any]
    index: int
    bare: bool

    def text(self) -> str:
        token = self.entry[self.index]
        return str(token.value) if token is not None else ""

    def split(self) -> tuple[str, str]:
        """(the comment on the value's last line, the lines after it)."""
        text = self.text()
        if self.bare:
            return "", text
        cut = text.find("\n")
        return (text, "") if cut < 0 else (text[: cut + 1], text[cut + 1 :])

    def set(self, eol: str, rest: str) -> None:
        text = rest if self.bare else ((eol or "\n") + rest if rest else eol)
        old = self.entry[self.index]
        if not text or text == "\n":
            self.entry[self.index] = None
        else:
            self.entry[self.index] = CommentToken(
                text, CommentMark(old.column if old is not None else 0), None
            )


def slot(container: Any, key: Key) -> Slot:
    """The comment slot of ``container[key]`` itself."""
    entry = container.ca.items.get(key)
    if entry is None:
        entry = container.ca.items[key] = [None, None, None, None]
    bare = isinstance(container[key], LiteralScalarString | FoldedScalarString)
    return Slot(entry, 2 if isinstance(container, CommentedMap) else 0, bare)


def tail(container: Any, key: Key) -> Slot:
    """The slot holding the lines after the entry's whole text (its deepest last item)."""
    value = container[key]
    if is_block(value):
        return tail(value, keys(value)[-1])
    return slot(container, key)


def take_rest(container: Any, key: Key) -> str:
    """Detach and return the lines that follow the entry ``key`` (blank lines, comments).

    Besides the deepest item's slot, ruamel may keep such lines as the ``end`` of each
    block the entry closes (after a last item written ``{...}``, say): innermost first.
    """
    found = tail(container, key)
    eol, rest = found.split()
    if rest:
        found.set(eol, "")
    blocks = []
    value = container[key]
    while is_block(value):
        blocks.append(value)
        value = value[keys(value)[-1]]
    for block in reversed(blocks):
        if block.ca.end:
            rest += text_of(block.ca.end)
            block.ca.end = []
    return rest


def give_rest(container: Any, key: Key, rest: str) -> None:
    """Put ``rest`` after the entry ``key``, after the lines already there."""
    if rest:
        found = tail(container, key)
        eol, mine = found.split()
        found.set(eol, mine + rest)


def before(container: Any, key: Key | None) -> list[Any]:
    """The comment tokens ruamel keeps before a mapping key (slot 1), as a live list."""
    if key is None or not isinstance(container, CommentedMap):
        return []
    entry = container.ca.items.get(key)
    if entry is None or not isinstance(entry[1], list):
        return []
    return entry[1]


def text_of(tokens: list[Any]) -> str:
    return "".join(str(t.value) for t in tokens if t is not None)


def prepend_before(container: CommentedMap, key: Key, text: str) -> None:
    entry = container.ca.items.setdefault(key, [None, None, None, None])
    entry[1] = [CommentToken(text, CommentMark(0), None), *(entry[1] or [])]


def drop_head(container: Any, key: Key) -> None:
    """Forget the comments between a block's key and its first item (they described the block)."""
    entry = container.ca.items.get(key)
    if entry is not None and isinstance(container, CommentedMap):
        eol = entry[2]
        if eol is not None and "\n" in str(eol.value).rstrip("\n"):
            entry[2] = CommentToken(str(eol.value).split("\n", 1)[0] + "\n", CommentMark(eol.column), None)
        entry[3] = None


def blank_lines(text: str, *, leading: bool) -> int:
    """How many blank lines ``text`` (whole lines) starts, or ends, with."""
    lines = text.split("\n")[:-1]
    count = 0
    for line in lines if leading else reversed(lines):
        if line.strip():
            break
        count += 1
    return count


def drop_blank_lines(container: Any, key: Key | None, rest: str, count: int) -> str:
    """Remove ``count`` leading blank lines from ``rest``, then from ``key``'s lines before it."""
    while count and rest.startswith("\n"):
        rest, count = rest[1:], count - 1
    tokens = before(container, key)
    while count and tokens and tokens[0] is not None and str(tokens[0].value) == "\n":
        tokens.pop(0)
        count -= 1
    return rest
