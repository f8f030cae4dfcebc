"""Fixtures of the console tests; the registry and helpers live in console_fixtures.py."""

from console_fixtures import cards, registry_root

__all__ = ["cards", "registry_root"]
