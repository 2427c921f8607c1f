"""Same scenario, parameters and seed: identical outputs, also across processes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pandas as pd
import pytest
from pandas.testing import assert_frame_equal

from cogov import simulate

SMALL = {"structure.households_per_community": 500}


def test_same_seed_same_output_in_process():
    a = simulate("baseline", steps=30, seed=11, overrides=SMALL)
    b = simulate("baseline", steps=30, seed=11, overrides=SMALL)
    assert_frame_equal(a.timeseries, b.timeseries)
    assert_frame_equal(a.grids, b.grids)
    assert_frame_equal(a.groups, b.groups)


def test_different_seeds_differ():
    a = simulate("baseline", steps=10, seed=1, overrides=SMALL)
    b = simulate("baseline", steps=10, seed=2, overrides=SMALL)
    assert not a.timeseries.equals(b.timeseries)


SCRIPT = """
import sys
from cogov import simulate
r = simulate("baseline", steps=30, seed=11, overrides={"structure.households_per_community": 500})
r.timeseries.to_parquet(sys.argv[1])
"""


@pytest.mark.parametrize("hashseed", ["0", "12345"])
def test_same_seed_same_output_in_separate_processes(tmp_path: Path, hashseed: str):
    outs = []
    for i, hs in enumerate(("1", hashseed)):
        out = tmp_path / f"run{i}.parquet"
        subprocess.run(
            [sys.executable, "-c", SCRIPT, str(out)],
            check=True,
            env={"PYTHONHASHSEED": hs, "PATH": "/usr/bin:/bin"},
        )
        outs.append(pd.read_parquet(out))
    assert_frame_equal(outs[0], outs[1])
    in_process = simulate("baseline", steps=30, seed=11, overrides=SMALL).timeseries
    assert_frame_equal(outs[0], in_process)
