"""Sweeps under killed parents, two writers, broken files and stale state (issue 12)."""

from __future__ import annotations

import fcntl
import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pandas as pd
import psutil
import pytest

from cogov.cli import main
from cogov.errors import InputError
from cogov.experiments.atomic import file_mode
from cogov.experiments.ledger import BROKEN_SUFFIX
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import LOCK, MANIFEST, load_manifest, load_results, run_files

from .conftest import FAKE_EXPERIMENT
from .fakes import fake_simulate

TESTS = Path(__file__).resolve().parents[1]


def sweep(path, out, **kw):
    kw.setdefault("workers", 0)
    kw.setdefault("simulate", fake_simulate)
    return run_sweep(path, out, progress=False, **kw)


def _tree(root: Path) -> dict[str, bytes]:
    return {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}


def test_a_second_sweep_into_a_folder_in_use_is_refused_and_changes_nothing(
    write_experiment, tmp_path
):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    before = _tree(out)
    fd = os.open(out / LOCK, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)  # what a running sweep holds
        with pytest.raises(InputError, match="another sweep is writing into this folder"):
            sweep(path, out, replications=4)
        # a sweep of another experiment is refused the same way, before its identity is read
        other = write_experiment(
            FAKE_EXPERIMENT.replace("master_seed = 7", "master_seed = 8"), name="other.toml"
        )
        with pytest.raises(InputError, match="another sweep is writing"):
            sweep(other, out)
    finally:
        os.close(fd)
    assert _tree(out) == before
    # once the lock is free, the same command goes on (and tops up)
    assert sweep(path, out, replications=4).finished == 3 * 2 * 1


def test_stale_running_entries_are_marked_interrupted_on_resume(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    manifest = json.loads((out / MANIFEST).read_text())
    manifest["sweeps"][0]["status"] = "running"  # as a SIGKILLed sweep leaves it
    (out / MANIFEST).write_text(json.dumps(manifest))
    summary = sweep(path, out)
    first, second = load_manifest(out)["sweeps"]
    assert first["status"] == "interrupted" and "killed" in first["note"]
    assert second["status"] == "complete"
    assert any("marked interrupted" in w for w in summary.warnings)


def test_a_truncated_run_file_is_set_aside_and_run_again(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    whole = load_results(out)
    victim = run_files(out)[3]
    data = victim.read_bytes()
    victim.write_bytes(data[: len(data) // 2])
    with pytest.raises(InputError, match="cannot be read"):  # no ArrowInvalid traceback
        load_results(out)

    summary = sweep(path, out)
    assert summary.finished == 1 and summary.skipped == 17
    assert any(victim.name in w and "set aside" in w for w in summary.warnings)
    assert victim.with_name(victim.name + BROKEN_SUFFIX).read_bytes() == data[: len(data) // 2]
    pd.testing.assert_frame_equal(load_results(out), whole)


def test_a_run_file_with_missing_rows_is_not_counted_done(write_experiment, tmp_path):
    import pyarrow.parquet as pq

    path = write_experiment(FAKE_EXPERIMENT)
    out = tmp_path / "out"
    sweep(path, out)
    whole = load_results(out)
    victim = run_files(out)[0]
    table = pq.read_table(victim)
    pq.write_table(table.slice(0, 5), victim)  # readable, but 5 of its 12 rows
    summary = sweep(path, out)
    assert summary.finished == 1
    pd.testing.assert_frame_equal(load_results(out), whole)


def test_every_output_file_has_one_mode(write_experiment, tmp_path):
    path = write_experiment(FAKE_EXPERIMENT.replace("replications = 3", "replications = 1"))
    out = tmp_path / "out"
    sweep(path, out)
    modes = {p.relative_to(out).as_posix(): p.stat().st_mode & 0o777 for p in out.rglob("*.*")}
    assert set(modes.values()) == {file_mode()}, modes
    assert len(modes) > 5


def _descendants_gone(pids: list[psutil.Process], within: float) -> list[int]:
    """Wait up to ``within`` seconds; return the pids still alive (zombies count as gone)."""
    end = time.monotonic() + within
    alive = pids
    while time.monotonic() < end:
        alive = [p for p in alive if p.is_running() and p.status() != psutil.STATUS_ZOMBIE]
        if not alive:
            return []
        time.sleep(0.2)
    return [p.pid for p in alive]


SWEEP_CODE = """
import sys
sys.path.insert(0, {tests!r})
from experiments.fakes import slow_simulate
from cogov.cli import sigterm_as_interrupt
from cogov.experiments.sweep import run_sweep
try:
    with sigterm_as_interrupt():
        run_sweep({exp!r}, {out!r}, workers=2, simulate=slow_simulate, progress=False)
except KeyboardInterrupt:
    sys.exit(130)
"""


def _start_sweep(tmp_path: Path, write_experiment) -> tuple[subprocess.Popen, list, Path]:
    """Start a sweep of slow runs on 2 workers in a child process; wait for its workers."""
    exp = write_experiment(FAKE_EXPERIMENT.replace("replications = 3", "replications = 40"))
    out = tmp_path / "out"
    code = SWEEP_CODE.format(tests=str(TESTS), exp=str(exp), out=str(out))
    proc = subprocess.Popen([sys.executable, "-c", code], stderr=subprocess.DEVNULL)
    parent = psutil.Process(proc.pid)
    deadline = time.monotonic() + 180  # 2 shared cores may be very busy
    while time.monotonic() < deadline:
        kids = parent.children(recursive=True)
        if len(kids) >= 4 and len(run_files(out)) >= 2:  # tracker, forkserver, 2 workers
            return proc, kids, out
        time.sleep(0.2)
    proc.kill()
    pytest.fail("the sweep did not start its workers")


@pytest.mark.slow
def test_killing_only_the_parent_leaves_no_process_behind(tmp_path, write_experiment):
    proc, kids, _ = _start_sweep(tmp_path, write_experiment)
    proc.send_signal(signal.SIGKILL)  # what the OOM killer does
    proc.wait()
    left = _descendants_gone(kids, within=10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"


@pytest.mark.slow
def test_sigterm_is_handled_like_ctrl_c(tmp_path, write_experiment):
    proc, kids, out = _start_sweep(tmp_path, write_experiment)
    proc.send_signal(signal.SIGTERM)  # what kill, SLURM and docker stop send
    assert proc.wait(timeout=120) == 130
    left = _descendants_gone(kids, within=10)
    for pid in left:
        os.kill(pid, signal.SIGKILL)
    assert not left, f"processes left behind: {left}"
    (entry,) = load_manifest(out)["sweeps"]
    assert entry["status"] == "interrupted"
    # a run written just as the signal came may be on disk and not yet counted
    assert len(run_files(out)) - 1 <= entry["runs_finished"] <= len(run_files(out))
    assert entry["runs_finished"] >= 1


# --- nothing is written outside the output folder --------------------------------------------


def test_run_sweep_and_report_write_only_into_their_output_folder(
    write_experiment, tmp_path, monkeypatch, capsys
):
    monkeypatch.chdir(tmp_path)
    exp = write_experiment(FAKE_EXPERIMENT.replace("replications = 3", "replications = 1"))
    before = set(_tree(tmp_path))

    def new_files() -> set[str]:
        return set(_tree(tmp_path)) - before

    argv = ["run", "baseline", "--steps", "2", "--no-figure", "--out", "a"]
    assert main([*argv, "--set", "structure.households_per_community=200"]) == 0
    assert new_files() and all(f.startswith("a/") for f in new_files())

    sweep(exp, tmp_path / "b")
    assert all(f.startswith(("a/", "b/")) for f in new_files())

    swept = new_files()
    assert main(["report", "b", "--out", "c"]) == 0, capsys.readouterr().err
    made = new_files() - swept
    assert any(f.startswith("c/") for f in made)
    assert all(f.startswith("c/") for f in made), made  # not even a cache in the sweep's folder
