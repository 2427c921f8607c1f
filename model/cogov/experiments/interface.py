"""The model as a plain function of parameters, for tools that drive models from outside.

:func:`run` takes dotted parameter keys (plus an optional ``"scenario"``), a step count and a
seed, and returns the final-year means of the main outcomes as a flat dict of floats. This is
the shape the EMA Workbench, SALib scripts or any optimiser expect; :func:`run_keywords` is the
same with keyword arguments (what ``ema_workbench.Model(function=...)`` calls).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from cogov.metrics import MAIN_OUTCOMES

#: Weeks averaged for the summary of a run: the final year.
FINAL_WEEKS = 52


def run(
    params: Mapping[str, Any],
    steps: int = 260,
    seed: int = 0,
    *,
    outcomes: Sequence[str] = MAIN_OUTCOMES,
    simulate: Callable[..., Any] | None = None,
) -> dict[str, float]:
    """Run the model once and return the final-year means of the main outcomes.

    Args:
        params: dotted parameter keys to values (``{"population.willingness_mean": 0.5}``),
            and optionally ``"scenario"``: a scenario name or path (default ``"baseline"``).
        steps: weeks to simulate.
        seed: the master seed; the same params, steps and seed give the same outcomes.
        outcomes: timeseries columns to return.
        simulate: the engine's simulate function (default ``cogov.simulate``).

    Returns:
        ``{outcome: mean over the last min(52, steps) weeks}``.

    Raises:
        cogov.errors.InputError: for an unknown scenario, parameter or outcome.

    Example:
        >>> from cogov.experiments.interface import run
        >>> out = run({"structure.households_per_community": 200}, steps=10, seed=1)
        >>> 0.0 <= out["participation_any"] <= 1.0
        True
    """
    from cogov.errors import InputError

    if simulate is None:
        from cogov import simulate as engine_simulate

        simulate = engine_simulate
    overrides = dict(params)
    scenario = overrides.pop("scenario", "baseline")
    result = simulate(scenario, steps=int(steps), seed=int(seed), overrides=overrides)
    series = result.timeseries
    missing = [o for o in outcomes if o not in series.columns]
    if missing:
        known = ", ".join(c for c in series.columns if c != "step")
        raise InputError(f"unknown outcomes {missing}; allowed: {known}")
    tail = series.tail(min(FINAL_WEEKS, len(series)))
    return {o: float(tail[o].mean()) for o in outcomes}


def run_keywords(steps: int = 260, seed: int = 0, **params: Any) -> dict[str, float]:
    """Like :func:`run`, with the parameters as keyword arguments.

    Dotted keys pass through ``**``: ``run_keywords(**{"population.willingness_mean": 0.5})``.
    This is the signature ``ema_workbench.Model("cogov", function=run_keywords)`` calls, with
    uncertainties and levers named by dotted keys and outcomes named as in
    :data:`MAIN_OUTCOMES`.
    """
    return run(params, steps=steps, seed=seed)
