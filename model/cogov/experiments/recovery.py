"""A shock's effect and recovery time, from paired runs (shock vs no shock, same seeds).

Given the timeseries of a shock scenario and its baseline, replication *i* of both run with
the same seed, :func:`shock_recovery` returns per outcome:

* ``effect_end``: the paired difference (shock − baseline) in the shock's last week;
* ``effect_year_end``: the paired difference in the last week of the calendar year in which
  the shock ends (weeks counted from 1; a year is 52 weeks);
* ``recovery_weeks``: per replication, the number of weeks after the shock's last week until
  the first week from which the paired difference, smoothed by a centred running mean of
  ``smooth_weeks`` weeks, stays within ``tolerance`` of zero until the end of the run (runs
  that never recover count as the weeks left, and are counted in ``not_recovered``);

each as the mean over replications with a 95% t-interval (``lo``, ``hi``).

Use it on a sweep's folder (``cogov sweep epidemic_recovery``)::

    python -m cogov.experiments.recovery results/epidemic_recovery
"""

from __future__ import annotations

import argparse
from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pandas as pd

from cogov.experiments.stats import t_interval

DISPOSITIONS = ("satisfaction_mean", "trust_rc_mean", "willingness_mean")
WEEKS_PER_YEAR = 52


def paired_differences(
    frame: pd.DataFrame, shock: str, baseline: str, outcome: str
) -> pd.DataFrame:
    """Shock minus baseline per replication (rows) and step (columns), same seeds."""
    wide = frame.pivot_table(index=["scenario", "replication"], columns="step", values=outcome)
    diff = wide.loc[shock] - wide.loc[baseline]
    return diff.dropna(how="all")


def recovery_week(diff: np.ndarray, after: int, tolerance: float, smooth_weeks: int) -> int:
    """Weeks after index ``after`` until the smoothed ``|diff|`` stays within ``tolerance``.

    Returns ``len(diff) − 1 − after`` (the weeks left) when it never does.
    """
    smooth = pd.Series(diff).rolling(smooth_weeks, center=True, min_periods=1).mean().to_numpy()
    outside = np.flatnonzero(np.abs(smooth[after + 1 :]) > tolerance)
    if len(outside) == 0:
        return 0
    return int(outside[-1]) + 1


def shock_recovery(
    frame: pd.DataFrame,
    *,
    shock: str,
    baseline: str,
    start_week: int,
    duration_weeks: int,
    outcomes: Sequence[str] = DISPOSITIONS,
    tolerance: float = 0.001,
    smooth_weeks: int = 8,
) -> pd.DataFrame:
    """Per outcome, the shock's paired effect at its end and at year end, and recovery time.

    Args:
        frame: timeseries of paired runs with columns ``scenario``, ``replication``,
            ``step`` (1, 2, … as written by the model) and the outcomes.
        shock: the shock scenario's name.
        baseline: the baseline scenario's name.
        start_week: the shock's first week (``shocks.*.start_week``).
        duration_weeks: the shock's length in weeks.
        outcomes: outcome columns.
        tolerance: |paired difference| counted as recovered, in the outcome's unit.
        smooth_weeks: running mean applied to each replication's difference first.
    """
    end_week = start_week + duration_weeks - 1
    year_end = -(-end_week // WEEKS_PER_YEAR) * WEEKS_PER_YEAR
    rows = []
    for outcome in outcomes:
        diff = paired_differences(frame, shock, baseline, outcome)
        steps = list(diff.columns)
        end_i = steps.index(end_week)
        values = diff.to_numpy()
        row: dict[str, float | str | int] = {"outcome": outcome, "replications": len(values)}
        for name, week in (("effect_end", end_week), ("effect_year_end", year_end)):
            if week in steps:
                mean, half, _ = t_interval(values[:, steps.index(week)])
            else:
                mean = half = float("nan")
            row.update({name: mean, f"{name}_lo": mean - half, f"{name}_hi": mean + half})
        weeks = [recovery_week(v, end_i, tolerance, smooth_weeks) for v in values]
        left = len(steps) - 1 - end_i
        mean, half, _ = t_interval(weeks)
        row.update(
            {
                "recovery_weeks": mean,
                "recovery_weeks_lo": mean - half,
                "recovery_weeks_hi": mean + half,
                "not_recovered": int(sum(w >= left for w in weeks)),
                "tolerance": tolerance,
                "year_end_week": year_end,
            }
        )
        rows.append(row)
    return pd.DataFrame(rows)


def main(argv: Sequence[str] | None = None) -> None:
    """Print the recovery table of a sweep folder (e.g. ``results/epidemic_recovery``)."""
    from cogov.experiments import load_results
    from cogov.scenario import load_scenario

    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("folder", type=Path)
    ap.add_argument("--shock", default="epidemic")
    ap.add_argument("--baseline", default="baseline")
    ap.add_argument("--tolerance", type=float, default=0.001)
    args = ap.parse_args(argv)
    ep = load_scenario(args.shock).shocks.epidemic
    table = shock_recovery(
        load_results(args.folder),
        shock=args.shock,
        baseline=args.baseline,
        start_week=ep.start_week,
        duration_weeks=ep.duration_weeks,
        tolerance=args.tolerance,
    )
    with pd.option_context("display.width", 200, "display.max_columns", 30):
        print(table.round(4).to_string(index=False))


if __name__ == "__main__":
    main()
