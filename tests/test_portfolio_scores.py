"""The combined priority score and the use-case ranking (registry/portfolio.py; POR001 is in tests/rules/)."""

from __future__ import annotations

from typing import Any

import pytest

from registry.portfolio import PriorityScores, UseCase, combined_score, rank, score_value

EVEN = {"impact": 1, "feasibility": 1, "readiness": 1}


@pytest.mark.parametrize(
    ("scores", "weights", "expected"),
    [
        ((4, 3, 5), EVEN, 4.0),
        ((4, 4, 5), EVEN, 4.33),  # 13/3
        ((5, 5, 4), EVEN, 4.67),  # 14/3
        ((1, 1, 1), EVEN, 1.0),
        ((5, 5, 5), EVEN, 5.0),
        ((4, 3, 5), {"impact": 2, "feasibility": 1, "readiness": 1}, 4.0),  # 16/4
        ((5, 1, 1), {"impact": 2, "feasibility": 1, "readiness": 1}, 3.0),  # 12/4
        ((5, 1, 1), {"impact": 0, "feasibility": 1, "readiness": 1}, 1.0),  # weight 0 leaves it out
        ((3, 4, 3), {"impact": 1, "feasibility": 1, "readiness": 6}, 3.13),  # 25/8 = 3.125: half up
        ((2, 3, 3), {"impact": 0.5, "feasibility": 1, "readiness": 1}, 2.8),  # 7/2.5
        ((4, 3, 5), {"impact": 3}, 4.0),  # unnamed weights count 1: 20/5
    ],
)
def test_combined_score_is_the_weighted_mean_rounded_half_up(
    scores: tuple[int, int, int], weights: dict[str, float], expected: float
) -> None:
    assert combined_score(PriorityScores(*scores), weights) == expected


@pytest.mark.parametrize("missing", [(None, 3, 5), (4, None, 5), (4, 3, None), (None, None, None)])
def test_a_missing_score_means_no_combined_score(missing: tuple[Any, Any, Any]) -> None:
    assert combined_score(PriorityScores(*missing), EVEN) is None


def test_weights_adding_up_to_nothing_give_no_score() -> None:
    assert combined_score(PriorityScores(4, 3, 5), {"impact": 0, "feasibility": 0, "readiness": 0}) is None


@pytest.mark.parametrize(
    ("value", "expected"), [(1, 1), (5, 5), (0, None), (6, None), (2.5, None), (True, None), ("4", None)]
)
def test_only_whole_numbers_from_1_to_5_are_scores(value: Any, expected: int | None) -> None:
    assert score_value(value) == expected


def test_scores_from_a_cards_priority() -> None:
    scores = PriorityScores.from_priority({"impact": 4, "readiness": 9, "notes": "x"})
    assert scores == PriorityScores(4, None, None)
    assert scores.missing() == ["feasibility", "readiness"]
    assert PriorityScores.from_priority(None) == PriorityScores()
    assert PriorityScores.from_priority("high").missing() == ["impact", "feasibility", "readiness"]


def test_rank_by_score_then_impact_then_id() -> None:
    cases = [
        UseCase.of("zeta", PriorityScores(3, 5, 4), EVEN),  # 4.0, impact 3
        UseCase.of("alpha", PriorityScores(3, 4, 5), EVEN),  # 4.0, impact 3: id breaks the tie
        UseCase.of("mid", PriorityScores(5, 4, 3), EVEN),  # 4.0, impact 5: first of the 4.0s
        UseCase.of("top", PriorityScores(5, 5, 4), EVEN),  # 4.67
        UseCase.of("unscored-b", PriorityScores(5, 5, None), EVEN),
        UseCase.of("unscored-a", PriorityScores(), EVEN),
        UseCase.of("low", PriorityScores(1, 2, 1), EVEN),  # 1.33
    ]
    ranked = rank(cases)
    assert [c.model for c in ranked] == ["top", "mid", "alpha", "zeta", "low", "unscored-a", "unscored-b"]
    assert [c.score for c in ranked] == [4.67, 4.0, 4.0, 4.0, 1.33, None, None]
