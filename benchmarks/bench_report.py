"""`cogov report` on a full sensitivity suite's results: seconds of work after the runs exist.

The suite is the shipped `sensitivity` (Morris: 180 points x 3 replications; Sobol: 1,024
points x 2 replications; 156 weeks each; 2,588 run files). Its runs come from a stand-in for
the engine by default (`--engine stand-in`): the same run files, columns and design, with
outcome values a smooth function of the parameters plus seed noise, made in about a minute;
the report's work depends on the files' number and shape, not on the engine that wrote them.
`--engine model` runs the real model instead (about an hour on 2 cores). `--results DIR`
reuses a folder made before.

Prints the wall seconds of `cogov report DIR` as a fresh process (median of `--repeat`),
with the time to import and start measured apart, and the verdict against the target
(under 10 s, issue 13).

    .venv/bin/python benchmarks/bench_report.py [--repeat 3] [--results DIR] [--keep]
"""

from __future__ import annotations

import argparse
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


def timed(cmd: list[str]) -> float:
    started = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - started


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--repeat", type=int, default=3)
    ap.add_argument("--results", type=Path, help="a sensitivity suite's output folder")
    ap.add_argument("--engine", choices=["stand-in", "model"], default="stand-in")
    ap.add_argument("--keep", action="store_true", help="keep the results folder made")
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
    start = [timed([*cogov, "--help"]) for _ in range(args.repeat)]
    report = [timed([*cogov, "report", str(folder)]) for _ in range(args.repeat)]
    runs = len(list(folder.glob("*/runs/*.parquet")))
    med, base = statistics.median(report), statistics.median(start)
    print(f"runs in the suite: {runs}")
    print(f"cogov --help (start-up and exit): median {base:.2f} s")
    print(f"cogov report (whole process): {', '.join(f'{s:.2f}' for s in report)} s")
    verdict = "met" if med < TARGET_S else "NOT met"
    print(f"median {med:.2f} s; target < {TARGET_S:.0f} s: {verdict}")
    if tmp is not None and not args.keep:
        shutil.rmtree(tmp)
    return 0 if med < TARGET_S else 1


if __name__ == "__main__":
    sys.exit(main())
