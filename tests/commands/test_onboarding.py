"""The first hour of a new user: ``init``, ``new``, the editor's schema, and bad arguments."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
import yaml

from registry.cli import main
from registry.schema import schema_text

MODELINE = "# yaml-language-server: $schema="


def run(capsys: pytest.CaptureFixture[str], *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def one_line(err: str) -> str:
    assert err.startswith("registry: error: ") and err.count("\n") == 1, err
    return err


def schema_of(path: Path) -> Path:
    """The schema file a YAML file's yaml-language-server modeline names (relative to the file)."""
    first = path.read_text(encoding="utf-8").splitlines()[0]
    assert first.startswith(MODELINE), first
    return (path.parent / first[len(MODELINE) :]).resolve()


@pytest.fixture
def fresh(tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.chdir(tmp_path)
    assert run(capsys, "init", "my-registry")[0] == 0
    return tmp_path / "my-registry"


def test_new_with_an_unknown_owner_says_how_to_create_one(
    fresh: Path, capsys: pytest.CaptureFixture[str], h: Any
) -> None:
    code, out, err = run(
        capsys, "new", "fraud-detector", "--owner", "payments-risk", "--registry", str(fresh)
    )
    assert (code, out) == (2, "")
    message = one_line(err)
    assert "owner 'payments-risk' has no record: create it with `registry owner new payments-risk" in message
    assert not (fresh / "models/fraud-detector").exists()
    # the README's flow: the command the message names, then `new` again
    command = message.split("`")[1].replace("NAME", "Payments-Risk").replace("EMAIL", "pr@example.com")
    code, _, err = run(capsys, *command.split()[1:], "--registry", str(fresh))
    assert code == 0, err
    code, out, _ = run(capsys, "new", "fraud-detector", "--owner", "payments-risk", "--registry", str(fresh))
    assert code == 0 and "model_card.yaml" in out


def test_new_refuses_an_inactive_or_unreadable_owner(
    fresh: Path, capsys: pytest.CaptureFixture[str], h: Any
) -> None:
    record = {**h.baseline_owners()["payments-risk"], "active": False}
    (fresh / "owners/payments-risk.yaml").write_bytes(h.dump(record))
    code, _, err = run(capsys, "new", "fraud-detector", "--owner", "payments-risk", "--registry", str(fresh))
    assert (
        code == 2
        and "owner 'payments-risk' is inactive (active: false in owners/payments-risk.yaml)" in one_line(err)
    )
    (fresh / "owners/payments-risk.yaml").write_text("id: [unclosed\n")
    code, _, err = run(capsys, "new", "fraud-detector", "--owner", "payments-risk", "--registry", str(fresh))
    assert code == 2 and "owners/payments-risk.yaml cannot be read" in one_line(err)
    assert not (fresh / "models/fraud-detector").exists()


def test_init_owner_new_and_new_point_editors_at_the_registrys_schemas(
    fresh: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    owner = ("owner", "new", "payments-risk", "--kind", "team", "--name", "Payments Risk ML")
    assert run(capsys, *owner, "--email", "pr@example.com", "--registry", str(fresh))[0] == 0
    assert run(capsys, "new", "fraud-detector", "--owner", "payments-risk", "--registry", str(fresh))[0] == 0
    card = fresh / "models/fraud-detector/model_card.yaml"
    written = (
        (card, "card"),
        (fresh / "registry.yaml", "registry"),
        (fresh / "owners/payments-risk.yaml", "owner"),
    )
    for path, name in written:
        target = schema_of(path)
        assert target == (fresh / ".registry-schemas" / f"{name}.schema.json").resolve()
        assert target.read_text(encoding="utf-8") == schema_text(name)
        # check-jsonschema, a real consumer, validates the file with the schema it names
        done = subprocess.run(
            [sys.executable, "-m", "check_jsonschema", "--schemafile", str(target), str(path)],
            capture_output=True,
            text=True,
            check=False,
        )
        assert done.returncode == 0, done.stdout + done.stderr
    assert yaml.safe_load(card.read_text())["id"] == "fraud-detector"  # the modeline is only a comment
    out = run(capsys, "audit", str(fresh), "--no-cache", "--format", "json")[1]
    assert not [f for f in json.loads(out)["findings"] if f["rule"].startswith("SCH")]


def test_schema_write_refreshes_the_registrys_copies(
    fresh: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    stale = fresh / ".registry-schemas/card.schema.json"
    stale.write_text("{}")
    monkeypatch.chdir(fresh / "models")
    code, out, _ = run(capsys, "schema", "--write")
    assert code == 0 and out == "wrote ../.registry-schemas/card.schema.json\n"
    assert stale.read_text(encoding="utf-8") == schema_text("card")
    assert run(capsys, "schema", "--write")[1] == "../.registry-schemas is up to date\n"
    code, out, err = run(capsys, "schema")
    assert (code, out) == (2, "") and "--write" in one_line(err)


@pytest.mark.parametrize("where", ["models/fraud-detector", "owners", "docs/team-b"])
def test_init_refuses_a_registry_inside_another(
    fresh: Path, capsys: pytest.CaptureFixture[str], where: str
) -> None:
    target = fresh / where
    target.mkdir(parents=True, exist_ok=True)
    code, out, err = run(capsys, "init", str(target))
    assert (code, out) == (2, "")
    assert f"is inside the registry at {fresh.resolve()}" in one_line(err)
    assert not (target / "registry.yaml").exists()
    assert run(capsys, "init", str(fresh.parent / "beside"))[0] == 0


@pytest.mark.parametrize("value", ["0", "-3", "two"])
def test_jobs_must_be_a_whole_number_of_at_least_one(
    fresh: Path, capsys: pytest.CaptureFixture[str], value: str
) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["audit", str(fresh), "--jobs", value])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "argument --jobs" in err and ("at least 1" in err or "whole number" in err)
