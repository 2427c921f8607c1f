"""Point incentives (积分管理): points for service, redeemed from the community's service fund.

Field practice: volunteers and party members earn points per task or hour of service and
per activity attended; points are redeemed for goods or services (a "points supermarket",
积分超市) at a value the community funds; star ratings (星级评定) and public rankings add
recognition. Xiaochang's three-list model runs order-taking under point management.

Causal pathway (state changed, never an outcome). Points act only through the residents who
earn them:

1. *Earning*: while the scheme runs (``start_week`` ≤ t < ``end_week``), volunteers and
   party members earn ``points_per_hour`` per hour worked on needs, and any resident
   ``points_per_activity`` per shallow activity attended (``res.points``). A resident who
   earned points in the last ``earning_window_weeks`` weeks is an *earner*.
2. *Redemption*: each week a holder redeems a share ``redeem_share_per_week`` of their
   balance at ``yuan_per_point``, paid from the service fund, 服务群众专项经费
   (``money.spend(c, Spending.POINTS, ·)``, ``spending_points_yuan``), up to
   ``budget_cap_yuan_per_year``. When the cap or the fund runs out, only part of what is
   asked is paid: the community's *credibility* ``κ`` (the share paid, smoothed with
   weight ``credibility_smoothing`` on this week) falls, and with it what points are worth.
3. *Extrinsic motive of earners*: a resident's extrinsic motivation ``xᵢ`` moves at
   ``motivation_rate`` a week toward::

       xᵢ* = extrinsic_max · vᵢ / (vᵢ + half_value_yuan_per_week) + recognition · starsᵢ / 5
       vᵢ  = yuan_per_point · κ · eᵢ        [yuan a week: what resident i's points are worth]
       eᵢ  = points i earned in the last earning_window_weeks weeks / earning_window_weeks
             (= (points_per_hour · hours worked + points_per_activity · activities) a week)

   with ``starsᵢ = min(5, points i has earned / points_per_star)``, for earners while points
   are issued; ``xᵢ* = 0`` for everyone else (a resident who never earned keeps ``xᵢ = 0``;
   one who stops earning, or every earner once points stop, loses it at ``motivation_rate``).
   Their own ``xᵢ`` raises volunteers' hours offered (motivation intrinsic + extrinsic −
   burnout, 7.5), party members' hours (× (1 + xᵢ)), recruitment into teams, and, while
   activities earn points, their shallow participation (logit term ``activity_incentive ·
   xᵢ``).
4. *Crowding-out* (motivation-crowding theory, Frey & Jegen 2001): an earner's intrinsic
   motivation ``iᵢ`` moves at ``crowding_rate`` a week toward ``max(0, iᵢ₀ − crowding_out ·
   xᵢ)``; a non-earner's recovers toward ``iᵢ₀`` at ``intrinsic_recovery``. Intrinsic
   motivation enters volunteers' hours and quitting, and shallow participation through the
   term ``participation.intrinsic_shift_weight · (iᵢ − iᵢ₀)`` (7.4), which is 0 in a run
   without points. When points stop, ``xᵢ`` and the incentive term go within weeks but
   ``iᵢ`` recovers only slowly, so former earners take part *less* than the same residents
   in a run that never had points (``points_withdrawn``; :func:`former_earners_participation`
   pairs the two runs by seed and resident).

Parameters (``[mechanisms.point_incentives]``, see
:class:`cogov.params.PointIncentivesParams`): ``start_week``, ``end_week`` (weeks; 0 =
never), ``points_per_hour`` (points/h, 0–1000), ``points_per_activity`` (points, 0–1000),
``yuan_per_point`` (yuan, 0–100), ``redeem_share_per_week`` (1/week, 0–1),
``budget_cap_yuan_per_year`` (yuan/year), ``extrinsic_max`` (0–1),
``half_value_yuan_per_week`` (yuan/week), ``recognition`` (0–1), ``points_per_star``
(points), ``motivation_rate`` (1/week), ``activity_incentive`` (logit per unit extrinsic),
``crowding_out`` (0–1), ``crowding_rate`` and ``intrinsic_recovery`` (1/week),
``credibility_smoothing`` (0–1), ``earning_window_weeks`` (weeks); and, in
``[participation]``, ``intrinsic_shift_weight`` (logit per unit intrinsic motivation).

Columns: ``points_issued``, ``points_redeemed``, ``points_credibility``,
``points_earners_share`` (share of residents who are earners), ``former_earners_shallow``
(after withdrawal: share of former earners, those who earned in the 52 weeks before
``end_week``, who attended a shallow activity in the participation window; NaN before).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import PointIncentivesParams
from cogov.phases.dispatch import DispatchResult
from cogov.phases.participation import recent
from cogov.population import Residents
from cogov.week import DispatchPlan, ParticipationInputs, Week

if TYPE_CHECKING:
    from cogov.model import CommunityModel

NEVER = -10_000
WEEKS_PER_YEAR = 52
#: Former earners are residents who earned points in this many weeks before withdrawal.
FORMER_EARNER_WEEKS = 52


class PointIncentives(Mechanism):
    """Points per hour of service and per activity, redeemed for yuan from the budget."""

    name = "point_incentives"
    params_model = PointIncentivesParams
    columns = (
        "points_issued",
        "points_redeemed",
        "points_credibility",
        "points_earners_share",
        "former_earners_shallow",
    )
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
        # points earned in each of the last earning_window_weeks weeks (a ring, row step % W)
        self.recent_points = np.zeros((self.params.earning_window_weeks, res.n))
        self.last_paid = np.full(res.n, NEVER, dtype=np.int64)
        self.credibility = np.ones(n_comm)
        self.cap_left = np.full(n_comm, self.params.budget_cap_yuan_per_year)
        self._issued = 0.0
        self._redeemed = 0.0
        self._scheduled_end = self.params.end_week  # kept when switched off and on again

    def start(self, step: int) -> None:
        """Switched on mid-run: as at set-up, and this year's cap is what is left of the year's.

        The cap is the scheme's own yearly allowance; started in week ``w`` of a year the
        scheme has ``(52 − w + 1) / 52`` of it until the new year.
        """
        self.setup()
        left = WEEKS_PER_YEAR - (step - 1) % WEEKS_PER_YEAR
        self.cap_left *= left / WEEKS_PER_YEAR
        if 0 < self.params.end_week <= step:  # a withdrawal week already past does not apply
            self.params = self.params.model_copy(update={"end_week": 0})

    def stop(self, step: int) -> bool:
        """Switched off: points are withdrawn from ``step`` (as ``end_week``).

        Balances can still be redeemed and motivation winds down, so the scheme stays in the
        run.
        """
        self._scheduled_end = self.params.end_week
        self.params = self.params.model_copy(update={"end_week": int(step)})
        return True

    def resume(self, step: int) -> None:
        """Switched on again: points are issued again from ``step`` (balances kept).

        A withdrawal the scenario schedules later (``end_week``) still applies.
        """
        end = self._scheduled_end if self._scheduled_end > step else 0
        self.params = self.params.model_copy(update={"start_week": int(step), "end_week": end})

    def running(self, step: int) -> bool:
        """True in the weeks points are issued."""
        p: PointIncentivesParams = self.params
        return step >= p.start_week and (p.end_week == 0 or step < p.end_week)

    def earners(self, step: int) -> np.ndarray:
        """Residents who earned points in the last ``earning_window_weeks`` weeks."""
        return step - self.last_paid < self.params.earning_window_weeks

    def former_earners(self) -> np.ndarray:
        """Residents who earned points in the 52 weeks before withdrawal (none if never)."""
        end = self.params.end_week
        if end == 0:
            return np.zeros(len(self.last_paid), dtype=bool)
        return self.last_paid >= end - FORMER_EARNER_WEEKS

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
        self.recent_points[week.step % len(self.recent_points)] = 0.0  # a new week's row
        if not self.running(week.step):
            return
        res = self.world.residents
        earn = self.params.points_per_hour * res.hours_worked * (res.volunteer | res.party_member)
        self._award(earn, week.step)

    def participation(self, week: Week, inputs: ParticipationInputs) -> None:
        """While attending earns points, each resident's own extrinsic motive draws them in."""
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
        earners = self.earners(step)
        if running:
            window = len(self.recent_points)
            per_week = self.recent_points.sum(axis=0) / window  # points a week, own
            value = p.yuan_per_point * self.credibility[res.community] * per_week
            stars = np.minimum(5.0, self.earned / p.points_per_star)
            target = np.where(
                earners,
                p.extrinsic_max * value / (value + p.half_value_yuan_per_week)
                + p.recognition * stars / 5.0,
                0.0,
            )
        else:
            target = 0.0
        res.extrinsic += p.motivation_rate * (target - res.extrinsic)
        np.clip(res.extrinsic, 0.0, 1.0, out=res.extrinsic)
        crowded = np.maximum(0.0, self.intrinsic0 - p.crowding_out * res.extrinsic)
        rate = np.where(earners, p.crowding_rate, p.intrinsic_recovery)
        goal = np.where(earners, crowded, self.intrinsic0)
        res.intrinsic += rate * (goal - res.intrinsic)
        np.clip(res.intrinsic, 0.0, 1.0, out=res.intrinsic)

    def _award(self, points: np.ndarray, step: int) -> None:
        got = points > 0
        if not got.any():
            return
        res = self.world.residents
        res.points += points
        self.earned += points
        self.recent_points[step % len(self.recent_points)] += points
        self.last_paid[got] = step
        self._issued += float(points.sum())

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Points issued and redeemed, credibility, earners, former earners' participation."""
        step = week.step
        row["points_issued"] = self._issued
        row["points_redeemed"] = self._redeemed
        row["points_credibility"] = float(self.credibility.mean())
        row["points_earners_share"] = float(self.earners(step).mean())
        former = self.former_earners()
        if self.params.end_week and step >= self.params.end_week and former.any():
            window = self.world.params.participation.window_weeks
            took_part = recent(self.world.residents.last_shallow[former], step, window)
            row["former_earners_shallow"] = float(took_part.mean())
        else:
            row["former_earners_shallow"] = float("nan")


@dataclass(frozen=True)
class FormerEarners:
    """Former earners' shallow attendance after withdrawal, and the same residents' unpaid.

    Attributes:
        weeks: the weeks measured (first, last), inclusive.
        former_earners: how many residents earned points in the year before withdrawal.
        withdrawn: their mean weekly shallow attendance in the run whose points were withdrawn.
        baseline: the same residents' (by index) in the never-points run with the same seed.
        others_withdrawn: the other residents' in the withdrawn run.
        others_baseline: the other residents' in the never-points run.
    """

    weeks: tuple[int, int]
    former_earners: int
    withdrawn: float
    baseline: float
    others_withdrawn: float
    others_baseline: float

    @property
    def gap(self) -> float:
        """Former earners' attendance, withdrawn minus never-points (negative: crowded out)."""
        return self.withdrawn - self.baseline


def former_earners_participation(
    withdrawn: CommunityModel, baseline: CommunityModel, weeks: tuple[int, int]
) -> FormerEarners:
    """Run a points-withdrawn model and its never-points pair; compare former earners.

    Both models are stepped, week by week, to ``weeks[1]``, counting each resident's shallow
    activities in ``weeks`` (inclusive). Former earners are found in ``withdrawn`` (earned
    points in the 52 weeks before ``end_week``) and looked up by resident index in
    ``baseline``: with the same seed both runs have the same residents.

    Args:
        withdrawn: a model with point incentives and an ``end_week``, not yet past ``weeks[0]``.
        baseline: the same scenario without points, same seed, at the same step.
        weeks: the weeks to measure, after ``end_week``.
    """
    mech = withdrawn.mechanisms.by_name("point_incentives")
    end = mech.params.end_week
    if end == 0 or weeks[0] < end or weeks[1] < weeks[0]:
        raise ValueError(f"weeks {weeks} must come after withdrawal (end_week {end})")
    if any(m.name == "point_incentives" for m in baseline.mechanisms):
        raise ValueError("the baseline run must have no point incentives")
    if withdrawn.seed != baseline.seed:
        raise ValueError(f"seeds differ: {withdrawn.seed} and {baseline.seed}")
    runs = (withdrawn, baseline)
    n = withdrawn.world.residents.n
    starts = [r.participation_phase.intrinsic_start for r in runs]
    if baseline.world.residents.n != n or not np.array_equal(*starts):
        raise ValueError("the two runs do not have the same residents")
    if any(r.steps >= weeks[0] or r.steps != withdrawn.steps for r in runs):
        raise ValueError("both runs must be at the same step, before the weeks measured")
    counts = np.zeros((2, n))
    while withdrawn.steps < weeks[1]:
        for k, model in enumerate(runs):
            model.step()
            if model.steps >= weeks[0]:
                counts[k] += model.world.residents.last_shallow == model.steps
    rate = counts / (weeks[1] - weeks[0] + 1)
    former = mech.former_earners()
    return FormerEarners(
        weeks=weeks,
        former_earners=int(former.sum()),
        withdrawn=float(rate[0][former].mean()),
        baseline=float(rate[1][former].mean()),
        others_withdrawn=float(rate[0][~former].mean()),
        others_baseline=float(rate[1][~former].mean()),
    )
