"""``--format sarif``: SARIF 2.1.0 for GitHub code scanning and other SARIF viewers.

One run whose tool describes every rule of the catalog (title, rationale, fix), so a
viewer can explain a finding without calling ``registry explain``. Each result carries
a ``partialFingerprints`` entry computed from the finding's identity (rule, model,
file kind and field), not from its line: code scanning then tracks a finding across
commits even when a block of the card moves, and closes it when it is fixed.

With ``audit --base`` every result has a ``baselineState``: ``new`` or ``unchanged``
for live findings, and the findings the branch fixed come as ``absent`` results of
kind ``pass``. Findings a valid waiver silences come as results with an ``inSource``
suppression whose justification is the waiver's reason, approver and expiry.
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
    """A SARIF reportingDescriptor for one rule of the catalog, from its explanation."""
    from registry.rules.explanation import Explanation

    explained = Explanation.of(rule)
    examples = explained.examples_markdown()
    return {
        "id": explained.code,
        "name": rule_name(explained.title),
        "shortDescription": {"text": explained.title},
        "fullDescription": {"text": explained.rationale},
        "help": {
            "text": explained.fix,
            "markdown": f"{explained.fix}\n\n{examples}" if examples else explained.fix,
        },
        "defaultConfiguration": {"level": LEVELS[explained.severity]},
        "properties": {"tags": ["governance", explained.family]},
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


def information_uri() -> str | None:
    """Where the tool is documented: the package's ``Documentation`` (or ``Homepage``) URL.

    The URL lives in ``[project.urls]`` of pyproject.toml, where whoever hosts their
    copy of registry sets it; a copy installed without that metadata gives none.
    """
    from importlib import metadata

    try:
        urls = metadata.metadata("ai-model-registry").get_all("Project-URL") or []
    except metadata.PackageNotFoundError:
        return None
    found = dict(entry.split(", ", 1) for entry in urls if ", " in entry)
    return found.get("Documentation") or found.get("Homepage")


def _result(
    f: Finding, result: AuditResult, ctx: ReportContext, index: dict[str, int], state: str | None
) -> dict[str, Any]:
    """One SARIF result. A fixed finding (baseline state ``absent``) is a ``pass``: the
    problem the base had is gone, and viewers must not show it as a live one."""
    item: dict[str, Any] = {"ruleId": f.rule}
    if f.rule in index:
        item["ruleIndex"] = index[f.rule]
    message = clean(f.message) + (f" ({clean(f.model)})" if f.model is not None else "")
    absent = state == "absent"
    item.update(
        {
            **({"kind": "pass", "level": "none"} if absent else {"level": LEVELS[f.severity.value]}),
            "message": {"text": message},
            "locations": [
                {
                    "physicalLocation": {
                        "artifactLocation": {"uri": artifact_uri(result, f, ctx), "uriBaseId": SRCROOT},
                        "region": {"startLine": max(f.line, 1), "startColumn": max(f.column, 1)},
                    }
                }
            ],
            "partialFingerprints": {FINGERPRINT_KEY: fingerprint(f)},
            **({"baselineState": state} if state is not None else {}),
            "properties": {"model": f.model, "field": f.field, "severity": f.severity.value},
        }
    )
    return item


def _results(result: AuditResult, ctx: ReportContext, index: dict[str, int]) -> list[dict[str, Any]]:
    """Live findings, then (with ``--base``) the fixed ones, then what waivers silenced."""
    comparison = result.comparison
    new = {id(f) for f in comparison.new} if comparison is not None else set()
    out = []
    for f in result.findings:
        state = None if comparison is None else ("new" if id(f) in new else "unchanged")
        out.append(_result(f, result, ctx, index, state))
    if comparison is not None:
        out.extend(_result(f, result, ctx, index, "absent") for f in comparison.fixed)
    waivers = {(s.model, s.rule): s for s in result.suppressions}
    for f in result.waived:
        item = _result(f, result, ctx, index, None)
        waiver = waivers.get((f.model or "", f.rule))
        suppression: dict[str, Any] = {"kind": "inSource", "status": "accepted"}
        if waiver is not None:
            suppression["justification"] = clean(waiver.justification())
        item["suppressions"] = [suppression]
        out.append(item)
    return out


def render(result: AuditResult, ctx: ReportContext) -> str:
    catalog = load_catalog()
    codes = list(catalog)
    index = {code: i for i, code in enumerate(codes)}
    results = _results(result, ctx, index)
    driver: dict[str, Any] = {"name": "registry", "version": __version__, "semanticVersion": __version__}
    uri = information_uri()
    if uri:
        driver["informationUri"] = uri
    driver["rules"] = [describe(catalog[code]) for code in codes]
    run: dict[str, Any] = {
        "tool": {"driver": driver},
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
            **({"comparison": _comparison(result)} if result.comparison is not None else {}),
        },
    }
    log = {"$schema": SCHEMA_URI, "version": "2.1.0", "runs": [run]}
    return dumps(log) + "\n"


def _comparison(result: AuditResult) -> dict[str, Any]:
    """Which commit ``--base`` compared with, beside the results' baseline states."""
    comparison = result.comparison
    assert comparison is not None
    return {
        "base": comparison.base,
        "ref": clean(comparison.ref),
        "ref_revision": comparison.ref_revision,
        "new": len(comparison.new),
        "fixed": len(comparison.fixed),
        "remaining": len(comparison.remaining),
    }
