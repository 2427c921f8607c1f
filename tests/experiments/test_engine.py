"""The runner on the real engine: CLI, Dask cluster, a killed sweep, Mesa's batch_run."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import pytest

import cogov
from cogov.experiments.cli import main
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import load_results, read_run_metadata, run_files

from .fakes import failing_simulate


@pytest.fixture(scope="module")
def smoke_reference(tmp_path_factory) -> pd.DataFrame:
    """The shipped smoke experiment, run in this process (no pool)."""
    out = tmp_path_factory.mktemp("smoke-ref")
    summary = run_sweep("smoke", out, workers=0, progress=False)
    assert summary.ok and summary.finished == 12
    return load_results(out)


def test_cli_sweep_and_report(tmp_path, capsys, smoke_reference):
    out = tmp_path / "smoke"
    assert main(["sweep", "smoke", "--out", str(out), "--workers", "2", "--no-progress"]) == 0
    printed = capsys.readouterr().out
    assert "12 runs planned, 0 already done, 12 run now, 0 failed" in printed
    pd.testing.assert_frame_equal(load_results(out), smoke_reference)
    # a second sweep finds nothing to do
    assert main(["sweep", "smoke", "--out", str(out), "--no-progress"]) == 0
    assert "12 already done, 0 run now" in capsys.readouterr().out

    assert main(["report", str(out)]) == 0
    report = (out / "report" / "report.md").read_text()
    for heading in (
        "# Experiment report: smoke",
        "## Outcome means with 95% confidence",
        "## Time series",
        "## Effects against the baseline",
    ):
        assert heading in report
    html = (out / "report" / "report.html").read_text()
    assert "<table>" in html and 'src="data:image/png;base64,' in html  # self-contained
    for name in ("timeseries.png", "effects.png"):
        assert (out / "report" / "figures" / name).read_bytes()[:4] == b"\x89PNG"


def test_cli_reports_bad_input_with_status_2(tmp_path, capsys):
    assert main(["sweep", "smok", "--out", str(tmp_path / "x"), "--no-progress"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("cogov: error: unknown experiment 'smok' (did you mean 'smoke'?)")
    assert main(["report", str(tmp_path)]) == 2
    assert "not an experiment output folder" in capsys.readouterr().err


def test_cli_ends_with_a_failure_summary_and_status_1(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(cogov, "simulate", failing_simulate)
    out = tmp_path / "out"
    status = main(["sweep", "smoke", "--out", str(out), "--workers", "0", "--no-progress"])
    printed = capsys.readouterr().out
    assert status == 1
    assert "FAILED:" in printed and "engine blew up" in printed
    assert len(run_files(out)) + len(list((out / "failed").glob("*.json"))) == 12


def test_dask_cluster_gives_exactly_the_local_results(tmp_path, smoke_reference):
    distributed = pytest.importorskip("distributed")
    with distributed.LocalCluster(
        n_workers=2,
        threads_per_worker=1,
        processes=True,
        host="127.0.0.1",
        dashboard_address=None,
    ) as cluster:
        summary = run_sweep(
            "smoke", tmp_path / "dask", scheduler=cluster.scheduler_address, progress=False
        )
        pids = {read_run_metadata(p)["pid"] for p in run_files(tmp_path / "dask")}
    assert summary.ok and summary.finished == 12
    assert os.getpid() not in pids  # the runs happened in the cluster's worker processes
    pd.testing.assert_frame_equal(load_results(tmp_path / "dask"), smoke_reference)


KILL_EXPERIMENT = """
scenarios = ["baseline", "old_compound"]
replications = 4
master_seed = 5
steps = 40
summary_weeks = 10
outputs = ["participation_any", "needs_resolved", "satisfaction_mean"]

[design]
method = "grid"

[design.parameters]
"population.willingness_mean" = { values = [0.35, 0.5] }
"""


def test_a_killed_sweep_resumes_to_the_uninterrupted_result(tmp_path):
    path = tmp_path / "kill.toml"
    path.write_text(KILL_EXPERIMENT)
    out = tmp_path / "killed"
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "cogov.experiments",
            "sweep",
            str(path),
            "--out",
            str(out),
            "--workers",
            "1",
            "--no-progress",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )
    try:
        deadline = time.monotonic() + 90
        while len(run_files(out)) < 3 and proc.poll() is None and time.monotonic() < deadline:
            time.sleep(0.01)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)
    finally:
        try:
            os.killpg(proc.pid, signal.SIGKILL)  # the worker and forkserver it started
        except ProcessLookupError:
            pass
    done_at_kill = len(run_files(out))
    assert proc.returncode == -signal.SIGKILL
    assert 3 <= done_at_kill < 16, "the sweep must be killed part-way"

    resumed = run_sweep(path, out, workers=2, progress=False)
    assert resumed.ok
    assert resumed.skipped == done_at_kill and resumed.finished == 16 - done_at_kill
    whole = run_sweep(path, tmp_path / "whole", workers=0, progress=False)
    assert whole.finished == 16

    got = load_results(out)
    assert got.groupby("run_id").size().eq(40).all() and got["run_id"].nunique() == 16
    assert not [p for p in Path(out).rglob(".tmp-*")]
    pd.testing.assert_frame_equal(got, load_results(tmp_path / "whole"))


def test_mesa_batch_run_drives_the_model():
    import mesa

    results = mesa.batch_run(
        cogov.CommunityModel,
        parameters={
            "scenario": ["baseline", "old_compound"],
            "structure.households_per_community": 200,
        },
        rng=[1, 2],
        max_steps=5,
        number_processes=1,
        data_collection_period=-1,
        display_progress=False,
    )
    frame = pd.DataFrame(results).sort_values("RunId")
    assert len(frame) == 4
    assert set(frame["scenario"]) == {"baseline", "old_compound"}
    assert sorted(frame["rng"]) == [1, 1, 2, 2]
    # the same as simulate with that seed: batch_run is a thin layer over the same model
    row = frame[(frame.scenario == "baseline") & (frame.rng == 2)].iloc[0]
    ref = cogov.simulate(
        "baseline", steps=5, seed=2, overrides={"structure.households_per_community": 200}
    )
    assert row["participation_any"] == pytest.approx(ref.timeseries["participation_any"].iloc[-1])


def test_run_interface_returns_final_year_means():
    from cogov.experiments.interface import MAIN_OUTCOMES, run, run_keywords

    params = {"scenario": "old_compound", "structure.households_per_community": 200}
    out = run(params, steps=8, seed=3)
    assert list(out) == list(MAIN_OUTCOMES)
    assert all(isinstance(v, float) for v in out.values())
    ref = cogov.simulate(
        "old_compound", steps=8, seed=3, overrides={"structure.households_per_community": 200}
    )
    assert out["satisfaction_mean"] == pytest.approx(ref.timeseries["satisfaction_mean"].mean())
    assert run_keywords(steps=8, seed=3, **params) == out
    assert run(params, steps=8, seed=4) != out
    with pytest.raises(cogov.InputError, match="unknown outcomes"):
        run(params, steps=2, seed=1, outcomes=["participation_everything"])
