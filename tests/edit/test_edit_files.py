"""registry/edit/files.py: atomic writes that never lose a file or someone else's change."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from registry.edit import files


def _card(tmp_path: Path, text: str = "id: m\n", mode: int = 0o640) -> Path:
    path = tmp_path / "models" / "m" / "model_card.yaml"
    path.parent.mkdir(parents=True)
    path.write_text(text, encoding="utf-8")
    path.chmod(mode)
    return path


def test_write_replaces_the_file_and_keeps_its_mode(tmp_path: Path) -> None:
    path = _card(tmp_path)
    snap = files.read(tmp_path, "models/m/model_card.yaml")
    files.write([(snap, b"id: m\nname: M\n")])
    assert path.read_bytes() == b"id: m\nname: M\n"
    assert stat.S_IMODE(path.stat().st_mode) == 0o640
    assert sorted(os.listdir(path.parent)) == ["model_card.yaml"]  # no temporary file left


def test_a_change_on_disk_since_the_read_is_refused(tmp_path: Path) -> None:
    path = _card(tmp_path)
    snap = files.read(tmp_path, "models/m/model_card.yaml")
    path.write_text("id: m\nowner: someone-else\n", encoding="utf-8")
    with pytest.raises(files.WriteError, match="changed on disk since it was read; nothing written"):
        files.write([(snap, b"id: m\nname: M\n")])
    assert path.read_text(encoding="utf-8") == "id: m\nowner: someone-else\n"


def test_a_deleted_file_is_not_recreated(tmp_path: Path) -> None:
    path = _card(tmp_path)
    snap = files.read(tmp_path, "models/m/model_card.yaml")
    path.unlink()
    with pytest.raises(files.WriteError, match="was deleted on disk"):
        files.write([(snap, b"x: 1\n")])
    assert not path.exists()


def test_an_interrupted_write_leaves_the_old_file_whole(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A failure after the new bytes are staged but before the rename: old file intact, no litter."""
    path = _card(tmp_path, "id: m\nname: Old\n")
    snap = files.read(tmp_path, "models/m/model_card.yaml")

    def crash(src: str, dst: str) -> None:
        assert Path(src).read_bytes() == b"id: m\nname: New\n"  # staged in full beside the card
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(files.os, "replace", crash)
    with pytest.raises(files.WriteError, match="No space left on device; nothing written"):
        files.write([(snap, b"id: m\nname: New\n")])
    assert path.read_bytes() == b"id: m\nname: Old\n"
    assert sorted(os.listdir(path.parent)) == ["model_card.yaml"]


def test_a_failed_sync_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _card(tmp_path, "id: m\n")
    snap = files.read(tmp_path, "models/m/model_card.yaml")

    def fail(fd: int) -> None:
        raise OSError(5, "Input/output error")

    monkeypatch.setattr(files.os, "fsync", fail)
    with pytest.raises(files.WriteError, match="Input/output error"):
        files.write([(snap, b"id: x\n")])
    assert path.read_bytes() == b"id: m\n"
    assert sorted(os.listdir(path.parent)) == ["model_card.yaml"]


def test_a_read_only_file_is_refused(tmp_path: Path) -> None:
    path = _card(tmp_path, mode=0o444)
    snap = files.read(tmp_path, "models/m/model_card.yaml")
    with pytest.raises(files.WriteError, match="is read-only; nothing written"):
        files.check_writable(snap)
    with pytest.raises(files.WriteError, match="is read-only"):
        files.write([(snap, b"x: 1\n")])
    assert path.read_bytes() == b"id: m\n"


def test_links_are_not_edited(tmp_path: Path) -> None:
    _card(tmp_path)
    (tmp_path / "models" / "other").mkdir()
    (tmp_path / "models" / "other" / "model_card.yaml").symlink_to(
        tmp_path / "models" / "m" / "model_card.yaml"
    )
    with pytest.raises(files.WriteError, match="is a symbolic link"):
        files.read(tmp_path, "models/other/model_card.yaml")


def test_a_new_file_never_overwrites_one_created_meanwhile(tmp_path: Path) -> None:
    (tmp_path / "owners").mkdir()
    snap = files.read(tmp_path, "owners/new.yaml", must_exist=False)
    assert snap.raw is None
    (tmp_path / "owners" / "new.yaml").write_text("id: theirs\n", encoding="utf-8")
    with pytest.raises(files.WriteError, match="was created on disk since it was read"):
        files.write([(snap, b"id: mine\n")])
    assert (tmp_path / "owners" / "new.yaml").read_text(encoding="utf-8") == "id: theirs\n"


def test_new_files_get_the_umask_mode(tmp_path: Path) -> None:
    (tmp_path / "owners").mkdir()
    snap = files.read(tmp_path, "owners/new.yaml", must_exist=False)
    old = os.umask(0o022)
    try:
        files.write([(snap, b"id: new\n")])
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "owners" / "new.yaml").stat().st_mode) == 0o644


def test_a_byte_order_mark_is_kept_in_the_text(tmp_path: Path) -> None:
    path = _card(tmp_path)
    path.write_bytes(b"\xef\xbb\xbfid: m\n")
    assert files.read(tmp_path, "models/m/model_card.yaml").text == "\ufeffid: m\n"
