"""``registry export hf``: a registry model as a Hugging Face model card.

The metadata block is what :mod:`registry.interop.hf_map` rebuilds from the registry
card (validated by huggingface_hub's ``ModelCardData``); the Markdown body is the
governance view a reader of the Hub needs: purpose, intended use, limitations, bias
tests, training data, evaluation and governance (owner, validation, risk tier).

Card text is data: every value goes through :func:`registry.textsafe.clean` (control
and bidi characters shown as escapes), prose cannot open HTML (``<`` is written as
``&lt;``) or start a heading, and table cells cannot break their row.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from registry.interop import offline

offline()

from huggingface_hub.utils import yaml_dump  # noqa: E402

from registry.interop import mapping  # noqa: E402
from registry.interop.hf_map import hf_metadata  # noqa: E402
from registry.model import ModelCard, Registry  # noqa: E402
from registry.textsafe import clean  # noqa: E402

NOT_RECORDED = "_Not recorded in the registry._"


def block(value: Any) -> str:
    """Prose from a card as inert Markdown: no HTML, no headings, no control characters."""
    text = clean(value if isinstance(value, str) else str(value), multiline=True).replace("<", "&lt;")
    return "\n".join(re.sub(r"^(\s{0,3})([#=]|-{3,})", r"\1\\\2", line) for line in text.split("\n"))


def inline(value: Any) -> str:
    """One value as inert Markdown on one line (a table cell, a list item)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, list):
        return ", ".join(inline(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{inline(k)}: {inline(v)}" for k, v in value.items())
    text = " ".join(clean(str(value)).split())
    return re.sub(r"([\\|*_`#\[\]])", r"\\\1", text).replace("<", "&lt;")


def render(registry: Registry, model_id: str, today: date) -> str:
    """The whole card: ``---`` metadata ``---`` then the Markdown body."""
    card = registry.models[model_id]
    metadata = hf_metadata(card.data)
    head = f"---\n{yaml_dump(metadata, sort_keys=False).strip()}\n---\n\n" if metadata else ""
    return head + body(registry, card, today)


def body(registry: Registry, card: ModelCard, today: date) -> str:
    data = card.data
    parts = [
        f"# {inline(card.name)}",
        "",
        block(data["purpose"]) if data.get("purpose") else NOT_RECORDED,
        "",
    ]
    parts += ["## Model details", ""]
    parts += _facts(
        [
            ("Registry id", f"`{inline(card.folder)}`"),
            ("Version", inline(data.get("version"))),
            ("Kind", inline(data.get("kind"))),
            ("Stage", inline(data.get("stage"))),
            ("License", inline(data.get("license"))),
            ("Base model", inline(data.get("base_model"))),
            ("Languages", inline(data.get("languages"))),
        ]
    )
    parts += [
        "## Intended use",
        "",
        block(data["intended_use"]) if data.get("intended_use") else NOT_RECORDED,
        "",
    ]
    parts += [
        "### Out-of-scope use",
        "",
        block(data["out_of_scope"]) if data.get("out_of_scope") else NOT_RECORDED,
        "",
    ]
    parts += ["## Bias, Risks, and Limitations", ""]
    limitations = data.get("limitations")
    items = limitations if isinstance(limitations, list) else [limitations] if limitations else []
    parts += [*(f"- {inline(item)}" for item in items), ""] if items else [NOT_RECORDED, ""]
    parts += _bias_tests(card)
    parts += _training(card)
    parts += _evaluation(card)
    parts += _governance(registry, card, today)
    parts += [f"_Exported from the model registry by `registry export hf` on {today.isoformat()}._", ""]
    return "\n".join(parts)


def _facts(rows: list[tuple[str, str]]) -> list[str]:
    lines = [f"- **{label}:** {value}" for label, value in rows if value]
    return [*lines, ""] if lines else []


def _table(header: list[str], rows: list[list[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(inline(cell) for cell in row) + " |" for row in rows]
    return [*lines, ""]


def _bias_tests(card: ModelCard) -> list[str]:
    tests = [t for t in card.get_list("bias_tests") if isinstance(t, dict)]
    if not tests:
        return ["## Bias tests", "", "_No bias test recorded in the registry._", ""]
    header = ["Date", "Method", "Attributes", "Result", "Mitigation", "Evidence"]
    rows = [
        [t.get(k) for k in ("date", "method", "attributes", "result", "mitigation", "evidence")]
        for t in tests
    ]
    return ["## Bias tests", "", *_table(header, rows)]


def _training(card: ModelCard) -> list[str]:
    training = card.get_map("training_data")
    parts = ["## Training data", ""]
    description = training.get("description")
    review = training.get("privacy_review")
    facts = _facts(
        [
            ("Sources", inline(training.get("sources"))),
            ("Snapshot", inline(training.get("snapshot"))),
            ("Contains personal data", inline(training.get("contains_pii"))),
            ("Privacy review", inline(review) if review else ""),
        ]
    )
    if description:
        parts += [block(description), ""]
    elif not facts:
        parts += [NOT_RECORDED, ""]
    # a sub-heading, so that a re-import takes only the description as training_data.description
    return parts + (["### Training data sources", "", *facts] if facts else [])


def _evaluation(card: ModelCard) -> list[str]:
    rows = []
    for group in ("model", "business", "guardrails", "leading"):
        for metric in card.get_list("metrics", group):
            if not isinstance(metric, dict):
                continue
            link = mapping(metric.get("x-hf"))
            dataset = " ".join(str(link[k]) for k in ("dataset_name", "dataset_split") if link.get(k))
            bound = metric.get("target", metric.get("max", metric.get("min")))
            rows.append(
                [
                    group,
                    metric.get("name"),
                    metric.get("value"),
                    metric.get("unit"),
                    metric.get("baseline"),
                    bound,
                    dataset,
                ]
            )
    if not rows:
        return ["## Evaluation", "", "_No metric recorded in the registry._", ""]
    header = ["Kind", "Metric", "Value", "Unit", "Baseline", "Target or limit", "Dataset"]
    return ["## Evaluation", "", *_table(header, rows)]


def _governance(registry: Registry, card: ModelCard, today: date) -> list[str]:
    from registry.audit import run_audit

    def who(owner_id: Any) -> str:
        record = registry.owners.get(owner_id) if isinstance(owner_id, str) else None
        if record is None or record.doc is None:
            return inline(owner_id)
        extra = ", ".join(inline(record.get(k)) for k in ("name", "email") if record.get(k))
        return f"{inline(owner_id)} ({extra})" if extra else inline(owner_id)

    data = card.data
    validation = card.get_map("validation")
    if validation:
        result = validation.get("result") or "no result recorded"
        validator = inline(validation.get("validator") or "unknown")
        checked = f"{inline(validation.get('date'))} by {validator}: {inline(result)}"
        if validation.get("model_version"):
            checked += f" (version {inline(validation['model_version'])})"
        if validation.get("conditions"):
            checked += f"; conditions: {inline(validation['conditions'])}"
        if validation.get("evidence"):
            checked += f"; evidence: {inline(validation['evidence'])}"
    else:
        checked = "none recorded"
    findings = run_audit(registry, today, models=[card.folder], owner_files=[]).counts()
    audit = (
        f"{findings['error']} errors, {findings['warning']} warnings, {findings['info']} notes"
        f" on {today.isoformat()}"
    )
    rows = [
        ("Owner", who(data.get("owner")) or "none recorded"),
        ("Backup owner", who(data.get("backup_owner"))),
        ("Sponsor", inline(data.get("sponsor"))),
        ("Risk tier", inline(data.get("risk_tier"))),
        ("Stage", inline(data.get("stage"))),
        ("Validation", checked),
        ("Human oversight", inline(data.get("human_oversight"))),
        ("Registry audit", audit),
    ]
    return ["## Governance", "", *_facts(rows)]
