"""The compare page's logic: baseline vs a scenario over paired replications.

Replication *i* of both arms runs with the same seed (``cogov.rng.replication_seeds``), so
the differences are paired: the runs come from the one replication loop of the experiments
(:mod:`cogov.experiments.replication`), which sweeps and calibration use too. A live run's
switches are replayed, at their weeks, in the compared arm (:attr:`ComparisonSpec.switches`).
:func:`run_comparison` is a plain function (progress and cancellation are callbacks) so that
the app can run it in a background thread and the tests can call it directly.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cogov.api import simulate
from cogov.errors import InputError
from cogov.experiments.replication import Replicate, run_replicates, schedule
from cogov.mechanisms import enabled_mechanisms
from cogov.model import check_switches, switch_text
from cogov.params import Scenario
from cogov.scenario import load_scenario
from cogov.ui.controller import BASELINE, HOUSEHOLDS_KEY, LiveController, LiveSettings

#: The pseudo-scenario "the live page's current settings".
LIVE = "__live__"


@dataclass(frozen=True)
class ComparisonSpec:
    """What to compare.

    Attributes:
        scenario: a shipped scenario's name, or :data:`LIVE` for the live page's settings.
        replications: paired replications per arm.
        steps: weeks per run.
        seed: master seed the replications' seeds are spawned from.
        live: the live page's settings (used when ``scenario`` is :data:`LIVE`).
        reference: the reference arm's scenario (run as shipped, at the same size).
        switches: mechanisms switched during the run being judged, ``(week, name, on)`` as
            recorded in ``model.switches``: replayed in the compared arm only (the reference
            arm is its scenario as shipped). Empty: both arms run as set from week 1.
    """

    scenario: str
    replications: int = 8
    steps: int = 104
    seed: int = 1
    live: LiveSettings | None = None
    reference: str = BASELINE
    switches: tuple[tuple[int, str, bool], ...] = ()

    def arms(self) -> tuple[tuple[str, dict[str, Any]], tuple[str, dict[str, Any]]]:
        """(scenario, overrides) of the baseline arm and of the compared arm.

        Both arms have the same community size.

        Raises:
            InputError: if the settings cannot be used.
        """
        if self.scenario == LIVE:
            if self.live is None:
                raise InputError("no live settings to compare")
            over = self.live.overrides()
            scen = (self.live.scenario, over)
            households = over[HOUSEHOLDS_KEY]
        else:
            sc = load_scenario(self.scenario)
            households = sc.structure.households_per_community
            scen = (self.scenario, {})
        return (self.reference, {HOUSEHOLDS_KEY: households}), scen


def run_spec(controller: LiveController, replications: int, steps: int) -> ComparisonSpec:
    """The comparison that judges a live run: the run as it was against its reference.

    The compared arm is the run's start (:attr:`LiveController.start_settings`, not the
    settings that followed its switches) with its switches replayed at their weeks (those
    within ``steps``); the reference arm is the reference scenario, unswitched. Paired seeds
    are spawned from the run's seed.
    """
    start = controller.start_settings
    switches = tuple(sw for sw in controller.schedule() if sw[0] <= steps)
    return ComparisonSpec(
        LIVE, replications, steps, int(start.seed), start, start.reference, switches
    )


@dataclass
class ComparisonResult:
    """The timeseries of every run of both arms, in replication order."""

    spec: ComparisonSpec
    seeds: list[int]
    baseline: list[pd.DataFrame] = field(default_factory=list)
    scenario: list[pd.DataFrame] = field(default_factory=list)
    cancelled: bool = False
    baseline_groups: list[pd.DataFrame] = field(default_factory=list)
    scenario_groups: list[pd.DataFrame] = field(default_factory=list)

    @property
    def complete_pairs(self) -> int:
        """Replications for which both arms have run."""
        return min(len(self.baseline), len(self.scenario))


def check_replayable(
    switches: Sequence[tuple[int, str, bool]], scenario: Scenario
) -> list[tuple[int, str, bool]]:
    """``switches`` as a run of ``scenario`` replays them; InputError names any it cannot."""
    on_at_start = [name for name, _ in enabled_mechanisms(scenario)]
    kept, rejected = check_switches(switches, on_at_start)
    if rejected:
        raise InputError(
            [f"switch has value '{switch_text(sw)}'; allowed: {why}" for sw, why in rejected]
        )
    return kept


def run_comparison(
    spec: ComparisonSpec,
    progress: Callable[[int, int], None] | None = None,
    cancelled: Callable[[], bool] | None = None,
    simulate_fn: Callable[..., Any] = simulate,
) -> ComparisonResult:
    """Run both arms replication by replication, reporting progress; stop early if asked.

    Args:
        spec: what to compare.
        progress: called with (runs done, runs in all) after every run.
        cancelled: polled between runs; True stops the comparison (the result is partial).
        simulate_fn: the engine's entry point (:func:`cogov.simulate`).

    Raises:
        InputError: if the settings cannot be used (raised before any run).
    """
    if not 1 <= spec.replications <= 1000:
        raise InputError(f"replications has value {spec.replications}; allowed: 1 to 1000")
    (base_name, base_over), (scen_name, scen_over) = spec.arms()
    # Validate both arms before spending any time (a bad override fails here, readably).
    load_scenario(base_name, base_over)
    compared = load_scenario(scen_name, scen_over)
    switches = check_replayable(spec.switches, compared)
    arms = {"baseline": (base_name, base_over), "scenario": (scen_name, scen_over)}
    runs = schedule(list(arms), spec.replications, spec.seed)
    result = ComparisonResult(spec=spec, seeds=[r.seed for r in runs if r.arm == "baseline"])
    tables = {"baseline": result.baseline, "scenario": result.scenario}
    groups = {"baseline": result.baseline_groups, "scenario": result.scenario_groups}

    def run(rep: Replicate[str]) -> Any:
        name, over = arms[rep.arm]
        if rep.arm == "scenario" and switches:
            return simulate_fn(
                name, steps=spec.steps, seed=rep.seed, overrides=over, switches=switches
            )
        return simulate_fn(name, steps=spec.steps, seed=rep.seed, overrides=over)

    # In this thread, in schedule order: replication i of both arms, then i + 1, ...
    for rep, res in run_replicates(runs, run, progress=progress, cancelled=cancelled):
        tables[rep.arm].append(res.timeseries)
        g = getattr(res, "groups", None)
        if g is not None:
            groups[rep.arm].append(g)
    result.cancelled = len(result.baseline) + len(result.scenario) < len(runs)
    return result
