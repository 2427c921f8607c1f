"""Needs (群众点单): arising, voicing or staying hidden, discovery, and their ledger.

Every need is a row of the :class:`NeedLedger`. A need is *open* (hidden or voiced) until
it ends, exactly once, as *resolved* or *expired*; nothing is silently lost. Open needs are
kept in a compact index so that each week touches only them, not the whole history.
"""

from __future__ import annotations

import numpy as np

from cogov.params import NEED_CATEGORIES, Scenario
from cogov.population import COMPOUND_KINDS, ELDERLY, Layout, Residents

HIDDEN, VOICED, RESOLVED, EXPIRED = 0, 1, 2, 3
STATUS_NAMES = ("hidden", "voiced", "resolved", "expired")
OLD_COMPOUND = COMPOUND_KINDS.index("old_compound")


class NeedLedger:
    """Every need ever raised in the run, as growable parallel arrays.

    Fields per need: ``resident``, ``category``, ``created``, ``voiced_at`` (-1 while
    hidden), ``status``, ``deadline`` (last week it may still be met), ``closed_at``
    (-1 while open), ``hours`` of work it takes, ``handler`` (who resolved it, -1 if not).
    """

    FIELDS = {
        "resident": np.int32,
        "category": np.int8,
        "created": np.int32,
        "voiced_at": np.int32,
        "status": np.int8,
        "deadline": np.int32,
        "closed_at": np.int32,
        "hours": np.float32,
        "handler": np.int8,
    }

    def __init__(self, capacity: int = 1024):
        self.size = 0
        self._arrays = {k: np.empty(capacity, dtype=t) for k, t in self.FIELDS.items()}
        self.open_idx = np.empty(0, dtype=np.int64)

    def __getattr__(self, name: str) -> np.ndarray:
        arrays = self.__dict__.get("_arrays")
        if arrays is not None and name in arrays:
            return arrays[name][: self.size]
        raise AttributeError(name)

    def __len__(self) -> int:
        return self.size

    def add(self, **columns: np.ndarray) -> np.ndarray:
        """Append needs (one array per field) and return their indices."""
        m = len(columns["resident"])
        need = self.size + m
        cap = len(self._arrays["resident"])
        if need > cap:
            new_cap = max(need, 2 * cap)
            for key, arr in self._arrays.items():
                grown = np.empty(new_cap, dtype=arr.dtype)
                grown[: self.size] = arr[: self.size]
                self._arrays[key] = grown
        idx = np.arange(self.size, need)
        for key, arr in self._arrays.items():
            arr[self.size : need] = columns[key]
        self.size = need
        self.open_idx = np.concatenate((self.open_idx, idx))
        return idx

    def close(
        self, idx: np.ndarray, status: int, step: int, handler: np.ndarray | int = -1
    ) -> None:
        """End needs as RESOLVED or EXPIRED at ``step``; each need can end only once."""
        if len(idx) == 0:
            return
        st = self._arrays["status"]
        if np.any(st[idx] >= RESOLVED):
            raise RuntimeError("a need was closed twice")
        st[idx] = status
        self._arrays["closed_at"][idx] = step
        self._arrays["handler"][idx] = handler
        self.open_idx = self.open_idx[st[self.open_idx] < RESOLVED]

    def set(self, name: str, idx: np.ndarray, values: np.ndarray | int) -> None:
        """Set one field of some needs."""
        self._arrays[name][idx] = values

    def counts_by_status(self) -> dict[str, int]:
        """Return how many needs are in each state."""
        counts = np.bincount(self.status, minlength=4)
        return {name: int(c) for name, c in zip(STATUS_NAMES, counts, strict=True)}


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
        self._total_epi = (self.rates * self.epidemic).sum(axis=1)
        self._cum_epi = (
            np.cumsum(self.rates * self.epidemic, axis=1)
            / np.maximum(self._total_epi, 1e-12)[:, None]
        )

    def arise(
        self, rng: np.random.Generator, ledger: NeedLedger, step: int, epidemic: bool
    ) -> np.ndarray:
        """Draw this week's new needs; return their ledger indices (status still unset)."""
        total = self._total_epi if epidemic else self._total
        cum = self._cum_epi if epidemic else self._cum
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
        )


def channel_reach(sc: Scenario, res: Residents, leader_in_building: np.ndarray) -> np.ndarray:
    """Chance, per resident, that at least one channel carries a need they want to voice.

    Channels: their building's leader (if the building has one), a grid worker, online,
    walking in. Independent channels combine as ``1 - Π(1 - reach)``.
    """
    ch = sc.channels
    online = np.choose(
        res.age, [ch.online_reach_youth, ch.online_reach_working_age, ch.online_reach_elderly]
    )
    walk = np.where(res.age == ELDERLY, ch.walk_in_reach_elderly, ch.walk_in_reach_others)
    leader = ch.building_leader_reach * leader_in_building[res.building]
    grid_worker = ch.grid_worker_reach * min(1.0, sc.community.grid_workers_per_grid)
    return 1.0 - (1.0 - online) * (1.0 - walk) * (1.0 - leader) * (1.0 - grid_worker)


def voice_probability(sc: Scenario, reach: np.ndarray, trust_rc: np.ndarray) -> np.ndarray:
    """Chance a need is voiced: a channel reaches the resident and they trust the RC enough."""
    ch = sc.channels
    return reach / (1.0 + np.exp(-ch.voice_trust_slope * (trust_rc - ch.voice_trust_threshold)))
