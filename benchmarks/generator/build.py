"""The whole registry in memory: owners, then cards, then the text of every file.

Why build before writing: the git history is planned from the final files (earlier
versions are derived from them), and writing only after everything is drawn means a
failed draw never leaves a half-written folder.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from datetime import date

from .cards import render_card
from .catalog import SCHEMA_TYPOS
from .context import Card, Context
from .documents import GITIGNORE, render_registry, render_runbook
from .models import build_model
from .owners import Owner, make_owners, render_owner

#: Fraction of cards with a deliberate schema error.
BROKEN_FRACTION = 0.005


@dataclass(slots=True)
class Registry:
    """Everything generated, before it is written."""

    ctx: Context
    owners: list[Owner]
    cards: list[Card]
    models: int


def build(models: int, seed: int, today: date) -> Registry:
    """Draw owners and cards from one seeded RNG, in a fixed order."""
    rng = random.Random(seed)
    owner_count = max(5, round(models / 20))
    owners = make_owners(rng, owner_count, "acme.example")
    active = [o.id for o in owners if o.owns_models and o.active]
    cum: list[float] = []
    total = 0.0
    for _ in active:
        total += rng.choice((1, 1, 1, 2, 2, 3, 5, 8))
        cum.append(total)
    ctx = Context(
        today,
        {o.id: o for o in owners},
        active,
        cum,
        [o.id for o in owners if o.owns_models and not o.active],
    )
    width = max(4, len(str(models)))
    broken_count = round(models * BROKEN_FRACTION)
    broken = dict.fromkeys(sorted(rng.sample(range(1, models + 1), broken_count)))
    cards = []
    for index in range(1, models + 1):
        typo = rng.choice(SCHEMA_TYPOS) if index in broken else None
        card = build_model(index, width, rng, ctx, typo)
        if typo is not None and typo[0] == "validation" and card["validation"] is None:
            card["typo"] = ("kind", "predicitve")
        if typo is not None and typo[0] == "bias" and not card["bias_tests"]:
            card["typo"] = ("infrastructure", "on-prem")
        cards.append(card)
    # A history-aware rule needs something to find even in a small registry.
    flagged = sum("VAL005" in c["expect"] for c in cards)
    candidates = [
        c
        for c in cards
        if not c["expect"]
        and c["validation"] is not None
        and c["stage"] != "retired"
        and c["validation"]["age"] >= 20
    ]
    for card in rng.sample(candidates, max(0, min(len(candidates), 2 - flagged))):
        card["expect"] = ["VAL005"]
    return Registry(ctx, owners, cards, models)


def render_files(reg: Registry) -> dict[str, str]:
    """Final content of every file, by path relative to OUT, in a fixed order."""
    files = {".gitignore": GITIGNORE, "registry.yaml": render_registry(reg.models)}
    for owner in reg.owners:
        files[f"owners/{owner.id}.yaml"] = render_owner(owner)
    for card in reg.cards:
        files[f"models/{card['id']}/model_card.yaml"] = render_card(card)
        files[f"models/{card['id']}/runbook.md"] = render_runbook(card, reg.ctx)
    return files
