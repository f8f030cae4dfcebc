"""Hostile card text for the steering report's tests (imported by name, not through conftest)."""

from __future__ import annotations

from registry_support import TODAY

__all__ = ["ALLOWED_LINKS", "HOSTILE", "TODAY"]

#: Card text that would be markup, a script, a link or a broken table if it were not escaped.
HOSTILE = {
    "name": "**Bold** <b>bold</b> [click](https://evil.example/c) | ![i](https://evil.example/i.png) `tick`",
    "purpose": "<script>window.__pwned = 1</script>",
    "criterion": '<img src="https://evil.example/p.png" onerror="window.__pwned = 2">',
    "summary": "</td></tr></table><script>window.__pwned = 3</script> see www.evil.example",
    "sponsor": "1. # Head | of `x` \\ evil@evil.example",
    "escalation": "<iframe src=https://evil.example/f></iframe>",
    "registry": '<Acme> & "Co" # | * \x1b[31mred',
}
ALLOWED_LINKS = {"https://dash.example/ok", "https://evidence.example/v?a=1&b=2"}
