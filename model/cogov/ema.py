"""cogov as a model of the EMA Workbench (the optional extra ``ema``).

:func:`build_model` returns an ``ema_workbench.Model`` whose parameters come from cogov's
parameter schema (:func:`cogov.params.parameter_table`): every numeric parameter is an EMA
parameter (named by its dotted key with ``__`` for the dots, as EMA's names must be Python
identifiers: ``population__willingness_mean``) bounded by the schema's own range (a whole
number an ``IntegerParameter``, a switch a ``BooleanParameter``, any other number a
``RealParameter``), with the scenario's value as its default. The parameters under
``mechanisms.`` (the interventions) are the model's *levers*, the others its
*uncertainties*; name the ones a study varies, with narrower bounds if wanted, and every
other parameter keeps the scenario's value.

Outcomes: each outcome column as a ``ScalarOutcome`` (its mean over the run's last year, as
in :func:`cogov.experiments.interface.run`) and, for the columns asked for, a
``TimeSeriesOutcome`` ``<column>_weekly`` (one value a week). The scenario, the weeks and
the seed are EMA constants named ``cogov_scenario``, ``cogov_steps`` and ``cogov_seed``: EMA
keeps columns of its own called ``scenario``, ``policy`` and ``model`` in its experiments
table, and cogov's names must not collide with them (:data:`RESERVED`).

Example (``docs/experiments.md`` shows a whole study)::

    from ema_workbench import perform_experiments
    from cogov.ema import build_model

    model = build_model(
        uncertainties={"population.willingness_mean": (0.3, 0.55)},
        levers=[],
        steps=156,
    )
    experiments, outcomes = perform_experiments(model, scenarios=20)
"""

from __future__ import annotations

import warnings
from collections.abc import Iterable, Mapping, Sequence
from typing import Any

import numpy as np

from cogov.errors import InputError
from cogov.metrics import MAIN_OUTCOMES

#: Columns EMA's experiments table keeps for itself: no parameter or constant may take them.
RESERVED = ("scenario", "policy", "model")
#: The names of the constants: the scenario, the weeks per run and the master seed.
SCENARIO, STEPS, SEED = "cogov_scenario", "cogov_steps", "cogov_seed"
#: Parameters that are not the model's to vary: how long and with which seed it runs.
NOT_PARAMETERS = ("run.steps", "run.seed")
#: What stands for a dot of a parameter's key in its EMA name (EMA's names are identifiers).
DOT = "__"
#: The suffix of a time-series outcome's name.
WEEKLY = "_weekly"
#: Weeks averaged for a scalar outcome (the last year).
SUMMARY_WEEKS = 52


def ema_name(key: str) -> str:
    """Return the EMA name of a dotted parameter key: ``population__willingness_mean``.

    EMA Workbench 3 wants names that are Python identifiers; the model function still gets
    the dotted key (the parameter's ``variable_name``).
    """
    return key.replace(".", DOT)


def dotted_key(name: str) -> str:
    """Return the dotted parameter key of an EMA name (the inverse of :func:`ema_name`)."""
    return name.replace(DOT, ".")


def _ema() -> Any:
    try:
        with warnings.catch_warnings():
            # EMA warns at import that optional back-ends (ipyparallel, mpi) are missing
            warnings.simplefilter("ignore")
            import ema_workbench
    except ImportError:
        raise InputError(
            "cogov.ema needs the EMA Workbench, which is not installed; install it with: "
            "pip install 'cogov[ema]'"
        ) from None
    return ema_workbench


def schema_parameters(scenario: str = "baseline") -> dict[str, Any]:
    """Return every numeric parameter of the schema as a bounded EMA parameter.

    Args:
        scenario: the scenario whose values are the parameters' defaults.

    Returns:
        Dotted key -> ``RealParameter``, ``IntegerParameter`` or ``BooleanParameter`` with
        the schema's range (switches: true or false), in the schema's order, named
        :func:`ema_name` (the key with ``__`` for its dots) and with the dotted key as its
        ``variable_name``. ``run.steps`` and ``run.seed`` are left out (they are constants
        of the model).
    """
    from cogov.params import parameter_table
    from cogov.scenario import load_scenario

    ema = _ema()
    values = load_scenario(scenario).flat()
    out: dict[str, Any] = {}
    for row in parameter_table():
        key = row["key"]
        if "." not in key or key in NOT_PARAMETERS:
            continue
        value = values.get(key, row["default"])
        name, var = ema_name(key), [key]
        if isinstance(value, bool):
            out[key] = ema.BooleanParameter(name, default=value, variable_name=var)
        elif row["min"] is not None and row["max"] is not None and not isinstance(value, str):
            # a value of None ("set from the community's size") takes its type from the bounds
            lo, hi = row["min"], row["max"]
            whole = isinstance(value, int) if value is not None else isinstance(lo, int)
            if lo >= hi:
                continue  # a fixed value: nothing to vary
            if whole:
                out[key] = ema.IntegerParameter(
                    name, int(lo), int(hi), default=value, variable_name=var
                )
            else:
                default = None if value is None else float(value)
                out[key] = ema.RealParameter(
                    name, float(lo), float(hi), default=default, variable_name=var
                )
    return out


def _select(
    chosen: Mapping[str, tuple[float, float] | None] | Iterable[str],
    available: Mapping[str, Any],
    kind: str,
) -> list[Any]:
    """The EMA parameters named in ``chosen``, with the bounds given there if any."""
    ema = _ema()
    bounds = dict(chosen) if isinstance(chosen, Mapping) else dict.fromkeys(chosen)
    out = []
    for key, narrowed in bounds.items():
        if key not in available:
            raise InputError(
                f"{kind} '{key}' is not a numeric parameter of the schema"
                + (" (it is a constant of the model)" if key in NOT_PARAMETERS else "")
            )
        base = available[key]
        if narrowed is None:
            out.append(base)
            continue
        lo, hi = narrowed
        if not base.lower_bound <= lo < hi <= base.upper_bound:
            raise InputError(
                f"{kind} '{key}' has bounds ({lo}, {hi}); allowed: low < high within the "
                f"parameter's range [{base.lower_bound}, {base.upper_bound}]"
            )
        make = ema.IntegerParameter if isinstance(base, ema.IntegerParameter) else ema.RealParameter
        out.append(make(base.name, lo, hi, default=base.default, variable_name=[key]))
    return out


def run_experiment(**experiment: Any) -> dict[str, Any]:
    """Run cogov once for EMA: the function of the model :func:`build_model` returns.

    Args:
        **experiment: the constants ``cogov_scenario``, ``cogov_steps``, ``cogov_seed``,
            ``cogov_outcomes`` (scalar columns), ``cogov_weekly`` (time-series columns) and
            ``cogov_overrides`` (fixed dotted overrides), and one dotted key per sampled
            parameter.

    Returns:
        Each scalar outcome's mean over the last :data:`SUMMARY_WEEKS` weeks, and each
        time-series outcome (``<column>_weekly``) as an array, one value a week.
    """
    from cogov.api import simulate

    scenario = experiment.pop(SCENARIO)
    steps = int(experiment.pop(STEPS))
    seed = int(experiment.pop(SEED))
    scalars = experiment.pop("cogov_outcomes")
    weekly = experiment.pop("cogov_weekly")
    overrides = {**experiment.pop("cogov_overrides"), **experiment}
    overrides = {k: (v.item() if isinstance(v, np.generic) else v) for k, v in overrides.items()}
    ts = simulate(scenario, steps=steps, seed=seed, overrides=overrides).timeseries
    tail = ts[ts["step"] > ts["step"].max() - SUMMARY_WEEKS]
    out: dict[str, Any] = {col: float(tail[col].mean()) for col in scalars}
    out.update({f"{col}{WEEKLY}": ts[col].to_numpy(dtype=float) for col in weekly})
    return out


def build_model(
    name: str = "cogov",
    *,
    scenario: str = "baseline",
    uncertainties: Mapping[str, tuple[float, float] | None] | Iterable[str] | None = None,
    levers: Mapping[str, tuple[float, float] | None] | Iterable[str] | None = None,
    outcomes: Sequence[str] = MAIN_OUTCOMES,
    weekly: Sequence[str] = ("participation_any", "satisfaction_mean", "backlog_open"),
    steps: int = 260,
    seed: int = 20240601,
    overrides: Mapping[str, Any] | None = None,
) -> Any:
    """Return an ``ema_workbench.Model`` of cogov.

    Args:
        name: the model's name in EMA (letters, digits and underscores).
        scenario: the cogov scenario the runs start from (a constant, ``cogov_scenario``).
        uncertainties: the parameters EMA samples as uncertainties: dotted keys, or keys to
            ``(low, high)`` within the schema's range (None: that range). Default: every
            parameter outside ``mechanisms.`` (and then every one under it as a lever).
        levers: the same for levers; default none when ``uncertainties`` are named.
        outcomes: columns returned as ``ScalarOutcome`` (final-year means).
        weekly: columns also returned as ``TimeSeriesOutcome`` named ``<column>_weekly``.
        steps: weeks per run (a constant, ``cogov_steps``).
        seed: the master seed of every run (a constant, ``cogov_seed``): the experiments
            differ by their parameters, not by noise (common random numbers).
        overrides: fixed dotted overrides applied to every run (e.g. a smaller community).

    Raises:
        InputError: for an unknown scenario, parameter or outcome, bounds outside the
            schema's range, or a name EMA keeps for itself.
    """
    from cogov.metrics import OUTCOMES
    from cogov.scenario import load_scenario

    ema = _ema()
    load_scenario(scenario, dict(overrides or {}))  # an unknown name or a bad value: now
    every = schema_parameters(scenario)
    inside = {k: p for k, p in every.items() if not k.startswith("mechanisms.")}
    mech = {k: p for k, p in every.items() if k.startswith("mechanisms.")}
    unc = (
        list(inside.values())
        if uncertainties is None
        else _select(uncertainties, every, "uncertainty")
    )
    if levers is None:  # a study that names its uncertainties gets no levers unasked
        lev = list(mech.values()) if uncertainties is None else []
    else:
        lev = _select(levers, every, "lever")
    both = sorted({dotted_key(p.name) for p in unc} & {dotted_key(p.name) for p in lev})
    if both:
        raise InputError(f"parameters {both} are both uncertainties and levers; name each once")
    for column in (*outcomes, *weekly):
        if column not in OUTCOMES:
            raise InputError(f"unknown outcome '{column}'; outcomes are listed in cogov.metrics")
    names = [p.name for p in (*unc, *lev)]
    clash = sorted(set(names) & set(RESERVED))
    if clash:  # pragma: no cover - dotted keys cannot be EMA's names; kept as a guard
        raise InputError(f"parameter names {clash} collide with EMA's own columns")
    model = ema.Model(name, function=run_experiment)
    model.uncertainties = unc
    model.levers = lev
    model.constants = [
        ema.Constant(SCENARIO, scenario),
        ema.Constant(STEPS, int(steps)),
        ema.Constant(SEED, int(seed)),
        ema.Constant("cogov_outcomes", tuple(outcomes)),
        ema.Constant("cogov_weekly", tuple(weekly)),
        ema.Constant("cogov_overrides", dict(overrides or {})),
    ]
    model.outcomes = [
        *(ema.ScalarOutcome(col) for col in outcomes),
        *(ema.TimeSeriesOutcome(f"{col}{WEEKLY}") for col in weekly),
    ]
    return model


__all__ = [
    "RESERVED",
    "SCENARIO",
    "SEED",
    "STEPS",
    "WEEKLY",
    "build_model",
    "dotted_key",
    "ema_name",
    "run_experiment",
    "schema_parameters",
]
