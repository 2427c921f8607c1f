from __future__ import annotations

import numpy as np
import pandas as pd
import pytest
from scipy import stats as st

from cogov.experiments.stats import (
    outcome_means,
    paired_effects,
    run_summaries,
    stack_runs,
    t_interval,
    timeseries_bands,
)


def test_t_interval_matches_scipy():
    x = np.array([1.0, 2.0, 4.0, 7.0, 11.0])
    mean, half, n = t_interval(x)
    lo, hi = st.t.interval(0.95, len(x) - 1, loc=x.mean(), scale=st.sem(x))
    assert n == 5 and mean == pytest.approx(5.0)
    assert mean - half == pytest.approx(lo) and mean + half == pytest.approx(hi)


def test_t_interval_small_samples():
    assert t_interval([])[2] == 0
    mean, half, n = t_interval([3.0, np.nan])
    assert (mean, n) == (3.0, 1) and np.isnan(half)


def results_frame(values: dict[tuple[str, int], list[float]]) -> pd.DataFrame:
    """Tidy results: scenario, replication -> per-step values of outcome y."""
    rows = []
    for (scenario, rep), ys in values.items():
        for step, y in enumerate(ys, start=1):
            rows.append(
                {
                    "run_id": f"{scenario}-{rep}",
                    "scenario": scenario,
                    "point": 0,
                    "replication": rep,
                    "seed": 100 + rep,
                    "step": step,
                    "y": y,
                }
            )
    return pd.DataFrame(rows)


def test_run_summary_is_the_mean_of_the_last_window_steps():
    frame = results_frame({("a", 0): [100.0, 1.0, 2.0, 3.0]})
    summary = run_summaries(frame, ["y"], window=2)
    assert summary.loc[0, "y"] == pytest.approx(2.5)
    assert summary.loc[0, "seed"] == 100
    # a window longer than the run averages every step
    assert run_summaries(frame, ["y"], window=52).loc[0, "y"] == pytest.approx(26.5)


def test_paired_effects_pair_by_replication_and_skip_unpaired():
    # scenario b is baseline + 1 + small per-replication deviation; large shared noise
    shared = [10.0, -20.0, 35.0, 5.0]
    extra = [0.1, -0.1, 0.05, -0.05]
    values = {("base", r): [shared[r]] for r in range(4)}
    values |= {("b", r): [shared[r] + 1 + extra[r]] for r in range(4)}
    values[("base", 9)] = [999.0]  # no partner: must be ignored
    summaries = run_summaries(results_frame(values), ["y"], window=1)
    eff = paired_effects(summaries, "base", ["y"]).iloc[0]
    assert eff["n"] == 4
    assert eff["effect"] == pytest.approx(1.0)
    _, half, _ = t_interval(np.array(extra))
    assert eff["half_width"] == pytest.approx(half)
    # pairing removes the shared noise: far narrower than an unpaired comparison
    unpaired = outcome_means(summaries[summaries.replication < 4], ["y"], by=("scenario",))
    assert eff["half_width"] < 0.1 * unpaired["half_width"].min()


def test_timeseries_bands_per_step():
    frame = results_frame({("a", 0): [1.0, 2.0], ("a", 1): [3.0, 6.0]})
    bands = timeseries_bands(frame, ["y"])
    assert list(bands["step"]) == [1, 2]
    assert list(bands["mean"]) == [2.0, 4.0]
    assert (bands["lo"] < bands["mean"]).all() and (bands["hi"] > bands["mean"]).all()


def test_stack_runs_makes_tidy_results_paired_by_replication():
    run = pd.DataFrame({"step": [1, 2, 3], "y": [1.0, 2.0, 3.0]})
    frame = stack_runs({"base": [run, run * 2], "b": [run]}, ["y", "missing"])
    assert list(frame.columns) == [
        "run_id",
        "scenario",
        "point",
        "replication",
        "step",
        "y",
        "missing",
    ]
    assert frame.groupby("scenario", sort=False)["replication"].max().to_dict() == {
        "base": 1,
        "b": 0,
    }
    assert frame["missing"].isna().all() and frame["run_id"].nunique() == 3
    summaries = run_summaries(frame, ["y"], window=2)
    eff = paired_effects(summaries, "base", ["y"]).iloc[0]
    assert eff["n"] == 1 and eff["effect"] == pytest.approx(0.0)


def test_band_confidence_is_a_parameter():
    frame = results_frame({("a", r): [float(r), 2.0 * r] for r in range(5)})
    wide = timeseries_bands(frame, ["y"], confidence=0.99)
    narrow = timeseries_bands(frame, ["y"], confidence=0.90)
    assert (wide["hi"] - wide["lo"] > narrow["hi"] - narrow["lo"]).all()
    default = timeseries_bands(frame, ["y"])
    x = np.array([float(r) for r in range(5)])
    lo, hi = st.t.interval(0.95, 4, loc=x.mean(), scale=st.sem(x))
    assert default["lo"].iloc[0] == pytest.approx(lo) and default["hi"].iloc[0] == pytest.approx(hi)
