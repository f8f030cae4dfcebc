"""MET rules: a model's value and its harms are measured against a baseline."""

from __future__ import annotations

from collections.abc import Iterator

from registry.rules import Check, Hit, rule

#: The compliant example of every MET rule: each kind of metric, each with a baseline.
MEASURED = """
metrics:
  model: [{name: precision, value: 0.94, baseline: 0.88}]
  business: [{name: fraud losses prevented, unit: USD/month, value: 150000, baseline: 0}]
  guardrails: [{name: false positive rate, max: 0.02}]
  leading: [{name: adoption rate, unit: "%", value: 62, baseline: 0}]
"""


@rule(
    "MET001",
    "warning",
    title="No business metric",
    rationale="""Most AI projects that fail never showed business value: a pilot or
    production model should state the outcome it exists to move, so that it can be judged,
    scaled or switched off.""",
    fix="""Add `metrics.business:` with the outcome, its unit, value and baseline.""",
    stages=("pilot", "production"),
    example="""
metrics:                # MET001: no business metric says what the model is worth
  model: [{name: precision, value: 0.94, baseline: 0.88}]
  guardrails: [{name: false positive rate, max: 0.02}]
  leading: [{name: adoption rate, unit: "%", value: 62, baseline: 0}]
""",
    compliant=MEASURED,
)
def met001(check: Check) -> Iterator[Hit]:
    if not any(isinstance(m, dict) for m in check.card.get_list("metrics", "business")):
        yield Hit(
            f"{check.card.stage} model has no business metric",
            at=("metrics", "business"),
            field="metrics.business",
        )


@rule(
    "MET002",
    "warning",
    title="Metric has no baseline",
    rationale="""A metric without a baseline cannot show improvement: 0.94 precision means
    nothing until it is compared with the rule set or process it replaces, and a 62%
    adoption rate nothing until it is compared with where adoption started.""",
    fix="""Add `baseline:` to the metric: the value before the model (or of the current process).""",
    example="""
metrics:
  model: [{name: precision, value: 0.94}]   # MET002: 0.94 compared with what?
  business: [{name: fraud losses prevented, unit: USD/month, value: 150000, baseline: 0}]
  guardrails: [{name: false positive rate, max: 0.02}]
  leading: [{name: adoption rate, unit: "%", value: 62, baseline: 0}]
""",
    compliant=MEASURED,
)
def met002(check: Check) -> Iterator[Hit]:
    """One finding per model, business or leading metric without a baseline, at the metric item."""
    for group in ("model", "business", "leading"):
        for index, metric in enumerate(check.card.get_list("metrics", group)):
            if isinstance(metric, dict) and metric.get("baseline") is None:
                name = metric.get("name")
                label = f"{name!r}" if isinstance(name, str) else f"#{index + 1}"
                yield Hit(
                    f"{group} metric {label} has no baseline",
                    at=("metrics", group, index),
                    field=f"metrics.{group}.{name or index}",
                )


@rule(
    "MET003",
    "warning",
    title="Production model has no guardrail metric",
    rationale="""Guardrails (false-positive rate, complaint rate, latency, toxicity) are the
    limits that tell operators when a model is doing harm even while its headline metric
    looks good.""",
    fix="""Add `metrics.guardrails:` with a `max` or `min` the model must stay within.""",
    stages=("production",),
    example="""
stage: production
metrics:                # MET003: nothing says when to pull the model
  model: [{name: precision, value: 0.94, baseline: 0.88}]
  business: [{name: fraud losses prevented, unit: USD/month, value: 150000, baseline: 0}]
  leading: [{name: adoption rate, unit: "%", value: 62, baseline: 0}]
""",
    compliant="stage: production" + MEASURED,
)
def met003(check: Check) -> Iterator[Hit]:
    if not any(isinstance(m, dict) for m in check.card.get_list("metrics", "guardrails")):
        yield Hit(
            "production model has no guardrail metric",
            at=("metrics", "guardrails"),
            field="metrics.guardrails",
        )


@rule(
    "MET004",
    "info",
    title="Live model has no leading indicator",
    rationale="""Business outcomes show months late. Leading indicators (adoption rate, task
    completion time, error rate, user satisfaction) move within weeks, so they tell a
    pilot or a new release whether it is on course while there is still time to act.""",
    fix="""Add `metrics.leading:` with at least one indicator, its unit, value and baseline
    (and a target).""",
    stages=("pilot", "production"),
    example="""
metrics:           # MET004: no leading indicator
  business:
    - {name: fraud losses prevented, unit: USD/month, value: 150000, baseline: 0}
  guardrails:
    - {name: false positive rate, max: 0.02}
""",
    compliant="""
metrics:
  business:
    - {name: fraud losses prevented, unit: USD/month, value: 150000, baseline: 0}
  guardrails:
    - {name: false positive rate, max: 0.02}
  leading:
    - {name: analysts using the review queue, unit: "%", value: 62, baseline: 0, target: 80}
""",
)
def met004(check: Check) -> Iterator[Hit]:
    """Fires when `metrics.leading` is missing or empty; points at `metrics` (1:1 without it)."""
    if not any(isinstance(m, dict) for m in check.card.get_list("metrics", "leading")):
        yield Hit(f"{check.card.stage} model has no leading metric", at=("metrics",), field="metrics.leading")
