"""The live page's logic without a browser: reset, step, errors, baseline."""

import numpy as np

from cogov.mechanisms import REGISTRY
from cogov.ui.controller import (
    BASELINE,
    HOUSEHOLDS_KEY,
    LiveController,
    LiveSettings,
    all_groups,
    scenario_catalogue,
    scenario_info,
)


def test_catalogue_lists_every_scenario_with_both_descriptions():
    from cogov.scenario import list_scenarios

    names = [info.name for info in scenario_catalogue()]
    assert names == [name for name, _ in list_scenarios()]
    base = scenario_info(BASELINE)
    assert base.describe("en") and base.describe("zh")
    assert base.describe("zh") != base.describe("en")


def test_reset_and_step(small_settings):
    c = LiveController(small_settings)
    assert c.reset() and c.error is None and c.ready
    assert c.baseline_is_same and c.baseline_timeseries() is None
    assert c.step(3)
    ts = c.timeseries()
    assert list(ts["step"]) == [1, 2, 3]
    assert c.model.params.structure.households_per_community == small_settings.households


def test_rejected_setting_gives_message_and_reset_recovers(small_settings):
    c = LiveController(small_settings)
    assert not c.reset(LiveSettings(households=10))
    assert c.model is None and not c.ready
    assert "households_per_community" in c.error and "Traceback" not in c.error
    assert not c.step()  # nothing to step, no exception
    assert c.reset(small_settings) and c.error is None and c.step()


def test_typo_in_more_parameters_is_readable(small_settings):
    bad = LiveSettings(
        small_settings.scenario,
        small_settings.seed,
        small_settings.households,
        small_settings.values,
        "needs.rate_scal = 2",
    )
    c = LiveController()
    assert not c.reset(bad)
    assert "did you mean 'rate_scale'" in c.error
    assert not c.reset(LiveSettings(extra="just words"))
    assert "key=value" in c.error


def test_non_integer_seed_is_refused_not_crashing(small_settings):
    c = LiveController()
    assert not c.reset(LiveSettings(seed="12"))  # type: ignore[arg-type]
    assert "seed" in c.error


def test_same_seed_same_run_and_overrides(small_settings):
    a, b = LiveController(small_settings), LiveController(small_settings)
    a.reset(), b.reset()
    a.step(5), b.step(5)
    assert a.timeseries().equals(b.timeseries())
    assert small_settings.overrides()[HOUSEHOLDS_KEY] == small_settings.households


def _first_switch_that_acts() -> str:
    mechs = [g for g in all_groups() if g.section == "mechanisms" and g.name in REGISTRY]
    return mechs[0].enabled_key if mechs else "shocks.epidemic.enabled"


def test_switching_on_changes_the_trajectory_and_baseline_stays(small_settings):
    key = _first_switch_that_acts()
    plain = LiveController(small_settings)
    plain.reset()
    plain.step(20)
    on = small_settings.with_value(key, True)
    if key.startswith("shocks."):
        on = on.with_value("shocks.epidemic.start_week", 2)
    switched = LiveController(on)
    assert switched.reset(), switched.error
    assert not switched.baseline_is_same
    switched.step(20)
    cols = [
        "backlog_open",
        "participation_any",
        "satisfaction_mean",
        "needs_resolved",
        "resident_supply_hours",
    ]
    assert not np.allclose(plain.timeseries()[cols], switched.timeseries()[cols])
    # The faint baseline is the plain run, week by week (same seed, same size).
    assert switched.baseline_timeseries()[cols].equals(plain.timeseries()[cols])


def test_pending_and_unexpected_engine_error(small_settings, monkeypatch):
    c = LiveController(small_settings)
    c.reset()
    assert not c.pending(small_settings)
    assert c.pending(small_settings.with_value("shocks.epidemic.enabled", True))

    def boom():
        raise RuntimeError("engine bug")

    monkeypatch.setattr(c.model, "step", boom)
    assert not c.step()
    assert "engine bug" in c.error and not c.ready
    assert c.reset() and c.step()


def test_every_scenario_opens_and_steps_in_the_app():
    from dataclasses import replace

    for info in scenario_catalogue():
        settings = replace(LiveSettings.for_scenario(info.name), households=300)
        c = LiveController(settings)
        assert c.reset(), (info.name, c.error)
        assert c.step(2), (info.name, c.error)


def test_sessions_playing_at_once_take_turns_round_robin(small_settings):
    """Each turn is a step and its drawing; turns go round robin, one at a time.

    Cut the gate out of ``play`` (or take the drawing out of the turn) and drawings overlap
    and the order is no longer a rotation: this fails.
    """
    import threading
    import time

    from cogov.ui.controller import STEP_GATE, play

    n, total = 4, 40
    sessions = [LiveController(small_settings) for _ in range(n)]
    for c in sessions:
        assert c.reset()
    order: list[int] = []
    inside, overlaps = [0], [0]
    stop = threading.Event()
    guard = threading.Lock()

    def drawer(i: int):
        def draw(ok: bool) -> None:
            assert ok
            with guard:
                inside[0] += 1
                overlaps[0] += inside[0] > 1
            time.sleep(0.002)  # a drawing lets go of the interpreter (PNG encoding does)
            with guard:
                inside[0] -= 1
                order.append(i)
                if len(order) >= total:
                    stop.set()

        return draw

    with STEP_GATE:  # hold the gate until every session waits for its first turn
        threads = [
            threading.Thread(
                target=play, args=(c, drawer(i), lambda: not stop.is_set(), 0.0), daemon=True
            )
            for i, c in enumerate(sessions)
        ]
        for t in threads:
            t.start()
        while STEP_GATE.waiting < n:
            time.sleep(0.005)
    for t in threads:
        t.join(60)
    assert not any(t.is_alive() for t in threads)
    assert overlaps[0] == 0, "two sessions drew at once"
    assert len(order) == total
    counts = [order.count(i) for i in range(n)]
    assert max(counts) - min(counts) <= 1, counts
    assert order == [order[k % n] for k in range(total)], order  # a strict rotation
    assert [c.steps for c in sessions] == counts  # one week a turn
