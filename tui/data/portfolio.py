"""The Portfolio screen's rows, without Textual: use cases by combined score, pilots by urgency.

Use cases come from the snapshot's summaries (which carry the three scores), ranked by
:func:`registry.steering_sections.rank_use_cases`, so the console and the report rank
alike. Pilots need dates the summaries do not keep: :func:`read_pilots` reads only the
pilots' cards (a handful, even in a large registry), in the screen's worker.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from registry.steering import PilotRow, UseCaseRow
from registry.steering_sections import PILOT_STATES, pilot_rows, rank_use_cases, use_case
from registry.store import load_card
from tui.data.snapshot import Snapshot


def use_case_rows(snapshot: Snapshot) -> list[UseCaseRow]:
    """Proposed models, highest combined score first; unscored ones last, by id."""
    rows = [use_case(folder, s) for folder, s in snapshot.summaries.items() if s.stage == "proposed"]
    return rank_use_cases(rows, snapshot.policy.priority_weights)


def pilot_folders(snapshot: Snapshot) -> list[str]:
    return [folder for folder, s in snapshot.summaries.items() if s.stage == "pilot"]


def read_pilots(snapshot: Snapshot) -> list[PilotRow]:
    """Every pilot against its time box, most urgent first (reads the pilots' cards)."""
    cards = (load_card(snapshot.root, folder) for folder in pilot_folders(snapshot))
    return pilot_rows(cards, snapshot.policy.pilot_max_weeks, snapshot.today)


@dataclass(frozen=True, slots=True)
class Column:
    """A sortable column: ``value`` of a row (None sorts last), highest first when ``descending``."""

    key: str
    title: str
    value: Callable[[Any], Any]
    descending: bool = False
    numeric: bool = False


USE_CASE_COLUMNS: tuple[Column, ...] = (
    Column("rank", "Rank", lambda r: r.rank, numeric=True),
    Column("score", "Score", lambda r: r.score, descending=True, numeric=True),
    Column("name", "Use case", lambda r: r.name.lower()),
    Column("impact", "Impact", lambda r: r.impact, descending=True, numeric=True),
    Column("feasibility", "Feasibility", lambda r: r.feasibility, descending=True, numeric=True),
    Column("readiness", "Readiness", lambda r: r.readiness, descending=True, numeric=True),
    Column("owner", "Owner", lambda r: r.owner),
    Column("sponsor", "Sponsor", lambda r: r.sponsor),
)

PILOT_COLUMNS: tuple[Column, ...] = (
    Column("status", "Status", lambda r: PILOT_STATES.index(r.status)),
    Column("name", "Pilot", lambda r: r.name.lower()),
    Column("owner", "Owner", lambda r: r.owner),
    Column("start", "Started", lambda r: r.start),
    Column("weeks", "Weeks", lambda r: r.weeks_elapsed, descending=True, numeric=True),
    Column("end", "Planned end", lambda r: r.planned_end),
    Column("decision", "Decision", lambda r: r.decision),
)


def sort_rows(rows: Sequence[Any], columns: Sequence[Column], key: str, reverse: bool = False) -> list[Any]:
    """Rows by one column; ties keep their order (the ranking), rows without a value go last."""
    column = next((c for c in columns if c.key == key), columns[0])
    present = [r for r in rows if column.value(r) is not None]
    missing = [r for r in rows if column.value(r) is None]
    return sorted(present, key=column.value, reverse=column.descending != reverse) + missing
