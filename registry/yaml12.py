"""YAML 1.2 for registry files: libyaml composes, a small walk builds data with positions.

The audit's hot path is here: PyYAML's libyaml parser composes the node graph in C,
and a small Python walk turns it into plain JSON-compatible data (YAML 1.2 core schema:
``yes``/``no``/``on``/``off`` stay strings and dates stay ``YYYY-MM-DD`` strings, so JSON
Schema sees exactly what the user wrote). Tags are decided by :func:`_plain_tag`, never
by PyYAML's resolver tables; nothing is ever constructed from a tag.

Untrusted input never raises out of this module except as :class:`LoadError`.
"""

from __future__ import annotations

import re
from typing import Any

import yaml
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode

try:  # libyaml is bundled with PyYAML's wheels; the pure parser is a slow fallback.
    from yaml._yaml import CParser as _Parser
except ImportError:  # pragma: no cover - exercised only without libyaml
    from yaml.parser import Parser as _ParserBase
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, _ParserBase):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            _ParserBase.__init__(self)


from yaml.composer import Composer
from yaml.resolver import BaseResolver

from registry.document import (
    MAX_DEPTH,
    MAX_INT_DIGITS,
    MAX_NODES,
    Document,
    FieldPath,
    LoadError,
    Position,
)

# Marks a plain scalar whose type _scalar decides (no real YAML tag can contain NUL).
_PLAIN = "\x00plain"
_STR = "tag:yaml.org,2002:str"
_INT = "tag:yaml.org,2002:int"
_FLOAT = "tag:yaml.org,2002:float"
_BOOL = "tag:yaml.org,2002:bool"
_NULL = "tag:yaml.org,2002:null"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_TIMESTAMP = "tag:yaml.org,2002:timestamp"


class _Resolver(BaseResolver):
    """No implicit resolvers: :meth:`_Loader.resolve` defers plain scalars to :func:`_plain_tag`."""


_Resolver.yaml_implicit_resolvers = {}  # _Loader.resolve decides; no table is consulted


#: Nodes (keys and values, before alias expansion) composed before giving up.
_MAX_COMPOSED = 2 * MAX_NODES + 2


class _TooManyNodes(Exception):
    """Raised from inside composition; turned into a LoadError by :func:`parse_yaml`."""


class _Loader(_Parser, Composer, _Resolver):
    """libyaml parser + PyYAML composer + our resolver; no constructor on purpose.

    Nothing is ever constructed from tags: the walk below builds plain data itself,
    so ``!!python/object`` and friends are reported, never executed.
    """

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        if not hasattr(self, "anchors"):
            Composer.__init__(self)
        _Resolver.__init__(self)
        self.composed = 0

    def resolve(self, kind: type, value: Any, implicit: Any) -> str:
        """Called by the C composer for every untagged node: decide cheaply, type later.

        PyYAML's resolver walks regex lists per scalar in Python; deferring plain
        scalars to :func:`_plain` (which checks the first character first) is several
        times faster on cards that are mostly text.

        It also counts nodes as they are composed, so a 1 MiB file of tiny values is
        refused after ~40,000 nodes instead of being composed whole (seconds) before
        the builder's cap applies. Keys are nodes too, hence twice the value cap.
        """
        self.composed += 1
        if self.composed > _MAX_COMPOSED:
            raise _TooManyNodes
        if kind is ScalarNode:
            return _PLAIN if implicit[0] else _STR
        return _SEQ if kind is SequenceNode else _MAP


def _mark(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


_MAYBE_TYPED = frozenset("0123456789-+.~nNtTfF")
_BOOL_RE = re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$")
_NULL_RE = re.compile(r"^(?:~|null|Null|NULL)$")
_INT_RE = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
_FLOAT_RE = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
)


def _plain_tag(text: str) -> str:
    """YAML 1.2 core schema resolution of a plain scalar."""
    if not text:
        return _NULL
    if text[0] not in _MAYBE_TYPED:
        return _STR
    if _INT_RE.match(text):
        return _INT
    if _FLOAT_RE.match(text):
        return _FLOAT
    if _BOOL_RE.match(text):
        return _BOOL
    if _NULL_RE.match(text):
        return _NULL
    return _STR


def _scalar(node: ScalarNode) -> Any:
    tag, text = node.tag, node.value
    if tag is _PLAIN:  # the common case first: most plain scalars in a card are text
        if text and text[0] not in _MAYBE_TYPED:
            return text
        tag = _plain_tag(text)
    elif tag == _PLAIN:
        tag = _plain_tag(text)
    if tag in (_STR, _TIMESTAMP):
        return text
    if tag == _NULL:
        if text not in ("", "~", "null", "Null", "NULL"):
            raise LoadError(f"{text!r} is not a null value", *_mark(node))
        return None
    if tag == _BOOL:
        lowered = text.lower()
        if lowered not in ("true", "false"):
            raise LoadError(f"{text!r} is not a boolean (YAML 1.2: true or false)", *_mark(node))
        return lowered == "true"
    if tag == _INT:
        digits = text.lstrip("+-")
        if len(digits) > MAX_INT_DIGITS:
            raise LoadError(f"number has more than {MAX_INT_DIGITS} digits", *_mark(node))
        try:
            if digits.startswith("0o"):
                value = int(digits[2:], 8)
            elif digits.startswith("0x"):
                value = int(digits[2:], 16)
            else:
                value = int(digits, 10)
        except ValueError:
            raise LoadError(f"{text!r} is not an integer", *_mark(node)) from None
        return -value if text.startswith("-") else value
    if tag == _FLOAT:
        if len(text) > 2 * MAX_INT_DIGITS:
            raise LoadError("number is too long", *_mark(node))
        lowered = text.lower().lstrip("+")
        if lowered in (".inf", "-.inf", ".nan"):
            return float(lowered.replace(".", ""))
        try:
            return float(text)
        except ValueError:
            raise LoadError(f"{text!r} is not a number", *_mark(node)) from None
    raise LoadError(f"tag {_show_tag(tag)} is not allowed", *_mark(node))


def _show_tag(tag: str) -> str:
    if tag.startswith("tag:yaml.org,2002:"):
        return "!!" + tag[len("tag:yaml.org,2002:") :]
    return tag


class _Builder:
    """Turns a node graph into data + positions, bounding depth and alias expansion."""

    __slots__ = ("active", "count", "keys", "values")

    def __init__(self) -> None:
        self.keys: dict[FieldPath, Position] = {}
        self.values: dict[FieldPath, Position] = {}
        self.count = 0
        self.active: set[int] = set()

    def build(self, node: Node, path: FieldPath) -> Any:
        self.count += 1
        if self.count > MAX_NODES:
            raise LoadError(f"document expands to more than {MAX_NODES:,} values (alias bomb?)", *_mark(node))
        self.values[path] = (node.start_mark.line + 1, node.start_mark.column + 1)
        if isinstance(node, ScalarNode):
            return _scalar(node)
        if len(path) >= MAX_DEPTH:
            raise LoadError(f"nesting is deeper than {MAX_DEPTH} levels", *_mark(node))
        ident = id(node)
        if ident in self.active:
            raise LoadError("recursive alias: a value contains itself", *_mark(node))
        self.active.add(ident)
        try:
            if isinstance(node, SequenceNode):
                if node.tag != _SEQ:
                    raise LoadError(f"tag {_show_tag(node.tag)} is not allowed", *_mark(node))
                return [self.build(item, (*path, i)) for i, item in enumerate(node.value)]
            if isinstance(node, MappingNode):
                if node.tag != _MAP:
                    raise LoadError(f"tag {_show_tag(node.tag)} is not allowed", *_mark(node))
                return self._mapping(node, path)
            raise LoadError("unsupported YAML node", *_mark(node))  # pragma: no cover
        finally:
            self.active.discard(ident)

    def _mapping(self, node: MappingNode, path: FieldPath) -> dict[str, Any]:
        out: dict[str, Any] = {}
        keys, values = self.keys, self.values
        for key_node, value_node in node.value:
            if type(key_node) is not ScalarNode:
                raise LoadError("a key must be plain text, not a list or mapping", *_mark(key_node))
            if key_node.tag not in _KEY_TAGS:
                raise LoadError(f"tag {_show_tag(key_node.tag)} is not allowed", *_mark(key_node))
            key = key_node.value
            if key in out:
                line, col = _mark(key_node)
                first = keys.get((*path, key), (0, 0))[0]
                raise LoadError(f"duplicate key {key!r} (first defined on line {first})", line, col)
            child = (*path, key)
            mark = key_node.start_mark
            keys[child] = (mark.line + 1, mark.column + 1)
            if type(value_node) is ScalarNode:  # inlined build() for the common leaf
                self.count += 1
                if self.count > MAX_NODES:
                    raise LoadError(
                        f"document expands to more than {MAX_NODES:,} values (alias bomb?)",
                        *_mark(value_node),
                    )
                mark = value_node.start_mark
                values[child] = (mark.line + 1, mark.column + 1)
                out[key] = _scalar(value_node)
            else:
                out[key] = self.build(value_node, child)
        return out


_KEY_TAGS = frozenset({_PLAIN, _STR, _INT, _FLOAT, _BOOL, _NULL, _TIMESTAMP})


#: NEL, LINE SEPARATOR and PARAGRAPH SEPARATOR end a line for libyaml (YAML 1.1) but not
#: for YAML 1.2, most editors or code review: a card could read differently from how it
#: parses, and every position after one would be wrong. Escapes (\N, \L, \P) still work.
_ODD_BREAK = re.compile("[\x85\u2028\u2029]")


def parse_yaml(text: str, path: str, line_offset: int = 0) -> Document:
    """Parse one YAML document. Raises :class:`LoadError` for anything unusable.

    ``line_offset`` shifts reported lines, for front matter inside a Markdown file.
    """
    if text.startswith("\ufeff"):
        text = text[1:]
    odd_break = _ODD_BREAK.search(text)
    if odd_break is not None:
        line, col = _text_pos(text, odd_break.start())
        raise LoadError(
            f"character U+{ord(odd_break.group()):04X} is not allowed: editors and YAML parsers "
            "disagree on whether it ends a line",
            line + line_offset,
            col,
        )
    try:
        loader = _Loader(text)
    except yaml.reader.ReaderError as exc:
        line, col = _text_pos(text, exc.position)
        raise LoadError(
            f"control character U+{exc.character:04X} is not allowed in YAML",
            line + line_offset,
            col,
        ) from None
    except yaml.YAMLError as exc:
        raise LoadError(f"invalid YAML: {_one_line(str(exc))}", 1 + line_offset, 1) from None
    try:
        try:
            node = loader.get_single_node()
        except yaml.reader.ReaderError as exc:
            # libyaml's position is a byte offset (the pure parser's a character offset); the
            # first occurrence of the refused character is where either of them stopped.
            found = text.find(chr(exc.character)) if isinstance(exc.character, int) else -1
            line, col = _text_pos(text, found) if found >= 0 else _text_pos(text, exc.position)
            raise LoadError(
                f"character U+{exc.character:04X} is not allowed in YAML", line + line_offset, col
            ) from None
        except yaml.MarkedYAMLError as exc:
            mark = exc.problem_mark or exc.context_mark
            problem = (exc.problem or exc.context or "invalid YAML").strip()
            if "expected a single document" in (exc.context or ""):
                problem = "more than one YAML document in the file (remove the extra '---')"
            elif exc.context and "first occurrence" in exc.context and exc.context_mark is not None:
                # PyYAML puts the problem in the context ("found duplicate anchor 'x'; first
                # occurrence") and only "second occurrence" in the problem
                what = exc.context.split(";")[0].removeprefix("found ").strip()
                first = exc.context_mark
                anchor = _ANCHOR.match(_row(text, first.line)[first.column :])
                if anchor is not None and "'" not in what:  # libyaml does not name the anchor
                    what = f"{what} {anchor.group(1)!r}"
                problem = f"{what} (first at line {first.line + 1 + line_offset}, column {first.column + 1})"
            elif "tab" not in problem and mark is not None and _tab_near(text, mark.line, mark.column):
                problem += " (a tab: indent with spaces, YAML does not allow tabs there)"
            line = (mark.line + 1) if mark else 1
            col = (mark.column + 1) if mark else 1
            raise LoadError(f"invalid YAML: {problem}", line + line_offset, col) from None
        except yaml.YAMLError as exc:  # reader errors (control characters) and the like
            mark = getattr(exc, "problem_mark", None) or getattr(exc, "mark", None)
            line = (mark.line + 1) if mark else 1
            col = (mark.column + 1) if mark else 1
            raise LoadError(f"invalid YAML: {_one_line(str(exc))}", line + line_offset, col) from None
        except _TooManyNodes:
            raise LoadError(f"document has more than {MAX_NODES:,} values", 1 + line_offset, 1) from None
        except (RecursionError, MemoryError):
            raise LoadError("invalid YAML: document is too deeply nested or too large") from None
        if node is None:
            raise LoadError("file is empty (no YAML document)", 1 + line_offset, 1)
        builder = _Builder()
        try:
            data = builder.build(node, ())
        except LoadError as exc:
            exc.line += line_offset
            raise
        except RecursionError:
            raise LoadError("nesting is too deep", 1 + line_offset, 1) from None
    finally:
        dispose = getattr(loader, "dispose", None)
        if dispose is not None:
            dispose()
    doc = Document(path=path, data=data, keys=builder.keys, values=builder.values)
    if line_offset:
        doc.keys = {k: (ln + line_offset, c) for k, (ln, c) in doc.keys.items()}
        doc.values = {k: (ln + line_offset, c) for k, (ln, c) in doc.values.items()}
        doc.line_offset = line_offset
    return doc


_ANCHOR = re.compile(r"&([^\s,\[\]{}]+)")


def _row(text: str, line: int) -> str:
    lines = text.splitlines()
    return lines[line] if 0 <= line < len(lines) else ""


def _tab_near(text: str, line: int, column: int) -> bool:
    """Whether a syntax error sits on a tab in the indentation (libyaml only says "token").

    Only when the error points at the tab itself: inside a flow collection (``[``,
    ``{``) a tab before a value is legal, and an error at the token after it is about
    that token, not the tab.
    """
    row = _row(text, line)
    return column < len(row) and row[column] == "\t" and not row[:column].strip(" \t")


def _text_pos(text: str, offset: int) -> Position:
    line = text.count("\n", 0, offset) + 1
    return line, offset - (text.rfind("\n", 0, offset) + 1) + 1


def _one_line(text: str) -> str:
    return " ".join(text.split())
