"""The sweep loop: run every run of an experiment not done yet, in rounds, and keep each one.

:func:`run_sweep` plans the runs (:mod:`~cogov.experiments.plan`), opens the output folder
(:mod:`~cogov.experiments.store`) and an executor (:mod:`~cogov.experiments.executors`), and
runs the tasks not yet in the ledger through the shared replication loop
(:func:`~cogov.experiments.replication.run_replicates`). Workers only simulate and encode;
the parent puts every finished run in place at once, atomically, so a sweep killed at any
moment loses at most the runs in flight, and a rerun skips what is done and retries what
failed. In precision mode, replications are added in rounds until the paired effects are
precise enough.
"""

from __future__ import annotations

import socket
import sys
from concurrent.futures import Executor
from contextlib import closing
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Any

import pandas as pd

from cogov.errors import InputError
from cogov.experiments.atomic import now
from cogov.experiments.executors import default_workers, open_executor
from cogov.experiments.ledger import RunLedger, RunStatus, SweepStatus
from cogov.experiments.plan import Plan, RunTask, make_plan
from cogov.experiments.replication import run_replicates
from cogov.experiments.spec import Experiment, load_experiment
from cogov.experiments.store import ResultStore, load_results
from cogov.experiments.worker import RunOutcome, SimulateFn, execute_run, failure_record


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

    @property
    def status(self) -> SweepStatus:
        """The sweep's status once it has ended normally."""
        return SweepStatus.FAILED_RUNS if self.failed else SweepStatus.COMPLETE

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
            failed_dir = self.out_dir / RunStatus.FAILED.folder
            lines.append(
                f"  parameters and tracebacks in {failed_dir}; rerun the same "
                "command to retry the failed runs (finished runs are kept)"
            )
        return "\n".join(lines)


def _progress_bar(total: int, desc: str, enabled: bool) -> Any:
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


def _lost_run(task: RunTask, exc: BaseException) -> RunOutcome:
    """The outcome of a run whose worker died or could not be reached."""
    return RunOutcome.from_exception(task.run_id, exc)


def record_outcome(ledger: RunLedger, task: RunTask, outcome: RunOutcome) -> dict[str, Any] | None:
    """Record a run's outcome in the ledger; return its failure record if it failed."""
    if outcome.ok and outcome.data is not None:
        ledger.write(task.run_id, RunStatus.DONE, outcome.data)
        return None
    record = failure_record(task, outcome)
    ledger.record(RunStatus.FAILED, record)
    return record


def _execute(
    tasks: list[RunTask],
    executor: Executor,
    ledger: RunLedger,
    simulate: SimulateFn,
    bar: Any,
    summary: SweepSummary,
) -> None:
    """Run the tasks through the replication loop, recording each outcome as it arrives.

    The summary's counts are kept up to date run by run, so that an interrupted sweep's
    manifest entry says how many runs it finished.
    """
    failed = summary.failed
    runs = run_replicates(
        tasks, partial(execute_run, simulate=simulate), executor=executor, on_error=_lost_run
    )
    try:
        with closing(runs):
            for task, outcome in runs:
                record = record_outcome(ledger, task, outcome)
                if record is None:
                    summary.finished += 1
                else:
                    failed.append(record)
                    bar.set_postfix(failed=len(failed), refresh=False)
                bar.update(1)
    finally:
        ledger.sync()


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
    if progress:
        print(_count_line(exp), file=sys.stderr, flush=True)
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
        with store:
            summary = SweepSummary(out_dir=out, experiment=exp.name)
            summary.warnings.extend(store.notes)
            entry = _sweep_entry(exp, workers, scheduler)
            summary.warnings.extend(_code_warnings(store, entry["git_commit"]))
            store.record_sweep(entry)
            try:
                _sweep_rounds(plan, store, executor, simulate, summary, progress)
            except BaseException:
                entry.update(finished=now(), status=SweepStatus.INTERRUPTED, **_counts(summary))
                store.record_sweep(entry, replace_last=True)
                raise
            entry.update(
                finished=now(),
                status=summary.status,
                replications=summary.replications,
                **_counts(summary),
            )
            store.record_sweep(entry, replace_last=True)
    return summary


def _count_line(exp: Experiment) -> str:
    """Say how many runs an experiment asks for, before the (possibly long) planning."""
    points = exp.design.size()
    return (
        f"experiment '{exp.name}': {exp.run_count():,} runs ({points:,} design point"
        f"{'s' if points != 1 else ''} x {len(exp.scenarios)} scenario"
        f"{'s' if len(exp.scenarios) != 1 else ''} x {exp.replications} replications)"
    )


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
            done = store.ledger.ids(RunStatus.DONE)
            todo = [t for t in tasks if t.run_id not in done]
            summary.skipped += len(tasks) - len(todo)
            if bar is None:
                bar = _progress_bar(len(todo), exp.name, progress)
            else:
                bar.total += len(todo)
                bar.refresh()
            _execute(todo, executor, store.ledger, simulate, bar, summary)
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
        "status": SweepStatus.RUNNING,
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


__all__ = ["SweepSummary", "precision_status", "record_outcome", "run_sweep"]
