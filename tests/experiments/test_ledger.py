"""The run ledger: one record per run, done or failed, written and read one way."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from cogov.experiments.ledger import RunLedger, RunStatus, SweepStatus, read_run_metadata
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import load_manifest, sweep_status

from .conftest import FAKE_EXPERIMENT
from .fakes import failing_simulate, fake_simulate


def _identity(run_id="base__p00000__r0000"):
    return {"run_id": run_id, "scenario": "base", "point": 0, "replication": 0, "seed": 42}


def _frame():
    return pd.DataFrame({"run_id": "base__p00000__r0000", "step": [1, 2], "y": [0.5, 0.25]})


def test_done_and_failed_are_recorded_and_read_back(tmp_path):
    ledger = RunLedger(tmp_path)
    ledger.prepare()
    rid = "base__p00000__r0000"
    assert ledger.status(rid) is None
    ledger.record(RunStatus.FAILED, {**_identity(), "error": "RuntimeError: boom"})
    assert ledger.status(rid) is RunStatus.FAILED
    assert ledger.ids(RunStatus.FAILED) == {rid} and ledger.ids(RunStatus.DONE) == set()
    (record,) = ledger.failures()
    assert record["seed"] == 42 and record["status"] == "failed"

    path = ledger.record(RunStatus.DONE, {**_identity(), "wall_time_s": 1.5}, _frame())
    assert path == tmp_path / "runs" / f"{rid}.parquet"
    assert ledger.status(rid) is RunStatus.DONE
    assert ledger.failed_ids() == set()  # a success clears the failure: one record per run
    meta = read_run_metadata(path)
    assert meta["status"] == "done" and meta["wall_time_s"] == 1.5
    assert ledger.records(RunStatus.DONE) == [meta]
    pd.testing.assert_frame_equal(pd.read_parquet(path), _frame())


def test_a_failure_never_removes_a_finished_run(tmp_path):
    ledger = RunLedger(tmp_path)
    ledger.record(RunStatus.DONE, _identity(), _frame())
    ledger.record(RunStatus.FAILED, {**_identity(), "error": "late"})
    assert ledger.ids(RunStatus.DONE) == {"base__p00000__r0000"}
    assert ledger.status("base__p00000__r0000") is RunStatus.DONE


def test_encode_is_pure_and_a_finished_run_needs_its_table(tmp_path):
    data = RunLedger.encode(RunStatus.FAILED, _identity())
    assert json.loads(data)["status"] == "failed"
    assert list(tmp_path.iterdir()) == []
    with pytest.raises(ValueError, match="table"):
        RunLedger.encode(RunStatus.DONE, _identity())


def test_prepare_removes_leftover_temporary_files(tmp_path):
    ledger = RunLedger(tmp_path)
    ledger.prepare()
    (tmp_path / "runs" / ".tmp-x.parquet.abc").write_bytes(b"half")
    (tmp_path / "failed" / ".tmp-y.json.abc").write_bytes(b"half")
    assert ledger.ids(RunStatus.DONE) == set()
    ledger.prepare()
    assert not list((tmp_path / "runs").iterdir()) and not list((tmp_path / "failed").iterdir())


def test_status_values_are_the_strings_old_folders_hold():
    assert [s.value for s in RunStatus] == ["done", "failed"]
    assert [s.value for s in SweepStatus] == ["running", "complete", "failed runs", "interrupted"]
    assert sweep_status({"status": "failed runs"}) is SweepStatus.FAILED_RUNS
    assert sweep_status({}) is None


def test_a_failed_run_is_retried_and_recorded_once(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"

    def sweep(simulate):
        return run_sweep(path, out, workers=0, simulate=simulate, progress=False)

    first = sweep(failing_simulate)
    ledger = RunLedger(out)
    failed = ledger.failed_ids()
    assert failed and failed == {r["run_id"] for r in first.failed}
    again = sweep(failing_simulate)  # retried, fails again: still one record per run
    assert again.finished == 0 and len(again.failed) == len(failed)
    assert ledger.failed_ids() == failed and len(list((out / "failed").iterdir())) == len(failed)
    assert not failed & ledger.done_ids()
    assert [sweep_status(s) for s in load_manifest(out)["sweeps"]] == [SweepStatus.FAILED_RUNS] * 2

    fixed = sweep(fake_simulate)
    assert fixed.ok and fixed.finished == len(failed)
    assert ledger.failed_ids() == set() and {ledger.status(r) for r in failed} == {RunStatus.DONE}
    assert sweep_status(load_manifest(out)["sweeps"][-1]) is SweepStatus.COMPLETE
