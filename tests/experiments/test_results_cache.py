"""`load_results(..., cache=True)`: every run read once, the same table as reading the files."""

from __future__ import annotations

import pandas as pd
import pytest

from cogov.experiments import store
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import RESULTS_CACHE, load_results, run_files

from .conftest import FAKE_EXPERIMENT
from .fakes import fake_simulate

COLUMNS = ["participation_any", "backlog_open"]


@pytest.fixture
def reads(monkeypatch):
    """The run files read from disk, by name."""
    seen = []
    real = store._read_run

    def read(path, columns):
        seen.append(path.name)
        return real(path, columns)

    monkeypatch.setattr(store, "_read_run", read)
    return seen


def sweep(path, out, replications=None):
    summary = run_sweep(
        path, out, workers=0, simulate=fake_simulate, progress=False, replications=replications
    )
    assert summary.ok


def test_runs_are_read_once_and_the_table_is_the_same(write_experiment, tmp_path, reads):
    exp, out = write_experiment(FAKE_EXPERIMENT), tmp_path / "out"
    sweep(exp, out)
    first = load_results(out, COLUMNS, cache=True)
    assert len(reads) == 18 and (out / RESULTS_CACHE).exists()
    pd.testing.assert_frame_equal(first, load_results(out, COLUMNS))
    reads.clear()
    pd.testing.assert_frame_equal(load_results(out, COLUMNS, cache=True), first)
    assert reads == []  # all from the cache

    sweep(exp, out, replications=4)  # 6 more runs
    reads.clear()
    topped = load_results(out, COLUMNS, cache=True)
    assert len(reads) == 6  # only the new ones
    pd.testing.assert_frame_equal(topped, load_results(out, COLUMNS))

    gone = run_files(out)[0]
    gone.unlink()  # a run removed (by hand) is gone from the table too
    reads.clear()
    fewer = load_results(out, COLUMNS, cache=True)
    assert reads == [] and gone.stem not in set(fewer["run_id"])
    pd.testing.assert_frame_equal(fewer, load_results(out, COLUMNS))


def test_a_column_the_cache_lacks_rebuilds_it(write_experiment, tmp_path, reads):
    out = tmp_path / "out"
    sweep(write_experiment(FAKE_EXPERIMENT), out)
    load_results(out, ["participation_any"], cache=True)
    reads.clear()
    both = load_results(out, COLUMNS, cache=True)
    assert len(reads) == 18 and "backlog_open" in both
    pd.testing.assert_frame_equal(load_results(out, cache=True), load_results(out))


def test_a_read_only_folder_is_read_without_the_cache(write_experiment, tmp_path, monkeypatch):
    out = tmp_path / "out"
    sweep(write_experiment(FAKE_EXPERIMENT), out)

    def refuse(path, table):
        raise PermissionError(f"read-only: {path}")

    monkeypatch.setattr(store, "atomic_write_parquet", refuse)
    frame = load_results(out, COLUMNS, cache=True)
    assert not (out / RESULTS_CACHE).exists()
    pd.testing.assert_frame_equal(frame, load_results(out, COLUMNS))
