"""The statistics through scipy.stats give the numbers of the textbook formulas (to 1e-12).

The formulas below are those `cogov.experiments.stats` computed by hand before it went
through `scipy.stats.ttest_1samp`, `ttest_rel` and `linregress`: mean ± t_{1-α/2, n-1}·s/√n.
"""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from cogov.experiments.stats import (
    effects_per_10k_yuan,
    elasticity,
    paired_effects,
    paired_t_interval,
    t_interval,
)

RNG = np.random.default_rng(20261129)  # test data only, not the model's randomness


def textbook(values: np.ndarray, confidence: float = 0.95) -> tuple[float, float]:
    values = values[~np.isnan(values)]
    n = len(values)
    sd = math.sqrt(sum((v - values.mean()) ** 2 for v in values) / (n - 1))
    return float(values.mean()), float(st.t.ppf(0.5 + confidence / 2, n - 1) * sd / math.sqrt(n))


def close(a: float, b: float) -> bool:
    return abs(a - b) <= 1e-12 * max(1.0, abs(b))


@pytest.mark.parametrize("scale", [1e-3, 1.0, 1e5])
@pytest.mark.parametrize("n", [2, 3, 10, 40])
@pytest.mark.parametrize("confidence", [0.9, 0.95, 0.99])
def test_t_interval_is_the_textbook_interval(scale, n, confidence):
    x = scale * (10 + RNG.normal(size=n))
    mean, half, count = t_interval(x, confidence)
    ref_mean, ref_half = textbook(x, confidence)
    assert count == n and close(mean, ref_mean) and close(half, ref_half)


def test_constant_sample_has_a_zero_wide_interval_not_nan():
    assert t_interval([4.0, 4.0, 4.0]) == (4.0, 0.0, 3)
    assert paired_t_interval([1.0, 2.0], [0.0, 1.0]) == (1.0, 0.0, 2)


def test_paired_interval_is_the_interval_of_the_differences_and_drops_nan_pairs():
    a = 1e5 + RNG.normal(size=12)
    b = 1e5 + RNG.normal(size=12)
    a[3] = np.nan
    mean, half, n = paired_t_interval(a, b)
    ref_mean, ref_half = textbook(a - b)
    assert n == 11 and close(mean, ref_mean) and close(half, ref_half)


def summaries_frame() -> pd.DataFrame:
    rows = []
    for rep in range(8):
        shared = RNG.normal()
        for scenario, shift in (("base", 0.0), ("mech", 0.3)):
            rows.append(
                {
                    "scenario": scenario,
                    "point": 0,
                    "replication": rep,
                    "y": 5 + shared + shift + 0.1 * RNG.normal(),
                    "spending_total_yuan": 1000 + (200 + 10 * RNG.normal()) * (scenario == "mech"),
                }
            )
    return pd.DataFrame(rows)


def test_paired_effects_and_per_10k_yuan_are_the_textbook_numbers():
    s = summaries_frame()
    base = s[s.scenario == "base"].set_index("replication")
    mech = s[s.scenario == "mech"].set_index("replication")
    eff = paired_effects(s, "base", ["y"]).iloc[0]
    ref_mean, ref_half = textbook((mech["y"] - base["y"]).to_numpy())
    assert close(eff["effect"], ref_mean) and close(eff["half_width"], ref_half)

    per = effects_per_10k_yuan(s, "base", ["y"]).iloc[0]
    d = (mech["y"] - base["y"]).to_numpy()
    extra = (mech["spending_total_yuan"] - base["spending_total_yuan"]).to_numpy() * 52 / 1e4
    ratio = d.mean() / extra.mean()
    _, ref_half = textbook((d - ratio * extra) / extra.mean())
    assert close(per["per_10k_yuan"], ratio) and close(per["half_width"], ref_half)


def test_elasticity_is_the_mean_least_squares_slope():
    rows = []
    for rep in range(5):
        for x in (1.0, 2.0, 4.0, 8.0):
            rows.append({"replication": rep, "x": x, "y": 3 * x**0.7 * (1 + 0.05 * RNG.normal())})
    s = pd.DataFrame(rows)
    slopes = [np.polyfit(np.log(g["x"]), np.log(g["y"]), 1)[0] for _, g in s.groupby("replication")]
    got = elasticity(s, "x", "y")
    ref_mean, ref_half = textbook(np.array(slopes))
    assert close(got["elasticity"], ref_mean) and close(got["half_width"], ref_half)
