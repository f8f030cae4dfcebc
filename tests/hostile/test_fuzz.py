"""Fuzz the loader and the whole audit with generated YAML; nothing may escape but a finding.

Two generators feed both targets: structured cards (mappings and lists of awkward
scalars under keys drawn from the card schema, dumped as YAML in random styles) and raw
text mutations (YAML syntax, aliases, tags, tabs, quotes, control and bidi characters
spliced into a valid card). The loader may only return a Document or raise LoadError;
the audit of a registry holding the text as a card, an owner file and a runbook must
return findings for it, and its reports must be inert. Bounded: a few hundred examples,
a per-example deadline, no example database written to the working tree.
"""

from __future__ import annotations

import contextlib
import json
import math
import os
import re
import shutil
import tempfile
from collections.abc import Iterator
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
import yaml
from hostile_corpus import RUNBOOK_HOST, WITNESS, dump, write_base
from hostile_support import TODAY, assert_inert
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from registry.audit import run_audit
from registry.loader import Document, LoadError, decode, parse_markdown, parse_yaml
from registry.report import ReportContext, json_report
from registry.report import text as text_report
from registry.schema import schema
from registry.show import ModelView, render_model
from registry.store import load_registry

AUDIT_DAY = date.fromisoformat(TODAY)
FUZZ = settings(
    max_examples=int(os.environ.get("REGISTRY_FUZZ_EXAMPLES", "200")),
    deadline=timedelta(seconds=2),
    database=None,  # nothing written to .hypothesis/ in the checkout
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


def _schema_keys() -> list[str]:
    keys: set[str] = set()

    def walk(node: Any) -> None:
        if isinstance(node, dict):
            props = node.get("properties")
            if isinstance(props, dict):
                keys.update(props)
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(schema("card"))
    return sorted(keys)


KEYS = _schema_keys()
HOSTILE_TEXT = st.sampled_from(
    [
        "\x1b[2J",
        "\x1b]0;title\x07",
        "\x9b",
        "\u202e",
        "[bold]x[/]",
        "[@click=app.quit]",
        "\x00",
        "\ud800",
        "2026-13-45",
        "yes",
        "~",
        "-",
        "",
        " ",
        "\t",
        "\n",
    ]
)
SCALARS = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(min_value=-(10**80), max_value=10**80),
    st.floats(allow_nan=True, allow_infinity=True),
    st.dates().map(str),
    st.text(max_size=40),
    HOSTILE_TEXT,
    st.sampled_from(["production", "pilot", "proposed", "retired", "high", "low", "pass", "fail"]),
)
KEY = st.one_of(st.sampled_from(KEYS), st.text(min_size=1, max_size=12), HOSTILE_TEXT.filter(bool))
VALUES = st.recursive(
    SCALARS,
    lambda children: st.one_of(st.lists(children, max_size=4), st.dictionaries(KEY, children, max_size=5)),
    max_leaves=25,
)
CARDS = st.dictionaries(KEY, VALUES, max_size=12)


@st.composite
def structured_yaml(draw: st.DrawFn) -> str:
    """A card-shaped mapping dumped as YAML, block or flow, quoted or not."""
    card = draw(CARDS)
    flow = draw(st.sampled_from([False, True, None]))
    try:
        return yaml.safe_dump(
            card, default_flow_style=flow, allow_unicode=draw(st.booleans()), sort_keys=False
        )
    except (yaml.YAMLError, UnicodeEncodeError):  # e.g. a lone surrogate PyYAML cannot emit
        return yaml.safe_dump(card, default_flow_style=flow, allow_unicode=False, sort_keys=False)


SPLICES = st.sampled_from(
    [
        ":",
        ": ",
        "- ",
        "&a ",
        "*a",
        "*b",
        "!!",
        "!!python/object/apply:os.system ",
        "!x ",
        "\t",
        "'",
        '"',
        "{",
        "}",
        "[",
        "]",
        ",",
        "\n",
        "\n  ",
        "---\n",
        "...\n",
        "? ",
        "|",
        ">-",
        "%YAML 1.2\n",
        "\ufeff",
        "\x1b[2J",
        "\x85",
        "\u2028",
        "\u202e",
        "é",
        "🙂",
        "<<: *a\n",
        "#",
        "\\",
        "0x",
        "9" * 70,
    ]
)
SEED = dump(WITNESS)


@st.composite
def mutated_yaml(draw: st.DrawFn) -> str:
    """A valid card with random YAML-significant text spliced in and pieces cut out."""
    text = draw(st.one_of(st.just(SEED), structured_yaml()))
    for _ in range(draw(st.integers(min_value=1, max_value=8))):
        at = draw(st.integers(min_value=0, max_value=len(text)))
        if draw(st.booleans()):
            text = text[:at] + draw(SPLICES) + text[at:]
        else:
            text = text[:at] + text[at + draw(st.integers(min_value=1, max_value=6)) :]
    return text


YAML_TEXT = st.one_of(structured_yaml(), mutated_yaml(), st.text(max_size=200))


def _check_document(doc: Document, text: str) -> None:
    lines = len(re.split(r"\r\n|\r|\n", text))
    for line, column in [*doc.keys.values(), *doc.values.values()]:
        assert 1 <= line <= lines + 1 and column >= 1
    json.dumps(doc.data, allow_nan=True)  # plain, JSON-shaped data only


@FUZZ
@given(YAML_TEXT)
def test_loader_returns_a_document_or_a_load_error(text: str) -> None:
    try:
        doc = parse_yaml(text, "fuzz.yaml")
    except LoadError as exc:
        assert exc.message and "\n" not in exc.message
        assert exc.line >= 1 and exc.column >= 1
    else:
        _check_document(doc, text)
    with contextlib.suppress(LoadError):
        parse_markdown(f"---\n{text}\n---\n## Fallback\n", "runbook.md")


@FUZZ
@given(st.binary(max_size=300) | YAML_TEXT.map(lambda t: t.encode("utf-8", "surrogatepass")))
def test_bytes_decode_then_parse(raw: bytes) -> None:
    with contextlib.suppress(LoadError):
        parse_yaml(decode(raw), "fuzz.yaml")


@pytest.fixture(scope="module")
def fuzz_root() -> Iterator[Path]:
    """One registry reused by every example (hypothesis runs many examples per test call)."""
    base = Path(tempfile.mkdtemp(prefix="registry-fuzz-"))
    root = write_base(base / "registry")
    for folder in ("fuzz", "fuzz-runbook"):
        (root / "models" / folder).mkdir()
    (root / "models" / "fuzz-runbook" / "model_card.yaml").write_text(
        dump({"id": "fuzz-runbook", **RUNBOOK_HOST})
    )
    yield root
    shutil.rmtree(base)


@settings(
    FUZZ,
    max_examples=FUZZ.max_examples // 2,
    suppress_health_check=[*FUZZ.suppress_health_check, HealthCheck.function_scoped_fixture],
)
@given(source=YAML_TEXT)
def test_audit_always_ends_in_findings(fuzz_root: Path, source: str) -> None:
    raw = source.encode("utf-8", "surrogatepass")
    (fuzz_root / "models" / "fuzz" / "model_card.yaml").write_bytes(raw)
    (fuzz_root / "owners" / "fuzz.yaml").write_bytes(raw)
    (fuzz_root / "models" / "fuzz-runbook" / "runbook.md").write_bytes(
        b"---\n" + raw + b"\n---\n## Fallback\n"
    )
    registry = load_registry(fuzz_root)
    result = run_audit(registry, AUDIT_DAY)
    mine = [f for f in result.findings if f.model == "fuzz"]
    card = registry.models["fuzz"]
    if card.broken:
        assert [f.rule for f in mine] == ["SCH002"]
    else:
        assert mine or not card.schema_errors
    for finding in result.findings:
        assert finding.line >= 1 and finding.column >= 1
        assert not math.isnan(finding.line)
    assert any(f.model == "witness" for f in result.findings), "the good card is still judged"
    ctx = ReportContext(cwd=fuzz_root)
    for rendered in (text_report.render(result, ctx), json_report.render(result, ctx)):
        assert_inert(rendered.encode("utf-8"))
    for folder in ("fuzz", "fuzz-runbook"):
        own = [f for f in result.findings if f.model == folder]
        view = ModelView(registry.models[folder], registry.owners, own)
        for fmt in ("text", "json"):
            assert_inert(render_model(view, fmt=fmt).encode("utf-8"))
