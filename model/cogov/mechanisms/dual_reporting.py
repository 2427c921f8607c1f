"""Dual reporting (双报到 / 双报告 / 双考核): paired units and in-service members report.

Field practice: units stationed in or paired with a community report to its party
organisation (单位报到) and take on service projects; in-service (在职) party members report
to the community where they live (党员报到), commit hours and take orders; they report back
to their unit (双报告), which evaluates them on it (双考核). Xiaochang county: 82 units and
3,449 in-service members reported, 938 of them made building leaders (楼栋长). Field reports
also note *nominal* compliance (形式主义): members who register but do little.

Causal pathway (state changed, never an outcome):

1. *Units* (set-up): a share ``units_reporting_share`` of the ``community.paired_units``
   report (``PairedUnit.reported``); each sends ``unit_hours_per_week`` of volunteer
   hours, which reach the units' pool of the supply list (``Supply.units``; the dispatch
   policy lists units from then on), and gives ``unit_yuan_per_year`` to the community
   budget at the start of every year (``money.receive``).
2. *Members* (set-up): each in-service member reports with chance
   ``member_report_share`` (``world.reported``). The employer evaluates the member with
   strength ``e`` = ``evaluation_strength`` for a reported paired unit
   (``PairedUnit.evaluation_strength``), ``other_employer_evaluation`` otherwise. A
   reported member is *nominal* with chance::

       p_nominal(e) = nominal_at_no_evaluation · (1 − e)

   Real effort per week is ``committed_hours`` for an active member and
   ``committed_hours · nominal_effort`` for a nominal one, so expected effort is
   ``committed_hours · (1 − p_nominal(e) · (1 − nominal_effort))``: the gap between
   reporting and real effort shrinks as evaluation gets stronger.
3. *Supply* (weekly): the members' real hours (scaled by lockdowns like everyone's) are
   added to their ``hours_offered`` and to their grid's residents' pool, so they take
   orders like volunteers and are counted in ``hours_worked``.
4. *Standing roles* (set-up): each active reported member considers, in turn, the roles
   of building leader (楼栋长/单元长), contact for households (党员联系户) and grid
   volunteer (网格志愿者), and takes role ``r`` when ``u < uptake_r · willingness`` and
   the hours they have left cover its weekly cost (``community.leader_hours``,
   ``contact_hours``, ``grid_volunteer_hours``); ``uptake`` is ``leader_share`` for the
   leader role and ``community.contact_uptake`` / ``grid_volunteer_uptake`` for the others
   (:func:`cogov.population.take_roles`, ``world.assign_roles``). No building count
   limits the roles: several members of one building may lead (单元长 under a 楼栋长).
   The roles' hours are taken out of the member's real hours, so a member who leads takes
   fewer orders. Leaders invite neighbours (participation), leaders and contacts carry
   needs to the RC (channel reach, by the share of the building's households they look
   after), leaders settle neighbour disputes, grid volunteers find hidden needs (patrol
   coverage).
5. *Money*: registering, reporting back and evaluating costs
   ``admin_yuan_per_member_year`` per reported member, paid weekly from the budget
   (``spending_dual_reporting_yuan``); units' money is ``income_units_yuan``. The week's
   paperwork is paid in full or not at all (:mod:`cogov.money`): in a week a community
   cannot pay it, registration, dispatch through the scheme and evaluation lapse there, so
   its reported members' hours are not put on the supply list (their role as building
   leaders and the units' hours, which cost the community nothing, continue). The unpaid
   cost is ``shortfall_dual_reporting_yuan``.

Parameters (``[mechanisms.dual_reporting]``, see :class:`cogov.params.DualReportingParams`):
``units_reporting_share`` (0–1), ``unit_hours_per_week`` (h/week, 0–200),
``unit_yuan_per_year`` (yuan/year, 0–10⁶), ``member_report_share`` (0–1),
``committed_hours`` (h/week, 0–20), ``evaluation_strength`` and
``other_employer_evaluation`` (0–1), ``nominal_at_no_evaluation`` (0–1),
``nominal_effort`` (0–1), ``leader_share`` (0–1), ``admin_yuan_per_member_year``
(yuan/year, 0–10⁴). The number of paired units is ``community.paired_units``.
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Income, Money, Spending
from cogov.params import DualReportingParams
from cogov.phases.services import lockdown_hours_factor
from cogov.population import Roles, take_roles
from cogov.week import DispatchPlan, Week

WEEKS_PER_YEAR = 52


class DualReporting(Mechanism):
    """Paired units and in-service party members report to the community and serve it."""

    name = "dual_reporting"
    params_model = DualReportingParams
    columns = ("nominal_party_members", "committed_member_hours")
    writes = (
        "world.paired_units",
        "world.reported",
        "world.assign_roles",
        "world.refresh_roles",
        "residents.building_leader",
        "residents.household_contact",
        "residents.grid_volunteer",
        "residents.hours_offered",
        "plan.policy",
        "plan.supply",
        "money",
    )

    def setup(self) -> None:
        """Units and members report; draw who is nominal; appoint building leaders."""
        p: DualReportingParams = self.params
        world = self.world
        res = world.residents
        rng = self.rng
        #: The units this scheme had report (switched off, they stop).
        self.units = []
        for unit in world.paired_units:
            if rng.random() < p.units_reporting_share:
                self.units.append(unit)
                unit.reported = True
                unit.hours_per_week = p.unit_hours_per_week
                unit.yuan_per_year = p.unit_yuan_per_year
                unit.evaluation_strength = p.evaluation_strength
        u = rng.random((2, res.n))
        self.members = res.in_service & (u[0] < p.member_report_share)
        world.reported |= self.members
        #: Evaluation strength each member's employer applies (双考核): a reported paired
        #: unit's own, otherwise that of employers outside the scheme.
        unit_strength = np.array(
            [
                unit.evaluation_strength if unit.reported else p.other_employer_evaluation
                for unit in world.paired_units
            ]
            or [0.0]
        )
        at_unit = res.employer_unit >= 0
        self.evaluation = np.full(res.n, p.other_employer_evaluation)
        self.evaluation[at_unit] = unit_strength[res.employer_unit[at_unit]]
        p_nominal = p.nominal_at_no_evaluation * (1.0 - self.evaluation)
        #: Reported but (nearly) inactive members: the formality gap (形式主义).
        self.nominal = self.members & (u[1] < p_nominal)
        effort = np.where(self.nominal, p.nominal_effort, 1.0)
        #: Real hours a week each reported member offers for orders (0 for everyone else),
        #: less, below, the hours their standing roles take.
        self.real_hours = p.committed_hours * effort * self.members
        # Standing roles: active reported members take roles as willingness and their
        # committed hours allow; the roles' hours come out of the hours left for orders.
        who = np.flatnonzero(self.members & ~self.nominal)
        held = Roles(
            res.building_leader[who],
            res.household_contact[who],
            res.grid_volunteer[who],
            np.zeros(len(who)),
        )
        roles = take_roles(
            world.params.community,
            self.real_hours[who],
            res.willingness[who],
            p.leader_share,
            rng,
            held,
        )
        world.assign_roles(who, roles.leader, roles.contact, roles.grid_volunteer)
        self._given = (who, roles)  # the roles it gave (switched off, they are given back)
        #: Weekly hours each reported member spends on standing roles.
        self.role_hours = np.zeros(res.n)
        self.role_hours[who] = roles.hours
        self.real_hours = self.real_hours - self.role_hours
        self.leaders_appointed = int(roles.leader.sum())
        self._real_by_grid = np.bincount(
            res.grid, weights=self.real_hours, minlength=world.layout.n_grids
        )
        #: Per community, True when this week's paperwork is paid (the scheme runs).
        self.paid = np.ones(world.n_communities, dtype=bool)

    def stop(self, step: int) -> bool:
        """Switched off: units and members no longer report, nor give hours or money.

        The standing roles the scheme gave its members end (their hours were the scheme's).
        """
        world = self.world
        for unit in self.units:
            unit.reported = False
            unit.hours_per_week = unit.yuan_per_year = unit.evaluation_strength = 0.0
        world.reported &= ~self.members
        who, roles = self._given
        res = world.residents
        res.building_leader[who[roles.leader]] = False
        res.household_contact[who[roles.contact]] = False
        res.grid_volunteer[who[roles.grid_volunteer]] = False
        world.refresh_roles()
        return False

    def week_start(self, week: Week, money: Money) -> None:
        """Units give money at the start of each year; pay for the reporting paperwork."""
        world = self.world
        if week.conditions.new_year:
            for unit in world.paired_units:
                if unit.reported and unit.yuan_per_year > 0:
                    money.receive(unit.community, Income.UNITS, unit.yuan_per_year)
        # Reporting, reporting back and evaluation paperwork, spread over the year: paid in
        # full, or the scheme lapses in that community this week.
        self.paid[:] = True
        per_member = self.params.admin_yuan_per_member_year / WEEKS_PER_YEAR
        if per_member > 0:
            counts = np.bincount(
                world.residents.community[self.members], minlength=world.n_communities
            )
            for c, k in enumerate(counts):
                if k:
                    paid = money.spend(c, Spending.DUAL_REPORTING, float(k * per_member))
                    self.paid[c] = paid > 0

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Reported units are on the supply list (their hours can be dispatched)."""
        if plan.policy.use_units or not any(u.reported for u in self.world.paired_units):
            return
        plan.policy = replace(plan.policy, use_units=True)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Reported members offer their real hours to their grid's pool."""
        world = self.world
        factor = lockdown_hours_factor(world.params, week.conditions.activity_factor)
        if not self.paid.all():  # unpaid paperwork: those communities' members are not listed
            res = world.residents
            factor = factor * self.paid[res.community]
            world.residents.hours_offered += self.real_hours * factor
            plan.supply.residents += np.bincount(
                res.grid, weights=self.real_hours * factor, minlength=world.layout.n_grids
            )
            return
        world.residents.hours_offered += self.real_hours * factor
        plan.supply.residents += self._real_by_grid * factor

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Nominal members and committed hours this week."""
        row["nominal_party_members"] = float(self.nominal.sum())
        row["committed_member_hours"] = float(self.params.committed_hours * self.members.sum())
