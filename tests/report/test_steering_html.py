"""``registry report --format html``: escaped card text, and the page in a real headless Chromium.

The browser tests load the report from a file and check what the promise says: no
network request but the page itself, no console error, no script run from card text;
a screenshot and an A4 PDF are kept in ``build/test-artifacts/`` (and the test's
``tmp_path``) for a person to look at.
"""

from __future__ import annotations

import re
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest
from browser_support import Browser, chromium_binary
from html_support import read
from steering_support import ALLOWED_LINKS, HOSTILE, TODAY

from registry.report.steering_html import render
from registry.steering_sections import build_report

ARTIFACTS = Path(__file__).resolve().parents[2] / "build" / "test-artifacts"


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """One Chromium for the session, installed first if the machine has none (never skipped)."""
    with Browser(chromium_binary()) as started:
        yield started


def keep(path: Path) -> Path:
    """Copy a test artefact where a person finds it (build/ is not committed)."""
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    return Path(shutil.copy(path, ARTIFACTS / path.name))


def test_card_text_is_escaped(hostile_root: Path) -> None:
    html = render(build_report(hostile_root, TODAY))
    page = read(html)
    assert page.tags["script"] == page.tags["img"] == page.tags["iframe"] == page.tags["b"] == 0
    assert page.handlers == []
    assert set(page.links) == ALLOWED_LINKS
    for key in ("name", "purpose", "criterion", "summary", "escalation", "sponsor"):
        assert " ".join(HOSTILE[key].split()) in page.text, key
    assert '<Acme> & "Co" # | * \\x1b[31mred' in page.text
    assert "default-src 'none'" in html  # the page may not fetch anything, whatever it holds


def test_the_sample_report_in_chromium(sample_story: Path, tmp_path: Path, browser: Browser) -> None:
    report = tmp_path / "steering-report.html"
    report.write_text(render(build_report(sample_story, TODAY)), encoding="utf-8")
    loaded = browser.load(report.as_uri())
    assert loaded.requests == [report.as_uri()]  # nothing but the page itself
    assert loaded.errors() == []
    assert (
        browser.evaluate("document.title") == "Steering report: Northwind Financial AI registry (2026-11-24)"
    )
    sections = browser.evaluate("Array.from(document.querySelectorAll('h2')).map(h => h.textContent)")
    assert [s.split(" (")[0].split(", ")[0] for s in sections] == [
        "Compliance by owner team",
        "Actions: open errors",
        "Pilots",
        "Proposed use cases by combined score",
        "Expiring within 30 days",
        "Incidents without a review",
        "Compliance trend",
    ]
    assert browser.evaluate("document.querySelectorAll('svg path.share-line').length") == 1
    shot = browser.screenshot(tmp_path / "steering-report.png")
    assert shot.read_bytes()[:8] == b"\x89PNG\r\n\x1a\n" and shot.stat().st_size > 50_000
    pdf = browser.pdf(tmp_path / "steering-report.pdf")
    pages = re.findall(rb"/MediaBox \[0 0 ([0-9.]+) ([0-9.]+)\]", pdf.read_bytes())
    assert pages and all(abs(float(w) - 595) < 1 and abs(float(h) - 842) < 1 for w, h in pages)  # A4
    keep(shot), keep(pdf), keep(report)


def test_hostile_text_runs_nothing_in_chromium(hostile_root: Path, tmp_path: Path, browser: Browser) -> None:
    report = tmp_path / "hostile-report.html"
    report.write_text(render(build_report(hostile_root, TODAY)), encoding="utf-8")
    loaded = browser.load(report.as_uri())
    assert loaded.requests == [report.as_uri()]
    assert loaded.errors() == []
    assert browser.evaluate("typeof window.__pwned") == "undefined"
    text = browser.evaluate("document.body.innerText")
    assert HOSTILE["purpose"] in text and HOSTILE["criterion"] in text
    keep(browser.screenshot(tmp_path / "hostile-report.png", clip_height=1600))
