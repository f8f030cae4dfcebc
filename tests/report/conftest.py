"""Registries for the steering report's tests: hostile card text, and the sample with its story."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from git_support import Repo, isolate_git
from steering_support import HOSTILE


@pytest.fixture
def hostile_root(tmp_path: Path, h: Any, monkeypatch: pytest.MonkeyPatch) -> Path:
    """Every section of the report holds some hostile text, in a registry with a git history."""
    isolate_git(monkeypatch)
    owners = h.baseline_owners()
    owners["payments-risk"]["escalation"] = HOSTILE["escalation"]
    pilot = h.baseline_card(
        stage="pilot",
        name=HOSTILE["name"],
        purpose=HOSTILE["purpose"],
        sponsor=HOSTILE["sponsor"],
        limitations=h.DROP,  # an open error: the actions list
        incidents=[{"date": "2026-10-01", "severity": "high", "summary": HOSTILE["summary"]}],
        waivers=[
            {"rule": "MET002", "reason": "r", "approved_by": "model-risk-office", "expires": "2026-12-01"}
        ],
    )
    pilot["pilot"] = {"start": "2026-06-01", "end": "2026-12-01", "exit_criteria": [HOSTILE["criterion"]]}
    pilot["monitoring"]["dashboard"] = "https://dash.example/ok"
    pilot["validation"]["date"] = "2026-09-01"  # due in 7 days: the expiring list
    pilot["validation"]["evidence"] = "https://evidence.example/v?a=1&b=2"
    proposal = h.baseline_card(
        "proposal",
        stage="proposed",
        name=HOSTILE["name"],
        purpose=HOSTILE["purpose"],
        sponsor=HOSTILE["sponsor"],
        priority={"impact": 4, "feasibility": 3, "readiness": 5, "notes": HOSTILE["summary"]},
    )
    proposal["validation"]["evidence"] = "javascript:alert(1)"
    proposal["monitoring"]["dashboard"] = 'https://x.example/"><script>window.__pwned=4</script>'
    settings = {"registry": 1, "name": HOSTILE["registry"]}
    root = h.make_registry(
        tmp_path, cards={h.MODEL: pilot, "proposal": proposal}, owners=owners, settings=settings
    )
    Repo(root).commit("Import", "2026-11-20T12:00:00+00:00")
    return root


@pytest.fixture(scope="session")
def sample_story(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The sample registry with its six months of history (tests/sample_history.py)."""
    from sample_history import build

    return build(tmp_path_factory.mktemp("northwind") / "repo")
