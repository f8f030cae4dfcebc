"""The plan of a ``--git`` history: which earlier versions exist and which commit brings each to its end.

Why plan apart from writing: the plan is pure data drawn from its own seeded RNG
(``history:<seed>``), so the working tree never depends on ``--git`` and the same
arguments always give the same commit ids; :mod:`gitimport` only turns it into git
objects.
"""

from __future__ import annotations

import copy
import random
from dataclasses import dataclass
from datetime import date, timedelta

from .build import Registry
from .cards import render_card
from .context import Card
from .defects import prev_version
from .documents import render_runbook
from .owners import render_owner

#: Commits in a ``--git`` history: one import, then edits spread over the year.
HISTORY_COMMITS = 40

AUTHORS = (
    ("Dana Whitfield", "dana.whitfield@acme.example"),
    ("Omar Haddad", "omar.haddad@acme.example"),
    ("Helen Osei", "helen.osei@acme.example"),
    ("Registry Bot", "registry-bot@acme.example"),
)


@dataclass(slots=True)
class History:
    """Earlier contents (committed first) and the edits of each later commit."""

    days: list[date]
    initial: dict[str, str]
    edits: list[dict[str, str]]  # per commit: path -> new content
    messages: list[list[str]]


def _edit_field(card: Card, rng: random.Random) -> Card:
    """An earlier version of ``card`` differing in one non-exempt field (for VAL005)."""
    earlier = copy.deepcopy(card)
    options = ["sponsor", "alerts"]
    if card["purpose"]:
        options.append("purpose")
    if card["limitations"] and len(card["limitations"]) >= 2:
        options.append("limitations")
    if card["fallback"] is not None:
        options.append("threshold")
    choice = rng.choice(options)
    if choice == "purpose":
        earlier["purpose"] = card["alt_purpose"]
    elif choice == "limitations":
        earlier["limitations"] = card["limitations"][:-1]
    elif choice == "sponsor":
        earlier["sponsor"] = (
            "Chief Operating Officer"
            if card["sponsor"] != ("Chief Operating Officer")
            else "Chief Risk Officer"
        )
    elif choice == "alerts":
        earlier["alerts"] = [*card["alerts"], "scoring job fails twice in a row"]
    else:
        threshold = card["fallback"]["confidence_threshold"]
        earlier["fallback"]["confidence_threshold"] = round(threshold + 0.05, 2) if (threshold < 0.9) else 0.6
    return earlier


def plan_history(
    reg: Registry, files: dict[str, str], seed: int, commits: int = HISTORY_COMMITS, span: int = 363
) -> History:
    """Decide which files change in which commit, without touching the final tree.

    Why this shape: the working tree must not depend on ``--git``, so the history is
    made of *earlier* versions that later commits bring to their final state. Card
    edits in fields other than validation, bias_tests, incidents and waivers happen
    strictly before the validation date, except on the cards labelled VAL005, which
    are edited strictly after it. Everything else (validation refreshes, new bias
    tests and incidents) is exempt from VAL005 and lands on or after its date.
    """
    rng = random.Random(f"history:{seed}")
    today = reg.ctx.today
    first = today - timedelta(days=span + 1)
    days = [first + timedelta(days=round(k * span / (commits - 1))) for k in range(commits)]
    initial: dict[str, str] = {}
    edits: list[dict[str, str]] = [{} for _ in days]
    messages: list[list[str]] = [[] for _ in days]
    later = range(1, commits)

    def schedule(path: str, steps: list[tuple[int, str, str]]) -> None:
        """``steps``: (commit, content after it, message); earliest first."""
        for k, text, message in steps:
            edits[k][path] = text
            messages[k].append(message)

    story_rate = min(1.0, max(commits * 1.5, reg.models / 8) / reg.models)
    for card in reg.cards:
        mid = card["id"]
        path = f"models/{mid}/model_card.yaml"
        validation = card["validation"]
        vday = date.fromisoformat(validation["date"]) if validation else None
        if "VAL005" in card["expect"]:
            assert vday is not None
            ks = [k for k in later if days[k] > vday]
            k = rng.choice(ks)
            initial[path] = render_card(_edit_field(card, rng))
            schedule(path, [(k, files[path], f"Update {mid} card after review")])
            continue
        if rng.random() >= story_rate:
            continue
        stories = ["edit"]
        if card["stage"] == "retired":
            stories.append("retire")
        if vday is not None and any(days[k] >= vday for k in later):
            stories.append("revalidate")
            if (
                card["validation"]["model_version"] == card["version"]
                and prev_version(card["version"])
                and any(days[k] < vday for k in later)
            ):
                stories.append("release")
        if card["bias_tests"] and any(
            days[k] >= date.fromisoformat(card["bias_tests"][-1]["date"]) for k in later
        ):
            stories.append("bias")
        if card["incidents"] and days[1] <= date.fromisoformat(card["incidents"][-1]["date"]):
            stories.append("incident")
        story = rng.choice(stories)
        if story == "edit":
            ks = [k for k in later if vday is None or days[k] < vday]
            if not ks:
                continue
            initial[path] = render_card(_edit_field(card, rng))
            schedule(path, [(rng.choice(ks), files[path], f"Clarify the {mid} card")])
        elif story == "retire":
            earlier = dict(card, stage="production", decommissioned=None)
            initial[path] = render_card(earlier)
            schedule(path, [(rng.choice(list(later)), files[path], f"Retire {mid}")])
        elif story == "revalidate":
            assert vday is not None
            ks = [k for k in later if days[k] >= vday]
            earlier = copy.deepcopy(card)
            old = vday - timedelta(days=rng.randint(90, 200))
            earlier["validation"]["date"] = old.isoformat()
            earlier["validation"]["evidence"] = (
                card["validation"]["evidence"].rsplit("/", 1)[0] + "/" + old.isoformat()
            )
            initial[path] = render_card(earlier)
            schedule(path, [(ks[0], files[path], f"Record the new validation of {mid}")])
        elif story == "release":
            assert vday is not None
            before = [k for k in later if days[k] < vday]
            after = [k for k in later if days[k] >= vday]
            previous = prev_version(card["version"])
            old = vday - timedelta(days=rng.randint(90, 200))
            released = copy.deepcopy(card)
            released["validation"].update(
                date=old.isoformat(),
                model_version=previous,
                evidence=card["validation"]["evidence"].rsplit("/", 1)[0] + "/" + old.isoformat(),
            )
            earliest = dict(copy.deepcopy(released), version=previous)
            initial[path] = render_card(earliest)
            schedule(
                path,
                [
                    (rng.choice(before), render_card(released), f"Release {mid} {card['version']}"),
                    (after[0], files[path], f"Validate {mid} {card['version']}"),
                ],
            )
        elif story == "bias":
            newest = date.fromisoformat(card["bias_tests"][-1]["date"])
            ks = [k for k in later if days[k] >= newest]
            initial[path] = render_card(dict(card, bias_tests=card["bias_tests"][:-1]))
            schedule(path, [(ks[0], files[path], f"Add the latest bias test of {mid}")])
        else:
            happened = date.fromisoformat(card["incidents"][-1]["date"])
            ks = [k for k in later if days[k] >= happened]
            initial[path] = render_card(dict(card, incidents=card["incidents"][:-1]))
            schedule(path, [(ks[0], files[path], f"Log an incident on {mid}")])

    for owner in reg.owners:
        if not owner.active:
            path = f"owners/{owner.id}.yaml"
            initial[path] = render_owner(owner, active=True)
            schedule(path, [(rng.choice(list(later)), files[path], f"Mark {owner.id} as inactive")])

    # Runbook touch-ups fill the commits that nothing else changed.
    touched: dict[int, list[int]] = {}
    order = list(range(len(reg.cards)))
    for k in later:
        if edits[k] and rng.random() < 0.7:
            continue
        touched.setdefault(rng.choice(order), []).append(k)
    for index, ks in sorted(touched.items()):
        card = reg.cards[index]
        path = f"models/{card['id']}/runbook.md"
        initial[path] = render_runbook(card, reg.ctx, variant=len(ks))
        steps = []
        for n, k in enumerate(sorted(ks)):
            remaining = len(ks) - n - 1
            text = files[path] if remaining == 0 else render_runbook(card, reg.ctx, remaining)
            steps.append((k, text, f"Update the {card['id']} runbook"))
        schedule(path, steps)
    return History(days, initial, edits, messages)
