"""Point incentives act through the residents who earn them; crowding-out shows once withdrawn.

Earners and former earners are identified in the run with points and looked up, resident by
resident, in the never-points run with the same seed (same population, same draws until the
runs diverge), so a difference is the points' doing and not a different population.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from cogov import build_model
from cogov.mechanisms.point_incentives import former_earners_participation
from cogov.phases.participation import recent

from .conftest import SEEDS, SMALL, mean_over, run

AFTER = (66, 104)  # from three months after the withdrawal in week 53
CROWDING_OFF = {"mechanisms.point_incentives.crowding_out": 0.0}


def _attendance(model, weeks: tuple[int, int]) -> np.ndarray:
    """Step ``model`` to ``weeks[1]``; each resident's weekly shallow attendance in ``weeks``."""
    count = np.zeros(model.world.residents.n)
    while model.steps < weeks[1]:
        model.step()
        if model.steps >= weeks[0]:
            count += model.world.residents.last_shallow == model.steps
    return count / (weeks[1] - weeks[0] + 1)


def _former_earners(seed: int, overrides: dict | None = None):
    withdrawn = build_model("points_withdrawn", {**SMALL, **(overrides or {})}, seed=seed)
    baseline = build_model("baseline", SMALL, seed=seed)
    return former_earners_participation(withdrawn, baseline, AFTER)


def test_crowding_out_lowers_former_earners_participation_after_withdrawal():
    """Former earners take part less than the same residents never paid; not without crowding."""
    on = [_former_earners(seed) for seed in SEEDS]
    off = [_former_earners(seed, CROWDING_OFF) for seed in SEEDS]
    gap_on = np.array([r.gap for r in on])
    gap_off = np.array([r.gap for r in off])
    base = np.array([r.baseline for r in on])
    assert all(r.former_earners > 500 for r in on)
    # with crowding-out: below the never-points run in every seed, by over 2% of its level
    assert (gap_on < -0.02 * base).all(), gap_on
    # without it: not below, within noise (the runs share their draws)
    assert (gap_off > -0.015 * base).all() and gap_off.mean() > -0.005 * base.mean(), gap_off
    assert gap_on.mean() < gap_off.mean() - 0.02 * base.mean()
    # residents who never earned are left as they were
    for r in on:
        assert abs(r.others_withdrawn - r.others_baseline) < 0.1 * r.others_baseline


def test_former_earners_column_follows_withdrawal():
    ts, _ = run("points_withdrawn", SEEDS[0])
    after = ts["step"] >= 53
    assert ts.loc[after, "points_issued"].sum() == 0
    assert ts.loc[~after, "points_issued"].sum() > 0
    assert ts.loc[~after, "former_earners_shallow"].isna().all()
    # earners fade out within the earning window once points stop
    assert ts.loc[ts["step"] == 52, "points_earners_share"].item() > 0.2
    assert ts.loc[ts["step"] >= 66, "points_earners_share"].max() == 0


def test_former_earners_column_measures_the_former_earners():
    """The column is the former earners' recent shallow participation, not everyone's."""
    model = build_model("points_withdrawn", SMALL, seed=SEEDS[0])
    for _ in range(80):
        model.step()
    former = model.mechanisms.by_name("point_incentives").former_earners()
    res, window = model.world.residents, model.params.participation.window_weeks
    theirs = recent(res.last_shallow[former], 80, window).mean()
    others = recent(res.last_shallow[~former], 80, window).mean()
    assert model.latest("former_earners_shallow") == theirs
    assert theirs > others + 0.1  # measured: 0.60 against 0.21, so the two cannot be confused


def test_only_earners_hold_an_extrinsic_motive():
    for seed in SEEDS[:3]:
        _, m = run("point_incentives", seed)
        mech = m.mechanisms.by_name("point_incentives")
        res = m.world.residents
        never = mech.earned == 0
        now = mech.earners(m.steps)
        assert never.sum() > 0.05 * res.n and now.sum() > 0.2 * res.n
        assert (res.extrinsic[never] == 0).all()
        assert (res.extrinsic[now] > 0).all()
        # those who stopped earning keep less of it than those who still earn
        lapsed = ~never & ~now
        assert res.extrinsic[lapsed].mean() < 0.5 * res.extrinsic[now].mean()


def test_participation_gain_goes_to_earners():
    """Earners (by week 26) gain attendance in weeks 27–78 over the same residents without points.

    Cutting the incentive term (``activity_incentive = 0``) removes their gain: what is left
    is the crowding-out that lowers it.
    """
    weeks = (27, 78)
    for seed in SEEDS[:3]:
        base = _attendance(build_model("baseline", SMALL, seed=seed), weeks)
        gains = {}
        for weight in (1.5, 0.0):
            over = {**SMALL, "mechanisms.point_incentives.activity_incentive": weight}
            model = build_model("point_incentives", over, seed=seed)
            for _ in range(weeks[0] - 1):
                model.step()
            earners = model.mechanisms.by_name("point_incentives").earned > 0
            gain = _attendance(model, weeks) - base
            gains[weight] = (gain[earners].mean(), gain[~earners].mean())
        (earners_gain, others_gain), (earners_cut, _) = gains[1.5], gains[0.0]
        level = base.mean()
        assert earners_gain > 0.02 * level, gains
        assert earners_gain > others_gain + 0.02 * level, gains
        assert earners_cut < earners_gain - 0.04 * level, gains


def test_intrinsic_pathway_is_zero_without_points():
    """The logit term for intrinsic motivation changes nothing in a run without points."""
    a, _ = run("baseline", SEEDS[0], steps=40)
    b, _ = run("baseline", SEEDS[0], steps=40, participation__intrinsic_shift_weight=0.0)
    pd.testing.assert_frame_equal(a, b)


def test_points_are_issued_redeemed_and_paid_within_the_cap():
    ts, m = run("point_incentives", SEEDS[0])
    p = m.params.mechanisms.point_incentives
    assert ts["points_issued"].sum() > 0 and ts["points_redeemed"].sum() > 0
    paid = ts["points_redeemed"].sum() * p.yuan_per_point
    assert np.isclose(ts["spending_points_yuan"].sum(), paid)
    issued_minus_redeemed = ts["points_issued"].sum() - ts["points_redeemed"].sum()
    assert np.isclose(issued_minus_redeemed, m.residents.points.sum())
    yearly = ts.groupby((ts["step"] - 1) // 52)["spending_points_yuan"].sum()
    assert (yearly <= p.budget_cap_yuan_per_year + 1e-6).all()


def test_a_binding_cap_devalues_points():
    cap = {"mechanisms__point_incentives__budget_cap_yuan_per_year": 2000.0}
    low = mean_over("point_incentives", "points_credibility", **cap)
    full = mean_over("point_incentives", "points_credibility")
    assert low.mean() < full.mean() - 0.2
    assert (
        mean_over("point_incentives", "volunteer_extrinsic_mean", **cap).mean()
        < mean_over("point_incentives", "volunteer_extrinsic_mean").mean()
    )
