"""``registry list --db``, ``index status`` and ``index forget`` over several registries."""

from __future__ import annotations

import json
import re
from typing import Any

from index_support import Backend

from registry.cli import main
from registry.commands.table import Column, count_style, render


def run(capsys: Any, *argv: str) -> tuple[int, str, str]:
    capsys.readouterr()
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def test_three_registries_listed_together(backend: Backend, make_repo: Any, capsys: Any) -> None:
    roots = [
        make_repo(name, models=2, remote=f"https://git.example/acme/{name}.git") for name in ("a", "b", "c")
    ]
    for root in roots:
        assert run(capsys, "index", "sync", str(root), "--db", backend.url, "--today", "2026-11-24")[0] == 0
    code, out, _ = run(capsys, "list", "--db", backend.url, "--format", "json")
    assert code == 0
    rows = json.loads(out)
    assert [(r["registry"], r["id"]) for r in rows] == [
        ("Registry a", "a-m0"),
        ("Registry a", "a-m1"),
        ("Registry b", "b-m0"),
        ("Registry b", "b-m1"),
        ("Registry c", "c-m0"),
        ("Registry c", "c-m1"),
    ]
    assert rows[0]["findings"] == {"error": 1, "warning": 0, "info": 0}
    code, out, _ = run(capsys, "list", "--db", backend.url)
    assert out.splitlines()[0].split() == [
        "Registry",
        "Model",
        "Stage",
        "Risk",
        "Owner",
        "Errors",
        "Warnings",
        "Info",
    ]
    assert re.search(r"Registry b\s+b-m0\s+production\s+high\s+payments-risk\s+1\s+0\s+0$", out, re.M)
    code, out, _ = run(capsys, "list", "--db", backend.url, "--registry", "Registry c", "--format", "json")
    assert [r["id"] for r in json.loads(out)] == ["c-m0", "c-m1"]
    _, out, _ = run(
        capsys, "list", "--db", backend.url, "--registry", "https://git.example/acme/b", "--format", "json"
    )
    assert [r["id"] for r in json.loads(out)] == ["b-m0", "b-m1"]
    for option, value, expected in (("--stage", "pilot", 0), ("--risk", "high", 6), ("--owner", "nobody", 0)):
        _, out, _ = run(capsys, "list", "--db", backend.url, option, value, "--format", "json")
        assert len(json.loads(out)) == expected, option
    _, out, _ = run(capsys, "list", "--db", backend.url, "--stage", "pilot")
    assert out == "No models match.\n"

    code, out, _ = run(capsys, "index", "status", "--db", backend.url, "--format", "json")
    status = json.loads(out)
    assert [(s["name"], s["key"], s["summary"]["models"]) for s in status] == [
        ("Registry a", "https://git.example/acme/a", 2),
        ("Registry b", "https://git.example/acme/b", 2),
        ("Registry c", "https://git.example/acme/c", 2),
    ]
    assert status[0]["compliant_share"] == 0.5 and len(status[0]["revision"]) == 40
    code, out, _ = run(capsys, "index", "status", "--db", backend.url)
    assert "Registry a" in out and "50%" in out

    code, out, _ = run(capsys, "index", "forget", "Registry b", "--db", backend.url)
    assert code == 0 and "forgot Registry b (https://git.example/acme/b)" in out
    _, out, _ = run(capsys, "list", "--db", backend.url, "--format", "json")
    assert {r["registry"] for r in json.loads(out)} == {"Registry a", "Registry c"}
    code, _, err = run(capsys, "index", "forget", "Registry b", "--db", backend.url)
    assert code == 2 and "no registry named 'Registry b'" in err


def test_forget_refuses_an_ambiguous_name(tmp_path: Any, h: Any, capsys: Any) -> None:
    url = f"sqlite:///{tmp_path}/index.db"
    for folder in ("one", "two"):
        root = h.make_registry(tmp_path, folder=folder)  # both are called "Test registry"
        assert run(capsys, "index", "sync", str(root), "--db", url, "--today", "2026-11-24")[0] == 0
    code, _, err = run(capsys, "index", "forget", "Test registry", "--db", url)
    assert code == 2 and "2 registries are named 'Test registry'" in err
    code, _, _ = run(capsys, "index", "forget", f"file://{tmp_path / 'one'}", "--db", url)
    assert code == 0


def test_the_default_index_needs_no_server(tmp_path: Any, h: Any, capsys: Any) -> None:
    root = h.make_registry(tmp_path)
    code, out, _ = run(capsys, "index", "sync", str(root), "--today", "2026-11-24")
    assert code == 0 and f"sqlite:///{tmp_path}/xdg/registry/index.db" in out
    code, out, _ = run(capsys, "list", "--db")
    assert code == 0 and "fraud-detector" in out
    code, _, err = run(capsys, "list", "--registry", "x")
    assert code == 2 and "--registry needs --db" in err


def test_card_text_is_inert_in_the_index(tmp_path: Any, h: Any, capsys: Any) -> None:
    card = h.baseline_card("evil", owner="own\x1b]0;pwned\x07er", name="Bad\x00name")
    root = h.make_registry(tmp_path, cards={"evil": card})
    url = f"sqlite:///{tmp_path}/index.db"
    assert run(capsys, "index", "sync", str(root), "--db", url, "--today", "2026-11-24")[0] == 0
    _, out, _ = run(capsys, "list", "--db", url)
    assert "\x1b" not in out and "\x07" not in out and "evil" in out


def test_table_renderer_pads_aligns_and_colours() -> None:
    columns = [Column("Name"), Column("Errors", right=True, style=count_style("<R>"))]
    assert render(columns, [["alpha", "12"], ["b", "0"]]) == "Name   Errors\nalpha      12\nb           0\n"
    coloured = render(columns, [["alpha", "12"], ["b", "0"]], color=True)
    assert "<R>12\x1b[0m" in coloured and "<R>0" not in coloured and coloured.startswith("\x1b[1mName")


def test_readers_query_columns_the_tables_have() -> None:
    """read.py writes plain SQL (no SQLModel import); its columns must be the tables' own."""
    from dataclasses import fields

    from registry.findings import Finding
    from registry.index import read, tables
    from registry.status import Counts

    for record, table, skip in (
        (read.RegistryInfo, tables.REGISTRIES, ("counts",)),
        (read.SnapshotPoint, tables.SNAPSHOTS, ()),
        (read.IndexedModelInfo, tables.MODELS, ("registry",)),
        (read.ListedModel, tables.MODELS, ("registry",)),
        (read.IndexedFindingInfo, tables.FINDINGS, ("finding",)),
        (Finding, tables.FINDINGS, ()),
        (read.IndexedOwnerInfo, tables.OWNERS, ()),
    ):
        names = {f.name for f in fields(record)} - set(skip)
        assert names <= set(table.columns.keys()), (record, names - set(table.columns.keys()))
    registry_columns = {f.name for f in fields(read.RegistryInfo) if f.name != "counts"}
    registry_columns |= {f.name for f in fields(Counts)}
    assert registry_columns == set(tables.REGISTRIES.columns.keys())


def test_list_db_imports_neither_sqlmodel_nor_pydantic(tmp_path: Any, h: Any) -> None:
    import subprocess
    import sys

    url = f"sqlite:///{tmp_path}/index.db"
    root = h.make_registry(tmp_path)
    assert main(["index", "sync", str(root), "--db", url, "--today", "2026-11-24"]) == 0
    probe = (
        "import sys; from registry.cli import main; main(['list', '--db', sys.argv[1]]);"
        "print('LOADED', sorted({m.split('.')[0] for m in sys.modules} & {'sqlmodel', 'pydantic'}))"
    )
    ran = subprocess.run([sys.executable, "-c", probe, url], capture_output=True, text=True, check=False)
    assert "fraud-detector" in ran.stdout and "LOADED []" in ran.stdout, ran.stdout + ran.stderr


def test_priority_scores_follow_the_policy_weights(tmp_path: Any, h: Any, capsys: Any) -> None:
    from registry.index.db import open_index
    from registry.index.read import models

    settings = {"registry": 1, "name": "Scored", "policy": {"priority_weights": {"impact": 2}}}
    cards = {
        "scored": h.baseline_card("scored", priority={"impact": 5, "feasibility": 2, "readiness": 3}),
        "partial": h.baseline_card("partial", priority={"impact": 5}),
    }
    root = h.make_registry(tmp_path, settings=settings, cards=cards)
    url = f"sqlite:///{tmp_path}/index.db"
    assert run(capsys, "index", "sync", str(root), "--db", url, "--today", "2026-11-24")[0] == 0
    index = open_index(url)
    try:
        scores = {m.folder: m.priority_score for m in models(index)}
    finally:
        index.close()
    assert scores == {"partial": None, "scored": 3.75}  # (2*5 + 2 + 3) / 4
