"""Whole-process speed of the ``cogov`` command, and where a ``cogov run`` spends its time.

    .venv/bin/python benchmarks/bench_cli.py [--repeat 5] [--steps N]

Prints, in one run on one machine:

1. each command timed as a whole process (start-up, imports, work, exit), after one
   warm-up run: ``cogov --help``, ``cogov scenarios``, ``cogov params baseline``,
   ``cogov run baseline`` and ``cogov run baseline --no-figure``; min and median wall
   seconds, and pass/fail of the median against issue 9's targets (≤ 0.2 s for the first
   three, ≤ 1.5 s for ``cogov run baseline``);
2. the phases of ``cogov run baseline`` timed inside fresh processes (interpreter start-up,
   imports, scenario, engine, tables, manifest, figure import, figure drawing), each with
   its share of the whole, and the git and package-version look-ups inside the manifest;
3. the import time by top-level package (``python -X importtime``, self times summed), to
   show which libraries the imports are.

The engine's own speed has its own benchmark (``bench_engine.py``). Single-threaded BLAS.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

#: Issue 9's targets: median whole-process wall seconds.
TARGETS = {
    "--help": 0.2,
    "scenarios": 0.2,
    "params baseline": 0.2,
    "run baseline": 1.5,
}


def cogov_command() -> list[str]:
    """The installed ``cogov`` script next to this interpreter, or ``python -m cogov.cli``."""
    exe = Path(sys.executable).with_name("cogov")
    return [str(exe)] if exe.exists() else [sys.executable, "-m", "cogov.cli"]


def time_process(cmd: list[str], repeat: int) -> list[float]:
    """Wall seconds of ``repeat`` runs of a command (after one warm-up run)."""
    times = []
    for i in range(repeat + 1):
        start = time.perf_counter()
        done = subprocess.run(cmd, capture_output=True, text=True)
        elapsed = time.perf_counter() - start
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(cmd)} failed ({done.returncode}):\n{done.stderr}")
        if i:
            times.append(elapsed)
    return times


def run_phases(out: Path, steps: int | None) -> dict[str, float]:
    """Time the phases of ``cogov run baseline`` in this (fresh) process; seconds by phase.

    Calls the same library functions as ``cogov.cli.cmd_run``, in the same order.
    """
    t: dict[str, float] = {}
    start = time.perf_counter()
    import cogov.cli  # noqa: F401
    from cogov.api import simulate
    from cogov.output import prepare_out_dir, summary_table, write_manifest, write_tables
    from cogov.provenance import git_commit, package_versions
    from cogov.scenario import load_scenario, parse_assignments

    t["imports"] = time.perf_counter() - start

    mark = time.perf_counter()
    overrides = parse_assignments([])
    sc = load_scenario("baseline", overrides, override_source="--set")
    out = prepare_out_dir(out)
    t["scenario"] = time.perf_counter() - mark

    mark = time.perf_counter()
    result = simulate(sc, steps=steps)
    t["engine"] = time.perf_counter() - mark

    mark = time.perf_counter()
    write_tables(result, out)
    t["tables (3 CSV + 3 Parquet)"] = time.perf_counter() - mark

    mark = time.perf_counter()
    write_manifest(result, out, overrides)
    t["manifest"] = time.perf_counter() - mark

    mark = time.perf_counter()
    from cogov.output import write_figure
    from cogov.plotting import plot_summary  # noqa: F401  (matplotlib)

    t["figure: import matplotlib"] = time.perf_counter() - mark

    mark = time.perf_counter()
    write_figure(result, out)
    t["figure: draw and save"] = time.perf_counter() - mark

    mark = time.perf_counter()
    summary_table(result)
    t["summary table"] = time.perf_counter() - mark

    # Inside the manifest, timed again on their own (already warm: a lower bound).
    mark = time.perf_counter()
    git_commit()
    t["(manifest: git commit, 2 subprocesses)"] = time.perf_counter() - mark
    mark = time.perf_counter()
    package_versions()
    t["(manifest: package versions)"] = time.perf_counter() - mark
    return t


def import_breakdown() -> dict[str, float]:
    """Import seconds of ``cogov run`` by top-level package (self times summed)."""
    code = "import cogov.cli, cogov.api, cogov.output, cogov.scenario, cogov.plotting"
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-c", code], capture_output=True, text=True
    )
    by_root: dict[str, float] = {}
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        _, self_us, _, name = (part.strip() for part in line.replace("|", ":").split(":", 3))
        root = name.split(".")[0].lstrip("_") or name
        by_root[root] = by_root.get(root, 0.0) + int(self_us) / 1e6
    return by_root


def machine() -> str:
    """Cores, CPU model, Python version and date, for the record."""
    model = platform.processor() or "unknown CPU"
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                model = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return (
        f"{os.cpu_count()} cores, {model}, Python {platform.python_version()}, "
        f"{datetime.now(UTC):%Y-%m-%d}"
    )


def main() -> int:
    """Run every measurement and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repeat", type=int, default=5, help="timed runs per command")
    parser.add_argument("--steps", type=int, help="weeks for the run (default: the scenario's)")
    parser.add_argument("--phases-child", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phases_child is not None:  # a fresh process timing the phases
        print(json.dumps(run_phases(args.phases_child, args.steps)))
        return 0

    print(f"machine: {machine()}")
    cogov = cogov_command()
    steps = ["--steps", str(args.steps)] if args.steps else []
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        commands = {
            "--help": ["--help"],
            "scenarios": ["scenarios"],
            "params baseline": ["params", "baseline"],
            "run baseline": ["run", "baseline", *steps, "--out", f"{tmp}/run"],
            "run baseline --no-figure": ["run", "baseline", *steps, "--no-figure", "--out", tmp],
        }
        print(f"\nwhole process, wall seconds ({args.repeat} runs after 1 warm-up)")
        print(f"{'command':<32} {'min':>7} {'median':>7} {'target':>7}  verdict")
        for name, argv in commands.items():
            times = time_process([*cogov, *argv], args.repeat)
            median = statistics.median(times)
            target = TARGETS.get(name)
            if target is None:
                verdict, shown = "-", "-"
            else:
                verdict, shown = ("pass" if median <= target else "FAIL"), f"{target:.2f}"
                failures += verdict == "FAIL"
            print(f"cogov {name:<26} {min(times):>7.3f} {median:>7.3f} {shown:>7}  {verdict}")

        startup = statistics.median(time_process([sys.executable, "-c", "pass"], args.repeat))
        runs = []
        for i in range(args.repeat):
            cmd = [sys.executable, __file__, "--phases-child", f"{tmp}/phases{i}", *steps]
            done = subprocess.run(cmd, capture_output=True, text=True, check=True)
            runs.append(json.loads(done.stdout))
    phases = {"interpreter start-up and exit": startup}
    phases.update({k: statistics.median(r[k] for r in runs) for k in runs[0]})
    total = sum(v for k, v in phases.items() if not k.startswith("("))
    print(f"\nphases of `cogov run baseline{' ' + ' '.join(steps) if steps else ''}`,")
    print(f"median of {args.repeat} fresh processes, seconds and share of their sum")
    for key, value in phases.items():
        share = "" if key.startswith("(") else f"{100 * value / total:5.1f} %"
        print(f"  {key:<42} {value:7.3f}  {share}")
    print(f"  {'sum':<42} {total:7.3f}")

    by_root = sorted(import_breakdown().items(), key=lambda kv: -kv[1])
    print("\nimport time of `cogov run` by top-level package (self times summed), seconds")
    shown = by_root[:10]
    rest = sum(v for _, v in by_root[10:])
    for root, seconds in shown:
        print(f"  {root:<20} {seconds:6.3f}")
    print(f"  {'(everything else)':<20} {rest:6.3f}")
    print(f"\n{failures} target(s) missed" if failures else "\nevery target met")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
