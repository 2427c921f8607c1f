"""Stand-ins for ``cogov.simulate``: fast, deterministic, picklable (module-level)."""

from __future__ import annotations

import time
import zlib
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

OUTCOMES = ("participation_any", "satisfaction_mean", "backlog_open")


@dataclass
class FakeResult:
    scenario: str
    seed: int
    steps: int
    timeseries: pd.DataFrame
    params: dict = field(default_factory=dict)
    wall_time_s: float = 0.0


def fake_simulate(scenario, *, steps, seed, overrides=None):
    """Outcomes depend on a few parameters, the seed (shared noise) and the scenario name."""
    flat = scenario.flat()
    common = np.random.default_rng(seed)
    own = np.random.default_rng([seed, zlib.crc32(scenario.name.encode())])
    t = np.arange(1, steps + 1)
    level = (
        0.1
        + 0.5 * flat["population.willingness_mean"]
        + 0.004 * flat["community.community_workers"]
        + 0.02 * flat["participation.peer_weight"]
    )
    noise = common.normal(0.0, 0.03, steps) + own.normal(0.0, 0.005, steps)
    ts = pd.DataFrame(
        {
            "step": t,
            "participation_any": level * (1 - np.exp(-t / 5)) + noise,
            "satisfaction_mean": 0.6 + 0.01 * flat["community.community_workers"] / 10 + noise / 2,
            "backlog_open": (50 - flat["community.community_workers"] + 10 * common.random(steps)),
        }
    )
    return FakeResult(scenario.name, seed, steps, ts, params=scenario.model_dump(mode="json"))


def failing_simulate(scenario, *, steps, seed, overrides=None):
    """Like fake_simulate, but raises for the old_compound scenario with an odd seed."""
    if scenario.name == "old_compound" and seed % 2 == 1:
        raise RuntimeError(f"engine blew up (seed {seed})")
    return fake_simulate(scenario, steps=steps, seed=seed)


def slow_simulate(scenario, *, steps, seed, overrides=None):
    """Like fake_simulate, but takes a while (for the kill test)."""
    time.sleep(0.25)
    return fake_simulate(scenario, steps=steps, seed=seed)


def money_simulate(scenario, *, steps, seed, overrides=None):
    """A stand-in engine: old compounds spend 100 yuan a week more and resolve more."""
    rng = np.random.default_rng(seed)
    t = np.arange(1, steps + 1)
    dearer = scenario.name == "old_compound"
    ts = pd.DataFrame(
        {
            "step": t,
            "needs_resolved": 10 + rng.normal(0, 1, steps) + (2.0 if dearer else 0.0),
            "spending_total_yuan": 500.0 + (100.0 if dearer else 0.0) + 0 * t,
        }
    )
    return FakeResult(scenario.name, seed, steps, ts, params=scenario.model_dump(mode="json"))
