"""A run with mechanisms switched during it, as the rest of the app describes it.

The share link holds the run's start and its switches (``sw``), and a controller opened from
it replays them at the same weeks (the same results, to the bit, and the same events); the
verdict's compared arm replays them and its words name them; the handout lists them with the
settings of the run's start. A reset drops the schedule and starts from the settings as they
are then, in the session that switched and in one opened from its link alike.
"""

from __future__ import annotations

import html
from dataclasses import replace

import pandas as pd
import pytest

from cogov.ui.controller import LiveController, switch_key
from cogov.ui.messages import localise
from cogov.ui.share import from_query, to_query

GRID = "grid_management"
KEY = switch_key(GRID)


def _hand_switched(settings, week: int, steps: int) -> LiveController:
    """A run in which the trainer flips grid management on so that it applies at ``week``."""
    c = LiveController(settings)
    assert c.reset()
    c.step(week - 1)
    assert c.switch_live(KEY, True)
    c.step(steps - (week - 1))
    return c


def _opened(query: str) -> tuple[LiveController, list[str]]:
    """A controller opened from a link, as the app opens one."""
    settings, options, problems = from_query(query)
    c = LiveController(settings)
    assert c.reset(switches=options.get("switches", ()))
    return c, problems


# ----------------------------------------------------------------------------- the link
def test_a_link_round_trips_the_switches(small_settings):
    switches = [(3, GRID, True), (9, "three_lists", True), (20, GRID, False)]
    query = to_query(small_settings, "en", switches=switches)
    assert "sw=3%3Agrid_management%3Aon" in query
    got, options, problems = from_query(query)
    assert problems == [] and got == small_settings
    assert options["switches"] == switches
    assert from_query(to_query(got, "en", switches=options["switches"]))[1] == options
    # Without switches a link is as before: no ``sw`` and no switches read back.
    assert (
        "sw=" not in to_query(small_settings)
        and "switches" not in from_query(to_query(small_settings))[1]
    )


def test_a_link_opened_replays_the_switch_at_its_week(small_settings):
    """Opened from a link with a switch at week 3, the run shows it at week 3 after four
    weeks (in ``model.switches`` and in the events) and is the run switched by hand."""
    by_hand = _hand_switched(small_settings, week=3, steps=4)
    assert by_hand.model.switches == [(3, GRID, True)]
    # The link as the page writes it after the switch: the run's start and its schedule.
    assert by_hand.start_settings == small_settings and by_hand.settings.values[KEY] is True
    query = to_query(by_hand.start_settings, "zh", switches=by_hand.schedule())
    opened, problems = _opened(query)
    assert problems == [] and opened.error is None
    assert opened.step(4)
    assert opened.model.switches == [(3, GRID, True)]
    on = [e for e in opened.events() if e.kind == "mechanism_on"]
    assert [(e.week, e.detail["key"]) for e in on] == [(3, GRID)]
    pd.testing.assert_frame_equal(opened.timeseries(), by_hand.timeseries())
    # Cut: the same link without its ``sw`` is the run without the switch.
    plain, _ = _opened(to_query(by_hand.start_settings, "zh"))
    plain.step(4)
    assert plain.model.switches == []
    assert not plain.timeseries().equals(by_hand.timeseries())
    pd.testing.assert_frame_equal(plain.timeseries().iloc[:2], by_hand.timeseries().iloc[:2])


def test_the_link_made_right_after_a_switch_holds_it_at_next_week(small_settings):
    """A trainer who copies the address the moment after flipping a switch (it applies
    next week) shares the switch at that week."""
    c = LiveController(small_settings)
    c.reset()
    c.step(5)
    c.switch_live(KEY, True)
    assert c.schedule() == [(6, GRID, True)]
    _, options, _ = from_query(to_query(c.start_settings, switches=c.schedule()))
    assert options["switches"] == [(6, GRID, True)]


def test_the_reference_of_a_switched_link_stays_unswitched(small_settings):
    """The run and its reference are the same scenario: opened with a switch, the run is
    not its own reference (the faint lines stay the unswitched run)."""
    opened, _ = _opened(to_query(small_settings, switches=[(2, GRID, True)]))
    assert not opened.baseline_is_same
    opened.step(3)
    assert opened.baseline.switches == [] and opened.model.switches == [(2, GRID, True)]
    assert not opened.baseline_timeseries().equals(opened.timeseries())


def test_replayed_switches_are_followed_and_a_reset_drops_the_schedule(small_settings):
    opened, _ = _opened(to_query(small_settings, switches=[(3, GRID, True)]))
    page = opened.settings
    opened.step(2)
    assert opened.follow(page) == page  # nothing replayed yet
    assert opened.schedule() == [(3, GRID, True)]
    opened.step(1)
    followed = opened.follow(page)
    assert followed.values[KEY] is True and opened.settings == followed
    assert opened.follow(followed) == followed  # taken once
    assert opened.start_settings == small_settings  # the link still describes the run
    # A reset (the page resets to the followed settings) is a fresh run without schedule,
    # with grid management on from week 1: what the switching session's reset gives too.
    assert opened.reset(followed)
    assert opened.schedule() == [] and opened.start_settings == followed
    opened.step(4)
    assert opened.model.switches == [] and opened.model.switched_on(GRID)
    by_hand = _hand_switched(small_settings, week=3, steps=3)
    assert by_hand.reset(by_hand.settings)
    by_hand.step(4)
    pd.testing.assert_frame_equal(opened.timeseries(), by_hand.timeseries())


def test_a_switch_by_hand_drops_the_links_later_switches_of_that_mechanism(small_settings):
    sched = [(5, GRID, True), (8, GRID, False), (6, "three_lists", True)]
    opened, _ = _opened(to_query(small_settings, switches=sched))
    opened.step(2)
    assert opened.switch_live(KEY, True)  # from week 3, by hand
    assert opened.schedule() == [(3, GRID, True), (6, "three_lists", True)]
    opened.step(7)
    assert opened.model.switches == [(3, GRID, True), (6, "three_lists", True)]
    assert opened.error is None


def test_bad_switches_in_a_link_are_named_and_the_rest_is_kept(small_settings):
    base = to_query(small_settings)
    query = base + "&sw=x&sw=4:no_such:on&sw=0:three_lists:on&sw=3:grid_management:on"
    query += "&sw=5:grid_management:on&sw=6:burden_reduction:off"
    got, options, problems = from_query(query)
    assert got == small_settings and options["switches"] == [(3, GRID, True)]
    assert len(problems) == 5
    text = "\n".join(problems)
    assert "'x'" in text and "week:mechanism:on or week:mechanism:off" in text
    assert "'4:no_such:on'" in text and "point_incentives" in text  # the allowed list
    assert "'5:grid_management:on'" in text and "(it is on)" in text
    assert "'6:burden_reduction:off'" in text and "(it is off)" in text
    zh = "\n".join(localise(p, "zh") for p in problems)
    assert "运行中可以开关的机制" in zh and "该机制已开启" in zh and "week:mechanism" not in zh
    # Every good part of the link is still used: the run opens and replays what is left.
    c = LiveController(got)
    assert c.reset(switches=options["switches"])
    c.step(3)
    assert c.model.switches == [(3, GRID, True)]


def test_switches_the_run_cannot_replay_are_named_on_reset(small_settings):
    """A switch the settings make impossible (grid management on from the more-parameters
    box) is dropped and named; the run still starts."""
    s = replace(small_settings, extra=f"{KEY}=true")
    c = LiveController(s)
    assert c.reset(switches=[(2, GRID, True)]) and c.ready
    assert "2:grid_management:on" in c.error and "(it is on)" in c.error
    assert c.schedule() == []


# ----------------------------------------------------------------------------- verdict
def test_the_verdict_names_the_switches_it_replayed():
    from cogov.ui.verdict import verdict

    ts = [
        pd.DataFrame({"step": range(1, 5), "participation_any": [0.1 + i / 100] * 4})
        for i in range(3)
    ]
    sw = [(37, "point_incentives", True)]
    en = verdict(ts, ts, "en", "baseline", window=4, switches=sw).sentences[0]
    zh = verdict(ts, ts, "zh", "基线", window=4, switches=sw).sentences[0]
    assert "with point incentives switched on at week 37, as in this run" in en
    assert "与本次运行一样，第37周启用积分管理" in zh
    assert "as in this run" not in verdict(ts, ts, "en", "baseline", window=4).sentences[0]


def test_the_verdict_panels_spec_replays_the_run(small_settings):
    """The verdict compares the run's start, switched as the run was, with the reference."""
    from cogov.ui.compare import run_comparison, run_spec

    c = _hand_switched(small_settings, week=3, steps=4)
    spec = run_spec(c, replications=1, steps=4)
    assert spec.live == small_settings and spec.switches == ((3, GRID, True),)
    assert run_spec(c, 1, 2).switches == ()  # a switch after the verdict's weeks: none
    res = run_comparison(spec)
    # The replication's seed is spawned from the run's: the run switched by hand at it.
    same_seed = _hand_switched(replace(small_settings, seed=res.seeds[0]), week=3, steps=4)
    pd.testing.assert_frame_equal(res.scenario[0], same_seed.timeseries())
    assert res.baseline[0].shape == res.scenario[0].shape
    assert not res.baseline[0].equals(res.scenario[0])


# ----------------------------------------------------------------------------- handout
@pytest.mark.parametrize("lang", ["en", "zh"])
def test_the_handout_lists_the_switches_with_the_starting_settings(small_settings, lang):
    from cogov.ui.export import handout_html
    from cogov.ui.labels import label

    c = _hand_switched(small_settings, week=3, steps=4)
    page = handout_html(
        c.start_settings, c.timeseries(), None, c.events(), lang, switches=c.schedule()
    ).decode("utf-8")
    grid = label(GRID, lang)
    start = page.split(label("ui.handout.mechanisms", lang))[1].split("<br>")[0]
    assert grid not in start  # off at the start, as it was
    switched = page.split(label("ui.handout.switches", lang))[1].split("<br>")[0]
    assert "3" in switched and grid.lower() in switched.lower()
    # Printed from the followed settings (as if on from week 1), it would say otherwise.
    followed = handout_html(c.settings, c.timeseries(), None, c.events(), lang).decode()
    assert grid in followed.split(label("ui.handout.mechanisms", lang))[1].split("<br>")[0]
    assert label("ui.handout.switches", lang) not in followed


def test_the_handouts_command_line_repeats_the_run_to_the_bit(small_settings):
    import shlex

    from cogov.api import simulate
    from cogov.cli import _run_switches, build_parser
    from cogov.scenario import load_scenario, parse_assignments
    from cogov.ui.export import handout_html, repeat_command

    key = "mechanisms.dual_reporting.committed_hours"
    moved = small_settings.with_value(key, small_settings.values[key] + 1.5)
    moved = replace(moved, extra="needs.rate_scale=1.1")
    c = _hand_switched(moved, 3, 5)
    command = repeat_command(c.start_settings, c.schedule(), c.steps)
    assert "--switch 3:grid_management:on" in command and "--steps 5" in command
    page = handout_html(
        c.start_settings, c.timeseries(), None, c.events(), "en", switches=c.schedule()
    ).decode()
    assert html.escape(command) in page
    fresh = LiveController(moved)
    assert fresh.reset()  # week 0: nothing to repeat, so no command (`--steps 0` is refused)
    empty = handout_html(fresh.start_settings, fresh.timeseries(), None, [], "en").decode()
    assert "cogov run" not in empty

    args = build_parser().parse_args(shlex.split(command)[1:])  # as `cogov run` reads it
    sc = load_scenario(args.scenario, parse_assignments(args.set), override_source="--set")
    switches = _run_switches(args.switch or [], sc, args.steps)
    result = simulate(sc, steps=args.steps, seed=args.seed, switches=switches)
    pd.testing.assert_frame_equal(result.timeseries, c.timeseries())
    assert list(result.switches) == [(3, GRID, True)]
    # Cut: the same command without its --switch is another run.
    cut = simulate(sc, steps=args.steps, seed=args.seed)
    assert not cut.timeseries.equals(c.timeseries())
