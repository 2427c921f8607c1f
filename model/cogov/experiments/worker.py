"""Executing one run in a worker: simulate, keep the outputs asked for, encode the run file.

:func:`execute_run` is what every executor back-end runs (a local process, this process, or a
Dask worker). It never raises for an error of the run itself: the error and traceback come
back in the :class:`RunOutcome`, so that the parent records the run as failed and the other
runs go on. A finished run comes back as the bytes of its ledger file (the Parquet table with
its record), so the parent only has to put them in place.
"""

from __future__ import annotations

import os
import socket
import time
import traceback
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import pandas as pd

from cogov.experiments.atomic import now
from cogov.experiments.ledger import RunLedger, RunStatus
from cogov.experiments.plan import RunTask

#: The engine's entry point: ``simulate(scenario, steps=..., seed=...) -> result`` with
#: ``result.timeseries`` (a DataFrame with a ``step`` column) and ``result.params``.
SimulateFn = Callable[..., Any]


@dataclass
class RunOutcome:
    """What a worker sends back: the run's encoded file, or the error that stopped it.

    Attributes:
        run_id: the run.
        ok: True if the run finished.
        data: the bytes of the run's ledger file (:meth:`RunLedger.encode`), if it finished.
        wall_time_s: seconds the run took.
        error: ``"<ExceptionType>: <message>"`` if it failed.
        traceback: the failure's traceback.
        host: the worker's host name.
        pid: the worker's process id.
        peak_rss_mb: the worker's peak resident memory so far.
    """

    run_id: str
    ok: bool
    data: bytes | None = None
    wall_time_s: float = 0.0
    error: str | None = None
    traceback: str | None = None
    host: str = ""
    pid: int = 0
    peak_rss_mb: float = 0.0

    @classmethod
    def from_exception(cls, run_id: str, exc: BaseException, **where: Any) -> RunOutcome:
        """Return the outcome of a run stopped by ``exc``."""
        return cls(
            run_id,
            False,
            error=f"{type(exc).__name__}: {exc}",
            traceback="".join(traceback.format_exception(exc)),
            **where,
        )


def _peak_rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    except (ImportError, OSError):  # pragma: no cover - not on Linux
        return float("nan")


def run_frame(task: RunTask, series: pd.DataFrame) -> pd.DataFrame:
    """Return a run's rows: id columns, varied parameters, ``step`` and the outputs kept.

    Raises:
        KeyError: if the timeseries has no ``step`` column or lacks an output asked for.
    """
    if "step" not in series.columns:
        raise KeyError("the engine's timeseries has no 'step' column")
    available = [c for c in series.columns if c != "step"]
    columns = list(task.outputs) if task.outputs is not None else available
    missing = [c for c in columns if c not in series.columns]
    if missing:
        raise KeyError(
            f"outputs {missing} are not columns of the timeseries; it has: {', '.join(available)}"
        )
    frame = series[["step", *columns]].reset_index(drop=True)
    ids = {
        "run_id": task.run_id,
        "scenario": task.scenario,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        **task.varied,
    }
    head = pd.DataFrame({k: [v] * len(frame) for k, v in ids.items()})
    return pd.concat([head, frame], axis=1)


def execute_run(task: RunTask, simulate: SimulateFn) -> RunOutcome:
    """Run one simulation in a worker and return its encoded run file, or its error.

    Never raises for an error of the run itself: the error and traceback are returned, so
    that the parent records the run as failed and the other runs go on.

    Args:
        task: the run.
        simulate: the engine's ``simulate`` (or a stand-in with the same signature).

    Returns:
        The outcome: the bytes of the run's file (its rows and its record) or the error.
    """
    start = time.perf_counter()
    where = {"host": socket.gethostname(), "pid": os.getpid()}
    try:
        result = simulate(task.model, steps=task.steps, seed=task.seed)
        frame = run_frame(task, result.timeseries)
        wall = float(getattr(result, "wall_time_s", time.perf_counter() - start))
        rss = _peak_rss_mb()
        record = {
            **task.identity(),
            "rows": len(frame),
            "params": getattr(result, "params", None),
            "wall_time_s": wall,
            **where,
            "peak_rss_mb": rss,
            "finished": now(),
        }
        data = RunLedger.encode(RunStatus.DONE, record, frame)
        return RunOutcome(task.run_id, True, data=data, wall_time_s=wall, peak_rss_mb=rss, **where)
    except Exception as exc:  # noqa: BLE001 - any error of a run is recorded, not raised
        outcome = RunOutcome.from_exception(task.run_id, exc, **where)
        outcome.wall_time_s = time.perf_counter() - start
        outcome.peak_rss_mb = _peak_rss_mb()
        return outcome


def failure_record(task: RunTask, outcome: RunOutcome) -> dict[str, Any]:
    """Return the ledger record of a failed run: identity, error, traceback, parameters."""
    params = None
    dump = getattr(task.model, "model_dump", None)
    if callable(dump):
        params = dump(mode="json")
    return {
        **task.identity(),
        "error": outcome.error,
        "traceback": outcome.traceback,
        "params": params,
        "host": outcome.host,
        "pid": outcome.pid,
        "failed": now(),
    }


__all__ = ["RunOutcome", "SimulateFn", "execute_run", "failure_record", "run_frame"]
