"""The JSON Schemas in schemas/ accept FORMAT.md's examples and reject what they should.

Every check runs through both `jsonschema` and `jsonschema_rs` (with formats enforced),
and the two must agree.
"""

import copy
import json
from pathlib import Path

import jsonschema_rs
import pytest
from jsonschema import Draft202012Validator, FormatChecker

SCHEMA_DIR = Path(__file__).resolve().parent.parent / "schemas"
SCHEMAS = {
    name: json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))
    for name in ("registry", "owner", "card", "runbook")
}

# FORMAT.md's examples as the YAML 1.2 loader hands them over: dates are strings.
EXAMPLES = {
    "registry": {
        "registry": 1,
        "name": "Acme AI registry",
        "policy": {
            "validation_max_age_days": {"low": 365, "medium": 180, "high": 90, "critical": 90},
            "bias_test_required_for": ["medium", "high", "critical"],
            "bias_test_max_age_days": 180,
            "pilot_max_weeks": 12,
            "expiry_warning_days": 30,
            "runbook_sections": ["Fallback", "Rollback", "Escalation"],
            "fail_on": "error",
            "waiver_max_days": 365,
            "priority_weights": {"impact": 1, "feasibility": 1, "readiness": 1},
        },
        "governance_reviewers": ["@acme/model-risk"],
        "rules": {"MET002": "info"},
    },
    "owner": {
        "id": "payments-risk",
        "kind": "team",
        "name": "Payments Risk ML",
        "email": "payments-risk-ml@example.com",
        "lead": "dana.whitfield",
        "members": ["dana.whitfield", "omar.haddad"],
        "escalation": "#payments-risk-oncall",
        "active": True,
    },
    "card": {
        "id": "fraud-detector",
        "name": "Card Fraud Detector",
        "version": "3.2.0",
        "kind": "predictive",
        "stage": "production",
        "risk_tier": "high",
        "owner": "payments-risk",
        "backup_owner": "fraud-platform",
        "sponsor": "VP Payments",
        "purpose": "Flags card-not-present transactions for review.",
        "intended_use": "Scores every card-not-present transaction before authorisation.",
        "out_of_scope": "Card-present transactions and credit decisions.",
        "limitations": ["Trained on EU traffic only"],
        "training_data": {
            "sources": ["transactions-2024q1..2025q4"],
            "snapshot": "s3://acme-ml/fraud-detector/v7",
            "contains_pii": True,
            "privacy_review": {"date": "2026-03-01", "reviewer": "privacy-office"},
        },
        "deployment": {"infrastructure": "cloud", "provider": "vertex-ai"},
        "metrics": {
            "model": [{"name": "precision", "value": 0.94, "baseline": 0.88, "target": 0.92}],
            "business": [
                {"name": "fraud losses prevented", "unit": "USD/month", "value": 150000, "baseline": 0}
            ],
            "guardrails": [{"name": "false positive rate", "max": 0.02}],
            "leading": [{"name": "adoption rate", "unit": "%", "value": 62, "baseline": 0, "target": 80}],
        },
        "priority": {
            "impact": 4,
            "feasibility": 3,
            "readiness": 5,
            "notes": "COO sponsors it; the claims team asked twice.",
        },
        "pilot": {
            "start": "2025-09-01",
            "end": "2025-11-24",
            "exit_criteria": ["precision >= 0.92 on production traffic", "review time -30%"],
            "decision": "go",
            "decided": "2025-11-30",
        },
        "validation": {
            "date": "2026-06-15",
            "validator": "model-risk-office",
            "model_version": "3.2.0",
            "result": "pass",
            "conditions": ["monthly drift review"],
            "evidence": "https://wiki.example.com/validation/fraud-detector-3.2.0",
        },
        "bias_tests": [
            {
                "date": "2026-06-10",
                "method": "demographic parity by age band",
                "attributes": ["age_band"],
                "result": "pass",
                "evidence": "https://wiki.example.com/bias/fraud-detector",
            }
        ],
        "monitoring": {
            "drift": {"features": True, "predictions": True},
            "alerts": ["precision < 0.9 for 3 days"],
            "dashboard": "https://grafana.example.com/d/fraud-detector",
        },
        "fallback": {"route": "manual review queue", "confidence_threshold": 0.7},
        "human_oversight": "Analysts confirm every block above 500 EUR.",
        "runbook": "runbook.md",
        "incidents": [
            {
                "date": "2026-02-03",
                "severity": "high",
                "summary": "Spike in false positives.",
                "review": "https://wiki.example.com/incidents/42",
            }
        ],
        "waivers": [
            {
                "rule": "BIA001",
                "reason": "Re-test scheduled",
                "approved_by": "cro-office",
                "expires": "2027-01-31",
            }
        ],
    },
    "runbook": {"model": "fraud-detector", "owner": "payments-risk", "last_reviewed": "2026-05-02"},
}


def errors(name, data):
    """jsonschema's errors for `data`, after checking that jsonschema_rs agrees."""
    found = list(Draft202012Validator(SCHEMAS[name], format_checker=FormatChecker()).iter_errors(data))
    rs_valid = jsonschema_rs.validator_for(SCHEMAS[name], validate_formats=True).is_valid(data)
    assert rs_valid == (not found), f"jsonschema and jsonschema_rs disagree on {data!r}"
    return found


def at(data, path):
    for key in path:
        data = data[key]
    return data


def changed(name, path, value):
    """A copy of the example `name` with the item at `path` set to `value`."""
    data = copy.deepcopy(EXAMPLES[name])
    at(data, path[:-1])[path[-1]] = value
    return data


def without(name, path):
    """A copy of the example `name` without the item at `path`."""
    data = copy.deepcopy(EXAMPLES[name])
    del at(data, path[:-1])[path[-1]]
    return data


@pytest.mark.parametrize("name", SCHEMAS)
def test_schema_is_valid_2020_12(name):
    schema = SCHEMAS[name]
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["title"] and schema["description"]
    Draft202012Validator.check_schema(schema)
    jsonschema_rs.validator_for(schema, validate_formats=True)


@pytest.mark.parametrize("name", SCHEMAS)
def test_every_property_has_a_description(name):
    def walk(node, where):
        if isinstance(node, dict):
            for key, sub in node.get("properties", {}).items():
                assert sub.get("description"), f"{name}: {where}/{key} has no description"
            for key, sub in node.items():
                walk(sub, f"{where}/{key}")
        elif isinstance(node, list):
            for i, sub in enumerate(node):
                walk(sub, f"{where}/{i}")

    walk(SCHEMAS[name], "#")


@pytest.mark.parametrize("name", EXAMPLES)
def test_format_examples_are_valid(name):
    assert errors(name, EXAMPLES[name]) == []


@pytest.mark.parametrize(
    "name, path, value",
    [
        ("card", ["kind"], "regression"),
        ("card", ["stage"], "beta"),
        ("card", ["risk_tier"], "extreme"),
        ("card", ["deployment", "infrastructure"], "edge"),
        ("card", ["incidents", 0, "severity"], "sev1"),
        ("card", ["pilot", "decision"], "maybe"),
        ("card", ["validation", "result"], "ok"),
        ("card", ["bias_tests", 0, "result"], "conditional"),
        ("owner", ["kind"], "group"),
        ("registry", ["policy", "fail_on"], "fatal"),
        ("registry", ["policy", "bias_test_required_for", 0], "extreme"),
        ("registry", ["rules", "MET002"], "disabled"),
    ],
)
def test_enum_rejects_other_values(name, path, value):
    assert [e.validator for e in errors(name, changed(name, path, value))] == ["enum"]


@pytest.mark.parametrize(
    "name, path",
    [
        ("card", []),
        ("card", ["metrics", "model", 0]),
        ("card", ["waivers", 0]),
        ("card", ["monitoring", "drift"]),
        ("registry", []),
        ("registry", ["policy"]),
        ("registry", ["rules"]),
        ("owner", []),
        ("runbook", []),
    ],
)
def test_x_keys_are_the_users_own(name, path):
    data = copy.deepcopy(EXAMPLES[name])
    at(data, path)["x-team-notes"] = {"anything": ["goes"]}
    assert errors(name, data) == []


@pytest.mark.parametrize(
    "name, path",
    [
        ("card", []),
        ("card", ["metrics", "model", 0]),
        ("card", ["validation"]),
        ("card", ["pilot"]),
        ("registry", []),
        ("registry", ["policy"]),
        ("registry", ["policy", "validation_max_age_days"]),
        ("owner", []),
        ("runbook", []),
    ],
)
def test_unknown_keys_are_rejected(name, path):
    data = copy.deepcopy(EXAMPLES[name])
    at(data, path)["ownr"] = "payments-risk"
    assert [e.validator for e in errors(name, data)] == ["additionalProperties"]


@pytest.mark.parametrize(
    "path",
    [
        ["owner"],
        ["backup_owner"],
        ["purpose"],
        ["limitations"],
        ["runbook"],
        ["human_oversight"],
        ["fallback", "route"],
        ["pilot", "exit_criteria"],
        ["pilot", "decision"],
        ["monitoring", "drift"],
        ["metrics", "model"],
        ["metrics", "business"],
        ["metrics", "guardrails"],
        ["waivers", 0, "reason"],
        ["waivers", 0, "approved_by"],
        ["bias_tests", 0, "mitigation"],
        ["incidents", 0, "review"],
        ["training_data", "privacy_review"],
        ["validation", "model_version"],
        ["validation"],
        ["fallback"],
        ["monitoring"],
        ["metrics"],
        ["pilot"],
        ["bias_tests"],
    ],
)
def test_empty_values_are_left_to_the_audit_rules(path):
    assert errors("card", changed("card", path, None)) == []


@pytest.mark.parametrize(
    "path", [["purpose"], ["limitations"], ["human_oversight"], ["waivers", 0, "reason"]]
)
def test_empty_strings_are_left_to_the_audit_rules(path):
    assert errors("card", changed("card", path, "")) == []


def test_only_the_identity_keys_are_required():
    minimal = {key: EXAMPLES["card"][key] for key in ("id", "name", "version", "kind", "stage", "risk_tier")}
    assert errors("card", minimal) == []


@pytest.mark.parametrize(
    "name, path",
    [
        ("card", ["id"]),
        ("card", ["name"]),
        ("card", ["version"]),
        ("card", ["kind"]),
        ("card", ["stage"]),
        ("card", ["risk_tier"]),
        ("card", ["waivers", 0, "expires"]),
        ("card", ["waivers", 0, "rule"]),
        ("card", ["bias_tests", 0, "date"]),
        ("card", ["bias_tests", 0, "result"]),
        ("card", ["incidents", 0, "date"]),
        ("card", ["incidents", 0, "summary"]),
        ("card", ["metrics", "model", 0, "name"]),
        ("card", ["validation", "date"]),
        ("registry", ["registry"]),
        ("registry", ["name"]),
        ("owner", ["id"]),
        ("owner", ["kind"]),
        ("owner", ["name"]),
        ("owner", ["email"]),
        ("runbook", ["model"]),
        ("runbook", ["owner"]),
        ("runbook", ["last_reviewed"]),
    ],
)
def test_required_keys(name, path):
    assert [e.validator for e in errors(name, without(name, path))] == ["required"]


@pytest.mark.parametrize(
    "name, path",
    [
        ("card", ["validation", "date"]),
        ("card", ["pilot", "start"]),
        ("card", ["waivers", 0, "expires"]),
        ("card", ["training_data", "privacy_review", "date"]),
        ("runbook", ["last_reviewed"]),
    ],
)
@pytest.mark.parametrize("bad", ["2026-13-45", "2026-02-30", "15/06/2026", "2026-6-15"])
def test_bad_dates_are_rejected(name, path, bad):
    data = changed(name, path, bad)
    assert errors(name, data)
    assert not jsonschema_rs.validator_for(SCHEMAS[name], validate_formats=True).is_valid(data)


@pytest.mark.parametrize(
    "path, value",
    [
        (["version"], 1.0),
        (["version"], 2),
        (["validation", "model_version"], 1.0),
        (["limitations"], "Trained on EU traffic only"),
        (["links"], {"design": "https://wiki.example.com/fraud"}),
        (["tags"], ["payments", "fraud"]),
        (["decommissioned"], "2026-12-01"),
        (["deployment", "regions"], ["europe-west4"]),
        (["training_data", "description"], "Card transactions."),
        (["monitoring", "drift"], {"features": False, "labels": True}),
    ],
)
def test_card_accepts(path, value):
    assert errors("card", changed("card", path, value)) == []


@pytest.mark.parametrize(
    "name, path, value",
    [
        ("card", ["id"], "Fraud_Detector"),
        ("card", ["owner"], "Payments Risk"),
        ("card", ["waivers", 0, "rule"], "bia001"),
        ("card", ["metrics", "model", 0, "value"], "high"),
        ("card", ["monitoring", "drift"], {"features": "yes"}),
        ("card", ["version"], True),
        ("owner", ["email"], "not-an-email"),
        ("owner", ["active"], "no"),
        ("owner", ["review_handle"], "acme/team"),
        ("registry", ["registry"], 2),
        ("registry", ["rules", "MET02"], "off"),
        ("registry", ["policy", "pilot_max_weeks"], 0),
        ("registry", ["policy", "expiry_warning_days"], -1),
        ("registry", ["policy", "waiver_max_days"], 0),
        ("registry", ["policy", "priority_weights", "impact"], -1),
        ("registry", ["policy", "priority_weights", "urgency"], 1),
        ("registry", ["governance_reviewers"], "@acme/model-risk"),
        ("registry", ["governance_reviewers", 0], "acme/model-risk"),
        ("card", ["priority", "impact"], 0),
        ("card", ["priority", "impact"], 6),
        ("card", ["priority", "feasibility"], 2.5),
        ("card", ["priority", "readiness"], "high"),
        ("card", ["priority", "urgency"], 3),
        ("card", ["metrics", "leading", 0, "value"], "62%"),
        ("card", ["validation", "conditions"], "monthly drift review"),
    ],
)
def test_wrong_values_are_rejected(name, path, value):
    assert errors(name, changed(name, path, value))


@pytest.mark.parametrize("handle", ["@acme/payments-risk", "@dana", "@dana.whitfield"])
def test_review_handle(handle):
    assert errors("owner", changed("owner", ["review_handle"], handle)) == []


def test_rules_accept_off():
    assert errors("registry", changed("registry", ["rules", "VAL005"], "off")) == []


def test_policy_defaults_match_format_md():
    policy = SCHEMAS["registry"]["properties"]["policy"]["properties"]
    assert {key: spec["default"] for key, spec in policy.items()} == EXAMPLES["registry"]["policy"]
