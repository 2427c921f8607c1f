"""Run an experiment: plan the runs, execute them locally or on a Dask cluster, keep each one.

One code path for both: runs are submitted to a ``concurrent.futures.Executor`` and
collected with ``as_completed``. Locally it is a ``ProcessPoolExecutor`` (forkserver start,
one worker per core by default); with a scheduler address it is the executor of a
``dask.distributed.Client``. Workers only simulate and return tables; the parent writes
every finished run at once, atomically, so a sweep killed at any moment loses at most the
runs in flight, and a rerun skips what is done.

Replication *i* of every scenario and design point uses the same seed
(``replication_seeds(master_seed, n)[i]``), so differences between scenarios are paired.
"""

from __future__ import annotations

import multiprocessing as mp
import os
import re
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import (
    FIRST_COMPLETED,
    Executor,
    Future,
    ProcessPoolExecutor,
    ThreadPoolExecutor,
    wait,
)
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pandas as pd

from cogov.errors import InputError
from cogov.experiments.design import DesignPoints, make_design
from cogov.experiments.spec import Experiment, identity_hash, load_experiment, parameter_type
from cogov.experiments.store import ID_COLUMNS, ResultStore, load_results, now

#: The engine's entry point: ``simulate(scenario, steps=..., seed=...) -> result`` with
#: ``result.timeseries`` (a DataFrame with a ``step`` column) and ``result.params``.
SimulateFn = Callable[..., Any]


# --- what one run is -------------------------------------------------------------------
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


@dataclass
class RunOutcome:
    """What a worker sends back: the run's table, or the error that stopped it."""

    run_id: str
    ok: bool
    frame: pd.DataFrame | None = None
    params: dict[str, Any] | None = None
    wall_time_s: float = 0.0
    error: str | None = None
    traceback: str | None = None
    host: str = ""
    pid: int = 0
    peak_rss_mb: float = 0.0


def _peak_rss_mb() -> float:
    try:
        import resource

        return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024.0
    except (ImportError, OSError):  # pragma: no cover - not on Linux
        return float("nan")


def execute_run(task: RunTask, simulate: SimulateFn) -> RunOutcome:
    """Run one simulation in a worker and return its table, or the error it raised.

    Never raises for an error of the run itself: the error and traceback are returned, so
    that the parent records the run as failed and the other runs go on.

    Args:
        task: the run.
        simulate: the engine's ``simulate`` (or a stand-in with the same signature).

    Returns:
        The outcome: the run's rows (id columns, varied parameters, step, outputs) or the error.
    """
    start = time.perf_counter()
    where = {"host": socket.gethostname(), "pid": os.getpid()}
    try:
        result = simulate(task.model, steps=task.steps, seed=task.seed)
        series = result.timeseries
        if "step" not in series.columns:
            raise KeyError("the engine's timeseries has no 'step' column")
        available = [c for c in series.columns if c != "step"]
        columns = list(task.outputs) if task.outputs is not None else available
        missing = [c for c in columns if c not in series.columns]
        if missing:
            raise KeyError(
                f"outputs {missing} are not columns of the timeseries; it has: "
                f"{', '.join(available)}"
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
        frame = pd.concat([head, frame], axis=1)
        params = getattr(result, "params", None)
        wall = float(getattr(result, "wall_time_s", time.perf_counter() - start))
        return RunOutcome(
            task.run_id,
            True,
            frame=frame,
            params=params,
            wall_time_s=wall,
            peak_rss_mb=_peak_rss_mb(),
            **where,
        )
    except Exception as exc:  # noqa: BLE001 - any error of a run is recorded, not raised
        return RunOutcome(
            task.run_id,
            False,
            error=f"{type(exc).__name__}: {exc}",
            traceback=traceback.format_exc(),
            wall_time_s=time.perf_counter() - start,
            peak_rss_mb=_peak_rss_mb(),
            **where,
        )


# --- planning ----------------------------------------------------------------------------
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
        """Return the resolved scenario of one scenario and design point."""
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
        from cogov.rng import replication_seeds

        exp = self.experiment
        seeds = replication_seeds(exp.master_seed, replications)
        labels = list(labels) if labels is not None else exp.labels
        outputs = tuple(exp.outputs) if exp.outputs is not None else None
        out = []
        for rep in range(replications):
            for point, values in enumerate(self.design.points):
                for label in labels:
                    out.append(
                        RunTask(
                            run_id=run_id(label, point, rep),
                            scenario=label,
                            point=point,
                            replication=rep,
                            seed=seeds[rep],
                            steps=self.steps[label],
                            model=self.model(label, point),
                            varied=dict(values),
                            outputs=outputs,
                        )
                    )
        return out


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


# --- executors ---------------------------------------------------------------------------
def default_workers() -> int:
    """Return one worker per core available to this process."""
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not on Linux
        return max(1, os.cpu_count() or 1)


def _mp_context() -> mp.context.BaseContext:
    # fork would copy the parent's threads and locks (tqdm, dask); forkserver is safe and
    # cheaper than spawn where it exists.
    if "forkserver" in mp.get_all_start_methods():
        ctx = mp.get_context("forkserver")
        # the server imports the engine once; every worker forked from it starts warm
        ctx.set_forkserver_preload(["cogov", "cogov.experiments.runner"])
        return ctx
    return mp.get_context("spawn")


@contextmanager
def open_executor(workers: int | None = None, scheduler: str | None = None) -> Iterator[Executor]:
    """Yield the executor runs are submitted to.

    Args:
        workers: local worker processes (default: one per core); 0 runs in this process
            (a single thread), which is for debugging and for stand-ins that cannot be pickled.
        scheduler: address of a Dask scheduler (``tcp://HOST:PORT``); if given, runs go to
            that cluster's workers and ``workers`` is ignored.

    Raises:
        InputError: if the scheduler cannot be reached or ``workers`` is negative.
    """
    if scheduler:
        try:
            from distributed import Client
        except ImportError as exc:  # pragma: no cover - dask is a dependency
            raise InputError(f"--scheduler needs dask.distributed: {exc}") from None
        try:
            client = Client(scheduler, timeout="10s", set_as_default=False)
        except (OSError, TimeoutError) as exc:
            raise InputError(
                f"cannot reach the Dask scheduler at {scheduler}: {exc}; start one with "
                "'dask scheduler' and workers with 'dask worker ADDRESS'"
            ) from None
        executor = client.get_executor(pure=False)
        try:
            yield executor
        except BaseException:
            executor.shutdown(wait=False)
            raise
        finally:
            client.close()
        return
    if workers is not None and workers < 0:
        raise InputError(f"--workers has value {workers}; allowed: 0 (in-process) or more")
    if workers == 0:
        pool: Executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="cogov-run")
    else:
        pool = ProcessPoolExecutor(
            max_workers=workers or default_workers(), mp_context=_mp_context()
        )
    try:
        yield pool
    except BaseException:
        pool.shutdown(wait=False, cancel_futures=True)
        raise
    pool.shutdown(wait=True)


# --- the sweep ---------------------------------------------------------------------------
@dataclass
class SweepSummary:
    """What a sweep did.

    Attributes:
        out_dir: the output folder.
        experiment: the experiment's name.
        planned: runs the experiment asks for (at the final replication counts).
        skipped: runs already finished before this sweep.
        finished: runs finished by this sweep.
        failed: records of runs that failed in this sweep (run id, scenario, seed, error).
        replications: replications per scenario at the end.
        precision: per scenario and point, the paired effect's CI half-width on the precision
            outcome (None without precision mode).
        warnings: things the user should know (e.g. code changed since earlier sweeps).
    """

    out_dir: Path
    experiment: str
    planned: int = 0
    skipped: int = 0
    finished: int = 0
    failed: list[dict[str, Any]] = field(default_factory=list)
    replications: dict[str, int] = field(default_factory=dict)
    precision: pd.DataFrame | None = None
    warnings: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        """True if no run failed."""
        return not self.failed

    def text(self) -> str:
        """Return a short human-readable account, with a failure summary if runs failed."""
        lines = [
            f"experiment '{self.experiment}': {self.planned} runs planned, {self.skipped} "
            f"already done, {self.finished} run now, {len(self.failed)} failed",
            f"results in {self.out_dir}",
        ]
        if self.precision is not None and len(self.precision):
            worst = self.precision.sort_values("half_width", ascending=False).iloc[0]
            met = bool(self.precision["met"].all())
            lines.append(
                f"precision target {'met' if met else 'NOT met'}: widest 95% CI half-width "
                f"{worst['half_width']:.4g} ({worst['scenario']}, n={int(worst['n'])}); "
                f"replications: {self.replications}"
            )
        lines.extend(f"warning: {w}" for w in self.warnings)
        if self.failed:
            lines.append(f"FAILED: {len(self.failed)} run(s):")
            for rec in self.failed[:10]:
                lines.append(
                    f"  {rec['run_id']} (scenario {rec['scenario']}, seed {rec['seed']}): "
                    f"{rec['error']}"
                )
            if len(self.failed) > 10:
                lines.append(f"  ... and {len(self.failed) - 10} more")
            lines.append(
                f"  parameters and tracebacks in {self.out_dir / 'failed'}; rerun the same "
                "command to retry the failed runs (finished runs are kept)"
            )
        return "\n".join(lines)


def _progress(total: int, desc: str, enabled: bool) -> Any:
    from tqdm import tqdm

    return tqdm(
        total=total,
        desc=desc,
        unit="run",
        disable=not enabled,
        file=sys.stderr,
        dynamic_ncols=True,
        postfix={"failed": 0},
    )


#: Most runs submitted and not yet collected: bounds the memory held by pending tasks and
#: results, and what is lost from the queue (not from disk) on an interrupt.
MAX_IN_FLIGHT = 256


def _execute(
    tasks: Sequence[RunTask],
    executor: Executor,
    store: ResultStore,
    simulate: SimulateFn,
    bar: Any,
    failed: list[dict[str, Any]],
) -> int:
    """Submit tasks, write each outcome as it arrives; return the number finished."""
    finished = 0
    queue = iter(tasks)
    pending: dict[Future[RunOutcome], RunTask] = {}

    def fill() -> None:
        while len(pending) < MAX_IN_FLIGHT:
            task = next(queue, None)
            if task is None:
                return
            pending[executor.submit(execute_run, task, simulate)] = task

    try:
        fill()
        while pending:
            done, _ = wait(pending, return_when=FIRST_COMPLETED)
            for future in done:
                task = pending.pop(future)
                outcome = _outcome(task, future)
                if outcome.ok and outcome.frame is not None:
                    store.write_run(task.run_id, outcome.frame, _run_metadata(task, outcome))
                    finished += 1
                else:
                    record = _failure_record(task, outcome)
                    store.write_failure(task.run_id, record)
                    failed.append(record)
                    bar.set_postfix(failed=len(failed), refresh=False)
                bar.update(1)
            fill()
    except BaseException:
        for future in pending:
            future.cancel()
        raise
    return finished


def _outcome(task: RunTask, future: Future[RunOutcome]) -> RunOutcome:
    try:
        return future.result()
    except Exception as exc:  # noqa: BLE001 - a worker died or could not be reached
        return RunOutcome(
            task.run_id,
            False,
            error=f"{type(exc).__name__}: {exc}",
            traceback="".join(traceback.format_exception(exc)),
        )


def _identity(task: RunTask) -> dict[str, Any]:
    """What identifies a run in its file and in a failure record."""
    return {
        "run_id": task.run_id,
        "scenario": task.scenario,
        "point": task.point,
        "replication": task.replication,
        "seed": task.seed,
        "steps": task.steps,
        "varied": task.varied,
    }


def _run_metadata(task: RunTask, outcome: RunOutcome) -> dict[str, Any]:
    return {
        **_identity(task),
        "params": outcome.params,
        "wall_time_s": outcome.wall_time_s,
        "host": outcome.host,
        "pid": outcome.pid,
        "peak_rss_mb": outcome.peak_rss_mb,
        "finished": now(),
    }


def _failure_record(task: RunTask, outcome: RunOutcome) -> dict[str, Any]:
    params = None
    dump = getattr(task.model, "model_dump", None)
    if callable(dump):
        params = dump(mode="json")
    return {
        **_identity(task),
        "error": outcome.error,
        "traceback": outcome.traceback,
        "params": params,
        "host": outcome.host,
        "pid": outcome.pid,
        "failed": now(),
    }


def precision_status(out_dir: Path | str, experiment: Experiment) -> pd.DataFrame:
    """Return, per scenario and design point, the paired effect's 95% CI half-width.

    Columns: ``scenario``, ``point``, ``n`` (paired replications), ``effect``,
    ``half_width`` and ``met`` (half-width below the experiment's target).
    """
    from cogov.experiments.stats import paired_effects, run_summaries

    prec = experiment.precision
    if prec is None:
        raise ValueError("the experiment has no [precision] table")
    results = load_results(out_dir)
    cols = ["scenario", "point", "n", "effect", "half_width", "met"]
    if results.empty or prec.outcome not in results.columns:
        return pd.DataFrame(columns=cols)
    summaries = run_summaries(results, [prec.outcome], experiment.summary_weeks)
    effects = paired_effects(summaries, experiment.baseline_label or "", [prec.outcome])
    others = [s for s in experiment.labels if s != experiment.baseline_label]
    effects = effects[effects["scenario"].isin(others)].copy()
    effects["met"] = effects["half_width"] < prec.half_width
    return effects[cols].reset_index(drop=True)


def run_sweep(
    experiment: str | Path | Experiment,
    out_dir: str | Path | None = None,
    *,
    workers: int | None = None,
    scheduler: str | None = None,
    replications: int | None = None,
    simulate: SimulateFn | None = None,
    progress: bool = True,
) -> SweepSummary:
    """Run every run of an experiment that is not finished yet, and keep each one.

    Rerunning resumes: finished runs are skipped and failed ones retried. With a larger
    replication count (in the file or here) only the new replications run. With a
    ``[precision]`` table, replications are added in batches until the target is met.

    Args:
        experiment: a shipped experiment's name, a path to a TOML file, or an Experiment.
        out_dir: the output folder (default: ``results/<experiment name>``).
        workers: local worker processes (default one per core; 0 runs in this process).
        scheduler: a Dask scheduler address (``tcp://HOST:PORT``) to run on instead.
        replications: replications per point, instead of the file's count.
        simulate: the simulate function (default ``cogov.simulate``); must be picklable
            (a module-level function) unless ``workers=0``.
        progress: show a progress bar on stderr.

    Returns:
        What the sweep did; ``summary.failed`` lists runs that raised.

    Raises:
        InputError: for an invalid experiment, or an output folder holding another one.
    """
    exp = load_experiment(experiment)
    if replications is not None:
        if not 1 <= replications <= 9999:
            raise InputError(f"--replications has value {replications}; allowed: 1 to 9999")
        exp = exp.model_copy(update={"replications": replications})
    if simulate is None:
        from cogov import simulate as engine_simulate

        simulate = engine_simulate
    plan = make_plan(exp)
    out = Path(out_dir) if out_dir is not None else Path("results") / exp.name
    # the executor first: an unreachable scheduler must not leave a half-made folder
    with open_executor(workers, scheduler) as executor:
        store = ResultStore.open(
            out,
            name=exp.name,
            identity=plan.identity,
            identity_hash=plan.identity_hash,
            spec=exp.model_dump(mode="json"),
            experiment_file=Path(exp.source) if exp.source else None,
            design=plan.design_frame(),
        )
        summary = SweepSummary(out_dir=out, experiment=exp.name)
        entry = _sweep_entry(exp, workers, scheduler)
        summary.warnings.extend(_code_warnings(store, entry["git_commit"]))
        store.record_sweep(entry)
        try:
            _sweep_rounds(plan, store, executor, simulate, summary, progress)
        except BaseException:
            entry.update(finished=now(), status="interrupted", **_counts(summary))
            store.record_sweep(entry, replace_last=True)
            raise
    entry.update(
        finished=now(),
        status="failed runs" if summary.failed else "complete",
        replications=summary.replications,
        **_counts(summary),
    )
    store.record_sweep(entry, replace_last=True)
    return summary


def _sweep_rounds(
    plan: Plan,
    store: ResultStore,
    executor: Executor,
    simulate: SimulateFn,
    summary: SweepSummary,
    progress: bool,
) -> None:
    """Run the replications asked for; in precision mode, add batches until precise."""
    exp = plan.experiment
    reps = {label: exp.replications for label in exp.labels}
    active = list(exp.labels)
    n = exp.replications
    bar: Any = None
    try:
        while True:
            tasks = plan.tasks(n, active)
            done = store.done_ids()
            todo = [t for t in tasks if t.run_id not in done]
            summary.skipped += len(tasks) - len(todo)
            if bar is None:
                bar = _progress(len(todo), exp.name, progress)
            else:
                bar.total += len(todo)
                bar.refresh()
            summary.finished += _execute(todo, executor, store, simulate, bar, summary.failed)
            for label in active:
                reps[label] = n
            if exp.precision is None:
                break
            status = precision_status(store.root, exp)
            summary.precision = status
            short = sorted(set(status.loc[~status["met"], "scenario"]))
            if not short or n >= exp.precision.max_replications:
                break
            n = min(n + exp.precision.batch, exp.precision.max_replications)
            active = [exp.baseline_label or "", *short]
    finally:
        if bar is not None:
            bar.close()
        summary.replications = dict(reps)
        summary.planned = sum(reps.values()) * len(plan.design)


def _counts(summary: SweepSummary) -> dict[str, int]:
    return {
        "runs_skipped": summary.skipped,
        "runs_finished": summary.finished,
        "runs_failed": len(summary.failed),
    }


def _sweep_entry(exp: Experiment, workers: int | None, scheduler: str | None) -> dict[str, Any]:
    from cogov.provenance import file_hash, git_commit, package_versions

    source = Path(exp.source) if exp.source else None
    return {
        "started": now(),
        "experiment_file": str(source) if source else None,
        "experiment_file_hash": file_hash(source) if source and source.is_file() else None,
        "git_commit": git_commit(),
        "package_versions": package_versions(
            (
                "cogov",
                "mesa",
                "numpy",
                "pandas",
                "scipy",
                "pyarrow",
                "pydantic",
                "SALib",
                "distributed",
            )
        ),
        "python": sys.version.split()[0],
        "host": socket.gethostname(),
        "workers": None if scheduler else (workers if workers is not None else default_workers()),
        "scheduler": scheduler,
        "replications": exp.replications,
        "status": "running",
    }


def _code_warnings(store: ResultStore, current: str | None) -> list[str]:
    earlier = {s.get("git_commit") for s in store.manifest().get("sweeps", [])}
    earlier.discard(None)
    if earlier and current not in earlier:
        return [
            f"earlier runs in {store.root} were made with code at {', '.join(sorted(earlier))}; "
            f"this sweep runs {current}: results may not be comparable"
        ]
    return []


__all__ = [
    "ID_COLUMNS",
    "Plan",
    "RunOutcome",
    "RunTask",
    "SweepSummary",
    "default_workers",
    "execute_run",
    "make_plan",
    "open_executor",
    "precision_status",
    "run_id",
    "run_sweep",
]
