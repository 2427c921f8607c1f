"""The sweep machinery, driven by fast stand-ins for the engine (see fakes.py)."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.experiments.runner import make_plan, run_sweep
from cogov.experiments.spec import load_experiment
from cogov.experiments.store import load_manifest, load_results, read_run_metadata, run_files
from cogov.rng import replication_seeds

from .conftest import FAKE_EXPERIMENT
from .fakes import failing_simulate, fake_simulate


def sweep(path, out, **kw):
    kw.setdefault("workers", 0)
    kw.setdefault("simulate", fake_simulate)
    return run_sweep(path, out, progress=False, **kw)


def test_sweep_writes_one_file_per_run_with_params_and_seed(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    summary = sweep(path, tmp_path / "out")
    assert summary.ok and summary.finished == summary.planned == 3 * 2 * 3
    files = run_files(tmp_path / "out")
    assert len(files) == 18
    meta = read_run_metadata(files[0])
    assert meta["params"]["structure"]["households_per_community"] == 200
    assert meta["seed"] in replication_seeds(7, 3) and meta["steps"] == 12

    frame = load_results(tmp_path / "out")
    assert list(frame.columns[:6]) == [
        "run_id",
        "scenario",
        "point",
        "replication",
        "seed",
        "community.community_workers",
    ]
    assert list(frame.columns[6:]) == [
        "step",
        "participation_any",
        "satisfaction_mean",
        "backlog_open",
    ]
    assert len(frame) == 18 * 12
    assert list(frame["scenario"].unique()) == ["baseline", "old_compound", "commodity_estate"]
    # replication i has the same seed in every scenario and design point (paired runs)
    seeds = frame.groupby("replication")["seed"].unique()
    assert all(len(s) == 1 for s in seeds)
    assert [s[0] for s in seeds] == replication_seeds(7, 3)
    # the varied parameter really reached the scenario given to simulate
    workers = frame.groupby("point")["community.community_workers"].unique()
    assert [list(w) for w in workers] == [[5], [15]]
    backlog = frame[frame.step == 12].groupby("point")["backlog_open"].mean()
    assert backlog[0] > backlog[1] + 5  # fake: backlog falls with workers


def test_manifest_records_provenance(write_experiment, tmp_path):
    from cogov.provenance import file_hash

    path = write_experiment(FAKE_EXPERIMENT)
    sweep(path, tmp_path / "out")
    manifest = load_manifest(tmp_path / "out")
    (entry,) = manifest["sweeps"]
    assert entry["experiment_file_hash"] == file_hash(path)
    assert entry["package_versions"]["mesa"] == "3.5.1"
    assert "git_commit" in entry and entry["status"] == "complete"
    assert entry["runs_finished"] == 18
    assert (tmp_path / "out" / "experiment.toml").read_bytes() == path.read_bytes()


def test_rerun_skips_finished_runs_and_top_up_runs_only_new_ones(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    mtimes = {p.name: p.stat().st_mtime_ns for p in run_files(out)}
    again = sweep(path, out)
    assert again.finished == 0 and again.skipped == 18
    assert {p.name: p.stat().st_mtime_ns for p in run_files(out)} == mtimes

    first = load_results(out)
    path.write_text(FAKE_EXPERIMENT.replace("replications = 3", "replications = 5"))
    topped = sweep(path, out)
    assert topped.finished == 3 * 2 * 2 and topped.skipped == 18
    assert {p.name: p.stat().st_mtime_ns for p in run_files(out)}.items() >= mtimes.items()
    after = load_results(out)
    assert sorted(after["replication"].unique()) == [0, 1, 2, 3, 4]
    # the old replications are untouched and the seeds extend the same sequence
    pd.testing.assert_frame_equal(
        after[after.replication < 3].reset_index(drop=True), first.reset_index(drop=True)
    )
    assert sorted(after["seed"].unique()) == sorted(replication_seeds(7, 5))
    # --replications on the command line tops up too
    assert sweep(path, out, replications=6).finished == 6


def test_process_pool_gives_exactly_the_in_process_results(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    sweep(path, tmp_path / "a", workers=0)
    sweep(path, tmp_path / "b", workers=2)
    pd.testing.assert_frame_equal(load_results(tmp_path / "a"), load_results(tmp_path / "b"))


def test_failed_runs_are_recorded_others_go_on_and_a_rerun_retries(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    seeds = replication_seeds(7, 3)
    bad_reps = [r for r, s in enumerate(seeds) if s % 2 == 1]
    assert bad_reps, "the fixture's seeds must make some runs fail"
    summary = sweep(path, out, simulate=failing_simulate)
    assert not summary.ok
    assert len(summary.failed) == 2 * len(bad_reps)  # old_compound, both points
    assert summary.finished == 18 - len(summary.failed)
    record = json.loads((out / "failed" / f"{summary.failed[0]['run_id']}.json").read_text())
    assert record["scenario"] == "old_compound" and record["seed"] % 2 == 1
    assert "RuntimeError: engine blew up" in record["error"]
    assert "Traceback" in record["traceback"] and "failing_simulate" in record["traceback"]
    assert record["params"]["structure"]["households_per_community"] == 200
    text = summary.text()
    assert f"FAILED: {len(summary.failed)} run(s)" in text and "engine blew up" in text
    assert load_manifest(out)["sweeps"][-1]["status"] == "failed runs"

    retry = sweep(path, out)  # the engine is fixed: failed runs are retried, others skipped
    assert (
        retry.ok
        and retry.finished == len(summary.failed)
        and retry.skipped == 18 - len(summary.failed)
    )
    assert not list((out / "failed").iterdir())
    assert load_results(out)["run_id"].nunique() == 18


def test_a_folder_holding_another_experiment_is_refused_untouched(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    before = {p: p.read_bytes() for p in out.rglob("*") if p.is_file()}
    other = write_experiment(FAKE_EXPERIMENT.replace("steps = 12", "steps = 10"), "other.toml")
    with pytest.raises(InputError) as info:
        sweep(other, out)
    text = str(info.value)
    assert "holds the results of experiment 'exp'" in text and "steps (12 there, 10 now)" in text
    assert "choose another --out folder" in text
    assert {p: p.read_bytes() for p in out.rglob("*") if p.is_file()} == before


def test_a_folder_that_is_not_an_experiment_output_is_refused(write_experiment, tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "thesis.docx").write_text("precious")
    with pytest.raises(InputError, match="not the output of an experiment"):
        sweep(write_experiment(FAKE_EXPERIMENT), out)
    assert [p.name for p in out.iterdir()] == ["thesis.docx"]


PRECISION = """
scenarios = ["baseline", "old_compound"]
replications = 3
master_seed = 11
steps = 12
summary_weeks = 6
outputs = ["participation_any"]

[overrides]
"structure.households_per_community" = 200
"community.community_workers" = 10

[precision]
outcome = "participation_any"
half_width = {target}
batch = 2
max_replications = 9
"""


def test_precision_mode_stops_as_soon_as_the_target_is_met(write_experiment, tmp_path):
    loose = sweep(write_experiment(PRECISION.format(target=1.0)), tmp_path / "loose")
    assert loose.replications == {"baseline": 3, "old_compound": 3}
    assert bool(loose.precision["met"].all())

    never = sweep(write_experiment(PRECISION.format(target=1e-9), "never.toml"), tmp_path / "never")
    assert never.replications == {"baseline": 9, "old_compound": 9}
    assert not never.precision["met"].any()
    assert load_results(tmp_path / "never")["replication"].nunique() == 9

    # a target between: it stops at the first batch whose half-width is below the target
    from cogov.experiments.stats import paired_effects, run_summaries

    summaries = run_summaries(load_results(tmp_path / "never"), ["participation_any"], 6)

    def half_width(n: int) -> float:
        sub = summaries[summaries.replication < n]
        return float(paired_effects(sub, "baseline", ["participation_any"])["half_width"][0])

    target = half_width(5) * 1.0001
    expected = next(n for n in (3, 5, 7, 9) if half_width(n) < target)
    assert expected > 3, "the fixture should need more than the first batch"
    mid = sweep(write_experiment(PRECISION.format(target=target), "mid.toml"), tmp_path / "mid")
    assert mid.replications == {"baseline": expected, "old_compound": expected}
    assert bool(mid.precision["met"].all()) and "target met" in mid.text()


def test_plan_interleaves_scenarios_and_shares_seeds(write_experiment):
    plan = make_plan(load_experiment(write_experiment(FAKE_EXPERIMENT)))
    tasks = plan.tasks(2)
    assert [t.scenario for t in tasks[:3]] == ["baseline", "old_compound", "commodity_estate"]
    assert len({t.run_id for t in tasks}) == len(tasks) == 2 * 2 * 3
    assert {t.seed for t in tasks if t.replication == 1} == {replication_seeds(7, 2)[1]}
    assert tasks[3].model.community.community_workers == 15


def test_a_bounded_submission_window_still_runs_everything(write_experiment, tmp_path, monkeypatch):
    import cogov.experiments.replication as replication

    path = write_experiment(FAKE_EXPERIMENT)
    sweep(path, tmp_path / "wide")
    monkeypatch.setattr(replication, "MAX_IN_FLIGHT", 2)
    narrow = sweep(path, tmp_path / "narrow", workers=2)
    assert narrow.finished == 18
    pd.testing.assert_frame_equal(
        load_results(tmp_path / "narrow"), load_results(tmp_path / "wide")
    )


def test_scenario_files_are_found_relative_to_the_experiment(write_experiment, tmp_path):
    (tmp_path / "busy.toml").write_text(
        'extends = "baseline"\n[community]\ncommunity_workers = 30\n', encoding="utf-8"
    )
    path = write_experiment(FAKE_EXPERIMENT.replace('"commodity_estate"', '"busy.toml"'))
    summary = sweep(path, tmp_path / "out", replications=1)
    assert summary.ok
    frame = load_results(tmp_path / "out")
    assert list(frame["scenario"].unique()) == ["baseline", "old_compound", "busy"]
    meta = read_run_metadata(tmp_path / "out" / "runs" / "busy__p00000__r0000.parquet")
    # the design point overrides the file's value; the file's other settings are kept
    assert meta["params"]["community"]["community_workers"] == 5
    assert meta["params"]["name"] == "busy"
