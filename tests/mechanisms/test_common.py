"""All mechanisms: registration, documentation, validation, columns, money, no bonuses."""

from __future__ import annotations

import importlib

import numpy as np
import pytest

from cogov import InputError, load_scenario, simulate
from cogov.mechanisms import REGISTRY, enabled_mechanisms
from cogov.params import MechanismsParams

from .conftest import SEEDS, SMALL, run

#: The five urban mechanisms of MODEL.md section 4, all on in ``full_reform``.
URBAN = [
    "dual_reporting",
    "big_party_committee",
    "point_incentives",
    "three_lists",
    "grid_management",
]
#: Every mechanism, in ``ORDER`` (the village's and the street's of issue 11 among them).
NAMES = [
    "burden_reduction",
    "dual_reporting",
    "leader_contact",
    "big_party_committee",
    "big_working_committee",
    "point_incentives",
    "three_lists",
    "grid_management",
    "street_pool",
    "four_deliberations",
    "village_supervision",
    "dedication_day",
    "party_groups",
    "social_organisations",
    "online_channels",
    "professional_workers",
]


def test_every_mechanism_is_registered_in_order():
    assert list(REGISTRY) == NAMES
    assert set(MechanismsParams.model_fields) == set(NAMES)


#: Parameters added to the schema for literals still in the mechanisms' code (issue 9,
#: item 5); LITERALS.md gives the docstring lines that document them when the code uses
#: them. The test below fails once a module documents one: then delete it from here.


@pytest.mark.parametrize("name", NAMES)
def test_module_documents_pathway_parameters_and_practice(name):
    doc = importlib.import_module(f"cogov.mechanisms.{name}").__doc__
    assert "Causal pathway" in doc and "Parameters" in doc and "Field practice" in doc
    # every intensity parameter is named in the module's docstring
    for key in REGISTRY[name].params_model.model_fields:
        if key != "enabled":
            assert key in doc, f"{name}: parameter {key} not documented"


@pytest.mark.parametrize("name", NAMES)
def test_off_by_default_and_switched_on_from_scenario(name):
    assert enabled_mechanisms(load_scenario("baseline")) == []
    sc = load_scenario("baseline", {f"mechanisms.{name}.enabled": True})
    assert [n for n, _ in enabled_mechanisms(sc)] == [name]


@pytest.mark.parametrize(
    ("key", "value", "fragment"),
    [
        ("mechanisms.dual_reporting.evaluation_strength", 1.5, "evaluation_strength"),
        ("mechanisms.big_party_committee.meeting_interval_weeks", 0, "meeting_interval_weeks"),
        ("mechanisms.point_incentives.yuan_per_point", -1, "yuan_per_point"),
        ("mechanisms.three_lists.matching", "fastest", "matching"),
        ("mechanisms.grid_management.grid_workers_per_grid", 11, "grid_workers_per_grid"),
        ("mechanisms.social_organisations.yuan_per_hour", -5, "yuan_per_hour"),
        ("mechanisms.online_channels.use_youth", 1.2, "use_youth"),
        ("mechanisms.professional_workers.vacancy_weeks", 200, "vacancy_weeks"),
        ("mechanisms.point_incentives.points_per_hr", 5, "did you mean 'points_per_hour'"),
    ],
)
def test_bad_intensity_is_a_clear_error(key, value, fragment):
    with pytest.raises(InputError) as err:
        load_scenario("point_incentives", {key: value})
    assert fragment in str(err.value)


def test_points_end_must_follow_start():
    with pytest.raises(InputError, match="end_week"):
        load_scenario("points_withdrawn", {"mechanisms.point_incentives.start_week": 60})


@pytest.mark.parametrize(
    "name",
    [
        "dual_reporting",
        "big_party_committee",
        "point_incentives",
        "three_lists",
        "burden_reduction",
        "party_groups",
        "full_reform",
        "points_withdrawn",
        "social_organisations",
        "online_channels",
        "professional_workers",
    ],
)
def test_shipped_scenario_extends_baseline_and_is_described(name):
    sc = load_scenario(name)
    assert sc.source_files[-2].stem == "baseline"
    first = sc.description.splitlines()[0]
    assert 20 < len(first) < 200 and sc.description_zh
    on = [n for n, _ in enabled_mechanisms(sc)]
    assert on == (
        URBAN
        if name == "full_reform"
        else ["point_incentives"]
        if name == "points_withdrawn"
        else [name]
    )


#: The money items a switched-off mechanism would pay (activities are the community's own).
MECHANISM_MONEY = [
    f"{kind}_{item}_yuan"
    for kind in ("spending", "shortfall")
    for item in ("dual_reporting", "meetings", "points", "three_lists", "grid_management")
]


def test_columns_exist_in_every_run_and_are_zero_when_off():
    """Two years of the baseline (long enough for meetings every 4 weeks, points and units'
    yearly money to show): every mechanism's own columns and money stay at 0; switched on,
    each mechanism's columns move."""
    ts, _ = run("baseline", SEEDS[0])
    for name, cls in REGISTRY.items():
        assert set(cls.columns) <= set(ts.columns), name
        assert (ts[list(cls.columns)] == 0).all().all(), name
    assert (ts[MECHANISM_MONEY] == 0).all().all()
    assert (ts["income_units_yuan"] == 0).all()
    for name in ("dual_reporting", "big_party_committee", "point_incentives", "party_groups"):
        on, _ = run(name, SEEDS[0])
        moved = [c for c in REGISTRY[name].columns if (on[c].fillna(0) != 0).any()]
        assert moved, f"{name}: no column of its own moves when it is on"


def test_spending_items_add_up_to_total_and_stay_within_budget():
    ts, model = run("full_reform", 11)
    items = [c for c in ts.columns if c.startswith("spending_") and c != "spending_total_yuan"]
    assert np.allclose(ts[items].sum(axis=1), ts["spending_total_yuan"])
    for item in (
        "spending_points_yuan",
        "spending_meetings_yuan",
        "spending_dual_reporting_yuan",
        "spending_three_lists_yuan",
        "spending_grid_management_yuan",
    ):
        assert ts[item].sum() > 0, item
    # spending within the yearly budget plus units' contributions
    per_year = ts.groupby((ts["step"] - 1) // 52)
    room = model.organisations[0].budget_year + per_year["income_units_yuan"].sum()
    assert (per_year["spending_total_yuan"].sum() <= room + 1e-6).all()


ZERO_INTENSITY = {
    "dual_reporting": {
        "units_reporting_share": 0.0,
        "member_report_share": 0.0,
        "admin_yuan_per_member_year": 0.0,
    },
    "big_party_committee": {
        "coopt_property_firms": False,
        "coopt_owners_committees": False,
        "coopt_paired_units": False,
        "coopt_police": False,
        "coopt_social_organisations": False,
        "meeting_cost_yuan": 0.0,
        "information_flow": 0.0,
        "firm_pressure": 0.0,
    },
    "point_incentives": {"points_per_hour": 0.0, "points_per_activity": 0.0, "recognition": 0.0},
    "grid_management": {
        "grid_workers_per_grid": 1.0,
        "patrol_households_per_week": 60.0,
        "building_leader_share": 0.0,
    },
    "social_organisations": {"contracted_hours_per_week": 0.0},
    "online_channels": {
        "weekly_post_rate": 0.0,
        "desk_dispatch_hours_per_need": 0.3,
        "seen_trust_weight": 0.0,
        "platform_yuan_per_week": 0.0,
    },
    "professional_workers": {
        "success_per_competence": 0.0,
        "hours_saving_per_competence": 0.0,
        "vacancy_weeks": 0,
    },
    "street_pool": {"staff": 0},
    "big_working_committee": {"extra_hours_per_unit": 0.0, "pool_across_street": False},
    "leader_contact": {
        "department_hours_per_week": 0.0,
        "yuan_per_year": 0.0,
        "reporting_hours_per_week": 0.0,
    },
    "dedication_day": {"hours_per_member": 0.0, "cost_yuan_per_day": 0.0},
}


@pytest.mark.parametrize("name", sorted(ZERO_INTENSITY))
def test_mechanism_at_zero_intensity_changes_no_outcome(name):
    """Mechanisms act only through state: with nothing to act with, outcomes are unchanged."""
    over = {
        **SMALL,
        f"mechanisms.{name}.enabled": True,
        **{f"mechanisms.{name}.{k}": v for k, v in ZERO_INTENSITY[name].items()},
    }
    on = simulate("baseline", steps=30, seed=5, overrides=over).timeseries
    off = simulate("baseline", steps=30, seed=5, overrides=SMALL).timeseries
    own = set(REGISTRY[name].columns)
    shared = [c for c in off.columns if c not in own]
    np.testing.assert_allclose(
        on[shared].to_numpy(float), off[shared].to_numpy(float), equal_nan=True
    )
