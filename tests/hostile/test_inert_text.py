"""Card text is data: every displayed field shows its characters and makes the terminal do nothing.

One registry carries the same payload (Rich markup, a Textual click action, ANSI CSI and
OSC sequences for clear screen, window title and clipboard, a C1 CSI, bidi overrides,
backspace, DEL) in every field any command displays or echoes: names, purposes, owners,
versions, enum values, keys, metric names, runbook headings, policy section names,
folder and file names, the registry's name. Every command and format must print it
inert (no byte a terminal acts on), visibly (escaped, not dropped) and, in JSON, intact.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pytest
from hostile_corpus import ACTIVE, CLICK, MARKUP, NAME_PAYLOAD, PAYLOAD, build_poisoned
from hostile_support import TODAY, Run, assert_well_behaved, call_cli, cli_env, run_cli

from registry.report import writers


@dataclass
class Poisoned:
    root: Path
    runs: dict[tuple[str, ...], Run]

    def run(self, *args: str, codes: tuple[int, ...] = (0, 1), **env: str) -> Run:
        key = (*args, *sorted(f"{k}={v}" for k, v in env.items()))
        if key not in self.runs:
            ran = run_cli(*args, cwd=self.root, env=cli_env(**env))
            if not env.get("FORCE_COLOR"):
                assert_well_behaved(ran, codes=codes)
            self.runs[key] = ran
        return self.runs[key]


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Poisoned]:
    yield Poisoned(build_poisoned(tmp_path_factory.mktemp("poison") / "registry"), {})


def _visible(text: str) -> None:
    """The payload is shown escaped: markup literally, controls as \\x.. / \\u.... escapes."""
    assert "\\x1b[2J" in text, "escape sequences are shown, not dropped"
    assert "\\u202e" in text
    assert "\\x9b" in text


def _all_strings(data: Any) -> Iterator[str]:
    if isinstance(data, str):
        yield data
    elif isinstance(data, dict):
        for key, value in data.items():
            yield str(key)
            yield from _all_strings(value)
    elif isinstance(data, list):
        for item in data:
            yield from _all_strings(item)


@pytest.mark.parametrize("fmt", sorted(writers()))
def test_audit_output_is_inert(poisoned: Poisoned, fmt: str) -> None:
    ran = poisoned.run("audit", "--today", TODAY, "--format", fmt, "--no-cache")
    assert ran.code == 1
    if fmt == "text":
        _visible(ran.out)
        assert len(ran.out.splitlines()) == ran.out.count("\n"), "one finding, one line"
    if fmt in ("json", "sarif"):
        strings = list(_all_strings(json.loads(ran.out)))
        if fmt == "json":
            # the JSON report keeps the data: a message echoing a value carries it intact
            assert any(PAYLOAD in s for s in strings), "JSON keeps the text, escaped only in bytes"
    if fmt == "github":
        for line in ran.out.splitlines():
            assert not line.startswith("::") or re.match(r"^::(error|warning|notice)( [^:]*)?::", line), line


def test_audit_reports_the_payload_where_it_is_echoed(poisoned: Poisoned) -> None:
    report = json.loads(poisoned.run("audit", "--today", TODAY, "--format", "json", "--no-cache").out)
    assert report["registry"] == PAYLOAD
    echoed = {f["rule"] for f in report["findings"] if "MARKUP" in f["message"]}
    # enum values, unknown keys, unknown owners, runbook sections: each rule quotes the text
    assert {"SCH001", "OWN002", "DOC003"} <= echoed, echoed
    paths = {f["path"] for f in report["findings"]}
    assert f"models/{NAME_PAYLOAD}/model_card.yaml" in paths
    assert f"owners/{NAME_PAYLOAD}.yaml" in paths


@pytest.mark.parametrize("fmt", ["text", "json"])
def test_list_is_inert(poisoned: Poisoned, fmt: str) -> None:
    ran = poisoned.run("list", "--today", TODAY, "--format", fmt)
    assert ran.code == 0
    if fmt == "json":
        rows = json.loads(ran.out)
        assert NAME_PAYLOAD in {r["id"] for r in rows}
        assert PAYLOAD in {r["name"] for r in rows}
    else:
        assert "\\x1b[2J" in ran.out


@pytest.mark.parametrize("folder", ["poisoned", NAME_PAYLOAD, "poisoned-broken"])
@pytest.mark.parametrize("fmt", ["text", "json"])
def test_show_is_inert(poisoned: Poisoned, folder: str, fmt: str) -> None:
    ran = poisoned.run("show", folder, "--today", TODAY, "--format", fmt, codes=(0,))
    if fmt == "json":
        data = json.loads(ran.out)
        assert data["id"] == folder
        if folder != "poisoned-broken":
            assert data["name"] == PAYLOAD
            assert data["owner"]["name"] == PAYLOAD
    else:
        _visible(ran.out)
        if folder == "poisoned":
            assert MARKUP in ran.out and CLICK in ran.out, "markup is shown as typed, never applied"


@pytest.mark.parametrize("fmt", ["text", "github"])
def test_colour_output_has_only_colour_sequences(poisoned: Poisoned, fmt: str) -> None:
    """With colour forced, the only escape sequences are the tool's own SGR colours."""
    for args in (
        ("audit", "--today", TODAY, "--format", fmt, "--no-cache"),
        ("show", "poisoned", "--today", TODAY),
    ):
        ran = poisoned.run(*args, FORCE_COLOR="1")
        assert b"Traceback" not in ran.stderr and ran.code in (0, 1), ran.describe()
        without_sgr = re.sub(rb"\x1b\[[0-9;]*m", b"", ran.stdout)
        assert b"\x1b" not in without_sgr, ran.describe()
        for piece in ACTIVE:
            if piece != "\x1b[5;7m":  # an SGR, removed above; it must not be the payload's either
                assert piece.encode() not in without_sgr
        assert b"\x1b[5;7m" not in ran.stdout


def test_arguments_are_echoed_inertly(poisoned: Poisoned) -> None:
    """Errors quote what the user typed (or a script passed) without running it."""
    for args in (
        ("show", PAYLOAD, "--today", TODAY),
        ("explain", PAYLOAD),
        ("audit", "--today", PAYLOAD),
        ("list", "--owner", PAYLOAD, "--today", TODAY),
    ):
        ran = poisoned.run(*args, codes=(0, 2))
        if ran.code == 2:
            assert "\\x1b" in ran.err, ran.describe()


def test_environment_is_echoed_inertly(poisoned: Poisoned) -> None:
    ran = poisoned.run("audit", codes=(2,), REGISTRY_TODAY=PAYLOAD)
    assert "REGISTRY_TODAY" in ran.err


def test_commands_that_read_no_registry_file(capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    """schema, rules and explain print only the tool's own text; hostile arguments are errors."""
    for name in ("card", "owner", "registry", "runbook"):
        ran = call_cli(capsysbinary, "schema", name)
        assert ran.code == 0 and json.loads(ran.stdout)
    for args in (("rules",), ("rules", "--format", "json"), ("explain", "sch002"), ("explain", " SCH002 ")):
        assert call_cli(capsysbinary, *args).code == 0, args
    for args in (
        ("schema", "../../etc/passwd"),
        ("schema", PAYLOAD),
        ("explain", "../../etc/passwd"),
        ("explain", "X" * 10_000),
        ("explain", PAYLOAD),
    ):
        ran = call_cli(capsysbinary, *args)
        assert ran.code == 2, (args, ran)
        assert "Traceback" not in ran.stderr and ran.stderr.splitlines()[-1].startswith("registry")
