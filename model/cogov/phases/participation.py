"""Phase 5, participation: residents take part, shallow or deep; volunteers join, tire or quit.

Each week every resident may attend a *shallow* activity (cleaning, culture, donations,
patrols) and may take part in *deep* governance (deliberation, elections, OC work). The
chance is a logistic function of willingness, trust in the RC, trust in strangers in one's
own community (activities are held with neighbours one may not know), the share of one's
ties who took part recently (peer effect), an invitation from a building leader, time
(employed and studying residents have less) and any incentive a mechanism offers::

    logit p_shallow = a_s + w_w·willingness + w_t·trust_rc + w_s·trust_strangers
                      + w_p·peers + w_i·invited − c·employed + b·elderly + incentive_shallow
                      + w_m·(intrinsic − intrinsic at start)
    logit p_deep    = a_d + w_dw·willingness + w_t·trust_rc + w_s·trust_strangers
                      + s_p·w_p·peers + w_o·oc_activeness + w_i·invited − c·employed
                      + incentive_deep

The last term (``w_m`` = ``intrinsic_shift_weight``) lets a change of a resident's intrinsic
motivation to serve show in their attendance: when a reward crowds that motive out
(motivation-crowding theory, Frey & Jegen 2001; point incentives, 7.9.3), they attend less
once the reward is gone. It is measured from the resident's own level at the start, so it is
exactly 0 in a run where nothing moves intrinsic motivation (the baseline is unchanged).

Activities cost the community budget per place; when funds run out, fewer are held (the
*shrink* rule of :mod:`cogov.money`: only the places the money left affords, drawn at
random among those who would come; the places not held are ``shortfall_activities_yuan``).
Mechanisms add incentives and invitations first (``participation`` hook, on a
:class:`cogov.week.ParticipationInputs`).

Reads: residents' dispositions (intrinsic motivation against its level at the start), ties
and roles; OCs' activeness; budgets. Writes: residents' ``last_shallow``, ``last_deep``,
``invited``, ``burnout``, ``volunteer``; activity spending. Streams: ``participation``,
``volunteers``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from cogov.money import FUND_OF, Spending
from cogov.params import Scenario
from cogov.population import Residents
from cogov.week import ParticipationInputs, ParticipationRecord, Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms


@dataclass
class ParticipationResult:
    """Who took part this week."""

    shallow: np.ndarray  # bool per resident
    deep: np.ndarray
    spent_yuan: float
    wanted_places: np.ndarray | None = None  # per community, places before the budget cut


def _sigmoid(x: np.ndarray) -> np.ndarray:
    """``1 / (1 + exp(-x))``, the same operations in one buffer (``x`` is left as it was)."""
    out = np.negative(x)
    np.exp(out, out=out)
    np.add(out, 1.0, out=out)
    return np.divide(1.0, out, out=out)


def invite_rates(
    res: Residents, n_buildings: int, per_leader: float, extra_inviters: np.ndarray | None = None
) -> np.ndarray:
    """Chance, per building, that a resident is invited this week by its leaders."""
    inviters = (
        res.building_leader if extra_inviters is None else res.building_leader | extra_inviters
    )
    leaders = np.bincount(res.building[inviters], minlength=n_buildings)
    size = np.bincount(res.building, minlength=n_buildings)
    return np.minimum(1.0, leaders * per_leader / np.maximum(size, 1))


def recent(last: np.ndarray, step: int, window: int) -> np.ndarray:
    """True where the last participation falls within the rolling window ending at ``step``."""
    return last > step - window


def decide(
    sc: Scenario,
    res: Residents,
    inputs: ParticipationInputs,
    step: int,
    oc_active_compound: np.ndarray,
    budget_left: np.ndarray,
    rng: np.random.Generator,
    intrinsic_start: np.ndarray,
) -> ParticipationResult:
    """Draw this week's shallow and deep participation, within each community's budget.

    ``intrinsic_start`` is each resident's intrinsic motivation at the start of the run.
    """
    p = sc.participation
    window = p.window_weeks
    took_part = recent(res.last_shallow, step - 1, window) | recent(res.last_deep, step - 1, window)
    peers = res.ties_mean @ took_part.astype(float)
    res.invited = rng.random(res.n) < inputs.invite_rate[res.building]
    # The logits are summed term by term in the order written in the module's docstring
    # (left to right, as the one-line expressions did), in place to spare temporaries.
    common = p.trust_weight * res.trust_rc
    common += p.trust_strangers_weight * res.trust_strangers
    common += p.invitation_weight * res.invited
    common -= p.time_cost_employed * res.employed
    shallow_logit = np.add(p.shallow_intercept, p.willingness_weight * res.willingness)
    shallow_logit += p.peer_weight * peers
    shallow_logit += p.elderly_time_bonus * res.elderly
    shallow_logit += common
    shallow_logit += inputs.incentive_shallow
    shallow_logit += p.intrinsic_shift_weight * (res.intrinsic - intrinsic_start)
    deep_logit = np.add(p.deep_intercept, p.deep_willingness_weight * res.willingness)
    deep_logit += p.deep_peer_share * p.peer_weight * peers
    deep_logit += p.deep_oc_weight * oc_active_compound[res.compound]
    deep_logit += common
    deep_logit += inputs.incentive_deep
    p_shallow = _sigmoid(shallow_logit) * inputs.activity_factor
    u = rng.random((2, res.n))
    shallow = u[0] < p_shallow
    deep = u[1] < _sigmoid(deep_logit)
    # Shallow activities cost the community per place; keep within what is left.
    cost = sc.community.activity_cost_yuan
    spent = 0.0
    places = None
    if cost > 0:
        n_comm = len(budget_left)
        places = np.bincount(res.community[shallow], minlength=n_comm)
        affordable = np.floor(budget_left / cost).astype(np.int64)
        for c in np.flatnonzero(places > affordable):
            who = np.flatnonzero(shallow & (res.community == c))
            drop = rng.choice(who, size=len(who) - affordable[c], replace=False)
            shallow[drop] = False
        spent = float(np.count_nonzero(shallow) * cost)
    return ParticipationResult(shallow=shallow, deep=deep, spent_yuan=spent, wanted_places=places)


def update_volunteers(
    sc: Scenario, res: Residents, shallow: np.ndarray, rng: np.random.Generator
) -> tuple[np.ndarray, np.ndarray]:
    """Burnout from hours worked; recruitment and quitting. Returns (joined, left) indices."""
    s = sc.supply
    # The same operations as the one-line expressions, with fewer temporaries.
    over = res.hours_worked - s.burnout_threshold
    np.maximum(0.0, over, out=over)
    over *= s.burnout_rate
    burnout = res.burnout * (1 - s.burnout_recovery)
    burnout += over
    res.burnout = np.clip(burnout, 0, 1)
    u = rng.random((2, res.n))
    joins = (
        ~res.volunteer
        & shallow
        & (res.willingness > s.recruit_willingness_threshold)
        & (u[0] < s.recruit_rate * (1.0 + s.recruit_extrinsic_weight * res.extrinsic))
    )
    motivation = res.intrinsic + res.extrinsic
    motivation -= res.burnout
    np.clip(motivation, 0.0, 1.0, out=motivation)
    quit_chance = np.subtract(1.0, motivation, out=motivation)
    quit_chance *= s.quit_rate  # s.quit_rate * (1 - motivation)
    quits = res.volunteer & (u[1] < quit_chance)
    res.volunteer = (res.volunteer | joins) & ~quits
    return np.flatnonzero(joins), np.flatnonzero(quits)


class ParticipationPhase:
    """Phase 5: residents take part, shallow or deep; volunteers join, tire or quit.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        self.rng = world.streams["participation"]
        self.volunteer_rng = world.streams["volunteers"]
        self.intrinsic_start = world.residents.intrinsic.copy()

    def step(self, week: Week, mechanisms: Mechanisms) -> ParticipationRecord:
        """Run the phase for this week and return its record."""
        w = self.world
        sc, res = w.params, w.residents
        step = week.step
        inputs = ParticipationInputs(
            incentive_shallow=np.zeros(res.n),
            incentive_deep=np.zeros(res.n),
            invite_rate=invite_rates(
                res, w.layout.n_buildings, sc.participation.invitations_per_leader
            ),
            activity_factor=week.conditions.activity_factor,
        )
        mechanisms.participation(week, inputs)
        oc_active = w.property.oc_activeness()
        budget = np.array([org.fund_left[FUND_OF[Spending.ACTIVITIES]] for org in w.organisations])
        out = decide(sc, res, inputs, step, oc_active, budget, self.rng, self.intrinsic_start)
        res.last_shallow[out.shallow] = step
        res.last_deep[out.deep] = step
        if out.wanted_places is not None and out.wanted_places.any():
            cost = sc.community.activity_cost_yuan
            per_comm = np.bincount(res.community[out.shallow], minlength=w.n_communities) * cost
            wanted = out.wanted_places * cost
            for c, yuan in enumerate(per_comm):
                week.money.spend(c, Spending.ACTIVITIES, float(yuan), asked=float(wanted[c]))
        update_volunteers(sc, res, out.shallow, self.volunteer_rng)
        return ParticipationRecord(shallow=out.shallow, deep=out.deep)
