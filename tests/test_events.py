"""Events read from a run (cogov.events): read-only, dated right, in both languages."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from cogov.api import build_model
from cogov.events import KINDS, EventTracker, events_of, switch_event

SMALL = {"structure.households_per_community": 600, "structure.households_per_grid": 300}


def _run(name: str, weeks: int, track: bool, **over):
    model = build_model(name, {**SMALL, **over}, seed=11)
    tracker = EventTracker(model) if track else None
    for _ in range(weeks):
        model.step()
        if tracker is not None:
            tracker.observe(model)
    return model, tracker


def test_tracking_events_leaves_results_bit_identical():
    over = {"shocks.firm_exit.share_of_firms": 1.0}
    plain, _ = _run("firm_exit", 60, track=False, **over)
    tracked, tracker = _run("firm_exit", 60, track=True, **over)
    pd.testing.assert_frame_equal(plain.timeseries(), tracked.timeseries(), check_exact=True)
    assert tracker.events  # something was tracked, and it changed nothing


def test_firm_exit_shock_is_dated_and_counted_as_the_time_series_says():
    model, tracker = _run("firm_exit", 56, True, **{"shocks.firm_exit.share_of_firms": 1.0})
    ts = model.timeseries()
    week = int(model.params.shocks.firm_exit.week)
    exits = ts.set_index("step")["firm_exits"]
    count = int(exits[week] - exits[week - 1])
    assert count >= 1
    shock = [e for e in tracker.events if e.kind == "firm_exit_shock"]
    assert [(e.week, e.detail["count"]) for e in shock] == [(week, count)]
    post = [e for e in events_of(model) if e.kind == "firm_exit_shock"]
    assert [(e.week, e.detail["count"]) for e in post] == [(week, count)]


def test_a_fee_strike_then_an_exit_reads_as_an_exit_after_a_strike():
    model, tracker = _run("baseline", 2, True)
    firm = model.world.property.active_firms()[0]
    # Cut in: the owners of one compound stop paying (what the fee phase would record).
    firm.collection_rate = 0.1
    model.step()
    firm.collection_rate = 0.1  # the week's settlement rewrote it; keep the strike on
    strikes = [e for e in tracker.observe(model) if e.kind == "fee_strike"]
    assert [e.compound for e in strikes] == [firm.compound + 1]
    model.world.property.leave(firm, model.steps)
    model.step()
    new = tracker.observe(model)
    left = [e for e in new if e.compound == firm.compound + 1 and e.kind.startswith("firm_exit")]
    assert [e.kind for e in left] == ["firm_exit_after_strike"]
    assert "fee strike" in left[0].text("en") and "拒交物业费" in left[0].text("zh")


def test_an_exit_without_a_strike_is_a_plain_exit():
    model, tracker = _run("baseline", 2, True)
    firm = model.world.property.active_firms()[0]
    model.world.property.leave(firm, model.steps)
    model.step()
    kinds = [e.kind for e in tracker.observe(model) if e.compound == firm.compound + 1]
    assert kinds == ["firm_exit"]


def test_budget_exhausted_once_a_year_per_community_in_the_week_the_money_says():
    model, tracker = _run("full_reform", 104, True, **{"community.budget_yuan_per_year": 30000})
    ts = model.timeseries()
    flagged = ts.loc[ts["budget_exhausted"] > 0, "step"].astype(int)
    assert len(flagged)
    first_by_year = flagged.groupby((flagged - 1) // 52).min().tolist()
    got = [e.week for e in tracker.events if e.kind == "budget_exhausted"]
    assert got == first_by_year
    assert [e.week for e in events_of(model) if e.kind == "budget_exhausted_any"] == got


def test_epidemic_start_and_end_match_the_model_s_own_epidemic_weeks():
    model, tracker = _run("epidemic", 80, True)
    ep = model.params.shocks.epidemic
    start = [e.week for e in tracker.events if e.kind == "epidemic_start"]
    end = [e.week for e in tracker.events if e.kind == "epidemic_end"]
    assert start == [ep.start_week] and end == [ep.start_week + ep.duration_weeks]


def test_points_withdrawn_is_marked_only_when_points_were_on():
    on = build_model("points_withdrawn", SMALL, seed=1)
    tracker = EventTracker(on)
    for _ in range(54):
        on.step()
        tracker.observe(on)
    assert [e.week for e in tracker.events if e.kind == "points_withdrawn"] == [53]
    off = build_model("baseline", SMALL, seed=1)
    tracker = EventTracker(off)
    for _ in range(54):
        off.step()
        tracker.observe(off)
    assert not [e for e in tracker.events if e.kind == "points_withdrawn"]


@pytest.mark.parametrize("kind", sorted(KINDS))
def test_every_kind_has_a_sentence_in_both_languages(kind):
    from cogov.events import Event

    ev = Event(37, kind, community=1, compound=3, detail={"count": 2, "rate": 0.3, "name": "x"})
    en, zh = ev.text("en"), ev.text("zh")
    assert en.startswith("week 37") and zh.startswith("第37周")
    # No English words on a Chinese page (numbers, percentages and a given name aside).
    assert not re.search(r"[A-Za-wyz]{2,}", zh), zh


def test_switch_events_come_from_the_app():
    on, off = switch_event(5, "dual_reporting", True, "双报到"), switch_event(9, "x", False)
    assert on.text("zh") == "第5周：启用双报到" and on.kind == "mechanism_on"
    assert off.kind == "mechanism_off" and "switched off" in off.text("en")
    assert np.isclose(on.week, 5)
