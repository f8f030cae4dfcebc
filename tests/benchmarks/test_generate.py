"""Tests for benchmarks/generate.py, the deterministic benchmark registry generator.

Why these tests: benchmarks are only comparable if the generator writes the same bytes
for the same seed, only meaningful if every file parses and matches the schemas, and
only useful for checking the audit if each card's ``# benchmark-expect:`` label is
right. The label check here is an independent, deliberately simple re-implementation
of the FORMAT.md rules (and of VAL005 from the git history), not the real audit.
"""

from __future__ import annotations

import collections
import importlib.util
import itertools
import json
import re
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest
import yaml
from registry_support import TODAY, default_policy

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "benchmarks" / "generate.py"
SCHEMAS = ROOT / "schemas"
SLUG = re.compile(r"^[a-z0-9][a-z0-9-]{1,62}$")
EXPECT = re.compile(r"^# benchmark-expect: (.+)$", re.M)
HIGH = ("high", "critical")
LIVE = ("pilot", "production")
MAX_AGE = {"low": 365, "medium": 180, "high": 90, "critical": 90}
EXEMPT = ("validation", "bias_tests", "incidents", "waivers")
#: Every rule code of the format (docs/format.md), for the waiver oracle.
RULES = set(re.findall(r"^\| ([A-Z]{3}\d{3}) \|", (ROOT / "docs" / "format.md").read_text(), re.M))


def _load_module() -> ModuleType:
    spec = importlib.util.spec_from_file_location("benchmarks_generate", SCRIPT)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up here
    spec.loader.exec_module(module)
    return module


gen = _load_module()


def tree(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` except .git, by relative path."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and ".git" not in p.relative_to(root).parts
    }


def isoify(value: Any) -> Any:
    """PyYAML reads unquoted dates as date objects; JSON Schema wants YAML 1.2 strings."""
    if isinstance(value, dict):
        return {k: isoify(v) for k, v in value.items()}
    if isinstance(value, list):
        return [isoify(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def as_date(value: Any) -> date:
    return value if isinstance(value, date) else date.fromisoformat(str(value))


def front_matter(text: str) -> dict[str, Any]:
    assert text.startswith("---\n")
    head, _, _ = text[4:].partition("\n---\n")
    loaded = yaml.safe_load(head)
    assert isinstance(loaded, dict)
    return loaded


def expected(text: str) -> list[str]:
    match = EXPECT.search(text)
    assert match, "every card carries a benchmark-expect label"
    return [] if match.group(1) == "none" else match.group(1).split()


@pytest.fixture(scope="module")
def small(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("small") / "reg"
    gen.generate(out, 50, seed=0)
    return out


@pytest.fixture(scope="module")
def large(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("large") / "reg"
    gen.generate(out, 1200, seed=7)
    return out


@pytest.fixture(scope="module")
def with_git(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("git") / "reg"
    gen.generate(out, 50, seed=0, git=True)
    return out


_PARSED: dict[Path, dict[str, tuple[dict[str, Any], str]]] = {}
#: libyaml's loader when present: same grammar as yaml.safe_load, 10x faster.
_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def cards(root: Path) -> dict[str, tuple[dict[str, Any], str]]:
    """model id (folder) -> (parsed card, raw text); parsed once per tree, read-only."""
    if root not in _PARSED:
        found = {}
        for path in sorted((root / "models").glob("*/model_card.yaml")):
            text = path.read_text(encoding="utf-8")
            found[path.parent.name] = (yaml.load(text, Loader=_LOADER), text)
        _PARSED[root] = found
    return _PARSED[root]


def owners(root: Path) -> dict[str, dict[str, Any]]:
    return {
        p.stem: yaml.safe_load(p.read_text(encoding="utf-8"))
        for p in sorted((root / "owners").glob("*.yaml"))
    }


# --------------------------------------------------------------------------------------
# Determinism and layout
# --------------------------------------------------------------------------------------


def test_same_seed_writes_identical_bytes_and_another_seed_differs(tmp_path: Path) -> None:
    gen.generate(tmp_path / "a", 50, seed=1)
    gen.generate(tmp_path / "b", 50, seed=1)
    gen.generate(tmp_path / "c", 50, seed=2)
    first, second, other = tree(tmp_path / "a"), tree(tmp_path / "b"), tree(tmp_path / "c")
    assert first == second
    assert first != other


def test_layout(small: Path) -> None:
    files = tree(small)
    assert "registry.yaml" in files
    models = sorted(p.name for p in (small / "models").iterdir())
    assert len(models) == 50
    for mid in models:
        assert f"models/{mid}/model_card.yaml" in files
        assert f"models/{mid}/runbook.md" in files
    assert len(owners(small)) == 5  # max(5, 50 / 20)


def test_every_yaml_file_parses_and_cards_have_required_keys(small: Path) -> None:
    for path in sorted(small.rglob("*.yaml")):
        assert yaml.safe_load(path.read_text(encoding="utf-8")) is not None, path
    for mid, (card, _) in cards(small).items():
        for key in ("id", "name", "version", "kind", "stage", "risk_tier"):
            assert key in card, (mid, key)
        assert card["id"] == mid
        assert isinstance(card["version"], str)


def test_ids_are_unique_slugs(large: Path) -> None:
    ids = [card["id"] for card, _ in cards(large).values()]
    assert len(ids) == len(set(ids)) == 1200
    assert all(SLUG.match(i) for i in ids)
    for stem, owner in owners(large).items():
        assert owner["id"] == stem and SLUG.match(stem)


def test_registry_yaml_spells_out_the_default_policy(small: Path) -> None:
    text = (small / "registry.yaml").read_text(encoding="utf-8")
    data = yaml.safe_load(text)
    assert data["registry"] == 1 and data["name"]
    assert data["policy"] == default_policy()
    assert text.count("#") > 5


def test_owners_mix_teams_persons_and_inactive_records(large: Path) -> None:
    records = owners(large)
    assert len(records) == 60
    kinds = collections.Counter(o["kind"] for o in records.values())
    assert kinds["team"] > kinds["person"] > 0
    inactive = [o for o in records.values() if o["active"] is False]
    assert 1 <= len(inactive) < len(records) // 5
    handles = [o["review_handle"] for o in records.values() if "review_handle" in o]
    assert handles and all(re.fullmatch(r"@[A-Za-z0-9][A-Za-z0-9._/-]*", h) for h in handles)
    assert any(h == f"@acme/{o['id']}" for o in records.values() for h in [o.get("review_handle")])


def test_cards_look_hand_written(large: Path) -> None:
    stages: collections.Counter[str] = collections.Counter()
    for mid, (card, text) in cards(large).items():
        lines = text.count("\n")
        assert 50 <= lines <= 90, (mid, lines)
        assert text.count("\n#") + text.count(" # ") >= 4, mid
        stages[card["stage"]] += 1
        if expected(text):
            continue
        for key in (
            "owner",
            "purpose",
            "intended_use",
            "out_of_scope",
            "limitations",
            "training_data",
            "deployment",
            "metrics",
            "bias_tests",
            "monitoring",
            "fallback",
            "human_oversight",
            "runbook",
            "incidents",
        ):
            if key == "bias_tests" and card["risk_tier"] == "low":
                continue
            if key == "bias_tests" and card["stage"] in ("proposed", "retired"):
                continue
            assert key in card, (mid, key)
        live = {"leading"} if card["stage"] in LIVE else set()
        assert set(card["metrics"]) == {"model", "business", "guardrails"} | live
        assert ("priority" in card) == (card["stage"] == "proposed")
        assert ("pilot" in card) >= (card["stage"] == "pilot")
        assert ("validation" in card) >= (card["stage"] != "proposed")
    assert stages.most_common(1)[0][0] == "production"
    assert set(stages) == {"proposed", "pilot", "production", "retired"}
    assert any("waivers" in card for card, _ in cards(large).values())


def test_runbooks_have_front_matter_and_sections(small: Path) -> None:
    for mid, (_card, text) in cards(small).items():
        runbook = (small / "models" / mid / "runbook.md").read_text(encoding="utf-8")
        meta = front_matter(runbook)
        assert meta["model"] == mid
        assert SLUG.match(meta["owner"])
        assert as_date(meta["last_reviewed"]) <= TODAY
        assert "## Overview" in runbook
        if "DOC003" not in expected(text):
            for section in ("Fallback", "Rollback", "Escalation"):
                assert f"\n## {section}" in runbook, (mid, section)


def test_dates_follow_today(tmp_path: Path) -> None:
    today = date(2031, 3, 2)
    gen.generate(tmp_path / "r", 60, seed=4, today=today)
    for mid, (card, text) in cards(tmp_path / "r").items():
        if card.get("validation"):
            age = (today - as_date(card["validation"]["date"])).days
            # DAT001 cards date their validation up to 60 days ahead, as a typed-in plan
            assert (-60 <= age < 0) if "DAT001" in expected(text) else (0 < age < 365), mid


def test_about_a_third_of_models_carry_defects(large: Path) -> None:
    labels = {mid: expected(text) for mid, (_, text) in cards(large).items()}
    defective = [mid for mid, codes in labels.items() if codes]
    assert 0.27 < len(defective) / len(labels) < 0.40
    broken = [mid for mid, codes in labels.items() if "SCH001" in codes]
    assert len(broken) == 6  # 0.5% of 1200
    codes = collections.Counter(c for cs in labels.values() for c in cs)
    assert len(codes) >= 35  # nearly every rule is exercised
    for mid, (card, text) in cards(large).items():
        if card["stage"] == "retired":
            assert expected(text) in ([], ["SCH001"]), mid
        # a waiver's covered rule (MET001, MET003) and PIL002's PIL003 come with their defect
        assert len({c for c in expected(text) if c not in ("MET001", "MET003", "PIL003")}) <= 2


# --------------------------------------------------------------------------------------
# The labels are right: an independent oracle for the FORMAT.md rules
# --------------------------------------------------------------------------------------


def oracle(root: Path, card: dict[str, Any], all_owners: dict[str, dict[str, Any]]) -> list[str]:
    """Rule codes FORMAT.md says the card earns today (no SCH rules, no VAL005)."""
    stage, tier = str(card["stage"]), str(card["risk_tier"])
    if stage == "retired":
        return []
    found: list[str] = []
    owner = card.get("owner")
    if not owner:
        found.append("OWN001")
    for key in ("owner", "backup_owner"):
        oid = card.get(key)
        if oid and oid not in all_owners:
            found.append("OWN002")
        elif oid and all_owners[oid].get("active", True) is False:
            found.append("OWN003")
    if tier in HIGH and not card.get("backup_owner"):
        found.append("OWN004")
    if not card.get("purpose") or not card.get("limitations"):
        found.append("DOC001")
    folder = root / "models" / card["id"]
    runbook = folder / card.get("runbook", "runbook.md")
    if not runbook.is_file():
        found.append("DOC002")
    else:
        heads = [
            line[3:].strip().casefold() for line in runbook.read_text().splitlines() if line.startswith("## ")
        ]
        for section in ("fallback", "rollback", "escalation"):
            if not any(h.startswith(section) for h in heads):
                found.append("DOC003")
        bodies: dict[str, list[str]] = {}
        for part in runbook.read_text().split("\n## ")[1:]:  # each level-2 section
            head, _, rest = part.partition("\n")
            bodies.setdefault(head.strip().casefold(), []).append(rest)
        for section in ("fallback", "rollback", "escalation"):
            texts = [t for head, ts in bodies.items() if head.startswith(section) for t in ts]
            empty = [
                all(not ln.strip() or ln.strip().upper().startswith("TODO") for ln in t.splitlines())
                for t in texts
            ]
            if texts and all(empty):
                found.append("DOC004")
    validation = card.get("validation")
    if stage == "production" and not validation:
        found.append("VAL001")
    if validation:
        age = (TODAY - as_date(validation["date"])).days
        if age > MAX_AGE[tier] - 30:
            found.append("VAL002")
        if str(validation.get("model_version")) != str(card["version"]):
            found.append("VAL003")
        record = all_owners.get(owner or "")
        if tier in HIGH and record is not None:
            same = {owner, record.get("lead"), *record.get("members", [])}
            if validation.get("validator") in same:
                found.append("VAL004")
    tests = card.get("bias_tests") or []
    newest = max(tests, key=lambda t: as_date(t["date"])) if tests else None
    if tier != "low" and stage in LIVE:
        if newest is None:
            found.append("BIA001")
        elif (TODAY - as_date(newest["date"])).days > 180:
            found.append("BIA002")
    if newest is not None and newest["result"] == "fail" and not newest.get("mitigation"):
        found.append("BIA003")
    if stage in LIVE and validation:
        result = validation.get("result")
        if result == "fail" or (result == "conditional" and not validation.get("conditions")):
            found.append("VAL006")
    dates = [validation.get("date")] if validation else []
    dates += [t["date"] for t in tests] + [i["date"] for i in card.get("incidents") or []]
    dates += [((card.get("training_data") or {}).get("privacy_review") or {}).get("date")]
    dates += [(card.get("pilot") or {}).get("decided")]
    found += ["DAT001" for d in dates if d is not None and as_date(d) > TODAY]
    if stage == "pilot":
        pilot = card.get("pilot") or {}
        if not pilot.get("exit_criteria"):
            found.append("PIL001")
        started = (TODAY - as_date(pilot["start"])).days
        undecided = pilot.get("decision") in (None, "pending")
        if started > 84 and undecided:
            found.append("PIL002")
        if as_date(pilot["end"]) < TODAY and undecided:
            found.append("PIL003")
        if (as_date(pilot["end"]) - as_date(pilot["start"])).days > 84:
            found.append("PIL004")
    if stage == "proposed":
        priority = card.get("priority")
        scores = ("impact", "feasibility", "readiness")
        found += ["POR001"] if not priority else ["POR001" for k in scores if priority.get(k) is None]
    metrics = card.get("metrics") or {}
    if stage in LIVE and not metrics.get("business"):
        found.append("MET001")
    if stage in LIVE and not metrics.get("leading"):
        found.append("MET004")
    leading = metrics.get("leading") or []
    for metric in (metrics.get("model") or []) + (metrics.get("business") or []) + leading:
        if "baseline" not in metric:
            found.append("MET002")
    if stage == "production":
        if not metrics.get("guardrails"):
            found.append("MET003")
        drift = (card.get("monitoring") or {}).get("drift") or {}
        if not any(drift.values()):
            found.append("MON001")
        if not (card.get("fallback") or {}).get("route"):
            found.append("RES001")
    if tier in HIGH and stage in LIVE and not card.get("human_oversight"):
        found.append("HUM001")
    data = card.get("training_data") or {}
    if data.get("contains_pii") and not data.get("privacy_review"):
        found.append("PRV001")
    found += ["INC001" for inc in card.get("incidents") or [] if not inc.get("review")]
    waived = set()
    record = all_owners.get(owner or "") or {}
    own_people = {owner, record.get("lead"), *record.get("members", [])} - {None}
    for waiver in card.get("waivers") or []:
        left = (as_date(waiver["expires"]) - TODAY).days
        if left <= 30:
            found.append("WAI001")
        if left > 365:
            found.append("WAI005")
        unwaivable = waiver["rule"].startswith(("SCH", "WAI", "DAT")) or waiver["rule"] not in RULES
        if unwaivable:
            found.append("WAI003")
        approver = waiver.get("approved_by")
        approver_record = all_owners.get(approver or "")
        self_approved = approver in own_people or (
            approver_record is not None and approver_record.get("active", True) is False
        )
        if approver and self_approved:
            found.append("WAI004")
        if not waiver.get("reason") or not approver:
            found.append("WAI002")
        elif left >= 0 and not unwaivable and not self_approved:
            waived.add(waiver["rule"])
    return sorted(code for code in found if code not in waived)


def test_labels_match_the_rules(large: Path) -> None:
    all_owners = owners(large)
    for mid, (card, text) in cards(large).items():
        if card.get("ownr"):  # the schema typo hides the owner from the rules
            card = {**card, "owner": None}
        label = [c for c in expected(text) if c not in ("SCH001", "VAL005")]
        assert oracle(large, card, all_owners) == label, mid


# --------------------------------------------------------------------------------------
# Schemas
# --------------------------------------------------------------------------------------


def _validator(name: str) -> Any:
    path = SCHEMAS / f"{name}.schema.json"
    import jsonschema

    schema = json.loads(path.read_text(encoding="utf-8"))
    cls = jsonschema.validators.validator_for(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def test_only_the_deliberately_broken_cards_fail_the_card_schema(large: Path) -> None:
    validator = _validator("card")
    failing, broken = [], []
    for mid, (card, text) in cards(large).items():
        if list(validator.iter_errors(isoify(card))):
            failing.append(mid)
        if "SCH001" in expected(text):
            broken.append(mid)
    assert failing == broken
    assert len(broken) == 6


@pytest.mark.parametrize("name", ["owner", "registry", "runbook"])
def test_other_files_match_their_schemas(large: Path, name: str) -> None:
    validator = _validator(name)
    if name == "owner":
        documents = list(owners(large).values())
    elif name == "registry":
        documents = [yaml.safe_load((large / "registry.yaml").read_text(encoding="utf-8"))]
    else:
        documents = [
            front_matter(p.read_text(encoding="utf-8"))
            for p in sorted((large / "models").glob("*/runbook.md"))
        ]
    for document in documents:
        errors = [e.message for e in validator.iter_errors(isoify(document))]
        assert not errors, (document, errors)


# --------------------------------------------------------------------------------------
# Git history
# --------------------------------------------------------------------------------------


def git(root: Path, *args: str) -> str:
    return subprocess.run(["git", *args], cwd=root, check=True, capture_output=True, text=True).stdout


def test_git_history_has_fixed_increasing_dates_and_a_clean_tree(with_git: Path) -> None:
    log = git(with_git, "log", "--reverse", "--format=%at %ct %an <%ae>|%cn <%ce>").splitlines()
    assert len(log) > 10
    authored = [int(line.split()[0]) for line in log]
    committed = [int(line.split()[1]) for line in log]
    assert authored == committed
    assert all(a < b for a, b in itertools.pairwise(authored))
    first, last = date.fromtimestamp(authored[0]), date.fromtimestamp(authored[-1])
    assert TODAY - timedelta(days=366) <= first and last < TODAY
    people = {f"{name} <{email}>" for name, email in gen.AUTHORS}
    for line in log:
        author, committer = line.split(" ", 2)[2].split("|")
        assert author == committer and author in people
    assert git(with_git, "status", "--porcelain") == ""


def test_git_tree_equals_the_plain_tree_and_commits_are_reproducible(
    with_git: Path, small: Path, tmp_path: Path
) -> None:
    assert tree(with_git) == tree(small)
    again = tmp_path / "again"
    gen.generate(again, 50, seed=0, git=True)
    assert git(again, "rev-parse", "HEAD") == git(with_git, "rev-parse", "HEAD")


def test_val005_labels_match_the_history(with_git: Path) -> None:
    """A card is labelled VAL005 exactly when a commit after its validation date changed
    a field other than validation, bias_tests, incidents and waivers."""
    flagged = 0
    for mid, (card, text) in cards(with_git).items():
        validation = card.get("validation")
        rel = f"models/{mid}/model_card.yaml"
        late_edit = False
        if validation and card["stage"] != "retired":
            since = as_date(validation["date"])
            previous = None
            for line in git(with_git, "log", "--reverse", "--format=%H %cs", "--", rel).split("\n"):
                if not line:
                    continue
                sha, day = line.split()
                version = yaml.safe_load(git(with_git, "show", f"{sha}:{rel}"))
                if previous is not None and date.fromisoformat(day) > since:
                    keys = set(version) | set(previous)
                    late_edit |= any(version.get(k) != previous.get(k) for k in keys if k not in EXEMPT)
                previous = version
        assert late_edit == ("VAL005" in expected(text)), mid
        flagged += late_edit
    assert flagged >= 2


# --------------------------------------------------------------------------------------
# Command line and helpers
# --------------------------------------------------------------------------------------


def test_cli_refuses_a_non_empty_out(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "keep.txt").write_text("mine\n")
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(out), "--models", "5"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "not an empty folder" in result.stderr
    assert sorted(p.name for p in out.iterdir()) == ["keep.txt"]
    with pytest.raises(FileExistsError):
        gen.generate(out, 5)


def test_cli_writes_and_reports(tmp_path: Path) -> None:
    out = tmp_path / "fresh"
    out.mkdir()  # an existing empty folder is fine
    result = subprocess.run(
        [sys.executable, str(SCRIPT), str(out), "--models", "5", "--seed", "3", "--today", "2026-01-15"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert re.fullmatch(r"wrote 5 models, 5 owners in \d+\.\ds\n", result.stdout)
    assert len(list((out / "models").iterdir())) == 5


@pytest.mark.parametrize(
    "text",
    [
        "yes",
        "No",
        "on",
        "null",
        "~",
        "1.0",
        "3",
        "1e3",
        "0x1F",
        "2026-01-01",
        "2026-01-01 10:00:00",
        "1:20",
        "#x",
        "a #b",
        "a: b",
        "a:",
        "- x",
        "[x]",
        "{x}",
        "x, y",
        "*ref",
        "&anchor",
        "!tag",
        "%x",
        "@x",
        "`x`",
        "'q'",
        '"q"',
        "?",
        "",
        " lead",
        "trail ",
        "precision < 0.9 for 3 days",
        "https://x.example/a#b",
        "Customer's account",
        "50% of traffic",
    ],
)
def test_scalar_round_trips(text: str) -> None:
    assert yaml.safe_load(f"k: {gen.scalar(text)}\n") == {"k": text}
    assert yaml.safe_load(f"k: {gen.flow_list([text, 'z'])}\n") == {"k": [text, "z"]}


def test_weeks_spread_one_commit_a_week_and_keep_the_tree(small: Path, tmp_path: Path) -> None:
    """``--weeks W`` (the trend benchmark's long history): W commits a week apart, the same tree."""
    out = tmp_path / "weekly"
    gen.generate(out, 50, seed=0, git=True, weeks=12)
    days = [date.fromisoformat(d) for d in git(out, "log", "--format=%cs").split()]
    assert len(days) == 12 and days[0] == gen.DEFAULT_TODAY - timedelta(days=1)
    assert [a - b for a, b in itertools.pairwise(days)] == [timedelta(days=7)] * 11
    assert tree(out) == tree(small) and git(out, "status", "--porcelain") == ""
    with pytest.raises(ValueError):
        gen.generate(tmp_path / "short", 5, git=True, weeks=1)
