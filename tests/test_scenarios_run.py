"""Every shipped scenario runs a year and keeps the model's books."""

from __future__ import annotations

import numpy as np
import pytest

from cogov import build_model
from cogov.ledgers import EXPIRED, HIDDEN, RESOLVED, VOICED
from cogov.metrics import OUTCOMES
from cogov.money import Income
from cogov.scenario import list_scenarios

CORE = ["participation_any", "satisfaction_mean", "trust_rc_mean", "needs_resolved"]


@pytest.mark.parametrize("name", [name for name, _ in list_scenarios()])
def test_scenario_runs_a_year_and_keeps_its_books(name):
    model = build_model(name, {"structure.households_per_community": 400}, seed=3)
    for _ in range(52):
        model.step()
    ts = model.timeseries()
    assert len(ts) == 52 and set(OUTCOMES) <= set(ts.columns)
    # every need raised is open or ended exactly once; the weekly flows add up to the ledger
    led = model.needs
    counts = np.bincount(led.status, minlength=4)
    assert counts[HIDDEN] + counts[VOICED] == ts["backlog_open"].iloc[-1]
    assert counts[RESOLVED] == ts["needs_resolved"].sum()
    assert counts[EXPIRED] == ts["needs_expired"].sum()
    assert len(led) == ts["needs_raised"].sum()
    # core outcomes are defined once the first months have passed
    assert not ts.loc[ts["step"] > 12, CORE].isna().any().any()
    # money: never more spent than the year's budget and the money received
    budget = sum(org.budget_year for org in model.organisations)
    received = sum(ts[source.column].sum() for source in Income)
    assert ts["spending_total_yuan"].sum() <= budget + received + 1e-6
