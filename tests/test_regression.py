"""Golden baseline: a short fixed-seed run's outputs are pinned.

When a change of outputs is intended, refresh with ``python tests/golden/refresh.py`` and
say why in the commit message.
"""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pandas as pd
from pandas.testing import assert_frame_equal

from cogov import simulate

HERE = Path(__file__).parent / "golden"


def test_short_baseline_matches_golden():
    spec = importlib.util.spec_from_file_location("refresh", HERE / "refresh.py")
    refresh = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(refresh)
    run = refresh.RUN
    got = simulate(
        run["scenario"], steps=run["steps"], seed=run["seed"], overrides=run["overrides"]
    ).timeseries
    want = pd.read_csv(refresh.GOLDEN)
    got = pd.read_csv(pd.io.common.StringIO(got.to_csv(index=False, float_format="%.10g")))
    missing = [c for c in want.columns if c not in got.columns]
    assert not missing, f"columns lost: {missing}"
    # Columns added since the golden was recorded are new outcomes, not changes.
    assert_frame_equal(got[list(want.columns)], want, check_dtype=False, rtol=1e-9, atol=1e-12)
