"""Paths written in cards, and folders that are not what they seem, never lead outside the registry.

A card names its runbook; a reviewer of a pull request may not notice ``../../`` or a
link. Whatever the path, the runbook is read only when it is a regular file inside the
model's folder; otherwise the card gets an SCH002 at its ``runbook`` key (or at the
runbook file) and the rest of the card is judged as usual.
"""

from __future__ import annotations

import json
import os
from collections.abc import Callable
from datetime import date
from pathlib import Path

import pytest
from hostile_corpus import RUNBOOK_HOST, SECRET, dump, write_base
from hostile_support import TODAY, ReadSpy, call_cli

from registry.audit import run_audit
from registry.findings import Finding
from registry.report import writers
from registry.store import load_registry

AUDIT_DAY = date.fromisoformat(TODAY)


def _outside(root: Path) -> Path:
    outside = root.parent / "outside"
    outside.mkdir(exist_ok=True)
    (outside / "secret.md").write_text(f"---\nmodel: x\n---\n## {SECRET}\n")
    return outside


def _fifo(name: str) -> Callable[[Path], None]:
    return lambda folder: os.mkfifo(folder / name)


def _link(name: str, target: Callable[[Path], str]) -> Callable[[Path], None]:
    return lambda folder: os.symlink(target(folder), folder / name)


RUNBOOK_PATHS: list[tuple[str, object, Callable[[Path], None] | None, str]] = [
    # id, runbook value, what to create in the model's folder, expected message
    ("parent-escape", "../../../outside/secret.md", None, "leaves the model's folder"),
    ("sibling-model", "../witness/runbook.md", None, "leaves the model's folder"),
    ("dotdot-inside", "sub/../../witness/runbook.md", None, "leaves the model's folder"),
    ("absolute", "/etc/passwd", None, "is absolute"),
    ("absolute-device", "/dev/zero", None, "is absolute"),
    ("home", "~root/.ssh/id_rsa", None, "is absolute"),
    ("backslashes", "..\\..\\outside\\secret.md", None, "is absolute"),
    ("nul", "runbook\x00.md", None, "NUL"),
    ("name-too-long", "r" * 5_000 + ".md", None, "not a usable path"),
    ("path-too-long", "r/" * 3_000 + "runbook.md", None, "not a usable path"),
    ("link-to-device", "zero.md", _link("zero.md", lambda f: "/dev/zero"), "symbolic link"),
    (
        "link-outside",
        "out.md",
        _link("out.md", lambda f: str(_outside(f.parents[2]) / "secret.md")),
        "symbolic link",
    ),
    ("linked-folder", "sub/secret.md", _link("sub", lambda f: str(_outside(f.parents[2]))), "symbolic link"),
    ("fifo", "pipe.md", _fifo("pipe.md"), "FIFO"),
    ("the-folder-itself", ".", None, "not a regular file"),
    (
        "default-runbook-link",
        None,
        _link("runbook.md", lambda f: str(_outside(f.parents[2]) / "secret.md")),
        "link",
    ),
    ("default-runbook-fifo", None, _fifo("runbook.md"), "FIFO"),
]


def _registry(tmp_path: Path, value: object, make: Callable[[Path], None] | None) -> Path:
    root = write_base(tmp_path / "registry")
    _outside(root)
    folder = root / "models" / "hostile-path"
    folder.mkdir()
    card: dict[str, object] = {"id": "hostile-path", **RUNBOOK_HOST}
    if value is None:
        del card["runbook"]
    else:
        card["runbook"] = value
    (folder / "model_card.yaml").write_text(dump(card))
    if make is not None:
        make(folder)
    return root


def _model(findings: list[Finding]) -> list[Finding]:
    return [f for f in findings if f.model == "hostile-path"]


@pytest.mark.parametrize(("value", "make", "message"), [pytest.param(*p[1:], id=p[0]) for p in RUNBOOK_PATHS])
def test_runbook_path(
    tmp_path: Path, read_spy: ReadSpy, value: object, make: Callable[[Path], None] | None, message: str
) -> None:
    root = _registry(tmp_path, value, make)
    result = run_audit(load_registry(root), AUDIT_DAY)
    found = _model(result.findings)
    problems = [f for f in found if f.rule == "SCH002"]
    assert len(problems) == 1, found
    assert message.lower() in problems[0].message.lower(), problems[0]
    if value is not None and problems[0].path.endswith("model_card.yaml"):
        text = (root / "models" / "hostile-path" / "model_card.yaml").read_text()
        line = next(i for i, ln in enumerate(text.splitlines(), 1) if ln.startswith("runbook:"))
        assert (problems[0].line, problems[0].column) == (line, 1)
    # the rest of the card is still judged (the host is a pilot: DOC003 needs a runbook to read)
    assert not [f for f in found if f.rule == "SCH001"], found
    assert all(SECRET not in f.message for f in result.findings)
    assert not read_spy.outside(root.parent / "outside"), read_spy.opened
    assert not read_spy.devices()


@pytest.mark.parametrize("value", [5, ["runbook.md"], {"path": "runbook.md"}, True, 1.5])
def test_runbook_that_is_not_text(tmp_path: Path, value: object) -> None:
    root = _registry(tmp_path, value, None)
    found = _model(run_audit(load_registry(root), AUDIT_DAY).findings)
    assert [f.rule for f in found if f.rule.startswith("SCH")] == ["SCH001"], found


@pytest.mark.parametrize("value", ["", "   "])
def test_blank_runbook_means_the_default(tmp_path: Path, value: str) -> None:
    root = _registry(tmp_path, value, None)
    found = _model(run_audit(load_registry(root), AUDIT_DAY).findings)
    assert not [f for f in found if f.rule == "SCH002"], found


# --------------------------------------------------------------------------- folders


def test_model_folder_linked_outside(tmp_path: Path, read_spy: ReadSpy) -> None:
    """A model folder that is a link out of the registry: its card is refused, not read."""
    root = write_base(tmp_path / "registry")
    outside = _outside(root)
    (outside / "model_card.yaml").write_text(f"id: linked\nname: {SECRET}\n")
    os.symlink(outside, root / "models" / "linked")
    result = run_audit(load_registry(root), AUDIT_DAY)
    found = [f for f in result.findings if f.model == "linked"]
    assert [(f.rule, f.path) for f in found] == [("SCH002", "models/linked/model_card.yaml")]
    assert "outside the registry" in found[0].message
    assert not read_spy.outside(outside)


@pytest.mark.parametrize("folder", ["models", "owners"])
def test_registry_folder_linked_outside(
    tmp_path: Path, folder: str, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    """models/ or owners/ as a link out: nothing in it is read and no name from it is shown."""
    root = write_base(tmp_path / "registry")
    outside = _outside(root) / folder
    (root / folder).rename(outside)
    (outside / f"{SECRET}.yaml").write_text("id: x\n")
    (outside / SECRET).mkdir()
    (outside / SECRET / "model_card.yaml").write_text("id: x\n")
    os.symlink(outside, root / folder)
    for args in (("audit", str(root), "--today", TODAY, "--no-cache"), ("list", str(root), "--today", TODAY)):
        ran = call_cli(capsysbinary, *args)
        assert "Traceback" not in ran.stderr
        assert SECRET not in ran.stdout + ran.stderr, ran
        assert ran.code in (1, 2), ran


def test_registry_file_linked_outside(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    root = write_base(tmp_path / "registry")
    outside = _outside(root)
    (outside / "registry.yaml").write_text(f"registry: 1\nname: {SECRET}\n")
    (root / "registry.yaml").unlink()
    os.symlink(outside / "registry.yaml", root / "registry.yaml")
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache")
    assert ran.code == 2 and SECRET not in ran.stderr and "outside the registry" in ran.stderr


def test_ids_that_differ_only_in_case(tmp_path: Path) -> None:
    """On a case-insensitive checkout these would collide; here each is flagged, neither lost."""
    root = write_base(tmp_path / "registry")
    for folder in ("Witness", "WITNESS"):
        (root / "models" / folder).mkdir()
        (root / "models" / folder / "model_card.yaml").write_text(dump({"id": "witness", **RUNBOOK_HOST}))
    (root / "owners" / "Team-A.yaml").write_text(
        dump({"id": "Team-A", "kind": "team", "name": "x", "email": "x@y"})
    )
    result = run_audit(load_registry(root), AUDIT_DAY)
    for folder in ("Witness", "WITNESS"):
        messages = [f.message for f in result.findings if f.model == folder and f.rule == "SCH003"]
        assert any("not a valid id" in m for m in messages), messages
        assert any("also used by another model" in m or "differs from its folder" in m for m in messages)
    owner = [f for f in result.findings if f.path == "owners/Team-A.yaml" and f.rule == "SCH003"]
    assert owner, result.findings
    # the real witness is still audited as itself
    assert any(f.model == "witness" for f in result.findings)


def _odd_names(root: Path) -> list[str]:
    names = ["--output=x", "-rf", "a\nb", "tab\there", " spaced ", "x" * 255]
    for name in names:
        (root / "models" / name).mkdir()
        (root / "models" / name / "model_card.yaml").write_text("id: x\n")
    raw = os.fsencode(root / "models") + b"/bad-\xff\xfe"
    os.mkdir(raw)
    with open(raw + b"/model_card.yaml", "w") as handle:
        handle.write("id: x\n")
    return [*names, os.fsdecode(b"bad-\xff\xfe")]


@pytest.mark.parametrize("fmt", [f for f in sorted(writers()) if f != "sarif"])
def test_hostile_folder_names(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes], fmt: str) -> None:
    """Folder names that are options, newlines, escapes or not UTF-8 at all are just names."""
    root = write_base(tmp_path / "registry")
    names = _odd_names(root)
    assert set(names) <= set(run_audit(load_registry(root), AUDIT_DAY).models)
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache", "--format", fmt)
    assert ran.code == 1, ran
    assert "--output=x" in ran.stdout
    assert "bad-\\xff\\xfe" in ran.stdout or "bad-\\udcff\\udcfe" in ran.stdout, "shown escaped"
    if fmt == "json":
        models = {f["model"] for f in json.loads(ran.stdout)["findings"]}
        assert set(names) <= models
    for args in (
        ("list", str(root), "--today", TODAY),
        ("list", str(root), "--today", TODAY, "--format", "json"),
    ):
        listed = call_cli(capsysbinary, *args)
        assert listed.code == 0 and "--output=x" in listed.stdout
    shown = call_cli(capsysbinary, "show", "--registry", str(root), "--today", TODAY, "--", "--output=x")
    assert shown.code == 0


def test_sarif_with_a_folder_name_that_is_not_utf8(
    tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]
) -> None:
    root = write_base(tmp_path / "registry")
    _odd_names(root)
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache", "--format", "sarif")
    assert ran.code == 1, ran


def test_owner_file_name_that_is_not_utf8(tmp_path: Path, capsysbinary: pytest.CaptureFixture[bytes]) -> None:
    root = write_base(tmp_path / "registry")
    with open(os.fsencode(root / "owners") + b"/owner-\xff.yaml", "w") as handle:
        handle.write("id: x\n")
    ran = call_cli(capsysbinary, "audit", str(root), "--today", TODAY, "--no-cache")
    assert ran.code == 1, ran
    assert "owner-\\xff" in ran.stdout
