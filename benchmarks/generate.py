#!/usr/bin/env python3
"""Write a large, realistic, deterministic model registry for benchmarks and tests.

Why this exists: the audit, the index and the console must be measured on registries
of realistic size and shape (10,000 cards, hundreds of owners, a git history), and
their findings must be checkable. Hand-written fixtures are too small and a YAML
dumper is too slow and too regular, so this script renders cards from string
templates with a seeded ``random.Random``. This script is the entry point; the code
is the ``generator`` package next to it (one module per stage, see its docstring).

Usage::

    python benchmarks/generate.py OUT --models N [--seed S] [--git] [--weeks W] [--today YYYY-MM-DD]

What a caller can rely on:

* The same arguments write byte-identical files (and, with ``--git``, identical
  commit ids). The working tree does not depend on ``--git``: the history only adds
  earlier versions of some files.
* Every file is valid YAML (cards, owners, registry.yaml, runbook front matter).
* Every card starts with a ``# benchmark-expect: ...`` comment listing the rule codes
  that ``registry audit --today TODAY`` should report for it with the default policy
  (``none`` for a clean card). ``VAL005`` is listed for cards whose history was
  edited after their validation date, and only shows up with ``--git``. ``SCH001``
  marks the ≈0.5% of cards with a deliberate schema error (an enum typo or an
  ``ownr:`` key); they carry no other defect except the ``OWN001`` that ``ownr:``
  implies on a non-retired card.
* About a third of the models carry one or two defects; retired models (which only
  get schema rules) carry none, except a schema typo. The defects include the rules
  added on 2026-11-30 (VAL006, DAT001, WAI003-WAI005, DOC004, POR001, MET004, PIL003,
  PIL004); a PIL002 pilot has also passed its planned end, so it is labelled PIL003 too.
  Clean cards write the new fields: leading metrics on live models, priority scores on
  proposals, conditions on conditional validations.
* Commit dates are fixed and increasing over the year before ``--today``; re-running
  with another ``--today`` shifts every date, so audit with the same ``--today``.
"""

from __future__ import annotations

import sys
from pathlib import Path

# Run as a script, this folder is on sys.path already; loaded by path (importlib), it is not.
HERE = str(Path(__file__).resolve().parent)
if HERE not in sys.path:
    sys.path.insert(0, HERE)

# The names benchmarks and tests use; the rest of the API is the package's (``import generator``).
from generator import AUTHORS, DEFAULT_TODAY, flow_list, generate, main, scalar  # noqa: E402

__all__ = ["AUTHORS", "DEFAULT_TODAY", "flow_list", "generate", "main", "scalar"]

if __name__ == "__main__":
    sys.exit(main())
