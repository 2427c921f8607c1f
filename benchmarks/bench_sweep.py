"""Benchmark of the sweep runner (a script, not a test).

Measures, for the default community (scenario ``baseline``) run for 104 weeks:

* runs per minute with 1 and 2 local workers, and the speed-up (target: 2 workers >= 1.8x);
* the runner's overhead against a bare loop of the same runs in one process (target < 5%):
  the one-off start-up of the worker pool is shown apart from the per-run overhead
  (submitting, pickling the tables back, writing one Parquet file per run);
* the peak memory (RSS) of a worker process;
* where a run's cost goes, measured in this process (median per run): the engine's set-up
  (``build_model``), its weeks and tables, the runner's work in the worker (the run's table
  and its encoded ledger file) and in the parent (pickling the task and the outcome, writing
  the ledger file); and the gap between a 1-worker sweep's wall time and the sum of its
  runs' own times.

Usage::

    .venv/bin/python benchmarks/bench_sweep.py            # 16 runs per configuration
    .venv/bin/python benchmarks/bench_sweep.py --runs 4   # quick
"""

from __future__ import annotations

import argparse
import os
import pickle
import statistics
import tempfile
import time
from pathlib import Path

from cogov import build_model, simulate
from cogov.experiments.ledger import RunLedger, RunStatus, read_run_metadata
from cogov.experiments.runner import execute_run, make_plan, open_executor, run_sweep
from cogov.experiments.spec import load_experiment
from cogov.experiments.store import run_files
from cogov.rng import replication_seeds

EXPERIMENT = """
description = "benchmark: the default community, 104 weeks"
scenarios = ["{scenario}"]
replications = {runs}
master_seed = 20240601
steps = {steps}
"""


def warm_worker() -> int:
    """Import the engine in a worker (what the first run of every worker pays)."""
    import cogov  # noqa: F401

    return 0


def pool_startup(workers: int) -> float:
    """Seconds from creating a pool to all its workers having imported the engine."""
    start = time.perf_counter()
    with open_executor(workers) as pool:
        for future in [pool.submit(warm_worker) for _ in range(workers)]:
            future.result()
    return time.perf_counter() - start


def bare_loop(scenario: str, runs: int, steps: int, master_seed: int) -> float:
    """Seconds for the same runs called one after another in this process."""
    start = time.perf_counter()
    for seed in replication_seeds(master_seed, runs):
        simulate(scenario, steps=steps, seed=seed)
    return time.perf_counter() - start


def sweep(path: Path, out: Path, workers: int) -> tuple[float, float, float]:
    """Run a sweep with ``workers`` local workers.

    Returns:
        Its wall time in seconds, the workers' peak RSS in MB, and the sum of its runs' own
        wall times (``simulate``'s, engine set-up included) in seconds.
    """
    start = time.perf_counter()
    summary = run_sweep(path, out, workers=workers, progress=False)
    elapsed = time.perf_counter() - start
    if not summary.ok:
        raise SystemExit(summary.text())
    records = [read_run_metadata(p) for p in run_files(out)]
    rss = max(r["peak_rss_mb"] for r in records)
    return elapsed, rss, sum(r["wall_time_s"] for r in records)


def breakdown(path: Path, runs: int, out: Path) -> dict[str, float]:
    """Median seconds per run of each part of a run, measured in this process."""
    tasks = make_plan(load_experiment(path)).tasks(runs)
    ledger = RunLedger(out)
    ledger.prepare()
    own: list[float] = []

    def timed(*args, **kwargs):
        begin = time.perf_counter()
        result = simulate(*args, **kwargs)
        own.append(time.perf_counter() - begin)
        return result

    parts: dict[str, list[float]] = {
        k: [] for k in ("setup", "weeks", "tables", "run", "worker", "parent")
    }
    for task in tasks:
        start = time.perf_counter()
        model = build_model(task.model, seed=task.seed)
        built = time.perf_counter()
        for _ in range(task.steps):
            model.step()
        stepped = time.perf_counter()
        model.timeseries(), model.grid_table(), model.group_table()
        tabled = time.perf_counter()
        parts["setup"].append(built - start)
        parts["weeks"].append(stepped - built)
        parts["tables"].append(tabled - stepped)
        parts["run"].append(tabled - start)

        start = time.perf_counter()
        sent = pickle.loads(pickle.dumps((execute_run, task, timed.__name__)))[1]
        sending = time.perf_counter() - start
        start = time.perf_counter()
        outcome = execute_run(sent, timed)
        parts["worker"].append(time.perf_counter() - start - own[-1])
        start = time.perf_counter()
        received = pickle.loads(pickle.dumps(outcome))
        ledger.write(task.run_id, RunStatus.DONE, received.data)
        parts["parent"].append(sending + time.perf_counter() - start)
    return {k: statistics.median(v) for k, v in parts.items()}


def spin(n: int) -> float:
    """Pure-Python work, to measure how much parallel CPU the machine really gives."""
    start = time.perf_counter()
    total = 0
    for i in range(n):
        total += i
    return time.perf_counter() - start


def noop_sweep(path: Path, out: Path, workers: int) -> float:
    """Seconds for a sweep whose runs are all done: the runner's fixed cost per sweep."""
    start = time.perf_counter()
    summary = run_sweep(path, out, workers=workers, progress=False)
    assert summary.finished == 0
    return time.perf_counter() - start


def machine_ceiling(n: int = 15_000_000) -> float:
    """Throughput of 2 processes over 1 on pure-Python work (2.0 on two free cores)."""
    with open_executor(2) as pool:
        one = pool.submit(spin, n).result()
        both = [pool.submit(spin, n) for _ in range(2)]
        wall = max(f.result() for f in both)
    return 2 * one / wall


def main() -> None:
    """Run the benchmark and print a table."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=16, help="runs per configuration")
    parser.add_argument("--steps", type=int, default=104, help="weeks per run")
    parser.add_argument("--scenario", default="baseline")
    parser.add_argument("--repeat", type=int, default=2, help="repeat each timing, keep the best")
    args = parser.parse_args()

    load = os.getloadavg()[0]
    with tempfile.TemporaryDirectory(prefix="bench-sweep-") as tmp:
        tmp_path = Path(tmp)
        exp = tmp_path / "bench.toml"
        exp.write_text(EXPERIMENT.format(scenario=args.scenario, runs=args.runs, steps=args.steps))
        simulate(args.scenario, steps=2, seed=1)  # warm this process's imports and caches
        startup = pool_startup(1)  # the first pool starts the forkserver, which imports once
        ceiling = max(machine_ceiling() for _ in range(args.repeat))
        bare, t1, t2, fixed, gaps, rss = [], [], [], [], [], 0.0
        for i in range(args.repeat):
            bare.append(bare_loop(args.scenario, args.runs, args.steps, 20240601))
            elapsed, peak, own = sweep(exp, tmp_path / f"w1-{i}", 1)
            t1.append(elapsed)
            gaps.append((elapsed - own) / args.runs)
            fixed.append(noop_sweep(exp, tmp_path / f"w1-{i}", 1))
            elapsed, peak2, _ = sweep(exp, tmp_path / f"w2-{i}", 2)
            t2.append(elapsed)
            rss = max(rss, peak, peak2)
        parts = breakdown(exp, min(args.runs, 8), tmp_path / "breakdown")
    bare_s, t1_s, t2_s, fixed_s = min(bare), min(t1), min(t2), min(fixed)
    per_run = bare_s / args.runs
    per_run_overhead = (t1_s - fixed_s - bare_s) / args.runs
    run_s = parts["run"]

    def share(seconds: float) -> str:
        return f"{seconds * 1000:.1f} ms/run"

    def of_run(seconds: float) -> str:
        return f"{seconds / run_s:.1%} of a run ({run_s * 1000:.0f} ms)"

    rows = [
        (
            "runs per configuration",
            f"{args.runs} x {args.scenario}, {args.steps} weeks",
            f"best of {args.repeat}; load average {load:.2f} at start",
        ),
        (
            "bare loop, one process",
            f"{args.runs / bare_s * 60:.1f} runs/min",
            f"{per_run:.3f} s/run",
        ),
        ("runner, 1 worker", f"{args.runs / t1_s * 60:.1f} runs/min", ""),
        ("runner, 2 workers", f"{args.runs / t2_s * 60:.1f} runs/min", ""),
        ("speed-up, 2 vs 1 worker", f"{t1_s / t2_s:.2f}x", "target >= 1.8x"),
        (
            "machine ceiling, 2 vs 1 process",
            f"{ceiling:.2f}x",
            "pure-Python work; 2.0 on two free cores",
        ),
        (
            "runner overhead per run",
            f"{per_run_overhead / per_run:+.1%}",
            f"{per_run_overhead * 1000:+.0f} ms per run, 1 worker (target < 5%)",
        ),
        (
            "runner fixed cost per sweep",
            f"{fixed_s:.2f} s",
            "plan, manifest, git commit, versions (a sweep with nothing to do)",
        ),
        (
            "whole sweep vs bare loop",
            f"{(t1_s - bare_s) / bare_s:+.1%}",
            "1 worker, fixed cost included",
        ),
        ("pool start-up (one-off)", f"{startup:.2f} s", "forkserver imports the engine once"),
        ("peak RSS of a worker", f"{rss:.0f} MB", ""),
        ("engine set-up (build_model)", share(parts["setup"]), of_run(parts["setup"])),
        ("engine weeks", share(parts["weeks"]), of_run(parts["weeks"])),
        ("engine tables", share(parts["tables"]), of_run(parts["tables"])),
        (
            "runner in the worker",
            share(parts["worker"]),
            of_run(parts["worker"]) + "; the run's table and its encoded file",
        ),
        (
            "runner in the parent",
            share(parts["parent"]),
            of_run(parts["parent"]) + "; pickling task and outcome, writing the file",
        ),
        (
            "sweep wall minus runs' own time",
            share(min(gaps)),
            of_run(min(gaps)) + "; 1 worker, everything but simulate",
        ),
    ]
    width = max(len(r[0]) for r in rows)
    w2 = max(len(r[1]) for r in rows)
    print(f"{'measure':<{width}}  {'value':<{w2}}  note")
    print(f"{'-' * width}  {'-' * w2}  ----")
    for name, value, note in rows:
        print(f"{name:<{width}}  {value:<{w2}}  {note}")


if __name__ == "__main__":
    main()
