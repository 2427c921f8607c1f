"""Shared runs for the mechanism tests: small communities, paired seeds, cached.

A community of 1,200 households with four community workers (the default's staff scaled
to its size, so that RC staff cannot handle every need alone and the other suppliers
matter). Every test compares runs with the same seeds (common random numbers), so that a
difference comes from the mechanism, and asserts on means over replications.
"""

from __future__ import annotations

from functools import cache
from typing import Any

import numpy as np
import pandas as pd
import pytest

from cogov import build_model
from cogov.model import CommunityModel

SMALL: dict[str, Any] = {
    "structure.households_per_community": 1200,
    "community.community_workers": 4,
    # The default community's funds, so that a pathway test is not cut short by the
    # money rules (tests/test_money.py tests those); 1,200 households alone get the floor
    # of the work funds and 80,000 yuan of service fund, which activities use up by the
    # autumn, and with them the points' redemptions (so earners fade for want of money).
    "community.budget_yuan_per_year": 200_000.0,
    "community.service_fund_yuan_per_year": 200_000.0,
}
SEEDS = (11, 12, 13, 14, 15)
STEPS = 104


@cache
def _run(scenario: str, seed: int, steps: int, items: tuple) -> tuple[pd.DataFrame, CommunityModel]:
    # a list value travels as a tuple (hashable, for the cache) and is given back as a list
    over = {k: list(v) if isinstance(v, tuple) else v for k, v in items}
    model = build_model(scenario, {**SMALL, **over}, seed=seed)
    for _ in range(steps):
        model.step()
    return model.timeseries(), model


def run(scenario: str, seed: int, steps: int = STEPS, **overrides: Any):
    """One cached run: (timeseries, model). Overrides use ``__`` for dots."""
    items = tuple(sorted((k.replace("__", "."), v) for k, v in overrides.items()))
    return _run(scenario, seed, steps, items)


def mean_over(
    scenario: str,
    column: str,
    weeks: tuple[int, int] = (53, STEPS),
    steps: int = STEPS,
    **overrides: Any,
) -> np.ndarray:
    """Per replication, the mean of a column over a range of weeks (inclusive)."""
    out = []
    for seed in SEEDS:
        ts, _ = run(scenario, seed, steps, **overrides)
        w = ts[(ts["step"] >= weeks[0]) & (ts["step"] <= weeks[1])]
        out.append(float(w[column].mean()))
    return np.array(out)


def per_model(scenario: str, fn, steps: int = STEPS, **overrides: Any) -> np.ndarray:
    """Per replication, ``fn(model)`` at the end of the run."""
    return np.array([fn(run(scenario, seed, steps, **overrides)[1]) for seed in SEEDS])


@pytest.fixture(scope="package", autouse=True)
def _free_cached_runs():
    """Drop the cached runs once the mechanism tests are done (they hold whole models)."""
    yield
    _run.cache_clear()


def window_effect(
    scenario: str,
    column: str,
    on: dict[str, Any],
    off: dict[str, Any] | None = None,
    weeks: tuple[int, int] = (53, STEPS),
    **base: Any,
) -> tuple[float, float]:
    """Mean paired difference (``on`` − ``off``, both over ``base``) of a column's mean over
    ``weeks`` (inclusive), with its 95% half-width, over :data:`SEEDS`."""
    from cogov.experiments.stats import t_interval

    diffs = []
    for seed in SEEDS:
        a, _ = run(scenario, seed, **base, **on)
        b, _ = run(scenario, seed, **base, **(off or {}))
        wa = a[(a["step"] >= weeks[0]) & (a["step"] <= weeks[1])][column].mean()
        wb = b[(b["step"] >= weeks[0]) & (b["step"] <= weeks[1])][column].mean()
        diffs.append(wa - wb)
    mean, half, _ = t_interval(diffs)
    return mean, half


def vanishes(mean: float, half: float) -> bool:
    """True when a paired effect is indistinguishable from zero (or exactly zero)."""
    return abs(mean) <= half or (mean == 0.0 and half == 0.0)
