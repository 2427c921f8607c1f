"""Dual reporting: more hours on the supply list, building leaders, and the nominal gap."""

from __future__ import annotations

import numpy as np

from .conftest import SEEDS, mean_over, per_model, run

ON = {"mechanisms__dual_reporting__enabled": True}


def test_members_and_units_report():
    for seed in SEEDS[:2]:
        ts, m = run("dual_reporting", seed)
        res = m.residents
        p = m.params.mechanisms.dual_reporting
        reported = m.reported
        assert not (reported & ~res.in_service).any()  # only in-service members report here
        share = reported.sum() / res.in_service.sum()
        assert abs(share - p.member_report_share) < 0.12
        assert all(u.reported for u in m.paired_units)
        # units' money reaches the budget once a year
        yearly = ts.loc[ts["income_units_yuan"] > 0, "step"].tolist()
        assert yearly == [1, 53]
        assert ts["income_units_yuan"].max() == len(m.paired_units) * p.unit_yuan_per_year


def test_raises_hours_worked_on_needs_and_needs_resolved():
    def worked(name, **kw):
        return mean_over(name, "resident_supply_hours", **kw) + mean_over(
            name, "unit_hours_worked", **kw
        )

    base, dual = worked("baseline"), worked("dual_reporting")
    assert (dual - base).mean() > 0.1 * base.mean()
    # in the baseline only in-service members who volunteer anyway work on needs
    member_gain = mean_over("dual_reporting", "in_service_hours_worked") - mean_over(
        "baseline", "in_service_hours_worked"
    )
    assert member_gain.mean() > 1.0 and (member_gain > 0).all()
    resolved_gain = mean_over("dual_reporting", "needs_resolved") - mean_over(
        "baseline", "needs_resolved"
    )
    assert resolved_gain.mean() > 2.0 and (resolved_gain > 0).sum() >= len(SEEDS) - 1


def test_reported_members_become_building_leaders():
    base = per_model("baseline", lambda m: m.leader_in_building.mean())
    dual = per_model("dual_reporting", lambda m: m.leader_in_building.mean())
    assert (dual > base).all()
    leaders_reported = per_model(
        "dual_reporting", lambda m: (m.residents.building_leader & m.reported).sum()
    )
    assert (leaders_reported > 0).all()


def test_stronger_evaluation_closes_the_nominal_gap():
    def gap(strength):
        kw = {
            **ON,
            "mechanisms__dual_reporting__evaluation_strength": strength,
            "mechanisms__dual_reporting__other_employer_evaluation": strength,
        }
        nominal = mean_over("baseline", "nominal_party_members", **kw)
        reported = mean_over("baseline", "reported_party_members", **kw)
        worked = mean_over("baseline", "in_service_hours_worked", **kw)
        return nominal / reported, worked

    weak_share, weak_hours = gap(0.1)
    strong_share, strong_hours = gap(0.9)
    assert weak_share.mean() > 0.6 and strong_share.mean() < 0.15
    assert strong_hours.mean() > 1.5 * weak_hours.mean()
    # nominal members are reported but give none of their committed hours
    weak = {**ON, "mechanisms__dual_reporting__evaluation_strength": 0.1}
    _, m = run("baseline", SEEDS[0], **weak)
    mech = m.mechanisms[0]
    assert mech.nominal.any() and np.all(mech.real_hours[mech.nominal] == 0.0)
    res = m.residents
    assert np.all(res.hours_worked[mech.nominal & ~res.volunteer] == 0.0)
