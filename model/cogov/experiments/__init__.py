"""Batch experiments: declarative experiment files, resumable sweeps, reports.

Quick start::

    from cogov.experiments import run_sweep, load_results, write_report
    summary = run_sweep("smoke", "results/smoke")      # runs what is not done yet
    frame = load_results("results/smoke")              # one row per run x step
    write_report("results/smoke")                      # results/smoke/report/report.md

``docs/experiments.md`` describes the experiment file format, the output folder and the
``cogov sweep`` / ``cogov report`` commands.
"""

from __future__ import annotations

import importlib
from typing import Any

# Exports are imported on first use, so that worker processes (which import the worker)
# do not pay for matplotlib and the report.
_EXPORTS = {
    "MAIN_OUTCOMES": "cogov.experiments.interface",
    "run": "cogov.experiments.interface",
    "run_keywords": "cogov.experiments.interface",
    "write_report": "cogov.experiments.report",
    "SweepSummary": "cogov.experiments.sweep",
    "run_sweep": "cogov.experiments.sweep",
    "Experiment": "cogov.experiments.spec",
    "list_experiments": "cogov.experiments.spec",
    "load_experiment": "cogov.experiments.spec",
    "load_manifest": "cogov.experiments.store",
    "load_results": "cogov.experiments.store",
}

__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    """Import an exported name from its module on first use."""
    module = _EXPORTS.get(name)
    if module is None:
        raise AttributeError(f"module 'cogov.experiments' has no attribute '{name}'")
    return getattr(importlib.import_module(module), name)


def __dir__() -> list[str]:
    return sorted([*globals(), *_EXPORTS])
