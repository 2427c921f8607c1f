"""Grid management (网格化): grid workers who patrol, 巡办分离, building leaders everywhere.

Field practice: the community is divided into grids of 300–500 households (urban
standard); each grid has grid workers (网格员) who patrol it and find problems (巡查发现),
and building leaders (楼栋长) in every building as the grid's eyes and ears. Field essays
warn that when grid workers must also *handle* what they find (no 巡办分离, often
because village or community cadres double as grid workers), they patrol less and have a
reason to find less; the reform recruits full-time grid workers who only patrol and hand
what they find to others.

Causal pathway (state changed, never an outcome):

1. *Patrols*: each grid gets ``grid_workers_per_grid`` workers visiting
   ``patrol_households_per_week`` households a week each. The weekly chance that a hidden
   need in grid ``g`` is found (``world.patrol_coverage``) is::

       coverage_g = min(1, W · V · s / households_g)
       s = 1                                   with 巡办分离
       s = (1 − handling_share_unseparated) · (1 − discovery_reluctance_unseparated)
                                               without it

   and a found need is voiced (phase 1), so it can be dispatched before it expires.
2. *Handling without separation*: unseparated grid workers spend
   ``handling_share_unseparated`` of ``community.hours_per_worker`` handling needs, added
   to the RC's hours on the supply list.
3. *Building leaders*: buildings without a leader get one until a share
   ``building_leader_share`` of buildings have one (the most suitable resident: party
   member, willing, elderly), via ``world.set_building_leaders``; leaders widen the
   channels through which needs are voiced, invite neighbours to take part and settle
   neighbour disputes.
4. *Money*: the community pays ``grid_worker_subsidy_yuan_per_week`` for each grid worker
   added over ``community.grid_workers_per_grid`` (wages are the district's) and
   ``leader_allowance_yuan_per_week`` per leader added (``spending_grid_management_yuan``),
   each part paid in full or not at all, workers first (:mod:`cogov.money`). In a week the
   added workers cannot be paid they do not work: the community's grids fall back to the
   coverage of its own ``community.grid_workers_per_grid`` workers and no handling hours
   are added. In a week the allowances cannot be paid, the leaders this mechanism
   appointed stand down: they invite no one, carry no needs and mediate no disputes until
   a week they are paid again (the unpaid parts are ``shortfall_grid_management_yuan``).

Households per grid are ``structure.households_per_grid`` (a layout parameter).

Parameters (``[mechanisms.grid_management]``, see
:class:`cogov.params.GridManagementParams`): ``grid_workers_per_grid`` (0–10),
``patrol_households_per_week`` (households/week, 0–1000), ``patrol_handling_separation``,
``handling_share_unseparated`` (0–1), ``discovery_reluctance_unseparated`` (0–1),
``building_leader_share`` (0–1), ``grid_worker_subsidy_yuan_per_week`` and
``leader_allowance_yuan_per_week`` (yuan/week).
"""

from __future__ import annotations

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import GridManagementParams
from cogov.population import ELDERLY
from cogov.week import DispatchPlan, Week


class GridManagement(Mechanism):
    """More grid workers who patrol (separated from handling) and building leaders everywhere."""

    name = "grid_management"
    params_model = GridManagementParams
    writes = (
        "world.patrol_worker_visits",
        "world.refresh_roles",
        "world.set_building_leaders",
        "residents.building_leader",
        "residents.role_hours",
        "plan.supply",
        "money",
    )

    def setup(self) -> None:
        """Set patrol coverage and handling hours; appoint building leaders."""
        p: GridManagementParams = self.params
        world = self.world
        sc = world.params
        layout = world.layout
        n_comm = world.n_communities
        share = 1.0
        handling = 0.0
        if not p.patrol_handling_separation:
            share = (1.0 - p.handling_share_unseparated) * (
                1.0 - p.discovery_reluctance_unseparated
            )
            handling = p.handling_share_unseparated
        visits = p.grid_workers_per_grid * p.patrol_households_per_week * share
        #: Patrol visits a week per grid: the community's own grid workers' (what is left
        #: when the added ones go unpaid) and with the mechanism's workers.
        self.own_visits = world.patrol_worker_visits.copy()
        self.visits = np.full(layout.n_grids, visits)
        world.patrol_worker_visits = self.visits
        grids_per_comm = np.bincount(layout.grid_community, minlength=n_comm)
        #: RC hours a week from grid workers who also handle needs (no 巡办分离).
        self.handling_hours = (
            grids_per_comm * p.grid_workers_per_grid * sc.community.hours_per_worker * handling
        )
        added_workers = grids_per_comm * max(
            0.0, p.grid_workers_per_grid - sc.community.grid_workers_per_grid
        )
        self.leaders = self._appoint_leaders(p.building_leader_share)
        world.refresh_roles()  # coverage from the new worker visits and leaders
        added_leaders = np.bincount(
            world.residents.community[self.leaders], minlength=n_comm
        ).astype(float)
        #: Per community, the weekly subsidy of added workers and allowance of added leaders.
        self.worker_cost = added_workers * p.grid_worker_subsidy_yuan_per_week
        self.leader_cost = added_leaders * p.leader_allowance_yuan_per_week
        self.workers_paid = np.ones(n_comm, dtype=bool)
        self.leaders_paid = np.ones(n_comm, dtype=bool)

    def stop(self, step: int) -> bool:
        """Switched off: the added workers go and the leaders it appointed stand down.

        Patrols fall back to the community's own workers; the leaders' role hours return to
        what they offer for orders.
        """
        world = self.world
        world.patrol_worker_visits = self.own_visits.copy()
        if len(self.leaders):
            res = world.residents
            serving = self.leaders_paid[res.community[self.leaders]]
            res.role_hours[self.leaders] -= serving * world.params.community.leader_hours
            res.building_leader[self.leaders] = False
        world.refresh_roles()
        return False

    def _appoint_leaders(self, target: float) -> np.ndarray:
        """Appoint leaders in leaderless buildings up to ``target``; return who was appointed."""
        world = self.world
        cp = world.params.community
        res = world.residents
        none = np.zeros(0, dtype=np.int64)
        has = world.leader_in_building
        current = has.mean()
        if target <= current or has.all():
            return none
        q = (target - current) / (1.0 - current)
        pick = ~has & (self.rng.random(len(has)) < q)
        cand = np.flatnonzero(pick[res.building])
        if len(cand) == 0:
            return none
        score = (
            cp.leader_score_party_member * res.party_member[cand]
            + res.willingness[cand]
            + cp.leader_score_elderly * (res.age[cand] == ELDERLY)
        )
        order = np.lexsort((-score, res.building[cand]))
        cand = cand[order]
        b = res.building[cand]
        leaders = cand[np.r_[True, b[1:] != b[:-1]]]
        world.set_building_leaders(leaders)
        return leaders

    def week_start(self, week: Week, money: Money) -> None:
        """Pay added workers, then leaders' allowances; who is unpaid does not work this week."""
        n_comm = self.world.n_communities
        workers = np.ones(n_comm, dtype=bool)
        leaders = np.ones(n_comm, dtype=bool)
        for c in range(n_comm):
            if self.worker_cost[c] > 0:
                paid = money.spend(c, Spending.GRID_MANAGEMENT, float(self.worker_cost[c]))
                workers[c] = paid > 0
            if self.leader_cost[c] > 0:
                paid = money.spend(c, Spending.GRID_MANAGEMENT, float(self.leader_cost[c]))
                leaders[c] = paid > 0
        world = self.world
        changed = False
        if not np.array_equal(workers, self.workers_paid):
            grid_paid = workers[world.layout.grid_community]
            world.patrol_worker_visits = np.where(grid_paid, self.visits, self.own_visits)
            changed = True
        if not np.array_equal(leaders, self.leaders_paid) and len(self.leaders):
            # The appointed leaders of communities whose allowances are paid serve; others
            # stand down, and the role's hours return to what they offer for orders.
            res = world.residents
            serve = leaders[res.community[self.leaders]]
            served = self.leaders_paid[res.community[self.leaders]]
            res.building_leader[self.leaders] = serve
            hours = world.params.community.leader_hours
            res.role_hours[self.leaders] += (serve.astype(float) - served) * hours
            changed = True
        if changed:
            world.refresh_roles()
        self.workers_paid, self.leaders_paid = workers, leaders

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Grid workers who also handle needs add their handling hours to the RC's."""
        if self.workers_paid.all():
            plan.supply.rc += self.handling_hours
        else:  # unpaid workers handle nothing
            plan.supply.rc += self.handling_hours * self.workers_paid
