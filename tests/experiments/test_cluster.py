"""Sweeps on Dask: `--scheduler local[:N]` starts a LocalCluster; bad addresses exit 2."""

from __future__ import annotations

import pandas as pd
import pytest

from cogov.errors import InputError
from cogov.experiments import executors, sweep
from cogov.experiments.cli import main
from cogov.experiments.runner import run_sweep
from cogov.experiments.store import load_results, run_files

distributed = pytest.importorskip("distributed")


class RecordingCluster(distributed.LocalCluster):
    """A LocalCluster that notes whether it was closed."""

    instances: list[RecordingCluster] = []

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("host", "127.0.0.1")
        super().__init__(*args, **kwargs)
        self.started_workers = len(self.workers)
        self.closed_by_cogov = False
        RecordingCluster.instances.append(self)

    def close(self, *args, **kwargs):
        self.closed_by_cogov = True
        return super().close(*args, **kwargs)


@pytest.fixture
def recording_cluster(monkeypatch):
    RecordingCluster.instances = []
    monkeypatch.setattr(distributed, "LocalCluster", RecordingCluster)
    return RecordingCluster.instances


@pytest.mark.slow
def test_local_cluster_gives_the_process_pools_results_and_is_closed(
    tmp_path, capsys, recording_cluster
):
    pool, dask = tmp_path / "pool", tmp_path / "dask"
    assert main(["sweep", "smoke", "--out", str(pool), "--workers", "2", "--no-progress"]) == 0
    args = ["sweep", "smoke", "--out", str(dask), "--scheduler", "local:2", "--no-progress"]
    assert main(args) == 0
    assert "12 run now, 0 failed" in capsys.readouterr().out
    (cluster,) = recording_cluster
    assert cluster.started_workers == 2 and cluster.closed_by_cogov
    pd.testing.assert_frame_equal(load_results(dask), load_results(pool))


@pytest.mark.slow
def test_an_interrupted_cluster_sweep_closes_the_cluster_and_keeps_finished_runs(
    tmp_path, monkeypatch, recording_cluster
):
    class InterruptingBar:
        """Stands in for the progress bar: Ctrl+C after the third finished run."""

        def __init__(self, total, *_):
            self.total, self.n = total, 0

        def update(self, k):
            self.n += k
            if self.n == 3:
                raise KeyboardInterrupt

        def set_postfix(self, **_):
            pass

        def refresh(self):
            pass

        def close(self):
            pass

    monkeypatch.setattr(sweep, "_progress_bar", InterruptingBar)
    out = tmp_path / "out"
    with pytest.raises(KeyboardInterrupt):
        run_sweep("smoke", out, scheduler="local:2", progress=False)
    (cluster,) = recording_cluster
    assert cluster.closed_by_cogov and cluster.status.name == "closed"
    kept = len(run_files(out))
    assert kept >= 3
    monkeypatch.undo()
    summary = run_sweep("smoke", out, workers=0, progress=False)
    assert summary.skipped == kept and summary.finished == 12 - kept


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("local:0", "allowed: local, local:N with N a whole number >= 1"),
        ("local:two", "allowed: local, local:N with N a whole number >= 1"),
        ("localhost:8786", "allowed: local, local:N, or a Dask scheduler address"),
    ],
)
def test_a_wrong_scheduler_value_is_a_clear_message_and_status_2(tmp_path, capsys, value, message):
    out = tmp_path / "out"
    assert main(["sweep", "smoke", "--out", str(out), "--scheduler", value]) == 2
    err = capsys.readouterr().err  # after the plan's one-line summary, the error
    assert f"cogov: error: --scheduler has value '{value}'" in err and message in err
    assert "Traceback" not in err and not out.exists()


def test_an_unreachable_scheduler_is_a_clear_message_and_status_2(tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(executors, "CONNECT_TIMEOUT", "1s")
    out = tmp_path / "out"
    assert main(["sweep", "smoke", "--out", str(out), "--scheduler", "tcp://127.0.0.1:9"]) == 2
    err = capsys.readouterr().err
    assert "cogov: error: cannot reach the Dask scheduler at tcp://127.0.0.1:9" in err
    assert "dask scheduler" in err and "Traceback" not in err and not out.exists()


def test_a_cluster_that_fails_to_start_is_a_clear_message_and_status_2(
    tmp_path, capsys, monkeypatch
):
    def broken(*args, **kwargs):
        raise RuntimeError("Nanny failed to start")

    monkeypatch.setattr(distributed, "LocalCluster", broken)
    out = tmp_path / "out"
    assert main(["sweep", "smoke", "--out", str(out), "--scheduler", "local"]) == 2
    err = capsys.readouterr().err
    assert "could not start a local Dask cluster (local): RuntimeError: Nanny failed" in err
    assert not out.exists()


def test_without_distributed_the_message_names_the_extra(monkeypatch):
    import builtins

    real_import = builtins.__import__

    def no_distributed(name, *args, **kwargs):
        if name == "distributed":
            raise ImportError("No module named 'distributed'")
        return real_import(name, *args, **kwargs)

    monkeypatch.setattr(builtins, "__import__", no_distributed)
    with pytest.raises(InputError, match=r"pip install 'cogov\[cluster\]'"):
        with executors.open_executor(scheduler="local:1"):
            pass
