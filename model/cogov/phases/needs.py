"""Phase 1, needs (群众点单): needs arise, are voiced through a channel or stay hidden.

Each week every resident may raise needs (:class:`NeedProcess`); a new need is voiced if a
channel reaches the resident and they trust the RC enough (:func:`voice_probability`),
otherwise it stays hidden. Older hidden needs may be voiced later after all, or be found
on a grid patrol (巡查发现); mechanisms may surface more (``needs`` hook, e.g. joint
meetings). Every need is a row of :class:`cogov.ledgers.NeedLedger`.

Reads: residents (trust, age, building), leaders, patrol coverage. Writes: the need ledger
(new needs, voicing). Streams: ``needs`` (arising), ``channels`` (voicing, patrols).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.ledgers import HIDDEN, NeedLedger
from cogov.params import NEED_CATEGORIES, Scenario
from cogov.population import COMPOUND_KINDS, ELDERLY, Layout, Residents
from cogov.week import NeedsRecord, Voicing, Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms

OLD_COMPOUND = COMPOUND_KINDS.index("old_compound")


class NeedProcess:
    """Arising, voicing, patrol discovery and expiry of needs.

    Rates per resident and week: ``rate × elderly_factor^[elderly] ×
    low_income_factor^[low income] × old_compound_factor^[old compound] ×
    epidemic_factor^[epidemic] × rate_scale``.
    """

    def __init__(self, sc: Scenario, layout: Layout, res: Residents):
        self.sc = sc
        cats = sc.needs.categories()
        self.hours = np.array([c.hours for c in cats])
        self.patience = np.array([c.patience_weeks for c in cats], dtype=np.int32)
        self.property = np.array([c.property_service for c in cats])
        base = np.array([c.rate for c in cats]) * sc.needs.rate_scale
        elderly = res.age == ELDERLY
        old = layout.compound_kind[res.compound] == OLD_COMPOUND
        # (n_residents, n_categories) rates, without the epidemic factor.
        self.rates = (
            base[None, :]
            * np.where(elderly[:, None], [c.elderly_factor for c in cats], 1.0)
            * np.where(res.low_income[:, None], [c.low_income_factor for c in cats], 1.0)
            * np.where(old[:, None], [c.old_compound_factor for c in cats], 1.0)
        )
        self.epidemic = np.array([c.epidemic_factor for c in cats])
        self._total = self.rates.sum(axis=1)
        self._cum = np.cumsum(self.rates, axis=1) / np.maximum(self._total, 1e-12)[:, None]
        self._epidemic_tables: tuple[np.ndarray, np.ndarray] | None = None

    def epidemic_tables(self) -> tuple[np.ndarray, np.ndarray]:
        """Total rate and cumulative category shares during an epidemic (made on first use)."""
        if self._epidemic_tables is None:
            rates = self.rates * self.epidemic
            total = rates.sum(axis=1)
            self._epidemic_tables = (
                total,
                np.cumsum(rates, axis=1) / np.maximum(total, 1e-12)[:, None],
            )
        return self._epidemic_tables

    def arise(
        self, rng: np.random.Generator, ledger: NeedLedger, step: int, epidemic: bool
    ) -> np.ndarray:
        """Draw this week's new needs; return their ledger indices (status still unset)."""
        total, cum = self.epidemic_tables() if epidemic else (self._total, self._cum)
        count = rng.poisson(total)
        who = np.repeat(np.arange(len(total)), count)
        u = rng.random(len(who))
        cat = (u[:, None] > cum[who]).sum(axis=1).astype(np.int8)
        cat = np.minimum(cat, len(NEED_CATEGORIES) - 1)
        return ledger.add(
            resident=who,
            category=cat,
            created=np.full(len(who), step),
            voiced_at=np.full(len(who), -1),
            status=np.full(len(who), HIDDEN),
            deadline=step + self.patience[cat],
            closed_at=np.full(len(who), -1),
            hours=self.hours[cat],
            handler=np.full(len(who), -1),
            taken=np.zeros(len(who)),
        )


def channel_reach(
    sc: Scenario, res: Residents, channel_coverage: np.ndarray, who: np.ndarray | None = None
) -> np.ndarray:
    """Chance, per resident (of ``who``, or all), that a channel carries a need they voice.

    Channels: the leaders and member contacts of their building, a grid worker, online,
    walking in. The leaders' channel reaches ``building_leader_reach × coverage_b``, where
    ``coverage_b`` (``World.channel_coverage``) is the share of the building's households
    its leaders and contacts look after. Independent channels combine as
    ``1 - Π(1 - reach)``.
    """
    ch = sc.channels
    age = res.age if who is None else res.age[who]
    building = res.building if who is None else res.building[who]
    online = np.choose(
        age, [ch.online_reach_youth, ch.online_reach_working_age, ch.online_reach_elderly]
    )
    walk = np.where(age == ELDERLY, ch.walk_in_reach_elderly, ch.walk_in_reach_others)
    leader = ch.building_leader_reach * channel_coverage[building]
    grid_worker = ch.grid_worker_reach * min(1.0, sc.community.grid_workers_per_grid)
    return 1.0 - (1.0 - online) * (1.0 - walk) * (1.0 - leader) * (1.0 - grid_worker)


def voice_probability(sc: Scenario, reach: np.ndarray, trust_rc: np.ndarray) -> np.ndarray:
    """Chance a need is voiced: a channel reaches the resident and they trust the RC enough."""
    ch = sc.channels
    return reach / (1.0 + np.exp(-ch.voice_trust_slope * (trust_rc - ch.voice_trust_threshold)))


class NeedsPhase:
    """Phase 1: needs arise; voiced through a channel if trusted, else hidden; discovery.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        self.process = NeedProcess(world.params, world.layout, world.residents)
        self.rng = world.streams["needs"]
        self.channel_rng = world.streams["channels"]

    def step(self, week: Week, mechanisms: Mechanisms) -> NeedsRecord:
        """Run the phase for this week and return its record."""
        w = self.world
        sc, res, led = w.params, w.residents, w.needs
        step = week.step
        new = self.process.arise(self.rng, led, step, week.conditions.epidemic)
        voicing = Voicing(led, step)
        who = led.resident[new]
        reach = channel_reach(sc, res, w.channel_coverage, who)
        p = voice_probability(sc, reach, res.trust_rc[who])
        voicing.voice(new[self.channel_rng.random(len(new)) < p])
        # Older hidden needs: voiced later after all, or found on patrol (巡查发现).
        hidden = led.open_with(HIDDEN)
        hidden = hidden[led.created[hidden] < step]
        u = self.channel_rng.random((2, len(hidden)))
        voicing.voice(hidden[u[0] < sc.channels.hidden_revoice_rate])
        found = hidden[u[1] < w.patrol_coverage[res.grid[led.resident[hidden]]]]
        discovered = voicing.voice(found)
        before = voicing.voiced
        mechanisms.needs(week, voicing)
        # Found by a mechanism (a meeting, a member's visit); not what residents posted.
        discovered += voicing.voiced - before - voicing.voiced_by_residents
        return NeedsRecord(raised=new, voiced=voicing.voiced, discovered=discovered)
