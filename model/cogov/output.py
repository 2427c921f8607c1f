"""Writing a run's results: tables (CSV and Parquet), manifest, figure."""

from __future__ import annotations

import json
import platform
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from cogov.api import RunResult
from cogov.errors import InputError
from cogov.metrics import MAIN_OUTCOMES
from cogov.plotting import plot_summary
from cogov.provenance import file_hash, git_commit, package_versions


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


def write_run(result: RunResult, out: Path | str, overrides: dict[str, Any]) -> dict[str, Path]:
    """Write the time series, per-grid and per-group tables, manifest and figure.

    Returns the paths written, by kind.
    """
    out = prepare_out_dir(out)
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
    man = out / "manifest.json"
    man.write_text(json.dumps(manifest(result, overrides), indent=2, ensure_ascii=False) + "\n")
    paths["manifest"] = man
    paths["figure"] = plot_summary(
        result.timeseries,
        out / "outcomes.png",
        title=f"{result.scenario} (seed {result.seed}, {result.steps} weeks)",
    )
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
