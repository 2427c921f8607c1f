"""Planning an experiment's runs: the resolved scenarios, the design, and one task per run.

:func:`make_plan` resolves an experiment's scenarios (overrides applied) and design points
into a :class:`Plan`; :meth:`Plan.tasks` lists the runs as :class:`RunTask` objects through
the shared replication loop (:func:`cogov.experiments.replication.schedule`), so replication
*i* of every scenario and design point has the same seed. A task is self-contained and
picklable: a worker needs nothing else to run it.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import pandas as pd

from cogov.experiments.design import DesignPoints, make_design
from cogov.experiments.replication import schedule
from cogov.experiments.spec import Experiment, identity_hash, parameter_type


@dataclass(frozen=True)
class RunTask:
    """Everything a worker needs for one run (picklable, self-contained).

    Attributes:
        run_id: ``<scenario>__p<point>__r<replication>``, also the run's file name.
        scenario: the scenario's short name.
        point: index of the design point (0 when nothing varies).
        replication: replication index; its seed is the same for every scenario and point.
        seed: the run's seed.
        steps: weeks to simulate.
        model: the fully resolved scenario (overrides and point applied) given to simulate.
        varied: the varied parameters' values at this point.
        outputs: timeseries columns to keep (None: all).
    """

    run_id: str
    scenario: str
    point: int
    replication: int
    seed: int
    steps: int
    model: Any
    varied: dict[str, Any]
    outputs: tuple[str, ...] | None

    def identity(self) -> dict[str, Any]:
        """Return what identifies the run, as recorded with its outcome (done or failed)."""
        return {
            "run_id": self.run_id,
            "scenario": self.scenario,
            "point": self.point,
            "replication": self.replication,
            "seed": self.seed,
            "steps": self.steps,
            "varied": self.varied,
        }


_SAFE = re.compile(r"[^A-Za-z0-9_-]+")


def run_id(label: str, point: int, replication: int) -> str:
    """Return the id (and file name) of a run."""
    return f"{_SAFE.sub('-', label)}__p{point:05d}__r{replication:04d}"


@dataclass
class Plan:
    """The runs an experiment asks for: scenarios x design points x replications.

    Build it with :func:`make_plan`.
    """

    experiment: Experiment
    design: DesignPoints
    scenarios: dict[str, Any]
    steps: dict[str, int]
    identity: dict[str, Any]
    _resolved: dict[tuple[str, int], Any] = field(default_factory=dict, repr=False)

    @property
    def identity_hash(self) -> str:
        """SHA-256 of the identity: what fixes every run's result."""
        return identity_hash(self.identity)

    def design_frame(self) -> pd.DataFrame:
        """Return the design points as a table (sampler values before rounding)."""
        names = self.design.names
        if self.design.matrix is not None:
            frame = pd.DataFrame(self.design.matrix, columns=names)
        else:
            frame = pd.DataFrame([{k: str(v) for k, v in p.items()} for p in self.design.points])
            frame = frame.reindex(columns=names)
        frame.insert(0, "point", range(len(self.design.points)))
        return frame

    def model(self, label: str, point: int) -> Any:
        """Return the resolved scenario of one scenario and design point (resolved once)."""
        key = (label, point)
        if key not in self._resolved:
            from cogov.scenario import load_scenario

            values = self.design.points[point]
            source = f"{self.experiment.source or self.experiment.name} [design point {point}]"
            self._resolved[key] = (
                load_scenario(self.scenarios[label], values, override_source=source)
                if values
                else self.scenarios[label]
            )
        return self._resolved[key]

    def tasks(self, replications: int, labels: Sequence[str] | None = None) -> list[RunTask]:
        """Return the tasks for replications ``0..replications-1`` of the given scenarios.

        The order interleaves scenarios within each replication and point, so that paired
        runs finish close together.
        """
        exp = self.experiment
        labels = list(labels) if labels is not None else exp.labels
        outputs = tuple(exp.outputs) if exp.outputs is not None else None
        arms = [(label, point) for point in range(len(self.design.points)) for label in labels]
        return [
            RunTask(
                run_id=run_id(label, point, rep.replication),
                scenario=label,
                point=point,
                replication=rep.replication,
                seed=rep.seed,
                steps=self.steps[label],
                model=self.model(label, point),
                varied=dict(self.design.points[point]),
                outputs=outputs,
            )
            for rep in schedule(arms, replications, exp.master_seed)
            for label, point in [rep.arm]
        ]


def _scenario_fingerprint(scenario: Any) -> str:
    dump = scenario.model_dump(mode="json")
    for key in ("description", "description_zh"):
        dump.pop(key, None)
    dump.get("run", {}).pop("seed", None)
    return identity_hash(dump)


def make_plan(experiment: Experiment) -> Plan:
    """Resolve an experiment's scenarios and design into a :class:`Plan`.

    Raises:
        InputError: if a scenario, override or varied parameter is not valid.
    """
    from cogov.scenario import load_scenario

    exp = experiment
    source = exp.source or exp.name
    scenarios = {
        label: load_scenario(ref, exp.overrides, override_source=f"{source} [overrides]")
        for label, ref in zip(exp.labels, exp.scenarios, strict=True)
    }
    integer_keys = {k for k in exp.varied if parameter_type(k) is int}
    design = make_design(exp.design, exp.master_seed, integer_keys)
    steps = {label: exp.steps or int(s.run.steps) for label, s in scenarios.items()}
    identity = {
        **exp.identity(),
        "scenario_params": {label: _scenario_fingerprint(s) for label, s in scenarios.items()},
    }
    return Plan(exp, design, scenarios, steps, identity)


__all__ = ["Plan", "RunTask", "make_plan", "run_id"]
