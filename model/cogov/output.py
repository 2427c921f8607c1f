"""Writing a run's results: tables (CSV and Parquet), manifest, figure."""

from __future__ import annotations

import json
import platform
import tempfile
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

from cogov.errors import EnvironmentProblem, InputError, describe_os_error
from cogov.metrics import MAIN_OUTCOMES
from cogov.provenance import file_hash, git_commit, package_versions

if TYPE_CHECKING:
    from cogov.api import RunResult


def prepare_out_dir(out: Path | str) -> Path:
    """Create the output folder and check that it can be written to, before any work.

    Raises:
        InputError: if the path exists and is not a folder (exit status 2).
        EnvironmentProblem: if the folder cannot be created or written to: read-only, no
            permission, a full disk (exit status 1).
    """
    out = Path(out)
    if out.exists() and not out.is_dir():
        raise InputError(f"--out {out}: exists and is not a folder; allowed: a folder path")
    try:
        out.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryFile(dir=out):
            pass
    except NotADirectoryError:
        raise InputError(
            f"--out {out}: a part of the path is a file, not a folder; allowed: a folder path"
        ) from None
    except OSError as exc:
        raise EnvironmentProblem(
            describe_os_error(exc, f"--out {out}: cannot write into the folder")
        ) from None
    return out


def manifest(result: RunResult, overrides: dict[str, Any]) -> dict[str, Any]:
    """Everything needed to repeat the run: scenario, file hash, parameters, seed, versions.

    A run with mechanisms switched during it also has ``switches``, each written as
    ``cogov run --switch`` takes it (``week:mechanism:on`` or ``:off``).
    """
    files = result.scenario_obj.source_files
    extra = {}
    if result.switches:
        from cogov.model import switch_text  # the engine only when a run was switched

        extra["switches"] = [switch_text(sw) for sw in result.switches]
    return {
        "scenario": result.scenario,
        "scenario_files": [str(p) for p in files],
        "scenario_hash": file_hash(*files) if files else None,
        "overrides": overrides,
        **extra,
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

    return plot_summary(
        result.timeseries,
        out / "outcomes.png",
        title=f"{result.scenario} (seed {result.seed}, {result.steps} weeks)",
    )


def write_run(
    result: RunResult, out: Path | str, overrides: dict[str, Any], *, figure: bool = True
) -> dict[str, Path]:
    """Write the time series, per-grid and per-group tables, manifest and figure.

    Args:
        result: what :func:`cogov.api.simulate` returned.
        out: the output folder (created if missing).
        overrides: the dotted-key overrides the run used, for the manifest.
        figure: also draw ``outcomes.png``.

    Returns:
        The paths written, by kind (``timeseries_csv``, ..., ``manifest``, ``figure``).
    """
    out = prepare_out_dir(out)
    paths = write_tables(result, out)
    paths["manifest"] = write_manifest(result, out, overrides)
    if figure:
        paths["figure"] = write_figure(result, out)
    return paths


def summary_table(result: RunResult) -> str:
    """A short text table: mean of the final year (last 52 weeks or fewer) of main outcomes."""
    ts = result.timeseries
    last = ts[ts["step"] > ts["step"].max() - 52]
    width = max(len(c) for c in MAIN_OUTCOMES)
    lines = [f"{'outcome (final-year mean)':<{width}}  value", "-" * (width + 12)]
    for col in MAIN_OUTCOMES:
        lines.append(f"{col:<{width}}  {last[col].mean():>10.3f}")
    return "\n".join(lines)
