"""Statistics over replications: means with t-intervals, paired effects, interval bands.

The one statistics module: the report, the sweep's precision mode, calibration and the app's
compare page all compute their intervals here, through ``scipy.stats`` (``ttest_1samp`` and
``ttest_rel`` and their confidence intervals; the vectorised bands use ``scipy.stats.t``).

A run is summarised by the mean of each outcome over its last ``summary_weeks`` steps (the
final year by default). Because replication *i* of every scenario uses the same seed, the
effect of a scenario against the baseline is computed run by run (scenario minus baseline at
the same replication and design point) and its 95% confidence interval is a t-interval of
those paired differences, which is much narrower than comparing two independent means.
"""

from __future__ import annotations

import warnings
from collections.abc import Mapping, Sequence
from typing import Any

import numpy as np
import pandas as pd
from scipy import stats

from cogov.experiments.store import ID_COLUMNS


def _half_width(result: Any, confidence: float) -> float:
    """Return the half-width of a scipy t-test result's confidence interval.

    The tests are run on values centred on their mean, so that the interval is centred on
    0 and its half-width keeps full precision however large the mean.
    """
    ci = result.confidence_interval(confidence)
    return (float(ci.high) - float(ci.low)) / 2.0


def t_interval(
    values: Sequence[float] | np.ndarray, confidence: float = 0.95
) -> tuple[float, float, int]:
    """Return ``(mean, half_width, n)`` of the t-interval of the mean of ``values``.

    The interval is ``scipy.stats.ttest_1samp(values).confidence_interval(confidence)``.
    NaN values are dropped. With fewer than two values the half-width is NaN; with every
    value the same it is 0.

    Args:
        values: the sample.
        confidence: the interval's coverage (0.95 for a 95% interval).
    """
    arr = np.asarray(values, dtype=float)
    arr = arr[~np.isnan(arr)]
    n = int(arr.size)
    if n == 0:
        return float("nan"), float("nan"), 0
    mean = float(arr.mean())
    if n < 2:
        return mean, float("nan"), n
    with warnings.catch_warnings():
        # scipy warns of "catastrophic cancellation" when every value is (nearly) the same;
        # the interval is then rightly (nearly) zero wide
        warnings.simplefilter("ignore", RuntimeWarning)
        half = _half_width(stats.ttest_1samp(arr - mean, 0.0), confidence)
    return mean, half, n


def paired_t_interval(
    a: Sequence[float] | np.ndarray, b: Sequence[float] | np.ndarray, confidence: float = 0.95
) -> tuple[float, float, int]:
    """Return ``(mean difference, half_width, n)`` of ``a − b``, paired element by element.

    The interval is ``scipy.stats.ttest_rel(a, b).confidence_interval(confidence)``; pairs
    with a NaN on either side are dropped. With fewer than two pairs the half-width is NaN.
    """
    x = np.asarray(a, dtype=float)
    y = np.asarray(b, dtype=float)
    ok = ~(np.isnan(x) | np.isnan(y))
    x, y = x[ok], y[ok]
    n = int(x.size)
    if n == 0:
        return float("nan"), float("nan"), 0
    mean = float((x - y).mean())
    if n < 2:
        return mean, float("nan"), n
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", RuntimeWarning)
        half = _half_width(stats.ttest_rel(x - mean, y), confidence)
    return mean, half, n


def run_summaries(
    results: pd.DataFrame, outcomes: Sequence[str], window: int, keys: Sequence[str] = ()
) -> pd.DataFrame:
    """Return one row per run: its id columns, ``keys``, and each outcome's final-window mean.

    Args:
        results: the tidy results (:func:`cogov.experiments.load_results`).
        outcomes: outcome columns to summarise.
        window: number of last steps averaged (all steps if a run is shorter).
        keys: further columns to carry (e.g. the varied parameters).
    """
    carry = [c for c in (*ID_COLUMNS, *keys) if c in results.columns]
    if results.empty:
        return pd.DataFrame(columns=[*carry, *outcomes])
    last = results.groupby("run_id")["step"].transform("max")
    tail = results[results["step"] > last - window]
    grouped = tail.groupby("run_id", sort=False)
    head = grouped[carry].first() if carry else pd.DataFrame(index=grouped.size().index)
    head = head.drop(columns="run_id", errors="ignore")
    means = grouped[list(outcomes)].mean()
    return head.join(means).reset_index()


def outcome_means(
    summaries: pd.DataFrame, outcomes: Sequence[str], by: Sequence[str] = ("scenario", "point")
) -> pd.DataFrame:
    """Return each outcome's mean over replications with its 95% t-interval.

    Returns:
        A long table: ``by`` columns, ``outcome``, ``mean``, ``half_width``, ``lo``, ``hi``, ``n``.
    """
    rows = []
    by = [b for b in by if b in summaries.columns]
    for key, group in summaries.groupby(by, sort=False) if by else [((), summaries)]:
        key = key if isinstance(key, tuple) else (key,)
        for outcome in outcomes:
            mean, half, n = t_interval(group[outcome].to_numpy())
            rows.append(
                {
                    **dict(zip(by, key, strict=True)),
                    "outcome": outcome,
                    "mean": mean,
                    "half_width": half,
                    "lo": mean - half,
                    "hi": mean + half,
                    "n": n,
                }
            )
    return pd.DataFrame(rows, columns=[*by, "outcome", "mean", "half_width", "lo", "hi", "n"])


def elasticity(
    summaries: pd.DataFrame, x: str, y: str, confidence: float = 0.95
) -> dict[str, float]:
    """Elasticity of ``y`` to ``x`` across design points, replication by replication.

    Replication *i* of every design point ran with the same seed, so each replication gives
    one slope of ``log y`` on ``log x`` across the points (ordinary least squares); the
    elasticity is the mean of those slopes, with a t-interval over replications.

    Args:
        summaries: one row per run (:func:`run_summaries`), with columns ``replication``,
            ``x`` and ``y`` (both positive).
        x: the cause's column, e.g. ``resident_hours_offered``.
        y: the response's column, e.g. ``needs_resolved``.
        confidence: the interval's coverage.

    Returns:
        ``{"elasticity", "half_width", "lo", "hi", "n"}``.
    """
    slopes = []
    for _, run in summaries.groupby("replication", sort=True):
        lx = np.log(run[x].to_numpy(dtype=float))
        ly = np.log(run[y].to_numpy(dtype=float))
        ok = np.isfinite(lx) & np.isfinite(ly)
        if ok.sum() >= 2 and np.ptp(lx[ok]) > 0:
            slopes.append(float(stats.linregress(lx[ok], ly[ok]).slope))
    mean, half, n = t_interval(slopes, confidence)
    return {"elasticity": mean, "half_width": half, "lo": mean - half, "hi": mean + half, "n": n}


def paired_runs(summaries: pd.DataFrame, baseline: str):
    """Yield, per scenario and design point, its runs and the baseline's, paired by replication.

    Yields ``(scenario, point, runs, baseline_runs, common)``: both frames indexed by
    ``(point, replication)``, and ``common`` the pairs both have (replications missing on
    either side, not run yet or failed, are left out). Nothing is yielded without a baseline.
    """
    base = summaries[summaries["scenario"] == baseline]
    if base.empty:
        return
    base = base.set_index(["point", "replication"])
    for (scenario, point), group in summaries.groupby(["scenario", "point"], sort=False):
        if scenario == baseline:
            continue
        other = group.set_index(["point", "replication"])
        yield scenario, point, other, base, other.index.intersection(base.index)


def paired_effects(
    summaries: pd.DataFrame,
    baseline: str,
    outcomes: Sequence[str],
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return each scenario's effect against the baseline, paired run by run.

    For every scenario, design point and outcome: the runs of the scenario and of the
    baseline with the same replication (hence the same seed) are paired; the effect is the
    mean of their differences, with a t-interval (95% by default). Replications missing on
    either side (not run yet, or failed) are left out of that pair.

    Returns:
        A long table: ``scenario``, ``point``, ``outcome``, ``n`` (pairs), ``baseline_mean``,
        ``scenario_mean``, ``effect``, ``half_width``, ``lo``, ``hi``, ``relative`` (effect
        over the baseline mean).
    """
    cols = [
        "scenario",
        "point",
        "outcome",
        "n",
        "baseline_mean",
        "scenario_mean",
        "effect",
        "half_width",
        "lo",
        "hi",
        "relative",
    ]
    rows = []
    for scenario, point, other, base, common in paired_runs(summaries, baseline):
        for outcome in outcomes:
            effect, half, n = paired_t_interval(
                other.loc[common, outcome].to_numpy(),
                base.loc[common, outcome].to_numpy(),
                confidence,
            )
            b_mean = float(base.loc[common, outcome].mean()) if n else float("nan")
            s_mean = float(other.loc[common, outcome].mean()) if n else float("nan")
            rel = effect / b_mean if n and b_mean not in (0.0,) and np.isfinite(b_mean) else np.nan
            rows.append(
                {
                    "scenario": scenario,
                    "point": point,
                    "outcome": outcome,
                    "n": n,
                    "baseline_mean": b_mean,
                    "scenario_mean": s_mean,
                    "effect": effect,
                    "half_width": half,
                    "lo": effect - half,
                    "hi": effect + half,
                    "relative": rel,
                }
            )
    return pd.DataFrame(rows, columns=cols)


def timeseries_bands(
    results: pd.DataFrame,
    outcomes: Sequence[str],
    by: Sequence[str] = ("scenario", "point"),
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return, per step, each outcome's mean over replications with a t-interval band.

    NaN values are skipped; where fewer than two values remain, ``lo`` and ``hi`` are NaN.

    Args:
        results: tidy results (one row per run and step).
        outcomes: the outcome columns.
        by: the columns whose groups get a band each (those missing are ignored).
        confidence: the band's coverage (0.95 for a 95% band).

    Returns:
        A long table: ``by`` columns, ``step``, ``outcome``, ``mean``, ``lo``, ``hi``, ``n``.
    """
    by = [b for b in by if b in results.columns]
    grouped = results.groupby([*by, "step"], sort=True)
    frames = []
    for outcome in outcomes:
        agg = grouped[outcome].agg(["mean", "std", "count"]).reset_index()
        n = agg["count"].to_numpy()
        tcrit = np.where(n > 1, stats.t.ppf(0.5 + confidence / 2.0, np.maximum(n - 1, 1)), np.nan)
        half = tcrit * agg["std"].to_numpy() / np.sqrt(np.maximum(n, 1))
        agg["lo"] = agg["mean"] - half
        agg["hi"] = agg["mean"] + half
        agg["outcome"] = outcome
        frames.append(agg.rename(columns={"count": "n"}).drop(columns="std"))
    if not frames:
        return pd.DataFrame(columns=[*by, "step", "outcome", "mean", "lo", "hi", "n"])
    return pd.concat(frames, ignore_index=True)[[*by, "step", "outcome", "mean", "lo", "hi", "n"]]


def stack_runs(arms: Mapping[str, Sequence[pd.DataFrame]], columns: Sequence[str]) -> pd.DataFrame:
    """Return in-memory runs as a tidy results table the functions above take.

    Args:
        arms: per arm (used as the ``scenario`` label), its runs' timeseries in replication
            order (each with a ``step`` column); run *i* of every arm is replication *i*.
        columns: the outcome columns kept; a column a run lacks is NaN.

    Returns:
        Columns ``run_id``, ``scenario``, ``point`` (0), ``replication``, ``step`` and
        ``columns``.
    """
    frames = []
    for arm, runs in arms.items():
        for rep, run in enumerate(runs):
            frame = pd.DataFrame({"step": run["step"].to_numpy()})
            for col in columns:
                frame[col] = run[col].to_numpy(dtype=float) if col in run else np.nan
            frame.insert(0, "replication", rep)
            frame.insert(0, "point", 0)
            frame.insert(0, "scenario", arm)
            frame.insert(0, "run_id", f"{arm}__r{rep}")
            frames.append(frame)
    if not frames:
        return pd.DataFrame(
            columns=["run_id", "scenario", "point", "replication", "step", *columns]
        )
    return pd.concat(frames, ignore_index=True)


#: The money column whose difference is a scenario's extra spending (yuan a week).
SPENDING_COLUMN = "spending_total_yuan"
#: Spending on activities: what a community buys when no mechanism runs.
ACTIVITIES_COLUMN = "spending_activities_yuan"
#: Derived: all spending but activities, i.e. what the scenario spends on its mechanisms.
MECHANISMS_SPENDING = "spending_mechanisms_yuan"


def with_mechanism_spending(summaries: pd.DataFrame) -> pd.DataFrame:
    """Add :data:`MECHANISMS_SPENDING` (total − activities) when both columns are there.

    When the yearly budget is used up with or without a mechanism, the mechanism's cost
    shows as activities forgone, not as more total spending; its own spending (0 in the
    baseline) is then the measure of what it costs.
    """
    if SPENDING_COLUMN not in summaries.columns or ACTIVITIES_COLUMN not in summaries.columns:
        return summaries
    out = summaries.copy()
    out[MECHANISMS_SPENDING] = out[SPENDING_COLUMN] - out[ACTIVITIES_COLUMN]
    return out


#: Extra spending (yuan a year) below this in absolute value counts as no extra cost.
NO_EXTRA_COST_YUAN = 1.0
WEEKS_PER_YEAR = 52


def effects_per_10k_yuan(
    summaries: pd.DataFrame,
    baseline: str,
    outcomes: Sequence[str],
    spending: str = SPENDING_COLUMN,
    confidence: float = 0.95,
) -> pd.DataFrame:
    """Return each scenario's effect against the baseline per 10,000 yuan of extra spending.

    Runs are paired by replication (same seed) as in :func:`paired_effects`. For pair *i*,
    ``d_i`` is the difference of an outcome's summary (the mean over the run's last weeks)
    and ``s_i`` the difference of mean weekly spending, expressed per year
    (``52 · Δspending``, in units of 10,000 yuan). The estimate is the ratio of means
    ``R = mean(d) / mean(s)``: the change in the outcome for each 10,000 yuan a year the
    scenario spends beyond the baseline. Its interval linearises the ratio (delta method):
    the t-interval of ``z_i = (d_i − R·s_i) / mean(s)``. Where the scenario spends no more
    than the baseline (``|mean extra| < 1 yuan a year``) no ratio is given and ``note``
    says "no extra cost"; where it spends less, the ratio is per 10,000 yuan *saved* and
    ``note`` says "costs less".

    Args:
        summaries: one row per run (:func:`run_summaries`) with ``spending`` among its
            columns.
        baseline: the baseline scenario's label.
        outcomes: the outcome columns.
        spending: the weekly spending column (yuan a week).
        confidence: the interval's coverage.

    Returns:
        A long table: ``scenario``, ``point``, ``outcome``, ``n`` (pairs),
        ``extra_yuan_per_year`` (mean extra spending), ``effect`` (mean paired difference),
        ``per_10k_yuan``, ``half_width``, ``lo``, ``hi`` and ``note``.
    """
    cols = [
        "scenario",
        "point",
        "outcome",
        "n",
        "extra_yuan_per_year",
        "effect",
        "per_10k_yuan",
        "half_width",
        "lo",
        "hi",
        "note",
    ]
    if spending not in summaries.columns:
        return pd.DataFrame(columns=cols)
    rows = []
    for scenario, point, other, base, common in paired_runs(summaries, baseline):
        extra = (
            other.loc[common, spending].to_numpy(dtype=float)
            - base.loc[common, spending].to_numpy(dtype=float)
        ) * WEEKS_PER_YEAR
        for outcome in outcomes:
            d = other.loc[common, outcome].to_numpy(dtype=float) - base.loc[
                common, outcome
            ].to_numpy(dtype=float)
            ok = ~(np.isnan(d) | np.isnan(extra))
            d_ok, s_ok = d[ok], extra[ok]
            n = int(ok.sum())
            effect = float(d_ok.mean()) if n else float("nan")
            s_mean = float(s_ok.mean()) if n else float("nan")
            ratio = half = float("nan")
            if n == 0:
                note = "no pairs"
            elif abs(s_mean) < NO_EXTRA_COST_YUAN:
                note = "no extra cost"
            else:
                s10k = s_ok / 10_000.0
                m10k = s_mean / 10_000.0
                ratio = effect / m10k
                note = "costs less" if s_mean < 0 else ""
                if n >= 2:
                    half = t_interval((d_ok - ratio * s10k) / m10k, confidence)[1]
            rows.append(
                {
                    "scenario": scenario,
                    "point": point,
                    "outcome": outcome,
                    "n": n,
                    "extra_yuan_per_year": s_mean,
                    "effect": effect,
                    "per_10k_yuan": ratio,
                    "half_width": half,
                    "lo": ratio - half,
                    "hi": ratio + half,
                    "note": note,
                }
            )
    return pd.DataFrame(rows, columns=cols)
