"""The rural village (issue 11, item 6): its layout and people, and its three institutions.

Each institution's test runs the village with one pathway on and the others cut, against
the village without the institution, paired by seed over two years, and asserts on the
95% CI of the paired differences; then it cuts that pathway too and sees the difference
vanish (the runs are then bit-identical to the village's: the institutions draw only from
their own streams and, with their costs set to zero, spend nothing).
"""

from __future__ import annotations

import numpy as np
import pytest

from cogov import build_model
from cogov.errors import InputError
from cogov.ledgers import EXPIRED, RESOLVED
from cogov.population import WORKING_AGE

from .conftest import SEEDS, STEPS, run, vanishes, window_effect

pytestmark = pytest.mark.slow

VILLAGE = {"structure__households_per_community": 800}
FD = "mechanisms__four_deliberations__"
VS = "mechanisms__village_supervision__"
DD = "mechanisms__dedication_day__"
#: The four deliberations with every pathway cut (no time taken, nobody invited, nothing
#: disclosed, nothing spent).
FD_CUT = {
    FD + "enabled": True,
    FD + "cadre_hours_per_matter": 0.0,
    FD + "invite_share": 0.0,
    FD + "disclosure_weight": 0.0,
    FD + "meeting_cost_yuan": 0.0,
}


def effect(column: str, on: dict, off: dict | None = None, weeks=(53, STEPS)):
    """Mean paired difference (on − off) of a column's mean over ``weeks``, 95% half-width."""
    return window_effect("village", column, on, off, weeks, **VILLAGE)


# ------------------------------------------------------------------------ the village type
def test_village_has_rural_grids_hamlets_no_firms_and_its_young_away():
    _, m = run("village", SEEDS[0], steps=1, **VILLAGE)
    lay, res, v = m.world.layout, m.residents, m.params.village
    assert lay.n_grids == round(800 / v.households_per_grid)
    assert lay.compound_village.all()
    assert not m.world.property.firms and not m.world.property.oc_of_compound
    # out-migration: far fewer working-age villagers than a town of the same households
    _, town = run("baseline", SEEDS[0], steps=1, **VILLAGE)
    share = lambda r: float((r.age == WORKING_AGE).mean())  # noqa: E731
    assert share(res) < share(town.residents) - 0.1
    assert res.n < town.residents.n
    # the elected committee: five part-time cadres, fewer hours than the town's staff
    assert m.world.organisations[0].needs_hours() < town.world.organisations[0].needs_hours()


def test_one_kind_per_community_or_none():
    with pytest.raises(InputError, match="one kind per community"):
        build_model("village", {"structure.communities": 2}, seed=1)


# ------------------------------------------------------------------------ 四议两公开
def test_deliberation_invitations_raise_deep_participation_and_vanish_when_cut():
    on = {**FD_CUT, FD + "invite_share": 0.3}
    mean, half = effect("participation_deep", on)
    assert mean - half > 0
    assert vanishes(*effect("participation_deep", FD_CUT))


@pytest.mark.parametrize("cadres", [1, 15])
def test_disclosure_moves_trust_with_the_record_disclosed_and_vanishes_when_cut(cadres):
    """A weak committee (1 cadre) lets collective matters expire, a strong one (15) resolves
    them: disclosing the record lowers trust in the first and raises it in the second."""
    team = {"village__committee_members": cadres}
    on = {**FD_CUT, FD + "disclosure_weight": 1.0, **team}
    mean, half = effect("trust_rc_mean", on, team)
    _, m = run("village", SEEDS[0], **VILLAGE, **on)
    led, a = m.needs, m.params.adaptation
    collective = np.array([c.property_service for c in m.params.needs.categories()])
    mine = collective[led.category]
    resolved = np.sum(mine & (led.status == RESOLVED))
    expired = np.sum(mine & (led.status == EXPIRED))
    record = (a.trust_resolved * resolved - a.trust_expired * expired) / (resolved + expired)
    assert abs(record) > 0.01  # the record is clearly good or bad ...
    assert abs(mean) > half  # ... disclosure moves trust ...
    assert np.sign(mean) == np.sign(record)  # ... its way
    assert vanishes(*effect("trust_rc_mean", {**FD_CUT, **team}, team))


def test_deliberation_takes_cadres_time_and_the_cost_vanishes_when_cut():
    on = {**FD_CUT, FD + "cadre_hours_per_matter": 8.0, FD + "matters_per_meeting": 40}
    mean, half = effect("needs_expired", on)
    assert mean - half > 0
    assert vanishes(*effect("needs_expired", FD_CUT))


# ------------------------------------------------------------------------ 村务监督委员会
#: Six times the default rate of neighbour disputes (land, boundaries): more than the
#: committee's cadres can mediate, so disputes escalate. In the default village the
#: cadres mediate every dispute in time and the supervision committee changes only who
#: settles them, not how many escalate (the constraint it acts on does not bind there).
BUSY = {"disputes__neighbour_rate": 0.0048}


def test_supervision_committee_settles_disputes_before_they_escalate():
    weekly = {VS + "enabled": True, VS + "review_interval_weeks": 1, **BUSY}
    cut = {**weekly, VS + "cases_per_review": 0, VS + "allowance_yuan_per_week": 0.0}
    base, _ = run("village", SEEDS[0], **VILLAGE, **BUSY)
    assert base["disputes_escalated"].sum() > 0.3 * base["disputes_arising"].sum()  # binds
    mean, half = effect("disputes_escalated", weekly, BUSY, weeks=(1, STEPS))
    assert mean + half < 0
    assert vanishes(*effect("disputes_escalated", cut, BUSY, weeks=(1, STEPS)))
    ts, _ = run("village", SEEDS[0], **VILLAGE, **{VS + "enabled": True})
    assert ts["disputes_settled_by_supervision"].sum() > 0
    assert (ts.loc[ts["supervision_reviews"] > 0, "step"] % 4 == 0).all()


# ------------------------------------------------------------------------ 党员奉献日
def test_dedication_day_members_hours_resolve_needs_and_vanish_when_cut():
    on = {DD + "enabled": True}
    cut = {DD + "enabled": True, DD + "hours_per_member": 0.0, DD + "cost_yuan_per_day": 0.0}
    mean, half = effect("resident_supply_hours", on)
    assert mean - half > 0
    mean, half = effect("needs_resolved", on)
    assert mean - half > 0
    assert vanishes(*effect("needs_resolved", cut))
    assert vanishes(*effect("resident_supply_hours", cut))


def test_dedication_day_reach_shrinks_with_out_migration():
    on = {DD + "enabled": True}
    hours = []
    for away in (0.0, 0.8):
        ts, _ = run("village", SEEDS[0], **VILLAGE, **on, village__outmigration_share=away)
        hours.append(ts.loc[ts["dedication_days"] > 0, "dedication_hours"].mean())
    assert hours[1] < hours[0]
