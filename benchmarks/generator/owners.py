"""Owner records: the governance teams, the model-owning teams and people, and their YAML.

Why owners are drawn before any card: several rules (OWN002, OWN003, VAL004, WAI004)
depend on who owns a model, who is inactive and who sits in which team, so the pool
is fixed first and every card picks from it.
"""

from __future__ import annotations

import json
import random
from dataclasses import dataclass

from .catalog import FIRST, LAST, PRIVACY_TEAM, REGIONS, TEAMS, VALIDATOR_TEAM
from .yamltext import flow_list, scalar


@dataclass(slots=True)
class Owner:
    """One owner record, with what the generator needs to know about it."""

    id: str
    kind: str
    name: str
    email: str
    lead: str | None
    members: list[str]
    escalation: str | None
    review_handle: str | None
    active: bool = True
    note: str = ""
    owns_models: bool = True


def _person(rng: random.Random, taken: dict[str, None]) -> tuple[str, str]:
    """A fresh (first, last) pair whose slug is not in ``taken``."""
    for _ in range(200):
        first, last = rng.choice(FIRST), rng.choice(LAST)
        if f"{first}-{last}" not in taken:
            return first, last
    n = 2
    first, last = rng.choice(FIRST), rng.choice(LAST)
    while f"{first}-{last}{n}" in taken:
        n += 1
    return first, f"{last}{n}"


def _display(first: str, last: str) -> str:
    """A person's display name from the slug parts (``de-vries`` -> ``De-Vries``)."""
    return f"{first.title()} {'-'.join(part.title() for part in last.split('-'))}"


def make_owners(rng: random.Random, count: int, domain: str) -> list[Owner]:
    """``count`` owner records: two governance teams, then model-owning teams and people.

    Why the governance teams: the Model Risk Office validates and the Privacy Office
    reviews training data; neither owns models, so validations by them are independent
    (VAL004) and their members are never members of a model-owning team.
    """
    taken: dict[str, None] = {}  # ordered set of used ids and handles
    governance: list[Owner] = []
    for oid, name, note in (
        (
            VALIDATOR_TEAM,
            "Model Risk Office",
            "Independent validation; reports to the CRO and owns no models.",
        ),
        (PRIVACY_TEAM, "Privacy Office (DPO)", "Reviews every training set that contains personal data."),
    ):
        handles = []
        for _ in range(3):
            first, last = _person(rng, taken)
            taken[f"{first}-{last}"] = None
            handles.append(f"{first}.{last}")
        governance.append(
            Owner(
                oid,
                "team",
                name,
                f"{oid}@{domain}",
                handles[0],
                handles,
                f"#{oid}",
                f"@acme/{oid}",
                note=note,
                owns_models=False,
            )
        )
    reserved = {h for o in governance for h in o.members}
    owners = list(governance)
    team_names = dict(TEAMS)
    for _ in range(count - len(governance)):
        if rng.random() < 0.3:
            first, last = _person(rng, taken)
            oid = f"{first}-{last}"
            taken[oid] = None
            owners.append(
                Owner(
                    oid,
                    "person",
                    _display(first, last),
                    f"{first}.{last}@{domain}",
                    None,
                    [],
                    f"@{first}.{last}" if rng.random() < 0.5 else None,
                    f"@{oid}" if rng.random() < 0.4 else None,
                    note="Owns models directly while the team is being staffed.",
                )
            )
            continue
        base = rng.choice(TEAMS)[0]
        oid = base
        if oid in taken:
            for region in REGIONS:
                if f"{base}-{region}" not in taken:
                    oid = f"{base}-{region}"
                    break
            n = 2
            while oid in taken:
                oid = f"{base}-{n}"
                n += 1
        taken[oid] = None
        suffix = oid[len(base) :].strip("-")
        name = team_names[base] + (f" {suffix.upper() if suffix.isalpha() else suffix}" if suffix else "")
        members: list[str] = []
        size = rng.randint(2, 5)
        while len(members) < size:
            first, last = rng.choice(FIRST), rng.choice(LAST)
            handle = f"{first}.{last}"
            if handle not in members and handle not in reserved:
                members.append(handle)
        owners.append(
            Owner(
                oid,
                "team",
                name,
                f"{oid}@{domain}",
                members[0],
                members,
                f"#{oid}-oncall",
                f"@acme/{oid}" if rng.random() < 0.6 else None,
            )
        )
    model_owners = [i for i, o in enumerate(owners) if o.owns_models]
    n_inactive = max(1, round(len(model_owners) * 0.07))
    for index in rng.sample(model_owners, n_inactive):
        owners[index].active = False
        owners[index].note = (
            "Left the company; models are being handed over."
            if owners[index].kind == "person"
            else "Disbanded in the 2026 reorganisation."
        )
    return owners


def render_owner(owner: Owner, active: bool | None = None) -> str:
    """An owner record in the style of owners/<id>.yaml."""
    is_active = owner.active if active is None else active
    lines = [
        f"# {owner.name}: {owner.note}" if owner.note else f"# {owner.name}",
        f"id: {owner.id}",
        f"kind: {owner.kind:<28} # team | person",
        f"name: {scalar(owner.name)}",
        f"email: {owner.email}",
    ]
    if owner.lead:
        lines.append(f"lead: {owner.lead}")
    if owner.members:
        lines.append(f"members: {flow_list(owner.members)}")
    if owner.escalation:
        lines.append(f"escalation: {json.dumps(owner.escalation)}")
    if owner.review_handle:
        lines.append(f"review_handle: {json.dumps(owner.review_handle)}")
    lines.append(f"active: {'true' if is_active else 'false'}")
    return "\n".join(lines) + "\n"
