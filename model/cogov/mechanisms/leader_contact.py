"""Higher-level leaders assigned point to point to communities (包联 / 领导包保).

Field practice: leaders of the county or district and heads of departments are each
assigned to a community or village ("實行單位結對、領導包保、干部下沉": units paired,
leaders in charge point to point, cadres sent down; "推行縣級領導干部和縣直部門主要負責人包村
制度": county leaders and department heads each take a village). They bring attention,
money and their department's staff, and they ask for reports: Faku's "上面千條線,下面一針眼"
(a thousand threads above, one needle's eye below).

Causal pathway (state changed, never an outcome):

1. *Assignment* (set-up): ``leaders`` leaders, one per community, to the weakest first:
   the communities with the largest share of households in old compounds or village
   hamlets (ties: the lower index).
2. *Money*: each assigned community receives ``yuan_per_year`` at the start of every
   year (``income_leader_contact_yuan``), which its other spending can use.
3. *Staff sent down* (phases 2–4): the leader's department sends
   ``department_hours_per_week`` hours to the community's RC pool (``plan.supply.rc``).
4. *Pressure for reporting* (phases 2–4): reports, ledgers and visits for the leader
   take ``reporting_hours_per_week`` of the community's staff hours before any need is
   handled (taken from the RC pool, never below zero). Whether the contact helps or
   hurts a community is the balance of 2–3 against 4.

Parameters (``[mechanisms.leader_contact]``, see :class:`cogov.params.LeaderContactParams`):
``leaders`` (0–50), ``department_hours_per_week`` (h/week, 0–400), ``yuan_per_year``
(yuan/year, 0–10⁷), ``reporting_hours_per_week`` (h/week, 0–400).
"""

from __future__ import annotations

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Income, Money
from cogov.params import LeaderContactParams
from cogov.population import OLD_COMPOUND
from cogov.week import DispatchPlan, Week


class LeaderContact(Mechanism):
    """Leaders each take a community: money and staff sent down, and reports asked for."""

    name = "leader_contact"
    params_model = LeaderContactParams
    columns = ("contacted_communities", "leader_reporting_hours")
    writes = ("plan.supply", "money")

    def setup(self) -> None:
        """Assign the leaders to the weakest communities."""
        p: LeaderContactParams = self.params
        world = self.world
        lay = world.layout
        n = world.n_communities
        weak = lay.compound_kind == OLD_COMPOUND
        if lay.compound_village is not None:
            weak = weak | lay.compound_village
        hh = lay.compound_households.astype(float)
        share = np.bincount(lay.compound_community, weights=hh * weak, minlength=n) / np.maximum(
            np.bincount(lay.compound_community, weights=hh, minlength=n), 1.0
        )
        order = np.lexsort((np.arange(n), -share))
        self.contacted = np.zeros(n, dtype=bool)
        self.contacted[order[: p.leaders]] = True
        self._reporting = 0.0

    def week_start(self, week: Week, money: Money) -> None:
        """The leader brings money at the start of each year."""
        p: LeaderContactParams = self.params
        if week.conditions.new_year and p.yuan_per_year > 0:
            for c in np.flatnonzero(self.contacted):
                money.receive(int(c), Income.LEADER_CONTACT, p.yuan_per_year)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Reporting takes staff hours; the department's staff add theirs."""
        p: LeaderContactParams = self.params
        rc = plan.supply.rc
        taken = np.minimum(rc, p.reporting_hours_per_week) * self.contacted
        rc -= taken
        rc += p.department_hours_per_week * self.contacted
        self._reporting = float(taken.sum())

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Communities with a leader, and staff hours their reports took this week."""
        row["contacted_communities"] = float(self.contacted.sum())
        row["leader_reporting_hours"] = self._reporting
