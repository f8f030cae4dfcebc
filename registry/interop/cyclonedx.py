"""``registry export cyclonedx``: the registry as a CycloneDX 1.6 ML-BOM for security teams.

One ``machine-learning-model`` component per model, built with cyclonedx-python-lib
(name, version, purpose, licence, base models as pedigree ancestors, owner as author,
governance facts as ``registry:`` properties), each with a ``modelCard``: model
parameters (task, training datasets), quantitative analysis (the model metrics),
considerations (intended use, limitations, out-of-scope use and human oversight) and
fairness assessments (the bias tests).

cyclonedx-python-lib has no model for ``modelCard`` yet (its ``Component.model_card``
is a TODO; CycloneDX/cyclonedx-python-lib#912), so the model cards are added to the
library's own JSON output, and the whole document is then checked against the 1.6
schema with the library's strict JSON validator before anything is written.
"""

from __future__ import annotations

import json
import re
import warnings
from dataclasses import dataclass, field
from typing import Any

from cyclonedx.model import Property
from cyclonedx.model.bom import Bom
from cyclonedx.model.component import Component, ComponentType, Pedigree
from cyclonedx.model.contact import OrganizationalContact
from cyclonedx.output import make_outputter
from cyclonedx.schema import OutputFormat, SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator

from registry import __version__
from registry.interop import mapping
from registry.model import ModelCard, Registry

NAMESPACE = "registry"


class BomInvalid(Exception):
    """The document failed the CycloneDX schema: a bug here, never the user's data."""


@dataclass(slots=True)
class BomResult:
    text: str  # the JSON document
    models: int
    skipped: list[str] = field(default_factory=list)  # cards that cannot be read, by folder


def _text(value: Any) -> str | None:
    if value is None or isinstance(value, dict | list):
        return None
    text = "yes" if value is True else "no" if value is False else str(value)
    return text if text.strip() else None


def _texts(value: Any) -> list[str]:
    items = value if isinstance(value, list) else [value]
    return [t for t in (_text(v) for v in items) if t]


def build_bom(registry: Registry) -> BomResult:
    """The CycloneDX JSON for every readable model in ``registry``, validated."""
    bom = Bom()
    bom.metadata.tools.components.add(
        Component(name="registry", version=__version__, type=ComponentType.APPLICATION)
    )
    cards: dict[str, dict[str, Any]] = {}
    skipped = []
    for folder in sorted(registry.models):
        card = registry.models[folder]
        if card.doc is None or card.broken:
            skipped.append(folder)
            continue
        ref = f"model:{folder}"
        bom.components.add(_component(registry, card, ref))
        cards[ref] = model_card(card)
    with warnings.catch_warnings():  # the library warns about BOMs without a root component
        warnings.simplefilter("ignore")
        raw = make_outputter(bom, OutputFormat.JSON, SchemaVersion.V1_6).output_as_string()
    document = json.loads(raw)
    for component in document.get("components", []):
        extra = cards.get(component.get("bom-ref"))
        if extra:
            component["modelCard"] = extra
    validate(document)
    text = json.dumps(document, indent=2, ensure_ascii=False) + "\n"
    return BomResult(text=text, models=len(cards), skipped=skipped)


def validate(document: dict[str, Any]) -> None:
    """Check ``document`` against the CycloneDX 1.6 schema with the library's strict validator.

    Each component is checked in a document of its own: jsonschema's ``uniqueItems``
    compares every pair of components, which takes minutes for thousands of models,
    and the components are unique by construction (one ``bom-ref`` per model folder).
    """
    validator = JsonStrictValidator(SchemaVersion.V1_6)
    shell = {k: v for k, v in document.items() if k not in ("components", "dependencies")}
    parts = [shell] + [{**shell, "components": [c]} for c in document.get("components", [])]
    for part in parts:
        error = validator.validate_str(json.dumps(part))
        if error is not None:
            detail = getattr(getattr(error, "data", None), "message", None) or str(error).splitlines()[0]
            raise BomInvalid(f"the generated CycloneDX document fails the 1.6 schema: {detail}")


def _component(registry: Registry, card: ModelCard, ref: str) -> Component:
    from cyclonedx.factory.license import LicenseFactory

    data = card.data
    licenses = []
    license_ = _text(data.get("license"))
    if license_:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            licenses.append(LicenseFactory().make_from_string(license_))
    ancestors = [
        Component(name=base, type=ComponentType.MACHINE_LEARNING_MODEL)
        for base in _texts(data.get("base_model"))
    ]
    authors = []
    owner = registry.owners.get(data["owner"]) if isinstance(data.get("owner"), str) else None
    if owner is not None and owner.doc is not None:
        email = _text(owner.get("email"))
        email = email if email and re.fullmatch(r"[^@\s]+@[^@\s]+", email) else None  # the schema checks it
        authors.append(OrganizationalContact(name=_text(owner.get("name")) or owner.id, email=email))
    return Component(
        name=card.name,
        type=ComponentType.MACHINE_LEARNING_MODEL,
        bom_ref=ref,
        version=_text(data.get("version")),
        description=_text(data.get("purpose")),
        licenses=licenses,
        pedigree=Pedigree(ancestors=ancestors) if ancestors else None,
        authors=authors,
        tags=_texts(data.get("tags")),
        properties=[Property(name=f"{NAMESPACE}:{k}", value=v) for k, v in _facts(card)],
    )


def _facts(card: ModelCard) -> list[tuple[str, str]]:
    data = card.data
    facts = [("id", card.folder)]
    for key in ("kind", "stage", "risk_tier", "owner", "backup_owner", "sponsor"):
        value = _text(data.get(key))
        if value:
            facts.append((key, value))
    validation = card.get_map("validation")
    for key in ("date", "validator", "result", "model_version", "evidence"):
        value = _text(validation.get(key))
        if value:
            facts.append((f"validation:{key}", value))
    deployment = card.get_map("deployment")
    for key in ("infrastructure", "provider"):
        value = _text(deployment.get(key))
        if value:
            facts.append((f"deployment:{key}", value))
    return facts


def model_card(card: ModelCard) -> dict[str, Any]:
    """The CycloneDX ``modelCard`` object for one registry card (empty parts left out)."""
    out: dict[str, Any] = {}
    parameters: dict[str, Any] = {}
    link = card.get_map("x-hf")
    kept = mapping(link.get("metadata"))
    task = _text(kept.get("pipeline_tag"))
    if task:
        parameters["task"] = task
    training = card.get_map("training_data")
    datasets = []
    for source in _texts(training.get("sources")):
        entry: dict[str, Any] = {"type": "dataset", "name": source}
        if training.get("contains_pii") is True:
            entry["sensitiveData"] = ["personal data"]
        datasets.append(entry)
    if datasets:
        parameters["datasets"] = datasets
    if parameters:
        out["modelParameters"] = parameters
    metrics = [_metric(m) for m in card.get_list("metrics", "model") if isinstance(m, dict)]
    metrics = [m for m in metrics if m]
    if metrics:
        out["quantitativeAnalysis"] = {"performanceMetrics": metrics}
    considerations = _considerations(card)
    if considerations:
        out["considerations"] = considerations
    properties = []
    for group in ("business", "leading", "guardrails"):
        for metric in card.get_list("metrics", group):
            if isinstance(metric, dict) and _text(metric.get("name")):
                bounds = [
                    f"{k} {metric[k]}"
                    for k in ("value", "baseline", "target", "min", "max", "unit")
                    if _text(metric.get(k))
                ]
                properties.append(
                    {
                        "name": f"{NAMESPACE}:metric:{group}:{metric['name']}",
                        "value": "; ".join(bounds) or "-",
                    }
                )
    if properties:
        out["properties"] = properties
    return out


def _metric(metric: dict[str, Any]) -> dict[str, Any] | None:
    name, value = _text(metric.get("name")), _text(metric.get("value"))
    if not name or value is None:
        return None
    unit = _text(metric.get("unit"))
    entry: dict[str, Any] = {
        "type": name,
        "value": value + ("%" if unit == "%" else f" {unit}" if unit else ""),
    }
    link = mapping(metric.get("x-hf"))
    where = " ".join(t for t in (_text(link.get("dataset_name")), _text(link.get("dataset_split"))) if t)
    if where:
        entry["slice"] = where
    return entry


def _considerations(card: ModelCard) -> dict[str, Any]:
    data = card.data
    out: dict[str, Any] = {}
    uses = _texts(data.get("intended_use"))
    if uses:
        out["useCases"] = uses
    limits = _texts(data.get("limitations"))
    if limits:
        out["technicalLimitations"] = limits
    ethical = []
    scope = _text(data.get("out_of_scope"))
    if scope:
        ethical.append({"name": f"Use outside the intended scope: {scope}"})
    oversight = _text(data.get("human_oversight"))
    if oversight:
        ethical.append({"name": "Decisions made without human review", "mitigationStrategy": oversight})
    if ethical:
        out["ethicalConsiderations"] = ethical
    fairness = []
    for test in card.get_list("bias_tests"):
        if not isinstance(test, dict):
            continue
        outcome = f"bias test on {_text(test.get('date')) or 'an unknown date'}"
        if _text(test.get("method")):
            outcome += f" ({test['method']})"
        outcome += f": {_text(test.get('result')) or 'no result recorded'}"
        if _text(test.get("evidence")):
            outcome += f"; evidence: {test['evidence']}"
        assessment: dict[str, Any] = {
            "groupAtRisk": ", ".join(_texts(test.get("attributes"))) or "not stated",
            "harms": outcome,
        }
        if _text(test.get("mitigation")):
            assessment["mitigationStrategy"] = _text(test.get("mitigation"))
        fairness.append(assessment)
    if fairness:
        out["fairnessAssessments"] = fairness
    return out
