"""Phase 6, property services and fees: the fee-strike / service-decline spiral, exits, hires.

Each week a household served by a firm pays its fee with chance
``pay_ceiling · σ(pay_slope · (satisfaction − pay_threshold) − pay_fee_weight · r)`` (its
members' mean satisfaction; ``r = (fee − contract fee) / contract fee``, the fee due against
the fee agreed when its compound's firm was hired, so ``r = 0`` and the term vanishes while
the fee is the one a scenario starts with; a fee raised later costs payment, a fee cut
gains it). Where the compound's working owners' committee runs a collection drive
(业委会催缴物业费), its members' hours remind households that would not pay: the drive
reaches ``hours / reminder_hours_per_household`` of them (the expected non-payers, at most
all), and a reminded one pays with chance ``reminder_success``, so the compound's chance of
paying becomes ``p + (pay_ceiling − p) · reach · reminder_success`` (the share above the
ceiling never pays, reminded or not), drawn from the same uniform numbers (no other draw
changes). No source says a drive strains satisfaction or trust, so it does not; its cost is
the members' hours for orders (:meth:`cogov.agents.OwnersCommittee.set_collection_drive`).
Firms set effort from what income allows plus pressure from the OC and the RC; quality
follows effort; satisfaction follows quality (see adaptation). Low collection → low effort →
low quality → low satisfaction → low collection. A firm whose
income stays below the exit threshold leaves; a functional OC hires a new firm after a
while, otherwise the compound is unmanaged and its property needs fall on the RC.

Reads: residents' satisfaction, firms' contract fees, OCs (and their collection drives),
fee strikes (households of a striking compound pay nothing, reminded or not). Writes: the
property sector (firms' income, effort, quality; exits and hires; OCs' weeks of low
satisfaction). Stream: ``fees``; the firm-exit shock draws from ``shocks``.
"""

from __future__ import annotations

import numpy as np

from cogov.agents import OwnersCommittee, PropertyFirm
from cogov.week import PropertyRecord, Week
from cogov.world import World


class PropertyPhase:
    """Phase 6: fees, firm effort and quality, exits and replacements.

    Args:
        world: the community's state.
    """

    def __init__(self, world: World):
        self.world = world
        self.rng = world.streams["fees"]
        self.shock_rng = world.streams["shocks"]
        layout = world.layout
        #: Compound of each household (the layout never changes).
        self.household_compound = layout.building_compound[layout.household_building]

    def household_satisfaction(self) -> np.ndarray:
        """Mean satisfaction of each household's members."""
        w = self.world
        res = w.residents
        total = np.bincount(
            res.household, weights=res.satisfaction, minlength=w.layout.n_households
        )
        return total / np.maximum(w.household_sizes, 1)

    def step(self, week: Week) -> PropertyRecord:
        """Collect fees, settle every active firm's week, and handle exits and replacements."""
        w = self.world
        fp = w.params.firms
        layout = w.layout
        sector = w.property
        hh_compound = self.household_compound
        served = sector.firm_of_compound[hh_compound] >= 0
        sat = self.household_satisfaction()
        fee_shift = self.fee_shift()
        if fee_shift is None:
            p_pay = fp.pay_ceiling / (1.0 + np.exp(-fp.pay_slope * (sat - fp.pay_threshold)))
        else:  # −logit = −slope·(sat − threshold) + weight·r
            p_pay = fp.pay_ceiling / (
                1.0 + np.exp(-fp.pay_slope * (sat - fp.pay_threshold) + fee_shift[hh_compound])
            )
        self.remind(p_pay, served)
        pays = served & (self.rng.random(layout.n_households) < p_pay)
        if sector.fee_strike.any():  # striking households withhold their fees (same draws)
            pays &= ~sector.fee_strike[hh_compound]
        paying = np.bincount(hh_compound[pays], minlength=layout.n_compounds)
        due = np.bincount(hh_compound[served], minlength=layout.n_compounds)
        exits = 0
        for firm in list(sector.active_firms()):
            oc = sector.oc_of_compound.get(firm.compound)
            pressure = fp.rc_pressure + (oc.pressure_on_firm() if oc else 0.0)
            pressure += sector.extra_pressure[firm.compound]
            firm.settle_week(int(paying[firm.compound]), min(1.0, pressure))
            if firm.wants_to_exit() or self._voted_out(firm, oc):
                sector.leave(firm, week.step)
                exits += 1
        self._hire_replacements(week.step)
        return PropertyRecord(
            fees_due_households=float(due.sum()),
            fees_paid_households=float(paying.sum()),
            firm_exits=exits,
        )

    def fee_shift(self) -> np.ndarray | None:
        """Per compound, ``pay_fee_weight · r`` (None when no firm's fee differs from its contract).

        ``r = (fee − contract fee) / contract fee`` for the compound's firm, 0 where none.
        """
        w = self.world
        fp = w.params.firms
        fee = fp.fee_yuan_per_household_week
        firms = [f for f in w.property.active_firms() if f.contract_fee != fee]
        if not firms or fp.pay_fee_weight == 0.0:
            return None
        shift = np.zeros(w.layout.n_compounds)
        for f in firms:
            rel = (fee - f.contract_fee) / f.contract_fee if f.contract_fee > 0 else 0.0
            shift[f.compound] = fp.pay_fee_weight * rel
        return shift

    def remind(self, p_pay: np.ndarray, served: np.ndarray) -> None:
        """Raise ``p_pay`` in place where a working OC's collection drive reaches households.

        The drive's hours remind ``hours / reminder_hours_per_household`` households, aimed
        at those that would not pay but could (their expected number, ``Σ (pay_ceiling − p)``
        over the compound's served households); a reminded one pays with chance
        ``reminder_success``.
        """
        w = self.world
        op = w.params.owners_committees
        ceiling = w.params.firms.pay_ceiling
        for c, oc in w.property.oc_of_compound.items():
            hours = oc.collection_hours()
            if hours <= 0.0 or w.property.firm_of_compound[c] < 0:
                continue
            mine = served & (self.household_compound == c)
            gap = np.maximum(0.0, ceiling - p_pay[mine])
            behind = float(gap.sum())
            if behind <= 0.0:
                continue
            reach = min(1.0, hours / op.reminder_hours_per_household / behind)
            p_pay[mine] += gap * reach * op.reminder_success

    def _voted_out(self, firm: PropertyFirm, oc: OwnersCommittee | None) -> bool:
        """A functional OC votes a firm out after 12 weeks of very low owner satisfaction."""
        if oc is None or not (oc.functional or oc.acted_for_by_rc):
            return False
        w = self.world
        mine = w.residents_of_compound[firm.compound]
        if (
            float(w.residents.satisfaction[mine].mean())
            < w.params.owners_committees.replace_satisfaction
        ):
            oc.low_satisfaction_weeks += 1
        else:
            oc.low_satisfaction_weeks = 0
        return oc.low_satisfaction_weeks >= w.params.owners_committees.vote_out_weeks

    def force_exit(self, share: float, step: int) -> int:
        """Make a share of the active firms leave now (the firm-exit shock); return how many."""
        sector = self.world.property
        firms = list(sector.active_firms())
        n = round(share * len(firms))
        for i in sorted(self.shock_rng.choice(len(firms), size=n, replace=False)) if n else []:
            sector.leave(firms[i], step)
        return n

    def _hire_replacements(self, step: int) -> None:
        """Compounds whose OC works (or is acted for by the RC) hire a firm after a delay."""
        sector = self.world.property
        delay = self.world.params.firms.replacement_weeks
        for compound, since in list(sector.unmanaged_since.items()):
            oc = sector.oc_of_compound.get(compound)
            if oc is None or not (oc.functional or oc.acted_for_by_rc):
                continue
            if step - since >= delay:
                sector.hire(compound)
                del sector.unmanaged_since[compound]
