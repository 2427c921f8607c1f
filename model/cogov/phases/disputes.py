"""Phase 7, disputes: owner–firm and neighbour conflicts, mediation or escalation (信访).

Owner–firm disputes arise in compounds with a firm at ``owner_firm_rate × households ×
(1 − quality) × (1 + conflict)`` a week; neighbour disputes at ``neighbour_rate ×
households`` (more in old compounds). Each week open disputes may be settled, in order, by
the compound's OC (chance ``mediation_rate × activeness``), a building leader (neighbour
disputes), the RC's staff (as many as their mediation hours allow, oldest first), or a
mechanism (``disputes`` hook, on a :class:`cogov.week.Mediation`: joint meetings). A
dispute open for ``escalation_weeks`` escalates: the compound's residents lose trust in
the RC and the OC–firm conflict rises.

Reads: firms' quality, OCs, leaders, the RC's mediation hours (from services). Writes:
the dispute ledger, residents' trust after escalations, OCs' conflict. Stream: ``disputes``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

import numpy as np

from cogov.ledgers import MEDIATED, NEIGHBOUR, OWNER_FIRM, SettledBy
from cogov.week import DisputesRecord, Mediation, Week
from cogov.world import World

if TYPE_CHECKING:
    from cogov.mechanisms.base import Mechanisms


class DisputesPhase:
    """Phase 7: disputes arise; OCs, leaders, RC staff or meetings settle them, or not.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        self.rng = world.streams["disputes"]
        #: Disputes escalated between weeks (a role-play decision), counted with this week's.
        self.escalated_outside = 0

    def step(self, week: Week, mechanisms: Mechanisms) -> DisputesRecord:
        """Run the phase for this week and return its record."""
        led = self.world.disputes
        n_before = led.count(MEDIATED)
        arising = self.arise(week.step)
        rc_hours = week.services.rc_mediation_hours.copy()
        self.mediate_locally(rc_hours, week.step)
        mechanisms.disputes(week, Mediation(led, rc_hours, week.step))
        escalated = self.escalate(week.step) + self.escalated_outside
        self.escalated_outside = 0
        mediated = led.count(MEDIATED) - n_before
        self.decay_conflict()
        return DisputesRecord(arising=arising, mediated=mediated, escalated=escalated)

    def arise(self, step: int) -> int:
        """Draw this week's new disputes; return how many."""
        w = self.world
        dp = w.params.disputes
        layout = w.layout
        sector = w.property
        rng = self.rng
        hh = layout.compound_households.astype(float)
        quality = np.zeros(layout.n_compounds)
        has_firm = sector.firm_of_compound >= 0
        for firm in sector.active_firms():
            quality[firm.compound] = firm.quality
        conflict = np.array(
            [
                sector.oc_of_compound[c].conflict
                if c in sector.oc_of_compound
                else dp.conflict_without_oc
                for c in range(layout.n_compounds)
            ]
        )
        of_rate = dp.owner_firm_rate * hh * (1.0 - quality) * (1.0 + conflict) * has_firm
        old = layout.compound_kind == 1
        nb_rate = dp.neighbour_rate * hh * np.where(old, dp.old_compound_factor, 1.0)
        n_of = rng.poisson(of_rate)
        n_nb = rng.poisson(nb_rate)
        compound = np.concatenate(
            (
                np.repeat(np.arange(layout.n_compounds), n_of),
                np.repeat(np.arange(layout.n_compounds), n_nb),
            )
        )
        kind = np.concatenate((np.full(n_of.sum(), OWNER_FIRM), np.full(n_nb.sum(), NEIGHBOUR)))
        # The building of a random resident of the compound.
        start = w.compound_bounds[compound]
        size = w.compound_bounds[compound + 1] - start
        member = w.compound_order[start + (rng.random(len(compound)) * size).astype(np.int64)]
        building = w.residents.building[member].astype(np.int32)
        w.disputes.add(kind, compound, building, step)
        return len(kind)

    def mediate_locally(self, rc_hours: np.ndarray, step: int) -> None:
        """Settlement by OCs, building leaders and RC staff (within ``rc_hours`` per community)."""
        w = self.world
        dp = w.params.disputes
        led = w.disputes
        rng = self.rng
        idx = led.open_indices()
        if len(idx) == 0:
            return
        act = w.property.oc_activeness()
        p_oc = w.params.owners_committees.mediation_rate * act[led.compound[idx]]
        by_oc = idx[rng.random(len(idx)) < p_oc]
        led.settle(by_oc, step, SettledBy.OC)
        idx = led.open_indices()
        # Leaders settle neighbour disputes in the part of the building they look after.
        p_leader = dp.building_leader_mediation * w.leader_coverage[led.building[idx]]
        nb = led.kind[idx] == NEIGHBOUR
        by_leader = idx[nb & (rng.random(len(idx)) < p_leader)]
        led.settle(by_leader, step, SettledBy.BUILDING_LEADER)
        idx = led.open_indices()
        if dp.rc_hours_per_dispute > 0 and len(idx):
            community_of = w.layout.compound_community
            comm = community_of[led.compound[idx]]
            order = np.lexsort((led.created[idx], comm))
            idx_s, comm_s = idx[order], comm[order]
            rank = np.arange(len(idx_s)) - np.searchsorted(comm_s, comm_s)
            can = np.floor(rc_hours / dp.rc_hours_per_dispute).astype(np.int64)
            tried = idx_s[rank < can[comm_s]]
            used = (
                np.bincount(community_of[led.compound[tried]], minlength=len(rc_hours))
                * dp.rc_hours_per_dispute
            )
            rc_hours -= used
            p_ok = np.where(
                led.kind[tried] == NEIGHBOUR, dp.rc_success_neighbour, dp.rc_success_owner_firm
            )
            led.settle(tried[rng.random(len(tried)) < p_ok], step, SettledBy.RC)

    def escalate(self, step: int) -> int:
        """Escalate disputes open too long; return how many escalated this week."""
        w = self.world
        dp = w.params.disputes
        led = w.disputes
        idx = led.open_indices()
        late = idx[step - led.created[idx] >= dp.escalation_weeks]
        if len(late) == 0:
            return 0
        led.escalate(late, step)
        n_compounds = w.layout.n_compounds
        per_compound = np.bincount(led.compound[late], minlength=n_compounds)
        res = w.residents
        res.trust_rc -= dp.trust_loss_per_escalation * np.minimum(
            per_compound[res.compound], dp.max_escalations_felt
        )
        np.clip(res.trust_rc, 0.0, 1.0, out=res.trust_rc)
        of = np.bincount(led.compound[late[led.kind[late] == OWNER_FIRM]], minlength=n_compounds)
        for c, oc in w.property.oc_of_compound.items():
            oc.conflict = min(1.0, oc.conflict + dp.conflict_per_escalation * of[c])
        return len(late)

    def decay_conflict(self) -> None:
        """OC–firm conflict fades slowly."""
        dp = self.world.params.disputes
        for oc in self.world.property.oc_of_compound.values():
            oc.conflict = max(0.0, oc.conflict * (1.0 - dp.conflict_decay))
