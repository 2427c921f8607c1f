"""Unit tests of the weekly processes, one component at a time."""

from __future__ import annotations

import numpy as np
import pytest

from cogov import CommunityModel, load_scenario
from cogov.ledgers import ESCALATED, HIDDEN, NEIGHBOUR, OWNER_FIRM, NeedLedger
from cogov.phases.adaptation import adapt, feedback
from cogov.phases.dispatch import FIRM, RC, RESIDENTS, DispatchPolicy, Supply, allocate
from cogov.phases.needs import voice_probability
from cogov.phases.participation import invite_rates, recent

SMALL = {"structure.households_per_community": 600, "structure.households_per_grid": 300}


# ---------------------------------------------------------------- needs ledger
def test_ledger_grows_and_tracks_open_needs():
    led = NeedLedger(capacity=2)
    cols = dict(
        resident=np.arange(5),
        category=np.zeros(5),
        created=np.zeros(5),
        voiced_at=np.full(5, -1),
        status=np.full(5, HIDDEN),
        deadline=np.full(5, 3),
        closed_at=np.full(5, -1),
        hours=np.ones(5),
        handler=np.full(5, -1),
        taken=np.zeros(5),
    )
    idx = led.add(**cols)
    assert len(led) == 5 and list(idx) == [0, 1, 2, 3, 4]
    led.close(np.array([1, 3]), 2, step=1)
    assert list(led.open_idx) == [0, 2, 4]
    assert led.counts_by_status() == {"hidden": 3, "voiced": 0, "resolved": 2, "expired": 0}


def test_voicing_rises_with_trust():
    sc = load_scenario(None)
    reach = np.full(3, 0.8)
    p = voice_probability(sc, reach, np.array([0.1, 0.45, 0.9]))
    assert p[0] < p[1] < p[2] <= 0.8
    assert p[1] == pytest.approx(0.4)


# ---------------------------------------------------------------- dispatch
def _supply(rc=10.0, firm=0.0, residents=0.0):
    return Supply(
        rc=np.array([rc]),
        firm=np.array([firm]),
        firm_quality=np.array([1.0]),
        residents=np.array([residents]),
        units=np.array([0.0]),
    )


def _allocate(policy, supply, created, cat=None, prop=None, vulnerable=None, hours=None):
    n = len(created)
    cat = np.zeros(n, dtype=int) if cat is None else cat
    rng = np.random.default_rng(0)
    return allocate(
        policy,
        supply,
        np.arange(n),
        cat,
        np.zeros(n, dtype=bool) if prop is None else prop,
        np.full(n, 2.0) if hours is None else hours,
        np.asarray(created),
        np.zeros(n, dtype=int),
        np.zeros(n, dtype=int),
        np.zeros(n, dtype=int),
        np.zeros(n, dtype=bool) if vulnerable is None else vulnerable,
        np.zeros(1, dtype=int),
        rng,
    )


def test_allocation_stays_within_capacity_first_come_first_served():
    policy = DispatchPolicy(success={RC: 1.0})
    supply = _supply(rc=5.0)
    r = _allocate(policy, supply, created=[3, 1, 2, 0])  # 2 h each, 5 h: two fit
    assert sorted(r.resolved.tolist()) == [1, 3]  # the two oldest
    assert supply.rc[0] == pytest.approx(1.0)
    assert r.hours_used[RC] == pytest.approx(4.0)


def test_vulnerable_first_policy_serves_vulnerable_before_older_needs():
    policy = DispatchPolicy(priority="vulnerable_first", success={RC: 1.0})
    r = _allocate(policy, _supply(rc=2.0), created=[0, 5], vulnerable=np.array([False, True]))
    assert r.resolved.tolist() == [1]


def test_property_needs_go_to_the_firm_then_rc():
    policy = DispatchPolicy(success={RC: 1.0})
    supply = _supply(rc=2.0, firm=2.0)
    r = _allocate(policy, supply, created=[0, 1], prop=np.array([True, True]))
    assert sorted(zip(r.resolved.tolist(), r.resolved_by.tolist(), strict=True)) == [
        (0, FIRM),
        (1, RC),
    ]


def test_residents_take_what_rc_cannot_with_overhead():
    policy = DispatchPolicy(overhead={RESIDENTS: 1.5}, success={RC: 1.0, RESIDENTS: 1.0})
    cat = np.full(2, 1)  # elder care: residents can help
    supply = _supply(rc=2.0, residents=3.0)
    r = _allocate(policy, supply, created=[0, 1], cat=cat)
    assert dict(zip(r.resolved.tolist(), r.resolved_by.tolist(), strict=True)) == {
        0: RC,
        1: RESIDENTS,
    }
    assert r.residents_used[0] == pytest.approx(3.0)  # 2 h × 1.5 overhead


def test_paperwork_never_goes_to_residents():
    policy = DispatchPolicy(success={RC: 1.0, RESIDENTS: 1.0})
    cat = np.full(1, 4)  # paperwork
    r = _allocate(policy, _supply(rc=0.0, residents=10.0), created=[0], cat=cat)
    assert len(r.resolved) == 0


# ---------------------------------------------------------------- participation
def test_invitations_come_from_building_leaders():
    m = CommunityModel(rng=1, overrides=SMALL)
    rates = invite_rates(m.residents, m.layout.n_buildings, 6.0)
    assert (rates[~m.leader_in_building] == 0).all()
    assert (rates[m.leader_in_building] > 0).all()


def test_recent_window():
    last = np.array([-10_000, 3, 10])
    assert recent(last, 10, 8).tolist() == [False, True, True]
    assert recent(last, 12, 8).tolist() == [False, False, True]


def test_peers_raise_participation():
    lo = CommunityModel(rng=2, overrides={**SMALL, "participation.peer_weight": 0.0})
    hi = CommunityModel(rng=2, overrides={**SMALL, "participation.peer_weight": 6.0})
    for _ in range(20):
        lo.step()
        hi.step()
    assert hi.latest("participation_any") > lo.latest("participation_any") + 0.05


# ---------------------------------------------------------------- firms and fees
def test_fee_spiral_low_satisfaction_lowers_collection_effort_and_quality():
    over = {
        "structure.compound_mix.commodity_estate": 1.0,
        "structure.compound_mix.old_compound": 0.0,
        "structure.compound_mix.work_unit": 0.0,
        "structure.households_per_community": 1200,
    }
    good = CommunityModel(rng=3, overrides=over)
    bad = CommunityModel(
        rng=3,
        overrides={
            **over,
            "population.satisfaction_mean": 0.15,
            "adaptation.rate": 0.0,
            "owners_committees.replace_satisfaction": 0.0,
        },
    )
    for _ in range(20):  # before the exit window ends
        good.step()
        bad.step()
    g, b = good.timeseries().iloc[-1], bad.timeseries().iloc[-1]
    assert b["firm_exits"] == 0
    assert max(f.effort for f in bad.active_firms()) < min(f.effort for f in good.active_firms())
    assert b["fee_collection_rate"] < g["fee_collection_rate"] - 0.3
    assert b["firm_quality_mean"] < g["firm_quality_mean"] - 0.1


def test_firm_with_no_income_exits_and_functional_oc_replaces_it():
    over = {
        **SMALL,
        "firms.fee_yuan_per_household_week": 0.0,
        "firms.exit_window_weeks": 4,
        "firms.replacement_weeks": 3,
        "owners_committees.functional_share": 1.0,
    }
    m = CommunityModel(rng=1, overrides=over)
    n_firms = len(m.active_firms())
    assert n_firms > 0
    for _ in range(5):
        m.step()
    assert m.firm_exits_total >= n_firms
    with_oc = [c for c, oc in m.oc_of_compound.items() if oc.functional]
    for _ in range(4):
        m.step()
    assert any(m.firm_of_compound[c] >= 0 for c in with_oc)


# ---------------------------------------------------------------- disputes
def test_unmediated_disputes_escalate_and_cost_trust():
    m = CommunityModel(
        rng=1, overrides={**SMALL, "disputes.neighbour_rate": 0.0, "disputes.owner_firm_rate": 0.0}
    )
    m.step()
    c = 0
    m.disputes.add(np.array([NEIGHBOUR, OWNER_FIRM]), np.array([c, c]), np.array([0, 0]), step=1)
    trust_before = m.residents.trust_rc[m.residents.compound == c].mean()
    assert m.disputes_phase.escalate(1 + m.params.disputes.escalation_weeks) == 2
    assert (m.disputes.status[-2:] == ESCALATED).all()
    assert m.residents.trust_rc[m.residents.compound == c].mean() < trust_before


def test_rc_mediation_capacity_limits_settlements():
    busy = {
        **SMALL,
        "disputes.neighbour_rate": 0.02,
        "disputes.building_leader_mediation": 0.0,
        "owners_committees.mediation_rate": 0.0,
    }
    none = CommunityModel(rng=2, overrides={**busy, "disputes.rc_mediation_share": 0.0})
    some = CommunityModel(rng=2, overrides=busy)
    for _ in range(10):
        none.step()
        some.step()
    assert none.timeseries()["disputes_mediated"].sum() == 0
    assert some.timeseries()["disputes_mediated"].sum() > 0
    assert (
        none.timeseries()["disputes_escalated"].sum()
        > some.timeseries()["disputes_escalated"].sum()
    )


# ---------------------------------------------------------------- adaptation
def test_feedback_and_word_of_mouth():
    m = CommunityModel(rng=1, overrides=SMALL)
    r = m.residents
    sc = m.params
    i = int(np.flatnonzero(np.diff(r.ties.indptr) > 0)[0])
    friend = r.ties.indices[r.ties.indptr[i]]
    before = r.trust_rc.copy()
    feedback(sc, r, np.array([], dtype=int), np.array([i]))
    assert r.trust_rc[i] < before[i]
    assert r.trust_rc[friend] < before[friend]  # word of mouth
    sat = r.satisfaction[i]
    feedback(sc, r, np.array([i]), np.array([], dtype=int))
    assert r.satisfaction[i] > sat


def test_adaptation_returns_toward_base_without_events():
    m = CommunityModel(rng=1, overrides=SMALL)
    r = m.residents
    r.trust_rc[:] = 0.0
    level = np.full(m.layout.n_compounds, 0.5)
    for _ in range(400):  # memory: a shock's trace halves in about a year (ODD 7.8)
        adapt(m.params, r, level, np.zeros(r.n, dtype=bool))
    np.testing.assert_allclose(r.trust_rc, r.trust_rc_base, atol=0.01)
