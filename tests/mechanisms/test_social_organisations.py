"""Social organisations: contracted hours take care needs, paid through the money ledger.

Paired by seed; effects asserted with a 95% t-interval of the paired differences.
"""

from __future__ import annotations

import numpy as np

from cogov.experiments.stats import t_interval

from .conftest import SEEDS, mean_over, run

ON = {"mechanisms__social_organisations__enabled": True}


def test_contracted_hours_resolve_care_needs_and_none_bought_is_the_baseline():
    diff = mean_over("baseline", "needs_expired", **ON) - mean_over("baseline", "needs_expired")
    mean, half, _ = t_interval(diff)
    assert mean + half < 0, f"expired needs {mean:+.2f} ± {half:.2f}"
    assert (mean_over("baseline", "social_org_hours_worked", **ON) > 0).all()
    # No hours bought: the pool is on the list but empty; the run is the baseline's.
    none = {**ON, "mechanisms__social_organisations__contracted_hours_per_week": 0.0}
    for s in SEEDS:
        cut, _ = run("baseline", s, **none)
        base, _ = run("baseline", s)
        for col in ("needs_expired", "spending_total_yuan", "participation_any"):
            assert np.array_equal(cut[col], base[col]), col


def test_money_is_spent_through_the_ledger_and_shrinks_when_short():
    ts, _ = run("baseline", SEEDS[0], **ON)
    p = 20.0 * 40.0
    assert np.allclose(ts["spending_social_organisations_yuan"].iloc[:20], p)
    # A small service fund (contracts are bought for residents, 7.9.0): the hours bought
    # shrink to what is left, then to none, and the unpaid part is recorded; money never
    # goes below zero.
    small = {
        **ON,
        "community__service_fund_yuan_per_year": 10_000.0,
        "community__activity_cost_yuan": 0.0,
    }
    ts, _ = run("baseline", SEEDS[0], **small)
    year = ts[ts["step"] <= 52]
    assert year["spending_social_organisations_yuan"].sum() <= 10_000.0 + 1e-6
    assert (year["social_org_hours_bought"].iloc[-10:] == 0).all()
    assert year["shortfall_social_organisations_yuan"].iloc[-10:].min() == p
    assert (ts["budget_left_yuan"] >= -1e-6).all()
    # What is paid is what is bought.
    assert np.allclose(ts["spending_social_organisations_yuan"], ts["social_org_hours_bought"] * 40)


def test_quality_varies_and_sets_how_much_the_hours_resolve():
    def per_hour(**kw):
        res = mean_over("baseline", "social_org_needs_resolved", **kw)
        hours = mean_over("baseline", "social_org_hours_worked", **kw)
        return res / hours

    poor = {**ON, "mechanisms__social_organisations__quality_mean": 0.4}
    assert (per_hour(**poor) < per_hour(**ON)).all()
    q = [run("baseline", s, **ON)[0]["social_org_quality_mean"] for s in SEEDS]
    assert np.ptp([x.iloc[0] for x in q]) > 0.05  # organisations differ
    assert any(x.nunique() > 1 for x in q)  # and are tendered again each year
