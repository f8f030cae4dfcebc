"""Dotted paths into a round-trip document, and edits that keep comments where they belong.

ruamel.yaml attaches the comment lines *after* an entry to that entry: the blank line
and ``# What the model is for`` above ``purpose`` belong, for ruamel, to ``sponsor``
(or to the deepest last item of a block above). Inserted, removed or replaced entries
would drag those lines along, so every edit here moves the lines that follow an
entry's own line to wherever that entry's successor now starts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from ruamel.yaml.comments import CommentedMap, CommentedSeq
from ruamel.yaml.scalarstring import (
    DoubleQuotedScalarString,
    FoldedScalarString,
    LiteralScalarString,
    SingleQuotedScalarString,
)

from registry.edit import comments
from registry.edit.order import insert_position, key_order, template_keys
from registry.findings import dotted

Step = str | int
Path = tuple[Step, ...]

_KEY = r"[A-Za-z0-9_][A-Za-z0-9_-]*"
_PATH = re.compile(rf"^{_KEY}(?:\.{_KEY}|\[-?[0-9]+\])*$")
_STEP = re.compile(rf"({_KEY})|\[(-?[0-9]+)\]")
_STYLED = (SingleQuotedScalarString, DoubleQuotedScalarString, FoldedScalarString, LiteralScalarString)


class PathError(Exception):
    """A path that does not name anything usable in the document (one-line message)."""


def parse_path(text: str) -> Path:
    """``metrics.business[0].baseline`` -> ``("metrics", "business", 0, "baseline")``."""
    text = text.strip()
    if not _PATH.match(text):
        raise PathError(
            f"{text!r} is not a path: use keys and list indexes, e.g. owner or metrics.business[0].baseline"
        )
    return tuple(m.group(1) if m.group(1) else int(m.group(2)) for m in _STEP.finditer(text))


# --------------------------------------------------------------------------- edits


@dataclass(slots=True)
class Document:
    """A round-trip document and the schema that orders its keys (``card`` or ``owner``)."""

    data: Any
    schema: str = "card"

    def get(self, path: Path) -> Any:
        node = self.data
        for depth, step in enumerate(path):
            node = _child(node, step, path[: depth + 1])
        return node

    def has(self, path: Path) -> bool:
        try:
            self.get(path)
        except PathError:
            return False
        return True

    def set(self, path: Path, value: Any) -> None:
        value = commented(value)
        missing = self._missing(path)
        if missing is not None:  # build the absent mappings around the value, then insert once
            for step in reversed(path[missing + 1 :]):
                wrapper = CommentedMap()
                wrapper[step] = value
                value = wrapper
            path = path[: missing + 1]
        parent, key = self._parent(path)
        if isinstance(parent, CommentedSeq):
            self._replace(parent, _index(parent, key, path), value)
        elif key in parent:
            self._replace(parent, key, value)
        else:
            self._insert(parent, str(key), value, path)

    def unset(self, path: Path) -> None:
        parent, key = self._parent(path)
        if isinstance(parent, CommentedSeq):
            key = _index(parent, key, path)
        elif key not in parent:
            raise PathError(f"{dotted(path)} is not in the file")
        at = comments.keys(parent).index(key)
        above = comments.text_of(comments.before(parent, key))  # comment lines kept, like the rest
        rest = comments.take_rest(parent, key)
        del parent[key]
        remaining = comments.keys(parent)
        prev = remaining[at - 1] if at > 0 else None
        nxt = remaining[at] if at < len(remaining) else None
        # The blank lines on both sides of the removed entry meet: keep the longer run, not both.
        ahead = (comments.tail(parent, prev).split()[1] if prev is not None else "") + above
        behind = rest + comments.text_of(comments.before(parent, nxt))
        meeting = min(comments.blank_lines(ahead, leading=False), comments.blank_lines(behind, leading=True))
        rest = above + comments.drop_blank_lines(parent, nxt, rest, meeting)
        if prev is not None:
            comments.give_rest(parent, prev, rest)
        elif nxt is not None and rest and isinstance(parent, CommentedMap):
            comments.prepend_before(parent, nxt, rest)
        elif nxt is None and len(path) > 1:  # the block is empty now: it is written [] or {}
            holder = self.get(path[:-2])
            parent.ca.comment = None
            parent.fa.set_flow_style()
            comments.drop_head(holder, path[-2])
            comments.give_rest(holder, path[-2], rest)

    def append(self, path: Path, value: Any) -> None:
        """Add ``value`` at the end of the list at ``path`` (created when absent, empty or null)."""
        value = commented(value)
        current = None
        if self._missing(path) is None:
            parent, key = self._parent(path)
            current = (
                parent[_index(parent, key, path)] if isinstance(parent, CommentedSeq) else parent.get(key)
            )
        if not current:  # absent, null or []: a new list, block for mappings, flow for values
            if current is not None and not isinstance(current, CommentedSeq):
                raise PathError(f"{dotted(path)} is not a list")
            items = CommentedSeq()
            items.append(value)
            items.fa.set_block_style() if _container(value) else items.fa.set_flow_style()
            self.set(path, items)
            return
        if not isinstance(current, CommentedSeq):
            raise PathError(f"{dotted(path)} is not a list")
        if isinstance(value, CommentedMap):
            _match_style(value, current[-1])
        rest = comments.take_rest(current, len(current) - 1)
        current.append(value)
        comments.give_rest(current, len(current) - 1, rest)

    # -- helpers

    def _missing(self, path: Path) -> int | None:
        """Depth of the first mapping key on ``path``'s way that is absent or null, if any."""
        node = self.data
        for depth, step in enumerate(path[:-1]):
            if isinstance(node, CommentedMap) and isinstance(step, str) and node.get(step) is None:
                return depth
            node = _child(node, step, path[: depth + 1])
        return None

    def _parent(self, path: Path) -> tuple[Any, Step]:
        node = self.get(path[:-1]) if len(path) > 1 else self.data
        if not isinstance(node, CommentedMap | CommentedSeq):
            raise PathError(f"{dotted(path[:-1]) or 'the file'} is a value, not a mapping or a list")
        last = path[-1]
        if isinstance(node, CommentedMap) and not isinstance(last, str):
            raise PathError(f"{dotted(path[:-1])} is a mapping: use a key, not [{last}]")
        if isinstance(node, CommentedSeq) and not isinstance(last, int):
            raise PathError(f"{dotted(path[:-1])} is a list: use an index such as [0], not .{last}")
        return node, last

    def _insert(self, mapping: CommentedMap, key: str, value: Any, path: Path) -> None:
        existing = [str(k) for k in mapping]
        where = tuple(0 if isinstance(s, int) else s for s in path[:-1])
        at = insert_position(existing, key, key_order(self.schema, where), template_keys(self.schema, where))
        if at == 0 or mapping.fa.flow_style():
            mapping.insert(at, key, value)
            return
        rest = comments.take_rest(mapping, existing[at - 1])
        nxt = existing[at] if at < len(existing) else None
        spaced = comments.blank_lines(rest + comments.text_of(comments.before(mapping, nxt)), leading=True)
        if spaced and comments.is_block(value):
            comments.give_rest(mapping, existing[at - 1], "\n")  # a new block gets its neighbours' blank line
        mapping.insert(at, key, value)
        comments.give_rest(mapping, key, rest)

    def _replace(self, container: Any, key: Step, value: Any) -> None:
        old = container[key]
        if type(value) is str and isinstance(old, _STYLED) and "\n" not in value:
            value = type(old)(value)  # keep the quoting or block style the old value had
        rest = comments.take_rest(container, key)
        if comments.is_block(old):  # comments inside the old block went with it; its key's own stay
            comments.drop_head(container, key)
        container[key] = value
        comments.give_rest(container, key, rest)


def _child(node: Any, step: Step, here: Path) -> Any:
    if isinstance(node, CommentedMap) and isinstance(step, str):
        if step not in node:
            raise PathError(f"{dotted(here)} is not in the file")
        return node[step]
    if isinstance(node, CommentedSeq) and isinstance(step, int):
        return node[_index(node, step, here)]
    if node is None:
        raise PathError(f"{dotted(here)} is not in the file ({dotted(here[:-1])} is empty)")
    kind = (
        "a mapping"
        if isinstance(node, CommentedMap)
        else "a list"
        if isinstance(node, CommentedSeq)
        else "a value"
    )
    raise PathError(f"{dotted(here[:-1]) or 'the file'} is {kind}; {dotted(here)} does not exist")


def _index(items: CommentedSeq, step: Step, here: Path) -> int:
    if not isinstance(step, int):
        raise PathError(f"{dotted(here[:-1])} is a list: use an index such as [0]")
    index = step + len(items) if step < 0 else step
    if not 0 <= index < len(items):
        count = f"{len(items)} item" + ("" if len(items) == 1 else "s")
        raise PathError(f"{dotted(here)} is out of range: {dotted(here[:-1])} has {count}")
    return index


def commented(value: Any) -> Any:
    """Plain lists and dicts as ruamel's types: block mappings, flow lists of plain values."""
    if isinstance(value, dict) and not isinstance(value, CommentedMap):
        out = CommentedMap((str(k), commented(v)) for k, v in value.items())
        out.fa.set_block_style() if out else out.fa.set_flow_style()  # an empty block map is no map
        return out
    if isinstance(value, list) and not isinstance(value, CommentedSeq):
        items = CommentedSeq(commented(v) for v in value)
        if items and (any(_container(v) for v in items) or not _flow_safe(items)):
            items.fa.set_block_style()
        else:
            items.fa.set_flow_style()
        return items
    return value


def _flow_safe(value: CommentedSeq | CommentedMap) -> bool:
    """ruamel.yaml writes some strings unquoted in ``[...]`` that no parser reads back (``:0``)."""
    from registry.edit.yamlio import Layout, dump, plain, reads_as

    probe = CommentedSeq(value) if isinstance(value, CommentedSeq) else CommentedMap(value)
    probe.fa.set_flow_style()
    return reads_as(dump(CommentedMap(v=probe), Layout()), {"v": plain(value)})


def _container(value: Any) -> bool:
    return isinstance(value, dict | list)


def _match_style(value: CommentedMap, sibling: Any) -> None:
    """A new list item is written like the item before it: flow ``{...}`` or block."""
    if isinstance(sibling, CommentedMap) and sibling.fa.flow_style() and _flow_safe(value):
        value.fa.set_flow_style()
    else:
        value.fa.set_block_style()
