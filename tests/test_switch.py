"""Switching mechanisms on and off during a run (CommunityModel.switch).

A switch takes effect from the next week's start. Switched on at week 1 a mechanism must
give, to the bit, the run in which the scenario enables it (it is built in its ORDER place,
with its own stream, from the same state); switched off at week 1 it must give the run
that never had it (what it set up is undone). Mid-run, a run with a switch is the run
without it up to the week before, and differs from then on.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.events import EventTracker, events_of
from cogov.mechanisms import REGISTRY
from cogov.mechanisms.grid_management import GridManagement
from cogov.model import CommunityModel, switchable_mechanisms

SMALL = {"structure.households_per_community": 600, "structure.households_per_grid": 300}
WEEKS = 12


def model(seed: int = 3, **over) -> CommunityModel:
    return CommunityModel("baseline", rng=seed, **{**SMALL, **over})


def enabled(name: str) -> dict:
    return {f"mechanisms.{name}.enabled": True}


def run(m: CommunityModel, weeks: int, schedule: dict[int, list[tuple[str, bool]]] = None):
    """Step ``m`` to ``weeks``; before week w, apply ``schedule[w]``."""
    schedule = schedule or {}
    while m.steps < weeks:
        for name, on in schedule.get(m.steps + 1, []):
            m.switch(name, on)
        m.step()
    return m.timeseries()


def same(a: pd.DataFrame, b: pd.DataFrame) -> bool:
    """Bit-identical tables (NaN equal to NaN)."""
    return a.shape == b.shape and bool(
        (
            pd.util.hash_pandas_object(a, index=False) == pd.util.hash_pandas_object(b, index=False)
        ).all()
    )


@pytest.mark.parametrize("name", switchable_mechanisms())
def test_switched_on_at_week_1_is_the_scenario_that_enables_it(name):
    switched = run(model(), WEEKS, {1: [(name, True)]})
    configured = run(model(**enabled(name)), WEEKS)
    assert same(switched, configured), name


@pytest.mark.parametrize("name", switchable_mechanisms())
def test_switched_off_at_week_1_is_the_run_without_it(name):
    """What a mechanism set up is undone when it is switched off (points wind down)."""
    switched = run(model(**enabled(name)), WEEKS, {1: [(name, False)]})
    never = run(model(), WEEKS)
    if name == "point_incentives":  # withdrawn before anyone earned: nothing to redeem
        assert switched["points_issued"].sum() == 0
        assert switched["spending_points_yuan"].sum() == 0
        return
    assert same(switched, never), name


@pytest.mark.parametrize(
    ("name", "column"),
    [
        ("grid_management", "patrol_coverage_mean"),
        ("three_lists", "spending_three_lists_yuan"),
        ("point_incentives", "points_issued"),
        ("dual_reporting", "reported_party_members"),
        ("social_organisations", "social_org_hours_bought"),
    ],
)
def test_switched_on_mid_run_is_the_run_without_it_until_then(name, column):
    k = 7
    switched = run(model(), WEEKS, {k: [(name, True)]})
    never = run(model(), WEEKS)
    assert same(switched.iloc[: k - 1], never.iloc[: k - 1])
    assert (switched[column].iloc[k - 1 :] != never[column].iloc[k - 1 :]).all(), column
    assert not same(switched.iloc[k - 1 :], never.iloc[k - 1 :])


def test_grid_management_on_then_off_again():
    on_at, off_at = 4, 9
    m = model()
    ts = run(m, WEEKS, {on_at: [("grid_management", True)], off_at: [("grid_management", False)]})
    only_on = run(model(), off_at - 1, {on_at: [("grid_management", True)]})
    never_model = model()
    never = run(never_model, WEEKS)
    assert same(ts.iloc[: off_at - 1], only_on)
    cov = ts["patrol_coverage_mean"].to_numpy()
    base = never["patrol_coverage_mean"].to_numpy()
    assert (cov[on_at - 1 : off_at - 1] > base[on_at - 1 : off_at - 1]).all()
    # Off: the added workers and appointed leaders are gone; patrols are the community's own.
    np.testing.assert_array_equal(
        m.world.patrol_worker_visits, never_model.world.patrol_worker_visits
    )
    assert ts["building_leaders"].iloc[-1] == never["building_leaders"].iloc[-1]
    assert (ts["spending_grid_management_yuan"].iloc[off_at - 1 :] == 0).all()
    assert not m.switched_on("grid_management")
    assert m.switches == [(on_at, "grid_management", True), (off_at, "grid_management", False)]


def test_switch_off_stops_running_costs_from_that_week():
    k = 6
    ts = run(model(**enabled("three_lists")), WEEKS, {k: [("three_lists", False)]})
    assert (ts["spending_three_lists_yuan"].iloc[: k - 1] > 0).all()
    assert (ts["spending_three_lists_yuan"].iloc[k - 1 :] == 0).all()
    assert (ts["shortfall_three_lists_yuan"].iloc[k - 1 :] == 0).all()


def test_switched_on_mid_year_pays_from_the_funds_left():
    """No new money comes with a switch: the work fund only falls by what is spent."""
    k = 20
    ts = run(model(), 24, {k: [("grid_management", True)]}).set_index("step")
    work = ["spending_grid_management_yuan", "spending_three_lists_yuan", "spending_meetings_yuan"]
    spent = ts.loc[k, work].sum()
    assert spent > 0
    assert ts.loc[k, "work_fund_left_yuan"] == pytest.approx(
        ts.loc[k - 1, "work_fund_left_yuan"] - spent
    )
    # The three lists use up a work fund of 15 weeks of their cost: the grid workers
    # switched on at week 20 find nothing left and go unpaid (no money comes with a switch).
    poor = run(
        model(**enabled("three_lists"), **{"community.budget_yuan_per_year": 1_500.0}),
        24,
        {k: [("grid_management", True)]},
    )
    assert (poor["work_fund_left_yuan"].iloc[k - 2 :] == 0).all()
    assert (poor["spending_grid_management_yuan"].iloc[k - 1 :] == 0).all()
    assert (poor["shortfall_grid_management_yuan"].iloc[k - 1 :] > 0).all()


def test_points_switched_off_are_withdrawn_and_can_be_switched_on_again():
    m = model(**enabled("point_incentives"))
    ts = run(m, 30, {10: [("point_incentives", False)], 20: [("point_incentives", True)]})
    issued, redeemed = ts["points_issued"].to_numpy(), ts["points_redeemed"].to_numpy()
    assert issued[:9].sum() > 0
    assert (issued[9:19] == 0).all()  # withdrawn from week 10 ...
    assert redeemed[9:19].sum() > 0  # ... balances still redeemed
    assert issued[19:].sum() > 0  # issued again from week 20
    assert m.switched_on("point_incentives")


def test_same_seed_and_schedule_give_the_same_run():
    schedule = {3: [("three_lists", True), ("grid_management", True)], 8: [("three_lists", False)]}
    a, b = run(model(), WEEKS, schedule), run(model(), WEEKS, schedule)
    assert same(a, b)
    assert not same(a, run(model(), WEEKS, {3: [("three_lists", True)]}))


def test_switching_back_before_it_applies_cancels_it():
    m = model()
    m.switch("grid_management", True)
    m.switch("grid_management", False)
    ts = run(m, 4)
    assert m.switches == [] and same(ts, run(model(), 4))


def test_bad_switches_are_refused_clearly(monkeypatch):
    m = model()
    with pytest.raises(
        InputError, match=r"'street_lights' is not a mechanism; allowed: .*three_lists"
    ):
        m.switch("street_lights", True)
    with pytest.raises(InputError, match="'epidemic' is not a mechanism"):
        m.switch("epidemic", True)
    with pytest.raises(InputError, match="already switched off"):
        m.switch("three_lists", False)
    m.switch("three_lists", True)
    with pytest.raises(InputError, match="already switched on"):
        m.switch("three_lists", True)
    monkeypatch.setattr(GridManagement, "switchable", False)
    with pytest.raises(InputError, match="cannot be switched during a run; allowed: ") as err:
        m.switch("grid_management", True)
    assert "grid_management" not in str(err.value).split("allowed:")[1]
    assert set(switchable_mechanisms()) == set(REGISTRY) - {"grid_management"}


def test_the_switch_is_an_event_of_the_week_it_took_effect():
    m = model()
    tracker = EventTracker(m)
    seen = []
    for week in range(1, 10):
        if week == 5:
            m.switch("grid_management", True)
        if week == 8:
            m.switch("grid_management", False)
        m.step()
        seen += tracker.observe(m)
    switches = [e for e in seen if e.kind.startswith("mechanism_")]
    assert [(e.week, e.kind) for e in switches] == [(5, "mechanism_on"), (8, "mechanism_off")]
    assert switches[0].text("zh") == "第5周：启用网格化管理"
    assert switches[0].text("en") == "week 5: grid management switched on"
    after = [e for e in events_of(m) if e.kind.startswith("mechanism_")]
    assert [(e.week, e.kind) for e in after] == [(5, "mechanism_on"), (8, "mechanism_off")]
    assert len(tracker.events) == len(seen)  # observed once each


# ------------------------------------------------------------------ the trainers' app
def test_the_app_switches_a_running_model_from_the_next_week():
    from cogov.ui.controller import LiveController, LiveSettings

    base = LiveSettings.for_scenario("baseline", seed=7)
    c = LiveController(LiveSettings("baseline", 7, 400, base.values))
    key = "mechanisms.three_lists.enabled"
    assert c.reset()
    assert not c.switch_live(key, True)  # week 0: the switch waits for a reset, as before
    assert c.step(3) and c.baseline_is_same
    assert not c.switch_live("shocks.epidemic.enabled", True)  # shocks wait for a reset
    assert c.switch_live(key, True)
    assert not c.switch_live(key, True)  # already on from next week
    assert c.settings.values[key] is True  # a reset starts over with it on
    assert not c.pending(base.__class__("baseline", 7, 400, {**base.values, key: True}))
    # The run was its own reference: the reference goes on without the switch.
    assert not c.baseline_is_same
    assert c.step(3)
    ts, ref = c.timeseries(), c.baseline_timeseries()
    assert same(ts.iloc[:3], ref.iloc[:3])
    assert (ts["spending_three_lists_yuan"].iloc[3:] > 0).all()
    assert (ref["spending_three_lists_yuan"] == 0).all()
    switched = [e for e in c.events() if e.kind == "mechanism_on"]
    assert [(e.week, e.detail["key"]) for e in switched] == [(4, "three_lists")]


def test_points_switched_on_again_keep_a_later_scheduled_withdrawal():
    m = model(**enabled("point_incentives"), **{"mechanisms.point_incentives.end_week": 20})
    ts = run(m, 26, {6: [("point_incentives", False)], 10: [("point_incentives", True)]})
    issued = ts["points_issued"].to_numpy()
    assert (issued[5:9] == 0).all() and issued[9:19].sum() > 0
    assert (issued[19:] == 0).all()  # the scenario's withdrawal at week 20 still holds


def test_a_mechanism_switched_on_takes_its_place_in_the_order(monkeypatch):
    """Points scale the hours dual reporting adds: dual reporting must act before them."""
    both = {**enabled("point_incentives"), **enabled("dual_reporting")}
    configured = run(model(**both), WEEKS)
    switched = run(model(**enabled("point_incentives")), WEEKS, {1: [("dual_reporting", True)]})
    assert same(switched, configured)
    # Cut: appended after points instead, the run is another one.
    from cogov.mechanisms.base import Mechanisms

    monkeypatch.setattr(Mechanisms, "add", lambda self, m, order: self.items.append(m))
    appended = run(model(**enabled("point_incentives")), WEEKS, {1: [("dual_reporting", True)]})
    assert not same(appended, configured)


# ------------------------------------------------------------- replaying a run's switches
def test_replaying_recorded_switches_gives_the_run_switched_by_hand():
    """A run that replays another's recorded switches is that run, to the bit; without
    them (the replay cut) the difference appears from the switch's week."""
    from cogov.model import replay_switches

    by_hand = model()
    hand_ts = run(by_hand, WEEKS, {4: [("grid_management", True)], 9: [("three_lists", True)]})
    assert by_hand.switches == [(4, "grid_management", True), (9, "three_lists", True)]

    def replayed(schedule):
        m = model()
        while m.steps < WEEKS:
            replay_switches(m, schedule)
            m.step()
        return m

    again = replayed(list(by_hand.switches))
    assert again.switches == by_hand.switches
    assert same(again.timeseries(), hand_ts)
    cut = replayed([]).timeseries()
    assert same(cut.iloc[:3], hand_ts.iloc[:3])
    assert not same(cut.iloc[3:4], hand_ts.iloc[3:4])


def test_replay_off_by_one_week_is_not_the_run():
    """The schedule's weeks are the weeks the switches took effect: shifted by one, the
    replayed run records and gives something else."""
    from cogov.model import replay_switches

    by_hand = model()
    hand_ts = run(by_hand, 6, {4: [("grid_management", True)]})
    m = model()
    while m.steps < 6:
        replay_switches(m, [(3, "grid_management", True)])
        m.step()
    assert m.switches == [(3, "grid_management", True)]
    assert not same(m.timeseries(), hand_ts)


def test_simulate_replays_switches():
    from cogov.api import simulate

    by_hand = model()
    hand_ts = run(by_hand, 6, {3: [("grid_management", True)]})
    res = simulate("baseline", steps=6, seed=3, overrides=SMALL, switches=by_hand.switches)
    assert same(res.timeseries, hand_ts)
    assert not same(simulate("baseline", steps=6, seed=3, overrides=SMALL).timeseries, hand_ts)


def test_check_switches_names_what_cannot_be_replayed():
    from cogov.model import check_switches

    kept, rejected = check_switches(
        [
            (9, "grid_management", False),
            (3, "grid_management", True),
            (0, "three_lists", True),
            (5, "no_such", True),
            (5, "three_lists", False),
            (6, "three_lists", True),
            (6, "three_lists", False),
        ],
        on_at_start=[],
    )
    assert kept == [
        (3, "grid_management", True),
        (6, "three_lists", True),
        (9, "grid_management", False),
    ]
    reasons = {s: why for s, why in rejected}
    assert "whole number >= 1" in reasons[(0, "three_lists", True)]
    assert "grid_management" in reasons[(5, "no_such", True)]  # the allowed list
    assert "it is off" in reasons[(5, "three_lists", False)]
    assert "one switch per mechanism and week" in reasons[(6, "three_lists", False)]
