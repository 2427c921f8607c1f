"""Feedback (phase 4) and phase 9, adaptation: how experience moves dispositions, with memory.

Events act at once: a need resolved raises its resident's satisfaction and trust in the
RC; a need expired lowers them, and word of mouth passes a share of the trust loss to the
resident's ties. Needs left hidden wear satisfaction down (``grievance``).

Slow adaptation then moves each disposition ``x`` (satisfaction, trust in the RC,
willingness) toward its *set point* ``T + m``: ``T`` is the level the resident's present
situation supports, ``m`` a memory trace of what they experienced beyond it::

    T_satisfaction = (1 − w)·satisfaction_base + w·service_level(compound)   (w = property_weight)
    T_trust_rc     = trust_rc_base
    T_willingness  = willingness_base + g_p·took_part_recently + g_t·(trust_rc − trust_rc_base)

    x ← x + k·(T + m − x)              k = 1 − 2^(−1/h),   h = <disposition>_half_life
    m ← m + k_m·(λ·(x − T) − m)        k_m = 1 − 2^(−1/h_m), h_m = memory_half_life,
                                       λ = memory_weight (x after this week's step)

A shock pushes ``x`` away from ``T``; ``x`` returns toward ``T + m`` with half-life ``h``,
while ``m`` has moved part of the way (λ) toward the deviation, so the resident comes back
to a set point that remembers the shock, and the trace ``m`` fades only slowly: with ``x``
close to its set point, ``m`` decays at about ``k_m·(1 − λ)`` a week (half-life about
``h_m / (1 − λ)``, 52 weeks at the defaults). Two limits: λ = 0 is the former model, a fixed
set point ``T`` (no trace); ``h_m`` = 0 makes ``m = λ·(x − T)`` at once, so ``x`` returns to
``T`` at the single rate ``k·(1 − λ)``. Under a steady flow of events ``F`` a week, the
long-run level is ``T + F / (k·(1 − λ))``; the defaults (h = 11.2 weeks, k = 6%, λ = 0.5)
keep it where the former single rate of 3% a week put it. Without events ``x = T`` and
``m = 0`` stay put: dispositions stay where the population began.

Trust in strangers keeps a single rate, ``adaptation.rate``::

    trust_strangers → base + h_p·took_part_recently

Mechanisms adapt after (``adaptation`` hook: e.g. extrinsic motivation and crowding-out).

Writes: residents' ``satisfaction``, ``trust_rc``, ``willingness``, ``trust_strangers`` and
the memory traces ``satisfaction_memory``, ``trust_rc_memory``, ``willingness_memory``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.params import Scenario
from cogov.phases.dispatch import Handler
from cogov.phases.participation import recent
from cogov.population import Residents
from cogov.week import Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms


def feedback(
    sc: Scenario, res: Residents, resolved_res: np.ndarray, expired_res: np.ndarray
) -> None:
    """Apply the immediate effects of needs resolved and expired this week."""
    a = sc.adaptation
    n = res.n
    got = np.bincount(resolved_res, minlength=n).astype(float)
    lost = np.bincount(expired_res, minlength=n).astype(float)
    res.satisfaction += a.satisfaction_resolved * got - a.satisfaction_expired * lost
    spread = word_of_mouth(res, lost)
    res.trust_rc += a.trust_resolved * got - a.trust_expired * (lost + a.word_of_mouth * spread)
    np.clip(res.satisfaction, 0.0, 1.0, out=res.satisfaction)
    np.clip(res.trust_rc, 0.0, 1.0, out=res.trust_rc)


def word_of_mouth(res: Residents, lost: np.ndarray) -> np.ndarray:
    """Per resident, the mean over their ties of needs lost this week (``ties_mean @ lost``).

    One sparse mat-vec over all rows: each row is summed over the same ties in the same
    order whether or not the others are computed, and rows of residents with no tie who
    lost one are sums of zeros (0.0), so this is to the last bit what computing only the
    rows of residents with a tie who lost one gives, and cheaper than slicing those rows.
    """
    if not lost.any():
        return np.zeros(res.n)
    return res.ties_mean @ lost


def grievance(sc: Scenario, res: Residents, hidden_res: np.ndarray) -> None:
    """Needs that stay hidden wear satisfaction down a little every week."""
    hidden = np.bincount(hidden_res, minlength=res.n)
    res.satisfaction -= sc.channels.grievance_per_hidden_week * hidden
    np.clip(res.satisfaction, 0.0, 1.0, out=res.satisfaction)


def weekly_share(half_life: float) -> float:
    """The share of a gap closed in one week by a process with this half-life (0: all)."""
    return 1.0 if half_life <= 0.0 else 1.0 - 0.5 ** (1.0 / half_life)


def remember(
    x: np.ndarray, target: np.ndarray, memory: np.ndarray, half_life: float, sc: Scenario
) -> None:
    """Move ``x`` toward its set point ``target + memory``, then the memory toward experience.

    In place: ``x ← x + k·(T + m − x)``, clipped to [0, 1]; ``m ← m + k_m·(λ·(x − T) − m)``.
    """
    a = sc.adaptation
    # The same operations as the two one-line updates, in one scratch buffer.
    step = target + memory
    step -= x
    step *= weekly_share(half_life)
    x += step
    np.clip(x, 0.0, 1.0, out=x)
    np.subtract(x, target, out=step)
    step *= a.memory_weight
    step -= memory
    step *= weekly_share(a.memory_half_life)
    memory += step


def adapt_satisfaction(sc: Scenario, res: Residents, service_level: np.ndarray) -> None:
    """Satisfaction toward its base mixed with the firm's service level, plus its memory."""
    w = sc.adaptation.property_weight
    target = (1.0 - w) * res.satisfaction_base + w * service_level[res.compound]
    remember(
        res.satisfaction,
        target,
        res.satisfaction_memory,
        sc.adaptation.satisfaction_half_life,
        sc,
    )


def adapt_trust_rc(sc: Scenario, res: Residents) -> None:
    """Trust in the RC toward its initial level, plus its memory."""
    remember(
        res.trust_rc, res.trust_rc_base, res.trust_rc_memory, sc.adaptation.trust_rc_half_life, sc
    )


def adapt_willingness(sc: Scenario, res: Residents, took_part: np.ndarray) -> None:
    """Willingness toward its base, raised by taking part and by trust gained, plus memory."""
    a = sc.adaptation
    target = (
        res.willingness_base
        + a.willingness_from_participation * took_part
        + a.willingness_from_trust * (res.trust_rc - res.trust_rc_base)
    )
    remember(res.willingness, target, res.willingness_memory, a.willingness_half_life, sc)


def adapt_trust_strangers(sc: Scenario, res: Residents, took_part: np.ndarray) -> None:
    """Trust in strangers a fraction ``rate`` toward its base plus participation's gain."""
    a = sc.adaptation
    target = res.trust_strangers_base + a.trust_strangers_from_participation * took_part
    res.trust_strangers += a.rate * (target - res.trust_strangers)
    np.clip(res.trust_strangers, 0.0, 1.0, out=res.trust_strangers)


def adapt(sc: Scenario, res: Residents, service_level: np.ndarray, took_part: np.ndarray) -> None:
    """Move satisfaction, trust and willingness toward their set points, with memory.

    Willingness reads trust in the RC after this week's update (as before).
    """
    adapt_satisfaction(sc, res, service_level)
    adapt_trust_rc(sc, res)
    adapt_willingness(sc, res, took_part)
    adapt_trust_strangers(sc, res, took_part)


def perceive_rc(
    sc: Scenario,
    res: Residents,
    needs_share: np.ndarray,
    helped: np.ndarray,
    let_down: np.ndarray,
) -> None:
    """Move each resident's view of the RC toward what they saw it do this week.

    ``rc_seen_as_own`` is 1 for "our own self-governing body", 0 for "a government office".
    A resident whose need RC staff resolved this week looks toward 1; one whose voiced need
    expired unanswered toward 0 (both: toward one half); everyone else toward the share of
    their RC's staff time spent on residents rather than on tasks from above
    (``needs_share`` per community). The view moves with half-life
    ``community.rc_perception_half_life_weeks``. Measured, and read by no behaviour.

    Args:
        sc: the scenario.
        res: the residents.
        needs_share: per community, staff time share on residents' needs.
        helped: residents whose need the RC resolved this week (indices, may repeat).
        let_down: residents whose voiced need expired this week (indices, may repeat).
    """
    target = needs_share[res.community]
    seen = np.zeros(res.n)
    count = np.zeros(res.n)
    np.add.at(count, helped, 1.0)
    np.add.at(seen, helped, 1.0)
    np.add.at(count, let_down, 1.0)
    saw = count > 0
    target[saw] = seen[saw] / count[saw]
    rate = weekly_share(sc.community.rc_perception_half_life_weeks)
    res.rc_seen_as_own += rate * (target - res.rc_seen_as_own)


class AdaptationPhase:
    """Phase 9: slow updating of dispositions, then mechanisms' own adaptation.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world

    def step(self, week: Week, mechanisms: Mechanisms) -> None:
        """Run the phase for this week."""
        w = self.world
        sc, res = w.params, w.residents
        level = np.full(w.layout.n_compounds, sc.firms.unmanaged_service)
        for firm in w.property.active_firms():
            level[firm.compound] = firm.quality
        window = sc.participation.window_weeks
        took_part = recent(res.last_shallow, week.step, window) | recent(
            res.last_deep, week.step, window
        )
        adapt(sc, res, level, took_part)
        led, services = w.needs, week.services
        resolved = services.dispatch.resolved
        helped = led.resident[resolved[services.dispatch.resolved_by == Handler.RC]]
        expired = services.expired
        let_down = led.resident[expired[led.voiced_at[expired] >= 0]]
        needs_share = np.array([org.needs_share for org in w.organisations])
        perceive_rc(sc, res, needs_share, helped, let_down)
        mechanisms.adaptation(week, res)
