"""The mapping between Hugging Face card metadata and registry card fields, both ways.

Import splits the metadata huggingface_hub read into what has a home in the registry
format (licence, languages, datasets, base model, tags, evaluation results) and what
has none, which is kept under ``x-hf`` exactly as read. Export puts the two back
together, so that for an imported card huggingface_hub reads the same metadata from
the exported card as from the original, while registry edits (a renamed metric, a
corrected value, a new licence) flow into the export.

Each evaluation result becomes one registry metric that carries its task, dataset and
metric identifiers under its own ``x-hf`` key; a value the Hub stored as text, such as
``"73.8%"``, becomes the number 73.8 with unit ``%`` and the text is kept to be written
back unless the number is changed.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass, field
from typing import Any

from registry.interop import mapping, offline

offline()

from huggingface_hub import EvalResult, ModelCardData  # noqa: E402
from huggingface_hub.repocard_data import model_index_to_eval_results  # noqa: E402

#: EvalResult's fields other than the value, as kept in a metric's ``x-hf``.
EVAL_FIELDS = (
    "task_type",
    "task_name",
    "dataset_type",
    "dataset_name",
    "dataset_config",
    "dataset_split",
    "dataset_revision",
    "dataset_args",
    "metric_type",
    "metric_name",
    "metric_config",
    "metric_args",
    "verified",
    "verify_token",
    "source_name",
    "source_url",
)
REQUIRED_EVAL = ("task_type", "dataset_type", "dataset_name", "metric_type")

#: Pipeline tags whose models produce content: these import as kind ``generative``.
GENERATIVE_TASKS = frozenset(
    {
        "any-to-any",
        "audio-to-audio",
        "conversational",
        "image-text-to-text",
        "image-to-image",
        "image-to-3d",
        "image-to-text",
        "image-to-video",
        "summarization",
        "text-generation",
        "text-to-3d",
        "text-to-audio",
        "text-to-image",
        "text-to-speech",
        "text-to-video",
        "text2text-generation",
        "translation",
        "unconditional-image-generation",
        "video-text-to-text",
        "visual-question-answering",
    }
)

_NUMBER = re.compile(r"^\s*([-+]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?)\s*(%)?\s*$")
_MAX_INT = 10**63  # the registry loader reads integers of up to 64 digits
_MISSING = object()


def is_plain(value: Any) -> bool:
    """True when a registry card can hold ``value`` exactly: text, finite numbers, lists, maps.

    The registry reads YAML 1.2 as JSON-like data, so dates, sets, binary and keys that
    are not text do not survive a trip through a card; those go under ``x-hf`` as YAML
    text instead.
    """
    if value is None or isinstance(value, bool | str):
        return True
    if isinstance(value, int):
        return abs(value) < _MAX_INT
    if isinstance(value, float):
        return math.isfinite(value)
    if isinstance(value, list):
        return all(is_plain(v) for v in value)
    if isinstance(value, dict):
        return all(isinstance(k, str) and is_plain(v) for k, v in value.items())
    return False


def number(value: Any) -> tuple[int | float | None, str | None]:
    """A metric value as a number and unit: ``0.9``, ``"73.8%"`` (73.8, "%"), else (None, None)."""
    if isinstance(value, bool):
        return None, None
    if isinstance(value, int):
        return (value, None) if abs(value) < _MAX_INT else (None, None)
    if isinstance(value, float):
        return (value, None) if math.isfinite(value) else (None, None)
    if isinstance(value, str):
        match = _NUMBER.match(value)
        if match:
            parsed = float(match.group(1))
            if math.isfinite(parsed):
                return parsed, match.group(2)
    return None, None


def _texts(value: Any) -> list[str] | None:
    """A text or a list of texts as a list, when every item is non-empty text."""
    items = [value] if isinstance(value, str) else value
    if isinstance(items, list) and items and all(isinstance(v, str) and v.strip() for v in items):
        return list(items)
    return None


@dataclass(slots=True)
class Split:
    """Card metadata divided into registry fields and what has no home in them."""

    fields: dict[str, Any] = field(default_factory=dict)  # license, languages, base_model, tags, sources
    metrics: list[dict[str, Any]] = field(default_factory=list)
    leftover: dict[str, Any] = field(default_factory=dict)  # kept under x-hf as read
    as_text: list[str] = field(default_factory=list)  # keys written as one text, not a list
    model_name: str | None = None


def split_metadata(metadata: dict[str, Any], unreadable_index: Any = None) -> Split:
    """Divide ``metadata`` (huggingface_hub's reading) into registry fields and leftovers."""
    rest = dict(metadata)
    if unreadable_index is not None:
        rest["model-index"] = unreadable_index
    out = Split()
    license_ = rest.get("license")
    if isinstance(license_, str) and license_.strip():
        out.fields["license"] = rest.pop("license")
    for key, target in (("language", "languages"), ("datasets", "sources")):
        items = _texts(rest.get(key))
        if items is not None:
            if isinstance(rest.pop(key), str):
                out.as_text.append(key)
            out.fields[target] = items
    base = rest.get("base_model")
    if (isinstance(base, str) and base.strip()) or _texts(base) is not None:
        out.fields["base_model"] = rest.pop("base_model")
    tags = _texts(rest.get("tags"))
    if tags is not None and len(set(tags)) == len(tags):
        out.fields["tags"] = rest.pop("tags")
    name = rest.get("model_name")
    out.model_name = name if isinstance(name, str) and name.strip() else None
    index = rest.get("model-index")
    if unreadable_index is None and index:
        model_name, linked = _linked_metrics(index)
        if linked:
            out.metrics = linked
            out.model_name = model_name
            del rest["model-index"]
    if not out.metrics:
        for key in ("model-index", "model_index"):
            if key in rest:
                out.metrics = loose_metrics(rest[key])
                named = _index_name(rest[key])
                out.model_name = out.model_name or named
                break
    out.leftover = rest
    return out


def _linked_metrics(index: Any) -> tuple[str | None, list[dict[str, Any]] | None]:
    """One registry metric per evaluation result, or None when a result cannot be kept exactly."""
    try:
        model_name, results = model_index_to_eval_results(index)
    except (KeyError, TypeError, ValueError, AttributeError):
        return None, None
    metrics = []
    for result in results:
        link = {k: getattr(result, k) for k in EVAL_FIELDS if getattr(result, k) is not None}
        raw = result.metric_value
        if not is_plain(link) or not is_plain(raw):
            return None, None
        metric = _metric(link.get("metric_name") or link.get("metric_type"), raw)
        if not (isinstance(raw, int | float) and not isinstance(raw, bool) and "value" in metric):
            link["value"] = raw
        metric["x-hf"] = link
        metrics.append(metric)
    return (model_name if isinstance(model_name, str) and model_name.strip() else None), metrics


def _metric(name: Any, raw: Any) -> dict[str, Any]:
    text = name if isinstance(name, str) and name.strip() else str(name) if name is not None else "metric"
    metric: dict[str, Any] = {"name": " ".join(text.split()) or "metric"}
    value, unit = number(raw)
    if value is not None:
        metric["value"] = value
        if unit is not None:
            metric["unit"] = unit
    return metric


def loose_metrics(index: Any) -> list[dict[str, Any]]:
    """Metrics from a model-index huggingface_hub cannot read, or from the old ``model_index``.

    The index itself stays under ``x-hf`` as written; these metrics only show its
    numbers in the registry (they are not linked back, so they are not re-exported).
    """
    metrics = []
    for entry in index if isinstance(index, list) else []:
        results = entry.get("results") if isinstance(entry, dict) else None
        for result in results if isinstance(results, list) else []:
            if not isinstance(result, dict):
                continue
            found = result.get("metrics", result.get("metric"))
            for item in found if isinstance(found, list) else [found]:
                if isinstance(item, dict) and "value" in item:
                    metrics.append(_metric(item.get("name") or item.get("type"), item.get("value")))
    return metrics


def _index_name(index: Any) -> str | None:
    if isinstance(index, list) and index and isinstance(index[-1], dict):
        name = index[-1].get("name")
        return name if isinstance(name, str) and name.strip() else None
    return None


def kind_of(metadata: dict[str, Any]) -> str:
    tag = metadata.get("pipeline_tag")
    return "generative" if isinstance(tag, str) and tag in GENERATIVE_TASKS else "predictive"


# --------------------------------------------------------------------------- export


class MetadataError(Exception):
    """A registry card whose ``x-hf`` data cannot be turned back into card metadata."""


def eval_results(metrics: Any) -> list[EvalResult]:
    """The evaluation results linked to registry metrics, in the order of the card."""
    found = []
    for item in metrics if isinstance(metrics, list) else []:
        link = item.get("x-hf") if isinstance(item, dict) else None
        if not isinstance(link, dict) or not all(k in link for k in REQUIRED_EVAL):
            continue
        fields = {k: link[k] for k in EVAL_FIELDS if k in link}
        default = link.get("metric_name") or link.get("metric_type")
        name = item.get("name")
        if isinstance(name, str) and name != (default if isinstance(default, str) else str(default)):
            fields["metric_name"] = name  # renamed in the registry
        raw = link.get("value", _MISSING)
        value, unit = item.get("value"), item.get("unit")
        if raw is not _MISSING and (value is None or number(raw) == (value, unit)):
            fields["metric_value"] = raw
        else:
            fields["metric_value"] = value
        if fields["metric_value"] is None:
            continue  # no value to report (the Hub's model-index requires one)
        try:
            found.append(EvalResult(**fields))
        except (TypeError, ValueError) as exc:
            raise MetadataError(
                f"metric {name!r}: its x-hf data is not an evaluation result: {exc}"
            ) from None
    return found


def hf_metadata(card: dict[str, Any]) -> dict[str, Any]:
    """Card metadata for a registry card, in the order the original card wrote its keys."""
    link = mapping(card.get("x-hf"))
    meta: dict[str, Any] = {}
    kept = link.get("metadata", {})
    if not isinstance(kept, dict):
        raise MetadataError("x-hf.metadata must be a mapping")
    meta.update(kept)
    text = link.get("metadata_yaml")
    if isinstance(text, str) and text.strip():
        import yaml

        extra = yaml.safe_load(text)
        if not isinstance(extra, dict):
            raise MetadataError("x-hf.metadata_yaml must hold a mapping")
        meta.update(extra)
    as_text = set(link.get("as_text") or [])
    if isinstance(card.get("license"), str):
        meta["license"] = card["license"]
    training = mapping(card.get("training_data"))
    for key, values in (("language", card.get("languages")), ("datasets", training.get("sources"))):
        if isinstance(values, list) and values:
            meta[key] = values[0] if key in as_text and len(values) == 1 else list(values)
    if card.get("base_model"):
        meta["base_model"] = card["base_model"]
    if isinstance(card.get("tags"), list) and card["tags"]:
        meta["tags"] = list(card["tags"])
    metrics = mapping(card.get("metrics"))
    results = eval_results(metrics.get("model"))
    if results:
        meta.pop("model-index", None)
        name = card.get("name")
        exact = link.get("model_name")
        meta["model_name"] = exact if isinstance(exact, str) and " ".join(exact.split()) == name else name
        meta["eval_results"] = results
    data = _validated(meta)
    order = [k for k in link.get("metadata_order") or [] if isinstance(k, str)]
    ordered = {k: data[k] for k in order if k in data}
    ordered.update({k: v for k, v in data.items() if k not in ordered})
    return ordered


def _validated(meta: dict[str, Any]) -> dict[str, Any]:
    """``meta`` as ModelCardData reads it; a model-index it cannot read is written back as it was.

    A card imported with such an index (a result without a dataset, say) keeps it under
    ``x-hf``; the Hub cannot read it in the original either, so it goes out unchanged.
    """
    try:
        data: dict[str, Any] = ModelCardData(**meta).to_dict()
        return data
    except (TypeError, ValueError) as exc:
        if "model-index" not in meta:
            raise MetadataError(f"huggingface_hub refuses the metadata: {exc}") from None
        rest = {k: v for k, v in meta.items() if k != "model-index"}
    try:
        data = ModelCardData(**rest).to_dict()
    except (TypeError, ValueError) as exc:
        raise MetadataError(f"huggingface_hub refuses the metadata: {exc}") from None
    data["model-index"] = meta["model-index"]
    return data
