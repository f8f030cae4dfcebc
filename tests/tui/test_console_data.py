"""The console's data layer without Textual: loading, rows, filters, sorting, groupings."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest
from console_fixtures import TODAY, audit_of, days_ago, write_registry

from registry import Severity
from registry.errors import Cancelled
from tui.data.query import filter_rows, parse_query
from tui.data.rows import sort_rows
from tui.data.views import group_findings, owners_view
from tui.loading import fingerprint, full_load, partial_load, stream_load
from tui.widgets.model_table import fit_middle


def test_the_console_loads_the_same_findings_as_the_audit(registry_root: Path) -> None:
    expected = audit_of(registry_root)
    snapshot = full_load(registry_root, TODAY)
    assert sorted(map(str, snapshot.findings)) == sorted(map(str, expected.findings))
    assert sorted(r.id for r in snapshot.rows) == sorted(expected.models)
    health = snapshot.health
    assert health.errors == sum(1 for f in expected.findings if f.severity is Severity.ERROR)
    assert health.models == len(expected.models)
    assert health.active == len(expected.models) - 1  # old-scorecard is retired


def test_a_large_registry_streams_a_first_batch_then_the_whole(registry_root: Path) -> None:
    snapshots = list(stream_load(registry_root, TODAY, first_batch=3))
    assert [s.complete for s in snapshots] == [False, True]
    first, last = snapshots
    assert len(first.rows) == 3 and first.total == 6
    assert len(last.rows) == 6
    # The first batch is judged as the full audit judges it (its owners are read too).
    shown = {row.id for row in first.rows}
    assert sorted(map(str, first.findings)) == sorted(str(f) for f in last.findings if f.model in shown)
    assert sorted(map(str, last.findings)) == sorted(map(str, audit_of(registry_root).findings))


def test_query_parsing_facets_negation_and_unknown_facets() -> None:
    query = parse_query('stage:prod,pilot -risk:low "two words" colour:red')
    facets = [(t.facet, t.value, t.negate) for t in query.terms]
    assert facets == [
        ("stage", "prod,pilot", False),
        ("risk", "low", True),
        (None, "two words", False),
        (None, "colour:red", False),
    ]
    assert query.problems and "colour" in query.problems[0]
    assert parse_query('rule:"VAL').terms  # an unbalanced quote while typing is not an error


def test_filters_and_sorting_on_rows(registry_root: Path) -> None:
    rows = full_load(registry_root, TODAY).rows
    ids = lambda rs: sorted(r.id for r in rs)  # noqa: E731
    assert ids(filter_rows(rows, "risk:high,critical -stage:retired")) == ["credit-scorer", "fraud-detector"]
    assert ids(filter_rows(rows, "bias:missing")) == ["chat-assistant"]
    assert ids(filter_rows(rows, "has:warning")) == ["chat-assistant"]
    assert ids(filter_rows(rows, "has:clean")) == ["fraud-detector", "old-scorecard"]
    assert ids(filter_rows(rows, "kind:gen")) == ["chat-assistant"]
    by_validation = sort_rows(rows, "validation")
    assert by_validation[0].id == "credit-scorer"  # overdue first
    by_risk = [r.risk for r in sort_rows(rows, "risk")]
    assert by_risk.index("critical") < by_risk.index("high") < by_risk.index("low")


def test_groupings_and_owners_view(registry_root: Path) -> None:
    snapshot = full_load(registry_root, TODAY)
    by_severity = group_findings(snapshot, "severity")
    assert [group.key for group in by_severity] == ["error", "warning"]
    by_owner = {group.key: group.findings for group in group_findings(snapshot, "owner")}
    assert {f.model for f in by_owner["(no owner)"]} == {"doc-summary"}
    view = owners_view(snapshot)
    assert {item.model for item in view.attention} == {"churn-model", "doc-summary"}
    first = view.owners[0]
    assert first.id == "sam-okafor" and not first.active  # inactive records before active ones


def test_fingerprint_changes_when_a_card_changes(registry_root: Path) -> None:
    before = fingerprint(registry_root)
    assert not before.changed(fingerprint(registry_root))
    card = registry_root / "models/fraud-detector/model_card.yaml"
    card.write_text(card.read_text(encoding="utf-8") + "# edited\n", encoding="utf-8")
    assert before.changed(fingerprint(registry_root))


def waiver(rule: str) -> dict[str, str]:
    return {
        "rule": rule,
        "reason": "re-test with the retrain",
        "approved_by": "cro",
        "expires": days_ago(-90),
    }


@pytest.mark.parametrize("first_batch", [True, False], ids=["first-batch", "full-audit"])
def test_a_waived_bias_test_reads_waived_and_the_filter_finds_it(
    tmp_path: Path, cards: dict[str, Any], first_batch: bool
) -> None:
    """A stale bias test (BIA002) or none at all (BIA001), each waived: "waived", never "n/a" or "ok"."""
    stale, untested = cards["fraud-detector"], cards["credit-scorer"]
    stale["bias_tests"][0]["date"] = days_ago(200)
    stale["waivers"] = [waiver("BIA002")]
    del untested["bias_tests"]
    untested["validation"]["date"] = days_ago(20)
    untested["waivers"] = [waiver("BIA001")]
    root = write_registry(tmp_path / "registry", cards={"fraud-detector": stale, "credit-scorer": untested})
    assert audit_of(root).findings == []
    models = ["credit-scorer", "fraud-detector"]
    snapshot = partial_load(root, TODAY, models, 2) if first_batch else full_load(root, TODAY)
    rows = snapshot.row_index
    fraud, credit = rows["fraud-detector"].status, rows["credit-scorer"].status
    assert (fraud.bias_state, fraud.bias_age) == ("waived", 200)
    assert (credit.bias_state, credit.bias_age) == ("waived", None)
    assert rows["credit-scorer"].status.validation_state == "ok"
    assert {r.id for r in filter_rows(snapshot.rows, "bias:waived")} == {"fraud-detector", "credit-scorer"}


def test_a_retired_models_old_validation_is_not_called_waived(tmp_path: Path, cards: dict[str, Any]) -> None:
    retired = cards["old-scorecard"]
    retired["validation"]["date"] = days_ago(400)
    root = write_registry(tmp_path / "registry", cards={"old-scorecard": retired})
    (row,) = full_load(root, TODAY).rows
    assert (row.status.validation_state, row.status.validation_age) == ("ok", 400)


@pytest.mark.parametrize("first_batch", [3, 100], ids=["first-batch", "full-audit"])
def test_loading_stops_at_once_when_cancelled(registry_root: Path, first_batch: int) -> None:
    cancel = threading.Event()
    cancel.set()
    with pytest.raises(Cancelled):
        list(stream_load(registry_root, TODAY, first_batch=first_batch, cancel=cancel))
    with pytest.raises(Cancelled):
        fingerprint(registry_root, cancel)
    assert not (registry_root / ".registry").exists(), "a cancelled load writes no cache"


def test_the_rules_of_2026_11_30_filter_and_group_like_the_others(
    tmp_path: Path, cards: dict[str, Any]
) -> None:
    """`rule:` accepts the new codes (and their families); the audit view groups them."""
    cards["churn-model"]["waivers"] = [
        {"rule": "OWN003", "reason": "Handover.", "approved_by": "sam-okafor", "expires": "2099-12-31"}
    ]
    cards["doc-summary"].pop("priority")
    root = write_registry(tmp_path / "registry", cards=cards)
    snapshot = full_load(root, TODAY)
    ids = lambda query: sorted(r.id for r in filter_rows(snapshot.rows, query))  # noqa: E731
    assert ids("rule:WAI004") == ids("rule:wai005") == ids("rule:WAI") == ["churn-model"]
    assert ids("rule:POR001") == ["doc-summary"]
    assert ids("-rule:WAI004,POR001 -stage:retired") == ["chat-assistant", "credit-scorer", "fraud-detector"]
    groups = {group.key: [f.model for f in group.findings] for group in group_findings(snapshot, "rule")}
    assert groups["WAI004"] == groups["WAI005"] == ["churn-model"] and groups["POR001"] == ["doc-summary"]


def test_long_model_ids_are_cut_in_the_middle_so_their_ends_stay_apart() -> None:
    ids = ["aml-transaction-monitor-00156", "aml-transaction-monitor-00157"]
    cut = [fit_middle(i, 20) for i in ids]
    assert cut == ["aml-transa…tor-00156", "aml-transa…tor-00157"]
    assert fit_middle("fraud-detector", 20) == "fraud-detector".ljust(20)
