"""The three-list service model (三单: 群众点单 – 社区派单 – 单位/党员接单).

Field practice (Xiaochang county): building leaders and reported members collect
residents' "micro-demands" and "micro-wishes" into a *demand list* (需求清单); the community
party organisation forms volunteer teams into a *supply list* (供给清单); matching the two
gives a *service list* (服务清单) from which orders are dispatched at once to paired units,
volunteer teams and reported party members, who take them (接单). It replaces ad hoc
handling, in which RC staff do most of the work first come, first served.

Causal pathway (state changed, never an outcome): the mechanism replaces this week's
dispatch policy (:class:`cogov.phases.dispatch.DispatchPolicy`):

* ``residents_first``: volunteers and party members take what they can (elder care,
  environment, safety, micro-wishes) before RC staff, freeing staff hours for paperwork,
  repairs in unmanaged compounds and mediation;
* ``units_on_supply_list``: paired units' hours (reported or pooled) are dispatched;
* ``matching``: ``first_come`` (community-wide pool, listed overhead), ``nearest`` (the
  grid's own team, less travel), ``skill_match`` (the grid's team, matched by skill: no
  overhead and a higher success chance ``skill_match_success``) or ``vulnerable_first``
  (the grid's team; elderly, unemployed and low-income residents' needs served first, as if
  they had waited ``vulnerable_priority_weeks`` weeks longer);
* ``dispatch_hours_per_need``: recording and dispatching through the lists takes less RC
  staff time per need than ad hoc handling;
* running the lists costs ``platform_yuan_per_week`` per community
  (``spending_three_lists_yuan``), paid in full or not at all: in a week the platform
  cannot be paid it does not run and dispatch falls back to the ad hoc policy
  (``shortfall_three_lists_yuan``; :mod:`cogov.money`). The dispatch policy is one for the
  whole run, so with several communities the platform runs only in weeks every
  community can pay its share (none is charged otherwise).

Parameters (``[mechanisms.three_lists]``, see :class:`cogov.params.ThreeListsParams`):
``matching`` (one of four), ``residents_first``, ``units_on_supply_list``,
``listed_overhead``, ``nearest_overhead``, ``skill_match_overhead`` (time multipliers,
1–5), ``skill_match_success`` (0–1), ``dispatch_hours_per_need`` (hours, 0–10),
``platform_yuan_per_week`` (yuan/week, 0–10⁵), ``vulnerable_priority_weeks`` (weeks).
"""

from __future__ import annotations

from dataclasses import replace

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import ThreeListsParams
from cogov.phases.dispatch import RESIDENTS
from cogov.week import DispatchPlan, Week


class ThreeLists(Mechanism):
    """Demand list, supply list and service list: needs matched to suppliers by policy."""

    name = "three_lists"
    params_model = ThreeListsParams
    writes = ("plan.policy", "money")

    def setup(self) -> None:
        """The platform runs until a week it cannot be paid."""
        #: True when the platform is paid, so runs, this week.
        self.running = True

    def week_start(self, week: Week, money: Money) -> None:
        """Pay for running the lists, in full in every community, or not run them."""
        cost = self.params.platform_yuan_per_week
        if cost <= 0:
            self.running = True
            return
        n_comm = self.world.n_communities
        self.running = all(money.can_pay(c, Spending.THREE_LISTS, cost) for c in range(n_comm))
        for c in range(n_comm):
            if self.running:
                money.spend(c, Spending.THREE_LISTS, cost)
            else:  # not run: nothing is taken, the whole cost is recorded as unpaid
                money.spend(c, Spending.THREE_LISTS, 0.0, asked=cost)

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Use the three-list policy, keeping what other mechanisms set (e.g. units)."""
        if not self.running:
            return  # unpaid: this week's dispatch stays ad hoc
        p: ThreeListsParams = self.params
        policy = plan.policy
        overhead = dict(policy.overhead)
        success = dict(policy.success)
        if p.matching == "first_come":
            scope, overhead[RESIDENTS] = "community", p.listed_overhead
        elif p.matching == "skill_match":
            scope, overhead[RESIDENTS] = "grid", p.skill_match_overhead
            success[RESIDENTS] = p.skill_match_success
        else:  # nearest, vulnerable_first: the grid's own team
            scope, overhead[RESIDENTS] = "grid", p.nearest_overhead
        plan.policy = replace(
            policy,
            name=f"three_lists_{p.matching}",
            priority=p.matching,
            residents_first=p.residents_first or policy.residents_first,
            use_units=p.units_on_supply_list or policy.use_units,
            residents_scope=scope,
            overhead=overhead,
            success=success,
            dispatch_hours_per_need=min(policy.dispatch_hours_per_need, p.dispatch_hours_per_need),
        )
