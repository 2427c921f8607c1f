"""Reports for each kind of experiment, on results of the fast stand-in engine."""

from __future__ import annotations

import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.experiments.report import write_report
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import load_results

from .conftest import FAKE_EXPERIMENT
from .fakes import fake_simulate

SAMPLED = """
scenarios = ["baseline"]
replications = 2
master_seed = 3
steps = 8
summary_weeks = 4
outputs = ["participation_any", "backlog_open"]

[overrides]
"structure.households_per_community" = 200

[design]
method = "{method}"
samples = {samples}

[design.parameters]
"population.willingness_mean" = {{ bounds = [0.3, 0.6] }}
"community.community_workers" = {{ bounds = [5, 20] }}
"channels.voice_trust_threshold" = {{ bounds = [0.3, 0.6] }}
"""


def sweep(path, out):
    summary = run_sweep(path, out, workers=0, simulate=fake_simulate, progress=False)
    assert summary.ok
    return summary


def test_grid_report_has_means_effects_and_heatmaps(write_experiment, tmp_path):
    out = tmp_path / "out"
    sweep(write_experiment(FAKE_EXPERIMENT), out)
    paths = write_report(out, tmp_path / "rep")
    text = paths.markdown.read_text()
    assert "## Two-parameter sweep" not in text  # one varied parameter: no heatmap
    assert "old_compound (community.community_workers=15)" in text  # full parameter names
    assert {p.name for p in paths.figures} == {"timeseries.png", "effects.png"}
    assert {p.name for p in paths.vectors} == {"timeseries.svg", "effects.svg"}
    assert all(p.read_text().lstrip().startswith("<?xml") for p in paths.vectors)

    two = FAKE_EXPERIMENT.replace(
        '"community.community_workers" = { values = [5, 15] }',
        '"community.community_workers" = { values = [5, 15] }\n'
        '"participation.peer_weight" = { values = [0.0, 2.0, 4.0] }',
    )
    out2 = tmp_path / "out2"
    sweep(write_experiment(two, "two.toml"), out2)
    paths = write_report(out2)
    text = paths.markdown.read_text()
    assert "## Two-parameter sweep" in text
    assert {"heatmap-baseline.png", "heatmap-old_compound.png"} <= {p.name for p in paths.figures}
    assert paths.markdown.parent == out2 / "report"
    for fig in paths.figures:
        assert fig.read_bytes()[:4] == b"\x89PNG" and fig.stat().st_size > 5000


def table_rows(text: str, outcome: str) -> dict[str, str]:
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 4 and cells[0] == f"`{outcome}`":
            rows[cells[1].strip("`")] = cells[2]
    return rows


def test_morris_report_ranks_the_parameters_that_matter(write_experiment, tmp_path):
    out = tmp_path / "morris"
    sweep(write_experiment(SAMPLED.format(method="morris", samples=6)), out)
    paths = write_report(out)
    text = paths.markdown.read_text()
    assert "## Sensitivity: Morris screening" in text
    rows = table_rows(text, "participation_any")
    mu = {k: float(v.split(" ± ")[0]) for k, v in rows.items()}
    # the fake engine's participation rises with willingness and workers, ignores the threshold
    assert mu["population.willingness_mean"] > 0.05
    assert mu["community.community_workers"] > 0.03
    assert mu["channels.voice_trust_threshold"] < 0.01
    assert "morris-baseline.png" in {p.name for p in paths.figures}


def test_sobol_report_has_first_order_and_total_indices(write_experiment, tmp_path):
    out = tmp_path / "sobol"
    sweep(write_experiment(SAMPLED.format(method="sobol", samples=16)), out)
    text = write_report(out).markdown.read_text()
    assert "## Sensitivity: Sobol indices" in text
    rows = table_rows(text, "backlog_open")
    assert set(rows) == {
        "population.willingness_mean",
        "community.community_workers",
        "channels.voice_trust_threshold",
    }
    s1 = {k: float(v.split(" ± ")[0]) for k, v in rows.items()}
    # the fake's backlog depends on the workers only (plus noise)
    assert s1["community.community_workers"] > 0.5
    assert abs(s1["channels.voice_trust_threshold"]) < 0.2


def test_sensitivity_needs_every_point(write_experiment, tmp_path):
    out = tmp_path / "sobol"
    sweep(write_experiment(SAMPLED.format(method="sobol", samples=4)), out)
    next((out / "runs").glob("baseline__p00003__r000*.parquet")).unlink()
    next((out / "runs").glob("baseline__p00003__r000*.parquet")).unlink()
    text = write_report(out).markdown.read_text()
    assert "Not computed: 1 of 20 design points have no finished run" in text


def test_report_of_an_empty_or_foreign_folder_is_refused(tmp_path):
    with pytest.raises(InputError, match="not an experiment output folder"):
        write_report(tmp_path)


def test_load_results_is_tidy(write_experiment, tmp_path):
    out = tmp_path / "out"
    sweep(write_experiment(FAKE_EXPERIMENT), out)
    frame = load_results(out)
    assert not frame.duplicated(["run_id", "step"]).any()
    assert frame.groupby("run_id").size().eq(12).all()
    assert pd.api.types.is_integer_dtype(frame["community.community_workers"])
