"""Where a new key goes: the order of the template ``registry new`` writes, then the schema's.

A person adding ``backup_owner`` puts it under ``owner``, not at the end of the card;
the template is the order people learn, and the schema's property order places the
keys the template leaves out (``tags`` after ``risk_tier``, ``decided`` after
``decision``).
"""

from __future__ import annotations

import re
from functools import cache
from typing import Any

from registry.schema import schema

Step = str | int

_TEMPLATE_KEY = re.compile(r"^( *)([a-z_]+):")
_COMMENTED_KEY = re.compile(r"^# ( *[a-z_]+:)")


@cache
def _template_keys() -> dict[tuple[str, ...], tuple[str, ...]]:
    """Key order per mapping path in the card template (its commented-out blocks included)."""
    from registry.scaffold import CARD_TEMPLATE

    found: dict[tuple[str, ...], list[str]] = {}
    stack: list[tuple[int, str]] = []
    for raw in CARD_TEMPLATE.splitlines():
        commented = _COMMENTED_KEY.match(raw)
        line = commented.group(1) if commented else raw
        match = _TEMPLATE_KEY.match(line)
        if match is None:
            continue
        indent, key = len(match.group(1)), match.group(2)
        while stack and stack[-1][0] >= indent:
            stack.pop()
        keys = found.setdefault(tuple(k for _, k in stack), [])
        if key not in keys:
            keys.append(key)
        stack.append((indent, key))
    return {path: tuple(keys) for path, keys in found.items()}


def _schema_node(name: str, path: tuple[Step, ...]) -> dict[str, Any]:
    root = schema(name)
    defs = root.get("$defs", {})
    node: Any = root
    for step in (*path, None):
        for _ in range(8):  # follow $ref and the object branch of anyOf/oneOf
            if isinstance(node, dict) and isinstance(node.get("$ref"), str):
                node = defs.get(node["$ref"].rsplit("/", 1)[-1], {})
            elif isinstance(node, dict) and "properties" not in node and "items" not in node:
                branches = node.get("anyOf") or node.get("oneOf") or []
                node = next((b for b in branches if isinstance(b, dict) and b.get("type") != "null"), node)
                if not branches:
                    break
            else:
                break
        if step is None:
            break
        if not isinstance(node, dict):
            return {}
        node = node.get("items", {}) if isinstance(step, int) else node.get("properties", {}).get(step, {})
    return node if isinstance(node, dict) else {}


def template_keys(name: str, path: tuple[Step, ...]) -> tuple[str, ...]:
    """The keys the card template writes at ``path`` (none for owners and list items)."""
    if name != "card" or any(isinstance(s, int) for s in path):
        return ()
    return _template_keys().get(tuple(str(s) for s in path), ())


@cache
def key_order(name: str, path: tuple[Step, ...]) -> tuple[str, ...]:
    """The keys of the mapping at ``path`` (list indexes as 0) in the order a person writes them."""
    keys = list(template_keys(name, path))
    props = _schema_node(name, path).get("properties", {})
    previous: str | None = None
    for key in props if isinstance(props, dict) else ():
        if key not in keys:
            keys.insert(keys.index(previous) + 1 if previous in keys else len(keys), key)
        previous = key
    return tuple(keys)


def insert_position(
    existing: list[str], key: str, order: tuple[str, ...], anchors: tuple[str, ...] = ()
) -> int:
    """Index at which ``key`` joins ``existing`` keys: after the latest key that comes before it.

    Keys in ``anchors`` (the template's) are preferred as the key to follow: in a card
    ordered ``risk_tier, sponsor, tags``, ``owner`` goes under ``risk_tier`` as the
    template has it, not under ``tags``, which only the schema places before it.
    """
    if key not in order:
        return len(existing)
    rank = order.index(key)
    before = [i for i, k in enumerate(existing) if k in order and order.index(k) < rank]
    preferred = [i for i in before if existing[i] in anchors]
    if preferred or before:
        return max(preferred or before, key=lambda i: order.index(existing[i])) + 1
    after = [i for i, k in enumerate(existing) if k in order and order.index(k) > rank]
    return min(after) if after else len(existing)
