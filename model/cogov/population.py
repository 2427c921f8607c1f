"""Building the community: layout (grids, compounds, buildings, households) and residents.

Residents' state lives in numpy arrays (:class:`Residents`), one element per resident, so
that every weekly process updates all of them in a few vectorised passes. Agent objects
(:mod:`cogov.agents`) are handles onto one index of these arrays.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import scipy.sparse as sp

from cogov.params import CommunityParams, Scenario

#: Compound kinds, in the order used by the ``kind`` arrays.
COMPOUND_KINDS = ("commodity_estate", "old_compound", "work_unit")
#: Age groups, in the order used by ``Residents.age``.
AGE_GROUPS = ("youth", "working_age", "elderly")
YOUTH, WORKING_AGE, ELDERLY = 0, 1, 2
OLD_COMPOUND = 1  # index of "old_compound" in COMPOUND_KINDS
NEVER = -10_000  # "last participated" of a resident who never has


@dataclass
class Layout:
    """Where everything is: one array per attribute, indexed by grid, compound or building."""

    grid_community: np.ndarray
    compound_kind: np.ndarray
    compound_community: np.ndarray
    compound_households: np.ndarray
    building_compound: np.ndarray
    building_grid: np.ndarray
    building_households: np.ndarray
    building_xy: np.ndarray  # (n_buildings, 2) map position
    household_building: np.ndarray
    household_low_income: np.ndarray
    #: Compounds that are a village's hamlets (湾组): no firm, no owners' committee.
    compound_village: np.ndarray | None = None

    @property
    def n_grids(self) -> int:
        """Number of grids (网格) over all communities."""
        return len(self.grid_community)

    @property
    def n_compounds(self) -> int:
        """Number of compounds (小区)."""
        return len(self.compound_kind)

    @property
    def n_buildings(self) -> int:
        """Number of buildings (楼栋)."""
        return len(self.building_compound)

    @property
    def n_households(self) -> int:
        """Number of households."""
        return len(self.household_building)


@dataclass
class Residents:
    """The state of every resident, as parallel arrays (index = resident id)."""

    household: np.ndarray
    building: np.ndarray
    compound: np.ndarray
    grid: np.ndarray
    community: np.ndarray
    age: np.ndarray  # YOUTH / WORKING_AGE / ELDERLY
    low_income: np.ndarray
    employed: np.ndarray  # working or studying: has less free time
    party_member: np.ndarray
    in_service: np.ndarray  # in-service (在职) party member
    employer_unit: np.ndarray  # paired unit index of an in-service member, -1 if none
    volunteer: np.ndarray
    building_leader: np.ndarray  # standing role: building or entrance leader (楼栋长/单元长)
    household_contact: np.ndarray  # standing role: contact for households (党员联系户)
    grid_volunteer: np.ndarray  # standing role: grid volunteer (网格志愿者)
    role_hours: np.ndarray  # weekly hours standing roles take out of one's offered hours
    willingness: np.ndarray
    willingness_base: np.ndarray
    trust_rc: np.ndarray
    trust_rc_base: np.ndarray
    trust_strangers: np.ndarray
    trust_strangers_base: np.ndarray
    satisfaction: np.ndarray
    satisfaction_base: np.ndarray
    # memory traces (adaptation): how far experience has moved each set point above the
    # situation's target; zero at start
    satisfaction_memory: np.ndarray
    trust_rc_memory: np.ndarray
    willingness_memory: np.ndarray
    intrinsic: np.ndarray  # intrinsic motivation to volunteer
    extrinsic: np.ndarray  # extrinsic motivation (points, recognition)
    burnout: np.ndarray
    points: np.ndarray  # point balance (积分)
    hours_offered: np.ndarray  # hours offered this week
    hours_worked: np.ndarray  # hours worked this week
    last_shallow: np.ndarray  # step of last shallow participation
    last_deep: np.ndarray
    # how far the resident sees the RC as their own self-governing body (1) rather than a
    # government office (0), from what they see it do (adaptation.perceive_rc)
    rc_seen_as_own: np.ndarray
    invited: np.ndarray  # invited this week
    ties: sp.csr_matrix  # symmetric 0/1 adjacency
    ties_mean: sp.csr_matrix = field(repr=False)  # row-normalised ties (mean over one's ties)
    # Masks derived from attributes fixed at set-up (age, low income, employment), made once.
    _masks: dict = field(default_factory=dict, init=False, repr=False, compare=False)

    @property
    def n(self) -> int:
        """Number of residents."""
        return len(self.household)

    def _fixed_mask(self, name: str) -> np.ndarray:
        """A mask of ``age``, ``low_income`` and ``employed``, made once and read-only.

        These attributes never change after set-up; the mask is made again should one of
        them be replaced by another array.
        """
        inputs = (self.age, self.low_income, self.employed)
        hit = self._masks.get(name)
        if hit is not None and all(a is b for a, b in zip(hit[0], inputs, strict=True)):
            return hit[1]
        unemployed = (self.age == WORKING_AGE) & ~self.employed
        if name == "elderly":
            mask = self.age == ELDERLY
        elif name == "unemployed":
            mask = unemployed
        else:
            mask = (self.age == ELDERLY) | self.low_income | unemployed
        mask.setflags(write=False)
        self._masks[name] = (inputs, mask)
        return mask

    @property
    def elderly(self) -> np.ndarray:
        """Elderly residents, ``age == ELDERLY`` (read-only)."""
        return self._fixed_mask("elderly")

    @property
    def unemployed(self) -> np.ndarray:
        """Working-age residents without a job (read-only)."""
        return self._fixed_mask("unemployed")

    @property
    def vulnerable(self) -> np.ndarray:
        """Elderly, unemployed or low-income residents (the C2 composition; read-only)."""
        return self._fixed_mask("vulnerable")


def _beta(rng: np.random.Generator, mean: np.ndarray | float, conc: float, size: int) -> np.ndarray:
    mean = np.clip(np.broadcast_to(mean, (size,)), 0.01, 0.99)
    return rng.beta(mean * conc, (1.0 - mean) * conc)


def build_layout(sc: Scenario, rng: np.random.Generator) -> Layout:
    """Lay out compounds, buildings and grids of every community, and the households."""
    st = sc.structure
    mix = np.array([getattr(st.compound_mix, k) for k in COMPOUND_KINDS])
    sizes = np.array([getattr(st.compound_households, k) for k in COMPOUND_KINDS])
    c_kind, c_comm, c_hh = [], [], []
    b_comp, b_grid, b_hh, b_xy = [], [], [], []
    grid_comm = []
    grid_offset = 0
    n_compounds = 0
    cols = 4  # grids per row on the map
    c_village: list[bool] = []
    for comm in range(st.communities):
        hh_total = st.households_per_community
        per_building = st.households_per_building
        village = st.kind_of(comm) == "village"
        if village:
            kinds, hhs, n_grids, per_building = _village_hamlets(sc, hh_total)
        else:
            cmix = mix if st.kind_of(comm) == "mixed" else _one_kind(st.kind_of(comm))
            per_kind = np.floor(cmix * hh_total).astype(int)
            per_kind[np.argmax(cmix)] += hh_total - per_kind.sum()
            kinds, hhs = [], []
            for k in range(3):
                if per_kind[k] <= 0:
                    continue
                n_c = max(1, round(per_kind[k] / sizes[k]))
                split = np.full(n_c, per_kind[k] // n_c)
                split[: per_kind[k] - split.sum()] += 1
                kinds += [k] * n_c
                hhs += split.tolist()
            order = rng.permutation(len(kinds))
            kinds = [kinds[i] for i in order]
            hhs = [hhs[i] for i in order]
            n_grids = max(1, round(hh_total / st.households_per_grid))
        grid_comm += [comm] * n_grids
        c_village += [village] * len(kinds)
        cum = 0
        for ci, (kind, hh) in enumerate(zip(kinds, hhs, strict=True)):
            c_kind.append(kind)
            c_comm.append(comm)
            c_hh.append(hh)
            n_b = max(1, -(-hh // per_building))
            split = np.full(n_b, hh // n_b)
            split[: hh - split.sum()] += 1
            for bh in split:
                g = min(n_grids - 1, (cum + bh // 2) * n_grids // hh_total)
                b_comp.append(n_compounds + ci)
                b_grid.append(grid_offset + g)
                b_hh.append(int(bh))
                cum += int(bh)
        n_compounds += len(kinds)
        grid_offset += n_grids
    b_grid_arr = np.array(b_grid, dtype=np.int32)
    # Map: grids as blocks on a lattice, buildings in rows inside their grid's block.
    n_grid_total = len(grid_comm)
    b_xy = np.zeros((len(b_grid), 2))
    for g in range(n_grid_total):
        members = np.flatnonzero(b_grid_arr == g)
        side = max(1, int(np.ceil(np.sqrt(len(members)))))
        gx, gy = g % cols, g // cols
        for j, b in enumerate(members):
            b_xy[b] = (gx * (side + 1.5) + j % side, gy * (side + 1.5) + j // side)
    b_hh_arr = np.array(b_hh, dtype=np.int32)
    household_building = np.repeat(np.arange(len(b_hh_arr), dtype=np.int32), b_hh_arr)
    c_kind_arr = np.array(c_kind, dtype=np.int8)
    b_comp_arr = np.array(b_comp, dtype=np.int32)
    hh_kind = c_kind_arr[b_comp_arr[household_building]]
    li_share = np.array([getattr(sc.population.low_income_share, k) for k in COMPOUND_KINDS])
    li_p = li_share[hh_kind]
    compound_village = np.array(c_village, dtype=bool)
    if compound_village.any():  # a village's own share (no change, no draw, without one)
        hh_village = compound_village[b_comp_arr[household_building]]
        li_p = np.where(hh_village, sc.village.low_income_share, li_p)
    household_low_income = rng.random(len(household_building)) < li_p
    return Layout(
        grid_community=np.array(grid_comm, dtype=np.int32),
        compound_kind=c_kind_arr,
        compound_community=np.array(c_comm, dtype=np.int32),
        compound_households=np.array(c_hh, dtype=np.int32),
        building_compound=b_comp_arr,
        building_grid=b_grid_arr,
        building_households=b_hh_arr,
        building_xy=b_xy,
        household_building=household_building,
        household_low_income=household_low_income,
        compound_village=compound_village,
    )


def _one_kind(kind: str) -> np.ndarray:
    """The compound mix of a community made of one kind of compound only."""
    return np.array([1.0 if k == kind else 0.0 for k in COMPOUND_KINDS])


def _village_hamlets(sc: Scenario, hh_total: int) -> tuple[list[int], list[int], int, int]:
    """A village's hamlets (湾组): kinds, households, rural grids, households per house group.

    A hamlet counts as an old compound for the rates that depend on the kind of compound
    (self-built houses, no property management); ``Layout.compound_village`` marks it so
    that no firm or owners' committee is placed there.
    """
    v = sc.village
    n_c = max(1, round(hh_total / v.households_per_hamlet))
    split = np.full(n_c, hh_total // n_c)
    split[: hh_total - split.sum()] += 1
    n_grids = max(1, round(hh_total / v.households_per_grid))
    return [OLD_COMPOUND] * n_c, split.tolist(), n_grids, v.households_per_house_group


def build_residents(
    sc: Scenario,
    layout: Layout,
    rng: np.random.Generator,
    tie_rng: np.random.Generator,
    village_rng: np.random.Generator | None = None,
) -> Residents:
    """Create every resident with roles and dispositions, and their social ties.

    In a village (``structure.community_kinds``) the elderly share is the village's, and a
    share ``village.outmigration_share`` of the working-age villagers is away working
    (外出务工): drawn from ``village_rng``, they are not residents. Without a village
    nothing here changes and ``village_rng`` is not drawn from.
    """
    pop = sc.population
    hh_size = 1 + rng.poisson(sc.structure.household_size - 1.0, layout.n_households)
    hh_size = np.minimum(hh_size, sc.structure.max_household_size)
    household = np.repeat(np.arange(layout.n_households, dtype=np.int32), hh_size)
    n = len(household)
    building = layout.household_building[household]
    compound = layout.building_compound[building]
    grid = layout.building_grid[building]
    community = layout.compound_community[compound]
    kind = layout.compound_kind[compound]

    elderly_p = np.array([getattr(pop.elderly_share, k) for k in COMPOUND_KINDS])[kind]
    in_village = None
    if layout.compound_village is not None and layout.compound_village.any():
        in_village = layout.compound_village[compound]
        elderly_p = np.where(in_village, sc.village.elderly_share, elderly_p)
    u = rng.random(n)
    age = np.full(n, WORKING_AGE, dtype=np.int8)
    age[u < elderly_p] = ELDERLY
    age[(u >= elderly_p) & (u < elderly_p + pop.youth_share)] = YOUTH
    if in_village is not None:
        if village_rng is None:
            raise ValueError("a village needs its random stream (village_rng)")
        away = (
            in_village
            & (age == WORKING_AGE)
            & (village_rng.random(n) < sc.village.outmigration_share)
        )
        stay = ~away
        household, building, compound = household[stay], building[stay], compound[stay]
        grid, community, kind, age = grid[stay], community[stay], kind[stay], age[stay]
        n = len(household)
    low_income = layout.household_low_income[household]
    employed = (age != ELDERLY) & (rng.random(n) >= pop.unemployment_rate)

    # Party members: in-service ones work; resident members are mostly retired.
    n_members = round(pop.party_member_share * n)
    n_in_service = round(pop.in_service_share * n_members)
    party_member = np.zeros(n, dtype=bool)
    in_service = np.zeros(n, dtype=bool)
    workers = np.flatnonzero(employed & (age == WORKING_AGE))
    if n_in_service and len(workers):
        chosen = rng.choice(workers, size=min(n_in_service, len(workers)), replace=False)
        party_member[chosen] = in_service[chosen] = True
    others = np.flatnonzero(~employed & ~party_member)
    n_resident_members = min(n_members - in_service.sum(), len(others))
    if n_resident_members > 0:
        weight = np.where(age[others] == ELDERLY, pop.member_weight_elderly, 1.0)
        chosen = rng.choice(others, size=n_resident_members, replace=False, p=weight / weight.sum())
        party_member[chosen] = True
    employer_unit = np.full(n, -1, dtype=np.int32)
    units = sc.community.paired_units
    if units:
        members = np.flatnonzero(in_service)
        at_unit = members[rng.random(len(members)) < sc.community.in_service_at_paired_units]
        employer_unit[at_unit] = (
            community[at_unit] * units + rng.integers(0, units, len(at_unit))
        ).astype(np.int32)

    w_mean = (
        pop.willingness_mean
        + pop.willingness_shift_elderly * (age == ELDERLY)
        + pop.willingness_shift_low_income * low_income
        + pop.willingness_shift_party_member * party_member
    )
    willingness = _beta(rng, w_mean, pop.willingness_concentration, n)
    trust_rc = _beta(rng, pop.trust_rc_mean, pop.trust_concentration, n)
    trust_strangers = _beta(rng, pop.trust_strangers_mean, pop.trust_concentration, n)
    satisfaction = _beta(rng, pop.satisfaction_mean, pop.trust_concentration, n)

    volunteer = np.zeros(n, dtype=bool)
    n_vol = round(pop.volunteer_share * n)
    if n_vol:
        weight = willingness**pop.volunteer_willingness_power * np.where(
            age == ELDERLY, pop.volunteer_weight_elderly, 1.0
        )
        volunteer[rng.choice(n, size=n_vol, replace=False, p=weight / weight.sum())] = True
    intrinsic = _beta(rng, sc.supply.intrinsic_mean, sc.supply.intrinsic_concentration, n)

    # Standing roles at set-up: resident (mostly retired) party members take roles as their
    # willingness and the hours they offer allow (in-service members: dual reporting).
    cp = sc.community
    s = sc.supply
    resident_member = party_member & ~in_service
    hours = np.where(
        volunteer,
        s.volunteer_max_hours * intrinsic * np.where(employed, s.employed_time_factor, 1.0),
        s.resident_member_max_hours * willingness * resident_member,
    )
    cand = np.flatnonzero(resident_member)
    roles = take_roles(cp, hours[cand], willingness[cand], cp.leader_uptake, rng)
    building_leader = np.zeros(n, dtype=bool)
    household_contact = np.zeros(n, dtype=bool)
    grid_volunteer = np.zeros(n, dtype=bool)
    role_hours = np.zeros(n)
    building_leader[cand] = roles.leader
    household_contact[cand] = roles.contact
    grid_volunteer[cand] = roles.grid_volunteer
    role_hours[cand] = roles.hours

    ties = build_ties(sc, building, grid, tie_rng)
    deg = np.asarray(ties.sum(axis=1)).ravel()
    inv = np.divide(1.0, deg, out=np.zeros(n), where=deg > 0)
    ties_mean = sp.diags(inv).tocsr() @ ties

    zeros = np.zeros(n)
    return Residents(
        household=household,
        building=building,
        compound=compound,
        grid=grid,
        community=community,
        age=age,
        low_income=low_income,
        employed=employed,
        party_member=party_member,
        in_service=in_service,
        employer_unit=employer_unit,
        volunteer=volunteer,
        building_leader=building_leader,
        household_contact=household_contact,
        grid_volunteer=grid_volunteer,
        role_hours=role_hours,
        willingness=willingness,
        willingness_base=willingness.copy(),
        trust_rc=trust_rc,
        trust_rc_base=trust_rc.copy(),
        trust_strangers=trust_strangers,
        trust_strangers_base=trust_strangers.copy(),
        satisfaction=satisfaction,
        satisfaction_base=satisfaction.copy(),
        satisfaction_memory=zeros.copy(),
        trust_rc_memory=zeros.copy(),
        willingness_memory=zeros.copy(),
        intrinsic=intrinsic,
        extrinsic=zeros.copy(),
        burnout=zeros.copy(),
        points=zeros.copy(),
        hours_offered=zeros.copy(),
        hours_worked=zeros.copy(),
        last_shallow=np.full(n, NEVER, dtype=np.int32),
        last_deep=np.full(n, NEVER, dtype=np.int32),
        rc_seen_as_own=np.full(n, sc.community.share_time_on_needs),
        invited=np.zeros(n, dtype=bool),
        ties=ties,
        ties_mean=ties_mean.tocsr(),
    )


@dataclass
class Roles:
    """Standing roles taken by a set of candidates (arrays aligned with the candidates)."""

    leader: np.ndarray
    contact: np.ndarray
    grid_volunteer: np.ndarray
    hours: np.ndarray  # weekly hours the roles taken cost each candidate


def take_roles(
    cp: CommunityParams,
    hours: np.ndarray,
    willingness: np.ndarray,
    leader_uptake: float,
    rng: np.random.Generator,
    held: Roles | None = None,
) -> Roles:
    """Which standing roles each candidate takes, limited by willingness and hours, not slots.

    Candidates consider the roles in turn: building leader (楼栋长/单元长), contact for
    households (党员联系户), grid volunteer (网格志愿者). A candidate takes role ``r`` if

        u_r < uptake_r · willingness   and   hours left ≥ hours_r   (and hours_r > 0)

    and the role's weekly hours are then taken from the hours left. ``u_r`` is one uniform
    draw per candidate and role (three draws each, always, so the stream does not depend on
    the outcome). Nothing counts buildings: several leaders may live in one building, and a
    building may have none. A role already ``held`` is kept and not taken twice.
    """
    n = len(hours)
    u = rng.random((3, n))
    left = np.asarray(hours, dtype=float).copy()
    costs = (cp.leader_hours, cp.contact_hours, cp.grid_volunteer_hours)
    uptakes = (leader_uptake, cp.contact_uptake, cp.grid_volunteer_uptake)
    before = (
        (np.zeros(n, dtype=bool),) * 3
        if held is None
        else (held.leader, held.contact, held.grid_volunteer)
    )
    taken = []
    for r in range(3):
        take = ~before[r] & (costs[r] > 0) & (u[r] < uptakes[r] * willingness) & (left >= costs[r])
        left -= costs[r] * take
        taken.append(take)
    return Roles(taken[0], taken[1], taken[2], np.asarray(hours, dtype=float) - left)


def _random_member(rng: np.random.Generator, group_of: np.ndarray, who: np.ndarray) -> np.ndarray:
    """For each resident in ``who``, a uniformly random resident of the same group."""
    order = np.argsort(group_of, kind="stable")
    counts = np.bincount(group_of)
    starts = np.concatenate(([0], np.cumsum(counts)[:-1]))
    g = group_of[who]
    pick = starts[g] + (rng.random(len(who)) * counts[g]).astype(np.int64)
    return order[pick]


def build_ties(
    sc: Scenario, building: np.ndarray, grid: np.ndarray, rng: np.random.Generator
) -> sp.csr_matrix:
    """Draw social ties: mostly within a building, some across buildings in the same grid.

    Each resident starts about half of their ties; ties are symmetric, without self-ties
    or duplicates. Cost is linear in the number of residents.
    """
    n = len(building)
    st = sc.structure
    k = rng.poisson(st.ties_per_resident / 2.0, n)
    src = np.repeat(np.arange(n), k)
    outside = rng.random(len(src)) < st.share_ties_outside_building
    dst = np.empty(len(src), dtype=np.int64)
    dst[~outside] = _random_member(rng, building, src[~outside])
    dst[outside] = _random_member(rng, grid, src[outside])
    keep = src != dst
    src, dst = src[keep], dst[keep]
    adj = sp.coo_matrix(
        (np.ones(2 * len(src)), (np.r_[src, dst], np.r_[dst, src])), shape=(n, n)
    ).tocsr()
    adj.data[:] = 1.0
    return adj
