"""The code stays ruff- and mypy-clean: the style guide is checked, not hoped for."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
TOOLS = Path(sys.executable).parent


def tool(name: str) -> str:
    found = TOOLS / name
    if found.exists():
        return str(found)
    path = shutil.which(name)
    assert path is not None, f"{name} is not installed (pip install -e '.[test]' installs it)"
    return path


@pytest.mark.parametrize(
    "args",
    [["check", "--no-cache", "."], ["format", "--check", "--no-cache", "."]],
    ids=["ruff-check", "ruff-format"],
)
def test_ruff(args: list[str]) -> None:
    ran = subprocess.run([tool("ruff"), *args], cwd=ROOT, capture_output=True, text=True)
    assert ran.returncode == 0, ran.stdout + ran.stderr


@pytest.mark.slow
def test_mypy(tmp_path: Path) -> None:
    ran = subprocess.run(
        [tool("mypy"), "--cache-dir", str(tmp_path / "mypy-cache")],
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert ran.returncode == 0, ran.stdout + ran.stderr
