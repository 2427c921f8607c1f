"""The street's big working committee (大工委) with part-time members (兼职委员).

Field practice: regional party building (区域化党建) has the street's party working
committee co-opt the party leaders of units stationed in or paired with its communities
as part-time members, so that units no longer serve only the one community they are
paired with. Faku: "在社區,通過“大工委”建設、社區“兼職委員”等措施,把過去單打一、碎片化的
共建組織模式,推動從“單打獨鬥”向“整體作戰”轉變" (in communities, through the big working
committee and part-time members, turn the fragmented model of joint building from
fighting alone to fighting as a whole); the essays: "健全街道建“大工委”、社区建“大党委”"
(the street builds a big working committee, the community a big party committee);
Xiaochang: unit party leaders "吸納為兼職委員" (co-opted as part-time members).

Causal pathway (state changed, never an outcome):

1. *Co-option* (set-up): each paired unit of the street has its party leader co-opted
   with chance ``coopt_share``.
2. *Commitment* (phases 2–4): a co-opted unit adds ``extra_hours_per_unit`` hours a
   week to what it gave as a paired unit (``PairedUnit.hours_per_week`` when it reported
   under dual reporting, else nothing).
3. *Fighting as a whole*: with ``pool_across_street`` the co-opted units' hours, their
   own and the added ones, leave the units' pool of the community they are paired with
   and are shared among all the street's communities in proportion to their open voiced
   needs (``plan.supply.units``); without it the added hours stay with the unit's own
   community. The policy lists units once any unit gives hours.

The committee's meetings are the street's, paid by the district (no community spending).

Parameters (``[mechanisms.big_working_committee]``, see
:class:`cogov.params.BigWorkingCommitteeParams`): ``coopt_share`` (0–1),
``extra_hours_per_unit`` (h/week, 0–200), ``pool_across_street`` (flag).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.mechanisms.street_pool import backlog_shares
from cogov.params import BigWorkingCommitteeParams
from cogov.week import DispatchPlan, Week


class BigWorkingCommittee(Mechanism):
    """Unit leaders co-opted onto the street's committee; their units serve the whole street."""

    name = "big_working_committee"
    params_model = BigWorkingCommitteeParams
    columns = ("co_opted_units", "pooled_unit_hours")
    writes = ("plan.policy", "plan.supply")

    def setup(self) -> None:
        """Co-opt the units' party leaders as part-time members."""
        p: BigWorkingCommitteeParams = self.params
        units = self.world.paired_units
        draw = self.rng.random(len(units))
        self.coopted = [u for u, d in zip(units, draw, strict=True) if d < p.coopt_share]
        self._pooled = 0.0

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Co-opted units are on the supply list."""
        if plan.policy.use_units or not self._gives_hours():
            return
        plan.policy = replace(plan.policy, use_units=True)

    def _gives_hours(self) -> bool:
        extra = self.params.extra_hours_per_unit > 0
        return bool(self.coopted) and (extra or any(u.reported for u in self.coopted))

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Co-opted units give more hours; pooled, they go where the street's backlog is."""
        p: BigWorkingCommitteeParams = self.params
        self._pooled = 0.0
        if not self.coopted:
            return
        n = self.world.n_communities
        own = np.zeros(n)  # what co-opted units already give their own community
        for u in self.coopted:
            if u.reported:
                own[u.community] += u.hours_per_week
        extra = np.bincount([u.community for u in self.coopted], minlength=n).astype(float)
        extra *= p.extra_hours_per_unit
        if not p.pool_across_street:
            plan.supply.units += extra
            return
        pool = float(own.sum() + extra.sum())
        plan.supply.units -= own
        plan.supply.units += pool * backlog_shares(self.world, n)
        self._pooled = pool

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Co-opted units and the hours pooled across the street this week."""
        row["co_opted_units"] = float(len(self.coopted))
        row["pooled_unit_hours"] = self._pooled
