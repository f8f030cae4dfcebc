"""Scaffolded files are created like any other file a user writes."""

from __future__ import annotations

import os
import stat
from pathlib import Path

from registry.scaffold import NewCard, init_registry, new_model


def test_new_files_follow_the_umask(tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        written, _ = init_registry(tmp_path / "reg")
        (tmp_path / "reg" / "owners" / "team-a.yaml").write_text("id: team-a\n")
        written += new_model(tmp_path / "reg", "fraud-detector", NewCard(owner="team-a"))
    finally:
        os.umask(old)
    for path in written:
        assert stat.S_IMODE(path.stat().st_mode) == 0o644, path
    assert not list((tmp_path / "reg").rglob(".*.yaml.*")), "no temporary file is left behind"
