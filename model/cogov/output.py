"""Writing a run's results: tables (CSV and Parquet), manifest, figure.

Importing this module is light (no numpy, pandas or matplotlib), so that ``cogov run`` can
start the figure's process (:class:`FigurePainter`) before it imports the engine.
"""

from __future__ import annotations

import json
import os
import platform
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cogov.errors import InputError
from cogov.provenance import file_hash, git_commit, package_versions

if TYPE_CHECKING:
    from cogov.api import RunResult


def prepare_out_dir(out: Path | str) -> Path:
    """Create the output folder, or raise InputError if it cannot be used."""
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a folder; allowed: a folder path")
    try:
        out.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise InputError(f"--out {out}: cannot create the folder ({exc.strerror})") from None
    return out


def manifest(result: RunResult, overrides: dict[str, Any]) -> dict[str, Any]:
    """Everything needed to repeat the run: scenario, file hash, parameters, seed, versions."""
    files = result.scenario_obj.source_files
    return {
        "scenario": result.scenario,
        "scenario_files": [str(p) for p in files],
        "scenario_hash": file_hash(*files) if files else None,
        "overrides": overrides,
        "seed": result.seed,
        "steps": result.steps,
        "parameters": result.params,
        "packages": package_versions(),
        "python": platform.python_version(),
        "git_commit": git_commit(),
        "wall_time_s": round(result.wall_time_s, 3),
        "written_at": datetime.now(UTC).isoformat(timespec="seconds"),
    }


def write_tables(result: RunResult, out: Path) -> dict[str, Path]:
    """Write the time series, per-grid and per-group tables as CSV and Parquet.

    Returns the paths written, keyed ``<table>_csv`` and ``<table>_parquet``.
    """
    paths: dict[str, Path] = {}
    for name, df in (
        ("timeseries", result.timeseries),
        ("grids", result.grids),
        ("groups", result.groups),
    ):
        csv, pq = out / f"{name}.csv", out / f"{name}.parquet"
        df.to_csv(csv, index=False)
        df.to_parquet(pq, index=False)
        paths[f"{name}_csv"], paths[f"{name}_parquet"] = csv, pq
    return paths


def write_manifest(result: RunResult, out: Path, overrides: dict[str, Any]) -> Path:
    """Write ``manifest.json`` (see :func:`manifest`) and return its path."""
    path = out / "manifest.json"
    path.write_text(json.dumps(manifest(result, overrides), indent=2, ensure_ascii=False) + "\n")
    return path


def write_figure(result: RunResult, out: Path) -> Path:
    """Draw ``outcomes.png``, the main outcomes over time; matplotlib is imported here."""
    from cogov.plotting import plot_summary

    return plot_summary(result.timeseries, out / "outcomes.png", title=_title(result))


class FigurePainter:
    """Draws ``outcomes.png`` in a second process, which imports matplotlib ahead of time.

    Importing matplotlib costs about as much as drawing the figure. ``cogov run`` creates a
    painter before it imports the engine, so that the import happens on another core while
    the engine runs; :func:`write_run` then sends it the figure's columns (JSON through a
    pipe: the drawing process needs neither pandas nor the engine) and writes the manifest
    while it draws. With one core, or if the process cannot start
    or fails, the figure is drawn in this process instead (same function, same file).
    """

    #: How to start the drawing process, after ``sys.executable``.
    COMMAND: tuple[str, ...] = ("-m", "cogov.plotting")

    def __init__(self, background: bool | None = None) -> None:
        """Start the drawing process (``background``; default: if two or more cores)."""
        if background is None:
            cores = os.sched_getaffinity(0) if hasattr(os, "sched_getaffinity") else None
            background = len(cores) >= 2 if cores is not None else (os.cpu_count() or 1) >= 2
        self._proc: subprocess.Popen[str] | None = None
        self._job: tuple[RunResult, Path] | None = None
        if background:
            try:
                self._proc = subprocess.Popen(
                    [sys.executable, *self.COMMAND],
                    stdin=subprocess.PIPE,
                    stdout=subprocess.DEVNULL,
                    stderr=subprocess.DEVNULL,
                    text=True,
                )
            except OSError:
                self._proc = None

    def send(self, result: RunResult, out: Path) -> None:
        """Start drawing ``out/outcomes.png`` from the run's time series."""
        from cogov.plotting import summary_columns

        self._job = (result, out)
        if self._proc is None:
            return
        ts = result.timeseries
        job = {
            "png": str(out / "outcomes.png"),
            "title": _title(result),
            "columns": {col: ts[col].tolist() for col in summary_columns() if col in ts},
        }
        try:  # one line of JSON through the pipe; the drawing starts as it arrives
            assert self._proc.stdin is not None
            self._proc.stdin.write(json.dumps(job) + "\n")
            self._proc.stdin.close()
        except OSError:  # the process has died: draw here instead
            self.close()

    def result(self, timeout_s: float = 120.0) -> Path:
        """Wait for the figure and return its path (drawn here if the process failed)."""
        assert self._job is not None, "send() first"
        result, out = self._job
        png = out / "outcomes.png"
        if self._proc is not None:
            try:
                self._proc.wait(timeout=timeout_s)
            except subprocess.TimeoutExpired:
                pass
            ok = self._proc.returncode == 0 and png.is_file()
            self.close()
            if ok:
                return png
        return write_figure(result, out)

    def close(self) -> None:
        """Stop the drawing process if it still runs (e.g. the run failed)."""
        if self._proc is not None:
            if self._proc.poll() is None:
                self._proc.kill()
            self._proc.wait()
            if self._proc.stdin is not None and not self._proc.stdin.closed:
                self._proc.stdin.close()
            self._proc = None


def _title(result: RunResult) -> str:
    return f"{result.scenario} (seed {result.seed}, {result.steps} weeks)"


def write_run(
    result: RunResult,
    out: Path | str,
    overrides: dict[str, Any],
    *,
    figure: bool | FigurePainter = True,
) -> dict[str, Path]:
    """Write the time series, per-grid and per-group tables, manifest and figure.

    Args:
        result: what :func:`cogov.api.simulate` returned.
        out: the output folder (created if missing).
        overrides: the dotted-key overrides the run used, for the manifest.
        figure: draw ``outcomes.png`` (True: in this process; a :class:`FigurePainter`
            started earlier: in its process, while the manifest is written; False: not).

    Returns:
        The paths written, by kind (``timeseries_csv``, ..., ``manifest``, ``figure``).
    """
    out = prepare_out_dir(out)
    painter = figure if isinstance(figure, FigurePainter) else None
    if figure is True:
        painter = FigurePainter(background=False)
    paths = write_tables(result, out)
    if painter is not None:
        painter.send(result, out)
    paths["manifest"] = write_manifest(result, out, overrides)
    if painter is not None:
        paths["figure"] = painter.result()
    return paths


def summary_table(result: RunResult) -> str:
    """A short text table: mean of the final year (last 52 weeks or fewer) of main outcomes."""
    from cogov.metrics import MAIN_OUTCOMES

    ts = result.timeseries
    last = ts[ts["step"] > ts["step"].max() - 52]
    width = max(len(c) for c in MAIN_OUTCOMES)
    lines = [f"{'outcome (final-year mean)':<{width}}  value", "-" * (width + 12)]
    for col in MAIN_OUTCOMES:
        lines.append(f"{col:<{width}}  {last[col].mean():>10.3f}")
    return "\n".join(lines)
