"""The ledgers of the run: every need and every dispute, each a row of growable arrays.

A ledger owns its arrays; only its methods write them, and each guards its invariant: a
need or a dispute ends exactly once. Statuses are enums (``IntEnum``, so the arrays stay
small integers and compare with them directly).
"""

from __future__ import annotations

from enum import IntEnum

import numpy as np


class NeedStatus(IntEnum):
    """Where a need stands: open (hidden or voiced) until it ends, resolved or expired."""

    HIDDEN = 0
    VOICED = 1
    RESOLVED = 2
    EXPIRED = 3


HIDDEN, VOICED, RESOLVED, EXPIRED = NeedStatus
STATUS_NAMES = tuple(s.name.lower() for s in NeedStatus)


class NeedLedger:
    """Every need ever raised in the run, as growable parallel arrays.

    Fields per need: ``resident``, ``category``, ``created``, ``voiced_at`` (-1 while
    hidden), ``status`` (:class:`NeedStatus`), ``deadline`` (last week it may still be
    met), ``closed_at`` (-1 while open), ``hours`` of work it takes, ``handler`` (who
    resolved it, -1 if not), ``taken`` (how many times a supplier took it on). A need that
    expires voiced and never taken went unmet for lack of a supplier; one that expires
    hidden went unmet for lack of voice. Open needs are kept in a compact index (``open_idx``) so
    that each week touches only them, not the whole history.
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
        "taken": np.int16,
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

    def open_with(self, status: NeedStatus) -> np.ndarray:
        """Indices of the open needs with this status (HIDDEN or VOICED)."""
        return self.open_idx[self.status[self.open_idx] == status]

    def voice(self, idx: np.ndarray, step: int) -> np.ndarray:
        """Voice those of ``idx`` that are still hidden; return the ones voiced now."""
        idx = idx[self.status[idx] == HIDDEN]
        self._arrays["status"][idx] = VOICED
        self._arrays["voiced_at"][idx] = step
        return idx

    def mark_taken(self, idx: np.ndarray) -> None:
        """Count that a supplier took these needs on this week (resolved or not)."""
        self._arrays["taken"][idx] += 1

    def close(
        self, idx: np.ndarray, status: NeedStatus, step: int, handler: np.ndarray | int = -1
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

    def counts_by_status(self) -> dict[str, int]:
        """Return how many needs are in each state."""
        counts = np.bincount(self.status, minlength=len(NeedStatus))
        return {name: int(c) for name, c in zip(STATUS_NAMES, counts, strict=True)}


class DisputeKind(IntEnum):
    """Between owners and their property firm, or among neighbours."""

    OWNER_FIRM = 0
    NEIGHBOUR = 1


class DisputeStatus(IntEnum):
    """Open until mediated or escalated (信访)."""

    OPEN = 0
    MEDIATED = 1
    ESCALATED = 2


class SettledBy(IntEnum):
    """Who settled a mediated dispute."""

    OC = 0
    BUILDING_LEADER = 1
    RC = 2
    MEETING = 3
    SUPERVISION = 4  # the village affairs supervision committee (村务监督委员会)


OWNER_FIRM, NEIGHBOUR = DisputeKind
OPEN, MEDIATED, ESCALATED = DisputeStatus


class DisputeLedger:
    """Every dispute of the run: kind, compound, building, created, status, closed, settled by."""

    def __init__(self) -> None:
        self.kind = np.empty(0, dtype=np.int8)
        self.compound = np.empty(0, dtype=np.int32)
        self.building = np.empty(0, dtype=np.int32)
        self.created = np.empty(0, dtype=np.int32)
        self.status = np.empty(0, dtype=np.int8)
        self.closed_at = np.empty(0, dtype=np.int32)
        self.settled_by = np.empty(0, dtype=np.int8)

    def __len__(self) -> int:
        return len(self.kind)

    def add(self, kind: np.ndarray, compound: np.ndarray, building: np.ndarray, step: int) -> None:
        """Append new open disputes."""
        m = len(kind)
        self.kind = np.concatenate((self.kind, kind.astype(np.int8)))
        self.compound = np.concatenate((self.compound, compound.astype(np.int32)))
        self.building = np.concatenate((self.building, building.astype(np.int32)))
        self.created = np.concatenate((self.created, np.full(m, step, dtype=np.int32)))
        self.status = np.concatenate((self.status, np.zeros(m, dtype=np.int8)))
        self.closed_at = np.concatenate((self.closed_at, np.full(m, -1, dtype=np.int32)))
        self.settled_by = np.concatenate((self.settled_by, np.full(m, -1, dtype=np.int8)))

    def open_indices(self) -> np.ndarray:
        """Indices of disputes still open."""
        return np.flatnonzero(self.status == OPEN)

    def count(self, status: DisputeStatus) -> int:
        """How many disputes have this status."""
        return int((self.status == status).sum())

    def settle(self, idx: np.ndarray, step: int, by: SettledBy) -> None:
        """Mark open disputes as mediated."""
        if np.any(self.status[idx] != OPEN):
            raise RuntimeError("a dispute was closed twice")
        self.status[idx] = MEDIATED
        self.closed_at[idx] = step
        self.settled_by[idx] = by

    def escalate(self, idx: np.ndarray, step: int) -> None:
        """Mark open disputes as escalated."""
        if np.any(self.status[idx] != OPEN):
            raise RuntimeError("a dispute was closed twice")
        self.status[idx] = ESCALATED
        self.closed_at[idx] = step
