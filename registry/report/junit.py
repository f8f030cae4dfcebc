"""``--format junit``: JUnit XML, the test report GitLab, Jenkins and Azure render.

One test suite, ``registry audit``; one test case per audited model (classname
``registry.<model>``) and one per owner or settings file that has findings. A case
fails when it has findings at or above ``fail_on`` (so the report agrees with the exit
code); findings below it are listed in the case's ``<system-out>``. With ``audit --base``
the report still shows every model as it is (a model that still has errors fails),
marks the findings the branch added ``(new)``, and lists the fixed ones in the suite's
``<system-out>``; the exit code alone fails only on new findings.

A case gets a single ``<failure>`` listing all its failing findings, one per line,
because the JUnit schema allows one per case and Jenkins shows only the first.

The XML is built with :mod:`xml.etree.ElementTree`, which escapes ``<&>"``; card text
is cleaned first, since XML 1.0 cannot hold control characters at all.
"""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from collections.abc import Iterable

from registry.audit import AuditResult
from registry.findings import Finding, Severity
from registry.report import ReportContext
from registry.textsafe import clean

SUITE = "registry audit"

# What clean() leaves that XML 1.0 still forbids: non-characters and lone surrogates.
_NOT_XML = re.compile("[^\t\n\r\x20-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def xml_text(value: object) -> str:
    """Card text made safe for XML: visible escapes for controls, nothing XML forbids."""
    return _NOT_XML.sub(lambda m: f"\\u{ord(m.group(0)):04x}", clean(value))


def at_or_above(finding: Finding, fail_on: str) -> bool:
    return fail_on != "never" and finding.severity.rank >= Severity(fail_on).rank


def _line(finding: Finding, ctx: ReportContext, root: str, new: frozenset[int] = frozenset()) -> str:
    where = ctx.display_path(root, finding.path).replace("\\", "/")
    mark = " (new)" if id(finding) in new else ""
    return xml_text(
        f"{where}:{finding.line}:{finding.column}: {finding.rule} {finding.severity.value}"
        f" {finding.message}{mark}"
    )


def _case(
    suite: ET.Element,
    classname: str,
    name: str,
    file: str | None,
    findings: Iterable[Finding],
    ctx: ReportContext,
    root: str,
    new: frozenset[int] = frozenset(),
) -> bool:
    """Append one test case; returns whether it failed. ``new``: ids of findings a
    ``--base`` comparison found new, marked ``(new)`` on their line."""
    case = ET.SubElement(suite, "testcase", classname=xml_text(classname), name=xml_text(name), time="0")
    if file is not None:
        case.set("file", xml_text(file))
    failing = [f for f in findings if at_or_above(f, ctx.fail_on)]
    others = [f for f in findings if not at_or_above(f, ctx.fail_on)]
    if failing:
        codes = ", ".join(sorted({f.rule for f in failing}))
        noun = "finding" if len(failing) == 1 else "findings"
        fresh = sum(id(f) in new for f in failing)
        added = f" ({fresh} new)" if fresh else ""
        failure = ET.SubElement(
            case,
            "failure",
            message=f"{len(failing)} {noun} at or above '{ctx.fail_on}'{added}: {codes}",
            type=failing[0].rule,
        )
        failure.text = "\n".join(_line(f, ctx, root, new) for f in failing) + "\n"
    if others:
        out = ET.SubElement(case, "system-out")
        out.text = "\n".join(_line(f, ctx, root, new) for f in others) + "\n"
    return bool(failing)


def render(result: AuditResult, ctx: ReportContext) -> str:
    by_model: dict[str, list[Finding]] = {m: [] for m in result.models}
    by_file: dict[str, list[Finding]] = {}
    for f in result.findings:
        if f.model is None:
            by_file.setdefault(f.path, []).append(f)
        else:
            by_model.setdefault(f.model, []).append(f)

    suites = ET.Element("testsuites", name="registry")
    suite = ET.SubElement(suites, "testsuite", name=SUITE)
    props = ET.SubElement(suite, "properties")
    for key, value in (
        ("registry", result.registry),
        ("today", result.today.isoformat()),
        ("revision", result.revision or ""),
        ("fail_on", ctx.fail_on),
    ):
        ET.SubElement(props, "property", name=key, value=xml_text(value))

    comparison = result.comparison
    new = frozenset(id(f) for f in comparison.new) if comparison is not None else frozenset()
    if comparison is not None:
        for key, value in (
            ("base", comparison.base or ""),
            ("ref", comparison.ref),
            ("new", str(len(comparison.new))),
            ("fixed", str(len(comparison.fixed))),
        ):
            ET.SubElement(props, "property", name=key, value=xml_text(value))
    failures = 0
    for model in sorted(by_model):
        card = f"models/{model}/model_card.yaml"
        file = ctx.display_path(result.root, card).replace("\\", "/")
        failures += _case(suite, f"registry.{model}", model, file, by_model[model], ctx, result.root, new)
    for path in sorted(by_file):
        classname = "registry.owners" if path.startswith("owners/") else "registry.settings"
        file = ctx.display_path(result.root, path).replace("\\", "/")
        failures += _case(suite, classname, path, file, by_file[path], ctx, result.root, new)

    tests = len(by_model) + len(by_file)
    for element in (suites, suite):
        element.set("tests", str(tests))
        element.set("failures", str(failures))
        element.set("errors", "0")
        element.set("skipped", "0")
        element.set("time", "0")
    lines = [xml_text(n) for n in result.notes] if not ctx.quiet else []
    if comparison is not None and comparison.fixed:
        lines.append(f"Fixed since {xml_text(comparison.ref)}:")
        lines.extend(_line(f, ctx, result.root) for f in comparison.fixed)
    if lines:
        notes = ET.SubElement(suite, "system-out")
        notes.text = "\n".join(lines) + "\n"
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
