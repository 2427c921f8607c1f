"""Dispatch (社区派单) and taking orders (接单): matching the demand list to the supply list.

Suppliers are *pools* of weekly hours: the RC's staff (per community), each property
firm (per compound it serves), resident volunteers and party members (per grid, or pooled
over the community), paired units (per community) and, when the community contracts them,
social organisations' social workers (per community; only for the need categories of
their contract, tried before every other pool). A :class:`DispatchPolicy` says, for
each voiced need, which pools to try in which order, in what priority order needs are
served, and how much extra time a pool spends on a need it is sent. Allocation is greedy
and vectorised: needs are sorted by (pool, priority), and a need is taken when the pool's
cumulative hours still fit its capacity; what does not fit tries its next pool, or waits.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import IntEnum

import numpy as np

from cogov.params import NEED_CATEGORIES, CommunityParams, NeedsParams, Scenario, ThreeListsParams


class Handler(IntEnum):
    """The pools of the supply list, in the order allocation visits them in each round."""

    RC = 0
    FIRM = 1
    RESIDENTS = 2
    UNITS = 3
    SOCIAL = 4


RC, FIRM, RESIDENTS, UNITS, SOCIAL = Handler
HANDLERS = tuple(h.name.lower() for h in Handler)
CAT = {name: i for i, name in enumerate(NEED_CATEGORIES)}


def _resident_capable(needs: NeedsParams) -> np.ndarray:
    """Per category, whether volunteers and party members can take it on."""
    return np.array([c.resident_capable for c in needs.categories()])


@dataclass
class DispatchPolicy:
    """How the community matches needs to suppliers.

    The baseline is ad hoc (no three-list system): first come, first served; RC staff try
    first; volunteers only as a fallback for what they can do, pooled over the community
    (so they travel and may lack the skill: ``overhead``); paired units are not on the list.

    Attributes:
        name: policy name, for the record.
        priority: "first_come", "nearest", "skill_match" or "vulnerable_first".
        residents_first: try volunteers/party members before RC staff for what they can do.
        use_units: paired units are on the supply list.
        residents_scope: "community" (pooled, ad hoc) or "grid" (nearest team).
        overhead: time multiplier per handler (travel, mismatch, hand-overs).
        success: chance per handler that a need taken on is resolved this week.
        dispatch_hours_per_need: RC staff time to record and dispatch one voiced need.
        resident_capable: per need category, whether volunteers and members can take it.
        vulnerable_priority_weeks: under "vulnerable_first", how many weeks of waiting a
            vulnerable resident's need is moved ahead by.
        social_categories: per need category, whether contracted social organisations
            take it first (None: no contract, the pool is not on the list).

    Built from the parameters with :meth:`from_params`; a policy made by hand (in tests)
    takes the schema's defaults for what it does not set.
    """

    name: str = "ad_hoc"
    priority: str = "first_come"
    residents_first: bool = False
    use_units: bool = False
    residents_scope: str = "community"
    overhead: dict[int, float] = field(default_factory=dict)
    success: dict[int, float] = field(default_factory=dict)
    dispatch_hours_per_need: float = field(
        default_factory=lambda: CommunityParams().dispatch_hours_per_need
    )
    resident_capable: np.ndarray = field(
        default_factory=lambda: _resident_capable(NeedsParams()), repr=False
    )
    vulnerable_priority_weeks: int = field(
        default_factory=lambda: ThreeListsParams().vulnerable_priority_weeks
    )
    social_categories: np.ndarray | None = field(default=None, repr=False)

    @classmethod
    def from_params(cls, sc: Scenario) -> DispatchPolicy:
        """The ad hoc policy of the administration-led community (no three lists)."""
        return cls(
            overhead={RESIDENTS: sc.supply.ad_hoc_overhead},
            success={
                RC: sc.community.rc_success,
                RESIDENTS: sc.supply.volunteer_success,
                UNITS: sc.supply.unit_success,
            },
            dispatch_hours_per_need=sc.community.dispatch_hours_per_need,
            resident_capable=_resident_capable(sc.needs),
            vulnerable_priority_weeks=sc.mechanisms.three_lists.vulnerable_priority_weeks,
        )

    def chains(
        self, category: np.ndarray, prop: np.ndarray, has_firm: np.ndarray
    ) -> list[np.ndarray]:
        """Return, per round, the handler each need tries (-1: nothing left to try).

        Args:
            category: need category per need.
            prop: whether each need is a property service (repairs, environment).
            has_firm: whether each need's compound has a firm now.

        With a contract (``social_categories``), a first round sends the contracted
        categories to the social organisations' pool; what does not fit goes on as usual.
        """
        capable = self.resident_capable[category]
        n = len(category)
        first = np.where(prop & has_firm, FIRM, RC)
        if self.residents_first:
            first = np.where(capable & ~(prop & has_firm), RESIDENTS, first)
        second = np.where(first == FIRM, RC, np.where(first == RESIDENTS, RC, RESIDENTS))
        second = np.where((second == RESIDENTS) & ~capable, -1, second)
        third = np.full(n, UNITS if self.use_units else -1)
        if self.social_categories is not None:
            contracted = np.where(self.social_categories[category], SOCIAL, -1)
            return [contracted, first, second, third]
        return [first, second, third]


@dataclass
class Supply:
    """This week's hours per pool (the supply list)."""

    rc: np.ndarray  # per community
    firm: np.ndarray  # per compound (0 where no firm)
    firm_quality: np.ndarray  # per compound
    residents: np.ndarray  # per grid
    units: np.ndarray  # per community
    social: np.ndarray | None = None  # per community: contracted social workers' hours
    social_quality: np.ndarray | None = None  # per community: their success chance

    def total(self) -> float:
        """Total hours on offer."""
        total = float(self.rc.sum() + self.firm.sum() + self.residents.sum() + self.units.sum())
        return total if self.social is None else total + float(self.social.sum())


@dataclass
class DispatchResult:
    """What happened to the demand list this week."""

    resolved: np.ndarray  # ledger indices resolved
    resolved_by: np.ndarray  # handler per resolved need
    taken: np.ndarray  # ledger indices taken on by a supplier (resolved or not)
    hours_used: np.ndarray  # per handler (len 5)
    residents_used: np.ndarray  # hours of resident pools used, per grid


def group_starts(keys: np.ndarray) -> np.ndarray:
    """Where each run of equal ``keys`` starts: ``np.r_[True, keys[1:] != keys[:-1]]``.

    The same array, built without ``np.r_``'s overhead (``keys`` must not be empty).
    """
    starts = np.empty(len(keys), dtype=bool)
    starts[0] = True
    np.not_equal(keys[1:], keys[:-1], out=starts[1:])
    return starts


def allocate(
    policy: DispatchPolicy,
    supply: Supply,
    need_idx: np.ndarray,
    category: np.ndarray,
    is_property: np.ndarray,
    hours: np.ndarray,
    created: np.ndarray,
    grid: np.ndarray,
    compound: np.ndarray,
    community: np.ndarray,
    vulnerable: np.ndarray,
    grid_community: np.ndarray,
    rng: np.random.Generator,
) -> DispatchResult:
    """Match voiced needs to pools, round by round, within each pool's hours.

    Capacities in ``supply`` are reduced in place by the hours used.
    """
    n = len(need_idx)
    has_firm = supply.firm[compound] > 0
    chains = policy.chains(category, is_property, has_firm)
    pending = np.ones(n, dtype=bool)
    taken = np.zeros(n, dtype=bool)
    taken_by = np.full(n, -1, dtype=np.int8)
    hours_used = np.zeros(len(HANDLERS))
    # Residents' hours: one pool per grid, or one per community (ad hoc, pooled).
    if policy.residents_scope == "grid":
        res_pool_of_need, res_cap = grid, supply.residents
    else:
        res_cap = np.bincount(grid_community, weights=supply.residents, minlength=len(supply.rc))
        res_pool_of_need = community
    res_before = res_cap.copy()
    if policy.priority == "vulnerable_first":
        prio = created - policy.vulnerable_priority_weeks * vulnerable.astype(np.int64)
    else:
        prio = created.astype(np.int64)
    social = supply.social if supply.social is not None else np.zeros(len(supply.rc))
    caps = {RC: supply.rc, FIRM: supply.firm, RESIDENTS: res_cap, UNITS: supply.units}
    caps[SOCIAL] = social
    pools = {RC: community, FIRM: compound, RESIDENTS: res_pool_of_need, UNITS: community}
    pools[SOCIAL] = community
    for chain in chains:
        for handler in (RC, FIRM, RESIDENTS, UNITS, SOCIAL):
            sel = np.flatnonzero(pending & (chain == handler))
            if len(sel) == 0:
                continue
            cost = hours[sel] * policy.overhead.get(handler, 1.0)
            pool = pools[handler][sel]
            cap = caps[handler]
            order = np.lexsort((prio[sel], pool))
            pool_s, cost_s = pool[order], cost[order]
            cum = np.cumsum(cost_s)
            starts = group_starts(pool_s)
            base = np.maximum.accumulate(np.where(starts, cum - cost_s, 0.0))
            fits = (cum - base) <= cap[pool_s] + 1e-9
            chosen = sel[order[fits]]
            used = np.bincount(pool_s[fits], weights=cost_s[fits], minlength=len(cap))
            cap -= used
            hours_used[handler] += used.sum()
            pending[chosen] = False
            taken[chosen] = True
            taken_by[chosen] = handler
    # A need taken on is resolved with the handler's success chance (firms: their quality).
    success = np.zeros(n)
    for handler in (RC, RESIDENTS, UNITS):
        mine = taken_by == handler
        if mine.any():  # a handler that takes needs must have a success chance
            success[mine] = policy.success[handler]
    firm_taken = taken_by == FIRM
    success[firm_taken] = supply.firm_quality[compound[firm_taken]]
    social_taken = taken_by == SOCIAL
    if social_taken.any():  # each community's contracted organisation: its own quality
        success[social_taken] = supply.social_quality[community[social_taken]]
    ok = taken & (rng.random(n) < success)
    if policy.residents_scope == "grid":
        residents_used = res_before - res_cap
    else:
        # Spread each community's used share back over its grids by what they offered.
        frac = np.divide(
            res_before - res_cap, res_before, out=np.zeros_like(res_cap), where=res_before > 0
        )
        residents_used = supply.residents * frac[grid_community]
    return DispatchResult(
        resolved=need_idx[ok],
        resolved_by=taken_by[ok],
        taken=need_idx[taken],
        hours_used=hours_used,
        residents_used=residents_used,
    )


def assign_work(
    offered: np.ndarray, grid: np.ndarray, used: np.ndarray, rng: np.random.Generator
) -> np.ndarray:
    """Share the hours a grid's residents' pool worked out among those who offered them.

    Orders are taken one resident at a time, in a random order weighted by the hours each
    offered (those who offer more take orders first, on average), until the hours used in
    the grid are covered; each gives what they offered, the last one only what is left.
    So a week's work falls on some volunteers, not a sliver on everyone.

    Args:
        offered: hours offered per resident.
        grid: grid per resident.
        used: hours used per grid.
        rng: the dispatch stream.

    Returns:
        Hours worked per resident (never more than offered).
    """
    who = np.flatnonzero(offered > 0)
    worked = np.zeros(len(offered))
    if len(who) == 0:
        return worked
    key = rng.exponential(size=len(who)) / offered[who]
    grid_who = grid[who]
    order = np.lexsort((key, grid_who))
    w, g = who[order], grid_who[order]
    hours = offered[w]
    cum = np.cumsum(hours)
    starts = group_starts(g)
    before = cum - hours - np.maximum.accumulate(np.where(starts, cum - hours, 0.0))
    worked[w] = np.clip(used[g] - before, 0.0, hours)
    return worked
