"""Money is real: the budget scales with the community, and what is unpaid does not happen.

Each rule of :data:`cogov.money.RULES` is tested by cutting it: a community with no money
for a mechanism must behave exactly as if the mechanism's paid part were switched off
(same seeds, so the same population and draws), while a community that can pay shows
the mechanism's effect. Activities are free in these runs (``activity_cost_yuan = 0``) so
that the budget goes only to the mechanism under test.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pandas as pd
import pytest

from cogov import build_model
from cogov.experiments.stats import effects_per_10k_yuan
from cogov.money import FUND_OF, RULES, Fund, Spending, WhenShort, exhaustion_weeks
from cogov.params import SHANGHAI, CommunityParams

SMALL: dict[str, Any] = {
    "structure.households_per_community": 600,
    "structure.households_per_grid": 300,
    "community.activity_cost_yuan": 0.0,
}
SEEDS = (3, 4, 5)
STEPS = 40
GRID = {"mechanisms.grid_management.enabled": True}
MONEY_PREFIXES = ("spending_", "shortfall_", "money_", "budget_", "income_")


def run(scenario: str, seed: int, steps: int = STEPS, **overrides: Any):
    """One run of a small community: (timeseries, model)."""
    model = build_model(scenario, {**SMALL, **overrides}, seed=seed)
    for _ in range(steps):
        model.step()
    return model.timeseries(), model


def outcomes(ts: pd.DataFrame, *drop: str) -> pd.DataFrame:
    """The time series without money columns (and ``drop``)."""
    keep = [c for c in ts.columns if not c.startswith(MONEY_PREFIXES) and c not in drop]
    return ts[keep]


# ----------------------------------------------------------------- the budget
def test_budget_scales_with_households_above_the_floor_or_is_set():
    p = CommunityParams()
    assert p.budget_yuan_per_year is None
    assert p.budget_for(3000) == 200_000.0  # the default community keeps its budget
    assert p.budget_for(600) == p.budget_floor_yuan_per_year == 100_000.0  # the floor
    assert p.budget_for(6000) == pytest.approx(2 * p.budget_for(3000))  # proportional
    assert CommunityParams(budget_yuan_per_year=5000.0).budget_for(6000) == 5000.0
    big = build_model("baseline", {"structure.households_per_community": 4500}, seed=1)
    small = build_model("baseline", {"structure.households_per_community": 600}, seed=1)
    assert big.organisations[0].budget_year == pytest.approx(300_000.0)
    assert small.organisations[0].budget_year == 100_000.0
    assert build_model("baseline", seed=1).organisations[0].budget_year == 200_000.0


def test_the_floor_quotes_the_shanghai_reform():
    field = CommunityParams.model_fields["budget_floor_yuan_per_year"]
    extra = field.json_schema_extra
    assert extra["seed_file"] == SHANGHAI and extra["source_class"] == "seed"
    assert extra["seed_passage"] == "社区工作经费每年不低于10万元"


def test_each_fund_pays_its_own_items_and_runs_short_alone():
    # The two funds of the Shanghai reform: an empty service fund stops activities and
    # point redemptions but not the mechanisms' running costs, and an empty work fund the
    # reverse (so a mechanism's running cost cannot displace residents' activities).
    assert set(FUND_OF) == set(Spending)
    paid = {"community.activity_cost_yuan": 6.0}
    no_service, _ = run(
        "full_reform",
        3,
        **paid,
        **{
            "community.service_fund_yuan_per_year": 0.0,
            "mechanisms.dual_reporting.unit_yuan_per_year": 0.0,
        },
    )
    no_work, _ = run("full_reform", 3, **paid, **{"community.budget_yuan_per_year": 0.0})
    funded, _ = run("full_reform", 3, **paid)
    used = [item for item in Spending if funded[item.column].sum() > 0]  # items it buys
    assert {FUND_OF[item] for item in used} == set(Fund)
    for ts, empty in ((no_service, Fund.SERVICE), (no_work, Fund.WORK)):
        for item in used:
            assert bool(ts[item.column].sum() > 0.0) == (FUND_OF[item] is not empty), item
    assert no_service["meetings_held"].sum() > 0 and no_work["meetings_held"].sum() == 0
    # units' contributions go to the service fund: they alone pay activities when it is empty
    units, _ = run("full_reform", 3, **paid, **{"community.service_fund_yuan_per_year": 0.0})
    service = [s.column for s in Spending if FUND_OF[s] is Fund.SERVICE]
    assert 0 < units[service].sum().sum() <= units["income_units_yuan"].sum() + 1e-6


def test_every_item_has_a_declared_rule():
    assert set(RULES) == set(Spending)
    assert RULES[Spending.MEETINGS] is WhenShort.ALL_OR_NOTHING
    assert RULES[Spending.ACTIVITIES] is WhenShort.SHRINK


# ----------------------------------------------------------------- the rules
@pytest.mark.parametrize("seed", SEEDS)
def test_an_unpaid_meeting_is_not_held_and_does_nothing(seed):
    # No money: no meeting is held; the run is the one in which meetings settle nothing
    # and raise nothing (the other pathways of the committee are unpaid and still act).
    ts, model = run("big_party_committee", seed, **{"community.budget_yuan_per_year": 0.0})
    cut, _ = run(
        "big_party_committee",
        seed,
        **{
            "community.budget_yuan_per_year": 0.0,
            "mechanisms.big_party_committee.meeting_cost_yuan": 0.0,
            "mechanisms.big_party_committee.issues_per_meeting": 0,
            "mechanisms.big_party_committee.information_flow": 0.0,
        },
    )
    paid, _ = run("big_party_committee", seed)
    assert (ts["meetings_held"] == 0).all() and (ts["disputes_settled_by_meeting"] == 0).all()
    assert ts["spending_total_yuan"].sum() == 0.0
    assert ts["shortfall_meetings_yuan"].sum() == 600.0 * (STEPS // 4)
    pd.testing.assert_frame_equal(outcomes(ts, "meetings_held"), outcomes(cut, "meetings_held"))
    # ... whereas a funded committee holds its meetings, and they settle disputes
    assert paid["meetings_held"].sum() == STEPS // 4
    assert paid["disputes_settled_by_meeting"].sum() > 0


def test_a_budget_for_a_few_meetings_holds_only_those():
    budget = 1900.0  # three meetings of 600 yuan, not a fourth (no partial meeting)
    ts, model = run("big_party_committee", 3, **{"community.budget_yuan_per_year": budget})
    assert ts["meetings_held"].sum() == 3
    assert np.allclose(ts["spending_meetings_yuan"], 600.0 * ts["meetings_held"])
    assert ts["spending_total_yuan"].sum() <= budget
    held = ts["meetings_held"] > 0
    assert (ts.loc[~held, "disputes_settled_by_meeting"] == 0).all()
    assert model.organisations[0].fund_left[Fund.WORK] == pytest.approx(budget - 1800.0)


@pytest.mark.parametrize("seed", SEEDS)
def test_an_unpaid_three_list_platform_leaves_dispatch_ad_hoc(seed):
    ts, model = run("three_lists", seed, **{"community.budget_yuan_per_year": 0.0})
    base, base_model = run("baseline", seed, **{"community.budget_yuan_per_year": 0.0})
    paid, paid_model = run("three_lists", seed)
    assert model.last_week.services.policy.name == base_model.last_week.services.policy.name
    assert paid_model.last_week.services.policy.name.startswith("three_lists")
    pd.testing.assert_frame_equal(outcomes(ts), outcomes(base))
    assert (ts["shortfall_three_lists_yuan"] == 100.0).all()
    assert not outcomes(paid).equals(outcomes(base))


@pytest.mark.parametrize("seed", SEEDS)
def test_unpaid_grid_workers_and_leaders_stand_down(seed):
    ts, _ = run("baseline", seed, **GRID, **{"community.budget_yuan_per_year": 0.0})
    base, _ = run("baseline", seed, **{"community.budget_yuan_per_year": 0.0})
    paid, _ = run("baseline", seed, **GRID)
    # patrols back to the community's own workers, appointed leaders not serving: as if
    # the mechanism were off
    pd.testing.assert_frame_equal(outcomes(ts), outcomes(base))
    assert (paid["patrol_coverage_mean"] > base["patrol_coverage_mean"]).all()
    assert (paid["building_leaders"] > base["building_leaders"]).all()
    assert paid["needs_discovered"].sum() > ts["needs_discovered"].sum()


def test_workers_paid_but_not_leaders_when_money_covers_only_the_first():
    # 2 grids × (2 − 1) added workers × 100 yuan a week for 40 weeks = 8,000 yuan; the
    # allowances of the leaders added (1,000 yuan each a week) never fit in what is left.
    budget = 8000.0 + 1.0
    ts, model = run(
        "baseline",
        3,
        **GRID,
        **{
            "community.budget_yuan_per_year": budget,
            "mechanisms.grid_management.leader_allowance_yuan_per_week": 1000.0,
        },
    )
    base, _ = run("baseline", 3)
    assert (ts["patrol_coverage_mean"] > base["patrol_coverage_mean"]).all()  # workers paid
    assert (ts["building_leaders"] == base["building_leaders"]).all()  # leaders not
    assert ts["shortfall_grid_management_yuan"].gt(0).all()


@pytest.mark.parametrize("seed", SEEDS)
def test_unpaid_dual_reporting_paperwork_stops_members_hours(seed):
    no_units = {"mechanisms.dual_reporting.unit_yuan_per_year": 0.0}
    ts, _ = run("dual_reporting", seed, **no_units, **{"community.budget_yuan_per_year": 0.0})
    paid, _ = run("dual_reporting", seed, **no_units)
    never, _ = run("baseline", seed)
    # Unpaid, reported members give no hours through the scheme: in-service members work
    # what they would without it (as volunteers); paid, they work far more.
    unpaid_hours = ts["in_service_hours_worked"].sum()
    assert unpaid_hours <= 1.05 * never["in_service_hours_worked"].sum() + 1.0
    assert paid["in_service_hours_worked"].sum() > 2 * unpaid_hours
    assert ts["shortfall_dual_reporting_yuan"].gt(0).all()


# ----------------------------------------------------------------- what is recorded
def test_asked_is_paid_plus_shortfall_and_spending_stays_within_the_budget():
    overrides = {
        "community.budget_yuan_per_year": 20_000.0,
        "community.service_fund_yuan_per_year": 20_000.0,
        "community.activity_cost_yuan": 6.0,
        "mechanisms.dual_reporting.unit_yuan_per_year": 0.0,
    }
    ts, model = run("full_reform", 3, steps=80, **overrides)
    assert np.allclose(
        ts["money_asked_yuan"], ts["spending_total_yuan"] + ts["money_shortfall_yuan"]
    )
    items = [s.shortfall_column for s in Spending]
    assert np.allclose(ts[items].sum(axis=1), ts["money_shortfall_yuan"])
    assert (ts["budget_left_yuan"] >= -1e-9).all()
    per_year = ts.groupby((ts["step"] - 1) // 52)
    room = 2 * 20_000.0 + per_year["income_units_yuan"].sum()
    assert (per_year["spending_total_yuan"].sum() <= room + 1e-6).all()
    # each fund pays only its own items, within its own amount
    for fund in Fund:
        items = [s.column for s in Spending if FUND_OF[s] is fund]
        income = per_year["income_units_yuan"].sum() if fund is Fund.SERVICE else 0.0
        assert (
            ts.groupby((ts["step"] - 1) // 52)[items].sum().sum(axis=1) <= 20_000.0 + income + 1e-6
        ).all()
    assert (ts[[f.left_column for f in Fund]] >= -1e-9).all().all()
    # the budget runs out in the first year, is renewed in week 53 and runs out again
    out = exhaustion_weeks(ts)
    assert list(out["year"]) == [1, 2]
    first = int(out["step"].iloc[0])
    assert (ts.loc[ts["step"] < first, "money_shortfall_yuan"] == 0).all()
    assert ts.loc[ts["step"] == 53, "budget_left_yuan"].iloc[0] > 0
    # the last week's events name what went unpaid and add up to its shortfall
    events = model.last_week.money.events
    assert sum(e.shortfall_yuan for e in events) == pytest.approx(
        ts["money_shortfall_yuan"].iloc[-1]
    )
    assert {e.rule for e in events} <= set(WhenShort)


def test_a_funded_run_has_no_shortfall():
    ts, _ = run("full_reform", 3, steps=20)
    assert (ts["money_shortfall_yuan"] == 0).all() and (ts["budget_exhausted"] == 0).all()
    assert exhaustion_weeks(ts).empty


# ----------------------------------------------------------------- outcomes per 10,000 yuan
def summaries(extra_per_week: dict[str, list[float]], effect: dict[str, list[float]]):
    rows = []
    for rep in range(3):
        rows.append(
            {
                "scenario": "base",
                "point": 0,
                "replication": rep,
                "y": 1.0 + rep,
                "spending_total_yuan": 1000.0 + 10 * rep,
            }
        )
        for name in extra_per_week:
            rows.append(
                {
                    "scenario": name,
                    "point": 0,
                    "replication": rep,
                    "y": 1.0 + rep + effect[name][rep],
                    "spending_total_yuan": 1000.0 + 10 * rep + extra_per_week[name][rep],
                }
            )
    return pd.DataFrame(rows)


def test_effect_per_10k_yuan_is_the_ratio_of_paired_means_with_an_interval():
    # 10,000/52 yuan a week more is 10,000 yuan a year; effects 2, 3, 4 → 3 per 10,000 yuan
    s = summaries(
        {"dear": [10_000 / 52] * 3, "free": [0.0] * 3}, {"dear": [2, 3, 4], "free": [1, 1, 1]}
    )
    out = effects_per_10k_yuan(s, "base", ["y"]).set_index("scenario")
    assert out.loc["dear", "extra_yuan_per_year"] == pytest.approx(10_000.0)
    assert out.loc["dear", "per_10k_yuan"] == pytest.approx(3.0)
    assert out.loc["dear", "lo"] < 3.0 < out.loc["dear", "hi"]
    assert out.loc["free", "note"] == "no extra cost"
    assert np.isnan(out.loc["free", "per_10k_yuan"])
    assert effects_per_10k_yuan(s.drop(columns="spending_total_yuan"), "base", ["y"]).empty
