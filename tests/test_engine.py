"""The engine (cache layer, parallel strategy) gives exactly the findings of the check stage."""

from __future__ import annotations

import json
import multiprocessing
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import date
from pathlib import Path

import pytest
from git_support import Repo
from registry_support import TODAY, copy_sample

from registry import cache, cache_file, engine, parallel
from registry.audit import audit as audit_registry
from registry.audit import run_audit
from registry.cache import CACHE_DIR, CACHE_FILE
from registry.errors import Cancelled
from registry.store import load_registry


@pytest.fixture
def reg(tmp_path: Path) -> Path:
    return copy_sample(tmp_path / "reg")


def plain(root: Path, today: date = TODAY) -> list[dict[str, object]]:
    return [f.to_dict() for f in run_audit(load_registry(root), today).findings]


def fast(root: Path, today: date = TODAY, **kw: object) -> list[dict[str, object]]:
    return [f.to_dict() for f in audit_registry(root, today, **kw).result.findings]  # type: ignore[arg-type]


def test_cold_warm_and_parallel_runs_agree_with_the_plain_audit(
    reg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    expected = plain(reg)
    assert expected, "the sample registry has findings"
    quoted = run_audit(load_registry(reg), TODAY).suppressions
    assert [(s.model, s.rule) for s in quoted] == [("card-fraud-detector", "BIA002")]
    assert fast(reg, cache=False, jobs=1) == expected
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    assert fast(reg, cache=False, jobs=2) == expected
    assert audit_registry(reg, TODAY, cache=False, jobs=2).result.suppressions == quoted  # from workers
    cold = audit_registry(reg, TODAY)
    assert cold.cache_misses == len(cold.result.models) and cold.cache_hits == 0
    warm = audit_registry(reg, TODAY)
    assert warm.cache_hits == len(warm.result.models) and warm.cache_misses == 0
    assert [f.to_dict() for f in warm.result.findings] == expected
    assert warm.summaries == cold.summaries
    assert cold.result.suppressions == warm.result.suppressions == quoted


def test_cache_notices_edits_to_cards_runbooks_owners_and_today(reg: Path) -> None:
    audit_registry(reg, TODAY)
    card = reg / "models" / "churn-predictor" / "model_card.yaml"
    card.write_text(card.read_text().replace("purpose:", "purpose_typo:", 1))
    assert fast(reg) == plain(reg)
    assert any(f["rule"] == "DOC001" and f["model"] == "churn-predictor" for f in fast(reg))

    runbook = reg / "models" / "claims-triage" / "runbook.md"
    runbook.write_text(runbook.read_text().replace("## Rollback", "## Something else"))
    assert fast(reg) == plain(reg)

    owner = next((reg / "owners").glob("*.yaml"))
    owner.write_text(owner.read_text().replace("active: true", "active: false") + "\n")
    assert fast(reg) == plain(reg)

    later = date(2027, 6, 1)
    assert fast(reg, later) == plain(reg, later)


def test_removed_and_added_models_are_picked_up(reg: Path) -> None:
    audit_registry(reg, TODAY)
    shutil.rmtree(reg / "models" / "churn-predictor")
    shutil.copytree(reg / "models" / "claims-triage", reg / "models" / "claims-triage-copy")
    result = audit_registry(reg, TODAY).result
    assert "churn-predictor" not in result.models
    assert [f.to_dict() for f in result.findings] == plain(reg)
    # the copy keeps the original id: SCH003 for the mismatch and for the duplicate id
    rules = {f.rule for f in result.findings if f.model == "claims-triage-copy"}
    assert "SCH003" in rules


@pytest.mark.parametrize(
    "content", [b"", b"{not json", b"[]", b'{"format": 1, "context": 5, "cards": []}', b"\xff\xfe"]
)
def test_a_corrupt_cache_is_ignored_and_rebuilt(reg: Path, content: bytes) -> None:
    (reg / CACHE_DIR).mkdir(exist_ok=True)
    (reg / CACHE_DIR / CACHE_FILE).write_bytes(content)
    assert fast(reg) == plain(reg)
    assert cache_file.load(reg) is not None  # rewritten as a valid cache


def test_a_planted_cache_cannot_hide_findings(reg: Path) -> None:
    """A cache committed by a pull request does not match this checkout's stat data."""
    audit_registry(reg, TODAY)
    data = cache_file.load(reg)
    assert data is not None
    for entry in data["cards"].values():
        entry["findings"] = []
        entry["probe"][0][1] = [1, 1, 1, 1, 1]
    cache_file.store(reg, data)
    assert fast(reg) == plain(reg)


#: Audits in a fresh process and prints the findings as JSON.
_AUDIT_CHILD = """
import json, sys
from datetime import date
from pathlib import Path
from registry.audit import audit
run = audit(Path(sys.argv[1]), date.fromisoformat(sys.argv[2]))
print(json.dumps([f.to_dict() for f in run.result.findings]))
"""


def test_read_only_registry_is_audited_without_a_cache(reg: Path) -> None:
    """A checkout the user cannot write to (a CI cache mount, a shared folder) still
    gets the same findings; it just has no cache. CI runs as root, whom permission bits
    do not stop, so root's override is dropped for the run (setpriv), as a plain user."""
    expected = json.loads(json.dumps(plain(reg)))
    drop = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner", "--"]
    command = [*(drop if os.geteuid() == 0 else []), sys.executable, "-c", _AUDIT_CHILD]
    assert not (reg / CACHE_DIR).exists()
    os.chmod(reg, 0o555)
    try:
        done = subprocess.run(
            [*command, str(reg), TODAY.isoformat()],
            capture_output=True,
            text=True,
            timeout=300,
            check=False,
        )
    finally:
        os.chmod(reg, 0o755)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == expected
    assert not (reg / CACHE_DIR).exists(), "the folder was writable after all"


#: When the registry was first committed: before every validation date the sample cards carry.
IMPORTED = "2026-01-10T12:00:00+00:00"


def test_warm_runs_in_git_skip_the_log_and_keep_history_findings(
    reg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from registry import audit as audit_module
    from registry.git import git_state

    repo = Repo(reg, isolated=True)
    repo.commit("import", IMPORTED)
    card = reg / "models" / "credit-limit-increase" / "model_card.yaml"
    card.write_text(card.read_text().replace("purpose:", "purpose: Reworded.\nx-old-purpose:", 1))
    repo.commit("reword the purpose", "2026-11-20T12:00:00+00:00")

    calls: list[int] = []
    real = audit_module.gather_history

    def counted(*args: object, **kwargs: object) -> object:
        calls.append(1)
        return real(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(audit_module, "gather_history", counted)
    before = git_state(reg)
    cold = audit_registry(reg, TODAY)
    assert calls == [1]
    assert cold.result.revision == before.revision
    assert any(f.rule == "VAL005" and f.model == "credit-limit-increase" for f in cold.result.findings)
    warm = audit_registry(reg, TODAY)
    assert calls == [1], "a fully cached run does not read git history"
    assert warm.result.findings == cold.result.findings
    assert warm.history_note == cold.history_note

    repo.commit("later", "2026-11-21T12:00:00+00:00")
    assert git_state(reg).key != before.key
    again = audit_registry(reg, TODAY)
    assert calls == [1, 1], "a new commit invalidates the cache"
    assert again.result.findings == cold.result.findings


def test_warm_run_without_owner_objects_parses_no_owner_file(
    reg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # The files were written a moment ago: not "racy" only if the cache trusts any age.
    monkeypatch.setattr(cache, "RACY_NS", 0)
    cold = audit_registry(reg, TODAY, need_owners=False)
    parsed: list[str] = []
    real = engine.load_owner

    def spy(where: object, rel: str) -> object:
        parsed.append(rel)
        return real(where, rel)  # type: ignore[arg-type]

    monkeypatch.setattr(engine, "load_owner", spy)
    warm = audit_registry(reg, TODAY, need_owners=False)
    assert parsed == []
    assert warm.result.findings == cold.result.findings
    assert warm.cache_hits == len(warm.result.models)

    # An owner edit changes its stat data: owners are read again and findings follow.
    owner = reg / "owners" / "claims-analytics.yaml"
    owner.write_text(
        owner.read_text() + "\nactive: false\n"
        if "active:" not in owner.read_text()
        else owner.read_text().replace("active: true", "active: false")
    )
    changed = audit_registry(reg, TODAY, need_owners=False)
    assert parsed, "the edited owner file was parsed"
    assert [f.to_dict() for f in changed.result.findings] == plain(reg)
    assert any(f.rule == "OWN003" and f.model == "claims-triage" for f in changed.result.findings)


def test_owner_file_findings_survive_a_warm_run(reg: Path) -> None:
    (reg / "owners" / "broken.yaml").write_text("id: [unclosed\n")
    cold = audit_registry(reg, TODAY, need_owners=False)
    assert any(f.rule == "SCH002" and f.path == "owners/broken.yaml" for f in cold.result.findings)
    warm = audit_registry(reg, TODAY, need_owners=False)
    assert warm.result.findings == cold.result.findings
    assert [f.to_dict() for f in warm.result.findings] == plain(reg)


def test_waived_findings_are_kept_aside_cold_and_warm(tmp_path: Path, h: object) -> None:
    """What a waiver silences never reaches the audit; the runner hands it over on its own."""
    waiver = {
        "rule": "BIA001",
        "reason": "Bias test scheduled with the vendor for Q1.",
        "approved_by": "cro-office",
        "expires": "2027-02-01",
    }
    card = h.baseline_card(bias_tests=h.DROP, waivers=[waiver])  # type: ignore[attr-defined]
    root = h.make_registry(tmp_path, cards={"fraud-detector": card})  # type: ignore[attr-defined]
    for run in ("cold", "warm"):
        audit = audit_registry(root, TODAY)
        assert audit.cache_hits == (1 if run == "warm" else 0)
        assert [f.rule for f in audit.result.findings] == []
        assert [(f.rule, f.model, f.severity.value) for f in audit.waived] == [
            ("BIA001", "fraud-detector", "error")
        ]


def test_summaries_carry_what_a_lead_filters_on(tmp_path: Path, h: object) -> None:
    card = h.baseline_card(priority={"impact": 4, "feasibility": 3, "readiness": True})  # type: ignore[attr-defined]
    root = h.make_registry(tmp_path, cards={"fraud-detector": card})  # type: ignore[attr-defined]
    summary = audit_registry(root, TODAY, cache=False).summaries["fraud-detector"]
    assert (summary.sponsor, summary.validation_result, summary.validated_version) == (
        "VP Payments",
        "pass",
        "3.2.0",
    )
    assert (summary.impact, summary.feasibility, summary.readiness) == (4, 3, None)


def _slow_cards(monkeypatch: pytest.MonkeyPatch, seconds: float) -> None:
    """Each card takes ``seconds`` (forked workers inherit the patch)."""
    check_one = parallel.read_and_check

    def slow(src: object, folder: str, ctx: object, probing: bool) -> object:
        time.sleep(seconds)
        return check_one(src, folder, ctx, probing)  # type: ignore[arg-type]

    monkeypatch.setattr(parallel, "read_and_check", slow)


@pytest.mark.parametrize("jobs", [1, 2], ids=["in-process", "worker-processes"])
def test_a_cancelled_audit_stops_soon_and_leaves_no_worker_behind(
    reg: Path, monkeypatch: pytest.MonkeyPatch, jobs: int
) -> None:
    monkeypatch.setattr(parallel, "PARALLEL_THRESHOLD", 2)
    _slow_cards(monkeypatch, 1.0)  # ~20 s for the sample registry if nothing stopped it
    cancel = threading.Event()
    threading.Timer(0.5, cancel.set).start()
    started = time.monotonic()
    with pytest.raises(Cancelled):
        audit_registry(reg, TODAY, jobs=jobs, cache=True, cancel=cancel)
    assert time.monotonic() - started < 10, "the audit ran on after it was cancelled"
    assert multiprocessing.active_children() == []
    assert not (reg / CACHE_DIR / CACHE_FILE).exists(), "a cancelled audit writes no cache"


def test_an_audit_cancelled_before_it_starts_checks_no_card(
    reg: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    read: list[str] = []
    monkeypatch.setattr(parallel, "read_and_check", lambda src, folder, ctx, probing: read.append(folder))
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        audit_registry(reg, TODAY, cache=False, cancel=cancel)
    assert read == []
