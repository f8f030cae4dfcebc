"""The one baseline registry of the tests: build small registries in ``tmp_path`` from
Python data or raw YAML.

Rule tests start from one compliant card (production, high risk, every section filled,
independent validator, recent validation and bias test, full runbook) that produces no
finding, then change one thing and assert exactly one finding. Expected positions are
found in the written text by :func:`where`, never by the loader under test.
"""

from __future__ import annotations

import copy
import shutil
from collections.abc import Callable, Mapping
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import yaml

#: The date every test audits on.
TODAY = date(2026, 11, 24)

#: The registry shipped with the project (its expected findings are in EXPECTED.md).
SAMPLE = Path(__file__).resolve().parents[1] / "sample_registry"

MODEL = "fraud-detector"
CARD_PATH = f"models/{MODEL}/model_card.yaml"
RUNBOOK_PATH = f"models/{MODEL}/runbook.md"

Content = Mapping[str, Any] | str | bytes | None


def days_ago(days: int) -> str:
    """``TODAY - days`` as the ``YYYY-MM-DD`` text a card holds."""
    return (TODAY - timedelta(days=days)).isoformat()


def baseline_card(model_id: str = MODEL, **changes: Any) -> dict[str, Any]:
    """A card that satisfies every rule on :data:`TODAY`; ``changes`` replace top-level keys.

    A change whose value is :data:`DROP` removes the key.
    """
    card: dict[str, Any] = {
        "id": model_id,
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
        "out_of_scope": "Card-present transactions.",
        "limitations": ["Trained on EU traffic only"],
        "training_data": {
            "sources": ["transactions-2024q1..2025q4"],
            "snapshot": "s3://acme/fraud/v7",
            "contains_pii": True,
            "privacy_review": {"date": "2026-03-01", "reviewer": "privacy-office"},
        },
        "deployment": {"infrastructure": "cloud", "provider": "vertex-ai"},
        "metrics": {
            "model": [
                {"name": "precision", "value": 0.94, "baseline": 0.88, "target": 0.92},
                {"name": "recall", "value": 0.81, "baseline": 0.7},
            ],
            "business": [
                {"name": "fraud losses prevented", "unit": "USD/month", "value": 150000, "baseline": 0}
            ],
            "guardrails": [{"name": "false positive rate", "max": 0.02}],
            "leading": [
                {
                    "name": "analysts using the queue",
                    "unit": "percent",
                    "value": 62,
                    "baseline": 0,
                    "target": 80,
                }
            ],
        },
        "priority": {"impact": 4, "feasibility": 3, "readiness": 5, "notes": "COO sponsors it."},
        "pilot": {
            "start": "2025-09-01",
            "end": "2025-11-24",
            "exit_criteria": ["precision >= 0.92 on production traffic"],
            "decision": "go",
            "decided": "2025-11-30",
        },
        "validation": {
            "date": days_ago(10),
            "validator": "model-risk-office",
            "model_version": "3.2.0",
            "result": "pass",
            "evidence": "https://example.com/validation/fraud-detector",
        },
        "bias_tests": [
            {
                "date": days_ago(14),
                "method": "demographic parity by age band",
                "attributes": ["age_band"],
                "result": "pass",
                "evidence": "https://example.com/bias/fraud-detector",
            }
        ],
        "monitoring": {
            "drift": {"features": True, "predictions": True},
            "alerts": ["precision < 0.9 for 3 days"],
            "dashboard": "https://example.com/dash",
        },
        "fallback": {"route": "manual review queue", "confidence_threshold": 0.7},
        "human_oversight": "Analysts confirm every block above 500 EUR.",
        "runbook": "runbook.md",
        "incidents": [
            {
                "date": "2026-02-03",
                "severity": "high",
                "summary": "False positives spiked.",
                "review": "https://example.com/pir/1",
            }
        ],
    }
    return apply_changes(card, changes)


class _Drop:
    def __repr__(self) -> str:
        return "DROP"


#: Marker for :func:`baseline_card` and :func:`edit`: remove this key.
DROP: Any = _Drop()


def apply_changes(card: dict[str, Any], changes: Mapping[str, Any], drop: Any = DROP) -> dict[str, Any]:
    """``card`` with its top-level keys replaced by ``changes`` in place; a change whose value
    is ``drop`` removes the key. A replaced key keeps its place and a new one goes last:
    expected positions are found in the text written from this order."""
    for key, value in changes.items():
        if value is drop:
            card.pop(key, None)
        else:
            card[key] = value
    return card


def edit(card: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    """A deep copy of ``card`` with the dotted ``path`` (``metrics.model.0.baseline``) set or dropped."""
    out = copy.deepcopy(card)
    *parents, last = path.split(".")
    node: Any = out
    for step in parents:
        node = node[int(step)] if isinstance(node, list) else node[step]
    key: Any = int(last) if isinstance(node, list) else last
    if value is DROP:
        del node[key]
    else:
        node[key] = value
    return out


def runbook_text(
    model_id: str = MODEL,
    owner: str = "payments-risk",
    sections: tuple[str, ...] = ("Fallback", "Rollback", "Escalation"),
) -> str:
    """A runbook with valid front matter and one level-2 heading per section."""
    body = "".join(f"## {s}\n\nSteps for {s.lower()}.\n\n" for s in sections)
    return (
        f"---\nmodel: {model_id}\nowner: {owner}\nlast_reviewed: {days_ago(30)}\n---\n\n# Runbook\n\n{body}"
    )


def baseline_owners() -> dict[str, dict[str, Any]]:
    """The owner records the baseline card refers to, plus the independent validator."""
    return {
        "payments-risk": {
            "id": "payments-risk",
            "kind": "team",
            "name": "Payments Risk ML",
            "email": "payments-risk@example.com",
            "lead": "dana.whitfield",
            "members": ["dana.whitfield", "omar.haddad"],
            "escalation": "#payments-risk-oncall",
        },
        "fraud-platform": {
            "id": "fraud-platform",
            "kind": "team",
            "name": "Fraud Platform",
            "email": "fraud-platform@example.com",
            "lead": "lee.park",
        },
        "model-risk-office": {
            "id": "model-risk-office",
            "kind": "team",
            "name": "Model Risk Office",
            "email": "mro@example.com",
            "lead": "ada.byron",
        },
    }


SETTINGS: dict[str, Any] = {"registry": 1, "name": "Test registry"}


def default_policy() -> dict[str, Any]:
    """The policy of a registry.yaml that sets none: the registry schema's defaults."""
    from registry.schema import schema

    fields = schema("registry")["properties"]["policy"]["properties"]
    return {key: spec["default"] for key, spec in fields.items()}


def copy_sample(root: Path) -> Path:
    """A copy of :data:`SAMPLE` at ``root`` to change freely, without any audit cache it holds."""
    shutil.copytree(SAMPLE, root, ignore=shutil.ignore_patterns(".registry"))
    return root


def dump(content: Content) -> bytes:
    """Python data as block-style YAML (keys in the order given); text and bytes as is."""
    if isinstance(content, bytes):
        return content
    if isinstance(content, str):
        return content.encode("utf-8")
    text = yaml.safe_dump(dict(content or {}), sort_keys=False, default_flow_style=False, allow_unicode=True)
    return text.encode("utf-8")


def _write(path: Path, content: Content) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(dump(content))


_DEFAULT: Any = object()


def make_registry(
    tmp_path: Path,
    *,
    settings: Content = _DEFAULT,
    owners: Mapping[str, Content] | None = None,
    cards: Mapping[str, Content] | None = None,
    runbooks: Mapping[str, Content] | None = None,
    folder: str = "reg",
) -> Path:
    """Write a registry under ``tmp_path / folder`` and return its root.

    Defaults: :data:`SETTINGS`, :func:`baseline_owners`, one :func:`baseline_card` in
    ``models/fraud-detector/``. Every card folder gets :func:`runbook_text` as
    ``runbook.md`` unless ``runbooks`` maps the folder to other text, or to None for no
    runbook. A card mapped to None makes an empty model folder (no model_card.yaml).
    """
    root = tmp_path / folder
    root.mkdir(parents=True, exist_ok=True)
    _write(root / "registry.yaml", SETTINGS if settings is _DEFAULT else settings)
    for owner_id, record in (baseline_owners() if owners is None else owners).items():
        _write(root / "owners" / f"{owner_id}.yaml", record)
    (root / "owners").mkdir(exist_ok=True)
    runbooks = dict(runbooks or {})
    for name, card in ({MODEL: baseline_card()} if cards is None else cards).items():
        model_dir = root / "models" / name
        model_dir.mkdir(parents=True, exist_ok=True)
        if card is not None:
            _write(model_dir / "model_card.yaml", card)
        runbook = runbooks.pop(name, _DEFAULT)
        if runbook is _DEFAULT:
            runbook = runbook_text(name)
        if runbook is not None:
            _write(model_dir / "runbook.md", runbook)
    for name, runbook in runbooks.items():  # runbooks for folders made elsewhere
        if runbook is not None:
            _write(root / "models" / name / "runbook.md", runbook)
    (root / "models").mkdir(exist_ok=True)
    return root


def where(text: str, *anchors: str) -> tuple[int, int]:
    """(line, column) of the last anchor, each searched on the lines after the previous.

    An anchor matches a line whose content (after indentation and any ``- `` list
    markers) starts with it; the column is where that content starts. So
    ``where(card, "validation:", "date:")`` is the ``date`` key inside ``validation``.
    """
    lines = text.splitlines()
    start = 0
    found: tuple[int, int] | None = None
    for anchor in anchors:
        for number in range(start, len(lines)):
            line = lines[number]
            body = line.lstrip(" ")
            while body.startswith("- "):
                body = body[2:].lstrip(" ")
            if body.startswith(anchor):
                found = (number + 1, len(line) - len(body) + 1)
                start = number + 1
                break
        else:
            raise AssertionError(f"{anchor!r} not found after line {start} in:\n{text}")
    assert found is not None
    return found


def value_where(text: str, *anchors: str) -> tuple[int, int]:
    """(line, column) of the value after the last anchor's key: ``2027-01-31`` in ``expires: 2027-01-31``."""
    line, column = where(text, *anchors)
    rest = text.splitlines()[line - 1][column - 1 :]
    key, sep, value = rest.partition(":")
    assert sep, f"no ':' after {anchors[-1]!r} on line {line}"
    return line, column + len(key) + 1 + (len(value) - len(value.lstrip(" ")))


def audit(root: Path, today: date = TODAY, **kwargs: Any) -> Any:
    """Load the registry at ``root`` and audit it on ``today``; returns the AuditResult."""
    from registry.audit import run_audit
    from registry.store import load_registry

    return run_audit(load_registry(root), today, **kwargs)


def summary(findings: Any) -> list[tuple[str, str, str | None, str, int, int]]:
    """Findings as (rule, severity, model, path, line, column) tuples, easy to compare."""
    return [(f.rule, f.severity.value, f.model, f.path, f.line, f.column) for f in findings]


def codes(findings: Any) -> list[str]:
    return [f.rule for f in findings]


class Extra(dict[str, Any]):
    """Keyword arguments for :func:`make_registry` that a :func:`run_case` change returns."""


def run_case(
    tmp_path: Path,
    rule: str,
    severity: str,
    change: Callable[[dict[str, Any], type[Helpers]], Mapping[str, Any] | None],
    at: tuple[str, ...],
    file: str = CARD_PATH,
) -> Any:
    """Apply ``change`` to the baseline card and assert it raises exactly one finding.

    ``change(card, h)`` edits the card in place and may return an :class:`Extra` of
    keyword arguments for :func:`make_registry` (other owners, runbooks, settings); any
    other return value (``dict.pop``'s, say) is ignored. The finding must be
    ``rule`` at ``severity`` for the baseline model, in ``file``, at the position of the
    ``at`` anchors in that file's text (1:1 when ``at`` is empty). Returns the finding.
    """
    card = baseline_card()
    returned = change(card, Helpers)
    extra = dict(returned) if isinstance(returned, Extra) else {}
    cards = extra.pop("cards", {MODEL: card})
    root = make_registry(tmp_path, cards=cards, **extra)
    result = audit(root)
    text = (root / file).read_text(encoding="utf-8")
    line, column = where(text, *at) if at else (1, 1)
    expected = [(rule, severity, MODEL, file, line, column)]
    assert summary(result.findings) == expected, "\n".join(map(str, result.findings))
    return result.findings[0]


class Helpers:
    """Everything above, handed to tests as the ``h`` fixture so they need no imports from here."""

    TODAY = TODAY
    MODEL = MODEL
    CARD_PATH = CARD_PATH
    RUNBOOK_PATH = RUNBOOK_PATH
    DROP = DROP
    days_ago = staticmethod(days_ago)
    baseline_card = staticmethod(baseline_card)
    baseline_owners = staticmethod(baseline_owners)
    runbook_text = staticmethod(runbook_text)
    edit = staticmethod(edit)
    make_registry = staticmethod(make_registry)
    where = staticmethod(where)
    value_where = staticmethod(value_where)
    audit = staticmethod(audit)
    summary = staticmethod(summary)
    codes = staticmethod(codes)
    dump = staticmethod(dump)
    run_case = staticmethod(run_case)
    Extra = Extra
