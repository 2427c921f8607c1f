"""The compare page's runs: paired seeds, progress, cancellation, readable errors."""

from dataclasses import dataclass

import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.rng import replication_seeds
from cogov.ui.compare import LIVE, ComparisonSpec, run_comparison
from cogov.ui.controller import LiveSettings


@dataclass
class _Run:
    timeseries: pd.DataFrame


def _fake(calls):
    def simulate(name, *, steps, seed, overrides):
        calls.append((name, seed, dict(overrides)))
        return _Run(pd.DataFrame({"step": range(1, steps + 1), "x": [seed % 7] * steps}))

    return simulate


def test_paired_seeds_and_progress():
    calls, seen = [], []
    spec = ComparisonSpec("epidemic", replications=3, steps=4, seed=11)
    res = run_comparison(spec, progress=lambda d, t: seen.append((d, t)), simulate_fn=_fake(calls))
    seeds = replication_seeds(11, 3)
    assert res.seeds == seeds and res.complete_pairs == 3 and not res.cancelled
    assert [c[1] for c in calls] == [s for s in seeds for _ in range(2)]
    assert [c[0] for c in calls[:2]] == ["baseline", "epidemic"]
    assert seen[-1] == (6, 6)
    # Both arms have the same community size.
    assert calls[0][2]["structure.households_per_community"] == 3000


def test_live_settings_arm_and_cancel():
    calls = []
    live = LiveSettings(
        scenario="baseline", households=400, values={"shocks.epidemic.enabled": True}
    )
    spec = ComparisonSpec(LIVE, replications=4, steps=3, seed=1, live=live)
    res = run_comparison(spec, cancelled=lambda: len(calls) >= 3, simulate_fn=_fake(calls))
    assert res.cancelled and res.complete_pairs == 1
    assert calls[1][2]["shocks.epidemic.enabled"] is True
    assert calls[0][2] == {"structure.households_per_community": 400}


def test_bad_settings_fail_before_any_run():
    calls = []
    live = LiveSettings(households=10)
    with pytest.raises(InputError, match="households"):
        run_comparison(ComparisonSpec(LIVE, 2, 3, 1, live), simulate_fn=_fake(calls))
    assert calls == []


def test_real_engine_small_comparison():
    live = LiveSettings(
        scenario="baseline",
        households=300,
        values={"shocks.epidemic.enabled": True, "shocks.epidemic.start_week": 2},
    )
    res = run_comparison(ComparisonSpec(LIVE, replications=2, steps=6, seed=5, live=live))
    assert res.complete_pairs == 2
    assert len(res.baseline[0]) == 6
    assert not res.baseline[0].equals(res.scenario[0])


def test_switches_are_replayed_in_the_compared_arm_only():
    """A verdict of a run switched at week 3 compares the run as it was: the compared arm
    replays the switch (its runs equal the run switched by hand), the reference arm does not;
    without the switches (cut) the compared arm is the unswitched run."""
    from cogov.model import CommunityModel

    live = LiveSettings(scenario="baseline", households=300)
    over = live.overrides()
    spec = ComparisonSpec(LIVE, 1, 5, seed=5, live=live, switches=((3, "grid_management", True),))
    res = run_comparison(spec)
    by_hand = CommunityModel("baseline", rng=res.seeds[0], overrides=over)
    for week in range(1, 6):
        if week == 3:
            by_hand.switch("grid_management", True)
        by_hand.step()
    pd.testing.assert_frame_equal(res.scenario[0], by_hand.timeseries())
    plain = CommunityModel("baseline", rng=res.seeds[0], overrides=over)
    for _ in range(5):
        plain.step()
    pd.testing.assert_frame_equal(res.baseline[0], plain.timeseries())
    cut = run_comparison(ComparisonSpec(LIVE, 1, 5, seed=5, live=live))
    pd.testing.assert_frame_equal(cut.scenario[0], plain.timeseries())
    assert not res.scenario[0].equals(cut.scenario[0])


def test_switches_that_cannot_be_replayed_fail_before_any_run():
    calls = []
    live = LiveSettings(scenario="baseline", households=300)
    spec = ComparisonSpec(LIVE, 2, 3, 1, live, switches=((2, "grid_management", False),))
    with pytest.raises(InputError, match="2:grid_management:off"):
        run_comparison(spec, simulate_fn=_fake(calls))
    assert calls == []
