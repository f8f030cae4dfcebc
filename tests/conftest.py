"""Shared fixtures; the baseline card, owners and registry builders live in ``registry_support``.

Test modules import helpers from ``registry_support`` (or take the ``h`` fixture)
rather than from ``conftest``: several folders of this suite have a conftest.py, and
which one a plain ``import conftest`` finds depends on collection order.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from registry_support import TODAY, Helpers, baseline_card, make_registry


@pytest.fixture
def h() -> type[Helpers]:
    """The shared helpers (``h.make_registry(tmp_path, ...)``, ``h.baseline_card()``, ...)."""
    return Helpers


@pytest.fixture(name="make_registry")
def _make_registry() -> Callable[..., Path]:
    """``make_registry(tmp_path, settings=..., owners=..., cards=..., runbooks=...)``."""
    return make_registry


@pytest.fixture(name="baseline_card")
def _baseline_card() -> Callable[..., dict[str, Any]]:
    """Factory of the compliant baseline card: ``baseline_card(**top_level_changes)``."""
    return baseline_card


@pytest.fixture
def today() -> date:
    return TODAY
