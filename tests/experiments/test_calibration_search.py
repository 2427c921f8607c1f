"""The calibration search (scipy.optimize.least_squares) on a stand-in for the model.

The stand-in replaces `calibration.measure` (the real runs take minutes): each target's value
is a smooth, monotone function of its own parameter with a little pull from the others, as
in the model, so the search must solve the four together.
"""

from __future__ import annotations

import math

import pandas as pd
import pytest

from cogov.experiments import calibration

KEYS = {
    "population.willingness_mean": "C1",
    "participation.elderly_time_bonus": "C2",
    "participation.deep_intercept": "C3",
    "population.trust_strangers_mean": "C4",
}


def stand_in(values, *, replications, config, jobs):
    w = values["population.willingness_mean"]
    e = values["participation.elderly_time_bonus"]
    d = values["participation.deep_intercept"]
    t = values["population.trust_strangers_mean"]
    row = {
        "C1": 1.4 - 1.9 * w + 0.05 * t,
        "C2": 0.45 + 0.2 * math.tanh(e) + 0.02 * w,
        "C3": 1.0 / (1.0 + math.exp(d + 8.0)),
        "C4": 0.8 * t - 0.01 * e,
    }
    return pd.DataFrame([row] * replications)


@pytest.fixture
def counted(monkeypatch):
    calls = []

    def measure(values, **kwargs):
        calls.append(dict(values))
        return stand_in(values, **kwargs)

    monkeypatch.setattr(calibration, "measure", measure)
    return calls


def test_search_meets_every_target_within_the_bounds(counted):
    config = calibration.load_config()
    config["search"]["iterations"] = 20
    found = calibration.search(config, echo=False)
    got = stand_in(found, replications=1, config=config, jobs=1).iloc[0]
    targets = {t.id: t.value for t in calibration.targets(config)}
    for key, target in KEYS.items():
        spec = config["search"]["parameters"][key]
        assert spec["low"] <= found[key] <= spec["high"]
        assert got[target] == pytest.approx(targets[target], abs=1e-4), key
    assert len(counted) > 5  # it had to search: the defaults do not meet the stand-in


def test_a_target_out_of_reach_ends_at_the_bound(counted):
    config = calibration.load_config()
    config["search"]["iterations"] = 20
    config["targets"]["C4"]["value"] = 0.9  # 0.8 * t <= 0.4 within t's bounds [0.3, 0.5]
    found = calibration.search(config, echo=False)
    assert found["population.trust_strangers_mean"] == pytest.approx(0.5, abs=1e-6)


def test_search_stops_after_its_evaluation_budget(counted):
    config = calibration.load_config()
    config["search"]["iterations"] = 2
    calibration.search(config, echo=False)
    n_params = len(config["search"]["parameters"])
    # at most iterations + 1 evaluations, each with one Jacobian of n forward differences
    assert len(counted) <= (2 + 1) * (1 + n_params)
