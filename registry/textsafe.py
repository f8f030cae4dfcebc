"""Text from cards is data: make it inert before it reaches a terminal.

Card fields can hold ANSI/OSC escape sequences (clear screen, set title, write the
clipboard), C1 controls and bidirectional overrides that make text read differently
from what it is. Output paths call :func:`clean` once, where text is displayed.
"""

from __future__ import annotations

import re

# Lone surrogates (\ud800-\udfff) are file names that are not UTF-8, as os.listdir decodes
# them: printed as is they are invalid UTF-8 (or an encoding error), so they are escaped too.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069"
    "\ud800-\udfff\ufeff]"
)
_UNSAFE_WITH_NEWLINES = re.compile(
    "[\x00-\x09\x0a-\x1f\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069"
    "\ud800-\udfff\ufeff]"
)


def _show(match: re.Match[str]) -> str:
    char = match.group(0)
    code = ord(char)
    if char == "\t":
        return " "
    if code <= 0xFF:
        return f"\\x{code:02x}"
    if 0xDC80 <= code <= 0xDCFF:  # the undecodable byte os.fsdecode smuggled in
        return f"\\x{code - 0xDC00:02x}"
    return f"\\u{code:04x}"


def clean(text: object, *, multiline: bool = False) -> str:
    """Replace control, escape and bidi-override characters with visible escapes.

    With ``multiline`` newlines are kept (Markdown, runbooks); otherwise they show
    as ``\\x0a`` so that one finding stays one line, as line-based tools expect.
    """
    value = text if isinstance(text, str) else str(text)
    if multiline:
        return _UNSAFE.sub(_show, value)
    return _UNSAFE_WITH_NEWLINES.sub(_show, value)


def has_unsafe(text: str) -> bool:
    return bool(_UNSAFE_WITH_NEWLINES.search(text))
