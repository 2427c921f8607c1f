"""Batch experiments: declarative experiment files, resumable sweeps, reports.

Quick start::

    from cogov.experiments import run_sweep, load_results, write_report
    summary = run_sweep("smoke", "results/smoke")      # runs what is not done yet
    frame = load_results("results/smoke")              # one row per run x step
    write_report("results/smoke")                      # results/smoke/report/report.md

``docs/experiments.md`` describes the experiment file format, the output folder and the
``cogov sweep`` / ``cogov report`` commands.
"""

from cogov.experiments.interface import MAIN_OUTCOMES, run, run_keywords
from cogov.experiments.report import write_report
from cogov.experiments.runner import SweepSummary, run_sweep
from cogov.experiments.spec import Experiment, list_experiments, load_experiment
from cogov.experiments.store import load_manifest, load_results

__all__ = [
    "MAIN_OUTCOMES",
    "Experiment",
    "SweepSummary",
    "list_experiments",
    "load_experiment",
    "load_manifest",
    "load_results",
    "run",
    "run_keywords",
    "run_sweep",
    "write_report",
]
