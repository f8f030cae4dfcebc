"""``registry report --format md``: literal card text on GitHub, and a stored copy of the sample's report.

GitHub renders Markdown with cmark-gfm; the tests render with the same library
(``cmarkgfm``), with raw HTML let through, so that anything the report failed to
escape would show up as an element.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import cmarkgfm
import pytest
from cmarkgfm.cmark import Options
from git_support import cli
from html_support import read
from steering_support import ALLOWED_LINKS, HOSTILE, TODAY

from registry.report.steering_md import code, md, render
from registry.steering_sections import build_report

STORED = Path(__file__).parent / "steering_sample.md"


def github(markdown: str) -> str:
    return cmarkgfm.github_flavored_markdown_to_html(markdown, options=Options.CMARK_OPT_UNSAFE)


def test_card_text_is_literal_text(hostile_root: Path) -> None:
    page = read(github(render(build_report(hostile_root, TODAY))))
    assert page.tags["script"] == page.tags["img"] == page.tags["iframe"] == page.tags["b"] == 0
    assert page.handlers == []
    assert set(page.links) == ALLOWED_LINKS  # the dashboard and the evidence, nothing else
    for key in ("name", "purpose", "criterion", "summary", "escalation"):
        assert " ".join(HOSTILE[key].split()) in page.text, key
    assert (
        'Steering report: <Acme> & "Co" # | * \\x1b[31mred' in page.text
    )  # the control character made visible
    assert "1. # Head | of `x` \\ evil@evil.example" in page.text  # the sponsor, in a table cell


def test_every_table_row_keeps_its_cells(hostile_root: Path) -> None:
    """A pipe in card text never splits a cell (cmark-gfm would drop the cells past the header's)."""
    page = read(github(render(build_report(hostile_root, TODAY))))
    cells = [cell for row in page.rows for cell in row]
    for key in ("sponsor", "name"):
        text = " ".join(HOSTILE[key].split())
        assert any(text in cell for cell in cells), key
    assert page.tags["table"] == 8 and all(len(row) >= 3 for row in page.rows)


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("- not a list", "- not a list"),
        ("1. not a list", "1. not a list"),
        ("# not a heading", "# not a heading"),
        ("> not a quote", "> not a quote"),
        ("*not emphasis*", "*not emphasis*"),
        ("a | b", "a | b"),
        ("<b>x</b> &amp;", "<b>x</b> &amp;"),
        ("https://evil.example", "https://evil.example"),
        ("mail evil@evil.example", "mail evil@evil.example"),
        ("``double`` tick", "``double`` tick"),
        ("back\\slash \\| pipe", "back\\slash \\| pipe"),
        ("line\nbreak", "line break"),
    ],
)
def test_md_escapes_everything_github_would_interpret(text: str, shown: str) -> None:
    for markdown in (f"- {md(text, cell=False)}\n", f"| h |\n|---|\n| {md(text)} |\n"):
        page = read(github(markdown))
        assert page.text == (f"h {shown}" if markdown.startswith("|") else shown), markdown
        assert not page.links and page.tags["b"] == page.tags["h1"] == page.tags["blockquote"] == 0
        assert page.tags["em"] == page.tags["ol"] == 0 and page.tags["ul"] <= 1


def test_code_spans_hold_any_backticks() -> None:
    assert read(github(code("a `` b"))).text == "a `` b"
    assert read(github(code("`edge`"))).text == "`edge`"


def test_the_sample_report_matches_the_stored_copy(
    sample_story: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """The sample registry with its story, as of 2026-11-24: the same bytes every time.

    After a deliberate change to the report or the sample registry, rewrite the copy with
    ``REGISTRY_UPDATE_STORED=1 .venv/bin/python -m pytest tests/report/test_steering_md.py``
    and read the diff before committing it.
    """
    code, out, err = cli(capsys, "report", str(sample_story), "--today", TODAY.isoformat())
    assert (code, err) == (0, "")
    again = cli(capsys, "report", str(sample_story), "--today", TODAY.isoformat())[1]
    assert out == again  # deterministic for the same commit and date
    if os.environ.get("REGISTRY_UPDATE_STORED"):
        STORED.write_text(out, encoding="utf-8")
    assert out == STORED.read_text(encoding="utf-8"), "see this test's docstring to update the stored copy"
    page = read(github(out))
    assert page.tags["table"] == 8 and page.tags["script"] == 0


def test_report_to_a_file(
    sample_story: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: Any
) -> None:
    monkeypatch.chdir(tmp_path)
    code, out, err = cli(capsys, "report", str(sample_story), "--today", "2026-11-24", "-o", "report.md")
    assert (code, out, err) == (0, "", "")
    assert (tmp_path / "report.md").read_text(encoding="utf-8") == STORED.read_text(encoding="utf-8")
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]  # no temporary file left behind
