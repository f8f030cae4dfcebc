"""``registry report``: where it writes, and the one-line errors."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from git_support import cli


def test_html_to_standard_output_outside_git(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = h.make_registry(tmp_path)
    code, out, err = cli(capsys, "report", str(root), "--format", "html", "--today", "2026-11-24")
    assert (code, err) == (0, "")
    assert out.startswith("<!DOCTYPE html>") and out.rstrip().endswith("</html>")
    assert "No compliance trend" in out and "not in a git repository" in out


def test_markdown_is_the_default(tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str]) -> None:
    root = h.make_registry(tmp_path, cards={h.MODEL: h.baseline_card(purpose=h.DROP)})
    code, out, _ = cli(capsys, "report", str(root), "--today", "2026-11-24")
    assert code == 0 and out.startswith("# Steering report: Test registry\n")
    assert "## Actions: open errors, oldest first (1)" in out and "**DOC001**" in out


@pytest.mark.parametrize(
    ("target", "needle"),
    [("missing/report.md", "missing: no such folder"), (".", "is a folder; name a file")],
)
def test_output_errors_are_one_line(
    tmp_path: Path,
    h: Any,
    capsys: pytest.CaptureFixture[str],
    monkeypatch: pytest.MonkeyPatch,
    target: str,
    needle: str,
) -> None:
    root = h.make_registry(tmp_path)
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "report", str(root), "-o", target, "--today", "2026-11-24")
    assert (code, out) == (2, "") and needle in err and err.count("\n") == 1


def test_no_registry_is_exit_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, _, err = cli(capsys, "report", str(tmp_path))
    assert code == 2 and err.startswith("registry: error: no registry.yaml found")


def test_an_existing_file_is_replaced_whole(
    tmp_path: Path, h: Any, capsys: pytest.CaptureFixture[str]
) -> None:
    root = h.make_registry(tmp_path)
    target = tmp_path / "report.html"
    target.write_text("old report that was longer than the new one" * 5000)
    code, _, _ = cli(
        capsys, "report", str(root), "--format", "html", "-o", str(target), "--today", "2026-11-24"
    )
    assert (
        code == 0
        and target.read_text().startswith("<!DOCTYPE html>")
        and "old report" not in target.read_text()
    )
