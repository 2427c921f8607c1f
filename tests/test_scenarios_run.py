"""Every shipped scenario runs a few steps."""

from __future__ import annotations

import pytest

from cogov import simulate
from cogov.metrics import OUTCOMES
from cogov.scenario import list_scenarios


@pytest.mark.parametrize("name", [name for name, _ in list_scenarios()])
def test_scenario_runs(name):
    r = simulate(name, steps=3, overrides={"structure.households_per_community": 300})
    assert len(r.timeseries) == 3
    assert set(OUTCOMES) <= set(r.timeseries.columns)
