"""The one replication loop: paired seeds, stable order, executors, progress and cancel."""

from __future__ import annotations

import threading
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from cogov.experiments.executors import open_executor
from cogov.experiments.replication import Replicate, run_replicates, schedule
from cogov.rng import replication_seeds


def test_paired_arms_get_the_same_seed_replication_major():
    runs = schedule(["base", "a", "b"], 4, master_seed=7)
    seeds = replication_seeds(7, 4)
    assert [(r.arm, r.replication) for r in runs[:4]] == [
        ("base", 0),
        ("a", 0),
        ("b", 0),
        ("base", 1),
    ]
    for rep in range(4):
        assert {r.seed for r in runs if r.replication == rep} == {seeds[rep]}
    assert len(set(seeds)) == 4  # different replications differ


def test_schedule_is_stable_under_extension_and_takes_indices():
    short = schedule(["x", "y"], 3, master_seed=11)
    long = schedule(["x", "y"], 5, master_seed=11)
    assert long[: len(short)] == short
    assert schedule(["x", "y"], range(3, 5), master_seed=11) == long[len(short) :]
    assert schedule(["x"], 0, master_seed=1) == []


def _square(rep: Replicate[str]) -> tuple[str, int]:
    return rep.arm, rep.seed % 1000


def test_in_process_runs_in_order_with_progress():
    runs = schedule(["a", "b"], 3, master_seed=2)
    seen = []
    out = list(run_replicates(runs, _square, progress=lambda d, t: seen.append((d, t))))
    assert [item for item, _ in out] == runs
    assert [res for _, res in out] == [(r.arm, r.seed % 1000) for r in runs]
    assert seen == [(i, 6) for i in range(1, 7)]


def test_cancel_stops_before_the_next_run():
    runs = schedule(["a", "b"], 4, master_seed=2)
    calls = []

    def run(rep):
        calls.append(rep)
        return rep.seed

    out = list(run_replicates(runs, run, cancelled=lambda: len(calls) >= 3))
    assert len(out) == len(calls) == 3


@pytest.mark.parametrize("window", [1, 2, 256])
def test_an_executor_gives_the_same_results_whatever_the_window(window):
    runs = schedule(["a", "b", "c"], 5, master_seed=3)
    expected = dict(run_replicates(runs, _square))
    with ThreadPoolExecutor(3) as pool:
        got = dict(run_replicates(runs, _square, executor=pool, max_in_flight=window))
    assert got == expected


def test_a_process_pool_gives_the_in_process_results():
    runs = schedule(["a", "b"], 4, master_seed=5)
    with open_executor(2) as pool:
        got = dict(run_replicates(runs, _square, executor=pool))
    assert got == dict(run_replicates(runs, _square))


def _fails_for_b(rep):
    if rep.arm == "b":
        raise RuntimeError(f"no {rep.replication}")
    return rep.seed


def test_errors_become_results_with_on_error_and_propagate_without():
    runs = schedule(["a", "b"], 2, master_seed=5)
    with ThreadPoolExecutor(2) as pool:
        out = dict(run_replicates(runs, _fails_for_b, executor=pool, on_error=lambda r, e: str(e)))
        assert {out[r] for r in runs if r.arm == "b"} == {"no 0", "no 1"}
        assert all(out[r] == r.seed for r in runs if r.arm == "a")
        with pytest.raises(RuntimeError, match="no "):
            list(run_replicates(runs, _fails_for_b, executor=pool))


def test_closing_the_loop_early_cancels_what_has_not_started():
    runs = schedule(["a"], 6, master_seed=1)
    started = []
    gate = threading.Event()

    def slow(rep):
        started.append(rep.replication)
        gate.wait(5)
        return rep.replication

    with ThreadPoolExecutor(1) as pool:
        loop = run_replicates(runs, slow, executor=pool, max_in_flight=4)
        gate.set()
        first = next(loop)
        loop.close()
        time.sleep(0.05)
    assert first[1] == 0
    assert len(started) < 6  # runs still queued were cancelled, not run
