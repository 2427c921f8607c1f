"""Each lever acts through the state its stakeholder controls; cut the state, the effect goes."""

from __future__ import annotations

import numpy as np
import pytest

from cogov.ledgers import HIDDEN
from cogov.roleplay.debrief import debrief
from cogov.roleplay.engine import Game, GameConfig, RoundInput, replay
from cogov.roleplay.levers import validate_event
from cogov.roleplay.roles import DecisionError, Role, validate_decision

CFG = GameConfig("baseline", seed=3, round_weeks=4, rounds=3)


def _inp(role=None, data=None, events=()):
    dec = {Role(role): validate_decision(role, data)} if role else {}
    return RoundInput(dec, [(k, validate_event(k, p)) for k, p in events])


def _ts(cfg, inputs):
    return replay(cfg, inputs).model.timeseries()


def test_the_representatives_fee_strike_stops_payment_in_their_compound_only_that_round():
    game = Game(CFG)
    c = game.levers.rep_compound
    firm = next(f for f in game.model.active_firms() if f.compound == c)
    game.play_round(_inp("resident", {"fee_strike": True}))
    assert firm.income_week == 0.0 and firm.collection_rate == 0.0
    others = [f for f in game.model.active_firms() if f.compound != c]
    assert all(f.income_week > 0 for f in others)
    game.play_round(RoundInput())  # the strike was for one round: they pay again
    assert firm.income_week > 0


def test_a_fee_strike_event_stops_every_served_household_paying_for_its_weeks():
    ts = _ts(CFG, [_inp(events=[("fee_strike", {"weeks": 2})]), RoundInput()])
    assert list(ts["fee_collection_rate"].iloc[:2]) == [0.0, 0.0]
    assert (ts["fee_collection_rate"].iloc[2:] > 0.5).all()


def test_held_effort_sets_the_firms_effort_and_its_pathway_to_quality():
    played = _ts(CFG, [_inp("firm", {"effort": 1.0})])
    plain = _ts(CFG, [RoundInput()])
    assert played["firm_quality_mean"].iloc[-1] > plain["firm_quality_mean"].iloc[-1] + 0.05
    game = Game(CFG)
    game.play_round(_inp("firm", {"effort": 1.0}))
    game.levers.before_week()
    assert all(f.effort == 1.0 for f in game.model.active_firms())


def test_the_fee_acts_on_firm_income_only_where_a_firm_serves():
    game = Game(CFG)
    game.play_round(_inp("firm", {"fee_yuan": 40}))
    firm = game.model.active_firms()[0]
    paying = round(firm.collection_rate * firm.households)
    assert firm.income_week == pytest.approx(paying * 40)


def test_leaving_and_voting_out_remove_the_firm_and_the_model_hires_a_new_one():
    game = Game(GameConfig("baseline", seed=3, round_weeks=4, rounds=8))
    c = game.levers.rep_compound  # has a firm and a working committee
    before = len(game.model.active_firms())
    game.play_round(_inp("oc", {"replace_firm_compounds": [c + 1]}))  # forms count from 1
    assert game.model.firm_of_compound[c] < 0 and len(game.model.active_firms()) == before - 1
    weeks = game.model.params.firms.replacement_weeks
    for _ in range(weeks // 4 + 1):
        game.play_round(RoundInput())
    assert game.model.firm_of_compound[c] >= 0  # the model's rule hired a replacement


def test_escalating_raises_escalations_and_costs_trust_in_the_rc():
    # let disputes build up for a round, then escalate
    cfg = GameConfig("baseline", seed=3, round_weeks=4, rounds=2)
    esc = _ts(cfg, [RoundInput(), _inp("oc", {"escalate_disputes": True})])
    plain = _ts(cfg, [RoundInput(), RoundInput()])
    assert esc["disputes_escalated"].sum() > plain["disputes_escalated"].sum()
    assert esc["trust_rc_mean"].iloc[4] < plain["trust_rc_mean"].iloc[4]


def test_more_rc_time_on_needs_resolves_more_through_the_rcs_hours():
    more = _ts(CFG, [_inp("rc", {"share_time_on_needs": 0.9})] * 3)
    less = _ts(CFG, [_inp("rc", {"share_time_on_needs": 0.1})] * 3)
    assert more["needs_resolved"].sum() > less["needs_resolved"].sum()


def test_unit_hours_reach_needs_only_where_the_dispatch_lists_units():
    # baseline: the ad hoc dispatch lists no units, so the hours sent cannot be used
    base = _ts(CFG, [_inp("unit", {"hours_per_week": 100})] * 3)
    assert base["unit_hours_worked"].sum() == 0
    dr = GameConfig("dual_reporting", seed=3, round_weeks=4, rounds=3)
    sent = _ts(dr, [_inp("unit", {"hours_per_week": 200})] * 3)
    plain = _ts(dr, [RoundInput()] * 3)
    assert sent["unit_hours_worked"].sum() > plain["unit_hours_worked"].sum()


def test_strict_evaluation_makes_the_units_reported_members_active():
    cfg = GameConfig("dual_reporting", seed=3, round_weeks=4, rounds=3)
    game = Game(cfg)
    unit = game.model.world.paired_units[0]
    unit.reported = True  # make sure this unit takes part
    dr = game.model.mechanisms.by_name("dual_reporting")
    res = game.model.world.residents
    mine = dr.members & (res.employer_unit == 0)
    game.play_round(_inp("unit", {"evaluation_strength": 1.0}))
    assert not (dr.nominal & mine).any()  # p_nominal(1) = 0
    game.play_round(_inp("unit", {"evaluation_strength": 0.0}))
    if mine.sum() >= 5:
        assert (dr.nominal & mine).any()
    assert np.allclose(
        dr._real_by_grid,
        np.bincount(res.grid, weights=dr.real_hours, minlength=len(dr._real_by_grid)),
    )


def test_raising_needs_voices_hidden_needs_of_the_chosen_kinds_in_the_compound():
    game = Game(CFG)
    game.play_round(RoundInput())
    led, res = game.model.world.needs, game.model.world.residents
    c = game.levers.rep_compound
    hidden = led.open_with(HIDDEN)
    mine = hidden[(res.compound[led.resident[hidden]] == c) & (led.category[hidden] == 0)]
    assert len(mine)
    notes = game.levers.start_round(
        {Role.RESIDENT: validate_decision("resident", {"raise_needs": ["repair"]})}, []
    )
    assert (led.status[mine] != HIDDEN).all()
    assert str(len(mine)) in notes[0].en


def test_events_act_through_the_shocks_state():
    game = Game(GameConfig("baseline", seed=3, round_weeks=4, rounds=3))
    n = len(game.model.active_firms())
    budget = game.model.world.organisations[0].budget_left
    game.play_round(
        _inp(
            events=[
                ("epidemic", {"weeks": 4}),
                ("firm_failure", {"share": 0.5}),
                ("budget_cut", {"share": 0.5}),
            ]
        )
    )
    assert game.model.params.shocks.epidemic.start_week == 1
    assert len(game.model.active_firms()) < n
    assert game.model.world.organisations[0].budget_year == pytest.approx(100000)
    assert game.model.world.organisations[0].budget_left < budget / 2 + 1
    ts = game.model.timeseries()
    plain = _ts(GameConfig("baseline", seed=3, round_weeks=4, rounds=1), [RoundInput()])
    assert ts["needs_raised"].sum() > plain["needs_raised"].sum()  # the epidemic's surge


def test_events_are_validated():
    with pytest.raises(DecisionError, match="allowed"):
        validate_event("budget_cut", {"share": 5})
    with pytest.raises(DecisionError, match="unknown event"):
        validate_event("meteor", {})


def test_debrief_names_each_role_and_its_effect_vanishes_without_its_decisions():
    inputs = [
        RoundInput(
            {
                Role.FIRM: validate_decision("firm", {"effort": 1.0}),
                Role.RC: validate_decision("rc", {"share_time_on_needs": 0.85}),
            }
        ),
        RoundInput(),
        RoundInput(),
    ]
    d = debrief(CFG, inputs, {Role.FIRM: "Alice"})
    assert set(d.changed) == {Role.FIRM, Role.RC}
    assert d.effects[Role.FIRM]["firm_quality_mean"] > 0
    assert d.effects[Role.RC]["needs_resolved"] > 0
    en, zh = "\n".join(d.text("en")), "\n".join(d.text("zh"))
    assert "property firm manager (Alice)" in en and "物业经理（Alice）" in zh
    assert "vs" in en
    nobody = debrief(CFG, [RoundInput()] * 3)
    assert nobody.played == nobody.all_model and not nobody.changed
    assert "Identical" in "\n".join(nobody.text("en"))


def test_the_all_model_run_keeps_the_events():
    one = GameConfig("baseline", seed=3, round_weeks=4, rounds=1)
    failure = ("firm_failure", validate_event("firm_failure", {"share": 0.5}))
    inputs = [RoundInput({Role.FIRM: validate_decision("firm", {"effort": 1.0})}, [failure])]
    d = debrief(one, inputs)
    plain = _ts(one, [RoundInput()])
    hit = _ts(one, [_inp(events=[("firm_failure", {"share": 0.5})])])
    assert d.all_model["firms_active"] == hit["firms_active"].iloc[-1]
    assert d.all_model["firms_active"] < plain["firms_active"].iloc[-1]


# ---------------------------------------------------------------- issue 15, item 2: decisions


def test_a_fee_raised_above_the_firms_contract_lowers_collection_not_only_raises_income():
    one = GameConfig("baseline", seed=3, round_weeks=4, rounds=1)
    raised = _ts(one, [_inp("firm", {"fee_yuan": 40})])
    plain = _ts(one, [RoundInput()])
    # week 1: same satisfaction, same draws; only the fee against the contract differs
    assert raised["fee_collection_rate"].iloc[0] < plain["fee_collection_rate"].iloc[0]
    assert raised["fee_collection_rate"].mean() < plain["fee_collection_rate"].mean()


def test_pushing_fee_collection_raises_collection_for_its_round_only_and_costs_hours():
    game = Game(CFG)
    sector = game.model.world.property
    working = [c for c, oc in sector.oc_of_compound.items() if oc.functional]
    oc = sector.oc_of_compound[working[0]]
    members = oc.choose_members()
    res = game.model.world.residents
    before = res.role_hours[members].copy()
    game.play_round(_inp("oc", {"collection_drive": 1.0}))
    plain = _ts(CFG, [RoundInput()])
    ts = game.model.timeseries()
    assert ts["fee_collection_rate"].sum() > plain["fee_collection_rate"].sum()
    assert (res.role_hours[members] > before).all()  # members' hours go to the drive
    game.play_round(RoundInput())  # nobody pushes next round: the drive stops
    assert all(o.collection_drive == 0.0 for o in sector.oc_of_compound.values())
    assert np.allclose(res.role_hours[members], before)


def test_response_to_complaints_sets_every_firms_staff_time_for_requests():
    game = Game(CFG)
    std = game.model.params.firms.request_share_of_staff_time
    hours = {f.compound: f.request_hours() for f in game.model.active_firms()}
    game.levers.start_round({Role.FIRM: validate_decision("firm", {"complaint_response": 2.5})}, [])
    for f in game.model.active_firms():
        assert f.request_share == pytest.approx(2.5 * std)
        assert f.request_hours() == pytest.approx(2.5 * hours[f.compound])
    more = _ts(CFG, [_inp("firm", {"complaint_response": 3.0})] * 3)
    plain = _ts(CFG, [RoundInput()] * 3)
    assert more["needs_resolved"].sum() > plain["needs_resolved"].sum()


@pytest.mark.parametrize(
    ("role", "data", "needle"),
    [
        ("firm", {"complaint_response": 5.0}, "0.5 to 3"),
        ("firm", {"complaint_response": 0.1}, "0.5 to 3"),
        ("oc", {"collection_drive": 1.5}, "0 to 1"),
        ("oc", {"collection_drive": -0.2}, "0 to 1"),
    ],
)
def test_out_of_range_new_decisions_are_refused_with_a_message(role, data, needle):
    with pytest.raises(DecisionError) as err:
        validate_decision(role, data)
    assert needle in err.value.message("en") and "允许范围" in err.value.message("zh")
    assert "was refused" in err.value.message("en")


def test_pushing_collection_without_a_working_committee_is_refused():
    from cogov.roleplay.levers import unavailable

    game = Game(GameConfig("old_compound", seed=3, round_weeks=4, rounds=1))
    why = unavailable(game.model, Role.OC, validate_decision("oc", {"collection_drive": 0.5}))
    assert why is not None and "collection drive" in why[0] and "催缴" in why[1]
    assert unavailable(game.model, Role.OC, validate_decision("oc", {})) is None


def test_the_unit_secretary_acts_for_every_paired_unit():
    cfg = GameConfig("dual_reporting", seed=3, round_weeks=4, rounds=1)
    game = Game(cfg)
    units = game.model.world.paired_units
    assert len(units) > 1
    game.levers.start_round(
        {Role.UNIT: validate_decision("unit", {"hours_per_week": 30, "evaluation_strength": 1.0})},
        [],
    )
    assert all(u.hours_per_week == 30.0 and u.reported for u in units)
    assert all(u.evaluation_strength == 1.0 for u in units)
    dr = game.model.mechanisms.by_name("dual_reporting")
    at_units = dr.members & (game.model.world.residents.employer_unit >= 0)
    assert at_units.any() and not (dr.nominal & at_units).any()  # p_nominal(1) = 0, every unit


def test_compounds_are_numbered_from_1_in_forms_views_and_the_feed_alike(tmp_path):
    # The firm's view lists compound N; leaving "N" removes the firm the view showed, and
    # the model's event names the same number ("N号小区" / "compound N").
    from cogov.roleplay.room import Room

    room, fac = Room.create(tmp_path, GameConfig("baseline", seed=3, round_weeks=4, rounds=2))
    try:
        firm_token = room.join(Role.FIRM, "firm")
        shown = room.role_view(Role.FIRM)["firms"][0]["compound"]
        index = shown - 1
        assert room.game.model.firm_of_compound[index] >= 0
        with pytest.raises(DecisionError, match="allowed"):
            room.submit(firm_token, {"leave_compounds": [0]})
        room.submit(firm_token, {"leave_compounds": [shown]})
        room.advance(fac)
        assert room.game.model.firm_of_compound[index] < 0
        en, zh = room.event_feed("en"), room.event_feed("zh")
        assert any(f"compound {shown} " in line for line in en), en
        assert any(f"{shown}号小区" in line or f"{shown} 号小区" in line for line in zh), zh
    finally:
        room.close()
