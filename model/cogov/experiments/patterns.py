"""Measures for the field patterns (docs/CALIBRATION.md, "Emergent patterns"; issue 10, item 6).

One run of a scenario is stepped week by week and summarised over a window of weeks: the
mean of every timeseries column, plus what the timeseries does not carry — each resident's
weekly shallow and deep participation, by compound kind (commodity estate, old compound,
work-unit compound), and the share of residents who are elderly, unemployed or low-income.
A pattern is a paired difference: two arms run with the same seed (same population, same
draws outside what the arms change), its sign judged by a 95% t-interval
(:func:`cogov.experiments.stats.t_interval`). This module only measures; it changes nothing
in the model.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from cogov.api import build_model
from cogov.experiments.stats import t_interval
from cogov.mechanisms.point_incentives import former_earners_participation
from cogov.population import COMPOUND_KINDS


@dataclass(frozen=True)
class Summary:
    """One run summarised over its window (weeks ``window[0]``..``window[1]``, inclusive).

    Attributes:
        window: the weeks summarised.
        means: each timeseries column's mean over the window.
        deep_by_kind: residents' mean weekly deep participation, by compound kind name.
        shallow_by_kind: the same for shallow participation.
        vulnerable_share: share of residents elderly, unemployed or low-income (at the end).
        timeseries: the run's whole timeseries, for other windows (:meth:`mean`).
    """

    window: tuple[int, int]
    means: dict[str, float]
    timeseries: pd.DataFrame = field(repr=False, compare=False, default_factory=pd.DataFrame)
    deep_by_kind: dict[str, float] = field(default_factory=dict)
    shallow_by_kind: dict[str, float] = field(default_factory=dict)
    vulnerable_share: float = float("nan")

    def mean(self, column: str, weeks: tuple[int, int]) -> float:
        """The mean of a timeseries column over ``weeks`` (inclusive)."""
        ts = self.timeseries
        inside = (ts["step"] >= weeks[0]) & (ts["step"] <= weeks[1])
        return float(ts.loc[inside, column].mean())

    def at(self, column: str, week: int) -> float:
        """A timeseries column's value in one week."""
        ts = self.timeseries
        return float(ts.loc[ts["step"] == week, column].iloc[0])


def run_window(
    scenario: str,
    overrides: Mapping[str, Any],
    seed: int,
    weeks: int,
    window: tuple[int, int],
) -> Summary:
    """Run ``scenario`` for ``weeks`` weeks with ``seed`` and summarise it over ``window``."""
    model = build_model(scenario, dict(overrides), seed=seed)
    res = model.world.residents
    kind = model.world.layout.compound_kind[res.compound]
    deep = np.zeros(res.n)
    shallow = np.zeros(res.n)
    for _ in range(weeks):
        model.step()
        if window[0] <= model.steps <= window[1]:
            deep += res.last_deep == model.steps
            shallow += res.last_shallow == model.steps
    n_weeks = window[1] - window[0] + 1
    ts = model.timeseries()
    inside = ts[(ts["step"] >= window[0]) & (ts["step"] <= window[1])]
    means = {c: float(inside[c].mean()) for c in inside.columns if c != "step"}
    by_kind: dict[str, dict[str, float]] = {"deep": {}, "shallow": {}}
    for k, name in enumerate(COMPOUND_KINDS):
        mine = kind == k
        if mine.any():
            by_kind["deep"][name] = float(deep[mine].mean() / n_weeks)
            by_kind["shallow"][name] = float(shallow[mine].mean() / n_weeks)
    return Summary(
        window=window,
        means=means,
        deep_by_kind=by_kind["deep"],
        shallow_by_kind=by_kind["shallow"],
        vulnerable_share=float(res.vulnerable.mean()),
        timeseries=ts,
    )


@dataclass(frozen=True)
class PairedEffect:
    """A paired effect over seeds: its mean, 95% half-width, the differences and n."""

    mean: float
    half: float
    n: int
    diffs: tuple[float, ...]

    @property
    def lo(self) -> float:
        """Lower end of the 95% interval."""
        return self.mean - self.half

    @property
    def hi(self) -> float:
        """Upper end of the 95% interval."""
        return self.mean + self.half

    @property
    def sign(self) -> int:
        """+1 if the interval lies above 0, −1 below, 0 if it covers 0 (undecided)."""
        return 1 if self.lo > 0 else -1 if self.hi < 0 else 0

    def __str__(self) -> str:
        return f"{self.mean:+.4g} [{self.lo:+.4g}, {self.hi:+.4g}] (n={self.n})"


def paired(values: Sequence[float]) -> PairedEffect:
    """The t-interval of paired differences (one per seed)."""
    mean, half, n = t_interval(values)
    return PairedEffect(mean, half, n, tuple(float(v) for v in values))


def paired_effect(
    seeds: Sequence[int],
    run: Callable[[int], Summary],
    other: Callable[[int], Summary],
    measure: Callable[[Summary], float],
) -> PairedEffect:
    """``measure(run(seed)) − measure(other(seed))`` over ``seeds``, with its t-interval."""
    return paired([measure(run(s)) - measure(other(s)) for s in seeds])


def former_earners_gap(seed: int, overrides: Mapping[str, Any], weeks: tuple[int, int]) -> float:
    """Former point earners' attendance after withdrawal, minus the same residents' unpaid.

    Weekly shallow attendance in ``weeks`` (after withdrawal) of the residents who earned
    points in ``points_withdrawn``, minus the same residents' in ``baseline`` with the same
    seed (:func:`cogov.mechanisms.point_incentives.former_earners_participation`).
    """
    withdrawn = build_model("points_withdrawn", dict(overrides), seed=seed)
    never = build_model("baseline", dict(overrides), seed=seed)
    while withdrawn.steps < weeks[0] - 1:
        withdrawn.step()
        never.step()
    out = former_earners_participation(withdrawn, never, weeks)
    return out.withdrawn - out.baseline
