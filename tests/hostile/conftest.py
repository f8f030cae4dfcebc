"""Fixtures for the hostile-input tests; the helpers live in ``hostile_support``.

Test modules import helpers from ``hostile_support`` rather than from ``conftest``:
several folders of this suite have a conftest.py, and which one a plain
``import conftest`` finds depends on collection order.
"""

from hostile_support import _alarm, read_spy

__all__ = ["_alarm", "read_spy"]
