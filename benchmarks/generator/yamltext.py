"""YAML scalars written by hand: plain where a reader would write them plain, quoted where they must be.

Why not a YAML dumper: the generated cards must look hand-written (unquoted strings,
flow lists, aligned comments) and render fast (tens of thousands of cards per
benchmark run), so every file is an f-string template and these helpers make its
values safe.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

# A plain scalar must not start with an indicator, must not contain ": " or " #", and
# in flow context ([...] and {...}) must not contain ",[]{}:#" at all.
_BLOCK_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ._/()<>=%+'&,;:#$*-]*")
_FLOW_PLAIN = re.compile(r"[A-Za-z0-9(][A-Za-z0-9 ._/()<>=%+'&;$*-]*")
_DATEISH = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
_RESERVED = frozenset({"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"})


def scalar(text: str, flow: bool = False) -> str:
    """Render ``text`` as a YAML string: plain when unambiguous, else JSON-quoted.

    Why: cards should look hand-written (mostly unquoted), but a single value that
    YAML 1.1 or 1.2 would read as a number, date, boolean or comment would turn the
    benchmark into a test of YAML quirks. JSON strings are valid YAML double-quoted
    scalars, so quoting with ``json.dumps`` is always safe.
    """
    pattern = _FLOW_PLAIN if flow else _BLOCK_PLAIN
    if (
        pattern.fullmatch(text)
        and not text.endswith((" ", ":"))
        and ": " not in text
        and " #" not in text
        and text.lower() not in _RESERVED
        and not (text[0].isdigit() and " " not in text)  # 0x1F, 1e3, 1:20, 2026-01-01
        and not _DATEISH.match(text)
    ):
        return text
    return json.dumps(text, ensure_ascii=False)


def flow_list(items: Sequence[str]) -> str:
    """A YAML flow sequence of strings, each quoted only if it must be."""
    return "[" + ", ".join(scalar(item, flow=True) for item in items) + "]"


def num(value: float) -> str:
    """A number as YAML writes it: no exponent, at most 4 decimals, no trailing zeros."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.4f}".rstrip("0").rstrip(".")
