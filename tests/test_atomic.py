"""Every file the tool writes lands whole, with the mode its readers expect, never over a newcomer."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from registry import atomic


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_create_writes_a_new_file_with_the_umask_mode_not_mkstemps_0600(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        atomic.create(tmp_path / "card.yaml", b"id: x\n")
    finally:
        os.umask(old)
    assert (tmp_path / "card.yaml").read_bytes() == b"id: x\n"
    assert mode(tmp_path / "card.yaml") == 0o644
    assert leftovers(tmp_path) == []


def test_create_never_replaces_a_file_that_exists(tmp_path: Path) -> None:
    target = tmp_path / "card.yaml"
    target.write_bytes(b"someone else's\n")
    with pytest.raises(FileExistsError):
        atomic.create(target, b"ours\n")
    assert target.read_bytes() == b"someone else's\n"
    assert leftovers(tmp_path) == []


def test_replace_keeps_the_mode_of_the_file_it_replaces(tmp_path: Path) -> None:
    target = tmp_path / "CODEOWNERS"
    target.write_bytes(b"old\n")
    target.chmod(0o640)
    atomic.replace(target, b"new\n")
    assert target.read_bytes() == b"new\n"
    assert mode(target) == 0o640
    assert leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_and_no_temporary(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    target = tmp_path / "report.html"
    target.write_bytes(b"old\n")

    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(OSError, match="No space"):
        atomic.replace(target, b"new\n")
    assert target.read_bytes() == b"old\n"
    assert leftovers(tmp_path) == []


def test_replace_into_a_missing_folder_fails_without_creating_it(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        atomic.replace(tmp_path / "nowhere" / "report.html", b"x")
    assert not (tmp_path / "nowhere").exists()
