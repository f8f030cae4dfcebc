"""``--format json``: the report other tools parse (shape fixed by FORMAT.md)."""

from __future__ import annotations

import json
import os
import re

from registry.audit import AuditResult
from registry.report import ReportContext

# json.dumps escapes C0 controls but not C1 controls or bidi overrides; escape those
# too so that a report printed to a terminal stays inert. Lone surrogates (file names
# that are not UTF-8) would make the output invalid UTF-8: JSON escapes them as well.
_RISKY = re.compile("[\x7f-\x9f\u061c\u200b-\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ud800-\udfff\ufeff]")


def dumps(data: object) -> str:
    text = json.dumps(data, indent=2, ensure_ascii=False)
    return _RISKY.sub(lambda m: f"\\u{ord(m.group(0)):04x}", text)


def render(result: AuditResult, ctx: ReportContext) -> str:
    root_label = os.path.relpath(result.root, ctx.cwd) if os.path.isabs(result.root) else result.root
    return dumps(result.to_dict(root_label=root_label)) + "\n"
