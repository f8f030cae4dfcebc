"""Every class of broken or hostile file, in every slot, ends in a precise finding.

One registry holds the whole corpus (each case as a card, an owner file and a runbook)
next to a witness card: a bad file must never stop the audit of the others, so the
witness must get exactly the findings it gets in a clean registry. ``registry.yaml``
cases each get their own registry, since a bad settings file stops the audit (exit 2).
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import pytest
from hostile_corpus import (
    MARKER_NAME,
    RUNBOOK_HOST,
    SECRET,
    Case,
    Env,
    all_cases,
    card_folder,
    dump,
    expected_position,
    hostile_registry,
    make_big_file,
    owner_file,
    place,
    runbook_folder,
    write_base,
)
from hostile_support import TODAY, Captured, ReadSpy, call_cli, deadline

from registry.audit import AuditResult, run_audit
from registry.findings import Finding
from registry.store import load_registry

CASES = all_cases()
AUDIT_DAY = date.fromisoformat(TODAY)


@dataclass
class Corpus:
    root: Path
    env: Env
    result: AuditResult

    def findings(self, path: str) -> list[Finding]:
        return [f for f in self.result.findings if f.path == path]

    def model_findings(self, model: str) -> list[Finding]:
        return [f for f in self.result.findings if f.model == model]


@pytest.fixture(scope="module")
def env(tmp_path_factory: pytest.TempPathFactory) -> Env:
    base = tmp_path_factory.mktemp("hostile")
    outside = base / "outside"
    outside.mkdir()
    return Env(outside=outside, marker=base / MARKER_NAME, big_file=make_big_file(outside))


@pytest.fixture(scope="module")
def corpus(env: Env) -> Corpus:
    root = hostile_registry(env.outside.parent / "registry", env, CASES)
    with deadline():
        result = run_audit(load_registry(root), AUDIT_DAY)
    return Corpus(root, env, result)


def witness_alone(tmp_path: Path) -> list[dict[str, object]]:
    root = write_base(tmp_path / "clean")
    return [f.to_dict() for f in run_audit(load_registry(root), AUDIT_DAY).findings if f.model == "witness"]


def _matches(finding: Finding, rule: str, line: int | None, column: int | None, message: str) -> bool:
    return (
        finding.rule == rule
        and (line is None or finding.line == line)
        and (column is None or finding.column == column)
        and message.lower() in finding.message.lower()
    )


def _show(findings: list[Finding]) -> str:
    return "\n".join(f"  {f.path}:{f.line}:{f.column} {f.rule} {f.message[:120]!r}" for f in findings)


def _params(slot: str) -> list[object]:
    return [pytest.param(c, id=c.name) for c in CASES if slot in c.slots]


# --------------------------------------------------------------------------- cards


@pytest.mark.parametrize("case", _params("card"))
def test_card(corpus: Corpus, case: Case) -> None:
    """A broken card gets one SCH002 at the offending spot and nothing else; others are judged."""
    model = card_folder(case)
    path = f"models/{model}/model_card.yaml"
    found = corpus.model_findings(model)
    expect = case.expect_in("card")
    line, column = expected_position(case, "card")
    assert all(f.path.startswith(f"models/{model}/") for f in found), _show(found)
    if expect.rule == "SCH002":
        assert len(found) == 1, f"a broken card gets only its SCH002:\n{_show(found)}"
        assert found[0].path == path
        assert _matches(found[0], "SCH002", line, column, expect.message), _show(found)
    elif expect.rule is None:
        assert found, "a card that parses is judged by the rules"
        assert not [f for f in found if f.rule == "SCH002"], _show(found)
    else:
        assert any(_matches(f, expect.rule, line, column, expect.message) for f in found), _show(found)
        assert not [f for f in found if f.rule == "SCH002"], _show(found)


# --------------------------------------------------------------------------- owners


@pytest.mark.parametrize("case", _params("owner"))
def test_owner_file(corpus: Corpus, case: Case) -> None:
    """An owner file that cannot be read is one SCH002 in that file, with model null."""
    found = corpus.findings(owner_file(case))
    expect = case.expect_in("owner")
    line, column = expected_position(case, "owner")
    assert all(f.model is None for f in found), _show(found)
    if expect.rule == "SCH002":
        assert len(found) == 1, _show(found)
        assert _matches(found[0], "SCH002", line, column, expect.message), _show(found)
    elif expect.rule is None:
        assert not [f for f in found if f.rule == "SCH002"], _show(found)
    else:
        assert any(_matches(f, expect.rule, line, column, expect.message) for f in found), _show(found)


# --------------------------------------------------------------------------- runbooks


def _runbook_key_position() -> tuple[int, int]:
    text = dump({"id": "x", **RUNBOOK_HOST})
    lines = text.splitlines()
    return next(i + 1 for i, ln in enumerate(lines) if ln.startswith("runbook:")), 1


@pytest.mark.parametrize("case", _params("runbook"))
def test_runbook(corpus: Corpus, case: Case) -> None:
    """A hostile runbook is a finding for its model; the card itself is still judged."""
    model = runbook_folder(case)
    found = corpus.model_findings(model)
    expect = case.expect_in("runbook")
    line, column = expected_position(case, "runbook")
    if expect.card_key:
        path = f"models/{model}/model_card.yaml"
        line, column = _runbook_key_position()
    else:
        path = f"models/{model}/runbook.md"
    if expect.rule is None:
        assert not [f for f in found if f.rule == "SCH002"], _show(found)
        return
    schema_problems = [f for f in found if f.rule == expect.rule and f.path == path]
    assert any(_matches(f, expect.rule, line, column, expect.message) for f in schema_problems), _show(found)
    if expect.rule == "SCH002":
        assert len([f for f in found if f.rule == "SCH002"]) == 1, _show(found)
    # The host card is valid: the broken runbook adds findings, it does not replace the card's.
    assert not [f for f in found if f.path.endswith("model_card.yaml") and f.rule == "SCH001"], _show(found)


# --------------------------------------------------------------------------- the registry as a whole


def test_witness_is_audited_as_if_alone(corpus: Corpus, tmp_path: Path) -> None:
    """No bad file, of any class, in any slot, changes what a good card next to it gets."""
    expected = witness_alone(tmp_path)
    assert expected, "the witness is built to have findings"
    assert [f.to_dict() for f in corpus.model_findings("witness")] == expected


def test_every_model_folder_is_reported(corpus: Corpus) -> None:
    folders = sorted(p.name for p in (corpus.root / "models").iterdir())
    assert sorted(corpus.result.models) == folders
    assert {f.model for f in corpus.result.findings if f.model} <= set(folders)


def test_nothing_was_executed(corpus: Corpus) -> None:
    """Python tags name code to run; the loader builds plain data and never runs it."""
    assert not corpus.env.marker.exists()
    assert not list(corpus.root.rglob(MARKER_NAME))
    assert not list(Path.cwd().glob(MARKER_NAME))


def test_secret_outside_the_registry_is_never_shown(corpus: Corpus) -> None:
    for finding in corpus.result.findings:
        assert SECRET not in repr(finding.to_dict())


def test_engine_gives_the_same_findings_as_the_check_stage(corpus: Corpus) -> None:
    """The engine that `registry audit` runs agrees with the check stage over records read whole."""
    from registry.audit import audit as audit_registry

    with deadline():
        fast = audit_registry(corpus.root, AUDIT_DAY, jobs=1, cache=False)
    assert [f.to_dict() for f in fast.result.findings] == [f.to_dict() for f in corpus.result.findings]


def test_audit_reads_nothing_outside_the_registry(corpus: Corpus, read_spy: ReadSpy) -> None:
    """Links to files, folders and devices outside are refused before a byte is read."""
    run_audit(load_registry(corpus.root), AUDIT_DAY)
    outside = read_spy.outside(corpus.env.outside, Path("/proc"))
    assert not outside, outside
    assert not read_spy.devices(), read_spy.devices()


def test_engine_reads_nothing_outside_the_registry(corpus: Corpus, read_spy: ReadSpy) -> None:
    from registry.audit import audit as audit_registry

    with deadline():
        audit_registry(corpus.root, AUDIT_DAY, jobs=1, cache=False)
    outside = read_spy.outside(corpus.env.outside, Path("/proc"))
    assert not outside, outside
    assert not read_spy.devices(), read_spy.devices()


# --------------------------------------------------------------------------- registry.yaml


def _settings_params() -> list[object]:
    return [pytest.param(c, id=c.name) for c in CASES if "settings" in c.slots]


@pytest.mark.parametrize("case", _settings_params())
def test_settings_file(
    case: Case, env: Env, tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """A bad registry.yaml stops every command with one line on stderr and exit 2."""
    root = write_base(tmp_path / "registry")
    place(root, case, "settings", env)
    for args in (("audit", str(root), "--today", TODAY, "--no-cache"), ("list", str(root), "--today", TODAY)):
        ran: Captured = call_cli(capsysbinary, *args)
        assert ran.code == 2, (args, ran)
        assert ran.stdout == ""
        lines = ran.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("registry: error: "), ran.stderr
        assert "registry.yaml" in lines[0]
        assert SECRET not in ran.stderr
        expect = case.expect_in("settings")
        line, column = expected_position(case, "settings")
        if case.content is not None and expect.rule == "SCH002" and line is not None and column is not None:
            assert f"registry.yaml:{line}:{column}: " in lines[0], lines[0]
    assert not env.marker.exists()


def test_bom_is_simply_ignored_in_every_file(tmp_path: Path) -> None:
    """A UTF-8 byte order mark is legal YAML: every file kind audits exactly as without it."""
    plain = write_base(tmp_path / "plain")
    bom = write_base(tmp_path / "bom")
    for path in [bom / "registry.yaml", *bom.glob("owners/*.yaml"), *bom.glob("models/*/*")]:
        path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    got = run_audit(load_registry(bom), AUDIT_DAY)
    want = run_audit(load_registry(plain), AUDIT_DAY)
    assert [f.to_dict() for f in got.findings] == [f.to_dict() for f in want.findings]
    assert got.registry == want.registry


def test_permission_denied_everywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """An unreadable card, owner or runbook is SCH002; an unreadable registry.yaml is exit 2.

    CI runs as root, where mode 000 does not deny reads, so opening is refused in-process
    for the chosen files instead (and with chmod when not root).
    """
    root = write_base(tmp_path / "registry")
    deny = {
        root / "models" / "witness" / "model_card.yaml",
        root / "owners" / "validators.yaml",
    }
    folder = root / "models" / "rb-denied"
    folder.mkdir()
    (folder / "model_card.yaml").write_text(dump({"id": "rb-denied", **RUNBOOK_HOST}))
    (folder / "runbook.md").write_text("---\nmodel: rb-denied\n---\n")
    deny.add(folder / "runbook.md")
    _deny_reading(monkeypatch, deny)
    result = run_audit(load_registry(root), AUDIT_DAY)
    for path in sorted(deny):
        rel = path.relative_to(root).as_posix()
        found = [f for f in result.findings if f.path == rel]
        assert [(f.rule, f.line, f.column) for f in found] == [("SCH002", 1, 1)], _show(found)
        assert "permission denied" in found[0].message
    assert [f.model for f in result.findings if f.path == "models/witness/model_card.yaml"] == ["witness"]

    _deny_reading(monkeypatch, {root / "registry.yaml"})
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache")
    assert ran.code == 2
    assert ran.stderr.startswith("registry: error: ") and "permission denied" in ran.stderr
    assert len(ran.stderr.splitlines()) == 1


def _deny_reading(monkeypatch: pytest.MonkeyPatch, paths: set[Path]) -> None:
    if os.geteuid() != 0:
        for path in paths:
            path.chmod(0)
        return
    denied = {os.path.realpath(p) for p in paths}
    real_open = os.open

    def guarded(path: object, flags: int, *args: object, **kwargs: object) -> int:
        if isinstance(path, str | bytes | os.PathLike) and os.path.realpath(os.fsdecode(path)) in denied:
            raise PermissionError(13, "Permission denied", os.fsdecode(path))
        return real_open(path, flags, *args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(os, "open", guarded)
