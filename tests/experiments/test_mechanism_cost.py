"""Per 10,000 yuan measured by what a scenario spends on its mechanisms, not total spending."""

from __future__ import annotations

import pandas as pd
import pytest

from cogov.experiments.stats import (
    MECHANISMS_SPENDING,
    effects_per_10k_yuan,
    with_mechanism_spending,
)


def test_a_mechanism_that_displaces_activities_still_has_a_cost():
    # Budget used up in both arms: total spending equal, the mechanism's own spending 100 a week.
    rows = []
    for rep in range(4):
        rows.append(
            {
                "scenario": "baseline",
                "point": 0,
                "replication": rep,
                "outcome": 1.0,
                "spending_total_yuan": 3000.0,
                "spending_activities_yuan": 3000.0,
            }
        )
        rows.append(
            {
                "scenario": "mech",
                "point": 0,
                "replication": rep,
                "outcome": 1.0 + 0.1 * (rep + 1),
                "spending_total_yuan": 3000.0,
                "spending_activities_yuan": 2900.0,
            }
        )
    summaries = pd.DataFrame(rows)
    total = effects_per_10k_yuan(summaries, "baseline", ["outcome"])
    assert total["note"].iloc[0] == "no extra cost"
    own = effects_per_10k_yuan(
        with_mechanism_spending(summaries), "baseline", ["outcome"], spending=MECHANISMS_SPENDING
    )
    # 100 yuan a week = 5,200 a year = 0.52 units of 10,000; mean effect 0.25
    assert own["per_10k_yuan"].iloc[0] == pytest.approx(0.25 / 0.52)
