"""Stakeholders' property decisions: the fee against the contract fee, the OC's collection
drive, the firm's response to complaints. Each pathway is cut and its effect must vanish."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogov.api import build_model
from cogov.phases.dispatch import FIRM

HOUSEHOLDS = {"structure.households_per_community": 1200}
WARM = 6  # plain weeks before a decision, so that some households stop paying


def _model(**over):
    return build_model("baseline", seed=5, overrides={**HOUSEHOLDS, **over})


def _twins(weeks: int = WARM, **over):
    """Two models with the same seed, stepped ``weeks`` plain weeks."""
    a, b = _model(**over), _model(**over)
    for _ in range(weeks):
        a.step()
        b.step()
    return a, b


def _payers(m) -> float:
    return m.last_week.property.fees_paid_households


def _driving_oc(m):
    """A working OC whose compound has a firm, and its compound."""
    sector = m.world.property
    for c, oc in sorted(sector.oc_of_compound.items()):
        if oc.functional and sector.firm_of_compound[c] >= 0:
            return c, oc
    raise AssertionError("the scenario has no working OC with a firm")


# ------------------------------------------------------------- the fee in the payment decision


@pytest.mark.parametrize(("factor", "fewer"), [(1.5, True), (0.6, False)])
def test_a_fee_above_the_contract_fee_lowers_payment_and_below_raises_it(factor, fewer):
    """Same satisfaction, same draws: only the fee differs in the week it is changed."""
    a, b = _twins()
    b.params.firms.fee_yuan_per_household_week *= factor
    a.step()
    b.step()
    assert _payers(a) > 0
    if fewer:
        assert _payers(b) < _payers(a)
    else:
        assert _payers(b) > _payers(a)


def test_without_the_fee_weight_the_fee_does_not_move_payment():
    """Cut: ``pay_fee_weight = 0``; the same fee rise leaves the week's payers as they were."""
    a, b = _twins(**{"firms.pay_fee_weight": 0.0})
    b.params.firms.fee_yuan_per_household_week *= 1.5
    a.step()
    b.step()
    assert _payers(b) == _payers(a)


def test_a_firm_hired_after_a_fee_change_has_the_new_fee_in_its_contract():
    m = _model()
    m.step()
    sector = m.world.property
    old = sector.active_firms()[0]
    m.params.firms.fee_yuan_per_household_week = 31.0
    sector.leave(old, m.steps)
    new = sector.hire(old.compound)
    assert new.contract_fee == 31.0 and sector.active_firms()[0].contract_fee == 25.0
    assert m.property_phase.fee_shift()[old.compound] == 0.0  # the new contract: no term


# ------------------------------------------------------------- the OC's collection drive


def test_a_collection_drive_raises_payment_in_its_compound():
    a, b = _twins()
    c, oc = _driving_oc(b)
    oc.set_collection_drive(1.0)
    paid_a = paid_b = 0.0
    for _ in range(4):
        a.step()
        b.step()
        fa = next(f for f in a.active_firms() if f.compound == c)
        fb = next(f for f in b.active_firms() if f.compound == c)
        paid_a += fa.collection_rate
        paid_b += fb.collection_rate
    assert paid_b > paid_a


def test_the_drives_reach_is_bounded_by_the_members_hours():
    """The constraint binds at the defaults: the members' hours remind fewer households than
    are behind, so more hours remind more; no hours, no reminder."""
    m = _model()
    for _ in range(WARM):
        m.step()
    c, oc = _driving_oc(m)
    phase = m.property_phase
    served = m.world.property.firm_of_compound[phase.household_compound] >= 0
    mine = served & (phase.household_compound == c)
    sat = phase.household_satisfaction()
    fp = m.params.firms
    p0 = fp.pay_ceiling / (1.0 + np.exp(-fp.pay_slope * (sat - fp.pay_threshold)))
    behind = float((fp.pay_ceiling - p0[mine]).sum())
    oc.set_collection_drive(1.0)
    reminded = oc.collection_hours() / m.params.owners_committees.reminder_hours_per_household
    assert 0 < reminded < behind  # the hours bind
    gains = []
    for level in (0.5, 1.0):
        oc.set_collection_drive(level)
        p = p0.copy()
        phase.remind(p, served)
        gains.append(float((p - p0)[mine].sum()))
        assert np.array_equal(p[~mine], p0[~mine])  # other compounds untouched
    assert 0 < gains[0] < gains[1]


def test_without_reminder_success_the_drive_does_not_move_the_payment_chance():
    """Cut: ``reminder_success = 0``; the chance is bit-identical to no drive."""
    m = _model(**{"owners_committees.reminder_success": 0.0})
    for _ in range(WARM):
        m.step()
    c, oc = _driving_oc(m)
    oc.set_collection_drive(1.0)
    phase = m.property_phase
    served = m.world.property.firm_of_compound[phase.household_compound] >= 0
    p0 = np.linspace(0.1, 0.9, len(served))
    p = p0.copy()
    phase.remind(p, served)
    assert np.array_equal(p, p0)


def test_a_drive_with_no_hours_is_a_plain_run_bit_for_bit():
    """Cut: ``drive_hours_per_member = 0``: no hours taken, no household reminded."""
    over = {"owners_committees.drive_hours_per_member": 0.0}
    a, b = _twins(**over)
    for _, oc in b.world.property.oc_of_compound.items():
        if oc.functional:
            oc.set_collection_drive(1.0)
    for _ in range(6):
        a.step()
        b.step()
    pd.testing.assert_frame_equal(a.timeseries(), b.timeseries(), check_exact=True)


def test_the_drive_costs_the_members_hours_for_orders_while_it_runs():
    a, b = _twins()
    c, oc = _driving_oc(b)
    members = oc.choose_members()
    res_b = b.world.residents
    assert res_b.party_member[members].any()  # party members first
    before = res_b.role_hours[members].copy()
    oc.set_collection_drive(1.0)
    hours = b.params.owners_committees.drive_hours_per_member
    assert np.allclose(res_b.role_hours[members], before + hours)
    a.step()
    b.step()
    offered_a = a.world.residents.hours_offered[members].sum()
    assert res_b.hours_offered[members].sum() < offered_a
    oc.set_collection_drive(0.0)
    assert np.allclose(res_b.role_hours[members], before) and oc.collection_hours() == 0.0


# ------------------------------------------------------------- the firm's response to complaints


def _firm_resolved(m, compound: int, weeks: int) -> int:
    n = 0
    led = m.world.needs
    for _ in range(weeks):
        m.step()
        d = m.last_week.services.dispatch
        mine = m.world.residents.compound[led.resident[d.resolved]] == compound
        n += int(np.count_nonzero(mine & (d.resolved_by == FIRM)))
    return n


def test_a_firm_that_responds_resolves_more_of_its_compounds_property_needs():
    a, b = _twins(weeks=2)
    firm = b.active_firms()[0]
    firm.request_share *= 3.0
    assert _firm_resolved(b, firm.compound, 10) > _firm_resolved(a, firm.compound, 10)


def test_responding_beyond_the_standard_is_paid_from_the_firms_income():
    m = _model()
    m.step()
    firm = m.active_firms()[0]
    p = m.params.firms
    assert firm.extra_request_cost() == 0.0
    firm.request_share = 2.0 * p.request_share_of_staff_time
    effort = firm.effort
    expected = firm.staff * p.staff_cost_yuan_week * p.request_share_of_staff_time * effort
    assert firm.extra_request_cost() == pytest.approx(expected)
    twin = _model()
    twin.step()
    other = twin.active_firms()[0]
    paying = firm.households // 2  # income well below the cap, so money left sets effort
    firm.settle_week(paying, 0.2)
    other.settle_week(paying, 0.2)
    assert firm.cost_week == pytest.approx(other.cost_week + expected)
    assert firm.effort < other.effort  # less of the income left for effort
