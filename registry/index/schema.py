"""Upgrades of the index's schema, one function per step, applied in order on first use.

``UPGRADES[n]`` takes a database at schema ``n`` to ``n + 1`` inside the writer's
transaction (so a failed upgrade leaves the database as it was). Version 1 is the
first schema: there is nothing to upgrade yet. When a table changes, raise
:data:`SCHEMA_VERSION` and add the step here, written in plain SQL that both
SQLite and PostgreSQL accept (``ALTER TABLE ... ADD COLUMN ...``).
"""

from __future__ import annotations

from collections.abc import Callable

from sqlalchemy import Connection

#: The schema this version of the tool writes. Raise it with an upgrade below.
SCHEMA_VERSION = 1
#: The table that records it (one row); read with plain SQL so readers need no SQLModel.
SCHEMA_TABLE = "registry_schema"

UPGRADES: dict[int, Callable[[Connection], None]] = {}
