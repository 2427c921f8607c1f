"""Point incentives: more volunteering while on; crowding-out shows once withdrawn."""

from __future__ import annotations

import numpy as np

from .conftest import SEEDS, mean_over, run


def test_points_raise_volunteering_and_participation_while_on():
    for col in ("volunteers", "participation_shallow"):
        gain = mean_over("point_incentives", col) - mean_over("baseline", col)
        assert gain.mean() > 0 and (gain > 0).all(), col
    vol_gain = mean_over("point_incentives", "volunteers") / mean_over("baseline", "volunteers")
    assert vol_gain.mean() > 1.05
    assert mean_over("point_incentives", "volunteer_extrinsic_mean").mean() > 0.1


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


def test_withdrawal_leaves_intrinsic_motivation_below_baseline():
    after = (66, 104)  # from three months after the withdrawal in week 53
    base = mean_over("baseline", "volunteer_intrinsic_mean", after)
    withdrawn = mean_over("points_withdrawn", "volunteer_intrinsic_mean", after)
    assert (withdrawn < base - 0.02).all()
    # extrinsic motivation is gone, no points are issued any more
    assert mean_over("points_withdrawn", "volunteer_extrinsic_mean", after).max() < 0.03
    ts, _ = run("points_withdrawn", SEEDS[0])
    assert ts.loc[ts["step"] >= 53, "points_issued"].sum() == 0
    assert ts.loc[ts["step"] < 53, "points_issued"].sum() > 0
    # while points ran, motivation in total was higher than without them
    during = (27, 52)
    total_on = mean_over("points_withdrawn", "volunteer_intrinsic_mean", during) + mean_over(
        "points_withdrawn", "volunteer_extrinsic_mean", during
    )
    assert total_on.mean() > mean_over("baseline", "volunteer_intrinsic_mean", during).mean()


def test_no_crowding_out_without_crowding_strength():
    after = (66, 104)
    kw = {"mechanisms__point_incentives__crowding_out": 0.0}
    base = mean_over("baseline", "volunteer_intrinsic_mean", after)
    withdrawn = mean_over("points_withdrawn", "volunteer_intrinsic_mean", after, **kw)
    assert np.abs(withdrawn - base).max() < 0.01
