"""Run an experiment: the public names of the sweep machinery, in one place.

The machinery is split by concern, one module each:

* :mod:`cogov.experiments.plan`: planning the runs (:func:`make_plan`, :class:`Plan`,
  :class:`RunTask`, :func:`run_id`);
* :mod:`cogov.experiments.replication`: the one replication loop (paired seeds, stable
  order, executor, progress and cancel callbacks), shared with calibration and the app;
* :mod:`cogov.experiments.worker`: executing one run in a worker (:func:`execute_run`);
* :mod:`cogov.experiments.executors`: the back-ends (:func:`open_executor`: a local
  forkserver process pool, this process, or a Dask cluster);
* :mod:`cogov.experiments.ledger`: the resume ledger of done and failed runs;
* :mod:`cogov.experiments.sweep`: the sweep loop (:func:`run_sweep`, rounds, precision mode,
  progress).

Replication *i* of every scenario and design point uses the same seed
(``replication_seeds(master_seed, n)[i]``), so differences between scenarios are paired.
"""

from __future__ import annotations

from cogov.experiments.executors import default_workers, open_executor
from cogov.experiments.plan import Plan, RunTask, make_plan, run_id
from cogov.experiments.replication import run_replicates, schedule
from cogov.experiments.store import ID_COLUMNS
from cogov.experiments.sweep import SweepSummary, precision_status, run_sweep
from cogov.experiments.worker import RunOutcome, SimulateFn, execute_run

__all__ = [
    "ID_COLUMNS",
    "Plan",
    "RunOutcome",
    "RunTask",
    "SimulateFn",
    "SweepSummary",
    "default_workers",
    "execute_run",
    "make_plan",
    "open_executor",
    "precision_status",
    "run_id",
    "run_replicates",
    "run_sweep",
    "schedule",
]
