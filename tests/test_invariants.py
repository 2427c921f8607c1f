"""Property tests: invariants that hold for any parameters and seed."""

from __future__ import annotations

import numpy as np
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from cogov import CommunityModel
from cogov.ledgers import ESCALATED, EXPIRED, HIDDEN, MEDIATED, OPEN, RESOLVED, VOICED

params = st.fixed_dictionaries(
    {
        "structure.households_per_community": st.integers(80, 500),
        "structure.households_per_grid": st.integers(50, 400),
        "structure.household_size": st.floats(1.0, 4.0),
        "needs.rate_scale": st.floats(0.0, 5.0),
        "community.community_workers": st.integers(0, 12),
        "community.budget_yuan_per_year": st.floats(0.0, 300_000.0),
        "community.service_fund_yuan_per_year": st.floats(0.0, 300_000.0),
        "population.trust_rc_mean": st.floats(0.0, 1.0),
        "population.volunteer_share": st.floats(0.0, 0.3),
        "firms.fee_yuan_per_household_week": st.floats(0.0, 60.0),
        "disputes.neighbour_rate": st.floats(0.0, 0.02),
    }
)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(overrides=params, seed=st.integers(0, 2**32), steps=st.integers(1, 25))
def test_nothing_is_lost_and_nothing_goes_negative(overrides, seed, steps):
    m = CommunityModel(rng=seed, overrides=overrides)
    n0 = m.residents.n
    for _ in range(steps):
        m.step()
        # no capacity or budget goes negative
        assert all(v >= -1e-9 for org in m.organisations for v in org.fund_left.values())
        assert (m.residents.hours_worked >= -1e-9).all()
        assert (m.residents.hours_worked <= m.residents.hours_offered + 1e-9).all()
        assert 0.0 <= m.latest("rc_hours_used_share") <= 1.0 + 1e-9
    res, led, ts = m.residents, m.needs, m.timeseries()
    # population is conserved
    assert res.n == n0 == len(m.resident_agents)
    assert (ts["residents"] == n0).all()
    # every need is in exactly one state; open ones are exactly the open index
    status = led.status
    assert np.isin(status, [HIDDEN, VOICED, RESOLVED, EXPIRED]).all()
    open_mask = status < RESOLVED
    assert set(led.open_idx.tolist()) == set(np.flatnonzero(open_mask).tolist())
    # counts add up: raised = resolved + expired + still open
    assert ts["needs_raised"].sum() == len(led)
    assert ts["needs_resolved"].sum() == (status == RESOLVED).sum()
    assert ts["needs_expired"].sum() == (status == EXPIRED).sum()
    assert ts["backlog_open"].iloc[-1] == open_mask.sum()
    assert ts["needs_resolved"].sum() + ts["needs_expired"].sum() + ts["backlog_open"].iloc[
        -1
    ] == len(led)
    # disputes likewise
    d = m.disputes
    assert ts["disputes_arising"].sum() == len(d)
    assert ts["disputes_mediated"].sum() == (d.status == MEDIATED).sum()
    assert ts["disputes_escalated"].sum() == (d.status == ESCALATED).sum()
    assert ts["disputes_open"].iloc[-1] == (d.status == OPEN).sum()
    # dispositions stay in [0, 1]
    for arr in (res.willingness, res.trust_rc, res.trust_strangers, res.satisfaction, res.burnout):
        assert ((arr >= 0) & (arr <= 1)).all()
    # spending never exceeds the two funds and what came in from outside
    years = 1 + (steps - 1) // 52
    budget = sum(m.organisations[0].fund_year.values()) * years
    income = ts[[c for c in ts.columns if c.startswith("income_")]].sum().sum()
    assert ts["spending_total_yuan"].sum() <= budget + income + 1e-6
    # what was asked is what was paid plus what went unpaid
    assert np.allclose(
        ts["money_asked_yuan"], ts["spending_total_yuan"] + ts["money_shortfall_yuan"]
    )
    # volunteer handles match the volunteer flags
    assert set(m.volunteer_agents) == set(np.flatnonzero(res.volunteer).tolist())
