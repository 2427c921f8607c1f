"""Outcomes per 10,000 yuan: in the report, and by what a scenario spends on its mechanisms."""

from __future__ import annotations

import pandas as pd
import pytest

from cogov.experiments.report import write_report
from cogov.experiments.runner import run_sweep
from cogov.experiments.stats import (
    MECHANISMS_SPENDING,
    effects_per_10k_yuan,
    with_mechanism_spending,
)

from .fakes import money_simulate


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


def test_the_report_shows_outcomes_per_10k_yuan(write_experiment, tmp_path):
    path = write_experiment(
        """
        scenarios = ["baseline", "old_compound", "commodity_estate"]
        replications = 3
        master_seed = 7
        steps = 8
        summary_weeks = 4
        outputs = ["needs_resolved", "spending_total_yuan"]

        [overrides]
        "structure.households_per_community" = 200
        """
    )
    out = tmp_path / "out"
    assert run_sweep(path, out, workers=0, simulate=money_simulate, progress=False).ok
    text = write_report(out).markdown.read_text()
    assert "## Outcomes per 10,000 yuan" in text
    section = text.split("## Outcomes per 10,000 yuan", 1)[1].splitlines()
    line = next(x for x in section if x.startswith("| `needs_resolved` | old_compound"))
    assert "5,200" in line or "5200" in line  # 100 yuan a week = 5,200 a year
    # 2 more needs a week for 5,200 yuan a year: 2 / 0.52 ≈ 3.846 per 10,000 yuan
    assert "3.846" in line
    same = next(x for x in section if x.startswith("| `needs_resolved` | commodity_estate"))
    assert "no extra cost" in same
