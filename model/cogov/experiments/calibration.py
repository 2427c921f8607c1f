"""Calibration of the baseline to the field facts of MODEL.md section 6 (C1–C6).

``python -m cogov.experiments.calibration`` runs the baseline with default parameters over
replications and prints, for each target C1–C4, the field value, the accepted band, the
model's mean over replications and its 95% interval (t-interval of the mean of the
replications' values; each replication's value is its mean over the weeks after the
burn-in). C5 (households per grid) and C6 (community funds) hold by construction of the
defaults and are checked from the parameters and the built layout.

Options::

    --replications N   replications (default: calibration.toml)
    --reduced          the small, short run the test suite checks
    --search           rerun the documented search for the free parameters' values
    --jobs N           run replications in N processes

Targets, bands, the reduced run and the search are set in ``calibration.toml``.
"""

from __future__ import annotations

import argparse
import math
import sys
import tomllib
from collections.abc import Mapping, Sequence
from contextlib import nullcontext
from dataclasses import dataclass
from functools import partial
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from cogov.api import build_model, simulate
from cogov.experiments.executors import open_executor
from cogov.experiments.replication import Replicate, run_replicates, schedule
from cogov.experiments.stats import t_interval
from cogov.files import data_dir
from cogov.scenario import load_scenario

CONFIG = data_dir("experiments") / "calibration.toml"
#: C5: urban grids of 300–500 households; C6: community funds of at least 100,000 yuan.
GRID_HOUSEHOLDS = (300, 500)
MIN_BUDGET_YUAN = 100_000.0


@dataclass
class Target:
    """One calibration target: the outcome column, the field value, the accepted band.

    The band is the survey's own 95% sampling error around the reported share,
    ``value ± 1.96·√(p(1−p)/n)`` with ``p`` the reported share and ``n`` the survey's
    sample size, never tighter (issue 10); ``kind`` says whether the figure is fitted by a
    parameter or set as an input distribution (see ``docs/CALIBRATION.md``).
    """

    id: str
    fact: str
    column: str
    value: float
    reported: float
    n: int
    kind: str
    parameter: str

    @property
    def half_width(self) -> float:
        """The 95% sampling error of the reported share."""
        p = self.reported
        return 1.96 * math.sqrt(p * (1.0 - p) / self.n)

    @property
    def low(self) -> float:
        """Lowest model value consistent with the survey."""
        return self.reported - self.half_width

    @property
    def high(self) -> float:
        """Highest model value consistent with the survey."""
        return self.reported + self.half_width


def load_config(path: Path = CONFIG) -> dict[str, Any]:
    """Read the calibration settings (``calibration.toml``)."""
    with path.open("rb") as fh:
        return tomllib.load(fh)


def targets(config: Mapping[str, Any] | None = None) -> list[Target]:
    """Return the targets C1–C4 from the configuration."""
    config = config or load_config()
    return [Target(id=k, **v) for k, v in config["targets"].items()]


def _run_means(
    rep: Replicate[str],
    *,
    overrides: Mapping[str, Any],
    steps: int | None,
    burn_in: int,
    columns: Sequence[str],
) -> list[float]:
    """One replication's value of each target: its mean over the weeks after the burn-in."""
    ts = simulate(rep.arm, steps=steps, seed=rep.seed, overrides=overrides).timeseries
    return ts.loc[ts["step"] > burn_in, list(columns)].mean().tolist()


def measure(
    overrides: Mapping[str, Any] | None = None,
    *,
    replications: int = 10,
    steps: int | None = None,
    config: Mapping[str, Any] | None = None,
    jobs: int = 1,
) -> pd.DataFrame:
    """Run the calibration scenario; return one row per replication, one column per target.

    The runs come from the experiments' replication loop
    (:func:`cogov.experiments.replication.run_replicates`): seeds spawned from the
    configuration's master seed, rows in replication order whatever the order of finishing.

    Args:
        overrides: dotted parameter overrides on top of the scenario.
        replications: how many replications (seeds spawned from the master seed).
        steps: weeks per run; default the scenario's ``run.steps``.
        config: the calibration settings; default ``calibration.toml``.
        jobs: processes to run replications in (a local pool, as for sweeps).
    """
    config = config or load_config()
    tg = targets(config)
    runs = schedule([config["scenario"]], replications, config["master_seed"])
    run = partial(
        _run_means,
        overrides=dict(overrides or {}),
        steps=steps,
        burn_in=config["burn_in_weeks"],
        columns=[t.column for t in tg],
    )
    with open_executor(jobs) if jobs > 1 else nullcontext(None) as executor:
        rows = {
            rep.replication: values for rep, values in run_replicates(runs, run, executor=executor)
        }
    out = pd.DataFrame([rows[rep.replication] for rep in runs], columns=[t.id for t in tg])
    out.insert(0, "seed", [rep.seed for rep in runs])
    return out


def table(runs: pd.DataFrame, config: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """Summarise replications: target vs model mean and 95% interval, and whether it fits."""
    rows = []
    for t in targets(config):
        mean, half, n = t_interval(runs[t.id].to_numpy())
        rows.append(
            {
                "id": t.id,
                "fact": t.fact,
                "target": t.value,
                "band_low": t.low,
                "band_high": t.high,
                "model_mean": mean,
                "ci95_low": mean - half,
                "ci95_high": mean + half,
                "replications": n,
                "ok": t.low <= mean <= t.high,
            }
        )
    return pd.DataFrame(rows)


def structural_checks(overrides: Mapping[str, Any] | None = None) -> pd.DataFrame:
    """C5 and C6 from the defaults: households per grid and yearly community funds."""
    sc = load_scenario(load_config()["scenario"], overrides)
    model = build_model(sc)
    lay = model.layout
    per_grid = np.bincount(
        lay.building_grid, weights=lay.building_households, minlength=lay.n_grids
    )
    budget = min(org.budget_year for org in model.organisations)  # set, or scaled with floor
    lo, hi = GRID_HOUSEHOLDS
    return pd.DataFrame(
        [
            {
                "id": "C5",
                "fact": "urban grids of 300–500 households",
                "model": f"{per_grid.min():.0f}–{per_grid.max():.0f} households per grid "
                f"(parameter {sc.structure.households_per_grid})",
                "ok": bool(
                    lo <= per_grid.min()
                    and per_grid.max() <= hi
                    and lo <= sc.structure.households_per_grid <= hi
                ),
            },
            {
                "id": "C6",
                "fact": "community funds of at least 100,000 yuan a year",
                "model": f"{budget:,.0f} yuan a year",
                "ok": bool(budget >= MIN_BUDGET_YUAN),
            },
        ]
    )


def search(
    config: Mapping[str, Any] | None = None, *, jobs: int = 1, echo: bool = True
) -> dict[str, float]:
    """Rerun the documented search for the free parameters (see ``[search]``).

    Each free parameter is paired with the target it moves most; the search solves
    "model value = target value" for all of them at once with
    ``scipy.optimize.least_squares`` (trust-region reflective, within each parameter's
    ``low``–``high`` bounds), its Jacobian by forward differences of ``step`` (the
    parameter's own scale), at most ``iterations`` + 1 evaluations besides the
    differences. All evaluations use the same seeds (common random numbers), so the search
    is deterministic.

    Returns:
        The parameters' values the search ended at.
    """
    from scipy.optimize import least_squares

    config = config or load_config()
    sp = config["search"]
    params = sp["parameters"]
    keys = list(params)
    tg = {t.id: t for t in targets(config)}
    base = load_scenario(config["scenario"]).flat()
    x0 = np.array([float(base[k]) for k in keys])
    low = np.array([float(params[k]["low"]) for k in keys])
    high = np.array([float(params[k]["high"]) for k in keys])
    steps = np.array([float(params[k]["step"]) for k in keys])
    wanted = np.array([tg[params[k]["target"]].value for k in keys])
    n = sp["replications"]

    def residuals(x: np.ndarray) -> np.ndarray:
        values = dict(zip(keys, (float(v) for v in x), strict=True))
        runs = measure(values, replications=n, config=config, jobs=jobs)
        got = np.array([float(runs[params[k]["target"]].mean()) for k in keys])
        if echo:
            print({k: round(v, 4) for k, v in values.items()}, np.round(got, 4).tolist())
        return got - wanted

    fit = least_squares(
        residuals,
        np.clip(x0, low, high),
        bounds=(low, high),
        # least_squares steps by diff_step * |x|: the configured absolute step at the start
        diff_step=steps / np.maximum(np.abs(x0), 1e-9),
        x_scale=steps,
        max_nfev=sp["iterations"] + 1,
        method="trf",
    )
    if echo:
        print(f"least_squares: {fit.message} ({fit.nfev} evaluations besides the differences)")
    return dict(zip(keys, (float(v) for v in fit.x), strict=True))


def main(argv: Sequence[str] | None = None) -> int:
    """Print the calibration table (or run the search); return 0 if every target fits."""
    ap = argparse.ArgumentParser(
        prog="python -m cogov.experiments.calibration", description=__doc__.splitlines()[0]
    )
    ap.add_argument("--replications", type=int, default=None)
    ap.add_argument("--reduced", action="store_true", help="the small run the tests check")
    ap.add_argument("--search", action="store_true", help="rerun the parameter search")
    ap.add_argument("--jobs", type=int, default=1)
    args = ap.parse_args(argv)
    config = load_config()
    if args.search:
        found = search(config, jobs=args.jobs)
        print("values found:", {k: round(v, 4) for k, v in found.items()})
        return 0
    overrides: dict[str, Any] = {}
    steps = None
    reps = config["replications"]
    if args.reduced:
        overrides = dict(config["reduced"]["overrides"])
        steps = config["reduced"]["steps"]
        reps = config["reduced"]["replications"]
    reps = args.replications or reps
    runs = measure(overrides, replications=reps, steps=steps, config=config, jobs=args.jobs)
    tab = table(runs, config)
    checks = structural_checks()
    with pd.option_context("display.width", 200, "display.max_columns", 20):
        print(
            f"Calibration of '{config['scenario']}': {reps} replications, weeks "
            f"{config['burn_in_weeks'] + 1}–{steps or load_scenario(config['scenario']).run.steps}"
            + (" (reduced run)" if args.reduced else "")
        )
        print(tab.drop(columns=["fact"]).to_string(index=False, float_format="%.4f"))
        print(checks.to_string(index=False))
    return 0 if tab["ok"].all() and checks["ok"].all() else 1


if __name__ == "__main__":
    sys.exit(main())
