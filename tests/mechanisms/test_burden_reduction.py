"""Burden reduction: an admission list frees RC staff time for residents' needs.

The pathway is cut twice: a cap at the share tasks from above already take changes nothing
(bit for bit), and the effect on needs runs only through the RC's hours (with the RC's
hours for needs fixed by ``community_workers = 0`` there is nothing to free). Paired seeds,
a year after the first.
"""

from __future__ import annotations

import pandas as pd

from cogov import build_model
from cogov.experiments.patterns import paired

from .conftest import SEEDS, SMALL, mean_over, run

CAP_AT_BASELINE = {"mechanisms__burden_reduction__admission_cap": 0.5}
GROWTH = {"community__tasks_from_above_growth_per_year": 0.05}


def effect(column: str, **overrides):
    """Burden reduction minus the baseline, per seed, with its 95% interval."""
    return paired(
        mean_over("burden_reduction", column, **overrides)
        - mean_over("baseline", column, **overrides)
    )


def test_freed_staff_time_resolves_more_needs_and_lets_fewer_expire():
    assert effect("rc_time_on_needs_share").lo > 0.19  # 0.5 → 0.7 of staff time
    assert effect("needs_resolved").lo > 0
    assert effect("needs_expired").hi < 0
    assert effect("unmet_no_supplier_share").hi < 0
    # residents see more of their RC, and come to see it more as their own body
    assert effect("rc_seen_as_own_mean").lo > 0


def test_a_cap_the_tasks_do_not_reach_changes_nothing():
    for seed in SEEDS[:2]:
        base, _ = run("baseline", seed)
        capped, _ = run("burden_reduction", seed, **CAP_AT_BASELINE)
        pd.testing.assert_frame_equal(base, capped)


def test_without_staff_there_is_no_time_to_free():
    none = {"community__community_workers": 0}
    for column in ("needs_resolved", "needs_expired"):
        d = effect(column, **none)
        assert d.mean == 0.0 and d.half == 0.0, (column, d)


def test_the_list_holds_back_tasks_that_grow_every_year():
    # Without the list, tasks from above take 5 points more of staff time each year, and
    # more needs go unmet for lack of a supplier; under the list the second year is as
    # without growth.
    base_growing = mean_over("baseline", "rc_time_on_needs_share", **GROWTH)
    assert abs(base_growing.mean() - 0.45) < 1e-9  # year 2: 0.5 − 0.05
    d = paired(
        mean_over("baseline", "unmet_no_supplier_share", **GROWTH)
        - mean_over("baseline", "unmet_no_supplier_share")
    )
    assert d.lo > 0, d
    listed = mean_over("burden_reduction", "needs_expired", **GROWTH)
    assert (listed == mean_over("burden_reduction", "needs_expired")).all()


def test_tasks_from_above_grow_to_their_ceiling_and_never_give_time_back():
    org = build_model("baseline", SMALL, seed=SEEDS[0]).world.organisations[0]  # not cached
    start = org.needs_share
    org.take_on_tasks(0.3, ceiling=0.9)
    assert org.needs_share == start - 0.3
    org.take_on_tasks(0.3, ceiling=0.9)  # would be below 1 − 0.9: held at the ceiling
    assert org.needs_share == 1.0 - 0.9
    org.needs_share = 0.05  # already past the ceiling: more tasks give no time back
    org.take_on_tasks(0.3, ceiling=0.9)
    assert org.needs_share == 0.05
