"""Round-trip YAML: load a file so that writing it back changes only what was edited.

ruamel.yaml keeps comments, key order, quoting and flow/block style, but it still
normalises some spellings (``True``, ``~``, a ``---`` line, trailing spaces, a plain
scalar folded over two lines, a list indented differently from the rest of the file).
A person reviewing the diff of an edit must see only the edit, so :func:`render` does
not trust the dump alone: it dumps the document as loaded (the *base*) and as edited,
and replays the base-to-edited change onto the original text, line by line, the way
``diff3`` merges two branches. Lines ruamel would have respelled but the edit did not
touch stay exactly as they were. The result is re-read with the audit's own loader and
must mean what the edited document means, or the next, coarser strategy is used.

Scalars resolve as the audit reads them (YAML 1.2 core schema through
:mod:`registry.loader`): dates and ``yes``/``no`` stay strings, so nothing is quoted
or typed differently from what the audit sees.
"""

from __future__ import annotations

import copy
import difflib
import io
import itertools
import re
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

from ruamel.yaml import YAML
from ruamel.yaml.comments import Comment, CommentedMap, CommentedSeq
from ruamel.yaml.error import YAMLError
from ruamel.yaml.nodes import ScalarNode
from ruamel.yaml.resolver import VersionedResolver
from ruamel.yaml.scalarbool import ScalarBoolean
from ruamel.yaml.tag import Tag

from registry.loader import LoadError, _plain_tag, parse_yaml
from registry.rules.history import same

#: Long lines are never wrapped: a card's lines are the user's.
_WIDTH = 1 << 16
_KEY_LINE = re.compile(r"^( *)(?:- +)*[^\s#-][^:#]*:(?:\s+#.*)?\s*$")
_DASH_LINE = re.compile(r"^( *)-( +)\S")
_ENTRY_LINE = re.compile(r"^( *)[^\s#-]")


class YamlError(Exception):
    """A file or value that cannot be edited as YAML (one line, with a position when known)."""


class _Resolver(VersionedResolver):
    """Plain scalars typed exactly as :mod:`registry.loader` types them (YAML 1.2 core)."""

    def resolve(self, kind: Any, value: Any, implicit: Any) -> Any:
        if kind is ScalarNode and implicit[0]:
            return Tag(suffix=_plain_tag(value))
        return super().resolve(kind, value, implicit)


@dataclass(frozen=True, slots=True)
class Layout:
    """How a file writes itself: indentation, line ending, final newline, byte-order mark."""

    mapping: int = 2
    sequence: int = 4
    offset: int = 2
    newline: str = "\n"
    final_newline: bool = True
    bom: bool = False


def detect_layout(text: str, *, bom: bool = False) -> Layout:
    """The indentation most of the file uses, so new blocks look like the old ones."""
    first_break = text.find("\n")
    newline = "\r\n" if first_break > 0 and text[first_break - 1] == "\r" else "\n"
    lines = text.replace("\r\n", "\n").split("\n")
    maps: Counter[int] = Counter()
    seqs: Counter[tuple[int, int]] = Counter()
    content = [ln for ln in lines if ln.strip() and not ln.lstrip().startswith("#")]
    for here, after in itertools.pairwise(content):
        key = _KEY_LINE.match(here)
        if key is None:
            continue
        column = _key_column(here)
        dash = _DASH_LINE.match(after)
        if dash is not None and len(dash.group(1)) >= column:
            seqs[(len(dash.group(1)) - column, len(dash.group(2)))] += 1
            continue
        entry = _ENTRY_LINE.match(after)
        if entry is not None and len(entry.group(1)) > column:
            maps[len(entry.group(1)) - column] += 1
    mapping = maps.most_common(1)[0][0] if maps else 2
    offset, gap = seqs.most_common(1)[0][0] if seqs else (2, 1)
    return Layout(
        mapping=mapping,
        sequence=offset + 1 + gap,
        offset=offset,
        newline=newline,
        final_newline=text.endswith("\n") or not text,
        bom=bom,
    )


def _key_column(line: str) -> int:
    """Column of the last key on a line such as ``  - name:`` (the one that opens a block)."""
    stripped = line.lstrip(" ")
    column = len(line) - len(stripped)
    while stripped.startswith("-"):
        rest = stripped[1:].lstrip(" ")
        column += len(stripped) - len(rest)
        stripped = rest
    return column


def _yaml(layout: Layout) -> YAML:
    yaml = YAML(typ="rt")
    yaml.Resolver = _Resolver
    yaml.preserve_quotes = True
    yaml.width = _WIDTH
    yaml.indent(
        mapping=layout.mapping, sequence=max(layout.sequence, layout.offset + 2), offset=layout.offset
    )
    yaml.allow_duplicate_keys = False
    return yaml


@dataclass(slots=True)
class Loaded:
    """A document as ruamel.yaml holds it, with what it takes to write it back."""

    text: str  # the original text (LF line ends, no BOM)
    data: Any
    layout: Layout
    base: str  # ruamel's dump of the document as loaded

    def render(self, data: Any | None = None) -> str:
        """The file's new text (line ends, BOM and unedited lines as in the original).

        :class:`YamlError` when no text reads back as the edited document: ruamel.yaml
        can misplace a comment it moves so that the text means something else (a key's
        comment before a block list holding ``{}``), so the meaning is checked here, and
        the edit merged once more without comments, where only edited lines lose theirs.
        """
        target = self.data if data is None else data
        edited = dump(target, self.layout)
        if edited == self.base:
            return outward(self.text, self.layout)
        want = plain(target)
        text = merge(self.text, self.base, edited, want)
        if text is None:
            bare = dump(uncommented(load(self.text).data), self.layout)
            text = merge(self.text, bare, dump(uncommented(target), self.layout), want)
        if text is None:
            raise YamlError("the edit cannot be written so that it reads back as meant; nothing written")
        return outward(text, self.layout)


def inward(raw: str) -> tuple[str, bool]:
    """Text as the editor works on it (LF line ends, no BOM), and whether it had a BOM."""
    bom = raw.startswith("\ufeff")
    return (raw[1:] if bom else raw).replace("\r\n", "\n"), bom


def outward(text: str, layout: Layout) -> str:
    """Text as the file spells it: its line ends and its BOM."""
    if layout.newline != "\n":
        text = text.replace("\n", layout.newline)
    return ("\ufeff" + text) if layout.bom else text


def load(raw: str) -> Loaded:
    """Load one YAML document for editing; :class:`YamlError` when ruamel cannot."""
    text, bom = inward(raw)
    layout = detect_layout(raw.removeprefix("\ufeff"), bom=bom)
    yaml = _yaml(layout)
    try:
        try:
            data = yaml.load(text)
        except YAMLError:  # libyaml (the audit) allows a tab after a value, ruamel does not
            stripped = "\n".join(line.rstrip(" \t") for line in text.split("\n"))
            if stripped == text:
                raise
            data = _yaml(layout).load(stripped)
    except YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f"{mark.line + 1}:{mark.column + 1}: " if mark is not None else ""
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"{where}cannot be edited: {' '.join(str(problem).split())}") from None
    except Exception as exc:  # ruamel raises plain exceptions for some inputs (duplicate anchors...)
        raise YamlError(f"cannot be edited: {' '.join(str(exc).split())[:200]}") from None
    return Loaded(text=text, data=data, layout=layout, base=dump(data, layout))


def dump(data: Any, layout: Layout) -> str:
    stream = io.StringIO()
    _yaml(layout).dump(data, stream)
    out = stream.getvalue()
    if not layout.final_newline and out.endswith("\n"):
        out = out[:-1]
    return out


def parse_value(text: str) -> Any:
    """A value typed on a command line or in a form, read as YAML 1.2 like a card's values."""
    yaml = _yaml(Layout())
    try:
        value = yaml.load(text)
    except YAMLError as exc:
        problem = getattr(exc, "problem", None) or str(exc)
        raise YamlError(f"{text!r} is not a YAML value: {' '.join(str(problem).split())}") from None
    try:
        expected = parse_yaml(text, "value").data if text.strip() else None
    except LoadError as exc:
        raise YamlError(f"{text!r} is not a usable value: {exc.message}") from None
    if not same(plain(value), expected):
        raise YamlError(f"{text!r} is read differently by YAML tools; quote it")
    return value


# --------------------------------------------------------------------------- plain data


def plain(value: Any) -> Any:
    """ruamel's objects as the JSON-like data the audit's loader produces."""
    if isinstance(value, dict):
        return {str(k): plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [plain(v) for v in value]
    if value is None:
        return None
    if isinstance(value, bool | ScalarBoolean):
        return bool(value)
    if isinstance(value, int):
        return int(value)
    if isinstance(value, float):
        return float(value)
    if isinstance(value, str):
        return str(value)
    raise YamlError(f"unsupported YAML value of type {type(value).__name__}")


def reads_as(text: str, data: Any) -> bool:
    """Whether the audit's loader reads ``text`` as ``data`` (``plain`` form)."""
    try:
        return same(parse_yaml(text, "edit").data, data)
    except LoadError:
        return False


def uncommented(data: Any) -> Any:
    """A copy of ``data`` without its comments."""
    data = copy.deepcopy(data)
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, CommentedMap | CommentedSeq):
            setattr(node, Comment.attrib, Comment())
            stack.extend(node.values() if isinstance(node, CommentedMap) else node)
    return data


def is_collection(value: Any) -> bool:
    return isinstance(value, CommentedMap | CommentedSeq)


# --------------------------------------------------------------------------- merge


def merge(original: str, base: str, edited: str, want: Any) -> str | None:
    """Replay ``base`` -> ``edited`` onto ``original`` (which ``base`` respells).

    Tries, finest first: keep every original line the edit did not change; keep the
    original around conflicts only where lines correspond one to one; take the
    edited text for whole conflicting regions; take the edited text as it is. The
    first candidate the loader reads as ``want`` (the edited document, plain) wins;
    None when none does. ``edited`` itself is not trusted: ruamel.yaml can write a
    text that means something else.
    """
    for strategy in (_fine, _fine_original_first, _coarse):
        candidate = _merge(original, base, edited, strategy)
        if reads_as(candidate, want):
            return candidate
    return edited if reads_as(edited, want) else None


Resolve = Callable[[list[str], list[str], list[str]], list[str]]


def _merge(original: str, base: str, edited: str, conflict: Resolve) -> str:
    o_lines, b_lines, e_lines = (_lines(t) for t in (original, base, edited))
    out: list[str] = []
    for b_chunk, o_chunk, e_chunk, stable in _chunks(b_lines, o_lines, e_lines):
        if stable or e_chunk == b_chunk:
            out.extend(o_chunk)
        elif o_chunk == b_chunk:
            out.extend(e_chunk)
        else:
            out.extend(conflict(b_chunk, o_chunk, e_chunk))
    text = "\n".join(out)
    if out and edited.endswith("\n"):
        text += "\n"
    return text


def _lines(text: str) -> list[str]:
    lines = text.split("\n")
    return lines[:-1] if lines and lines[-1] == "" else lines


def _equal_map(a: list[str], b: list[str]) -> dict[int, int]:
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    out: dict[int, int] = {}
    for i, j, n in matcher.get_matching_blocks():
        for k in range(n):
            out[i + k] = j + k
    return out


def _chunks(
    base: list[str], ours: list[str], theirs: list[str]
) -> Iterator[tuple[list[str], list[str], list[str], bool]]:
    """diff3's chunks: runs of base lines both sides kept, and the regions between them."""
    to_ours, to_theirs = _equal_map(base, ours), _equal_map(base, theirs)
    b = o = t = 0
    for i in range(len(base) + 1):
        if i < len(base) and not (i in to_ours and i in to_theirs):
            continue
        oi = to_ours[i] if i < len(base) else len(ours)
        ti = to_theirs[i] if i < len(base) else len(theirs)
        if oi < o or ti < t:  # the matches cross: not a stable line
            continue
        if (b, o, t) != (i, oi, ti):
            yield base[b:i], ours[o:oi], theirs[t:ti], False
        if i < len(base):
            yield [base[i]], [ours[oi]], [theirs[ti]], True
        b, o, t = i + 1, oi + 1, ti + 1


def _fine(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    """In a conflict, keep the original lines wherever the edit left their base lines alone."""
    n = len(base)
    if not n:  # both sides added lines at one place: the edit's go first (a final "..." stays last)
        return theirs + ours
    if theirs[:n] == base:  # the edit only added lines after the region
        return ours + theirs[n:]
    if theirs[len(theirs) - n :] == base:  # ...or before it
        return theirs[: len(theirs) - n] + ours
    if n != len(ours):
        return theirs
    kept = _equal_map(base, theirs)
    original = {kept[i]: ours[i] for i in kept}
    return [original.get(j, line) for j, line in enumerate(theirs)]


def _fine_original_first(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    return ours + theirs if not base else _fine(base, ours, theirs)


def _coarse(base: list[str], ours: list[str], theirs: list[str]) -> list[str]:
    return theirs
