"""The vocabulary cards are drawn from: business domains, teams, people, weights of each choice.

Why a catalogue: a benchmark registry must read like a real one (a fraud model has
fraud metrics, a generative model calls an API) so that card sizes, comment density
and text are realistic. The text of the sixteen model families is data and lives in
``domains.json`` next to this module; the order of every table here is part of the
seeded draw, so reordering one changes every generated registry.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any


@dataclass(frozen=True, slots=True)
class Domain:
    """Text and numbers for one family of models, so cards read like real ones."""

    slug: str
    title: str
    kind: str
    sponsors: tuple[str, ...]
    purposes: tuple[str, str]
    intended_use: tuple[str, str]
    out_of_scope: str
    limitations: tuple[str, ...]
    sources: tuple[str, ...]
    model_metrics: tuple[tuple[str, float, float, bool], ...]  # name, lo, hi, higher better
    business: tuple[tuple[str, str, int, int], ...]  # name, unit, lo, hi
    guardrails: tuple[tuple[str, float, str], ...]  # name, max, unit
    bias_method: str
    bias_attributes: tuple[str, ...]
    fallback: str
    oversight: str
    alerts: tuple[str, ...]
    pii: float  # probability the training data contains personal data
    tags: tuple[str, ...]


def _tuples(value: Any) -> Any:
    """JSON arrays as the tuples :class:`Domain` declares (a tuple draws like the list)."""
    if isinstance(value, list):
        return tuple(_tuples(item) for item in value)
    return value


def _load_domains() -> tuple[Domain, ...]:
    """The model families of ``domains.json``, in file order (the order is part of the draw)."""
    raw = json.loads((Path(__file__).parent / "domains.json").read_text(encoding="utf-8"))
    return tuple(Domain(**{key: _tuples(value) for key, value in entry.items()}) for entry in raw)


DOMAINS: tuple[Domain, ...] = _load_domains()

TEAMS: tuple[tuple[str, str], ...] = (
    ("payments-risk", "Payments Risk ML"),
    ("fraud-platform", "Fraud Platform"),
    ("credit-risk-analytics", "Credit Risk Analytics"),
    ("retail-analytics", "Retail Analytics"),
    ("customer-insights", "Customer Insights"),
    ("claims-analytics", "Claims Analytics"),
    ("pricing-science", "Pricing Science"),
    ("genai-platform", "GenAI Platform"),
    ("financial-crime-analytics", "Financial Crime Analytics"),
    ("operations-data-science", "Operations Data Science"),
    ("finance-automation", "Finance Automation"),
    ("sme-banking-data", "SME Banking Data"),
    ("collections-analytics", "Collections Analytics"),
    ("ml-platform", "ML Platform"),
    ("developer-productivity", "Developer Productivity"),
    ("legal-engineering", "Legal Engineering"),
    ("cards-analytics", "Cards Analytics"),
    ("underwriting-models", "Underwriting Models"),
    ("digital-channels", "Digital Channels"),
    ("treasury-analytics", "Treasury Analytics"),
)
REGIONS = ("emea", "amer", "apac", "nordics", "dach", "iberia")
#: First and last names of people (owners, team members, validators), drawn as pairs.
FIRST = (
    "dana",
    "omar",
    "kofi",
    "ines",
    "li",
    "sam",
    "maria",
    "jonas",
    "aisha",
    "tomas",
    "priya",
    "lucas",
    "yuki",
    "elena",
    "noah",
    "fatima",
    "erik",
    "chloe",
    "mateo",
    "hana",
    "ravi",
    "sofia",
    "david",
    "amara",
    "pieter",
    "nina",
    "karim",
    "lena",
    "oscar",
    "zara",
    "felix",
    "mei",
    "ahmed",
    "clara",
    "ivan",
    "rosa",
    "theo",
    "leila",
)
LAST = (
    "whitfield",
    "haddad",
    "mensah",
    "carvalho",
    "chen",
    "okafor",
    "rossi",
    "berg",
    "khan",
    "novak",
    "sharma",
    "martin",
    "tanaka",
    "petrova",
    "walsh",
    "el-amin",
    "lindqvist",
    "dubois",
    "garcia",
    "kim",
    "iyer",
    "costa",
    "levi",
    "obi",
    "de-vries",
    "schmidt",
    "nasser",
    "fischer",
    "moreno",
    "ali",
    "weber",
    "wong",
    "farouk",
    "silva",
    "kowalski",
    "romero",
    "janssen",
    "mahmoud",
)
SEVERITIES = ("low", "medium", "high", "critical")
INCIDENT_SUMMARIES = (
    "Scores degraded after an upstream schema change; fixed by reloading the feature view.",
    "Scoring job missed its window after a cluster upgrade; fallback route used for 6 hours.",
    "Input feed delivered duplicate records; outputs were recomputed the next day.",
    "Latency above the limit during a traffic peak; autoscaling limits raised.",
    "Wrong model version deployed to one region for 2 hours; rolled back.",
    "Spike in low-confidence outputs after a product launch; thresholds reviewed.",
    "Vendor API outage; requests went to the fallback route for 40 minutes.",
)
#: Leading indicators: name, unit, low and high value (a baseline is drawn below the value).
LEADING = (
    ("adoption rate", "%", 40, 95),
    ("task completion time saved", "minutes", 2, 30),
    ("outputs corrected by users", "%", 2, 15),
    ("user satisfaction", "score 1-5", 3, 5),
)
CONDITIONS = (
    "quarterly drift review with the Model Risk Office",
    "recalibrate before the next product launch",
    "monthly report on overrides by segment",
)
VALIDATOR_TEAM = "model-risk-office"
PRIVACY_TEAM = "privacy-office"
WAIVER_APPROVERS = ("cro-office", "model-risk-office", "chief-risk-officer")

#: How often each stage, tier and hosting appears (weights for ``random.choices``).
STAGES = (("proposed", 10), ("pilot", 17), ("production", 63), ("retired", 10))
TIERS = (("low", 25), ("medium", 35), ("high", 30), ("critical", 10))
INFRA = {
    "predictive": (("cloud", 60), ("on_prem", 20), ("hybrid", 20)),
    "decision": (("cloud", 50), ("on_prem", 35), ("hybrid", 15)),
    "generative": (("api", 65), ("cloud", 25), ("hybrid", 10)),
}
PROVIDERS = {
    "cloud": ("aws-sagemaker", "vertex-ai", "azure-ml", "databricks"),
    "on_prem": ("kubernetes-dc1", "openshift-dc2"),
    "hybrid": ("databricks", "kubernetes-dc1"),
    "api": ("openai/gpt-4.1", "anthropic/claude-sonnet-4", "azure-openai/gpt-4o", "mistral/mistral-large"),
}
DEPLOY_REGIONS = ("eu-west-1", "eu-central-1", "eu-west-2", "us-east-1")
SCHEMA_TYPOS = (
    ("kind", "predicitve"),
    ("kind", "Generative"),
    ("kind", "llm"),
    ("infrastructure", "on-prem"),
    ("infrastructure", "aws"),
    ("validation", "passed"),
    ("validation", "approved"),
    ("bias", "passed"),
    ("bias", "ok"),
    ("ownr", ""),
    ("ownr", ""),
)
