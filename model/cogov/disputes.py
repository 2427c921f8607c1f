"""Disputes (step 7): owner–firm and neighbour conflicts, mediation or escalation (信访).

Owner–firm disputes arise in compounds with a firm at ``owner_firm_rate × households ×
(1 − quality) × (1 + conflict)`` a week; neighbour disputes at ``neighbour_rate ×
households`` (more in old compounds). Each week open disputes may be settled, in order, by
the compound's OC (chance ``mediation_rate × activeness``), a building leader (neighbour
disputes), the RC's staff (as many as their mediation hours allow, oldest first), or a
mechanism (joint meetings). A dispute open for ``escalation_weeks`` escalates: the
compound's residents lose trust in the RC and the OC–firm conflict rises.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

if TYPE_CHECKING:
    from cogov.model import CommunityModel

OWNER_FIRM, NEIGHBOUR = 0, 1
OPEN, MEDIATED, ESCALATED = 0, 1, 2


class DisputeLedger:
    """Every dispute of the run: kind, compound, building, created, status, closed_at."""

    def __init__(self) -> None:
        self.kind = np.empty(0, dtype=np.int8)
        self.compound = np.empty(0, dtype=np.int32)
        self.building = np.empty(0, dtype=np.int32)
        self.created = np.empty(0, dtype=np.int32)
        self.status = np.empty(0, dtype=np.int8)
        self.closed_at = np.empty(0, dtype=np.int32)
        self.settled_by = np.empty(0, dtype=np.int8)  # 0 OC, 1 building leader, 2 RC, 3 meeting

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

    def settle(self, idx: np.ndarray, step: int, by: int) -> None:
        """Mark open disputes as mediated."""
        if np.any(self.status[idx] != OPEN):
            raise RuntimeError("a dispute was closed twice")
        self.status[idx] = MEDIATED
        self.closed_at[idx] = step
        self.settled_by[idx] = by


SETTLED_BY_OC, SETTLED_BY_LEADER, SETTLED_BY_RC, SETTLED_BY_MEETING = 0, 1, 2, 3


def arise(model: CommunityModel, rng: np.random.Generator) -> int:
    """Draw this week's new disputes; return how many."""
    dp = model.params.disputes
    layout = model.layout
    hh = layout.compound_households.astype(float)
    quality = np.zeros(layout.n_compounds)
    has_firm = model.firm_of_compound >= 0
    for firm in model.active_firms():
        quality[firm.compound] = firm.quality
    conflict = np.array(
        [
            model.oc_of_compound[c].conflict if c in model.oc_of_compound else 0.3
            for c in range(layout.n_compounds)
        ]
    )
    of_rate = dp.owner_firm_rate * hh * (1.0 - quality) * (1.0 + conflict) * has_firm
    old = layout.compound_kind == 1
    nb_rate = dp.neighbour_rate * hh * np.where(old, dp.old_compound_factor, 1.0)
    n_of = rng.poisson(of_rate)
    n_nb = rng.poisson(nb_rate)
    compound = np.r_[
        np.repeat(np.arange(layout.n_compounds), n_of),
        np.repeat(np.arange(layout.n_compounds), n_nb),
    ]
    kind = np.r_[np.full(n_of.sum(), OWNER_FIRM), np.full(n_nb.sum(), NEIGHBOUR)]
    # The building of a random resident of the compound.
    start = model.compound_bounds[compound]
    size = model.compound_bounds[compound + 1] - start
    member = model.compound_order[start + (rng.random(len(compound)) * size).astype(np.int64)]
    building = model.residents.building[member].astype(np.int32)
    model.disputes.add(kind, compound, building, model.steps)
    return len(kind)


def mediate_locally(model: CommunityModel, rc_hours: np.ndarray, rng: np.random.Generator) -> None:
    """Settlement by OCs, building leaders and RC staff (within ``rc_hours`` per community)."""
    dp = model.params.disputes
    led = model.disputes
    step = model.steps
    idx = led.open_indices()
    if len(idx) == 0:
        return
    act = np.zeros(model.layout.n_compounds)
    for c, oc in model.oc_of_compound.items():
        act[c] = oc.effective_activeness
    p_oc = model.params.owners_committees.mediation_rate * act[led.compound[idx]]
    by_oc = idx[rng.random(len(idx)) < p_oc]
    led.settle(by_oc, step, SETTLED_BY_OC)
    idx = led.open_indices()
    leader_b = model.leader_in_building[led.building[idx]]
    nb = (led.kind[idx] == NEIGHBOUR) & leader_b
    by_leader = idx[nb & (rng.random(len(idx)) < dp.building_leader_mediation)]
    led.settle(by_leader, step, SETTLED_BY_LEADER)
    idx = led.open_indices()
    if dp.rc_hours_per_dispute > 0 and len(idx):
        comm = model.layout.compound_community[led.compound[idx]]
        order = np.lexsort((led.created[idx], comm))
        idx_s, comm_s = idx[order], comm[order]
        rank = np.arange(len(idx_s)) - np.searchsorted(comm_s, comm_s)
        can = np.floor(rc_hours / dp.rc_hours_per_dispute).astype(np.int64)
        tried = idx_s[rank < can[comm_s]]
        used = (
            np.bincount(
                model.layout.compound_community[led.compound[tried]], minlength=len(rc_hours)
            )
            * dp.rc_hours_per_dispute
        )
        rc_hours -= used
        p_ok = np.where(
            led.kind[tried] == NEIGHBOUR, dp.rc_success_neighbour, dp.rc_success_owner_firm
        )
        led.settle(tried[rng.random(len(tried)) < p_ok], step, SETTLED_BY_RC)


def escalate(model: CommunityModel) -> int:
    """Escalate disputes open too long; return how many escalated this week."""
    dp = model.params.disputes
    led = model.disputes
    idx = led.open_indices()
    late = idx[model.steps - led.created[idx] >= dp.escalation_weeks]
    if len(late) == 0:
        return 0
    led.status[late] = ESCALATED
    led.closed_at[late] = model.steps
    per_compound = np.bincount(led.compound[late], minlength=model.layout.n_compounds)
    res = model.residents
    res.trust_rc -= dp.trust_loss_per_escalation * np.minimum(per_compound[res.compound], 3)
    np.clip(res.trust_rc, 0.0, 1.0, out=res.trust_rc)
    of = np.bincount(
        led.compound[late[led.kind[late] == OWNER_FIRM]], minlength=model.layout.n_compounds
    )
    for c, oc in model.oc_of_compound.items():
        oc.conflict = min(1.0, oc.conflict + dp.conflict_per_escalation * of[c])
    return len(late)


def decay_conflict(model: CommunityModel) -> None:
    """OC–firm conflict fades slowly, faster when disputes are mediated."""
    dp = model.params.disputes
    for oc in model.oc_of_compound.values():
        oc.conflict = max(0.0, oc.conflict * (1.0 - dp.conflict_decay))
