"""Feedback (phase 4) and phase 9, adaptation: how experience moves dispositions.

Events act at once: a need resolved raises its resident's satisfaction and trust in the
RC; a need expired lowers them, and word of mouth passes a share of the trust loss to the
resident's ties. Slow adaptation then moves each disposition a fraction ``rate`` a week
toward the level the resident's situation supports::

    satisfaction    → (1 − w)·base + w·service_level(compound)     (w = property_weight)
    trust_rc        → base
    willingness     → base + g_p·took_part_recently + g_t·(trust_rc − trust_rc_base)
    trust_strangers → base + h_p·took_part_recently

so that, without events, dispositions stay where the population began. Mechanisms adapt
after (``adaptation`` hook: e.g. extrinsic motivation and crowding-out).

Writes: residents' ``satisfaction``, ``trust_rc``, ``willingness``, ``trust_strangers``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.params import Scenario
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

    Computed only for the rows of residents with a tie who lost one: the other rows are
    sums of zeros. Each computed row is summed over the same ties in the same order as the
    full product, so the values are the same to the last bit.
    """
    spread = np.zeros(res.n)
    losers = np.flatnonzero(lost)
    if len(losers) == 0:
        return spread
    ties = res.ties
    rows = np.unique(
        np.concatenate([ties.indices[ties.indptr[i] : ties.indptr[i + 1]] for i in losers])
    )
    if len(rows):
        spread[rows] = res.ties_mean[rows] @ lost
    return spread


def grievance(sc: Scenario, res: Residents, hidden_res: np.ndarray) -> None:
    """Needs that stay hidden wear satisfaction down a little every week."""
    hidden = np.bincount(hidden_res, minlength=res.n)
    res.satisfaction -= sc.channels.grievance_per_hidden_week * hidden
    np.clip(res.satisfaction, 0.0, 1.0, out=res.satisfaction)


def adapt(sc: Scenario, res: Residents, service_level: np.ndarray, took_part: np.ndarray) -> None:
    """Move satisfaction, trust and willingness toward their experienced levels."""
    a = sc.adaptation
    r = a.rate
    w = a.property_weight
    sat_target = (1.0 - w) * res.satisfaction_base + w * service_level[res.compound]
    res.satisfaction += r * (sat_target - res.satisfaction)
    res.trust_rc += r * (res.trust_rc_base - res.trust_rc)
    will_target = (
        res.willingness_base
        + a.willingness_from_participation * took_part
        + a.willingness_from_trust * (res.trust_rc - res.trust_rc_base)
    )
    res.willingness += r * (will_target - res.willingness)
    ts_target = res.trust_strangers_base + a.trust_strangers_from_participation * took_part
    res.trust_strangers += r * (ts_target - res.trust_strangers)
    for arr in (res.satisfaction, res.trust_rc, res.willingness, res.trust_strangers):
        np.clip(arr, 0.0, 1.0, out=arr)


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
        mechanisms.adaptation(week, res)
