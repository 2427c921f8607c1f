"""The model: structure, agents and the weekly step."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from cogov import CommunityModel, InputError, build_model
from cogov.agents import (
    CommunityOrganisation,
    OwnersCommittee,
    PairedUnit,
    PartyMember,
    PropertyFirm,
    Resident,
    Volunteer,
)
from cogov.ledgers import EXPIRED, RESOLVED


@pytest.fixture(scope="module")
def default_model() -> CommunityModel:
    return CommunityModel()


def test_default_model_is_the_default_community(default_model):
    m = default_model
    n = len(m.agents_by_type[Resident])
    assert 7000 <= n <= 8000  # ~3,000 households of 2.5
    assert m.layout.n_households == 3000
    assert 6 <= m.layout.n_grids <= 8
    assert m.params.name == "default"


def test_grids_follow_the_urban_standard(default_model):
    """C5: urban grids of 300–500 households."""
    hh = np.bincount(
        default_model.layout.building_grid, weights=default_model.layout.building_households
    )
    assert hh.min() >= 300 and hh.max() <= 500


def test_every_kind_of_agent_can_be_counted_and_inspected(default_model):
    m = default_model
    for cls in (
        Resident,
        PartyMember,
        Volunteer,
        PropertyFirm,
        OwnersCommittee,
        CommunityOrganisation,
        PairedUnit,
    ):
        assert len(m.agents_by_type[cls]) > 0, cls.__name__
    member = m.agents_by_type[PartyMember].to_list()[0]
    assert m.residents.party_member[member.index]
    info = member.summary()
    assert info["party_member"] and info["index"] == member.index
    assert member.resident.index == member.index
    assert isinstance(member.resident, Resident)
    # a volunteer's view reads its own resident's row of the arrays, and sees it change
    res = m.residents
    vol = m.agents_by_type[Volunteer].to_list()[1]
    assert vol.intrinsic == res.intrinsic[vol.index]
    before = res.intrinsic[vol.index]
    res.intrinsic[vol.index] = 0.123
    assert vol.intrinsic == 0.123
    res.intrinsic[vol.index] = before
    firm = m.agents_by_type[PropertyFirm].to_list()[0]
    assert 0 < firm.quality <= 1 and firm.active


def test_roles_are_consistent(default_model):
    r = default_model.residents
    assert not (r.in_service & ~r.party_member).any()
    assert (r.employed[r.in_service]).all()
    members = r.party_member.mean()
    assert 0.06 < members < 0.10
    # in-service members are about 45% of members
    assert 0.35 < r.in_service.sum() / r.party_member.sum() < 0.55


def test_old_compounds_have_no_firm_or_oc(default_model):
    m = default_model
    old = np.flatnonzero(m.layout.compound_kind == 1)
    assert len(old) > 0
    assert (m.firm_of_compound[old] < 0).all()
    assert not any(c in m.oc_of_compound for c in old)


def test_ties_are_symmetric_mostly_within_building(default_model):
    r = default_model.residents
    t = r.ties
    assert (t != t.T).nnz == 0
    assert t.diagonal().sum() == 0
    rows, cols = t.nonzero()
    same = (r.building[rows] == r.building[cols]).mean()
    assert same > 0.7
    assert (r.grid[rows] == r.grid[cols]).all()


def test_build_model_with_overrides_and_seed():
    m = build_model("baseline", {"structure.households_per_community": 400}, seed=9)
    assert m.seed == 9 and m.layout.n_households == 400
    assert m.params.name == "baseline"


def test_batch_run_style_keyword_overrides():
    m = CommunityModel(rng=3, **{"structure.households_per_community": 300, "run.steps": 4})
    assert m.layout.n_households == 300 and m.params.run.steps == 4


def test_step_runs_every_phase(small):
    m = CommunityModel(rng=2, overrides=small)
    for _ in range(30):
        m.step()
    ts = m.timeseries()
    assert list(ts["step"]) == list(range(1, 31))
    assert ts["needs_raised"].sum() > 0
    assert ts["needs_resolved"].sum() > 0
    assert ts["participation_any"].iloc[-1] > 0
    assert ts["disputes_arising"].sum() > 0
    assert (ts["fee_collection_rate"] > 0).all()
    assert m.datacollector.get_model_vars_dataframe()["participation_any"].iloc[
        -1
    ] == pytest.approx(ts["participation_any"].iloc[-1])


def test_grid_and_group_tables(small):
    m = CommunityModel(rng=2, overrides=small)
    for _ in range(5):
        m.step()
    grids, groups = m.grid_table(), m.group_table()
    assert len(grids) == 5 * m.layout.n_grids
    assert set(groups["group"].astype(str)) >= {"all", "elderly", "low_income", "working_age"}
    # per-grid counts add up to the community's
    ts = m.timeseries()
    per_step = grids.groupby("step")[["needs_raised", "needs_resolved", "backlog_open"]].sum()
    np.testing.assert_array_equal(
        per_step["needs_raised"].to_numpy(), ts["needs_raised"].to_numpy()
    )
    np.testing.assert_array_equal(
        per_step["backlog_open"].to_numpy(), ts["backlog_open"].to_numpy()
    )
    all_rows = groups[groups["group"] == "all"]
    np.testing.assert_array_equal(
        all_rows["needs_resolved"].to_numpy(), ts["needs_resolved"].to_numpy()
    )


def test_needs_close_once_and_resolution_time_is_non_negative(small):
    m = CommunityModel(rng=4, overrides=small)
    for _ in range(20):
        m.step()
    led = m.needs
    closed = np.isin(led.status, [RESOLVED, EXPIRED])
    assert ((led.closed_at >= 0) == closed).all()
    assert (led.closed_at[closed] >= led.created[closed]).all()
    with pytest.raises(RuntimeError, match="closed twice"):
        led.close(np.flatnonzero(closed)[:1], EXPIRED, 99)


def test_lower_trust_hides_more_needs(small):
    """Voicing depends on trust in the RC: low trust leaves more needs hidden."""

    def hidden_share(trust):
        m = CommunityModel(rng=1, overrides={**small, "population.trust_rc_mean": trust})
        for _ in range(10):
            m.step()
        ts = m.timeseries()
        return ts["backlog_hidden"].mean() / ts["needs_raised"].mean()

    assert hidden_share(0.2) > hidden_share(0.8) + 0.3


def test_more_needs_than_capacity_means_expiries(small):
    m = CommunityModel(
        rng=1, overrides={**small, "needs.rate_scale": 4.0, "community.community_workers": 1}
    )
    for _ in range(15):
        m.step()
    assert m.timeseries()["needs_expired"].sum() > 50


def test_firm_exit_shock_leaves_compounds_unmanaged():
    m = CommunityModel("firm_exit", rng=5, overrides={"structure.households_per_community": 2000})
    before = len(m.active_firms())
    for _ in range(53):
        m.step()
    ts = m.timeseries()
    assert ts["firm_exits"].iloc[-1] >= round(0.5 * before)
    assert ts["firms_active"].iloc[50] == before


def test_epidemic_raises_needs_and_stops_activities(small):
    base = CommunityModel("baseline", rng=3, overrides=small)
    epi = CommunityModel("epidemic", rng=3, overrides={**small, "shocks.epidemic.start_week": 5})
    for _ in range(15):
        base.step()
        epi.step()
    b, e = base.timeseries(), epi.timeseries()
    during = slice(6, 15)
    assert e["needs_raised"].iloc[during].mean() > 1.2 * b["needs_raised"].iloc[during].mean()
    assert (
        e["spending_activities_yuan"].iloc[during].mean()
        < 0.5 * b["spending_activities_yuan"].iloc[during].mean()
    )
    # before the shock the two runs are identical (common random numbers)
    assert e["needs_raised"].iloc[:4].tolist() == b["needs_raised"].iloc[:4].tolist()


def test_sub_district_of_several_communities():
    m = CommunityModel(
        overrides={"structure.communities": 3, "structure.households_per_community": 500}
    )
    m.step()
    assert len(m.organisations) == 3
    assert set(np.unique(m.residents.community)) == {0, 1, 2}
    assert len(m.paired_units) == 3 * m.params.community.paired_units


# ------------------------------------------------------------------ Mesa's conventions
def test_no_seed_draws_a_fresh_recorded_seed_and_the_seed_repeats_the_run():
    a = CommunityModel(overrides={"structure.households_per_community": 200})
    b = CommunityModel(overrides={"structure.households_per_community": 200})
    assert a.seed != b.seed  # Mesa's convention: no seed, a fresh one
    again = CommunityModel(rng=a.seed, overrides={"structure.households_per_community": 200})
    for m in (a, again):
        for _ in range(3):
            m.step()
    pd.testing.assert_frame_equal(a.timeseries(), again.timeseries())


@pytest.mark.parametrize(
    "make",
    [np.random.default_rng, np.random.SeedSequence, np.random.PCG64, lambda v: [v, 2], np.int64],
    ids=["Generator", "SeedSequence", "BitGenerator", "list", "np.int64"],
)
def test_rng_accepts_what_mesa_accepts_and_the_same_rng_gives_the_same_seed(make):
    """Whatever form Mesa accepts, equal ones give the run the same seed, different ones not."""
    small = {"structure.households_per_community": 200}
    a, again, other = (CommunityModel(rng=make(v), overrides=small) for v in (1, 1, 7))
    assert isinstance(a.seed, int) and a.seed >= 0
    assert a.seed == again.seed != other.seed
    assert np.array_equal(a.residents.willingness, again.residents.willingness)
    assert not np.array_equal(a.residents.willingness, other.residents.willingness)


def test_bad_rng_and_a_mesa_scenario_get_clear_messages():
    from mesa.examples.basic.boltzmann_wealth_model.model import BoltzmannScenario

    with pytest.raises(InputError, match="rng has value -1"):
        CommunityModel(rng=-1)
    with pytest.raises(InputError, match="not a Mesa Scenario"):
        CommunityModel(BoltzmannScenario(n=10))


def test_run_model_stops_at_the_scenario_horizon():
    m = CommunityModel(rng=1, overrides={"structure.households_per_community": 200, "run.steps": 6})
    m.run_model()
    assert m.steps == 6 and not m.running and len(m.timeseries()) == 6
