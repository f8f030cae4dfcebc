"""BIA rules: models that affect people are tested for unfair outcomes, and kept tested."""

from __future__ import annotations

from collections.abc import Iterator

from registry.model import is_empty
from registry.rules import LIVE_STAGES, Check, Hit, rule


def _required(check: Check) -> bool:
    card = check.card
    return card.risk_tier in check.policy.bias_test_required_for and card.stage in LIVE_STAGES


@rule(
    "BIA001",
    "error",
    title="Required bias test missing",
    rationale="""Models that make or shape decisions about people must be tested for
    disparate outcomes before and while they are used (EU AI Act Art. 10, ECOA, NYC LL 144).
    The policy names the risk tiers that need it.""",
    fix="""Run a bias test (e.g. demographic parity or equalised odds across protected
    attributes) and record it under `bias_tests:` with date, method, attributes, result, evidence.""",
    stages=("pilot", "production"),
    example="""
risk_tier: high
bias_tests: []          # BIA001: never tested for bias
""",
    compliant="""
risk_tier: high
bias_tests:
  - {date: 2026-11-10, method: demographic parity by age band, attributes: [age_band], result: pass}
""",
)
def bia001(check: Check) -> Iterator[Hit]:
    if _required(check) and not any(isinstance(t, dict) for t in check.card.get_list("bias_tests")):
        yield Hit(
            f"{check.card.risk_tier}-risk {check.card.stage} model has no bias test",
            at=("bias_tests",),
            field="bias_tests",
        )


@rule(
    "BIA002",
    "error",
    title="Newest bias test is too old",
    rationale="""Populations and data shift, so a fairness result expires. The policy sets
    how recent the newest bias test must be where bias tests are required.""",
    fix="""Rerun the bias test on current data and add it to `bias_tests:`.""",
    stages=("pilot", "production"),
    example="""
bias_tests:             # BIA002: the newest test is older than 180 days
  - {date: 2026-02-01, method: demographic parity by age band, attributes: [age_band], result: pass}
""",
    compliant="""
bias_tests:
  - {date: 2026-11-10, method: demographic parity by age band, attributes: [age_band], result: pass}
""",
)
def bia002(check: Check) -> Iterator[Hit]:
    newest = check.card.newest_bias_test()
    if not _required(check) or newest is None:
        return
    index, when = newest.index, newest.day
    age = (check.today - when).days
    limit = check.policy.bias_test_max_age_days
    if age > limit:
        yield Hit(
            f"newest bias test is {age} days old; the limit is {limit} days",
            at=("bias_tests", index, "date"),
            field="bias_tests.date",
        )


@rule(
    "BIA003",
    "error",
    title="Newest bias test failed without mitigation",
    rationale="""A failed fairness test is acceptable only with a documented response: what
    was changed, constrained or monitored. Without it the model knowingly runs with an
    unfair outcome.""",
    fix="""Record `mitigation:` on the failed test (what was done and where the evidence is),
    or retest after fixing the model.""",
    example="""
bias_tests:             # BIA003: the newest test failed and nothing was done
  - {date: 2026-11-10, method: equal opportunity by gender, attributes: [gender], result: fail}
""",
    compliant="""
bias_tests:
  - {date: 2026-11-10, method: equal opportunity by gender, attributes: [gender], result: fail,
     mitigation: reweighted training data; retest scheduled}
""",
)
def bia003(check: Check) -> Iterator[Hit]:
    newest = check.card.newest_bias_test()
    if newest is None:
        return
    index, test = newest.index, newest.entry
    if test.get("result") == "fail" and is_empty(test.get("mitigation")):
        yield Hit(
            "newest bias test failed and has no mitigation",
            at=("bias_tests", index),
            field="bias_tests.mitigation",
        )
