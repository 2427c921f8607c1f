"""Phases 2–4, services: supply list, dispatch (派单), taking orders (接单), resolution, expiry.

Each week the RC's staff time for needs is split into time for needs and time kept for
mediating disputes (handed to phase 7); recording and dispatching each newly voiced need
costs staff time; residents offer hours (:func:`offer_hours`); the supply list is built
(RC staff per community, the firm per compound, residents per grid, paired units per
community) and mechanisms may change the policy and add to the list (``dispatch_policy``
and ``dispatch_supply`` hooks, on a :class:`cogov.week.DispatchPlan`). Voiced needs are
matched to pools (:func:`cogov.phases.dispatch.allocate`); what a grid's residents' pool
worked is shared out among those who offered it (:func:`cogov.phases.dispatch.assign_work`);
residents' hours left over go to home visits (上门走访) to elderly residents living alone or
on low income who are due one (:class:`Visits`), which bring their hidden needs to the RC;
mechanisms see the result (``dispatch_done``). Needs past their deadline expire. Feedback
on satisfaction and trust follows at once (:mod:`cogov.phases.adaptation`).

Reads: organisations' staff, firms, paired units, residents' motivation and roles.
Writes: residents' ``hours_offered`` and ``hours_worked``, satisfaction and trust
(feedback), the need ledger (resolved, expired, found on visits). Streams: ``dispatch``,
``visits``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.ledgers import EXPIRED, HIDDEN, RESOLVED, VOICED
from cogov.params import Scenario
from cogov.phases.adaptation import feedback, grievance
from cogov.phases.dispatch import DispatchPolicy, Supply, allocate, assign_work
from cogov.population import ELDERLY, NEVER, Residents
from cogov.week import DispatchPlan, ServicesRecord, Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms


def lockdown_hours_factor(sc: Scenario, activity_factor: float) -> float:
    """Share of their usual hours residents still offer when activities are cut back."""
    floor = sc.supply.lockdown_hours_floor
    return floor + (1.0 - floor) * activity_factor


def offer_hours(sc: Scenario, res: Residents, activity_factor: float) -> None:
    """Set how many hours each resident offers this week (``res.hours_offered``).

    Volunteers offer up to ``volunteer_max_hours`` by motivation (intrinsic + extrinsic −
    burnout), halved when employed; resident party members not in a team offer some hours
    by willingness, less the hours their standing roles take (``role_hours``). In-service
    members offer hours only through dual reporting.
    """
    s = sc.supply
    # The same operations in the same order as the one-line expressions, in place.
    motivation = res.intrinsic + res.extrinsic
    motivation -= res.burnout
    np.clip(motivation, 0.0, 1.0, out=motivation)
    time_factor = np.where(res.employed, s.employed_time_factor, 1.0)
    vol = s.volunteer_max_hours * motivation
    vol *= time_factor
    vol *= res.volunteer
    member = s.resident_member_max_hours * res.willingness
    member *= res.party_member & ~res.in_service & ~res.volunteer
    vol += member
    vol -= res.role_hours
    offered = np.maximum(0.0, vol, out=vol)  # standing roles come first
    offered *= lockdown_hours_factor(sc, activity_factor)
    res.hours_offered = offered


class Visits:
    """Home visits (上门走访) to elderly residents, those living alone or on low income first.

    Each week the hours residents offered and did not work on orders go, grid by grid, to
    visiting the elderly due a visit (not visited for ``visits.interval_weeks``): those
    living alone or on low income first, then the longest unvisited; a visit takes
    ``visits.hours_per_visit`` and brings each hidden need of the visited to the RC with
    chance ``visits.discovery``. So the visits made, and
    the needs they find, are limited by people's hours: more hours, more found, up to every
    target visited at the interval.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        res = world.residents
        p = world.params.visits
        alone = world.household_sizes[res.household] == 1
        #: Every elderly resident is visited in turn; those living alone or on low income
        #: (``priority``) before the others when there is not time for all.
        self.targets = np.flatnonzero(res.age == ELDERLY)
        self.priority = np.zeros(res.n, dtype=bool)
        self.priority[self.targets] = (alone | res.low_income)[self.targets]
        self.last_visit = np.full(res.n, NEVER, dtype=np.int64)
        self.rng = world.streams["visits"]
        self.enabled = p.enabled and len(self.targets) > 0

    def step(self, step: int) -> tuple[int, int]:
        """Make this week's visits with residents' spare hours; return (visits, needs found)."""
        if not self.enabled:
            return 0, 0
        w = self.world
        res, led = w.residents, w.needs
        p = w.params.visits
        spare = np.maximum(res.hours_offered - res.hours_worked, 0.0)
        n_grids = w.layout.n_grids
        can = np.floor(
            np.bincount(res.grid, weights=spare, minlength=n_grids) / p.hours_per_visit + 1e-9
        ).astype(np.int64)
        due = self.targets[step - self.last_visit[self.targets] >= p.interval_weeks]
        if len(due) == 0 or not can.any():
            return 0, 0
        grid = res.grid[due]
        # Ordered by (grid, not priority, last visit, a random draw), as
        # np.lexsort((draw, last visit, ~priority, grid)) orders them: the three integer
        # keys are folded into one that orders the same, so the sort has two keys, not four.
        draw = self.rng.random(len(due))
        last = self.last_visit[due]
        low = last.min()
        span = int(last.max() - low) + 1
        key = (grid.astype(np.int64) * 2 + ~self.priority[due]) * span + (last - low)
        order = np.lexsort((draw, key))
        due, grid = due[order], grid[order]
        rank = np.arange(len(due)) - np.searchsorted(grid, grid)
        visited = due[rank < can[grid]]
        self.last_visit[visited] = step
        used = np.bincount(res.grid[visited], minlength=n_grids) * p.hours_per_visit
        res.hours_worked = res.hours_worked + assign_work(spare, res.grid, used, self.rng)
        hidden = led.open_with(HIDDEN)
        seen = np.zeros(res.n, dtype=bool)
        seen[visited] = True
        told = hidden[seen[led.resident[hidden]] & (self.rng.random(len(hidden)) < p.discovery)]
        return len(visited), len(led.voice(told, step))

    def coverage(self, step: int) -> float:
        """Share of the targets visited within the last interval."""
        if len(self.targets) == 0:
            return float("nan")
        recent = step - self.last_visit[self.targets] < self.world.params.visits.interval_weeks
        return np.count_nonzero(recent) / len(recent)  # recent.mean(), to the bit


class ServicesPhase:
    """Phases 2–4: supply list, dispatch, taking orders, resolution or expiry, feedback.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        sc = world.params
        self.rng = world.streams["dispatch"]
        #: The ad hoc policy of the administration-led community (no three lists).
        self.base_policy = DispatchPolicy.from_params(sc)
        #: Which need categories are property services (the firm's, where there is one).
        self.property_category = np.array([c.property_service for c in sc.needs.categories()])
        self.visits = Visits(world)

    def step(self, week: Week, mechanisms: Mechanisms) -> ServicesRecord:
        """Run the phase for this week and return its record."""
        w = self.world
        sc, res, led, layout = w.params, w.residents, w.needs, w.layout
        step = week.step
        rc_total = np.array([org.needs_hours() for org in w.organisations])
        rc_mediation = rc_total * sc.disputes.rc_mediation_share
        rc = rc_total - rc_mediation
        plan = DispatchPlan(self.base_policy)
        mechanisms.dispatch_policy(week, plan)
        policy = plan.policy
        new_voiced = led.open_idx[led.voiced_at[led.open_idx] == step]
        comm_of = res.community[led.resident[new_voiced]]
        rc -= np.minimum(
            rc, np.bincount(comm_of, minlength=len(rc)) * policy.dispatch_hours_per_need
        )
        offer_hours(sc, res, week.conditions.activity_factor)
        firm_hours = np.zeros(layout.n_compounds)
        firm_quality = np.zeros(layout.n_compounds)
        for firm in w.property.active_firms():
            firm_hours[firm.compound] = firm.request_hours()
            firm_quality[firm.compound] = firm.quality
        plan.supply = supply = Supply(
            rc=rc,
            firm=firm_hours,
            firm_quality=firm_quality,
            residents=np.bincount(res.grid, weights=res.hours_offered, minlength=layout.n_grids),
            units=np.array(
                [
                    sum(u.hours_per_week for u in w.paired_units if u.community == c and u.reported)
                    for c in range(w.n_communities)
                ],
                dtype=float,
            ),
        )
        rc_listed = float(supply.rc.sum())
        mechanisms.dispatch_supply(week, plan)
        rc_added = float(supply.rc.sum()) - rc_listed  # e.g. grid workers who also handle
        cand = led.open_with(VOICED)
        who = led.resident[cand]
        cat = led.category[cand]
        result = allocate(
            policy,
            supply,
            cand,
            cat,
            self.property_category[cat],
            led.hours[cand],
            led.created[cand],
            res.grid[who],
            res.compound[who],
            res.community[who],
            res.vulnerable[who],
            layout.grid_community,
            self.rng,
        )
        led.mark_taken(result.taken)
        led.close(result.resolved, RESOLVED, step, result.resolved_by)
        res.hours_worked = assign_work(res.hours_offered, res.grid, result.residents_used, self.rng)
        visits, found = self.visits.step(step)
        mechanisms.dispatch_done(week, result)
        expired = led.open_idx[led.deadline[led.open_idx] <= step]
        led.close(expired, EXPIRED, step)
        feedback(sc, res, led.resident[result.resolved], led.resident[expired])
        grievance(sc, res, led.resident[led.open_with(HIDDEN)])
        for_needs = float((rc_total - rc_mediation).sum()) + rc_added
        return ServicesRecord(
            policy=policy,
            dispatch=result,
            expired=expired,
            rc_mediation_hours=rc_mediation,
            rc_hours_used_share=(for_needs - float(supply.rc.sum())) / max(1e-9, for_needs),
            visits=visits,
            needs_found_on_visits=found,
            visit_coverage=self.visits.coverage(step),
        )
