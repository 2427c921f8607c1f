"""Party members' dedication day (党员奉献日).

Field practice: on a fixed day each month the party members of a village or community
serve together: cleaning, repairs, visits. Faku: "在農村,充分發揮好村務監督委員會、
“四議一審兩公開”、“黨員奉獻日”等組織、工作方法和載體的作用" (in the countryside, make full use
of the supervision committee, the four deliberations and two disclosures and the party
members' dedication day). Its reach is the members who live there: where the young
members are away working (the essays' village branch, "仅有的一些年轻党员更是常年在外务工"),
fewer hours come.

Causal pathway (state changed, never an outcome):

1. *A day every* ``interval_weeks`` weeks, paid in full or not held
   (``cost_yuan_per_day`` per community, ``spending_dedication_day_yuan``).
2. *Members' hours* (phases 2–4): every party member living in a community that holds
   the day offers ``hours_per_member`` more hours that week (scaled by lockdowns like all
   residents' hours), added to their ``hours_offered`` and their grid's residents' pool, so
   they take the resident-capable orders of their grid; hours not used on orders go, as
   everyone's spare hours, to home visits to the elderly (which bring hidden needs to the
   committee).

Parameters (``[mechanisms.dedication_day]``, see :class:`cogov.params.DedicationDayParams`):
``interval_weeks`` (weeks, 1–52), ``hours_per_member`` (hours, 0–24),
``cost_yuan_per_day`` (yuan, 0–10⁵).
"""

from __future__ import annotations

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import DedicationDayParams
from cogov.phases.services import lockdown_hours_factor
from cogov.week import DispatchPlan, Week


class DedicationDay(Mechanism):
    """Once a month every party member living in the community gives a half day of service."""

    name = "dedication_day"
    params_model = DedicationDayParams
    columns = ("dedication_days", "dedication_hours")
    writes = ("residents.hours_offered", "plan.supply", "money")

    def setup(self) -> None:
        """Nothing to prepare but the day's register."""
        self._held = np.zeros(self.world.n_communities, dtype=bool)
        self._hours = 0.0

    def week_start(self, week: Week, money: Money) -> None:
        """The day is held where it is due and paid for."""
        p: DedicationDayParams = self.params
        self._hours = 0.0
        self._held[:] = week.step % p.interval_weeks == 0
        if self._held.any() and p.cost_yuan_per_day > 0:
            for c in range(self.world.n_communities):
                self._held[c] = money.spend(c, Spending.DEDICATION_DAY, p.cost_yuan_per_day) > 0

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Members living in the community offer the day's hours to their grid's pool."""
        p: DedicationDayParams = self.params
        if not self._held.any() or p.hours_per_member <= 0:
            return
        world = self.world
        res = world.residents
        factor = lockdown_hours_factor(world.params, week.conditions.activity_factor)
        hours = p.hours_per_member * factor * (res.party_member & self._held[res.community])
        res.hours_offered += hours
        plan.supply.residents += np.bincount(
            res.grid, weights=hours, minlength=world.layout.n_grids
        )
        self._hours = float(hours.sum())

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Days held and members' hours offered on them this week."""
        row["dedication_days"] = float(self._held.sum())
        row["dedication_hours"] = self._hours
