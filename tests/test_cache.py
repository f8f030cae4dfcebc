"""A warm audit never lies: edits during a run, links, damaged entries, one read per file.

Each test compares a warm (cached) audit with a cold one (``cache=False``) after
something that a stat-data cache could miss. The races are made deterministic by
editing files from inside the engine, right after a card was read.
"""

from __future__ import annotations

import os
import random
import shutil
from collections.abc import Callable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from git_support import Repo
from registry_support import TODAY, copy_sample

from registry import cache, cache_file, parallel
from registry.audit import audit


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "reg")


def rows(root: Path, **kw: Any) -> list[dict[str, object]]:
    return [f.to_dict() for f in audit(root, TODAY, **kw).result.findings]


def cold(root: Path) -> list[dict[str, object]]:
    return rows(root, cache=False)


@pytest.fixture
def after_read(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[Callable[[str], None]]]:
    """Actions run inside the engine right after a card was read, before it is recorded."""
    actions: list[Callable[[str], None]] = []
    real = parallel.load_card

    def reading(src: Any, folder: str) -> Any:
        card = real(src, folder)
        for action in actions:
            action(folder)
        return card

    monkeypatch.setattr(parallel, "load_card", reading)
    yield actions


# --------------------------------------------------------------------------- item 1: edits during a run


def test_an_edit_landing_while_the_card_is_audited_is_seen_by_the_next_warm_run(
    reg: Path, after_read: list[Callable[[str], None]]
) -> None:
    card = reg / "models" / "card-fraud-detector" / "model_card.yaml"
    text = card.read_text()
    assert "owner: payments-risk\n" in text
    edited = text.replace("owner: payments-risk\n", "owner: nobody-at-all\n", 1)

    def save_now(folder: str) -> None:
        if folder == "card-fraud-detector" and card.read_text() != edited:
            card.write_text(edited)

    after_read.append(save_now)
    first = rows(reg)  # judged the card as read, before the save
    assert not any(f["rule"] == "OWN002" for f in first)
    after_read.clear()
    warm = rows(reg)
    assert any(f["rule"] == "OWN002" and f["model"] == "card-fraud-detector" for f in warm)
    assert warm == cold(reg)


def test_a_same_size_edit_within_the_timestamp_resolution_is_caught_by_the_digest(reg: Path) -> None:
    """Coarse file-system clocks can leave stat data unchanged: recent files are checked by content."""
    audit(reg, TODAY)
    card = reg / "models" / "card-fraud-detector" / "model_card.yaml"
    text = card.read_text()
    card.write_text(text.replace("owner: payments-risk\n", "owner: payments-rizk\n", 1))  # same size
    # Simulate a clock that did not tick: the cache's signature is the file's current one.
    data = cache_file.load(reg)
    assert data is not None
    entry = data["cards"]["card-fraud-detector"]
    assert entry["digest"], "a card written a moment ago is racy: its digest is kept"
    entry["probe"][0][1] = cache.path_sig(str(card))
    cache_file.store(reg, data)
    assert rows(reg) == cold(reg)
    assert any(f["rule"] == "OWN002" and f["model"] == "card-fraud-detector" for f in rows(reg))


def test_settled_files_are_trusted_by_stat_data_alone(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = audit(reg, TODAY)
    monkeypatch.setattr(cache, "RACY_NS", -(10**18))  # as if every file were old
    settled = audit(reg, TODAY)
    assert settled.cache_hits == len(first.result.models)
    data = cache_file.load(reg)
    assert data is not None
    assert all(entry["digest"] is None for entry in data["cards"].values())
    assert data["owner_sigs"] is not None


# --------------------------------------------------------------------------- item 2: links


def test_replacing_a_refused_runbook_link_by_a_file_is_seen(reg: Path) -> None:
    folder = reg / "models" / "card-fraud-detector"
    card = folder / "model_card.yaml"
    card.write_text(card.read_text().replace("runbook: runbook.md", "runbook: ops.md"))
    (folder / "ops.md").symlink_to("runbook.md")
    assert any("is a symbolic link" in str(f["message"]) for f in rows(reg))
    (folder / "ops.md").unlink()
    shutil.copy(folder / "runbook.md", folder / "ops.md")
    assert rows(reg) == cold(reg)
    assert not any("is a symbolic link" in str(f["message"]) for f in rows(reg))


@pytest.mark.parametrize("step", ["create", "delete"])
def test_a_dangling_default_runbook_link_is_seen(reg: Path, step: str) -> None:
    folder = reg / "models" / "churn-predictor"
    card = folder / "model_card.yaml"
    card.write_text("".join(ln for ln in card.read_text().splitlines(True) if not ln.startswith("runbook:")))
    for name in os.listdir(folder):
        if name.endswith(".md"):
            os.unlink(folder / name)
    link = folder / "runbook.md"
    if step == "delete":
        link.symlink_to("nowhere.md")
    audit(reg, TODAY)
    if step == "create":
        link.symlink_to("nowhere.md")
    else:
        link.unlink()
    assert rows(reg) == cold(reg)


# --------------------------------------------------------------------------- item 5: one read per file


def test_val005_judges_the_bytes_the_audit_read(reg: Path, after_read: list[Callable[[str], None]]) -> None:
    """A save between two reads cannot mix versions: VAL005 hashes the bytes already read."""
    repo = Repo(reg)
    repo.commit("import", "2026-01-10T12:00:00+00:00")
    card = reg / "models" / "credit-limit-increase" / "model_card.yaml"
    validated = card.read_bytes()
    card.write_text(card.read_text().replace("purpose:", "purpose: Reworded.\nx-old-purpose:", 1))
    repo.commit("reword the purpose", "2026-11-20T12:00:00+00:00")

    def revert(folder: str) -> None:  # a save restoring the validated bytes, just after the read
        if folder == "credit-limit-increase":
            card.write_bytes(validated)

    after_read.append(revert)
    found = rows(reg, cache=False)
    assert any(f["rule"] == "VAL005" and f["model"] == "credit-limit-increase" for f in found)


def test_each_card_is_read_once_per_run(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from registry import loader

    opened: list[str] = []
    real = loader.read_bytes

    def counting(root: Path, rel: str, **kw: Any) -> bytes:
        opened.append(rel)
        return real(root, rel, **kw)

    monkeypatch.setattr(loader, "read_bytes", counting)
    monkeypatch.setattr(cache, "read_bytes", counting)
    import registry.store

    monkeypatch.setattr(registry.store, "read_bytes", counting)
    audit(reg, TODAY, cache=False)
    cards = [rel for rel in opened if rel.endswith("model_card.yaml")]
    assert cards and len(cards) == len(set(cards))


# --------------------------------------------------------------------------- item 6: damaged entries


def _damage(entry: dict[str, Any], how: str) -> None:
    if how == "summary-list":
        entry["summary"][2] = ["a", "list"]
    elif how == "summary-short":
        entry["summary"] = entry["summary"][:-1]
    elif how == "finding-types":
        entry["findings"] = [["OWN001", "error", "x", "1", 1, "m", "f"]]
    elif how == "finding-severity":
        entry["findings"] = [["OWN001", "fatal", "x", 1, 1, "m", "f"]]
    elif how == "probe-missing":
        entry["probe"] = []
    elif how == "probe-shape":
        entry["probe"][0] = {"path": 1}
    elif how == "not-a-mapping":
        entry.clear()
    elif how == "digest-type":
        entry["digest"] = 5


@pytest.mark.parametrize(
    "how",
    [
        "summary-list",
        "summary-short",
        "finding-types",
        "finding-severity",
        "probe-missing",
        "probe-shape",
        "not-a-mapping",
        "digest-type",
    ],
)
def test_a_damaged_entry_is_recomputed(reg: Path, how: str) -> None:
    audit(reg, TODAY)
    data = cache_file.load(reg)
    assert data is not None
    for entry in data["cards"].values():
        _damage(entry, how)
    data["owner_findings"] = [[1, 2, 3]]
    cache_file.store(reg, data)
    assert rows(reg) == cold(reg)
    again = audit(reg, TODAY)
    assert [f.to_dict() for f in again.result.findings] == cold(reg)


# --------------------------------------------------------------------------- waivers quoted for SARIF

WAIVED = "card-fraud-detector"  # its BIA002 waiver silences a finding on TODAY


def _damage_quotes(entry: dict[str, Any], how: str) -> None:
    if how == "missing":
        del entry["waivers"]
    elif how == "not-strings":
        entry["waivers"][0][1] = 5
    elif how == "short":
        entry["waivers"][0] = entry["waivers"][0][:3]
    elif how == "other-rule":
        entry["waivers"][0][0] = "OWN004"
    elif how == "extra":
        entry["waivers"].append(["VAL001", "made up", "nobody", "2099-01-01"])


@pytest.mark.parametrize("how", ["missing", "not-strings", "short", "other-rule", "extra"])
def test_a_warm_run_quotes_the_waivers_of_the_cold_one_or_recomputes(reg: Path, how: str) -> None:
    """SARIF's suppressions come from the cache on a warm run: an entry whose quotes do not
    match its waived findings exactly (one per rule) is checked again, not trusted."""
    first = audit(reg, TODAY)
    quoted = first.result.suppressions
    assert [(s.model, s.rule, s.approved_by, s.expires) for s in quoted] == [
        (WAIVED, "BIA002", "model-risk-office", "2027-01-31")
    ]
    assert quoted[0].reason.startswith("Bias re-test rescheduled to run on 3.3.0")
    warm = audit(reg, TODAY)
    assert warm.cache_misses == 0 and warm.result.suppressions == quoted
    data = cache_file.load(reg)
    assert data is not None and isinstance(data["cards"], dict)
    assert [f for f, e in data["cards"].items() if "waivers" in e] == [WAIVED]  # no bytes for the others
    _damage_quotes(data["cards"][WAIVED], how)
    cache_file.store(reg, data)
    again = audit(reg, TODAY)
    assert again.cache_misses == 1 and again.result.suppressions == quoted


def test_a_cache_of_the_format_before_quotes_is_recomputed(reg: Path) -> None:
    """Format 7 entries hold no quotes: reusing them would lose SARIF's justifications."""
    quoted = audit(reg, TODAY).result.suppressions
    path = reg / cache.CACHE_DIR / cache.CACHE_FILE
    head, rest = path.read_bytes().split(b"\n", 1)
    assert head.startswith(b'{"format":8,')
    path.write_bytes(head.replace(b'{"format":8,', b'{"format":7,', 1) + b"\n" + rest)
    older = audit(reg, TODAY)
    assert older.cache_hits == 0 and older.result.suppressions == quoted


# --------------------------------------------------------------------------- stress


def test_random_edits_interleaved_with_warm_audits_never_differ_from_cold(
    reg: Path, after_read: list[Callable[[str], None]]
) -> None:
    """Random edits between runs and during them; every warm result equals a cold one."""
    rng = random.Random(12)
    folders = sorted(p.name for p in (reg / "models").iterdir())
    owners = sorted((reg / "owners").glob("*.yaml"))
    originals = {p: p.read_bytes() for p in reg.rglob("*") if p.is_file()}

    def edit(_: str = "") -> None:
        kind = rng.choice(["owner", "purpose", "runbook", "restore", "owner-file", "link", "none"])
        folder = reg / "models" / rng.choice(folders)
        card = folder / "model_card.yaml"
        if kind == "owner" and card.is_file():
            text = card.read_text()
            card.write_text(text.replace("owner:", f"owner: x{rng.randint(0, 9)}\nx-was-owner:", 1))
        elif kind == "purpose" and card.is_file():
            card.write_text(card.read_text().replace("purpose:", "x-purpose:", 1))
        elif kind == "runbook" and (folder / "runbook.md").is_file():
            runbook = folder / "runbook.md"
            runbook.write_text(runbook.read_text().replace("## Rollback", "## Roll back", 1))
        elif kind == "restore":
            path = rng.choice(list(originals))
            if path.is_symlink():
                path.unlink()
            path.write_bytes(originals[path])
        elif kind == "owner-file":
            owner = rng.choice(owners)
            owner.write_text(owner.read_text() + f"\nx-note: {rng.randint(0, 99)}\n")
        elif kind == "link":
            link = folder / "runbook.md"
            if link.is_symlink() or link.exists():
                link.unlink()
            link.symlink_to(rng.choice(["nowhere.md", "model_card.yaml"]))

    for step in range(40):
        if step % 3 == 0:
            after_read.append(lambda folder: edit(folder) if rng.random() < 0.2 else None)
        rows(reg)  # a warm run, perhaps with edits landing during it
        after_read.clear()
        assert rows(reg) == cold(reg), f"step {step}"
        edit()
        assert rows(reg) == cold(reg), f"step {step} after an edit"


# --------------------------------------------------------------------------- item 7: stale caches


def test_a_stale_cache_is_never_parsed(reg: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Only the small first line of a cache written for another day is read."""
    audit(reg, TODAY)
    parsed: list[object] = []
    real = cache.read_cards

    def spy(root: Path, header: object) -> dict[str, object]:
        parsed.append(header)
        return real(root, header)  # type: ignore[arg-type]

    monkeypatch.setattr(cache, "read_cards", spy)
    audit(reg, date(2026, 11, 25))
    assert parsed == []
    audit(reg, date(2026, 11, 25))  # now current: its cards are read
    assert len(parsed) == 1
