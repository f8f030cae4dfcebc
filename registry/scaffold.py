"""``registry new`` and ``registry init``: start from files that already follow the format.

Templates carry every section with comments, so a new card teaches the format, and
the audit lists what is still to fill in. Files are created atomically and never
overwrite anything.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from registry import atomic
from registry.model import DEFAULT_POLICY
from registry.schema import SCHEMA_FILES, schema_text

ID = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")


class ScaffoldError(Exception):
    pass


@dataclass(frozen=True, slots=True)
class NewCard:
    """The values a new card starts with besides its id: what ``registry new`` asks for."""

    owner: str
    name: str | None = None
    kind: str = "predictive"
    risk_tier: str = "medium"
    stage: str = "proposed"


def write_new(path: Path, content: str) -> None:
    """Create ``path`` with ``content`` atomically; refuse if it exists."""
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        atomic.create(path, content.encode("utf-8"))
    except FileExistsError:
        raise ScaffoldError(f"{path} already exists; not overwritten") from None


def replace_file(path: Path, content: str) -> None:
    """Write ``path`` atomically, replacing what is there (a file the tool owns)."""
    atomic.replace(path, content.encode("utf-8"))


#: Where a registry keeps copies of the JSON Schemas for editors (committed with it).
SCHEMA_FOLDER = ".registry-schemas"


def modeline(schema: str, depth: int) -> str:
    """The comment yaml-language-server (VS Code's YAML extension, and other editors'
    YAML servers) reads to validate and complete a file: a path relative to that file,
    ``depth`` folders below the registry root."""
    return f"# yaml-language-server: $schema={'../' * depth}{SCHEMA_FOLDER}/{SCHEMA_FILES[schema]}\n"


def write_schemas(root: Path) -> list[Path]:
    """Write (or refresh) the registry's copies of the schemas; returns the files that changed.

    Each file is replaced atomically, so an editor never reads half a schema.
    """
    folder = root / SCHEMA_FOLDER
    folder.mkdir(exist_ok=True)
    changed = []
    for name in ("card", "owner", "registry"):
        path = folder / SCHEMA_FILES[name]
        text = schema_text(name)
        try:
            if path.read_text(encoding="utf-8") == text:
                continue
        except OSError:
            pass
        replace_file(path, text)
        changed.append(path)
    return changed


def _title(model_id: str) -> str:
    return " ".join(w.capitalize() for w in model_id.split("-"))


CARD_TEMPLATE = """\
{modeline}# Model card for {name}. Format: `registry schema card`; rules: `registry rules`.
id: {id}
name: {name}
version: 0.1.0
kind: {kind}                  # predictive | generative | decision
stage: {stage}                # proposed | pilot | production | retired
risk_tier: {risk}             # low | medium | high | critical
owner: {owner}                # an id from owners/
backup_owner:                 # another owner id (required for high and critical models)
sponsor:                      # executive sponsor

# What the model is for, and what it must not be used for.
purpose:                      # TODO: one or two sentences
intended_use:
out_of_scope:
limitations: []               # TODO: known weaknesses, e.g. "Trained on EU traffic only"

training_data:
  sources: []
  snapshot:
  contains_pii: false         # true needs privacy_review: {{date: YYYY-MM-DD, reviewer: ...}}

deployment:
  infrastructure: cloud       # cloud | on_prem | hybrid | api
  provider:                   # for api: the provider and model name

metrics:
  model: []                   # - {{name: precision, value: 0.94, baseline: 0.88, target: 0.92}}
  business: []                # - {{name: ..., unit: ..., value: ..., baseline: ...}}
  guardrails: []              # - {{name: false positive rate, max: 0.02}}
  leading: []                 # - {{name: adoption rate, unit: "%", value: ..., baseline: ...}}

priority:                     # TODO: score the use case, each a whole number from 1 (low) to 5 (high)
  impact:                     # business impact: revenue, cost or risk
  feasibility:                # data readiness and technical simplicity
  readiness:                  # executive sponsorship and user appetite
  notes:

# pilot:                      # for stage pilot
#   start: {today}
#   end: YYYY-MM-DD
#   exit_criteria: []
#   decision: pending         # pending | go | no-go | iterate

# validation:                 # required in production; by someone independent of the owner
#   date: YYYY-MM-DD
#   validator: model-risk-office
#   model_version: 0.1.0
#   result: pass              # pass | fail | conditional
#   conditions: []            # what a conditional pass requires
#   evidence: https://...

bias_tests: []                # - {{date: ..., method: ..., attributes: [...], result: pass, evidence: ...}}

monitoring:
  drift: {{features: false, predictions: false}}
  alerts: []
  dashboard:

fallback:
  route:                      # where work goes when the model is unsure or down
  confidence_threshold:

human_oversight:              # who reviews which decisions, and how they override
runbook: runbook.md
incidents: []
waivers: []                   # - {{rule: CODE, reason: ..., approved_by: ..., expires: YYYY-MM-DD}}
"""

RUNBOOK_TEMPLATE = """\
---
model: {id}
owner: {owner}
last_reviewed: {today}
---

# {name} runbook

## Overview

TODO: what the model does in production, its inputs, outputs and consumers.

## Dashboards and alerts

TODO: links to dashboards; what each alert means.

## Fallback

TODO: how to route work to the fallback (see `fallback.route` in the card), who decides.

## Rollback

TODO: how to roll back to the previous version, and how to verify it worked.

## Escalation

TODO: who is on call, the escalation channel, when to involve risk, legal or privacy.

## Known failure modes

TODO: what has gone wrong before and how it was handled.
"""


def new_model(root: Path, model_id: str, card: NewCard, *, today: date | None = None) -> list[Path]:
    if not ID.match(model_id):
        raise ScaffoldError(
            f"{model_id!r} is not a valid model id: lowercase letters, digits and '-', "
            "2 to 63 characters, starting with a letter or digit"
        )
    owner = card.owner
    if not ID.match(owner):
        raise ScaffoldError(f"{owner!r} is not a valid owner id")
    check_owner_record(root, owner)
    folder = root / "models" / model_id
    if folder.exists():
        raise ScaffoldError(f"{folder} already exists")
    values = {
        "id": model_id,
        "name": (card.name or _title(model_id)).replace("\n", " "),
        "kind": card.kind,
        "stage": card.stage,
        "risk": card.risk_tier,
        "owner": owner,
        "today": (today or date.today()).isoformat(),
        "modeline": modeline("card", 2),
    }
    if any(ch in values["name"] for ch in ":#{}[]&*!|>'\"%@`"):
        values["name"] = '"' + values["name"].replace("\\", "\\\\").replace('"', '\\"') + '"'
    card_file = folder / "model_card.yaml"
    runbook = folder / "runbook.md"
    schemas = [] if (root / SCHEMA_FOLDER / SCHEMA_FILES["card"]).is_file() else write_schemas(root)
    write_new(card_file, CARD_TEMPLATE.format(**values))
    write_new(runbook, RUNBOOK_TEMPLATE.format(**values))
    return [*schemas, card_file, runbook]


def check_owner_record(root: Path, owner: str) -> None:
    """A new card names an owner that exists and is active; the message says how to fix it."""
    from registry.store import load_owner

    rel = f"owners/{owner}.yaml"
    if not (root / rel).is_file():
        raise ScaffoldError(
            f"owner {owner!r} has no record: create it with `registry owner new {owner} --kind team "
            "--name NAME --email EMAIL` (or --kind person), then run this again"
        )
    record = load_owner(root, rel)
    if record.error is not None:
        raise ScaffoldError(f"{rel} cannot be read ({record.error.message}): fix it, then run this again")
    if not record.active:
        raise ScaffoldError(
            f"owner {owner!r} is inactive (active: false in {rel}): name an active owner, "
            "or reactivate the record"
        )


def registry_template(name: str) -> str:
    p = DEFAULT_POLICY
    ages = p["validation_max_age_days"]
    return f"""\
{modeline("registry", 0)}# Registry settings and governance policy. Format: `registry schema registry`.
registry: 1
name: {name}

policy:                         # every key is optional; these are the defaults
  validation_max_age_days:      # revalidate at least this often, per risk tier
    low: {ages["low"]}
    medium: {ages["medium"]}
    high: {ages["high"]}
    critical: {ages["critical"]}
  bias_test_required_for: [{", ".join(p["bias_test_required_for"])}]   # risk tiers
  bias_test_max_age_days: {p["bias_test_max_age_days"]}
  pilot_max_weeks: {p["pilot_max_weeks"]}            # pilots must reach a decision in this time
  expiry_warning_days: {p["expiry_warning_days"]}         # warn this long before an expiry
  runbook_sections: [{", ".join(p["runbook_sections"])}]
  fail_on: {p["fail_on"]}                # lowest severity that makes `registry audit` exit 1

rules: {{}}                       # per-rule override, e.g. {{MET002: info}}: error | warning | info | off
"""


PRE_COMMIT_SNIPPET = """\
repos:
  - repo: https://github.com/your-org/ai-model-registry   # where your copy of registry is hosted
    rev: PIN-ME   # `pre-commit autoupdate` replaces this with a tag or commit of that copy
    hooks:
      - id: registry-audit        # any finding at or above fail_on blocks the commit
      # - id: registry-audit-new  # only findings the commit adds block it
"""


def init_registry(target: Path, name: str | None = None) -> tuple[list[Path], str]:
    from registry.store import find_root

    target = target.resolve()
    if (target / "registry.yaml").exists():
        raise ScaffoldError(f"{target / 'registry.yaml'} already exists")
    outer = find_root(target.parent) if target.parent != target else None
    if outer is not None:
        raise ScaffoldError(
            f"{target} is inside the registry at {outer}: a registry inside another one would be "
            "read as part of it (its models/ and owners/) or hide it from commands run there; "
            "create it outside that folder"
        )
    title = (name or f"{target.name} AI registry").replace("\n", " ")
    if any(ch in title for ch in ":#{}[]&*!|>'\"%@`"):
        title = '"' + title.replace("\\", "\\\\").replace('"', '\\"') + '"'
    written = []
    settings = target / "registry.yaml"
    write_new(settings, registry_template(title))
    written.append(settings)
    written.extend(write_schemas(target))
    for folder in ("owners", "models"):
        keep = target / folder / ".gitkeep"
        if not keep.exists():
            write_new(keep, "")
            written.append(keep)
    ignore = target / ".gitignore"
    if ignore.exists():
        existing = ignore.read_text(encoding="utf-8")
        if ".registry/" not in existing.split():
            with ignore.open("a", encoding="utf-8") as handle:
                handle.write(
                    ("" if existing.endswith("\n") or not existing else "\n")
                    + "# registry's local cache and index\n.registry/\n"
                )
            written.append(ignore)
    else:
        write_new(ignore, "# registry's local cache and index\n.registry/\n")
        written.append(ignore)
    return written, PRE_COMMIT_SNIPPET
