"""Point incentives (积分管理): points for service, redeemed from the community budget.

Field practice: volunteers and party members earn points per task or hour of service and
per activity attended; points are redeemed for goods or services (a "points supermarket",
积分超市) at a value the community funds; star ratings (星级评定) and public rankings add
recognition. Xiaochang's three-list model runs order-taking under point management.

Causal pathway (state changed, never an outcome):

1. *Earning*: while the scheme runs (``start_week`` ≤ t < ``end_week``), volunteers and
   party members earn ``points_per_hour`` per hour worked on needs, and everyone earns
   ``points_per_activity`` per shallow activity attended (``res.points``).
2. *Redemption*: each week a holder redeems a share ``redeem_share_per_week`` of their
   balance at ``yuan_per_point``, paid from the community budget (``money.spend(c,
   Spending.POINTS, ·)``, ``spending_points_yuan``) up to ``budget_cap_yuan_per_year``. When the
   cap or the budget runs out, only part of what is asked is paid: the community's
   *credibility* ``κ`` (the share paid, smoothed with weight ``credibility_smoothing`` on
   this week) falls, and with it what points are worth.
3. *Extrinsic motivation* ``x`` moves at ``motivation_rate`` a week toward::

       x* = extrinsic_max · v / (v + half_value_yuan_per_hour) + recognition · stars / 5
       v  = points_per_hour · yuan_per_point · κ            [yuan per hour of service]

   (``stars = min(5, points earned / points_per_star)``; ``x* = 0`` once points stop).
   Extrinsic motivation raises volunteers' hours offered (their motivation is intrinsic +
   extrinsic − burnout), party members' hours (× (1 + x)), recruitment into teams, and
   shallow participation (logit term ``activity_incentive · x`` while points are issued).
4. *Crowding-out* (motivation-crowding theory): the intrinsic motivation ``i`` of those
   paid points in the last ``crowding_window_weeks`` weeks moves at ``crowding_rate`` a week toward
   ``i₀ − crowding_out · x``; others' recovers toward ``i₀`` at ``intrinsic_recovery``.
   When points stop or lose value, ``x`` falls at once but ``i`` only slowly recovers, so
   motivation ends below where it began (the ``points_withdrawn`` scenario).

Parameters (``[mechanisms.point_incentives]``, see
:class:`cogov.params.PointIncentivesParams`): ``start_week``, ``end_week`` (weeks; 0 =
never), ``points_per_hour`` (points/h, 0–1000), ``points_per_activity`` (points, 0–1000),
``yuan_per_point`` (yuan, 0–100), ``redeem_share_per_week`` (1/week, 0–1),
``budget_cap_yuan_per_year`` (yuan/year), ``extrinsic_max`` (0–1),
``half_value_yuan_per_hour`` (yuan/h), ``recognition`` (0–1), ``points_per_star``
(points), ``motivation_rate`` (1/week), ``activity_incentive`` (logit), ``crowding_out``
(0–1), ``crowding_rate`` and ``intrinsic_recovery`` (1/week), ``credibility_smoothing``
(0–1), ``crowding_window_weeks`` (weeks).
"""

from __future__ import annotations

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import PointIncentivesParams
from cogov.phases.dispatch import DispatchResult
from cogov.population import Residents
from cogov.week import DispatchPlan, ParticipationInputs, Week

NEVER = -10_000


class PointIncentives(Mechanism):
    """Points per hour of service and per activity, redeemed for yuan from the budget."""

    name = "point_incentives"
    params_model = PointIncentivesParams
    columns = ("points_issued", "points_redeemed", "points_credibility")
    writes = (
        "residents.points",
        "residents.extrinsic",
        "residents.intrinsic",
        "residents.hours_offered",
        "plan.supply",
        "inputs.incentive_shallow",
        "money",
    )

    def setup(self) -> None:
        """Remember initial intrinsic motivation; start every balance at zero."""
        world = self.world
        res = world.residents
        n_comm = world.n_communities
        self.intrinsic0 = res.intrinsic.copy()
        self.earned = np.zeros(res.n)  # cumulative points earned (for star ratings)
        self.last_paid = np.full(res.n, NEVER, dtype=np.int64)
        self.credibility = np.ones(n_comm)
        self.cap_left = np.full(n_comm, self.params.budget_cap_yuan_per_year)
        self._issued = 0.0
        self._redeemed = 0.0

    def running(self, step: int) -> bool:
        """True in the weeks points are issued."""
        p: PointIncentivesParams = self.params
        return step >= p.start_week and (p.end_week == 0 or step < p.end_week)

    def week_start(self, week: Week, money: Money) -> None:
        """Renew the yearly cap; holders redeem part of their balance, paid from the budget."""
        p: PointIncentivesParams = self.params
        res = self.world.residents
        self._issued = self._redeemed = 0.0
        if week.conditions.new_year:
            self.cap_left[:] = p.budget_cap_yuan_per_year
        asked = res.points * p.redeem_share_per_week
        if p.yuan_per_point <= 0 or not asked.any():
            return
        n_comm = self.world.n_communities
        asked_c = np.bincount(res.community, weights=asked, minlength=n_comm) * p.yuan_per_point
        ratio = np.ones(n_comm)
        for c in np.flatnonzero(asked_c > 0):
            want = float(min(asked_c[c], self.cap_left[c]))
            paid = money.spend(int(c), Spending.POINTS, want) if want > 0 else 0.0
            self.cap_left[c] -= paid
            ratio[c] = paid / asked_c[c]
            k = p.credibility_smoothing
            self.credibility[c] = (1.0 - k) * self.credibility[c] + k * ratio[c]
        redeemed = asked * ratio[res.community]
        res.points -= redeemed
        self._redeemed = float(redeemed.sum())

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Party members outside volunteer teams offer more hours with extrinsic motivation."""
        res = self.world.residents
        members = res.party_member & ~res.volunteer
        extra = np.where(members, res.hours_offered * res.extrinsic, 0.0)
        res.hours_offered += extra
        plan.supply.residents += np.bincount(
            res.grid, weights=extra, minlength=len(plan.supply.residents)
        )

    def dispatch_done(self, week: Week, result: DispatchResult) -> None:
        """Volunteers and party members earn points for the hours they worked."""
        if not self.running(week.step):
            return
        res = self.world.residents
        earn = self.params.points_per_hour * res.hours_worked * (res.volunteer | res.party_member)
        self._award(earn, week.step)

    def participation(self, week: Week, inputs: ParticipationInputs) -> None:
        """Points for attending make shallow activities more attractive while they are issued."""
        if self.running(week.step) and self.params.points_per_activity > 0:
            extrinsic = self.world.residents.extrinsic
            inputs.incentive_shallow += self.params.activity_incentive * extrinsic

    def adaptation(self, week: Week, residents: Residents) -> None:
        """Points for this week's activities; extrinsic motivation; crowding-out."""
        p: PointIncentivesParams = self.params
        res = residents
        step = week.step
        running = self.running(step)
        if running and p.points_per_activity > 0:
            self._award(p.points_per_activity * (res.last_shallow == step), step)
        if running:
            value = p.points_per_hour * p.yuan_per_point * self.credibility[res.community]
            stars = np.minimum(5.0, self.earned / p.points_per_star)
            target = (
                p.extrinsic_max * value / (value + p.half_value_yuan_per_hour)
                + p.recognition * stars / 5.0
            )
        else:
            target = 0.0
        res.extrinsic += p.motivation_rate * (target - res.extrinsic)
        np.clip(res.extrinsic, 0.0, 1.0, out=res.extrinsic)
        paid = step - self.last_paid < p.crowding_window_weeks
        crowded = np.maximum(0.0, self.intrinsic0 - p.crowding_out * res.extrinsic)
        rate = np.where(paid, p.crowding_rate, p.intrinsic_recovery)
        goal = np.where(paid, crowded, self.intrinsic0)
        res.intrinsic += rate * (goal - res.intrinsic)
        np.clip(res.intrinsic, 0.0, 1.0, out=res.intrinsic)

    def _award(self, points: np.ndarray, step: int) -> None:
        got = points > 0
        if not got.any():
            return
        res = self.world.residents
        res.points += points
        self.earned += points
        self.last_paid[got] = step
        self._issued += float(points.sum())

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Points issued and redeemed, and the credibility of the scheme, this week."""
        row["points_issued"] = self._issued
        row["points_redeemed"] = self._redeemed
        row["points_credibility"] = float(self.credibility.mean())
