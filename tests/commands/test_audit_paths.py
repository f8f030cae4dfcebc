"""Path mode finds the registry from the path as given, not from where a link points.

A card that is a symbolic link to a file outside the registry, or to a device, is a
SCH002 finding (exit 1) in path mode exactly as in the whole-registry audit: the
link lives in the registry even when its target does not.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import pytest

from registry.cli import main

TODAY = "2026-11-24"


def audit(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, dict[str, Any], str]:
    code = main(["audit", "--today", TODAY, "--format", "json", "--no-cache", *args])
    captured = capsys.readouterr()
    return code, json.loads(captured.out) if captured.out else {}, captured.err


@pytest.mark.parametrize("target", ["outside-file", "device"])
@pytest.mark.parametrize("given", ["card", "folder", "absolute card"])
def test_a_linked_card_is_sch002_in_path_mode_as_in_the_whole_audit(
    tmp_path: Path,
    h: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    given: str,
) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(), "linked": None})
    outside = tmp_path / "elsewhere" / "card.yaml"
    outside.parent.mkdir()
    outside.write_bytes(h.dump(h.baseline_card("linked")))
    os.symlink(outside if target == "outside-file" else os.devnull, root / "models/linked/model_card.yaml")
    monkeypatch.chdir(root)
    whole_code, whole, _ = audit(capsys)
    expected = [f for f in whole["findings"] if f["model"] == "linked"]
    assert whole_code == 1 and [f["rule"] for f in expected] == ["SCH002"]
    path = {
        "card": "models/linked/model_card.yaml",
        "folder": "models/linked",
        "absolute card": str(root / "models/linked/model_card.yaml"),
    }[given]
    code, report, err = audit(capsys, path)
    assert (code, err) == (1, "")
    assert report["findings"] == expected and report["summary"]["models"] == 1


def test_a_registry_reached_through_a_linked_folder_is_found(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Links in the folders above the path are followed as usual: only the last step is taken as given."""
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(owner=h.DROP)})
    os.symlink(root, tmp_path / "shortcut")
    monkeypatch.chdir(tmp_path)
    code, report, _ = audit(capsys, f"shortcut/{h.CARD_PATH}")
    assert code == 1 and [f["rule"] for f in report["findings"]] == ["OWN001"]
