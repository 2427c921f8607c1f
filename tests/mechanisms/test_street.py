"""The street (issue 11, item 7): its staff pool, the big working committee, 包联.

A small street of four communities of different kinds (1,000 households each) under
``street_baseline`` (dual reporting, the street's staff pool). Each test runs one pathway
on (the others cut) against the street without it, paired by seed over two years, and
asserts on the 95% CI of the paired differences of the street's weekly totals; then it
cuts that pathway too and sees the difference vanish (bit-identical runs: the mechanisms
draw only from their own streams).
"""

from __future__ import annotations

import numpy as np
import pytest

from cogov.mechanisms.street_pool import backlog_shares

from .conftest import SEEDS, STEPS, run, vanishes, window_effect

pytestmark = pytest.mark.slow

STREET = {
    "structure__communities": 4,
    "structure__households_per_community": 1000,
    "structure__community_kinds": ("commodity_estate", "old_compound", "work_unit", "old_compound"),
}
#: A strained street: one community worker per community and no street staff, so that
#: staff and units' hours bind (needs go unmet for lack of a supplier); the big working
#: committee's and the leaders' hours can only matter where they do.
STRAINED = {"community__community_workers": 1, "mechanisms__street_pool__staff": 0}
SP = "mechanisms__street_pool__"
BW = "mechanisms__big_working_committee__"
LC = "mechanisms__leader_contact__"
BW_CUT = {BW + "enabled": True, BW + "extra_hours_per_unit": 0.0, BW + "pool_across_street": False}
LC_CUT = {
    LC + "enabled": True,
    LC + "department_hours_per_week": 0.0,
    LC + "yuan_per_year": 0.0,
    LC + "reporting_hours_per_week": 0.0,
}


def effect(column: str, on: dict, off: dict | None = None, weeks=(53, STEPS)):
    """Mean paired difference (on − off) of a column's mean over ``weeks``, 95% half-width."""
    return window_effect("street_baseline", column, on, off, weeks, **STREET)


def test_street_kinds_make_different_communities():
    _, m = run("street_baseline", SEEDS[0], steps=1, **STREET)
    lay = m.world.layout
    kinds = [set(lay.compound_kind[lay.compound_community == c].tolist()) for c in range(4)]
    assert kinds == [{0}, {1}, {2}, {1}]


def test_backlog_shares_follow_open_voiced_needs():
    _, m = run("street_baseline", SEEDS[0], steps=30, **STREET)
    shares = backlog_shares(m.world, 4)
    assert shares.sum() == pytest.approx(1.0)
    assert all(len(org.demand_list()) for org in m.world.organisations)
    counts = np.array([len(org.demand_list()) for org in m.world.organisations])
    assert np.allclose(shares, counts / counts.sum())


def test_street_staff_resolve_needs_and_the_effect_vanishes_without_staff():
    off = {SP + "enabled": False}
    mean, half = effect("needs_resolved", {}, off)
    assert mean - half > 0
    assert vanishes(*effect("needs_resolved", {SP + "staff": 0}, off))


def test_the_strained_street_is_short_of_suppliers():
    ts, _ = run("street_baseline", SEEDS[0], **STREET, **STRAINED)
    assert ts["unmet_no_supplier_share"].iloc[52:].mean() > 0.1


def test_part_time_members_units_add_hours_and_the_effect_vanishes_when_cut():
    extra = {**BW_CUT, BW + "extra_hours_per_unit": 6.0, **STRAINED}
    mean, half = effect("needs_expired", extra, STRAINED)
    assert mean + half < 0
    assert vanishes(*effect("needs_expired", {**BW_CUT, **STRAINED}, STRAINED))


def test_pooling_sends_the_co_opted_units_hours_where_the_backlog_is():
    from cogov.phases.dispatch import DispatchPolicy, Supply
    from cogov.week import DispatchPlan

    pooled = {**BW_CUT, BW + "pool_across_street": True, **STRAINED}
    ts, m = run("street_baseline", SEEDS[0], **STREET, **pooled)
    assert ts["pooled_unit_hours"].iloc[-1] > 0
    bwc = m.mechanisms.by_name("big_working_committee")
    own = np.zeros(4)
    for u in m.world.paired_units:
        own[u.community] += u.hours_per_week if u.reported else 0.0
    z = np.zeros(4)
    plan = DispatchPlan(DispatchPolicy(), Supply(z, z, z, z, own.copy()))
    bwc.dispatch_supply(None, plan)
    coopted = np.zeros(4)
    for u in bwc.coopted:
        coopted[u.community] += u.hours_per_week if u.reported else 0.0
    want = own - coopted + coopted.sum() * backlog_shares(m.world, 4)
    assert np.allclose(plan.supply.units, want)
    assert plan.supply.units.sum() == pytest.approx(own.sum())  # moved, not made
    # cut: without pooling the units' hours stay where they are
    pooling = bwc.params
    bwc.params = pooling.model_copy(update={"pool_across_street": False})
    plan = DispatchPlan(DispatchPolicy(), Supply(z, z, z, z, own.copy()))
    bwc.dispatch_supply(None, plan)
    bwc.params = pooling  # the run is cached: leave it as it was
    assert np.array_equal(plan.supply.units, own)


#: Two community workers: after recording and dispatching the week's needs their staff
#: have hours left for needs (with one, dispatching takes them all and reports could
#: take nothing more), and other suppliers are still short.
TWO_WORKERS = {**STRAINED, "community__community_workers": 2}


def test_leaders_reporting_pressure_costs_staff_time_and_vanishes_when_cut():
    reporting = {**LC_CUT, LC + "reporting_hours_per_week": 12.0, **TWO_WORKERS}
    ts, _ = run("street_baseline", SEEDS[0], **STREET, **reporting)
    assert ts["leader_reporting_hours"].iloc[52:].mean() > 0
    mean, half = effect("needs_expired", reporting, TWO_WORKERS, weeks=(1, STEPS))
    assert mean - half > 0
    assert vanishes(*effect("needs_expired", {**LC_CUT, **TWO_WORKERS}, TWO_WORKERS))


def test_leaders_resources_help_the_weakest_and_vanish_when_cut():
    resources = {**LC_CUT, LC + "department_hours_per_week": 20.0, **STRAINED}
    mean, half = effect("needs_expired", resources, STRAINED)
    assert mean + half < 0
    _, m = run("street_baseline", SEEDS[0], **STREET, **resources)
    contact = m.mechanisms.by_name("leader_contact")
    # the weakest first: the two old-compound communities
    assert contact.contacted.tolist()[1] and contact.contacted.tolist()[3]
    money = {**LC_CUT, LC + "yuan_per_year": 20000.0}
    ts, _ = run("street_baseline", SEEDS[0], **STREET, **money)
    assert ts["income_leader_contact_yuan"].sum() == pytest.approx(3 * 20000.0 * 2)
