"""The street (街道): its own staff, sent to its communities where the backlog is.

Field practice: a street (sub-district) office runs several communities; after the
Shanghai reform its work turns to public services and community governance, and its
spending is fully paid by the district ("街道经费支出由区政府全额保障"), not by the
communities. Its staff are sent down (下沉) to communities as the work requires.

Causal pathway (state changed, never an outcome):

1. *Staff hours* (phases 2–4): the street's ``staff`` give ``hours_per_week`` each to the
   communities' needs; each week these hours are shared among the communities in
   proportion to their open voiced needs (equally when none has any) and added to the
   RC pool of each (``plan.supply.rc``), so a community with a larger backlog gets more
   of the street's help.

The street's staff cost the communities' budgets nothing (the district pays), so no
spending is recorded for them.

Parameters (``[mechanisms.street_pool]``, see :class:`cogov.params.StreetPoolParams`):
``staff`` (workers, 0–500), ``hours_per_week`` (h/week, 0–80).
"""

from __future__ import annotations

import numpy as np

from cogov.ledgers import VOICED
from cogov.mechanisms.base import Mechanism
from cogov.params import StreetPoolParams
from cogov.week import DispatchPlan, Week


def backlog_shares(world, n_communities: int) -> np.ndarray:
    """Per community, its share of the open voiced needs (equal shares when there are none)."""
    led = world.needs
    idx = led.open_with(VOICED)
    counts = np.bincount(
        world.residents.community[led.resident[idx]], minlength=n_communities
    ).astype(float)
    total = counts.sum()
    return counts / total if total > 0 else np.full(n_communities, 1.0 / n_communities)


class StreetPool(Mechanism):
    """The street's own staff, shared out to its communities by their backlog."""

    name = "street_pool"
    params_model = StreetPoolParams
    columns = ("street_staff_hours",)
    writes = ("plan.supply",)

    def setup(self) -> None:
        """The street's weekly hours for its communities."""
        p: StreetPoolParams = self.params
        self.hours = p.staff * p.hours_per_week

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Send the street's hours to the communities with the larger backlogs."""
        if self.hours <= 0:
            return
        n = self.world.n_communities
        plan.supply.rc += self.hours * backlog_shares(self.world, n)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """The street's staff hours on offer this week."""
        row["street_staff_hours"] = float(self.hours)
