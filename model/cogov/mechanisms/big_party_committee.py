"""The big party committee (大党委) with three-party linkage (三方联动).

Field practice: the community party organisation co-opts, as part-time members, party
members from the property firms, the owners' committees, paired units, the community
police and social organisations (Shanghai "1+6" reform; Xiaochang's RC–OC–firm "three-party
linkage" under the community party organisation). They meet in joint meetings (联席会议)
at a set frequency; RC members may sit on an OC and act for a failing one.

Causal pathway (state changed, never an outcome):

1. *Joint meetings* every ``meeting_interval_weeks`` weeks (week ``t`` with
   ``t mod k = 0``), one per community, each costing ``meeting_cost_yuan``
   (``spending_meetings_yuan``). A meeting is paid in full or not held: a community whose
   budget cannot pay for it holds none that week (``shortfall_meetings_yuan``), and a
   meeting not held settles no dispute and raises no need (:mod:`cogov.money`).
2. *Disputes resolved instead of escalating* (phase 7, after the OC, building leaders and
   RC staff have tried, before escalation): a meeting takes up to ``issues_per_meeting``
   open disputes, owner–firm disputes first (if firms are co-opted), then neighbour
   disputes (if the police or social organisations are), oldest first; each is settled
   with chance ``meeting_success`` (``mediation.ledger.settle(..., SettledBy.MEETING)``).
   Fewer escalations mean less trust lost and less OC–firm conflict, hence fewer new
   owner–firm disputes.
3. *Information flow*: at a meeting, each hidden need that a co-opted organisation knows
   of is raised with chance ``information_flow`` (``voicing.voice``): firms know
   property needs (repairs, environment) in the compounds they serve, OCs every need in
   their compound, the police safety needs, social organisations elder-care needs and
   micro-wishes.
4. *Pooled resources*: each co-opted paired unit pools ``pooled_hours_per_unit`` hours a
   week into the units' pool of the supply list (the policy lists units).
5. *RC acting for a failing OC*: non-functional OCs are acted for by RC members
   (``OwnersCommittee.acted_for_by_rc``): they mediate, press the firm and can hire a
   replacement firm. It takes ``rc_hours_per_acted_oc`` staff hours a week per such OC out
   of the RC's hours on the supply list (the RC's time then missing elsewhere).
6. *Pressure on firms*: co-opted firms feel ``firm_pressure`` more pressure
   (``world.property.extra_pressure``), so their effort and quality rise.

Parameters (``[mechanisms.big_party_committee]``, see
:class:`cogov.params.BigPartyCommitteeParams`): which organisations are co-opted
(``coopt_property_firms``, ``coopt_owners_committees``, ``coopt_paired_units``,
``coopt_police``, ``coopt_social_organisations``), ``meeting_interval_weeks`` (weeks,
1–52), ``issues_per_meeting`` (0–200),
``meeting_success`` (0–1), ``meeting_cost_yuan`` (yuan, 0–10⁵),
``pooled_hours_per_unit`` (h/week, 0–100), ``information_flow`` (0–1),
``rc_acts_for_failing_oc``, ``rc_hours_per_acted_oc`` (h/week, 0–40),
``firm_pressure`` (0–1).
"""

from __future__ import annotations

from dataclasses import replace

import numpy as np

from cogov.ledgers import NEIGHBOUR, OWNER_FIRM, SettledBy
from cogov.mechanisms.base import Mechanism
from cogov.money import Money, Spending
from cogov.params import BigPartyCommitteeParams
from cogov.week import DispatchPlan, Mediation, Voicing, Week


class BigPartyCommittee(Mechanism):
    """Joint meetings of the community party organisation with firms, OCs, units and others."""

    name = "big_party_committee"
    params_model = BigPartyCommitteeParams
    columns = ("meetings_held", "disputes_settled_by_meeting")
    writes = (
        "world.property.extra_pressure",
        "world.property firms' red",
        "world.property OCs' acted_for_by_rc",
        "voicing",
        "plan.policy",
        "plan.supply",
        "mediation",
        "money",
    )

    def setup(self) -> None:
        """Co-opt the organisations: RC acts for failing OCs, firms feel more pressure."""
        p: BigPartyCommitteeParams = self.params
        world = self.world
        sector = world.property
        if p.coopt_owners_committees and p.rc_acts_for_failing_oc:
            for oc in sector.oc_of_compound.values():
                if not oc.functional:
                    oc.acted_for_by_rc = True
        if p.coopt_property_firms:
            sector.extra_pressure += p.firm_pressure
            self._coopt_firms()
        units = np.bincount(
            [u.community for u in world.paired_units], minlength=world.n_communities
        )
        self.pooled_hours = units * p.pooled_hours_per_unit * p.coopt_paired_units
        # Which need categories the police and social organisations know of.
        cats = world.params.needs.categories()
        known = np.zeros(len(cats), dtype=bool)
        if p.coopt_police:
            known |= np.array([c.known_to_police for c in cats])
        if p.coopt_social_organisations:
            known |= np.array([c.known_to_social_organisations for c in cats])
        self.known_everywhere = known
        self.property_category = np.array(
            [c.property_service for c in world.params.needs.categories()]
        )
        self._settled = 0
        #: Per community, True when its joint meeting is held (and paid) this week.
        self._held = np.zeros(world.n_communities, dtype=bool)

    def stop(self, step: int) -> bool:
        """Switched off: the co-opted organisations stop sitting together.

        The RC no longer acts for the OCs it acted for; firms are no longer red property
        and feel no added pressure.
        """
        p: BigPartyCommitteeParams = self.params
        sector = self.world.property
        for oc in sector.oc_of_compound.values():
            oc.acted_for_by_rc = False  # only this committee sets it
        if p.coopt_property_firms:
            sector.extra_pressure -= p.firm_pressure
            for firm in sector.active_firms():
                firm.red = False
        return False

    def _coopt_firms(self) -> None:
        """Firms' party members sit on the committee: they become "red property" (红色物业)."""
        for firm in self.world.property.active_firms():
            firm.red = True

    def week_start(self, week: Week, money: Money) -> None:
        """Decide whether this is a meeting week; a meeting is held only where it is paid."""
        p: BigPartyCommitteeParams = self.params
        self._settled = 0
        if p.coopt_property_firms:
            self._coopt_firms()  # a firm hired after an exit joins too
        self._held[:] = week.step % p.meeting_interval_weeks == 0
        if self._held.any() and p.meeting_cost_yuan > 0:
            for c in range(self.world.n_communities):
                paid = money.spend(c, Spending.MEETINGS, p.meeting_cost_yuan)
                self._held[c] = paid > 0  # all or nothing: unpaid, not held

    def needs(self, week: Week, voicing: Voicing) -> None:
        """At a meeting, co-opted organisations raise hidden needs they know of."""
        p: BigPartyCommitteeParams = self.params
        if not self._held.any() or p.information_flow <= 0:
            return
        world = self.world
        led = world.needs
        hidden = voicing.hidden()
        if not self._held.all():
            hidden = hidden[self._held[world.residents.community[led.resident[hidden]]]]
        if len(hidden) == 0:
            return
        cat = led.category[hidden]
        compound = world.residents.compound[led.resident[hidden]]
        known = self.known_everywhere[cat]
        sector = world.property
        if p.coopt_property_firms:
            known |= self.property_category[cat] & (sector.firm_of_compound[compound] >= 0)
        if p.coopt_owners_committees:
            with_oc = np.zeros(world.layout.n_compounds, dtype=bool)
            for c, oc in sector.oc_of_compound.items():
                with_oc[c] = oc.functional or oc.acted_for_by_rc
            known |= with_oc[compound]
        raised = known & (self.rng.random(len(hidden)) < p.information_flow)
        voicing.voice(hidden[raised])

    def dispatch_policy(self, week: Week, plan: DispatchPlan) -> None:
        """Pooled unit resources are on the supply list."""
        if plan.policy.use_units or not self.pooled_hours.any():
            return
        plan.policy = replace(plan.policy, use_units=True)

    def dispatch_supply(self, week: Week, plan: DispatchPlan) -> None:
        """Co-opted units pool hours into the supply list; acting for OCs takes RC hours."""
        plan.supply.units += self.pooled_hours
        hours = self.params.rc_hours_per_acted_oc
        if hours > 0:
            sector, community_of = self.world.property, self.world.layout.compound_community
            acted = np.zeros(self.world.n_communities)
            for compound, oc in sector.oc_of_compound.items():
                if oc.acted_for_by_rc and not oc.functional:
                    acted[community_of[compound]] += hours
            rc = plan.supply.rc
            np.subtract(rc, np.minimum(rc, acted), out=rc)

    def disputes(self, week: Week, mediation: Mediation) -> None:
        """A joint meeting takes up open cross-organisation disputes before they escalate."""
        p: BigPartyCommitteeParams = self.params
        if not self._held.any() or p.issues_per_meeting == 0:
            return
        led = mediation.ledger
        idx = led.open_indices()
        if not self._held.all():
            idx = idx[self._held[self.world.layout.compound_community[led.compound[idx]]]]
        kind = led.kind[idx]
        eligible = np.zeros(len(idx), dtype=bool)
        if p.coopt_property_firms:
            eligible |= kind == OWNER_FIRM
        if p.coopt_police or p.coopt_social_organisations:
            eligible |= kind == NEIGHBOUR
        idx = idx[eligible]
        if len(idx) == 0:
            return
        comm = self.world.layout.compound_community[led.compound[idx]]
        # Per community: owner–firm disputes first, then the oldest.
        order = np.lexsort((led.created[idx], led.kind[idx] != OWNER_FIRM, comm))
        idx_s, comm_s = idx[order], comm[order]
        rank = np.arange(len(idx_s)) - np.searchsorted(comm_s, comm_s)
        taken = idx_s[rank < p.issues_per_meeting]
        settled = taken[self.rng.random(len(taken)) < p.meeting_success]
        led.settle(settled, mediation.step, SettledBy.MEETING)
        self._settled = len(settled)

    def measure(self, week: Week, row: dict[str, float]) -> None:
        """Meetings held and disputes they settled this week."""
        row["meetings_held"] = float(self._held.sum())
        row["disputes_settled_by_meeting"] = float(self._settled)
