"""The benchmark registry generator, split along its stages (``benchmarks/generate.py`` runs it).

Why a package: the generator is a pipeline whose stages change for different reasons
(a new rule adds a defect, a new card field changes the writer, the trend benchmark
changes the history), and each stage is a module a reader can hold in mind:

* :mod:`.yamltext` quotes YAML scalars only where they must be quoted;
* :mod:`.catalog` and ``domains.json`` hold the vocabulary cards are drawn from;
* :mod:`.owners` draws and writes the owner records, :mod:`.context` the shared pool;
* :mod:`.models` draws one clean card, :mod:`.defects` breaks it and labels it;
* :mod:`.cards` and :mod:`.documents` render model cards, runbooks and registry.yaml;
* :mod:`.build` draws the whole registry, :mod:`.writer` writes it to disk;
* :mod:`.history` plans a ``--git`` history, :mod:`.gitimport` imports it into git;
* :mod:`.cli` is the command line.

Everything is drawn from seeded RNGs in a fixed order, so the same arguments write
the same bytes (and commit ids); moving code between modules must not change the
order of the draws.
"""

from __future__ import annotations

from .build import Registry, build, render_files
from .cards import render_card
from .catalog import DOMAINS, Domain
from .cli import main
from .context import Card, Context
from .defects import DEFECTS, applicable
from .documents import render_registry, render_runbook
from .history import AUTHORS, HISTORY_COMMITS, History, plan_history
from .owners import Owner, make_owners, render_owner
from .writer import DEFAULT_TODAY, Written, generate, write_registry
from .yamltext import flow_list, num, scalar

__all__ = [
    "AUTHORS",
    "DEFAULT_TODAY",
    "DEFECTS",
    "DOMAINS",
    "HISTORY_COMMITS",
    "Card",
    "Context",
    "Domain",
    "History",
    "Owner",
    "Registry",
    "Written",
    "applicable",
    "build",
    "flow_list",
    "generate",
    "main",
    "make_owners",
    "num",
    "plan_history",
    "render_card",
    "render_files",
    "render_owner",
    "render_registry",
    "render_runbook",
    "scalar",
    "write_registry",
]
