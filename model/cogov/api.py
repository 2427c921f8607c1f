"""The functions a user, the CLI, the experiment runner and the app all call."""

from __future__ import annotations

import time
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pandas as pd

from cogov.model import CommunityModel, replay_switches
from cogov.params import Scenario
from cogov.scenario import load_scenario


@dataclass
class RunResult:
    """Everything one run produced.

    Attributes:
        scenario: the scenario's name.
        seed: the master seed.
        steps: weeks simulated.
        params: every parameter, fully resolved (JSON-serialisable nested dict).
        timeseries: one row per step, ``step`` and the outcome columns.
        grids: one row per (step, grid).
        groups: one row per (step, group).
        wall_time_s: seconds the run took (set-up included).
        scenario_obj: the validated Scenario the run used.
        switches: the mechanisms switched during the run, ``(week, name, on)`` as applied
            (``model.switches``; none for a run without switches).
    """

    scenario: str
    seed: int
    steps: int
    params: dict[str, Any]
    timeseries: pd.DataFrame
    grids: pd.DataFrame
    groups: pd.DataFrame
    wall_time_s: float
    scenario_obj: Scenario
    switches: tuple[tuple[int, str, bool], ...] = ()


def build_model(
    scenario: str | Path | Scenario | None = None,
    overrides: Mapping[str, Any] | None = None,
    *,
    seed: int | None = None,
) -> CommunityModel:
    """Build a model from a scenario name or file, with dotted-key overrides.

    Args:
        scenario: a shipped scenario name, a path to a TOML file, a Scenario, or None
            for the default community.
        overrides: e.g. ``{"structure.households_per_community": 1000}``.
        seed: the master seed; defaults to the scenario's ``run.seed``.

    Raises:
        cogov.errors.InputError: for an unknown scenario or a bad parameter.
    """
    sc = load_scenario(scenario, overrides)
    return CommunityModel(sc, rng=sc.run.seed if seed is None else seed)


def simulate(
    scenario: str | Path | Scenario | None = None,
    *,
    steps: int | None = None,
    seed: int | None = None,
    overrides: Mapping[str, Any] | None = None,
    switches: Iterable[tuple[int, str, bool]] = (),
) -> RunResult:
    """Run one simulation and return its tables.

    The same scenario, overrides and seed give identical results, in any process.

    Args:
        scenario: a shipped scenario name, a path, a Scenario, or None for the defaults.
        steps: weeks to run; defaults to the scenario's ``run.steps``.
        seed: the master seed; defaults to the scenario's ``run.seed``.
        overrides: dotted keys to values, applied after the scenario file.
        switches: mechanisms switched during the run, ``(week, name, on)`` as another run
            recorded them in ``model.switches`` (:func:`cogov.model.replay_switches`).
    """
    start = time.perf_counter()
    sc = load_scenario(scenario, overrides)
    model = CommunityModel(sc, rng=sc.run.seed if seed is None else seed)
    n_steps = sc.run.steps if steps is None else int(steps)
    schedule = list(switches)
    for _ in range(n_steps):
        if schedule:
            replay_switches(model, schedule)
        model.step()
    return RunResult(
        scenario=sc.name,
        seed=model.seed,
        steps=n_steps,
        params=sc.model_dump(mode="json"),
        timeseries=model.timeseries(),
        grids=model.grid_table(),
        groups=model.group_table(),
        wall_time_s=time.perf_counter() - start,
        scenario_obj=sc,
        switches=tuple(model.switches),
    )
