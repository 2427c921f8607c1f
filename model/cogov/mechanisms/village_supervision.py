"""The village affairs supervision committee (村务监督委员会).

Field practice: villagers elect a few of their own to supervise village affairs, finances
and the committee's decisions and to take villagers' complaints. Shanghai: "在农村,建立健全
以村党组织为领导核心,村委会为主导,村民为主体,村务监督委员会、村集体经济组织和其他主体多方参与的
村级治理架构" (in the countryside, build village governance led by the village party
organisation, run by the village committee, with villagers as its main body and the village
affairs supervision committee, the collective economic organisation and others taking
part); Faku names the committee first among the rural institutions to make full use of.

Causal pathway (state changed, never an outcome), in the communities that are villages:

1. *A review every* ``review_interval_weeks`` weeks, in which the ``members`` are paid
   their allowance for the period (``allowance_yuan_per_week`` each,
   ``spending_village_supervision_yuan``); unpaid, the review is not held.
2. *Complaints taken up before they escalate* (phase 7, after the building leaders and
   the committee's cadres have tried, before escalation): a review takes up to
   ``cases_per_review`` of the village's open disputes, the oldest first, and settles each
   with chance ``settle_success`` (``mediation.ledger.settle(..., SettledBy.SUPERVISION)``).
   Fewer escalations (上访) mean less trust lost in phase 7.

Parameters (``[mechanisms.village_supervision]``, see
:class:`cogov.params.VillageSupervisionParams`): ``review_interval_weeks`` (weeks, 1–52),
``cases_per_review`` (0–200), ``settle_success`` (0–1), ``members`` (0–20),
``allowance_yuan_per_week`` (yuan/week, 0–1000).
"""

from __future__ import annotations

import numpy as np

from cogov.ledgers import SettledBy
from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import VillageSupervisionParams
from cogov.week import Mediation, Week


class VillageSupervision(Mechanism):
    """Elected villagers review village affairs and take up complaints before they escalate."""

    name = "village_supervision"
    params_model = VillageSupervisionParams
    columns = ("supervision_reviews", "disputes_settled_by_supervision")
    writes = ("mediation", "money")

    def setup(self) -> None:
        """Which communities are villages."""
        world = self.world
        self.village = np.zeros(world.n_communities, dtype=bool)
        self.village[world.params.structure.villages] = True
        self._held = np.zeros(world.n_communities, dtype=bool)
        self._settled = 0

    def week_start(self, week: Week, money: Money) -> None:
        """A review is held in a village when it is due and its members are paid."""
        p: VillageSupervisionParams = self.params
        self._settled = 0
        self._held[:] = self.village & (week.step % p.review_interval_weeks == 0)
        cost = p.members * p.allowance_yuan_per_week * p.review_interval_weeks
        if self._held.any() and cost > 0:
            for c in np.flatnonzero(self._held):
                self._held[c] = money.spend(int(c), Spending.VILLAGE_SUPERVISION, cost) > 0

    def disputes(self, week: Week, mediation: Mediation) -> None:
        """Take up the village's oldest open disputes; settle some before they escalate."""
        p: VillageSupervisionParams = self.params
        if not self._held.any() or p.cases_per_review == 0 or p.members == 0:
            return
        led = mediation.ledger
        idx = led.open_indices()
        comm = self.world.layout.compound_community[led.compound[idx]]
        keep = self._held[comm]
        idx, comm = idx[keep], comm[keep]
        if len(idx) == 0:
            return
        order = np.lexsort((led.created[idx], comm))
        idx_s, comm_s = idx[order], comm[order]
        rank = np.arange(len(idx_s)) - np.searchsorted(comm_s, comm_s)
        taken = idx_s[rank < p.cases_per_review]
        settled = taken[self.rng.random(len(taken)) < p.settle_success]
        led.settle(settled, mediation.step, SettledBy.SUPERVISION)
        self._settled = len(settled)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Reviews held and disputes the supervision committee settled this week."""
        row["supervision_reviews"] = float(self._held.sum())
        row["disputes_settled_by_supervision"] = float(self._settled)
