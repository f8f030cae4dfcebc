"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run whose tool describes every rule of the catalog (title, rationale, fix), so a
viewer can explain a finding without calling ``registry explain``. Each result carries
a ``partialFingerprints`` entry computed from the finding's identity (rule, model,
file kind and field), not from its line: code scanning then tracks a finding across
commits even when a block of the card moves, and closes it when it is fixed.
"""

from __future__ import annotations

import hashlib
import os
from typing import Any
from urllib.parse import quote

from registry import __version__
from registry.audit import AuditResult
from registry.findings import Finding
from registry.report import ReportContext
from registry.report.json_report import dumps
from registry.rules import Rule, load_catalog
from registry.textsafe import clean

SCHEMA_URI = "https://json.schemastore.org/sarif-2.1.0.json"
LEVELS = {"error": "error", "warning": "warning", "info": "note"}
FINGERPRINT_KEY = "registryFindingIdentity/v1"
SRCROOT = "%SRCROOT%"


def rule_name(title: str) -> str:
    """``Runbook lacks a required section`` -> ``RunbookLacksARequiredSection``.

    SARIF's ``name`` is meant to be an identifier-like, human-readable rule name.
    """
    words = "".join(ch if ch.isalnum() else " " for ch in title).split()
    return "".join(word[:1].upper() + word[1:] for word in words)


def describe(rule: Rule) -> dict[str, Any]:
    """A SARIF reportingDescriptor for one rule of the catalog."""
    fix = rule.fix
    if rule.example:
        markdown = f"{fix}\n\nExample:\n\n```yaml\n{rule.example}\n```"
    else:
        markdown = fix
    return {
        "id": rule.code,
        "name": rule_name(rule.title),
        "shortDescription": {"text": rule.title},
        "fullDescription": {"text": rule.rationale},
        "help": {"text": fix, "markdown": markdown},
        "defaultConfiguration": {"level": LEVELS[rule.severity.value]},
        "properties": {"tags": ["governance", rule.family]},
    }


def fingerprint(finding: Finding) -> str:
    """A stable hash of what stays the same when lines move (see :meth:`Finding.identity`)."""
    rule, model, kind, fld = finding.identity()
    raw = "\0".join((rule, model or "", kind, fld))
    return hashlib.sha256(raw.encode("utf-8", "surrogatepass")).hexdigest()


def artifact_uri(result: AuditResult, finding: Finding, ctx: ReportContext) -> str:
    """The file's path relative to the current folder, as a URI reference."""
    path = ctx.display_path(result.root, finding.path).replace(os.sep, "/")
    return quote(path.encode("utf-8", "surrogateescape"), safe="/-._~")


def render(result: AuditResult, ctx: ReportContext) -> str:
    catalog = load_catalog()
    codes = list(catalog)
    index = {code: i for i, code in enumerate(codes)}
    results = []
    for f in result.findings:
        item: dict[str, Any] = {"ruleId": f.rule}
        if f.rule in index:
            item["ruleIndex"] = index[f.rule]
        message = clean(f.message) + (f" ({clean(f.model)})" if f.model is not None else "")
        item.update(
            {
                "level": LEVELS[f.severity.value],
                "message": {"text": message},
                "locations": [
                    {
                        "physicalLocation": {
                            "artifactLocation": {
                                "uri": artifact_uri(result, f, ctx),
                                "uriBaseId": SRCROOT,
                            },
                            "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                        }
                    }
                ],
                "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
                "properties": {"model": f.model, "field": f.field},
            }
        )
        results.append(item)
    run: dict[str, Any] = {
        "tool": {
            "driver": {
                "name": "registry",
                "version": __version__,
                "semanticVersion": __version__,
                "rules": [describe(catalog[code]) for code in codes],
            }
        },
        "invocations": [
            {
                "executionSuccessful": True,
                "toolExecutionNotifications": [
                    {"level": "note", "message": {"text": clean(note)}} for note in result.notes
                ],
            }
        ],
        "results": results,
        "properties": {
            "registry": clean(result.registry),
            "today": result.today.isoformat(),
            "revision": result.revision,
            "summary": {"models": len(result.models), **result.counts()},
        },
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return dumps(log) + "\n"
