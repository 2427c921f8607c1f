"""Three lists: matching through the lists lowers expiries and time to resolution."""

from __future__ import annotations

import pytest

from cogov.phases.dispatch import RESIDENTS

from .conftest import SEEDS, mean_over, run


def test_lowers_expiries_and_time_to_resolution():
    for col in ("needs_expired", "time_to_resolution_mean"):
        base, lists = mean_over("baseline", col), mean_over("three_lists", col)
        assert lists.mean() < 0.9 * base.mean(), col
        assert (lists < base).sum() >= len(SEEDS) - 1, col


@pytest.mark.parametrize("matching", ["first_come", "nearest", "skill_match", "vulnerable_first"])
def test_policy_follows_the_matching_parameter(matching):
    _, m = run("three_lists", SEEDS[0], steps=2, mechanisms__three_lists__matching=matching)
    pol = m.last_week.services.policy
    p = m.params.mechanisms.three_lists
    assert pol.priority == matching and pol.residents_first and pol.use_units
    assert pol.residents_scope == ("community" if matching == "first_come" else "grid")
    assert pol.dispatch_hours_per_need == p.dispatch_hours_per_need
    if matching == "skill_match":
        assert pol.overhead[RESIDENTS] == p.skill_match_overhead
        assert pol.success[RESIDENTS] == p.skill_match_success


def test_skill_match_beats_nearest_team_without_it():
    near = mean_over(
        "three_lists", "time_to_resolution_mean", mechanisms__three_lists__matching="nearest"
    )
    skill = mean_over("three_lists", "time_to_resolution_mean")
    assert skill.mean() < near.mean()


def test_vulnerable_first_serves_vulnerable_residents_relatively_better():
    col = "vulnerable_service_ratio"
    near = mean_over("three_lists", col, mechanisms__three_lists__matching="nearest")
    vul = mean_over("three_lists", col, mechanisms__three_lists__matching="vulnerable_first")
    assert vul.mean() > near.mean()
