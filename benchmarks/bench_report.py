"""`cogov report` on a full sensitivity suite's results: seconds of work after the runs exist.

The suite is the shipped `sensitivity` (Morris: 180 points x 3 replications; Sobol: 1,024
points x 2 replications; 156 weeks each; 2,588 run files). Its runs come from a stand-in for
the engine by default (`--engine stand-in`): the same run files, columns and design, with
outcome values a smooth function of the parameters plus seed noise, made in about a minute;
the report's work depends on the files' number and shape, not on the engine that wrote them.
`--engine model` runs the real model instead (about an hour on 2 cores). `--results DIR`
reuses a folder made before.

Prints, for `cogov report DIR` as a fresh process (median of `--repeat`), the first time
(no `results.parquet` yet: every run file is read) and again (the runs come from
`results.parquet`), its wall seconds and its work: the CPU seconds (user + system, all
threads) the process used, which a busy machine does not inflate the way it inflates wall
time; the verdict is on the work (under 10 s, issue 13). `--before MODEL_DIR` (the
`model/` folder of another checkout, e.g. made with
`git archive REV model experiments scenarios | tar -x -C DIR`) times that code's report
too, alternately with this one, so both see the same load.

    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--results DIR] [--keep]
        [--before DIR/model]
"""

from __future__ import annotations

import argparse
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import zlib
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from cogov.experiments.store import RESULTS_CACHE

TARGET_S = 10.0


@dataclass
class StandInResult:
    scenario: str
    seed: int
    steps: int
    timeseries: pd.DataFrame
    params: dict = field(default_factory=dict)
    wall_time_s: float = 0.0


def stand_in(scenario, *, steps, seed, overrides=None):
    """Every main outcome as a smooth function of the varied parameters plus seed noise."""
    from cogov.metrics import MAIN_OUTCOMES

    flat = scenario.flat()
    rng = np.random.default_rng([seed, zlib.crc32(scenario.name.encode())])
    t = np.arange(1, steps + 1)
    level = (
        0.2
        + 0.6 * flat["population.willingness_mean"]
        + 0.01 * flat["community.community_workers"]
        + 0.03 * flat["participation.peer_weight"]
        - 0.1 * flat["needs.rate_scale"]
    )
    data = {"step": t}
    for i, col in enumerate((*MAIN_OUTCOMES, "needs_raised", "disputes_arising")):
        scale = 1.0 if "share" in col or "participation" in col or "mean" in col else 40.0
        data[col] = scale * (level + 0.05 * i) * (1 - np.exp(-t / 8)) + scale * rng.normal(
            0, 0.03, steps
        )
    return StandInResult(
        scenario.name, seed, steps, pd.DataFrame(data), params=scenario.model_dump(mode="json")
    )


def make_results(out: Path, engine: str) -> float:
    from cogov.experiments.runner import run_sweep
    from cogov.experiments.suite import load_suite, write_marker

    suite = load_suite("sensitivity")
    write_marker(suite, out)
    started = time.perf_counter()
    for member in suite.members:
        summary = run_sweep(
            member,
            out / Path(member).stem,
            workers=2,
            simulate=None if engine == "model" else stand_in,
            progress=True,
        )
        assert summary.ok, summary.text()
    return time.perf_counter() - started


def timed(cmd: list[str], env: dict[str, str] | None = None) -> tuple[float, float]:
    """Wall seconds and CPU seconds (user + system) of one process."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, env=env)
    wall = time.perf_counter() - started
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return wall, cpu


def show(name: str, samples: list[tuple[float, float]]) -> tuple[float, float]:
    wall = statistics.median(w for w, _ in samples)
    cpu = statistics.median(c for _, c in samples)
    runs = ", ".join(f"{w:.2f}/{c:.2f}" for w, c in samples)
    print(f"{name}: wall/work {runs} s; median wall {wall:.2f} s, work {cpu:.2f} s")
    return wall, cpu


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, help="a sensitivity suite's output folder")
    ap.add_argument("--engine", choices=["stand-in", "model"], default="stand-in")
    ap.add_argument("--keep", action="store_true", help="keep the results folder made")
    ap.add_argument("--before", type=Path, help="another checkout's model/ folder to compare")
    args = ap.parse_args()
    tmp = None
    folder = args.results
    if folder is None or not (folder / "suite.json").exists():
        if folder is None:
            tmp = Path(tempfile.mkdtemp(prefix="cogov-bench-report-"))
            folder = tmp / "sensitivity"
        made = make_results(folder, args.engine)
        n = len(list(folder.glob("*/runs/*.parquet")))
        print(f"made {n} runs ({args.engine}) in {made:.0f} s: {folder}")
    cogov = [sys.executable, "-m", "cogov.cli"]
    out = Path(tempfile.mkdtemp(prefix="cogov-bench-report-out-"))
    env_before = None
    if args.before is not None:
        env_before = {**os.environ, "PYTHONPATH": str(args.before.resolve())}
    start, cold, after, before = [], [], [], []
    report_cmd = [*cogov, "report", str(folder), "--out", str(out / "after")]
    for _ in range(args.repeat):
        start.append(timed([*cogov, "--help"]))
        for cache in folder.glob(f"*/{RESULTS_CACHE}"):
            cache.unlink()  # the first report after the sweep: no cache yet
        cold.append(timed(report_cmd))
        after.append(timed(report_cmd))  # the next: the runs read from the cache
        if env_before is not None:
            before.append(
                timed([*cogov, "report", str(folder), "--out", str(out / "before")], env_before)
            )
    shutil.rmtree(out)
    runs = len(list(folder.glob("*/runs/*.parquet")))
    load = os.getloadavg()[0]
    print(f"runs in the suite: {runs}; load average {load:.1f} on {os.cpu_count()} cores")
    show("cogov --help (start-up and exit)", start)
    show("cogov report, this code, first (builds results.parquet)", cold)
    wall, cpu = show("cogov report, this code, again (reads results.parquet)", after)
    if before:
        b_wall, b_cpu = show(f"cogov report, {args.before}", before)
        print(f"this code / before: wall {wall / b_wall:.2f}, work {cpu / b_cpu:.2f}")
    verdict = "met" if cpu < TARGET_S else "NOT met"
    print(f"work {cpu:.2f} s; target < {TARGET_S:.0f} s: {verdict}")
    if tmp is not None and not args.keep:
        shutil.rmtree(tmp)
    return 0 if cpu < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
